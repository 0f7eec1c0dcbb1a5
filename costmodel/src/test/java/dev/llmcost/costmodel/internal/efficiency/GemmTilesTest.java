package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GemmTilesTest {

  /** H800 SXM: 132 SMs; FP8 dense peak 1,979 TFLOP/s; DeepGEMM's best large shape 76.8% of it. */
  private static final int H800_SMS = 132;

  private static final double DEEPGEMM_LARGE = 1979 * 0.768;

  /**
   * DeepGEMM's normal FP8 GEMMs on an H800 (README "Performance", commit 327ec92, rows of {@code
   * gemm.csv}) whose rate the tiles bound: 64 × 128 tiles without split-K; the prediction is the
   * large-shape rate times the useful share of the tiles, within 15%.
   */
  @ParameterizedTest(name = "m {0} n {1}: {4} TFLOP/s")
  @CsvSource({
    // m, n, tm, tn, measured TFLOP/s
    "64, 2112, 64, 128, 206",
    "128, 2112, 64, 128, 352",
    "4096, 2112, 128, 128, 1127",
    "4096, 4096, 128, 128, 1410",
  })
  void tileBoundDeepGemmRowsArePredicted(long m, long n, int tm, int tn, double measured) {
    double predicted = DEEPGEMM_LARGE * GemmTiles.fixedTileUtilization(m, n, tm, tn, H800_SMS);
    System.out.printf(Locale.ROOT, "DeepGEMM H800 m %d n %d: %d tiles, predicted %.0f, measured %.0f (%+.1f%%)%n",
        m, n, (long) (Math.ceil((double) m / tm) * Math.ceil((double) n / tn)), predicted, measured,
        100 * (predicted / measured - 1));
    assertThat(Math.abs(predicted / measured - 1)).isLessThan(0.15);
  }

  /**
   * Re-runs the fit of {@link GemmTiles#DEPTH_OVERHEAD}: DeepGEMM's six normal FP8 GEMMs of 4,096
   * rows on an H800 (README "Performance", commit 327ec92; rows of {@code gemm.csv}) as {@code
   * peak · e · utilization · k / (k + k0)}, least squares in log space over a grid of {@code k0} in
   * steps of 16 with {@code e} in closed form (the mean log ratio); the fit must land on the
   * constant and explain the rows within 0.1 RMS log error (0.098).
   */
  @Test
  void depthOverheadIsTheFitToDeepGemmsShortAndDeepGemms() {
    double[][] rows = {
      // n, k, measured TFLOP/s (m = 4096)
      {2112, 7168, 1127}, {24576, 1536, 1212}, {32768, 512, 775}, {7168, 16384, 1520}, {4096, 7168, 1410},
      {7168, 2048, 1168},
    };
    double bestRms = Double.MAX_VALUE;
    double bestK0 = -1;
    double bestE = 0;
    for (int k0 = 0; k0 <= 2000; k0 += 16) {
      double[] logs = new double[rows.length];
      double mean = 0;
      for (int i = 0; i < rows.length; i++) {
        double n = rows[i][0];
        double k = rows[i][1];
        logs[i] = Math.log(rows[i][2] / (1979 * GemmTiles.utilization(4096, n, k, 1, H800_SMS) * k / (k + k0)));
        mean += logs[i] / rows.length;
      }
      double ss = 0;
      for (double l : logs) {
        ss += (l - mean) * (l - mean);
      }
      double rms = Math.sqrt(ss / rows.length);
      if (rms < bestRms) {
        bestRms = rms;
        bestK0 = k0;
        bestE = Math.exp(mean);
      }
    }
    System.out.printf(Locale.ROOT, "tile depth overhead fit: k0 = %.0f, large-shape fraction %.3f, RMS log error %.3f%n",
        bestK0, bestE, bestRms);
    assertThat(bestK0).isEqualTo(GemmTiles.DEPTH_OVERHEAD);
    assertThat(bestRms).isLessThan(0.1);
    // relative to the reference depth: the deep GEMMs keep their rate, the short ones lose it
    assertThat(GemmTiles.depthShare(GemmTiles.DEPTH_REFERENCE)).isEqualTo(1.0);
    assertThat(GemmTiles.depthShare(16384)).isEqualTo(1.0);
    assertThat(GemmTiles.depthShare(768)).isCloseTo(0.674, within(0.001));
    assertThat(GemmTiles.depthShare(2048)).isCloseTo(0.869, within(0.001));
  }

  @Test
  void seventeenTilesOnOneHundredThirtyTwoSmsUseAnEighthOfTheMachine() {
    // ceil(2112 / 128) = 17 tiles of 64 × 128, 16.5 of them useful, on 132 SMs
    assertThat(GemmTiles.fixedTileUtilization(64, 2112, 64, 128, 132)).isCloseTo(2112.0 / (132 * 128), within(1e-12));
  }

  @Test
  void decodeRowsLoseOnlyTheirPaddingToTheMmaGranule() {
    // one token of a 70B TP-4 MLP on an A100 (108 SMs): padded to 8 rows; 224 tiles of 64 columns
    // take 3 waves of 108 (69% busy), better than 112 tiles of 128 or 56 of 256 split in two (52%)
    double u = GemmTiles.utilization(1.0, 14336.0, 8192.0, 1.0, 108);
    assertThat(u).isCloseTo(1.0 / 8 * 224 / 324, within(1e-12));
    // 16 tiles of 8 × 256 for a 4,096-column GEMM: split-K into 6 slices of 1,365 fills 96 of 108
    assertThat(GemmTiles.utilization(8.0, 4096.0, 8192.0, 1.0, 108)).isCloseTo(96.0 / 108, within(1e-12));
    // 64 tokens: no padding, the same waves
    assertThat(GemmTiles.utilization(64.0, 14336.0, 8192.0, 1.0, 108)).isCloseTo(224.0 / 324, within(1e-12));
  }

  @Test
  void utilizationIsAShareAndNoWaveModelWithoutComputeUnits() {
    Random r = new Random(14);
    for (int i = 0; i < 10_000; i++) {
      double m = 1 + r.nextInt(8192) * r.nextDouble();
      double n = 1 + r.nextInt(65536);
      double k = 1 + r.nextInt(16384);
      double groups = 1 + r.nextInt(256) * r.nextDouble();
      int sms = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(300);
      double u = GemmTiles.utilization(m, n, k, groups, sms);
      assertThat(u).as("m %s n %s k %s groups %s sms %d", m, n, k, groups, sms).isGreaterThan(0).isLessThanOrEqualTo(1);
      assertThat(GemmTiles.utilization(m, n, k, groups, sms, GemmTiles.EXPERT_TOKEN_TILE)).isLessThanOrEqualTo(1);
    }
    assertThat(GemmTiles.utilization(8.0, 1024.0, 1024.0, 1.0, 0)).isEqualTo(1);
  }
}
