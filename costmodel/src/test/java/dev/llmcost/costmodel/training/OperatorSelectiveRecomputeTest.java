package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.planner.Plan;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.planner.TrainingPlanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** torchtitan's per-operator selective recomputation ({@link Recompute#OP_SELECTIVE}). */
class OperatorSelectiveRecomputeTest {
  static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  static final ModelArchitecture LLAMA_8B = ModelCatalog.bundled().get("llama-3.1-8b");

  static TrainingEstimate estimate(Recompute mode) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(LLAMA_8B, Cluster.of(H100, 8))
            .parallelism(Parallelism.builder().dp(8).build())
            .sequenceLength(8192)
            .globalBatchSize(16)
            .microBatchSize(2)
            .zero(ZeroStage.PARAMETERS)
            .recompute(mode)
            .build());
  }

  @Test
  void costsMoreThanSelectiveAndLessThanFullWithSelectivesMemory() {
    TrainingEstimate none = estimate(Recompute.NONE);
    TrainingEstimate selective = estimate(Recompute.SELECTIVE);
    TrainingEstimate op = estimate(Recompute.OP_SELECTIVE);
    TrainingEstimate full = estimate(Recompute.FULL);
    assertThat(op.stepSeconds()).isGreaterThan(selective.stepSeconds()).isLessThan(full.stepSeconds());
    assertThat(selective.stepSeconds()).isEqualTo(none.stepSeconds()); // FlashAttention recomputes the core anyway
    assertThat(op.memory().total()).isEqualTo(selective.memory().total());
    assertThat(op.assumptions()).anyMatch(a -> a.contains("per-operator selective recomputation"));
  }

  @Test
  void thePlannerSearchesItOnlyWhenAsked() {
    PlanRequest.Builder request = PlanRequest.builder(LLAMA_8B, Cluster.of(H100, 8)).sequenceLength(8192).top(3);
    Plan byDefault = TrainingPlanner.calibrated().plan(request.build());
    assertThat(byDefault.best()).isNotEmpty().noneMatch(e -> e.job().recompute() == Recompute.OP_SELECTIVE);
    Plan asked =
        TrainingPlanner.calibrated().plan(request.space(SearchSpace.ALL.withRecomputes(List.of(Recompute.OP_SELECTIVE)))
            .build());
    assertThat(asked.best()).isNotEmpty().allMatch(e -> e.job().recompute() == Recompute.OP_SELECTIVE);
  }
}
