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
 * Nemotron's squared-ReLU MLP activation as Megatron-Core runs it, {@code torch.pow(relu(x), 2)} in separate
 * PyTorch kernels ({@link Evaluator#SQUARED_RELU_FORWARD_BYTES}, {@link Evaluator#SQUARED_RELU_BACKWARD_BYTES}),
 * against the same model with a plain (fused, read-once write-once) activation.
 */
class SquaredReluActivationTest {

  static final ModelArchitecture NEMOTRON_4_15B = ModelCatalog.bundled().get("nemotron-4-15b");
  static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");

  static TrainingEstimate estimate(ModelArchitecture model, TrainingFramework framework) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(model, Cluster.of(H100, 8))
            .parallelism(Parallelism.builder().dp(8).build())
            .sequenceLength(4096)
            .globalBatchSize(16)
            .microBatchSize(2)
            .framework(framework)
            .build());
  }

  static ModelArchitecture plainRelu() {
    return NEMOTRON_4_15B.toBuilder().id("nemotron-4-15b-relu").feedForward(false, "relu", false).build();
  }

  @Test
  void theUnfusedSquaredReluAddsItsKernelsBytesAtTheAchievedBandwidth() {
    TrainingEstimate squared = estimate(NEMOTRON_4_15B, TrainingFramework.MEGATRON);
    TrainingEstimate plain = estimate(plainRelu(), TrainingFramework.MEGATRON);
    // one micro-batch of 2 × 4096 tokens per GPU and step, 32 layers of width 24576 (tp 1); a fused activation
    // reads and writes 2-byte elements once forward (4) and the model's backward counts twice that (8)
    double elements = 2.0 * 4096 * 24576 * 32;
    double extraBytes = (Evaluator.SQUARED_RELU_FORWARD_BYTES - 4) + (Evaluator.SQUARED_RELU_BACKWARD_BYTES - 8);
    double bandwidth = H100.memoryBandwidth().bytesPerSecond() * squared.job().cluster().profile().memoryBandwidthFraction();
    assertThat(extraBytes).isEqualTo(16);
    assertThat(squared.time().memoryBound() - plain.time().memoryBound())
        .isCloseTo(extraBytes * elements / bandwidth, within(1e-9));
    assertThat(squared.time().compute()).isEqualTo(plain.time().compute());
    assertThat(squared.tokensPerSecondPerGpu()).isLessThan(plain.tokensPerSecondPerGpu());
  }

  @Test
  void torchCompileFusesTheSquaredRelu() {
    TrainingEstimate squared = estimate(NEMOTRON_4_15B, TrainingFramework.PYTORCH_NATIVE);
    TrainingEstimate plain = estimate(plainRelu(), TrainingFramework.PYTORCH_NATIVE);
    assertThat(squared.time().memoryBound()).isCloseTo(plain.time().memoryBound(), within(1e-12));
  }

  @Test
  void eagerPyTorchRunsItUnfusedToo() {
    TrainingEstimate squared = estimate(NEMOTRON_4_15B, TrainingFramework.PYTORCH_EAGER);
    TrainingEstimate plain = estimate(plainRelu(), TrainingFramework.PYTORCH_EAGER);
    assertThat(squared.time().memoryBound()).isGreaterThan(plain.time().memoryBound());
  }
}
