package dev.llmcost.examples.readme;

// snippet:planner-java
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.planner.Objective;
import dev.llmcost.costmodel.planner.Plan;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.planner.TrainingPlanner;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.TrainingEstimate;
import java.util.List;
// end-snippet

/** The README's planner snippet. */
public final class Planning {
  private Planning() {}

  /**
   * Runs the snippet.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // snippet:planner-java
    PlanRequest request = PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-70b"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 1024))
        .sequenceLength(8192).globalBatchSize(512)
        .trainingTokens(TokenCount.ofBillions(15_000))
        .space(SearchSpace.ALL.withGpuCounts(SearchSpace.wholeNodes(8, 64, 1024)))
        .objective(Objective.TIME).top(5)
        .build();
    Plan plan = TrainingPlanner.calibrated().plan(request, (searched, total, fit) -> {}, () -> false);  // progress, cancellation
    TrainingEstimate fastest = plan.best().get(0);       // a full estimate of a valid TrainingJob
    List<TrainingEstimate> front = plan.paretoFront();    // fastest per GPU count, each faster than all with fewer GPUs
    // end-snippet
    System.out.println(fastest.job() + " " + front.size());
  }
}
