package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import org.junit.jupiter.api.Test;

/**
 * s24d: Megatron-Core's MXFP8 parameters under the distributed optimizer are all-gathered in bf16 through the buffer
 * they share with the gradients; after each all-gather {@code finish_param_sync} copies every slice into its MXFP8
 * parameter (Transformer Engine's quantization, the once-per-step weight cast the model already charges) and zeroes
 * the bucket's bf16 slice, {@code bucket.param_data.zero_()} (megatron/core/distributed/param_and_grad_buffer.py
 * l.303-320 at NVIDIA/Megatron-LM 0d8e0714c): 2 bytes written per weight once per step, costed at the streaming
 * bandwidth.
 */
class Mxfp8ParameterBufferCopyTest {

  private static final PrecisionRecipe MX_PARAMS = PrecisionRecipe.MXFP8.toBuilder().fp8Parameters(true).build();

  /** Llama 3.1 8B on 8 B200s, TP 1, four micro-batches of one 8192-token sequence per rank and step. */
  private static TrainingJob llama8b(PrecisionRecipe precision, ZeroStage zero, TrainingFramework framework) {
    return TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            Cluster.of(AcceleratorCatalog.bundled().get("b200"), 8))
        .parallelism(Parallelism.builder().dp(8).tp(1).build())
        .sequenceLength(8192)
        .globalBatchSize(32)
        .microBatchSize(1)
        .trainingTokens(TokenCount.of(8192L * 32))
        .recompute(Recompute.NONE)
        .precision(precision)
        .zero(zero)
        .framework(framework)
        .build();
  }

  @Test
  void onlyMxfp8ParametersUnderMegatronsDistributedOptimizerAreCopiedOutOfTheBuffer() {
    assertThat(JobMapping.config(llama8b(MX_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON),
        new EvalConfig()).mxfp8ParamBufferCopy).isTrue();
    assertThat(JobMapping.config(llama8b(PrecisionRecipe.MXFP8, ZeroStage.OPTIMIZER_STATES,
        TrainingFramework.MEGATRON), new EvalConfig()).mxfp8ParamBufferCopy).as("bf16 parameters").isFalse();
    PrecisionRecipe perTensor = PrecisionRecipe.FP8_DELAYED.toBuilder().parameterGatherBytes(1).build();
    assertThat(JobMapping.config(llama8b(perTensor, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON),
        new EvalConfig()).mxfp8ParamBufferCopy).as("per-tensor FP8 parameters: a uint8 param_data").isFalse();
    assertThat(JobMapping.config(llama8b(MX_PARAMS, ZeroStage.PARAMETERS, TrainingFramework.MEGATRON),
        new EvalConfig()).mxfp8ParamBufferCopy).as("Megatron-FSDP gathers MXFP8 as uint8").isFalse();
    assertThat(JobMapping.config(llama8b(MX_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.PYTORCH_NATIVE),
        new EvalConfig()).mxfp8ParamBufferCopy).as("PyTorch").isFalse();
  }

  @Test
  void theBufferIsZeroedOncePerStepAtTheStreamingBandwidth() {
    TrainingJob job = llama8b(MX_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON);
    ModelConstants m = ModelConstants.of(job.model());
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    EvalConfig on = JobMapping.config(job, new EvalConfig());
    EvalConfig off = new EvalConfig();
    off.set(on);
    off.mxfp8ParamBufferCopy = false;
    Evaluation a = new Evaluation();
    Evaluation b = new Evaluation();
    Evaluator.evaluate(m, hw, off, a);
    Evaluator.evaluate(m, hw, on, b);
    // every transformer layer's linear weights (TP 1, dense): 2 bytes written each at the profile's bandwidth
    double perLayer = on.lowPrecisionLayerFraction * (m.attnMatmul + m.mlpMatmul) * 2 / hw.memoryBandwidth;
    // computed whatever the flag (the planner varies the flag over cached layer costs, s24h) and charged with it only
    assertThat(a.layer.mxfp8ParamBufferZero).isCloseTo(perLayer, withinPercentage(1e-9));
    assertThat(b.layer.mxfp8ParamBufferZero).isCloseTo(perLayer, withinPercentage(1e-9));
    // once per step, not per micro-batch (four here): the step's memory-bound time grows by one pass over the layers
    assertThat(b.memoryBoundSeconds - a.memoryBoundSeconds).isCloseTo(m.layers * perLayer, withinPercentage(1e-6));
    // about 7 B weights × 2 bytes: a couple of milliseconds on a B200
    assertThat(m.layers * perLayer).isBetween(1e-3, 4e-3);
    // the quantization itself is the weight cast charged with or without FP8 parameters
    assertThat(b.layer.fp8WeightQuant).isEqualTo(a.layer.fp8WeightQuant);
    assertThat(b.stepSeconds).isGreaterThan(a.stepSeconds);
  }

  @Test
  void theFp8LineSaysIt() {
    String with = String.join("\n", TrainingCostModel.calibrated().estimate(
        llama8b(MX_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON)).assumptions());
    assertThat(with).contains("weights quantized once per step, as Megatron-Core copies the bf16 all-gather into the"
        + " MXFP8 parameters; it then zeroes the gradient buffer's bf16 copy, 2 more bytes per weight");
    String without = String.join("\n", TrainingCostModel.calibrated().estimate(
        llama8b(PrecisionRecipe.MXFP8, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON)).assumptions());
    assertThat(without).contains("weights quantized once per step (Transformer Engine's cache)")
        .doesNotContain("zeroes the gradient buffer");
    assertThat(llama8b(MX_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON)
        .parameterGatherElementBytes()).isEqualTo(2);
    assertThat(llama8b(MX_PARAMS.toBuilder().parameterGatherBytes(1).build(), ZeroStage.OPTIMIZER_STATES,
        TrainingFramework.MEGATRON).parameterGatherElementBytes()).as("the recipe's 1 byte, gathered as bf16")
        .isEqualTo(2);
    assertThat(llama8b(MX_PARAMS.toBuilder().parameterGatherBytes(1).build(), ZeroStage.PARAMETERS,
        TrainingFramework.MEGATRON).parameterGatherElementBytes()).as("ZeRO 3 keeps the recipe's").isEqualTo(1);
  }
}
