package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/**
 * Weight-gradient accumulation inside the GEMM (the default) or by a kernel of its own after it ({@link
 * TrainingJob#gradientAccumulationFusion()}: Megatron-LM before 2022-02, DeepSpeed), on Llama-3-8B with
 * four micro-batches per step.
 */
class GradientAccumulationFusionTest {

  static final ModelArchitecture LLAMA_3_8B = ModelCatalog.bundled().get("llama-3-8b");
  static final AcceleratorSpec A100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
  static final int MICRO_BATCHES = 4;

  static TrainingEstimate estimate(boolean fused, PrecisionRecipe precision) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(LLAMA_3_8B, Cluster.of(A100, 8))
            .parallelism(Parallelism.builder().dp(8).build())
            .sequenceLength(2048)
            .globalBatchSize(8 * 2 * MICRO_BATCHES)
            .microBatchSize(2)
            .precision(precision)
            .gradientAccumulationFusion(fused)
            .build());
  }

  static TrainingEstimate estimate(boolean fused, PrecisionRecipe precision, ZeroStage zero) {
    return TrainingCostModel.calibrated().estimate(
        estimate(fused, precision).job().toBuilder().zero(zero).build());
  }

  static double extraSeconds(PrecisionRecipe precision, double bytesPerParameter) {
    TrainingEstimate fused = estimate(true, precision);
    double bandwidth = A100.memoryBandwidth().bytesPerSecond() * fused.job().cluster().profile().memoryBandwidthFraction();
    // tp 1, pp 1, ZeRO 0: every parameter on every rank, every micro-batch
    return MICRO_BATCHES * bytesPerParameter * LLAMA_3_8B.parameterCounts().total().value() / bandwidth;
  }

  @Test
  void fp32AccumulationMovesTenBytesPerParameterAndMicroBatch() {
    TrainingEstimate fused = estimate(true, PrecisionRecipe.BF16_MIXED);
    TrainingEstimate unfused = estimate(false, PrecisionRecipe.BF16_MIXED);
    assertThat(unfused.time().memoryBound() - fused.time().memoryBound())
        .isCloseTo(extraSeconds(PrecisionRecipe.BF16_MIXED, 10), withinPercentage(0.5));
    assertThat(unfused.time().compute()).isEqualTo(fused.time().compute());
    assertThat(unfused.tokensPerSecondPerGpu()).isLessThan(fused.tokensPerSecondPerGpu());
  }

  @Test
  void halfPrecisionAccumulationMovesSixBytes() {
    TrainingEstimate fused = estimate(true, PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS);
    TrainingEstimate unfused = estimate(false, PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS);
    assertThat(unfused.time().memoryBound() - fused.time().memoryBound())
        .isCloseTo(extraSeconds(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS, 6), withinPercentage(0.5));
  }

  @Test
  void theAssumptionsNameTheUnfusedAccumulationOnly() {
    assertThat(estimate(false, PrecisionRecipe.BF16_MIXED).assumptions())
        .anyMatch(a -> a.startsWith("gradient accumulation outside the weight-gradient GEMM") && a.contains(" 10 bytes"));
    assertThat(estimate(true, PrecisionRecipe.BF16_MIXED).assumptions())
        .noneMatch(a -> a.startsWith("gradient accumulation outside"));
  }

  @Test
  void theFlagSurvivesToBuilder() {
    TrainingJob job = estimate(false, PrecisionRecipe.BF16_MIXED).job();
    assertThat(job.gradientAccumulationFusion()).isFalse();
    assertThat(job.toBuilder().build().gradientAccumulationFusion()).isFalse();
    assertThat(job.toBuilder().gradientAccumulationFusion(true).build()).isNotEqualTo(job);
  }

  @Test
  void shardedGradientsCopyTheUnshardedGradientIntoTheBucketEveryMicroBatch() {
    // Megatron-FSDP (optim_grads_params) without the fused accumulation: param.grad (2 bytes) is copied into the
    // unit's unsharded 2-byte main_grad bucket before the reduce-scatter (megatron_fsdp.py _grad_acc, d98e8a64),
    // besides the 6 bytes accumulated into the rank's 1/8 shard after it
    PrecisionRecipe half = PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS;
    TrainingEstimate fused = estimate(true, half, ZeroStage.PARAMETERS);
    TrainingEstimate unfused = estimate(false, half, ZeroStage.PARAMETERS);
    assertThat(unfused.time().memoryBound() - fused.time().memoryBound())
        .isCloseTo(extraSeconds(half, 4 + 6 / 8.0), withinPercentage(0.5));
    assertThat(unfused.assumptions()).anyMatch(a -> a.startsWith("gradient accumulation outside")
        && a.contains("unsharded main_grad bucket: 4 more bytes per unsharded parameter"));
    assertThat(estimate(false, half).assumptions()).noneMatch(a -> a.contains("main_grad bucket"));
  }
}
