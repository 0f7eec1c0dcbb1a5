package dev.llmcost.examples;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.capacity.CapacityOption;
import dev.llmcost.costmodel.capacity.CapacityPlan;
import dev.llmcost.costmodel.capacity.CapacityPlanner;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.ServingCost;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.SelfHostedComparison;
import java.math.RoundingMode;
import java.util.List;

/**
 * The article's "one GPU serves 10 requests a second, a cluster 1,000", computed for a 7B and a
 * 70B model under stated latency objectives, with the cost per million tokens against an API
 * price from the price book.
 *
 * <pre>java -cp examples/target/llmcost.jar dev.llmcost.examples.InferenceCapacity</pre>
 */
public final class InferenceCapacity {
  private InferenceCapacity() {}

  /**
   * Prints the plans.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    Money pricePerGpuHour = Money.usd("2.50"); // an assumed rental price; use your own
    int input = 1_000;
    int output = 250;
    double ttftSlo = 1.0; // mean time to first token, seconds
    double tpotSlo = 0.050; // time per output token, seconds
    List<ModelPrice> apis = List.of(PriceBook.bundled().get("gpt-4o-mini"), PriceBook.bundled().get("gpt-4o"));
    System.out.printf("Requests of %,d input and %,d output tokens; mean TTFT <= %.0f ms, TPOT <= %.0f ms.%n",
        input, output, ttftSlo * 1e3, tpotSlo * 1e3);
    System.out.printf("H100 SXM at USD %s per GPU-hour (assumed); API list prices from the price book (seen %s).%n",
        pricePerGpuHour.amount().setScale(2, RoundingMode.HALF_UP), apis.get(0).seen());

    for (String id : List.of("llama-2-7b", "llama-2-70b")) {
      System.out.println();
      System.out.println(id);
      CapacityRequest.Builder load = CapacityRequest.builder(ModelCatalog.bundled().get(id), h100)
          .inputTokens(input)
          .outputTokens(output)
          .ttftSloSeconds(ttftSlo)
          .tpotSloSeconds(tpotSlo)
          .pricePerGpuHour(pricePerGpuHour);
      CapacityOption one = plan(load.requestsPerSecond(10).build());
      CapacityRequest scaled = load.requestsPerSecond(1_000).build();
      CapacityOption atScale = plan(scaled);
      double perGpu = atScale.requestsPerSecondPerReplica() / atScale.tp();
      System.out.printf("  one GPU serves %.1f requests a second within the objectives: the article's \"one GPU"
          + " serves 10 requests a second\" %s%n", perGpu,
          one.gpus() == 1 ? "holds" : "does not (10 take " + one.gpus() + " GPUs)");

      // Self-hosting against the APIs, both busy all the time: a replica of the 1,000 req/s plan.
      ServingCost replica = ServingCost.of(
          InferenceCostModel.calibrated().estimate(scaled.scenario(atScale.tp(), atScale.batch())), pricePerGpuHour);
      System.out.printf("  a busy replica: USD %s per request, USD %s per 1M output tokens (prefill included)%n",
          replica.perRequest().amount().setScale(6, RoundingMode.HALF_UP),
          replica.perMillionOutputTokensAllIn().amount().setScale(3, RoundingMode.HALF_UP));
      for (ModelPrice api : apis) {
        SelfHostedComparison vs = SelfHostedComparison.of(replica, api);
        System.out.printf("  %-12s    USD %s per request, USD %s per 1M output tokens: %s%n", api.id(),
            vs.apiRequest().total().amount().setScale(6, RoundingMode.HALF_UP),
            vs.apiPerMillionOutputTokens().amount().setScale(3, RoundingMode.HALF_UP),
            vs.selfHostingCheaperAtFullLoad()
                ? String.format("self-hosting is cheaper above %.0f%% utilisation", 100 * vs.costRatioAtFullLoad())
                : String.format("the API is cheaper even at full load (self-hosting costs %.1f×)",
                    vs.costRatioAtFullLoad()));
      }
    }
  }

  /** Plans the GPUs for a load, prints the cheapest plan and returns it. */
  private static CapacityOption plan(CapacityRequest request) {
    CapacityPlan plan = CapacityPlanner.calibrated().plan(request);
    CapacityOption best = plan.best().orElseThrow(() -> new IllegalStateException("no plan: " + plan.rejected()));
    System.out.printf("  %,5.0f req/s: %,4d GPU%s (%d × tp %d, batch %d), TTFT %.0f ms, TPOT %.1f ms,"
            + " USD %,.2f an hour, USD %s per 1M output tokens%n",
        request.requestsPerSecond(), best.gpus(), best.gpus() == 1 ? " " : "s", best.replicas(), best.tp(), best.batch(), best.ttftSeconds() * 1e3,
        best.tpotSeconds() * 1e3, best.costPerHour().amount().setScale(2, RoundingMode.HALF_UP),
        best.costPerMillionOutputTokens().amount().setScale(3, RoundingMode.HALF_UP));
    return best;
  }
}
