package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GemmShapeTest {

  /** SM counts of the catalogue's accelerators and none (no wave quantization). */
  private static final int[] COMPUTE_UNITS = {0, 20, 58, 78, 80, 84, 104, 108, 114, 120, 132, 142, 148, 160};

  /** Weight shapes of the served models (per GPU at several tensor-parallel degrees) and of the tests. */
  private static final double[][] SHAPES = {
    {1536, 7168}, {24576, 1536}, {576, 7168}, {32768, 512}, {7168, 16384}, {18432, 7168}, {7168, 2048},
    {6144, 4096}, {4096, 4096}, {28672, 4096}, {4096, 14336}, {128256, 4096}, {16032, 7168}, {2112, 7168},
    {64, 64}, {256, 8192}, {512, 8192}, {1024, 16384}, {1, 1}, {100, 3}, {257, 255}, {7168, 256}, {96, 96},
  };

  @Test
  void utilizationIsExactlyGemmTilesUtilization() {
    Random random = new Random(13);
    for (int sms : COMPUTE_UNITS) {
      for (double[] nk : SHAPES) {
        GemmShape shape = new GemmShape(nk[0], nk[1], sms);
        for (int m = 1; m <= 1100; m++) {
          assertSame(shape.utilization(m), GemmTiles.utilization(m, nk[0], nk[1], 1, sms), m, nk, sms);
        }
        for (int i = 0; i < 300; i++) {
          double m = i % 2 == 0 ? 0.01 + 300 * random.nextDouble() : Math.exp(15 * random.nextDouble());
          assertSame(shape.utilization(m), GemmTiles.utilization(m, nk[0], nk[1], 1, sms), m, nk, sms);
        }
      }
    }
  }

  @Test
  void randomShapesAreExactlyGemmTilesUtilization() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      double n = 1 + random.nextInt(40_000);
      double k = 1 + random.nextInt(20_000);
      int sms = COMPUTE_UNITS[random.nextInt(COMPUTE_UNITS.length)];
      GemmShape shape = new GemmShape(n, k, sms);
      for (int j = 0; j < 5; j++) {
        double m = j < 3 ? 1 + random.nextInt(300) : Math.exp(12 * random.nextDouble());
        assertSame(shape.utilization(m), GemmTiles.utilization(m, n, k, 1, sms), m, new double[] {n, k}, sms);
      }
    }
  }

  @Test
  void groupedUtilizationIsExactlyGemmTilesUtilization() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      double n = 1 + random.nextInt(8_000);
      double k = 1 + random.nextInt(8_000);
      int sms = COMPUTE_UNITS[random.nextInt(COMPUTE_UNITS.length)];
      int granule = i % 3 == 0 ? GemmTiles.TOKEN_GRANULE : GemmTiles.EXPERT_TOKEN_TILE;
      double groups = i % 4 == 0 ? 1 : 256 * random.nextDouble();
      double m = Math.max(1, Math.exp(10 * random.nextDouble()));
      GemmShape shape = new GemmShape(n, k, sms);
      assertSame(shape.utilization(m, groups, granule), GemmTiles.utilization(m, n, k, groups, sms, granule), m,
          new double[] {n, k}, sms);
    }
  }

  @Test
  void badShapesAreNamed() {
    assertThatThrownBy(() -> new GemmShape(0, 4096, 132)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n").hasMessageContaining("0.0");
    assertThatThrownBy(() -> new GemmShape(4096, Double.NaN, 132)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k").hasMessageContaining("NaN");
    assertThatThrownBy(() -> new GemmShape(4096, 4096, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("computeUnits").hasMessageContaining("-1");
  }

  private static void assertSame(double actual, double expected, double m, double[] nk, int sms) {
    assertThat(Double.doubleToRawLongBits(actual))
        .as("m %s n %s k %s on %d SMs: %s versus %s", m, nk[0], nk[1], sms, actual, expected)
        .isEqualTo(Double.doubleToRawLongBits(expected));
  }
}
