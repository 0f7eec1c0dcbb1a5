package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * The data-parallel gradient buckets that {@link Evaluator} overlaps with the backward: Megatron-Core's
 * {@code max(40 M, 1 M × dp)} parameters, or the 100 MiB of torchtitan's DDP for PyTorch-native stacks.
 */
class DataParallelBucketTest {

  /** LLaMA 7B as Meta's stack is assumed to run it: 2048 A100s, one sequence per data rank, ZeRO 1. */
  static TrainingJob llama7b(TrainingFramework framework) {
    return TrainingJob.builder(ModelCatalog.bundled().get("llama-7b"),
            Cluster.of(AcceleratorCatalog.bundled().get("a100-sxm-80gb"), 2048))
        .parallelism(Parallelism.dataParallel(2048))
        .sequenceLength(2048)
        .globalBatchSize(2048)
        .microBatchSize(1)
        .trainingTokens(TokenCount.of(2048L * 2048))
        .precision(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS)
        .zero(ZeroStage.OPTIMIZER_STATES)
        .recompute(Recompute.SELECTIVE)
        .framework(framework)
        .build();
  }

  @Test
  void pytorchStacksBucketAtTorchtitansHundredMebibytesAndMegatronByItsRule() {
    for (TrainingFramework f : TrainingFramework.values()) {
      EvalConfig c = JobMapping.config(llama7b(f), new EvalConfig());
      if (f.pytorchNative()) {
        assertThat(c.gradientBucketBytes).as(f.id()).isEqualTo(100 * 1048576.0);
        // bf16 gradients: 50 M elements per bucket
        assertThat(Evaluator.bucketParameters(c, 2048)).as(f.id()).isEqualTo(100 * 1048576.0 / 2);
      } else {
        assertThat(c.gradientBucketBytes).as(f.id()).isZero();
        assertThat(Evaluator.bucketParameters(c, 2048)).as(f.id()).isEqualTo(2.048e9);
        assertThat(Evaluator.bucketParameters(c, 16)).as(f.id()).isEqualTo(40e6);
      }
    }
  }

  @Test
  void onlyTheLastBucketWaitsWhenTheBackwardIsLongEnough() {
    TrainingJob job = llama7b(TrainingFramework.PYTORCH_EAGER);
    ModelConstants m = ModelConstants.of(job.model());
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    EvalConfig small = JobMapping.config(job, new EvalConfig());
    EvalConfig large = new EvalConfig();
    large.set(small);
    large.gradientBucketBytes = 0; // Megatron-Core's rule: 2.048 B parameters per bucket at dp 2048
    Evaluation a = new Evaluation();
    Evaluation b = new Evaluation();
    Evaluator.evaluate(m, hw, small, a);
    Evaluator.evaluate(m, hw, large, b);
    double comm = a.dataParallelTotalSeconds;
    assertThat(b.dataParallelTotalSeconds).isEqualTo(comm);
    // the backward (forward) window outlasts the reduce-scatter (all-gather), so what is exposed is the last
    // gradient bucket and the first parameter bucket, and the slowdown of the hidden rest beside the compute
    double hiddenShare = 1 - Evaluator.OVERLAP_COMPUTE_SLOWDOWN;
    double smallBuckets = a.parametersPerGpu / Evaluator.bucketParameters(small, 2048);
    double largeBuckets = a.parametersPerGpu / Evaluator.bucketParameters(large, 2048);
    assertThat(largeBuckets).isBetween(3.0, 4.0);
    assertThat(smallBuckets).isGreaterThan(100);
    assertThat(b.dataParallelSeconds - a.dataParallelSeconds)
        .isCloseTo(hiddenShare * comm * (1 / largeBuckets - 1 / smallBuckets), within(1e-9 * comm));
    assertThat(a.stepSeconds).isLessThan(b.stepSeconds);
  }

  @Test
  void theAssumptionsNameTheBucket() {
    assertThat(String.join("\n", TrainingCostModel.calibrated().estimate(llama7b(TrainingFramework.PYTORCH_EAGER))
        .assumptions())).contains("in buckets of 100 MiB (torchtitan's DDP bucket_cap_mb)");
    assertThat(String.join("\n", TrainingCostModel.calibrated().estimate(llama7b(TrainingFramework.MEGATRON))
        .assumptions())).contains("in buckets of 2,048 M parameters (Megatron-Core's default");
  }
}
