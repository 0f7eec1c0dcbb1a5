package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OffloadExposedTest {

  @Test
  void copiesThatFitTheirWindowsAreHidden() {
    // 4 layers, 2 offloaded: windows end at layers 1 and 3; a copy as long as a layer hides
    assertThat(Evaluator.offloadExposed(4, 2, 1, 1, true)).isZero();
    assertThat(Evaluator.offloadExposed(4, 2, 1, 1, false)).isZero();
  }

  @Test
  void slowCopiesStallTheComputeAtTheirWindows() {
    // forward: group 0 copied over [1, 4], the compute waits at the end of layer 1 (t 2 -> 4), group 1
    // copied over [4, 7], the compute waits at the end of layer 3 (t 6 -> 7): 3 s exposed of 4 s compute
    assertThat(Evaluator.offloadExposed(4, 2, 3, 1, true)).isCloseTo(3, within(1e-12));
    // backward: group 1 reloaded over [0, 3] from before layer 3's backward, group 0 over [3, 6] from before
    // layer 1's, which waits for group 1 (t 2 -> 3); layer 0's waits for group 0 (t 4 -> 6)
    assertThat(Evaluator.offloadExposed(4, 2, 3, 1, false)).isCloseTo(3, within(1e-12));
  }

  @Test
  void exposureNeverFallsAsTheCopiesSlowDown() {
    double last = 0;
    for (double copy = 0; copy <= 5; copy += 0.25) {
      double exposed = Evaluator.offloadExposed(126, 95, copy, 1, true);
      assertThat(exposed).isGreaterThanOrEqualTo(last);
      last = exposed;
    }
    // at most every copy, one after another, on top of the compute
    assertThat(last).isLessThanOrEqualTo(95 * 5.0);
  }
}
