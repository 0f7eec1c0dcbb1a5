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
}
