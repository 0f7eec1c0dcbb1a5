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
 * Megatron-Core's last bucket group under FP8 parameters (s23j): {@code partition_buckets} merges every non-FP8
 * bucket (embedding, output layer, norms, biases, router) into the last FP8 bucket group, whose reduce-scatter
 * waits for the embedding's gradient and whose all-gather the next forward waits for first
 * (megatron/core/distributed/param_and_grad_buffer.py l.822-927 at NVIDIA/Megatron-LM core_v0.13.1).
 */
class Fp8ParameterBucketGroupTest {

  private static final PrecisionRecipe FP8_PARAMS = PrecisionRecipe.FP8_DELAYED.toBuilder().parameterGatherBytes(1).build();

  /** Cisco's MLPerf Training v5.1 Llama 3.1 8B layout: 64 H100s, TP 1, one sequence of 8192 per rank. */
  private static TrainingJob llama8b(PrecisionRecipe precision, ZeroStage zero, TrainingFramework framework, int tp) {
    return TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64))
        .parallelism(Parallelism.builder().dp(64 / tp).tp(tp).sequenceParallel(tp > 1).build())
        .sequenceLength(8192)
        .globalBatchSize(64 / tp)
        .microBatchSize(1)
        .trainingTokens(TokenCount.of(8192L * 64))
        .recompute(Recompute.NONE)
        .precision(precision)
        .zero(zero)
        .framework(framework)
        .build();
  }

  @Test
  void onlyMegatronsDistributedOptimizerWithFp8ParametersMergesTheGroup() {
    assertThat(JobMapping.config(llama8b(FP8_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 1),
        new EvalConfig()).fp8ParameterBuckets).isTrue();
    assertThat(JobMapping.config(llama8b(PrecisionRecipe.FP8_DELAYED, ZeroStage.OPTIMIZER_STATES,
        TrainingFramework.MEGATRON, 1), new EvalConfig()).fp8ParameterBuckets).as("bf16 parameters").isFalse();
    assertThat(JobMapping.config(llama8b(FP8_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.PYTORCH_NATIVE, 1),
        new EvalConfig()).fp8ParameterBuckets).as("PyTorch DDP").isFalse();
    assertThat(JobMapping.config(llama8b(FP8_PARAMS, ZeroStage.PARAMETERS, TrainingFramework.MEGATRON, 1),
        new EvalConfig()).fp8ParameterBuckets).as("ZeRO-3").isFalse();
  }

  @Test
  void mxfp8ParametersGatheredInBf16StillMergeTheGroup() {
    // s23l: Megatron-Core 0.14-0.17 files MXFP8 parameters in the uint8 buffer (bucket groups as FP8) but gathers
    // them in the gradients' dtype through the shared buffer (param_and_grad_buffer.py l.695-712 at 0d8e0714c)
    PrecisionRecipe mx = PrecisionRecipe.MXFP8.toBuilder().fp8Parameters(true).build();
    assertThat(mx.parameterGatherBytes()).isEqualTo(2);
    assertThat(mx.fp8Parameters()).isTrue();
    assertThat(PrecisionRecipe.MXFP8.fp8Parameters()).isFalse();
    assertThat(FP8_PARAMS.fp8Parameters()).as("implied by a 1-byte gather").isTrue();
    EvalConfig c = JobMapping.config(llama8b(mx, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 1),
        new EvalConfig());
    assertThat(c.fp8ParameterBuckets).isTrue();
    assertThat(c.parameterCommBytes).isEqualTo(2.0);
  }

  @Test
  void aOneByteMxfp8GatherUnderMegatronsDistributedOptimizerTravelsInBf16() {
    // s23o: with use_distributed_optimizer and MXFP8 parameters param_data is the bf16 shared buffer
    // (param_and_grad_buffer.py l.695-712 at NVIDIA/Megatron-LM 0d8e0714c), whatever the gather asked for; per-tensor
    // FP8 parameters take the else branch (a uint8 param_data) and keep 1 byte; other frameworks and ZeRO 3 unchanged
    PrecisionRecipe mx1 = PrecisionRecipe.MXFP8.toBuilder().parameterGatherBytes(1).build();
    TrainingJob megatron = llama8b(mx1, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 1);
    assertThat(JobMapping.mxfp8GatheredInBf16(megatron)).isTrue();
    assertThat(JobMapping.gatherElementBytes(megatron)).isEqualTo(2);
    EvalConfig c = JobMapping.config(megatron, new EvalConfig());
    assertThat(c.parameterCommBytes).isEqualTo(2.0);
    assertThat(c.fp8ParameterBuckets).isTrue();
    TrainingJob perTensor = llama8b(FP8_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 1);
    assertThat(JobMapping.mxfp8GatheredInBf16(perTensor)).isFalse();
    assertThat(JobMapping.config(perTensor, new EvalConfig()).parameterCommBytes).isLessThan(2.0);
    TrainingJob torch = llama8b(mx1, ZeroStage.OPTIMIZER_STATES, TrainingFramework.PYTORCH_NATIVE, 1);
    assertThat(JobMapping.config(torch, new EvalConfig()).parameterCommBytes).as("PyTorch").isLessThan(2.0);
    TrainingJob fsdp = llama8b(mx1, ZeroStage.PARAMETERS, TrainingFramework.MEGATRON, 1);
    assertThat(JobMapping.config(fsdp, new EvalConfig()).parameterCommBytes).as("ZeRO-3").isLessThan(2.0);
  }

  @Test
  void fp8ParametersNeedAnFp8Recipe() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PrecisionRecipe.BF16_MIXED.toBuilder().fp8Parameters(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp8Parameters")
        .hasMessageContaining("bf16");
  }

  @Test
  void theNonFp8ParametersAreTheEmbeddingTheHeadAndTheNorms() {
    TrainingJob job = llama8b(FP8_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 1);
    ModelConstants m = ModelConstants.of(job.model());
    EvalConfig c = JobMapping.config(job, new EvalConfig());
    // Llama 3.1 8B: untied 128256 × 4096 embedding and output layer, two RMSNorms per layer, the final norm
    double expected = 2 * 128256.0 * 4096 + 32 * 2 * 4096.0 + 4096;
    assertThat(Evaluator.firstStageNonFp8Parameters(m, c)).isEqualTo(expected);
    EvalConfig tp2 = JobMapping.config(llama8b(FP8_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 2),
        new EvalConfig());
    assertThat(Evaluator.firstStageNonFp8Parameters(m, tp2)).isEqualTo(128256.0 * 4096 + 32 * 2 * 4096.0 + 4096);
  }

  @Test
  void theMergedGroupAddsItsReduceScatterAndAllGatherToTheExposedTail() {
    TrainingJob job = llama8b(FP8_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 1);
    ModelConstants m = ModelConstants.of(job.model());
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    EvalConfig merged = JobMapping.config(job, new EvalConfig());
    EvalConfig separate = new EvalConfig();
    separate.set(merged);
    separate.fp8ParameterBuckets = false;
    Evaluation a = new Evaluation();
    Evaluation b = new Evaluation();
    Evaluator.evaluate(m, hw, separate, a);
    Evaluator.evaluate(m, hw, merged, b);
    double comm = a.dataParallelTotalSeconds;
    assertThat(b.dataParallelTotalSeconds).isEqualTo(comm);
    // reduce-scatter of gradientCommBytes-byte gradients (fp32 here: the recipe's grad_reduce_in_fp32) and
    // all-gather of parameterCommBytes-byte parameters, one ring latency each: the split of the total by bytes
    // is exact up to a fraction of one latency
    double gcb = merged.gradientCommBytes;
    double pcb = merged.parameterCommBytes;
    double reduce = comm * gcb / (gcb + pcb);
    double gather = comm * pcb / (gcb + pcb);
    double share = Evaluator.firstStageNonFp8Parameters(m, merged) / a.parametersPerGpu;
    double hiddenShare = 1 - Evaluator.OVERLAP_COMPUTE_SLOWDOWN;
    // the non-FP8 parameters join the tail: their gradients in the reduction's precision, their all-gather at
    // their stored 2 bytes
    assertThat(b.dataParallelSeconds - a.dataParallelSeconds)
        .isCloseTo(hiddenShare * share * (reduce + gather * merged.weightBytes / pcb), withinPercentage(1));
    assertThat(b.stepSeconds).isGreaterThan(a.stepSeconds);
  }

  @Test
  void theAssumptionsSayIt() {
    assertThat(String.join("\n", TrainingCostModel.calibrated().estimate(
            llama8b(FP8_PARAMS, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 1)).assumptions()))
        .contains("every non-FP8 parameter (embedding, output layer, norms, biases, router) joins the last bucket group");
    assertThat(String.join("\n", TrainingCostModel.calibrated().estimate(
            llama8b(PrecisionRecipe.FP8_DELAYED, ZeroStage.OPTIMIZER_STATES, TrainingFramework.MEGATRON, 1))
        .assumptions())).doesNotContain("joins the last bucket group");
  }
}
