package dev.llmcost.costmodel.internal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErlangCTest {

  /** The textbook definition: C = (a^c / c!) (c / (c − a)) / (Σ_{k<c} a^k/k! + (a^c/c!) c/(c − a)). */
  private static double definition(int c, double a) {
    double term = 1;
    double sum = 0;
    for (int k = 0; k < c; k++) {
      sum += term;
      term *= a / (k + 1);
    }
    double last = term * c / (c - a);
    return last / (sum + last);
  }

  @Test
  void matchesTheDefinition() {
    for (int c : new int[] {1, 2, 5, 10, 40}) {
      for (double rho : new double[] {0.1, 0.5, 0.8, 0.95}) {
        double a = rho * c;
        assertThat(ErlangC.waitProbability(c, a)).isCloseTo(definition(c, a), within(1e-12));
      }
    }
  }

  @Test
  void singleServerWaitsWithProbabilityRho() {
    assertThat(ErlangC.waitProbability(1, 0.7)).isCloseTo(0.7, within(1e-12));
    // M/M/1: Wq = ρ S / (1 − ρ)
    assertThat(ErlangC.meanWaitSeconds(1, 0.5, 2.0)).isCloseTo(2.0, within(1e-12));
    assertThat(ErlangC.waitProbability(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void saturatedQueuesWaitForever() {
    assertThat(ErlangC.meanWaitSeconds(4, 4, 1)).isInfinite();
    assertThat(ErlangC.waitProbability(4, 0)).isZero();
  }

  /** The full Erlang B recursion from k = 1, for comparison with the shortened one. */
  private static double fullRecursion(int c, double a) {
    double b = 1;
    for (int k = 1; k <= c; k++) {
      b = a * b / (k + a * b);
    }
    return c * b / (c - a * (1 - b));
  }

  @Test
  void theShortenedRecursionMatchesTheFullOneForLargeServerCounts() {
    for (int c : new int[] {64, 256, 1024, 4096}) {
      for (double rho : new double[] {0.3, 0.7, 0.9, 0.97, 0.999}) {
        double a = rho * c;
        double full = fullRecursion(c, a);
        assertThat(ErlangC.waitProbability(c, a)).as("c %d ρ %s", c, rho).isCloseTo(full, within(1e-12 + 1e-10 * full));
      }
    }
  }
}
