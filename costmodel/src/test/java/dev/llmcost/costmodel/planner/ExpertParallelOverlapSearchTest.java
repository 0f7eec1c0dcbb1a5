package dev.llmcost.costmodel.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.ParallelismChooser;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner and the layout completion keep, beside the expert-parallel overlap, only what Megatron-Core's combined
 * 1F1B accepts ({@code TransformerConfig.__post_init__}, {@code megatron/core/transformer/transformer_config.py} at
 * NVIDIA/Megatron-LM d98e8a64dd): ep > 1, no full recomputation, virtual stages when pp > 1; and a job fixed against
 * them is refused by name (s14q).
 */
class ExpertParallelOverlapSearchTest {

  private static final Cluster SIXTEEN_H100 = Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 16);

  /** Qwen3-30B-A3B (48 layers, 128 experts) on 16 H100s, 4K sequences, 512 of them a step. */
  private static PlanRequest.Builder request(boolean overlap) {
    return PlanRequest.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"), SIXTEEN_H100)
        .sequenceLength(4096)
        .globalBatchSize(512)
        .batchPolicy(BatchPolicy.EXACT)
        .expertParallelOverlap(overlap);
  }

  private static TrainingJob.Builder job() {
    return TrainingJob.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"), SIXTEEN_H100)
        .sequenceLength(4096)
        .globalBatchSize(512)
        .microBatchSize(1)
        .expertParallelOverlap(true);
  }

  @Test
  void everyConfigurationReturnedRunsTheCombinedSchedule() {
    Plan plan = TrainingPlanner.calibrated().plan(request(true).top(200).build());
    assertThat(plan.best()).hasSize(200);
    for (TrainingEstimate e : plan.best()) {
      Parallelism p = e.job().parallelism();
      assertThat(e.job().recompute()).isNotEqualTo(Recompute.FULL);
      assertThat(p.ep()).isGreaterThan(1);
      assertThat(p.pp() == 1 || p.virtualStages() > 1).as(p.toString()).isTrue();
    }
    assertThat(plan.assumptions()).anyMatch(a -> a.contains("expert-parallel overlap (combined 1F1B): only ep > 1"));
    // the same space without the overlap holds more configurations: the ones the overlap excludes
    assertThat(TrainingPlanner.calibrated().plan(request(false).top(1).build()).searched()).isGreaterThan(plan.searched());
  }

  @Test
  void aSpaceOfOnlyExcludedValuesHasNoConfiguration() {
    SearchSpace fullOnly = SearchSpace.ALL.withRecomputes(List.of(Recompute.FULL));
    SearchSpace epOne = SearchSpace.ALL.withExpertParallel(List.of(1));
    SearchSpace oneChunk = SearchSpace.ALL.withPipelineParallel(List.of(2)).withVirtualStages(List.of(1));
    for (SearchSpace s : List.of(fullOnly, epOne, oneChunk)) {
      // searchable without the overlap ...
      assertThat(TrainingPlanner.calibrated().plan(request(false).space(s).top(1).build()).best()).isNotEmpty();
      // ... and empty beside it, the overlap named
      assertThatThrownBy(() -> TrainingPlanner.calibrated().plan(request(true).space(s).top(1).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no configuration is valid")
          .hasMessageContaining("with expertParallelOverlap, ep > 1, no full recomputation and virtual stages");
    }
  }

  @Test
  void theCompletionOfABlankRecomputeAndVirtualStagesKeepsTheOverlapRunnable() {
    // the Megatron-Bridge Qwen3-30B-A3B H100 rows' degrees (PP 2, EP 8), recompute and virtual stages left open,
    // full recomputation and one chunk a rank offered first
    SearchSpace open = SearchSpace.ALL.withTensorParallel(List.of(1)).withPipelineParallel(List.of(2))
        .withDataParallel(List.of(8)).withContextParallel(List.of(1)).withExpertParallel(List.of(8))
        .withRecomputes(List.of(Recompute.FULL, Recompute.SELECTIVE)).withMicroBatches(List.of(1));
    TrainingJob done = ParallelismChooser.complete(job(), open);
    assertThat(done.recompute()).isEqualTo(Recompute.SELECTIVE);
    assertThat(done.parallelism().virtualStages()).isGreaterThan(1);
    assertThat(done.expertParallelOverlap()).isTrue();
  }

  @Test
  void theLibraryRefusesAFixedContradictionByName() {
    Parallelism interleaved = Parallelism.builder().dp(8).pp(2).virtualStages(2).ep(8).build();
    assertThatThrownBy(() -> job().parallelism(interleaved).recompute(Recompute.FULL).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expertParallelOverlap excludes recompute full")
        .hasMessageContaining("disable full recomputation when enabling overlap_moe_expert_parallel_comm");
    assertThatThrownBy(() -> job().parallelism(Parallelism.builder().dp(8).pp(2).ep(8).build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expertParallelOverlap with pp 2 needs virtual stages > 1");
    assertThatThrownBy(() -> TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"), SIXTEEN_H100)
            .expertParallelOverlap(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expertParallelOverlap needs an MoE model")
        .hasMessageContaining("llama-3.1-8b");
    // s14j: the command line refused --ep-overlap at --ep 1 while the library built it (costed without the overlap)
    assertThatThrownBy(() -> job().parallelism(Parallelism.dataParallel(16)).recompute(Recompute.SELECTIVE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expertParallelOverlap needs ep > 1")
        .hasMessageContaining("overlap_moe_expert_parallel_comm is only supported with expert model parallelism")
        .hasMessageEndingWith("was ep 1");
    // what Megatron-Core accepts beside it: selective recomputation, the interleaved schedule
    assertThat(job().parallelism(interleaved).recompute(Recompute.SELECTIVE).build().expertParallelOverlap()).isTrue();
  }
}
