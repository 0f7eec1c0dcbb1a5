package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * Megatron-DeepSpeed in bf16 ({@link TrainingFramework#MEGATRON_DEEPSPEED}): DeepSpeed's {@code
 * BF16_Optimizer} adds every micro-batch's bf16 gradients into fp32 ones in a pass of its own and
 * all-reduces the whole fp32 gradients; and the gradients of tied embeddings under a pipeline, which the
 * first and last stages all-reduce after the last micro-batch, in any framework.
 */
class DeepSpeedBf16OptimizerTest {

  static final ModelArchitecture LLAMA_3_8B = ModelCatalog.bundled().get("llama-3-8b");
  static final ModelArchitecture GPT2_XL = ModelCatalog.bundled().get("gpt2-xl");
  static final AcceleratorSpec A100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");

  static TrainingEstimate llama(TrainingFramework framework) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(LLAMA_3_8B, Cluster.of(A100, 8))
            .parallelism(Parallelism.builder().dp(8).build())
            .sequenceLength(2048)
            .globalBatchSize(32)
            .microBatchSize(2)
            .precision(PrecisionRecipe.BF16_MIXED)
            .zero(ZeroStage.of(1))
            .dataParallelOverlap(false)
            .framework(framework)
            .build());
  }

  @Test
  void everyMicroBatchAddsItsGradientsIntoFp32AtTheAchievedBandwidth() {
    TrainingEstimate megatron = llama(TrainingFramework.MEGATRON);
    TrainingEstimate deepspeed = llama(TrainingFramework.MEGATRON_DEEPSPEED);
    double params = LLAMA_3_8B.parameterCounts().total().value();
    double bandwidth = A100.memoryBandwidth().bytesPerSecond() * megatron.job().cluster().profile().memoryBandwidthFraction();
    int microBatches = 32 / (2 * 8);
    double pass = microBatches * params * Evaluator.BF16_OPTIMIZER_ACCUMULATION_BYTES / bandwidth;
    assertThat(deepspeed.time().memoryBound() - megatron.time().memoryBound()).isCloseTo(pass, within(1e-6 * pass));
    assertThat(deepspeed.time().compute()).isEqualTo(megatron.time().compute());
    assertThat(deepspeed.assumptions()).anyMatch(a -> a.contains("BF16_Optimizer"));
  }

  @Test
  void theWholeFp32GradientsAreAllReducedInsteadOfReduceScattered() {
    TrainingEstimate megatron = llama(TrainingFramework.MEGATRON);
    TrainingEstimate deepspeed = llama(TrainingFramework.MEGATRON_DEEPSPEED);
    // an all-reduce moves twice a reduce-scatter's bytes: the difference is one more reduce-scatter of the
    // fp32 gradients, at least (n-1)/n of them over the NVLink bandwidth
    double params = LLAMA_3_8B.parameterCounts().total().value();
    double nvlink = megatron.job().cluster().intraNodeBandwidth().bytesPerSecond()
        * megatron.job().cluster().profile().scaleUpBandwidthFraction();
    double reduceScatter = 7.0 / 8 * 4 * params / nvlink;
    assertThat(deepspeed.time().dataParallel() - megatron.time().dataParallel())
        .isCloseTo(reduceScatter, within(0.01 * reduceScatter));
  }

  @Test
  void withoutMasterWeightsThereIsNoFp32Pass() {
    TrainingEstimate fp16 = TrainingCostModel.calibrated().estimate(llama(TrainingFramework.MEGATRON_DEEPSPEED).job()
        .toBuilder().precision(PrecisionRecipe.FP16_MIXED).build());
    TrainingEstimate megatron = TrainingCostModel.calibrated().estimate(fp16.job().toBuilder()
        .framework(TrainingFramework.MEGATRON).build());
    assertThat(fp16.time().memoryBound()).isEqualTo(megatron.time().memoryBound());
    assertThat(fp16.time().dataParallel()).isEqualTo(megatron.time().dataParallel());
  }

  static TrainingEstimate pipelined(ModelArchitecture model) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(model, Cluster.of(A100, 2))
            .parallelism(Parallelism.builder().dp(1).pp(2).build())
            .sequenceLength(1024)
            .globalBatchSize(8)
            .microBatchSize(1)
            .precision(PrecisionRecipe.BF16_MIXED)
            .build());
  }

  @Test
  void tiedEmbeddingsUnderAPipelineAllReduceTheirGradientsBetweenTheFirstAndLastStage() {
    TrainingEstimate tied = pipelined(GPT2_XL);
    Cluster cluster = tied.job().cluster();
    double embedding = 50257.0 * 1600;
    double bandwidth = cluster.intraNodeBandwidth().bytesPerSecond() * cluster.profile().scaleUpBandwidthFraction();
    // two ranks: an all-reduce moves 2 × 1/2 of the fp32 gradients, two latency steps
    double expected = 4 * embedding / bandwidth + 2 * cluster.intraNodeLatencySeconds();
    assertThat(tied.time().dataParallel()).isCloseTo(expected, within(1e-9));
    assertThat(pipelined(LLAMA_3_8B).time().dataParallel()).isZero();
  }
}
