package dev.llmcost.costmodel.internal.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import dev.llmcost.costmodel.planner.BatchPolicy;
import dev.llmcost.costmodel.planner.Objective;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.training.TrainingAttentionKernel;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.EfficiencyCalibration;
import dev.llmcost.costmodel.training.PipelineSchedule;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the search, pruning included, against brute force: every configuration of a few small
 * problems is built as a public {@link TrainingJob} and evaluated without pruning; the planner must
 * find the same best configurations in the same order, the same fastest configuration of each GPU
 * count, and count every configuration exactly once.
 */
class SearchAgainstBruteForceTest {

  static Cluster cluster(String accelerator, int gpus) {
    return Cluster.of(AcceleratorCatalog.bundled().get(accelerator), gpus);
  }

  static Stream<Arguments> problems() {
    PlanRequest gpt =
        PlanRequest.builder(ModelCatalog.bundled().get("gpt3-1.3b"), cluster("a100-sxm-40gb", 16))
            .globalBatchSize(64)
            .attention(TrainingAttentionKernel.UNFUSED)
            .dropout(true)
            .top(20)
            .build();
    PlanRequest llama =
        PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), cluster("h100-sxm", 32))
            .sequenceLength(8192)
            .globalBatchSize(64)
            .space(SearchSpace.ALL.withGpuCounts(List.of(4, 8, 16, 24, 32)))
            .objective(Objective.COST)
            .top(12)
            .build();
    PlanRequest mixtral =
        PlanRequest.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"), cluster("h100-sxm", 16))
            .sequenceLength(4096)
            .globalBatchSize(32)
            .objective(Objective.MFU)
            .top(7)
            .build();
    PlanRequest tight =
        PlanRequest.builder(ModelCatalog.bundled().get("llama-2-70b"), cluster("a100-sxm-80gb", 32))
            .sequenceLength(4096)
            .globalBatchSize(40)
            .batchPolicy(BatchPolicy.AT_MOST)
            .space(SearchSpace.ALL.withMicroBatches(List.of(1, 2, 3, 4)))
            .top(10)
            .build();
    PlanRequest gemma =
        PlanRequest.builder(ModelCatalog.bundled().get("gemma-2-9b"), cluster("h100-sxm", 8))
            .sequenceLength(8192)
            .globalBatchSize(200)
            .batchPolicy(BatchPolicy.AT_LEAST)
            .trainingTokens(TokenCount.ofBillions(100))
            .top(5)
            .build();
    PlanRequest megatron =
        PlanRequest.builder(EfficiencyCalibration.gptStyle("megatron-18.4b", 40, 6144, 48, 51200, 2048),
                cluster("a100-sxm-80gb", 64))
            .globalBatchSize(128)
            .attention(TrainingAttentionKernel.UNFUSED)
            .dropout(true)
            .shardGroupSize(4)
            .top(6)
            .build();
    // expert tensor parallelism folded over tp × cp × dp, listed HSDP groups, every schedule
    PlanRequest folded =
        PlanRequest.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"), cluster("h100-sxm", 32))
            .sequenceLength(4096)
            .globalBatchSize(64)
            .space(SearchSpace.ALL.withExpertTensorParallel(List.of(1, 2)).withShardGroups(List.of(0, 2, 4))
                .withSchedules(List.of(PipelineSchedule.values())))
            .top(9)
            .build();
    // the default HSDP groups (within a scale-up domain) with zero-bubble and DualPipe pipelines
    PlanRequest hybrid =
        PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), cluster("a100-sxm-80gb", 64))
            .sequenceLength(4096)
            .globalBatchSize(256)
            .space(SearchSpace.ALL.withSchedules(List.of(PipelineSchedule.ZERO_BUBBLE, PipelineSchedule.DUALPIPE,
                PipelineSchedule.INTERLEAVED)))
            .top(11)
            .build();
    // s24h: FP8 parameters on Megatron-Core, every ZeRO stage searched: ZeRO 1 (the distributed optimizer) merges the
    // non-FP8 buckets into the last bucket group (s23j) and, for MXFP8, all-gathers bf16 (s23o); the request's
    // placeholder job has ZeRO 0, so each candidate must be costed with its own stage's mapping
    PlanRequest fp8Parameters =
        PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), cluster("h100-sxm", 32))
            .sequenceLength(8192)
            .globalBatchSize(64)
            .precision(PrecisionRecipe.parse("fp8").toBuilder().parameterGatherBytes(1).build())
            .space(SearchSpace.ALL.withGpuCounts(List.of(16, 32)))
            .top(12)
            .build();
    PlanRequest mxfp8Parameters =
        PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), cluster("b200", 32))
            .sequenceLength(8192)
            .globalBatchSize(64)
            .precision(PrecisionRecipe.parse("mxfp8").toBuilder().parameterGatherBytes(1).build())
            .space(SearchSpace.ALL.withGpuCounts(List.of(16, 32)))
            .top(12)
            .build();
    return Stream.of(gpt, llama, mixtral, tight, gemma, megatron, folded, hybrid, fp8Parameters, mxfp8Parameters)
        .map(r -> Arguments.of(r.recipe().model().id() + " " + r.recipe().precision().id()
            + (r.recipe().precision().fp8Parameters() ? " fp8-params" : ""), r));
  }

  record Row(long key, double score, double memory, double wall, int gpuIndex) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void thePrunedSearchFindsWhatBruteForceFinds(String name, PlanRequest request) {
    SearchProblem pb = SearchProblem.of(request);
    ModelConstants m = ModelConstants.of(request.recipe().model());
    List<Row> fitting = new ArrayList<>();
    long[] count = {0};
    EvalConfig c = new EvalConfig();
    Evaluation e = new Evaluation();
    pb.forEachKey(
        key -> {
          count[0]++;
          TrainingJob job = pb.job(key); // every enumerated configuration is a valid job
          HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), new HardwareConstants());
          Evaluator.evaluate(m, hw, JobMapping.config(job, c), e);
          // s24h: the stage-dependent mapping the search copies into this candidate is its own job's
          EvalConfig stage = pb.zeroStages[c.zero];
          assertThat(List.of(stage.zero, stage.parameterCommBytes, stage.fp8ParameterBuckets)).as("%s", job)
              .isEqualTo(List.of(c.zero, c.parameterCommBytes, c.fp8ParameterBuckets));
          assertThat(Evaluator.modelStateBytes(m, c)).as("memory bound of %s", job.parallelism())
              .isLessThanOrEqualTo(e.totalBytes * (1 + 1e-12));
          if (e.fits) {
            double wall = job.trainingTokens().value() / (e.tokensPerSecondPerGpu * job.gpus());
            double score =
                switch (request.objective()) {
                  case TIME -> wall;
                  case COST -> job.gpus() * wall;
                  case MFU -> -e.mfu;
                };
            fitting.add(new Row(key, score, e.totalBytes, wall, request.gpuCounts().indexOf(job.gpus())));
          }
        });
    assertThat(count[0]).isEqualTo(pb.total());

    Search.Outcome out = Search.run(pb, 1, (s, t, f) -> {}, () -> false);
    Comparator<Row> order =
        Comparator.comparingDouble(Row::score).thenComparingDouble(Row::memory).thenComparingLong(Row::key);
    long[] expected = fitting.stream().sorted(order).limit(request.top()).mapToLong(Row::key).toArray();
    assertThat(out.bestKeys()).containsExactly(expected);
    assertThat(out.feasible()).isEqualTo(fitting.size());
    assertThat(out.evaluated() + out.pruned()).isEqualTo(pb.total());
    for (int g = 0; g < request.gpuCounts().size(); g++) {
      int gi = g;
      long fastest =
          fitting.stream()
              .filter(r -> r.gpuIndex() == gi)
              .min(Comparator.comparingDouble(Row::wall).thenComparingDouble(Row::memory).thenComparingLong(Row::key))
              .map(Row::key)
              .orElse(-1L);
      assertThat(out.bestPerGpuCount()[g]).as("fastest on %d GPUs", request.gpuCounts().get(g)).isEqualTo(fastest);
      // s24h: the wall clock the search ranked it by is the one its own job maps to
      double fastestWall = fitting.stream().filter(r -> r.gpuIndex() == gi).mapToDouble(Row::wall).min()
          .orElse(Double.POSITIVE_INFINITY);
      assertThat(out.wallPerGpuCount()[g]).as("fastest wall clock on %d GPUs", request.gpuCounts().get(g))
          .isEqualTo(fastestWall);
    }
    // the figures the planner ranked by are those of the public estimate
    for (long key : out.bestKeys()) {
      TrainingEstimate estimate = TrainingCostModel.calibrated().estimate(pb.job(key));
      Row row = fitting.stream().filter(r -> r.key() == key).findFirst().orElseThrow();
      assertThat(estimate.wallClock()).isEqualTo(Seconds.toDuration(row.wall()));
    }
    System.out.printf(Locale.ROOT, "%-20s %,8d configurations: %,8d evaluated, %,8d pruned, %,7d fit; best %s%n", name,
        pb.total(), out.evaluated(), out.pruned(), out.feasible(),
        expected.length == 0 ? "none" : pb.job(expected[0]).parallelism() + " micro " + pb.job(expected[0]).microBatchSize());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void anyNumberOfThreadsGivesTheSameAnswer(String name, PlanRequest request) {
    SearchProblem pb = SearchProblem.of(request);
    Search.Outcome one = Search.run(pb, 1, (s, t, f) -> {}, () -> false);
    for (int threads : new int[] {2, 3, 8}) {
      // run the parallel path even below the inline threshold
      Search.Outcome many = Search.runParallel(pb, threads, (s, t, f) -> {}, () -> false);
      assertThat(many.bestKeys()).isEqualTo(one.bestKeys());
      assertThat(many.bestPerGpuCount()).isEqualTo(one.bestPerGpuCount());
      assertThat(Arrays.asList(many.evaluated(), many.pruned(), many.feasible(), many.leastMemoryKey()))
          .isEqualTo(Arrays.asList(one.evaluated(), one.pruned(), one.feasible(), one.leastMemoryKey()));
    }
  }
}
