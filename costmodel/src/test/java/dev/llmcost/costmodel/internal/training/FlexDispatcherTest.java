package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.model.ModelCatalog;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flex (DeepEP / HybridEP) dispatcher's deduplicated traffic that {@link Evaluator} costs. */
class FlexDispatcherTest {

  @Test
  void qwen3MoeTokensReachAboutFiveOfEightRanks() {
    // 128 experts, top-8, 16 experts per rank on 8 ranks: 1 - C(112,8)/C(128,8) = 0.667, 5.34 of 8 ranks
    double p = Evaluator.groupHitProbability(128, 8, 8);
    double exact = 1;
    for (int i = 0; i < 8; i++) {
      exact *= (112.0 - i) / (128.0 - i);
    }
    assertThat(p).isCloseTo(1 - exact, within(1e-12));
    assertThat(8 * p).isCloseTo(5.34, within(0.01));
  }

  @Test
  void hitProbabilityIsOneForOneGroupAndGrowsWithTopK() {
    Random random = new Random(7L);
    for (int i = 0; i < 2000; i++) {
      int experts = 8 * (1 + random.nextInt(64));
      int groups = 1 << random.nextInt(4);
      int k = 1 + random.nextInt(8);
      assertThat(Evaluator.groupHitProbability(experts, k, 1)).isCloseTo(1, within(1e-12));
      double p = Evaluator.groupHitProbability(experts, k, groups);
      assertThat(p).isBetween(0.0, 1.0);
      // one expert per token hits a group with probability 1/groups
      assertThat(Evaluator.groupHitProbability(experts, 1, groups)).isCloseTo(1.0 / groups, within(1e-12));
      assertThat(Evaluator.groupHitProbability(experts, k + 1, groups)).isGreaterThanOrEqualTo(p - 1e-12);
      // never more distinct groups than routed copies
      assertThat(groups * p).isLessThanOrEqualTo(k + 1e-9);
    }
  }

  @Test
  void flexDispatcherSkipsTheSenderSidePermuteAndUnpermute() {
    // Megatron-Core's _DeepepManager permutes inside the dispatch kernel and sums inside the combine
    // kernel; only the router and the regrouping on the receiving rank stay memory traffic of their own
    ModelConstants m = ModelConstants.of(ModelCatalog.bundled().get("qwen3-30b-a3b"));
    HardwareConstants hw = SyntheticHardware.h100Like(280);
    EvalConfig c = new EvalConfig();
    c.seq = 4096;
    c.micro = 2;
    c.globalBatch = 64;
    c.dp = 8;
    c.ep = 8;
    LayerCosts alltoall = new LayerCosts();
    Evaluator.layerCosts(m, hw, c, alltoall);
    c.flexDispatcher = true;
    LayerCosts flex = new LayerCosts();
    Evaluator.layerCosts(m, hw, c, flex);
    double tokens = (double) c.micro * c.seq;
    double routed = m.topK * c.activationBytes * m.hidden;
    double senderSide = tokens * (3 * routed + c.activationBytes * m.hidden) / hw.memoryBandwidth;
    assertThat(alltoall.elementwise - flex.elementwise).isCloseTo(senderSide, within(1e-12));
    // the regrouping on the receiving rank (4 passes over the k routed copies) is still paid
    assertThat(flex.elementwise).isGreaterThan(tokens * 4 * routed / hw.memoryBandwidth);
  }
}
