package dev.llmcost.costmodel.internal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderStatisticsTest {

  /** Blom's approximation against the exact expected maxima of n standard normals (Harter 1961 tables). */
  @Test
  void expectedMaximaAreWithinBlomsErrorOfTheExactValues() {
    assertThat(OrderStatistics.expectedMaxOfNormals(1)).isZero();
    assertThat(OrderStatistics.expectedMaxOfNormals(2)).isCloseTo(0.5642, within(0.03));
    assertThat(OrderStatistics.expectedMaxOfNormals(4)).isCloseTo(1.0294, within(0.03));
    assertThat(OrderStatistics.expectedMaxOfNormals(8)).isCloseTo(1.4236, within(0.015));
    assertThat(OrderStatistics.expectedMaxOfNormals(32)).isCloseTo(2.0697, within(0.005));
  }

  /** A simulation with a seeded generator agrees with the approximation. */
  @Test
  void aSimulatedMaximumAgrees() {
    Random r = new Random(5);
    for (int n : new int[] {3, 8, 36, 72}) {
      double sum = 0;
      int trials = 20_000;
      for (int t = 0; t < trials; t++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          max = Math.max(max, r.nextGaussian());
        }
        sum += max;
      }
      assertThat(OrderStatistics.expectedMaxOfNormals(n)).as("n %d", n).isCloseTo(sum / trials, within(0.04));
    }
  }

  @Test
  void theQuantileInvertsTheNormalDistribution() {
    // Acklam's approximation without refinement: within 2e-5 of the quantile
    assertThat(OrderStatistics.inverseNormal(0.5)).isCloseTo(0, within(1e-9));
    assertThat(OrderStatistics.inverseNormal(0.975)).isCloseTo(1.959964, within(2e-5));
    assertThat(OrderStatistics.inverseNormal(0.01)).isCloseTo(-2.326348, within(2e-5));
    assertThat(OrderStatistics.inverseNormal(0.999)).isCloseTo(3.090232, within(2e-5));
  }
}
