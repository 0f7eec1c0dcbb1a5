package dev.llmcost.examples.readme;

// snippet:inference-java
import dev.llmcost.core.DType;
import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.capacity.CapacityPlan;
import dev.llmcost.costmodel.capacity.CapacityPlanner;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.ServingCost;
import dev.llmcost.costmodel.inference.SteadyLoad;
// end-snippet

/** The README's inference and capacity snippet. */
public final class Inference {
  private Inference() {}

  /**
   * Runs the snippet.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // snippet:inference-java
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-70b"),
            AcceleratorCatalog.bundled().get("h100-sxm"))
        .tp(4).batch(32).inputTokens(1000).outputTokens(250)
        .weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).build();
    InferenceEstimate e = InferenceCostModel.calibrated().estimate(s);
    System.out.println(e.ttft() + ", " + e.tpot() + " per token, " + e.outputTokensPerSecondPerGpu() + " tok/s/GPU");
    System.out.println(ServingCost.of(e, Money.usd("2.50")).perMillionOutputTokens());
    // continuous batching at 5 requests/s (Poisson arrivals), and what the replica costs at that load
    SteadyLoad load = InferenceCostModel.calibrated().atRequestRate(s, 5);
    System.out.println(load.ttftSeconds() + " s TTFT, " + load.cost(Money.usd("2.50")).perMillionOutputTokens()
        + " per million output tokens at this load");

    CapacityPlan plan = CapacityPlanner.calibrated().plan(CapacityRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            AcceleratorCatalog.bundled().get("h100-sxm"))
        .requestsPerSecond(1000).inputTokens(1000).outputTokens(250).ttftSloSeconds(1).tpotSloSeconds(0.05).build());
    System.out.println(plan.best().orElseThrow().gpus() + " GPUs");
    // end-snippet
  }
}
