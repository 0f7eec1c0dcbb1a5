package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnfusedSoftmaxBytesTest {

  @Test
  void causalSoftmaxWithDropoutAt16BitsIsCountedFromItsKernels() {
    // forward: read half the row (1), write the row (2); dropout reads 2, writes 2 and a byte mask
    assertThat(Evaluator.softmaxForwardBytes(2, true, true)).isCloseTo(8, within(1e-12));
    // backward: dropout reads 2 and the mask, writes 2; the softmax reads gradient and output over half the row
    // (2), writes the row (2)
    assertThat(Evaluator.softmaxBackwardBytes(2, true, true)).isCloseTo(9, within(1e-12));
  }

  @Test
  void aBidirectionalMaskReadsWholeRows() {
    assertThat(Evaluator.softmaxForwardBytes(2, false, false)).isCloseTo(4, within(1e-12));
    assertThat(Evaluator.softmaxBackwardBytes(2, false, false)).isCloseTo(6, within(1e-12));
    assertThat(Evaluator.softmaxForwardBytes(2, false, true)).isCloseTo(9, within(1e-12));
    assertThat(Evaluator.softmaxBackwardBytes(2, false, true)).isCloseTo(11, within(1e-12));
  }

  @Test
  void theBackwardIsLessThanTwiceTheForwardAndCausalMasksNeverCostMore() {
    for (double e : new double[] {1, 2, 4}) {
      for (boolean dropout : new boolean[] {false, true}) {
        for (boolean causal : new boolean[] {false, true}) {
          assertThat(Evaluator.softmaxBackwardBytes(e, causal, dropout))
              .isLessThan(2 * Evaluator.softmaxForwardBytes(e, causal, dropout));
        }
        assertThat(Evaluator.softmaxForwardBytes(e, true, dropout))
            .isLessThan(Evaluator.softmaxForwardBytes(e, false, dropout));
        assertThat(Evaluator.softmaxBackwardBytes(e, true, dropout))
            .isLessThan(Evaluator.softmaxBackwardBytes(e, false, dropout));
      }
    }
  }
}
