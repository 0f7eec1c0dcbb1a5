package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * The loss over the vocabulary as memory traffic: one fused kernel (the default) or Megatron's unfused
 * vocab-parallel cross entropy ({@link TrainingJob#crossEntropyFusion()}), on Llama-3-8B (vocab 128256).
 */
class CrossEntropyFusionTest {

  static final ModelArchitecture LLAMA_3_8B = ModelCatalog.bundled().get("llama-3-8b");
  static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");

  static TrainingEstimate estimate(boolean fused) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(LLAMA_3_8B, Cluster.of(H100, 8))
            .parallelism(Parallelism.builder().dp(8).build())
            .sequenceLength(4096)
            .globalBatchSize(16)
            .microBatchSize(2)
            .crossEntropyFusion(fused)
            .build());
  }

  @Test
  void unfusedLossAddsItsExtraBytesPerLogitAtTheAchievedBandwidth() {
    TrainingEstimate fused = estimate(true);
    TrainingEstimate unfused = estimate(false);
    double logits = 2.0 * 4096 * 128256; // one micro-batch per step (16 / (2 × 8)), the whole vocabulary (tp 1)
    double bandwidth = H100.memoryBandwidth().bytesPerSecond() * fused.job().cluster().profile().memoryBandwidthFraction();
    double extra = (Evaluator.UNFUSED_LOSS_BYTES_PER_LOGIT - Evaluator.FUSED_LOSS_BYTES_PER_LOGIT) * logits / bandwidth;
    assertThat(unfused.time().memoryBound() - fused.time().memoryBound()).isCloseTo(extra, within(1e-9));
    assertThat(unfused.time().compute()).isEqualTo(fused.time().compute());
    assertThat(unfused.tokensPerSecondPerGpu()).isLessThan(fused.tokensPerSecondPerGpu());
  }

  @Test
  void theAssumptionsNameTheLossKernel() {
    assertThat(estimate(true).assumptions()).anyMatch(a -> a.startsWith("loss: one fused cross-entropy kernel, 16 bytes"));
    assertThat(estimate(false).assumptions())
        .anyMatch(a -> a.startsWith("loss: Megatron's unfused vocab-parallel cross entropy, 52 bytes"));
  }

  @Test
  void theFlagSurvivesToBuilder() {
    TrainingJob job = estimate(false).job();
    assertThat(job.toBuilder().build().crossEntropyFusion()).isFalse();
    assertThat(job.toBuilder().crossEntropyFusion(true).build()).isNotEqualTo(job);
  }
}
