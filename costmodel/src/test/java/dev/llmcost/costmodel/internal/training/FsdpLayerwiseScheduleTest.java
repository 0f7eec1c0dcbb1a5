package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The layer-by-layer FSDP schedule (FSDP2, Megatron-FSDP) that {@link Evaluator} costs. */
class FsdpLayerwiseScheduleTest {

  @Test
  void onlyTheFirstGatherAndTheLastReduceScatterShowWhenEveryLayerComputesLongerThanItCommunicates() {
    // 32 layers, 64 ms of all-gather and 64 ms of reduce-scatter per micro-batch, 10 ms forward and 20 ms
    // backward per layer: 2 ms gather + 2 ms reduce-scatter exposed, and 18.9% of the other 188 ms
    double added = Evaluator.fsdpLayerwiseExposed(0.064, 0.064, 32, 0.320, 0.640);
    assertThat(added).isCloseTo(0.004 + Evaluator.OVERLAP_COMPUTE_SLOWDOWN * (0.192 - 0.004), within(1e-9));
  }

  @Test
  void layersThatCommunicateLongerThanTheyComputeExposeTheDifference() {
    // per layer: gather 3 ms against 1 ms forward, gather + reduce-scatter 6 ms against 2 ms backward
    double a = 0.003;
    double added = Evaluator.fsdpLayerwiseExposed(10 * a, 10 * a, 10, 0.010, 0.020);
    double exposed = a + 9 * (a - 0.001) + 9 * (2 * a - 0.002) + a;
    assertThat(added).isCloseTo(exposed + Evaluator.OVERLAP_COMPUTE_SLOWDOWN * (30 * a - exposed), within(1e-12));
  }

  @Test
  void neverMoreThanTheCollectivesNorLessThanTheFirstGatherAndLastReduceScatter() {
    Random random = new Random(20261205L);
    for (int i = 0; i < 10_000; i++) {
      double ag = random.nextDouble() * 2;
      double rs = random.nextDouble() * 2;
      int layers = 1 + random.nextInt(200);
      double f = random.nextDouble() * 3;
      double b = random.nextDouble() * 6;
      double added = Evaluator.fsdpLayerwiseExposed(ag, rs, layers, f, b);
      assertThat(added).isLessThanOrEqualTo(2 * ag + rs + 1e-12);
      assertThat(added).isGreaterThanOrEqualTo((ag + rs) / layers - 1e-12);
      // more compute never exposes more
      assertThat(Evaluator.fsdpLayerwiseExposed(ag, rs, layers, 2 * f, 2 * b)).isLessThanOrEqualTo(added + 1e-12);
    }
  }

  @Test
  void everyBlockAndTheRootPayTheirRingLatencyWhenNothingHidesThem() {
    // no compute to hide behind: FSDP2's 3 x layers + 1 collectives (root and blocks forward, all blocks but
    // the last backward, root and blocks reduce-scattered) each add one ring latency to the micro-batch
    double lambda = 50e-6;
    int layers = 32;
    double without = Evaluator.fsdpLayerwiseExposed(0.064, 0.064, layers, 0, 0, 0);
    double with = Evaluator.fsdpLayerwiseExposed(0.064 + lambda, 0.064 + lambda, layers, 0, 0, lambda);
    assertThat(with - without).isCloseTo((3.0 * layers + 1) * lambda, within(1e-12));
  }

  @Test
  void behindLongLayersOnlyTheRootsTheFirstGathersAndTheLastReduceScattersLatencyShow() {
    // the root's all-gather and reduce-scatter, the first block's all-gather and the last block's
    // reduce-scatter are exposed; the other 3 x layers - 3 latencies hide and slow the compute by 18.9%
    double lambda = 50e-6;
    int layers = 32;
    double without = Evaluator.fsdpLayerwiseExposed(0.064, 0.064, layers, 0.320, 0.640, 0);
    double with = Evaluator.fsdpLayerwiseExposed(0.064 + lambda, 0.064 + lambda, layers, 0.320, 0.640, lambda);
    assertThat(with - without)
        .isCloseTo(4 * lambda + Evaluator.OVERLAP_COMPUTE_SLOWDOWN * (3.0 * layers - 3) * lambda, within(1e-12));
  }

  @Test
  void theUnitLatencyCountsAgreeWithTheSchedules() {
    // beyond the three stage-wide collectives: FSDP1 3L + 2, FSDP2 3L + 1, with PP 2 (L + chunks) per step
    assertThat(Evaluator.fsdpUnitLatency(24, 9, 1)).isEqualTo((3 * 24 + 2 - 3) * 8.0);
    assertThat(Evaluator.fsdp2UnitLatency(24, 9, 1)).isEqualTo((3 * 24 + 1 - 3) * 8.0);
    assertThat(Evaluator.fsdpPipelinedUnitLatency(16, 2, 9, 1)).isEqualTo((2 * (16 + 2) - 2) * 8.0);
    assertThat(Evaluator.fsdp2UnitLatency(24, 1, 1)).isZero();
  }
}
