package dev.llmcost.costmodel.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.EfficiencyCalibration;
import dev.llmcost.costmodel.training.ParallelismChooser;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlannerTest {

  static final AcceleratorSpec A100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
  static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  static final ModelArchitecture ONE_T = EfficiencyCalibration.gptStyle("megatron-1t", 128, 25600, 160, 51200, 2048);

  /** About 100,000 configurations: large enough for the worker threads. */
  static PlanRequest.Builder large() {
    return PlanRequest.builder(ONE_T, Cluster.of(A100, 3072)).globalBatchSize(3072);
  }

  static PlanRequest.Builder llama70bOnNodes() {
    return PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-70b"), Cluster.of(H100, 256))
        .sequenceLength(8192)
        .globalBatchSize(256)
        .space(SearchSpace.ALL.withGpuCounts(SearchSpace.wholeNodes(8, 32, 256)));
  }

  @Test
  void theBestAreSortedFitAndCarryThePublicEstimate() {
    Plan plan = TrainingPlanner.calibrated().plan(large().top(10).build());
    assertThat(plan.best()).hasSize(10);
    double previous = 0;
    for (TrainingEstimate e : plan.best()) {
      assertThat(e.memory().fits()).isTrue();
      assertThat(Seconds.of(e.wallClock())).isGreaterThanOrEqualTo(previous);
      previous = Seconds.of(e.wallClock());
      TrainingEstimate again = TrainingCostModel.calibrated().estimate(e.job());
      assertThat(again.stepSeconds()).isEqualTo(e.stepSeconds());
      assertThat(again.memory()).isEqualTo(e.memory());
    }
    assertThat(plan.searched()).isEqualTo(plan.evaluated() + plan.pruned());
    assertThat(plan.feasible()).isBetween(1L, plan.evaluated());
    assertThat(plan.assumptions()).anySatisfy(a -> assertThat(a).contains("pruned by a memory lower bound"));
  }

  @Test
  void theAnswerDoesNotDependOnTheThreads() {
    Plan one = TrainingPlanner.calibrated().plan(large().threads(1).build());
    Plan three = TrainingPlanner.calibrated().plan(large().threads(3).build());
    assertThat(three.best()).isEqualTo(one.best());
    assertThat(three.paretoFront()).isEqualTo(one.paretoFront());
    assertThat(List.of(three.searched(), three.evaluated(), three.pruned(), three.feasible()))
        .isEqualTo(List.of(one.searched(), one.evaluated(), one.pruned(), one.feasible()));
  }

  @Test
  void manyGpuCountsGiveTheSameAnswerOnAnyNumberOfThreads() {
    // 29 GPU counts and a top 40: enough distinct results for their estimates to be shared out too
    Plan one = TrainingPlanner.calibrated().plan(llama70bOnNodes().top(40).threads(1).build());
    assertThat(one.best().size() + one.paretoFront().size() + one.paretoFrontByCost().size()).isGreaterThan(16);
    for (int threads : new int[] {2, 3}) {
      Plan many = TrainingPlanner.calibrated().plan(llama70bOnNodes().top(40).threads(threads).build());
      assertThat(many.best()).isEqualTo(one.best());
      assertThat(many.paretoFront()).isEqualTo(one.paretoFront());
      assertThat(many.paretoFrontByCost()).isEqualTo(one.paretoFrontByCost());
      assertThat(many.leastMemory()).isEqualTo(one.leastMemory());
      assertThat(many.assumptions()).isEqualTo(one.assumptions());
      assertThat(List.of(many.searched(), many.evaluated(), many.pruned(), many.feasible()))
          .isEqualTo(List.of(one.searched(), one.evaluated(), one.pruned(), one.feasible()));
    }
  }

  @Test
  void progressIsReportedOnTheCallingThreadAndEndsAtTheTotal() {
    List<long[]> calls = new ArrayList<>();
    Thread caller = Thread.currentThread();
    Plan plan =
        TrainingPlanner.calibrated().plan(large().threads(2).build(), (searched, total, feasible) -> {
          assertThat(Thread.currentThread()).isSameAs(caller);
          calls.add(new long[] {searched, total, feasible});
        }, () -> false);
    assertThat(calls).isNotEmpty();
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
    }
    assertThat(calls.get(calls.size() - 1)).containsExactly(plan.searched(), plan.searched(), plan.feasible());
  }

  @Test
  void aCancelledSearchThrowsOnEveryPath() {
    assertThatThrownBy(() -> TrainingPlanner.calibrated().plan(large().threads(2).build(), PlanProgress.NONE, () -> true))
        .isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> TrainingPlanner.calibrated().plan(large().threads(1).build(), PlanProgress.NONE, () -> true))
        .isInstanceOf(CancellationException.class);
    AtomicInteger polls = new AtomicInteger();
    assertThatThrownBy(
            () -> TrainingPlanner.calibrated().plan(llama70bOnNodes().threads(1).build(), PlanProgress.NONE, () -> polls.incrementAndGet() > 3))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void anInterruptCancelsAndIsKept() {
    for (int threads : new int[] {1, 2}) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> TrainingPlanner.calibrated().plan(large().threads(threads).build()))
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void paretoFrontsTradeTimeAgainstGpusAndCost() {
    Plan time = TrainingPlanner.calibrated().plan(llama70bOnNodes().objective(Objective.TIME).build());
    List<TrainingEstimate> front = time.paretoFront();
    assertThat(front.size()).isGreaterThan(3);
    for (int i = 1; i < front.size(); i++) {
      assertThat(front.get(i).job().gpus()).isGreaterThan(front.get(i - 1).job().gpus());
      assertThat(Seconds.of(front.get(i).wallClock())).isLessThan(Seconds.of(front.get(i - 1).wallClock()));
    }
    // the fastest overall ends the front; the cheapest starts the cost front
    assertThat(front.get(front.size() - 1)).isEqualTo(time.best().get(0));
    List<TrainingEstimate> byCost = time.paretoFrontByCost();
    for (int i = 1; i < byCost.size(); i++) {
      assertThat(byCost.get(i).gpuHours()).isGreaterThanOrEqualTo(byCost.get(i - 1).gpuHours());
      assertThat(Seconds.of(byCost.get(i).wallClock())).isLessThan(Seconds.of(byCost.get(i - 1).wallClock()));
    }
    Plan cost = TrainingPlanner.calibrated().plan(llama70bOnNodes().objective(Objective.COST).build());
    assertThat(cost.best().get(0)).isEqualTo(byCost.get(0));
    for (TrainingEstimate e : front) {
      assertThat(e.gpuHours()).isGreaterThanOrEqualTo(cost.best().get(0).gpuHours());
    }
    // at a fixed price, GPU-hours and MFU rank alike
    Plan mfu = TrainingPlanner.calibrated().plan(llama70bOnNodes().objective(Objective.MFU).build());
    assertThat(mfu.best().get(0).job()).isEqualTo(cost.best().get(0).job());
    assertThat(mfu.best().get(0).mfu()).isGreaterThanOrEqualTo(time.best().get(0).mfu());
  }

  @Test
  void theSpaceRestrictsTheSearch() {
    SearchSpace narrow =
        SearchSpace.ALL.withTensorParallel(List.of(8)).withContextParallel(List.of(1)).withInterleaved(false)
            .withZeroStages(List.of(ZeroStage.OPTIMIZER_STATES)).withRecomputes(List.of(Recompute.SELECTIVE))
            .withSequenceParallel(List.of(true)).withMicroBatches(List.of(1, 2));
    Plan plan = TrainingPlanner.calibrated().plan(large().space(narrow).top(1000).build());
    assertThat(plan.best()).isNotEmpty().allSatisfy(e -> {
      TrainingJob j = e.job();
      assertThat(j.parallelism().tp()).isEqualTo(8);
      assertThat(j.parallelism().cp()).isEqualTo(1);
      assertThat(j.parallelism().virtualStages()).isEqualTo(1);
      assertThat(j.parallelism().sequenceParallel()).isTrue();
      assertThat(j.zero()).isEqualTo(ZeroStage.OPTIMIZER_STATES);
      assertThat(j.recompute()).isEqualTo(Recompute.SELECTIVE);
      assertThat(j.microBatchSize()).isBetween(1, 2);
    });
  }

  @Test
  void theCalculonProblemSplitsANonPowerOfTwoGpuCount() {
    // 5,128 = 8 × 641: the data-parallel degree carries the prime 641, pp ≤ 8 (uneven stages of 105 layers)
    ModelArchitecture m530 = EfficiencyCalibration.gptStyle("megatron-530b", 105, 20480, 128, 51200, 2048);
    Plan plan =
        TrainingPlanner.calibrated().plan(PlanRequest.builder(m530, Cluster.of(A100, 5128)).globalBatchSize(1920)
            .batchPolicy(BatchPolicy.AT_MOST).build());
    assertThat(plan.best()).isNotEmpty().allSatisfy(e -> {
      assertThat(e.job().gpus()).isEqualTo(5128);
      assertThat(e.job().parallelism().dp() % 641).isZero();
      assertThat(e.job().globalBatchSize()).isEqualTo(1282);
    });
  }

  @Test
  void whenNothingFitsTheLeastMemoryIsOffered() {
    Plan plan =
        TrainingPlanner.calibrated().plan(PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-405b"), Cluster.of(A100, 8))
            .sequenceLength(4096).globalBatchSize(8).build());
    assertThat(plan.best()).isEmpty();
    assertThat(plan.feasible()).isZero();
    assertThat(plan.paretoFront()).isEmpty();
    assertThat(plan.leastMemory()).hasValueSatisfying(e -> assertThat(e.memory().fits()).isFalse());
  }

  @Test
  void theChooserAgreesWithThePlanner() {
    TrainingJob.Builder template =
        TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-70b"), Cluster.of(H100, 64))
            .sequenceLength(8192).globalBatchSize(128).zero(ZeroStage.OPTIMIZER_STATES);
    TrainingJob chosen = ParallelismChooser.choose(template);
    Plan plan =
        TrainingPlanner.calibrated().plan(PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-70b"), Cluster.of(H100, 64))
            .sequenceLength(8192).globalBatchSize(128)
            .space(SearchSpace.ALL.withZeroStages(List.of(ZeroStage.OPTIMIZER_STATES))).top(1).build());
    assertThat(plan.best().get(0).job()).isEqualTo(chosen);
  }

  @Test
  void badRequestsNameTheField() {
    ModelArchitecture gpt2 = ModelCatalog.bundled().get("gpt2");
    Cluster eight = Cluster.of(A100, 8);
    assertThatThrownBy(() -> PlanRequest.builder(gpt2, eight).top(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("top must be > 0, was 0");
    assertThatThrownBy(() -> PlanRequest.builder(gpt2, eight).space(SearchSpace.ALL.withGpuCounts(List.of(12))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gpuCounts must be whole nodes of 8 GPUs or a divisor of 8, was 12");
    assertThatThrownBy(() -> SearchSpace.ALL.withTensorParallel(List.of(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensorParallel");
    assertThatThrownBy(() -> SearchSpace.ALL.withZeroStages(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("zeroStages must name at least one value, was empty");
    assertThatThrownBy(() -> PlanRequest.builder(gpt2, eight).sequenceLength(2048).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequenceLength");
    assertThatThrownBy(() -> TrainingPlanner.calibrated().plan(PlanRequest.builder(gpt2, eight).sequenceLength(1024).globalBatchSize(7)
            .space(SearchSpace.ALL.withTensorParallel(List.of(1)).withPipelineParallel(List.of(1))
                .withContextParallel(List.of(1))).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no configuration is valid for gpt2 on 8 GPUs with global batch 7 (exact)");
    assertThatThrownBy(() -> Objective.parse("fast")).hasMessage("objective must be time, cost or mfu, was \"fast\"");
    assertThatThrownBy(() -> BatchPolicy.parse("some"))
        .hasMessage("batch policy must be exact, at-most or at-least, was \"some\"");
    assertThat(BatchPolicy.parse("AT_MOST")).isEqualTo(BatchPolicy.AT_MOST);
    assertThat(SearchSpace.wholeNodes(8, 2, 32)).containsExactly(2, 4, 8, 16, 24, 32);
  }

  /**
   * s24h: the request's placeholder job has ZeRO 0, and two mappings follow the ZeRO stage: under Megatron-Core's
   * distributed optimizer (ZeRO 1) FP8 parameters merge the non-FP8 buckets into the last bucket group (s23j), and
   * MXFP8 parameters are all-gathered in bf16 (s23o). Each candidate is ranked with its own stage's mapping: the best
   * come out in the order of the figures printed for them, the fastest of every GPU count is the one its estimate
   * says, and the top row is what the same job, built from scratch as {@code train} builds it, costs.
   */
  @Test
  void fp8ParameterCandidatesAreRankedWithTheirOwnZeroStagesMapping() {
    AcceleratorSpec b200 = AcceleratorCatalog.bundled().get("b200");
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-3.1-8b");
    for (String precision : new String[] {"fp8", "mxfp8"}) {
      PrecisionRecipe recipe = PrecisionRecipe.parse(precision).toBuilder().parameterGatherBytes(1).build();
      PlanRequest request = PlanRequest.builder(llama, Cluster.of(b200, 64))
          .sequenceLength(8192)
          .globalBatchSize(128)
          .precision(recipe)
          .space(SearchSpace.ALL.withGpuCounts(List.of(32, 64)))
          .top(20)
          .threads(1)
          .build();
      Plan plan = TrainingPlanner.calibrated().plan(request);
      assertThat(plan.best()).as(precision).hasSize(20);
      assertThat(plan.best()).as(precision).anySatisfy(e -> assertThat(e.job().zero()).isEqualTo(ZeroStage.OPTIMIZER_STATES));
      double previous = 0;
      for (TrainingEstimate e : plan.best()) {
        assertThat(Seconds.of(e.wallClock())).as("%s %s", precision, e.job().parallelism())
            .isGreaterThanOrEqualTo(previous);
        previous = Seconds.of(e.wallClock());
      }
      // the time front holds the fastest configuration of each GPU count that beats every smaller count
      TrainingEstimate first = plan.best().get(0);
      assertThat(plan.paretoFront().get(plan.paretoFront().size() - 1).wallClock()).isEqualTo(first.wallClock());
      TrainingJob job = first.job();
      TrainingJob fresh = TrainingJob.builder(llama, Cluster.of(b200, job.gpus()))
          .sequenceLength(8192)
          .globalBatchSize(job.globalBatchSize())
          .microBatchSize(job.microBatchSize())
          .precision(recipe)
          .parallelism(job.parallelism())
          .zero(job.zero())
          .recompute(job.recompute())
          .build();
      TrainingEstimate train = TrainingCostModel.calibrated().estimate(fresh);
      assertThat(String.format(java.util.Locale.ROOT, "%.4f", train.stepSeconds()))
          .isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", first.stepSeconds()));
      assertThat(train.stepSeconds()).isEqualTo(first.stepSeconds());
      System.out.printf(java.util.Locale.ROOT, "s24h %s --fp8-param-gather on B200: best %s micro %d zero %d %s"
          + " step %.4f s%n", precision, job.parallelism(), job.microBatchSize(), job.zero().stage(),
          job.recompute().id(), first.stepSeconds());
    }
  }
}
