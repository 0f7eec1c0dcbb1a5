package dev.llmcost.examples;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.serving.ArrivalProcess;
import dev.llmcost.costmodel.serving.LengthDistribution;
import dev.llmcost.costmodel.serving.ServingSimulation;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulatedCapacity;
import dev.llmcost.costmodel.serving.SimulationResult;

/**
 * What the mean hides: Llama 3.1 8B on one H100 under Poisson and bursty arrivals with long-tailed
 * lengths, simulated request by request, then the fewest GPUs whose P99 latencies meet the
 * objectives at 20 requests a second.
 *
 * <pre>java -cp examples/target/examples.jar dev.llmcost.examples.ServingPercentiles</pre>
 */
public final class ServingPercentiles {
  private ServingPercentiles() {}

  /**
   * Prints the simulations.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    InferenceScenario engine = InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
        AcceleratorCatalog.bundled().get("h100-sxm")).build();
    ServingSimulation.Builder load = ServingSimulation.builder(engine)
        .input(LengthDistribution.lognormal(1000, 0.8)) // median 1,000 prompt tokens, long tail
        .output(LengthDistribution.lognormal(250, 0.6))
        .durationSeconds(300)
        .seed(42);
    System.out.println("llama-3.1-8b on one h100-sxm, prompts lognormal(1000, 0.8), outputs lognormal(250, 0.6)");
    System.out.println("  arrivals                 TTFT P50    TTFT P99    TPOT P50    TPOT P99   preemptions");
    for (double rps : new double[] {4, 8, 12}) {
      for (double cv : new double[] {1, 4}) {
        SimulationResult r = ServingSimulator.calibrated().simulate(load.arrivals(ArrivalProcess.gamma(rps, cv)).build());
        System.out.printf("  %4.0f req/s, %-9s %8.0f ms %8.0f ms %8.1f ms %8.1f ms %10d%n", rps,
            cv == 1 ? "Poisson" : "bursty", 1e3 * r.ttft().p50(), 1e3 * r.ttft().p99(), 1e3 * r.tpot().p50(),
            1e3 * r.tpot().p99(), r.preemptions());
      }
    }

    // The fewest GPUs for 20 req/s with P99 TTFT <= 1 s and P99 TPOT <= 50 ms, from the analytic plan.
    CapacityRequest request = CapacityRequest.builder(engine.model(), engine.accelerator())
        .requestsPerSecond(20).inputTokens(1000).outputTokens(250).ttftSloSeconds(1).tpotSloSeconds(0.05)
        .tpCandidates(java.util.List.of(1, 2)).build();
    SimulatedCapacity c = ServingSimulator.calibrated().searchCapacity(request, load.requestsPerSecond(20).build(), null);
    System.out.printf("20 req/s: the analytic plan says %d GPU(s); by simulation %d GPU(s) (%d × tp %d) keep P99 TTFT at"
            + " %.0f ms and P99 TPOT at %.1f ms (%d simulations)%n", c.analytic().best().orElseThrow().gpus(), c.gpus(),
        c.replicas(), c.tp(), 1e3 * c.best().orElseThrow().ttft().p99(), 1e3 * c.best().orElseThrow().tpot().p99(),
        c.simulations());
  }
}
