package dev.llmcost.costmodel.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogHistogramTest {

  @Test
  void quantilesAreWithinHalfABinOfTheExactOrderStatistic() {
    Random random = new Random(11);
    LogHistogram h = new LogHistogram();
    int n = 200_000;
    double[] v = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      v[i] = 0.005 * Math.exp(random.nextGaussian());
      h.add(v[i], 1);
      sum += v[i];
    }
    Arrays.sort(v);
    for (double p : new double[] {0.5, 0.9, 0.99}) {
      double exact = v[(int) Math.ceil(p * n) - 1];
      assertThat(h.quantile(p)).as("p" + p).isCloseTo(exact, within(0.0051 * exact));
    }
    assertThat(h.mean()).isCloseTo(sum / n, within(1e-12));
    assertThat(h.max()).isEqualTo(v[n - 1]);
  }

  @Test
  void weightsCountAsRepeatedValuesAndHistogramsMerge() {
    LogHistogram a = new LogHistogram();
    a.add(0.010, 9);
    LogHistogram b = new LogHistogram();
    b.add(0.100, 1);
    a.addAll(b);
    assertThat(a.total()).isEqualTo(10);
    assertThat(a.quantile(0.5)).isCloseTo(0.010, within(0.00005));
    assertThat(a.quantile(0.95)).isCloseTo(0.100, within(0.0005));
    assertThat(a.mean()).isCloseTo(0.019, within(1e-12));
    assertThat(new LogHistogram().quantile(0.5)).isZero();
  }
}
