package dev.llmcost.costmodel.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.ParallelismChooser;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ring attention is costed, the planner uses it only where it pays, and uneven stages are timed by the slowest. */
class ContextParallelAndStagesTest {

  static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  static final ModelArchitecture LLAMA_8B = ModelCatalog.bundled().get("llama-3.1-8b");
  static final ModelArchitecture LLAMA_405B = ModelCatalog.bundled().get("llama-3.1-405b");

  static TrainingEstimate estimate(int dp, int cp, int seq, int micro) {
    return TrainingCostModel.calibrated().estimate(TrainingJob.builder(LLAMA_8B, H100, dp * cp)
        .parallelism(Parallelism.builder().dp(dp).cp(cp).build())
        .sequenceLength(seq)
        .microBatchSize(micro)
        .globalBatchSize(512)
        .zero(ZeroStage.OPTIMIZER_STATES)
        .build());
  }

  @Test
  void contextParallelismAtShortSequenceCostsMoreThanDataParallelism() {
    // same tokens per GEMM (micro × seq / cp): only the ring and the smaller attention blocks differ
    TrainingEstimate dp = estimate(8, 1, 2048, 1);
    TrainingEstimate cp = estimate(1, 8, 2048, 8);
    assertThat(cp.stepSeconds()).isGreaterThan(dp.stepSeconds());
    assertThat(cp.time().contextParallel()).isPositive();
    assertThat(cp.time().compute()).isGreaterThan(dp.time().compute()); // attention kernels on 128-key blocks
    assertThat(dp.time().contextParallel()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 32, 64})
  void atTwoThousandTokensTheTopConfigurationsHaveNoContextParallelism(int gpus) {
    Plan plan = TrainingPlanner.calibrated().plan(PlanRequest.builder(LLAMA_8B, Cluster.of(H100, gpus)).sequenceLength(2048).top(2).build());
    assertThat(plan.best()).hasSize(2);
    assertThat(plan.best()).allSatisfy(e -> assertThat(e.job().parallelism().cp()).isEqualTo(1));
    // and no configuration that only moves a factor from dp to cp ties with the best
    Plan cpOnly = TrainingPlanner.calibrated().plan(PlanRequest.builder(LLAMA_8B, Cluster.of(H100, gpus)).sequenceLength(2048).top(1)
        .space(SearchSpace.ALL.withContextParallel(List.of(2, 4, 8))).build());
    assertThat(cpOnly.best().get(0).stepSeconds()).isGreaterThan(plan.best().get(0).stepSeconds());
  }

  @Test
  void atLongSequenceContextParallelismAppears() {
    Plan plan = TrainingPlanner.calibrated().plan(PlanRequest.builder(LLAMA_8B, Cluster.of(H100, 64)).sequenceLength(131072)
        .globalBatchSize(64).top(3).build());
    assertThat(plan.best()).isNotEmpty();
    assertThat(plan.best().get(0).job().parallelism().cp()).isGreaterThan(1);
  }

  @Test
  void llama3Places126LayersOn16StagesInterleaved() {
    TrainingJob.Builder b = TrainingJob.builder(LLAMA_405B, H100, 8192).sequenceLength(8192).globalBatchSize(2048);
    TrainingJob job = b.parallelism(Parallelism.builder().dp(64).tp(8).pp(16).virtualStages(4).sequenceParallel(true).build()).zero(ZeroStage.OPTIMIZER_STATES).build();
    TrainingEstimate interleaved = TrainingCostModel.calibrated().estimate(job);
    TrainingEstimate plain = TrainingCostModel.calibrated().estimate(job.withParallelism(Parallelism.builder().dp(64).tp(8).pp(16).sequenceParallel(true).build()));
    // (p−1)/v stage times; the stage itself changes a little with v (2v pipeline messages per
    // micro-batch, but overlapped with each chunk's compute under the interleaved schedule, while
    // 1F1B waits for its 2)
    assertThat(interleaved.time().bubble()).isBetween(plain.time().bubble() / 4 * 0.95, plain.time().bubble() / 3.5);
    assertThat(interleaved.assumptions())
        .anySatisfy(a -> assertThat(a).contains("the first stage takes 7, the last 7 and the largest 8"));
    // the slowest stage holds 8 layers and no output head (the last holds 7 and the head): faster than
    // 128 layers in even stages of 8 whose last also runs the head, and no faster than 8 layers alone
    TrainingEstimate even128 = TrainingCostModel.calibrated().estimate(job.toBuilder().model(LLAMA_405B.toBuilder().layers(128).build()).build());
    assertThat(interleaved.time().compute()).isLessThan(even128.time().compute())
        .isGreaterThan(even128.time().compute() * 8 / 9);
    assertThat(interleaved.memory().total().bytes()).isLessThanOrEqualTo(even128.memory().total().bytes());
  }

  @Test
  void theChooserCompletesAFixedLayoutOfLlama3() {
    TrainingJob.Builder b = TrainingJob.builder(LLAMA_405B, H100, 8192).sequenceLength(8192).globalBatchSize(2048);
    TrainingJob job = ParallelismChooser.complete(b, SearchSpace.ALL.withTensorParallel(List.of(8))
        .withPipelineParallel(List.of(16)).withDataParallel(List.of(64)));
    assertThat(job.parallelism().tp()).isEqualTo(8);
    assertThat(job.parallelism().pp()).isEqualTo(16);
    assertThat(job.parallelism().dp()).isEqualTo(64);
    assertThat(TrainingCostModel.calibrated().estimate(job).memory().fits()).isTrue();
  }
}
