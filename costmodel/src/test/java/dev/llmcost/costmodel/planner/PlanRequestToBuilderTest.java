package dev.llmcost.costmodel.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanRequestToBuilderTest {
  private static final PlanRequest REQUEST =
      PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 16))
          .sequenceLength(4096)
          .globalBatchSize(256)
          .batchPolicy(BatchPolicy.AT_LEAST)
          .space(SearchSpace.ALL.withTensorParallel(List.of(1, 2)))
          .objective(Objective.COST)
          .top(3)
          .threads(1)
          .build();

  @Test
  void toBuilderKeepsEverySetting() {
    assertThat(REQUEST.toBuilder().build()).isEqualTo(REQUEST);
  }

  @Test
  void toBuilderChangesOnlyWhatIsSet() {
    PlanRequest other = REQUEST.toBuilder().globalBatchSize(512).build();
    assertThat(other.globalBatchSize()).isEqualTo(512);
    assertThat(other.batchPolicy()).isEqualTo(BatchPolicy.AT_LEAST);
    assertThat(other.objective()).isEqualTo(Objective.COST);
    assertThat(other.recipe().sequenceLength()).isEqualTo(4096);
    assertThat(other).isNotEqualTo(REQUEST);
  }
}
