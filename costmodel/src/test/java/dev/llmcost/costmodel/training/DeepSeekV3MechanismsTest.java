package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import org.junit.jupiter.api.Test;

/**
 * The mechanisms of DeepSeek-V3's own run (arXiv 2412.19437) as job settings: node-limited routing in the flex
 * dispatcher's volume (§3.2.2), FP8 dispatch (§3.3.3), recomputation of the norms and MLA up-projections
 * (§3.2.3) and FP8/E5M6 activation caching (§3.3.3).
 */
class DeepSeekV3MechanismsTest {

  static final AcceleratorSpec H800 = AcceleratorCatalog.bundled().get("h800");
  static final ModelArchitecture DEEPSEEK_V3 = ModelCatalog.bundled().get("deepseek-v3");

  /** DeepSeek-V3 with EP 64 over 8 nodes of 8 H800s, the flex dispatcher, FP8 blockwise GEMMs. */
  static TrainingJob.Builder job(ModelArchitecture model) {
    return TrainingJob.builder(model, Cluster.of(H800, 64))
        .parallelism(Parallelism.builder().dp(64).ep(64).build())
        .sequenceLength(4096)
        .globalBatchSize(64)
        .microBatchSize(1)
        .precision(PrecisionRecipe.parse("fp8-blockwise"))
        .moeDispatcher(MoeDispatcher.FLEX)
        .multiTokenPrediction(false)
        .recompute(Recompute.NONE);
  }

  static ModelArchitecture unlimited() {
    return DEEPSEEK_V3.toBuilder().moe(DEEPSEEK_V3.moe().toBuilder().routingGroups(1, 1).build()).build();
  }

  @Test
  void theCatalogConfigCarriesNodeLimitedRouting() {
    assertThat(DEEPSEEK_V3.moe().routingGroups()).isEqualTo(8);
    assertThat(DEEPSEEK_V3.moe().groupsPerToken()).isEqualTo(4);
    assertThat(DEEPSEEK_V3.moe().isGroupLimited()).isTrue();
    assertThat(unlimited().moe().isGroupLimited()).isFalse();
    assertThatThrownBy(() -> DEEPSEEK_V3.moe().toBuilder().routingGroups(7, 4).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("routingGroups must divide");
    assertThatThrownBy(() -> DEEPSEEK_V3.moe().toBuilder().routingGroups(8, 9).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groupsPerToken must be <=");
  }

  @Test
  void aTokenReachesAtMostItsGroupsNodes() {
    // 8 groups of 32 experts on 8 nodes, 4 groups per token: a node is reached when its group is picked (1/2)
    // and one of the token's 8 experts, drawn from the 128 of the picked groups, is among its 32
    double miss = 1;
    for (int i = 0; i < 8; i++) {
      miss *= (96.0 - i) / (128 - i);
    }
    double node = Evaluator.routedHitProbability(256, 8, 8, 4, 8);
    assertThat(node).isCloseTo(0.5 * (1 - miss), within(1e-12));
    // 7 remote nodes: about 3.2 instead of 4.6 under unlimited routing
    assertThat(7 * node).isCloseTo(3.17, within(0.01));
    assertThat(7 * Evaluator.groupHitProbability(256, 8, 8)).isCloseTo(4.63, within(0.01));
    // whatever the parts, the expected parts reached never exceed the groups per token (nor the parts)
    for (int parts : new int[] {1, 2, 4, 8, 16, 32, 64, 256}) {
      double reached = parts * Evaluator.routedHitProbability(256, 8, 8, 4, parts);
      assertThat(reached).isLessThanOrEqualTo(Math.min(parts, 8) + 1e-9);
      if (parts <= 8) {
        assertThat(reached).isLessThanOrEqualTo(4 + 1e-9);
      }
    }
    // no limit: the uniform formula
    assertThat(Evaluator.routedHitProbability(256, 8, 8, 8, 8))
        .isEqualTo(Evaluator.groupHitProbability(256, 8, 8));
    assertThat(Evaluator.routedHitProbability(256, 8, 1, 1, 64))
        .isEqualTo(Evaluator.groupHitProbability(256, 8, 64));
  }

  @Test
  void nodeLimitedRoutingCutsTheFlexAllToAllAcrossNodesOnly() {
    TrainingCostModel model = TrainingCostModel.calibrated();
    double limited = model.estimate(job(DEEPSEEK_V3).build()).time().expertParallel();
    double uniform = model.estimate(job(unlimited()).build()).time().expertParallel();
    // the network carries ~3.2 copies per token instead of ~4.6
    assertThat(limited / uniform).isBetween(0.6, 0.8);
    // inside one node, EP 8 puts one group on each rank: a token reaches at most 4 of them (device-limited)
    TrainingJob.Builder node = job(DEEPSEEK_V3).cluster(Cluster.of(H800, 8))
        .parallelism(Parallelism.builder().dp(8).ep(8).build()).globalBatchSize(8);
    TrainingJob.Builder nodeUniform = job(unlimited()).cluster(Cluster.of(H800, 8))
        .parallelism(Parallelism.builder().dp(8).ep(8).build()).globalBatchSize(8);
    double inNode = model.estimate(node.build()).time().expertParallel();
    double inNodeUniform = model.estimate(nodeUniform.build()).time().expertParallel();
    assertThat(inNode / inNodeUniform).isCloseTo(
        Evaluator.routedHitProbability(256, 8, 8, 4, 8) / Evaluator.groupHitProbability(256, 8, 8), within(0.02));
    // the all-to-all dispatcher sends every routed copy: node-limited routing changes nothing there
    double a2a = model.estimate(job(DEEPSEEK_V3).moeDispatcher(MoeDispatcher.ALL_TO_ALL).build()).time().expertParallel();
    double a2aUniform =
        model.estimate(job(unlimited()).moeDispatcher(MoeDispatcher.ALL_TO_ALL).build()).time().expertParallel();
    assertThat(a2a).isEqualTo(a2aUniform);
  }

  @Test
  void fp8DispatchHalvesTheDispatchNotTheCombine() {
    TrainingCostModel model = TrainingCostModel.calibrated();
    double bf16 = model.estimate(job(DEEPSEEK_V3).build()).time().expertParallel();
    double fp8 = model.estimate(job(DEEPSEEK_V3).fp8Dispatch(true).build()).time().expertParallel();
    // dispatch at 1 + 4/128 bytes, combine at 2: (1.03125 + 2) / 4 of the bandwidth term, latency unchanged
    assertThat(fp8 / bf16).isBetween(0.75, 0.80);
    assertThat(model.estimate(job(DEEPSEEK_V3).fp8Dispatch(true).build()).assumptions())
        .anyMatch(x -> x.contains("within 4 of 8 groups") && x.contains("dispatched in FP8"));
    assertThat(job(DEEPSEEK_V3).fp8Dispatch(true).build()).isNotEqualTo(job(DEEPSEEK_V3).build());
  }

  @Test
  void fp8DispatchIsRefusedWhereMeaningless() {
    assertThatThrownBy(() -> job(DEEPSEEK_V3).moeDispatcher(MoeDispatcher.ALL_TO_ALL).fp8Dispatch(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flex dispatcher");
    assertThatThrownBy(() -> job(DEEPSEEK_V3).precision(PrecisionRecipe.BF16_MIXED).fp8Dispatch(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an FP8 precision");
    ModelArchitecture dense = ModelCatalog.bundled().get("llama-3.1-8b");
    assertThatThrownBy(() -> TrainingJob.builder(dense, Cluster.of(H800, 8))
            .parallelism(Parallelism.dataParallel(8)).precision(PrecisionRecipe.FP8_MIXED)
            .moeDispatcher(MoeDispatcher.FLEX).fp8Dispatch(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an MoE model");
    assertThatThrownBy(() -> TrainingJob.builder(dense, Cluster.of(H800, 8))
            .parallelism(Parallelism.dataParallel(8)).recomputeNormsAndUpProjections(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs latent attention");
    assertThatThrownBy(() -> job(DEEPSEEK_V3).precision(PrecisionRecipe.BF16_MIXED).fp8ActivationCache(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fp8ActivationCache needs an FP8");
  }

  @Test
  void recomputingNormsAndUpProjectionsKeepsTheLatentsInsteadOfQueriesKeysAndValues() {
    TrainingJob plain = job(DEEPSEEK_V3).build();
    TrainingJob recomputed = job(DEEPSEEK_V3).recomputeNormsAndUpProjections(true).build();
    ModelConstants m = ModelConstants.of(DEEPSEEK_V3);
    double before = Evaluator.layerActivationBytes(m, JobMapping.config(plain, new EvalConfig()), true);
    double after = Evaluator.layerActivationBytes(m, JobMapping.config(recomputed, new EvalConfig()), true);
    double f = Evaluator.fp8SavedInputBytes(EvalConfig.FP8_BLOCKWISE);
    double h = 7168;
    // per token: the two norm outputs (FP8 copies) and Q (128 × 192), K (128 × 192), V (128 × 128) in 16 bits
    // go; the latents (1536 + 512 + 64) in 16 bits stay
    double saved = 2 * f * h + 2.0 * (24576 + 24576 + 16384) - 2.0 * (1536 + 512 + 64);
    assertThat(before - after).isCloseTo(4096 * saved, within(1e-6 * before));
    // the up-projections run again: 2 × (1536 × 24576 + 512 × 128 × 256) FLOPs per token and layer
    TrainingEstimate e0 = TrainingCostModel.calibrated().estimate(plain);
    TrainingEstimate e1 = TrainingCostModel.calibrated().estimate(recomputed);
    double up = 2.0 * (1536.0 * 24576 + 512.0 * 128 * 256) * 61;
    assertThat(e1.hardwareFlopsPerToken().value() - e0.hardwareFlopsPerToken().value())
        .isCloseTo(up, within(1e-6 * up));
    assertThat(e1.memory().activations().bytes()).isLessThan(e0.memory().activations().bytes());
    assertThat(e1.stepSeconds()).isGreaterThan(e0.stepSeconds());
  }

  @Test
  void fp8ActivationCachingStoresTheAttentionOutputInTwelveBitsAndTheExpertsSwigluInputInFp8() {
    TrainingJob plain = job(DEEPSEEK_V3).build();
    TrainingJob cached = job(DEEPSEEK_V3).fp8ActivationCache(true).build();
    ModelConstants m = ModelConstants.of(DEEPSEEK_V3);
    double before = Evaluator.layerActivationBytes(m, JobMapping.config(plain, new EvalConfig()), true);
    double after = Evaluator.layerActivationBytes(m, JobMapping.config(cached, new EvalConfig()), true);
    double f = Evaluator.fp8SavedInputBytes(EvalConfig.FP8_BLOCKWISE);
    double moeFraction = 58.0 / 61;
    // attention output 16384 wide: 2 bytes → E5M6 (1.5 + 4/128); each of 8 experts' SwiGLU (2048 wide): gate and
    // up at 2 bytes and the output at f → gate and up at f
    double saved = (2 - Evaluator.E5M6_CACHE_BYTES) * 16384
        + moeFraction * 8 * ((2 * 2.0 + f) * 2048 - 2 * f * 2048);
    assertThat(before - after).isCloseTo(4096 * saved, within(1e-6 * before));
  }
}
