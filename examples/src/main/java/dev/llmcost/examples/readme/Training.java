package dev.llmcost.examples.readme;

// snippet:training-java
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.ParallelismChooser;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
// end-snippet

/** The README's training snippet. */
public final class Training {
  private Training() {}

  /**
   * Runs the snippet.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // snippet:training-java
    TrainingJob job = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-70b"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64))
        .parallelism(Parallelism.builder().dp(2).tp(8).pp(4).sequenceParallel(true).build())
        .sequenceLength(8192).globalBatchSize(128)
        .zero(ZeroStage.OPTIMIZER_STATES).recompute(Recompute.SELECTIVE)
        .trainingTokens(TokenCount.ofBillions(15_000))
        .build();
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
    System.out.printf("MFU %.1f%%, %.0f GPU-hours, %s, fits: %s%n",
        100 * e.mfu(), e.gpuHours(), e.cost(), e.memory().fits());
    TrainingJob chosen = ParallelismChooser.choose(job);  // fastest fitting tp/pp/dp, micro-batch, recompute
    // end-snippet
    System.out.println(chosen.parallelism());
  }
}
