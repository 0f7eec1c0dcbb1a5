package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.RotaryScaling;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.training.TrainingJob;
import org.junit.jupiter.api.Test;

/** A YaRN rotary embedding that Megatron-Core applies in PyTorch operators (s13c). */
class UnfusedYarnRotaryTest {

  private static final ModelArchitecture OSS = ModelCatalog.bundled().get("gpt-oss-120b");

  private static TrainingJob job(ModelArchitecture m, TrainingFramework framework) {
    return TrainingJob.builder(m, Cluster.of(AcceleratorCatalog.bundled().get("b200"), 64))
        .parallelism(Parallelism.builder().dp(64).ep(64).build())
        .sequenceLength(4096)
        .globalBatchSize(1280)
        .framework(framework)
        .build();
  }

  @Test
  void bytesAndKernelsAreTheSumsOfTheOperators() {
    // t*cos (4), neg of one half (2), cat of the halves (4), *sin (4), sum (6), cat with the empty pass part (4)
    assertThat(Evaluator.YARN_ROTARY_FORWARD_BYTES).isEqualTo(4 + 2 + 4 + 4 + 6 + 4);
    // grad*cos (4), grad*sin (4), neg (2), chunk's cat (4), accumulate (6), zero slice grad (2) and its accumulation (6)
    assertThat(Evaluator.YARN_ROTARY_BACKWARD_BYTES).isEqualTo(4 + 4 + 2 + 4 + 6 + 2 + 6);
    // per call and table: cos or sin (8), * mscale (8), cast to bf16 (6); two tables, two calls
    assertThat(Evaluator.YARN_ROTARY_TABLE_BYTES).isEqualTo(2 * 2 * (8 + 8 + 6));
    // per call: 12 forward, 7 backward; queries and keys
    assertThat(Evaluator.YARN_ROTARY_KERNELS).isEqualTo(2 * (12 + 7));
  }

  @Test
  void onlyYarnOnOrdinaryAttentionUnderMegatronCoreIsCostedUnfused() {
    assertThat(ModelConstants.of(OSS).yarnRotary).isTrue();
    // Kimi K2: YaRN on latent attention, which Megatron-Core runs in its fused MLA kernels
    ModelArchitecture kimi = ModelCatalog.bundled().get("kimi-k2");
    assertThat(kimi.embeddings().rotaryScaling()).isEqualTo(RotaryScaling.YARN);
    assertThat(ModelConstants.of(kimi).yarnRotary).isFalse();
    assertThat(ModelConstants.of(ModelCatalog.bundled().get("llama-3.1-8b")).yarnRotary).isFalse();
    assertThat(JobMapping.unfusedYarnRotary(job(OSS, TrainingFramework.MEGATRON))).isTrue();
    assertThat(JobMapping.unfusedYarnRotary(job(OSS, TrainingFramework.PYTORCH_NATIVE))).isFalse();
    assertThat(JobMapping.unfusedYarnRotary(job(OSS.toBuilder().rotaryScaling(RotaryScaling.NONE).build(),
        TrainingFramework.MEGATRON))).isFalse();
  }

  @Test
  void theLayerPaysTheOperatorsTrafficAndTheHostItsKernels() {
    ModelConstants m = ModelConstants.of(OSS);
    HardwareConstants hw = SyntheticHardware.h100Like(280);
    EvalConfig c = new EvalConfig();
    c.seq = 4096;
    c.micro = 4;
    c.globalBatch = 1280;
    c.dp = 64;
    c.ep = 64;
    LayerCosts fused = new LayerCosts();
    Evaluator.layerCosts(m, hw, c, fused);
    double hostFused = Evaluator.moeHostSeconds(m, c);
    c.unfusedYarnRotary = true;
    LayerCosts unfused = new LayerCosts();
    Evaluator.layerCosts(m, hw, c, unfused);
    double tokens = (double) c.micro * c.seq;
    double elements = m.queryWidth + m.kvWidth; // tp 1: all 64 query heads and 8 key heads of head dim 64
    assertThat(elements).isEqualTo(64 * 64 + 8 * 64);
    double tables = Evaluator.YARN_ROTARY_TABLE_BYTES * m.headDim / c.micro;
    double bw = hw.memoryBandwidth;
    // forward: 24 bytes per element and the tables instead of the fused kernel's 4
    assertThat(unfused.elementwise - fused.elementwise)
        .isCloseTo(tokens * ((24 - 4) * elements + tables) / bw, within(1e-12));
    // backward: 28 bytes per element instead of the fused kernel's 8 (twice the forward), no table traffic
    double backwardFused = 2 * fused.elementwise + fused.elementwiseBackwardExtra;
    double backwardUnfused = 2 * unfused.elementwise + unfused.elementwiseBackwardExtra;
    assertThat(backwardUnfused - backwardFused).isCloseTo(tokens * (28 - 8) * elements / bw, within(1e-12));
    assertThat(Evaluator.moeHostSeconds(m, c) - hostFused)
        .isCloseTo((38 - 4) * Evaluator.MOE_HOST_SECONDS_PER_KERNEL, within(1e-12));
  }

  @Test
  void theEstimateStatesTheAssumption() {
    assertThat(TrainingCostModel.calibrated().estimate(job(OSS, TrainingFramework.MEGATRON)).assumptions())
        .anySatisfy(a -> assertThat(a).startsWith("rotary: the model's YaRN-scaled rotary embedding"));
    assertThat(TrainingCostModel.calibrated().estimate(job(OSS, TrainingFramework.PYTORCH_NATIVE)).assumptions())
        .noneSatisfy(a -> assertThat(a).startsWith("rotary:"));
  }
}
