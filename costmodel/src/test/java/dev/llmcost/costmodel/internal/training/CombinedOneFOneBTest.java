package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Megatron-Core's combined 1F1B expert-parallel overlap as the Evaluator costs it: which virtual micro-batches pair,
 * what each all-to-all of a paired layer hides behind, and what the hidden part still costs.
 */
class CombinedOneFOneBTest {

  @Test
  void withoutAPipelineOnlyTheFirstForwardAndTheLastBackwardRunAlone() {
    assertThat(Evaluator.combinedOneFOneBPairedFraction(64, 1, 1, 0)).isCloseTo(63.0 / 64, within(1e-12));
    assertThat(Evaluator.combinedOneFOneBPairedFraction(1, 1, 1, 0)).isZero();
  }

  @Test
  void anInterleavedPipelineRunsItsWarmUpForwardsAlone() {
    // pp 2, v 12 (48 layers: 2 per chunk), 64 micro-batches: the first rank's warm-up is 2·1 + 11·2 + 1 = 25 of 768
    assertThat(Evaluator.combinedOneFOneBPairedFraction(64, 2, 12, 0)).isCloseTo(743.0 / 768, within(1e-12));
    // the last rank's is 11·2 + 1 = 23
    assertThat(Evaluator.combinedOneFOneBPairedFraction(64, 2, 12, 1)).isCloseTo(745.0 / 768, within(1e-12));
    // pp 8, v 4, 128 micro-batches: 14 + 24 + 1 = 39 of 512
    assertThat(Evaluator.combinedOneFOneBPairedFraction(128, 8, 4, 0)).isCloseTo(473.0 / 512, within(1e-12));
    // fewer virtual micro-batches than the warm-up: nothing pairs
    assertThat(Evaluator.combinedOneFOneBPairedFraction(2, 8, 2, 0)).isZero();
  }

  @Test
  void aPipelineWithoutVirtualStagesPairsNothing() {
    // Megatron-Core refuses the overlap with pp > 1 and no virtual pipeline size
    assertThat(Evaluator.combinedOneFOneBPairedFraction(64, 2, 1, 0)).isZero();
  }

  /** Layer costs with each all-to-all {@code a} s (dispatch and combine alike) and expert GEMMs {@code x} s forward. */
  static LayerCosts layer(double a, double x) {
    LayerCosts l = new LayerCosts();
    l.epDispatch = a;
    l.epPass = 2 * a;
    l.expertLinear = x;
    return l;
  }

  @Test
  void allToAllsShorterThanTheirWindowsHideWhole() {
    // attention 10 s forward and backward, experts 10 s a pass, all-to-alls 1 s
    assertThat(Evaluator.combinedOneFOneBExposedSeconds(layer(1, 10), 20, 30, 4)).isZero();
  }

  @Test
  void withNothingBesideThemEveryAllToAllIsExposed() {
    // the four all-to-alls run one after another on the communication stream, each waiting for the last
    assertThat(Evaluator.combinedOneFOneBExposedSeconds(layer(1, 0), 0, 0, 4)).isCloseTo(4, within(1e-12));
  }

  @Test
  void eachAllToAllHidesOnlyBehindItsOwnWindow() {
    // the backward combine (1 s) runs beside the forward attention (0.5 s): 0.5 s exposed, although the experts'
    // 30 s and the backward attention's 10 s would hide it many times over
    assertThat(Evaluator.combinedOneFOneBExposedSeconds(layer(1, 10), 10.5, 30, 4)).isCloseTo(0.5, within(1e-12));
    // the forward combine (4 s) runs beside the attention's backward (1 s): 3 s exposed
    LayerCosts l = layer(1, 10);
    l.epPass = 5; // dispatch 1 s, combine 4 s
    // backward dispatch 4 s beside the experts' weight gradient and forward (20 s): hidden; forward combine 4 s
    // beside the attention's backward (1 s)
    assertThat(Evaluator.combinedOneFOneBExposedSeconds(l, 20, 21, 10)).isCloseTo(3, within(1e-12));
  }

  @Test
  void exposureNeverFallsAsTheAllToAllsGrow() {
    double last = 0;
    for (double a = 0; a <= 20; a += 0.5) {
      double exposed = Evaluator.combinedOneFOneBExposedSeconds(layer(a, 3), 5, 9, 4 * a);
      assertThat(exposed).isGreaterThanOrEqualTo(last - 1e-12).isLessThanOrEqualTo(4 * a + 1e-12);
      last = exposed;
    }
  }

  @Test
  void theHiddenAllToAllsStillTakeTheirShareOfTheComputation() {
    HardwareConstants hw = new HardwareConstants();
    hw.computeUnits = 132;
    EvalConfig c = new EvalConfig();
    // DeepEP (flex dispatcher): Megatron-Core's default 20 SMs of the H100's 132
    c.flexDispatcher = true;
    assertThat(Evaluator.combinedOneFOneBCommunicationShare(hw, c)).isCloseTo(20.0 / 132, within(1e-12));
    // NCCL's all-to-all: the measured slowdown of compute beside an overlapped collective
    c.flexDispatcher = false;
    assertThat(Evaluator.combinedOneFOneBCommunicationShare(hw, c)).isEqualTo(Evaluator.OVERLAP_COMPUTE_SLOWDOWN);
  }
}
