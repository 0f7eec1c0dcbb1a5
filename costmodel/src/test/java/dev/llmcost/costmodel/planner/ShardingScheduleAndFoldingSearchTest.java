package dev.llmcost.costmodel.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PipelineSchedule;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The dimensions the planner searches besides the degrees: HSDP shard groups (FSDP/ZeRO sharding
 * within groups that replicate, combined with tp, pp and cp as torchtitan's meshes), pipeline
 * schedules (1F1B, interleaved, zero-bubble, DualPipe) and expert tensor parallelism folded over tp
 * × cp × dp (Megatron-Core MoE parallel folding).
 */
class ShardingScheduleAndFoldingSearchTest {

  static Cluster cluster(String accelerator, int gpus) {
    return Cluster.of(AcceleratorCatalog.bundled().get(accelerator), gpus);
  }

  static Set<Integer> shardGroups(Plan plan) {
    Set<Integer> groups = new TreeSet<>();
    plan.best().forEach(e -> groups.add(e.job().shardGroupSize()));
    return groups;
  }

  @Test
  void theDefaultSearchTriesFullShardingAndShardingWithinAScaleUpDomain() {
    // FSDP (ZeRO 3) of Llama 3.1 8B on 4 nodes of 8 H100: 32 data ranks, 8 per node with tp 1,
    // 4 per node with tp 2
    PlanRequest r = PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), cluster("h100-sxm", 32))
        .globalBatchSize(64)
        .space(SearchSpace.ALL.withPipelineParallel(List.of(1)).withContextParallel(List.of(1))
            .withTensorParallel(List.of(1, 2)).withZeroStages(List.of(ZeroStage.PARAMETERS)))
        .top(10_000)
        .build();
    Plan plan = TrainingPlanner.calibrated().plan(r);
    for (TrainingEstimate e : plan.best()) {
      Parallelism p = e.job().parallelism();
      int group = e.job().shardGroupSize();
      assertThat(group).as("%s", p).isIn(0, 8 / p.tp());
    }
    assertThat(shardGroups(plan)).containsExactly(0, 4, 8);
  }

  @Test
  void listedShardGroupsAreTriedAndAFixedOneIsKept() {
    PlanRequest.Builder b = PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), cluster("h100-sxm", 32))
        .globalBatchSize(64)
        .top(10_000);
    SearchSpace fsdp = SearchSpace.ALL.withPipelineParallel(List.of(1)).withContextParallel(List.of(1))
        .withTensorParallel(List.of(1)).withZeroStages(List.of(ZeroStage.PARAMETERS));
    Plan listed = TrainingPlanner.calibrated().plan(b.space(fsdp.withShardGroups(List.of(2, 16, 32))).build());
    // 32 is all 32 data ranks: plain sharding, reported as 0
    assertThat(shardGroups(listed)).containsExactly(0, 2, 16);
    Plan fixed = TrainingPlanner.calibrated().plan(b.space(fsdp).shardGroupSize(4).build());
    assertThat(shardGroups(fixed)).containsExactly(4);
    // a shard group never comes with ZeRO 0 (nothing to shard)
    Plan any = TrainingPlanner.calibrated().plan(b.space(SearchSpace.ALL.withPipelineParallel(List.of(1))
        .withContextParallel(List.of(1)).withTensorParallel(List.of(1))).shardGroupSize(0).build());
    any.best().stream().filter(e -> e.job().shardGroupSize() > 0)
        .forEach(e -> assertThat(e.job().zero()).isNotEqualTo(ZeroStage.NONE));
    assertThat(shardGroups(any)).contains(0, 8);
  }

  @Test
  void schedulesAreSearchedOnlyWhereAPipelineRuns() {
    PlanRequest.Builder b = PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-70b"), cluster("h100-sxm", 64))
        .sequenceLength(4096)
        .globalBatchSize(128)
        .top(10_000);
    Plan zb = TrainingPlanner.calibrated().plan(b.space(SearchSpace.ALL.withPipelineParallel(List.of(4))
        .withSchedules(List.of(PipelineSchedule.ZERO_BUBBLE))).build());
    assertThat(zb.best()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.job().parallelism().schedule()).isEqualTo(PipelineSchedule.ZERO_BUBBLE));
    Plan all = TrainingPlanner.calibrated().plan(b.space(SearchSpace.ALL.withPipelineParallel(List.of(1, 4))
        .withSchedules(List.of(PipelineSchedule.values()))).build());
    Set<PipelineSchedule> seen = new TreeSet<>();
    for (TrainingEstimate e : all.best()) {
      Parallelism p = e.job().parallelism();
      seen.add(p.schedule());
      if (p.pp() == 1) {
        assertThat(p.schedule()).isEqualTo(PipelineSchedule.ONE_F_ONE_B);
      }
      if (p.schedule() == PipelineSchedule.DUALPIPE) {
        assertThat(e.job().microBatchesPerStep() % 2).isZero();
      }
    }
    assertThat(seen).containsExactly(PipelineSchedule.values());
    // DualPipe needs an even pipeline: with pp 3 only pp = 1 configurations remain
    Plan odd = TrainingPlanner.calibrated().plan(b.space(SearchSpace.ALL.withPipelineParallel(List.of(1, 5))
        .withSchedules(List.of(PipelineSchedule.DUALPIPE))).build());
    assertThat(odd.best()).isNotEmpty().allSatisfy(e -> assertThat(e.job().parallelism().pp()).isEqualTo(1));
  }

  @Test
  void expertTensorParallelismIsFoldedOverTheDenseRanks() {
    // Mixtral 8x7B on 32 H100: ep 8 with etp 1 needs ep × etp to divide tp × cp × dp, not dp × cp
    PlanRequest r = PlanRequest.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"), cluster("h100-sxm", 32))
        .sequenceLength(4096)
        .globalBatchSize(64)
        .space(SearchSpace.ALL.withTensorParallel(List.of(4)).withPipelineParallel(List.of(4))
            .withExpertParallel(List.of(8)).withExpertTensorParallel(List.of(1)))
        .top(10_000)
        .build();
    Plan plan = TrainingPlanner.calibrated().plan(r);
    // dp × cp is 2: with etp = tp (the default) ep 8 would not be allowed at all
    assertThat(plan.best()).isNotEmpty().allSatisfy(e -> {
      Parallelism p = e.job().parallelism();
      assertThat(p.etp()).isEqualTo(1);
      assertThat(p.ep()).isEqualTo(8);
      assertThat(p.dp() * p.cp()).isEqualTo(2);
    });
    PlanRequest unfolded = PlanRequest.builder(r.recipe()).globalBatchSize(64)
        .space(r.space().withExpertTensorParallel(List.of())).top(10).build();
    assertThatThrownBy(() -> TrainingPlanner.calibrated().plan(unfolded))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no configuration is valid");
  }

  @Test
  void aFixedScheduleCompletesTheRestOfTheLayout() {
    TrainingJob.Builder template = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-70b"), cluster("h100-sxm", 64))
        .sequenceLength(4096)
        .globalBatchSize(128);
    TrainingJob job = dev.llmcost.costmodel.training.ParallelismChooser.complete(template,
        SearchSpace.ALL.withPipelineParallel(List.of(4)).withSchedules(List.of(PipelineSchedule.DUALPIPE)));
    assertThat(job.parallelism().schedule()).isEqualTo(PipelineSchedule.DUALPIPE);
    assertThat(job.parallelism().pp()).isEqualTo(4);
  }
}
