package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingJob;
import org.junit.jupiter.api.Test;

/** Megatron-Core's selective recomputation of the routed experts' activation, recompute_modules moe_act (s22c). */
class MoeActivationRecomputeTest {

  private static final ModelArchitecture OSS = ModelCatalog.bundled().get("gpt-oss-120b");
  private static final ModelArchitecture QWEN3 = ModelCatalog.bundled().get("qwen3-30b-a3b");

  private static EvalConfig config(boolean recompute) {
    EvalConfig c = new EvalConfig();
    c.seq = 4096;
    c.micro = 4;
    c.globalBatch = 1280;
    c.dp = 64;
    c.ep = 64;
    c.megatronGroupedExperts = true;
    c.moeActivationRecompute = recompute;
    return c;
  }

  private static TrainingJob.Builder job(ModelArchitecture m) {
    return TrainingJob.builder(m, Cluster.of(AcceleratorCatalog.bundled().get("b200"), 64))
        .parallelism(Parallelism.builder().dp(64).ep(64).build())
        .sequenceLength(4096)
        .globalBatchSize(1280);
  }

  @Test
  void theBackwardRerunsTheActivationsAndTheClampsForwardTraffic() {
    HardwareConstants hw = SyntheticHardware.h100Like(280);
    for (ModelArchitecture a : new ModelArchitecture[] {OSS, QWEN3}) {
      ModelConstants m = ModelConstants.of(a);
      LayerCosts kept = new LayerCosts();
      Evaluator.layerCosts(m, hw, config(false), kept);
      LayerCosts rerun = new LayerCosts();
      Evaluator.layerCosts(m, hw, config(true), rerun);
      double tokens = 4.0 * 4096;
      double moeFraction = (double) m.moeLayers / m.layers;
      // per routed copy and element of the inner width: the fused gated activation reads its two halves and writes its
      // output (2 + 2 + 2 bytes); gpt-oss's clamp adds its two clamps and the concatenation (4 + 4 + 8)
      double perElement = 6 + (m.activationClamp ? 16 : 0);
      assertThat(kept.moeActivationRecompute).isZero();
      assertThat(rerun.moeActivationRecompute)
          .isCloseTo(tokens * moeFraction * m.topK * m.expertFfn * perElement / hw.memoryBandwidth, within(1e-12));
      // the forward and backward passes themselves do not change
      assertThat(rerun.elementwise).isEqualTo(kept.elementwise);
      assertThat(rerun.elementwiseBackwardExtra).isEqualTo(kept.elementwiseBackwardExtra);
    }
    assertThat(ModelConstants.of(OSS).activationClamp).isTrue();
    assertThat(ModelConstants.of(QWEN3).activationClamp).isFalse();
  }

  @Test
  void theHostIssuesTheRecomputedKernelsExceptUnderFullRecomputation() {
    ModelConstants oss = ModelConstants.of(OSS);
    ModelConstants qwen = ModelConstants.of(QWEN3);
    // gpt-oss: the two clamps, the concatenation and the fused activation; Qwen3: the fused activation
    assertThat(Evaluator.moeActivationRecomputeKernels(oss, config(true))).isEqualTo(3 + 1);
    assertThat(Evaluator.moeActivationRecomputeKernels(qwen, config(true))).isEqualTo(1);
    assertThat(Evaluator.moeActivationRecomputeKernels(oss, config(false))).isZero();
    assertThat(Evaluator.moeHostSeconds(oss, config(true)) - Evaluator.moeHostSeconds(oss, config(false)))
        .isCloseTo(4 * Evaluator.MOE_HOST_SECONDS_PER_KERNEL, within(1e-12));
    EvalConfig full = config(true);
    full.recompute = EvalConfig.RECOMPUTE_FULL;
    assertThat(Evaluator.moeActivationRecomputeKernels(oss, full)).isZero();
  }

  @Test
  void theActivationsOutputIsNotStored() {
    ModelConstants m = ModelConstants.of(OSS);
    double kept = Evaluator.layerActivationBytes(m, config(false), true);
    double rerun = Evaluator.layerActivationBytes(m, config(true), true);
    // the down projection's 16-bit input, one per routed copy
    assertThat(kept - rerun).isCloseTo(4.0 * 4096 * m.topK * m.expertFfn * 2, within(1e-3));
  }

  @Test
  void aDenseModelIsRefusedByName() {
    assertThatThrownBy(() -> job(ModelCatalog.bundled().get("llama-3.1-8b"))
            .parallelism(Parallelism.dataParallel(64)).recomputeMoeActivation(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recomputeMoeActivation")
        .hasMessageContaining("llama-3.1-8b");
  }

  @Test
  void theEstimateStatesItAndRunsSlower() {
    TrainingJob plain = job(OSS).build();
    TrainingJob recomputed = job(OSS).recomputeMoeActivation(true).build();
    assertThat(recomputed.recomputeMoeActivation()).isTrue();
    assertThat(recomputed).isNotEqualTo(plain);
    assertThat(recomputed.toString()).contains("recomputeMoeActivation=true");
    assertThat(plain.toString()).doesNotContain("recomputeMoeActivation");
    var estimate = TrainingCostModel.calibrated().estimate(recomputed);
    assertThat(estimate.assumptions())
        .anySatisfy(a -> assertThat(a).startsWith("routed experts' activation recomputed").contains("clamp"));
    assertThat(TrainingCostModel.calibrated().estimate(plain).assumptions())
        .noneSatisfy(a -> assertThat(a).startsWith("routed experts' activation recomputed"));
  }
}
