package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExpertTokenCurveTest {

  private static final ExpertTokenCurve TWO_SERIES = ExpertTokenCurve.of(List.of(
      List.of(new double[] {1, 0.5}, new double[] {16, 0.9}),
      List.of(new double[] {64, 0.6}, new double[] {256, 0.4})));

  @Test
  void interpolatesInTheLogarithmOfTheCountWithinASeries() {
    // 4 tokens is half way from 1 to 16 in the logarithm
    assertThat(TWO_SERIES.at(4)).isCloseTo(0.7, within(1e-12));
    assertThat(TWO_SERIES.at(1)).isCloseTo(0.5, within(1e-12));
    assertThat(TWO_SERIES.at(128)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void holdsTheNearestEndInAGapAndOutsideEverySeries() {
    // 24 tokens lies between 16 (log distance 0.405) and 64 (0.981): the first series' end holds
    assertThat(TWO_SERIES.at(24)).isCloseTo(0.9, within(1e-12));
    assertThat(TWO_SERIES.at(48)).isCloseTo(0.6, within(1e-12));
    assertThat(TWO_SERIES.at(0.25)).isCloseTo(0.5, within(1e-12));
    assertThat(TWO_SERIES.at(1e6)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void theFastestCoveringSeriesWins() {
    ExpertTokenCurve overlapping = ExpertTokenCurve.of(List.of(
        List.of(new double[] {1, 0.2}, new double[] {64, 0.8}),
        List.of(new double[] {1, 0.7}, new double[] {64, 0.3})));
    assertThat(overlapping.at(1)).isCloseTo(0.7, within(1e-12));
    assertThat(overlapping.at(64)).isCloseTo(0.8, within(1e-12));
    assertThat(overlapping.at(8)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void theLogarithmReadsTheSameFraction() {
    for (double t : new double[] {0.25, 1, 3, 4, 16, 24, 48, 64, 100, 256, 1e6}) {
      assertThat(TWO_SERIES.atLogarithm(Math.log(t))).isEqualTo(TWO_SERIES.at(t));
    }
    assertThatThrownBy(() -> TWO_SERIES.atLogarithm(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logTokensPerExpert")
        .hasMessageContaining("NaN");
  }

  @Test
  void thePreparedCellsAndEndsReadExactlyWhatTheScanReads() {
    // random curves of one to five series of one to six points, sharing some counts; read at every count, the
    // doubles beside it and between: the prepared cells (atLogarithm) and ends (atCount) against the series-by-
    // series scan the curve read before them, to the bit (gaps and series at 0 included)
    Random random = new Random(3);
    for (int t = 0; t < 3000; t++) {
      List<Double> shared = new ArrayList<>();
      for (int q = 0; q < 8; q++) {
        shared.add(Math.exp(6 * random.nextDouble()));
      }
      List<List<double[]>> series = new ArrayList<>();
      double low = Double.MAX_VALUE;
      double high = -Double.MAX_VALUE;
      for (int s = 1 + random.nextInt(5); s > 0; s--) {
        TreeMap<Double, Double> points = new TreeMap<>();
        for (int p = 1 + random.nextInt(6); p > 0; p--) {
          double count = random.nextInt(3) == 0 ? shared.get(random.nextInt(shared.size()))
              : Math.exp(6 * random.nextDouble());
          points.put(count, random.nextInt(10) == 0 ? 0.0 : random.nextDouble());
        }
        List<double[]> one = new ArrayList<>();
        points.forEach((x, y) -> one.add(new double[] {x, y}));
        series.add(one);
        low = Math.min(low, Math.log(points.firstKey()));
        high = Math.max(high, Math.log(points.lastKey()));
      }
      ExpertTokenCurve curve = ExpertTokenCurve.of(series);
      List<Double> logs = new ArrayList<>();
      for (List<double[]> one : series) {
        for (double[] point : one) {
          double l = Math.log(point[0]);
          logs.add(l);
          logs.add(Math.nextUp(l));
          logs.add(Math.nextDown(l));
        }
      }
      for (int q = 0; q < 20; q++) {
        logs.add(-1 + 8 * random.nextDouble());
      }
      for (double l : logs) {
        double scanned = curve.scan(Math.max(low, Math.min(high, l)));
        assertThat(Double.doubleToRawLongBits(curve.atLogarithm(l))).as("log %s", l)
            .isEqualTo(Double.doubleToRawLongBits(scanned));
        double count = Math.exp(l);
        assertThat(Double.doubleToRawLongBits(curve.atCount(count, Math.log(count)))).as("count %s", count)
            .isEqualTo(Double.doubleToRawLongBits(curve.at(count)));
      }
    }
  }

  @Test
  void rejectsEmptySeriesAndCountsThatAreNotPositive() {
    assertThatThrownBy(() -> ExpertTokenCurve.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("series");
    assertThatThrownBy(() -> ExpertTokenCurve.of(List.of(List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("series 0");
    assertThatThrownBy(() -> TWO_SERIES.at(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokensPerExpert").hasMessageContaining("0.0");
    assertThatThrownBy(() -> TWO_SERIES.at(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }
}
