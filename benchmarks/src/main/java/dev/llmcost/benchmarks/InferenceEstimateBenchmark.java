package dev.llmcost.benchmarks;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.capacity.CapacityPlan;
import dev.llmcost.costmodel.capacity.CapacityPlanner;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.capacity.DisaggregatedPlan;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference estimates and capacity searches. Targets: one estimate (prefill, exact TPOT over every
 * decode step, memory, largest batch, breakdowns, assumptions) in at most 1 µs; one capacity search
 * over tensor parallelism × batch for one model and GPU in at most 1 ms. References in the same
 * run: the TPOT summed step by step over the decode steps (what a per-token simulation does), and
 * the capacity search over every batch instead of the geometric grid.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InferenceEstimateBenchmark {

  @Param({"llama-3.1-8b", "llama-3.1-70b", "deepseek-v3"})
  public String model;

  InferenceCostModel costModel;
  InferenceScenario scenario;
  InferenceScenario[] batches;
  InferenceScenario[] alternating;
  int next;
  CapacityRequest request;
  CapacityPlanner planner;
  double[] rates;

  @Setup
  public void setUp() {
    costModel = InferenceCostModel.calibrated();
    planner = CapacityPlanner.calibrated();
    ModelArchitecture m = ModelCatalog.bundled().get(model);
    boolean big = model.equals("deepseek-v3");
    AcceleratorSpec gpu = AcceleratorCatalog.bundled().get(big ? "h200-sxm" : "h100-sxm");
    int tp = model.equals("llama-3.1-8b") ? 1 : big ? 8 : 4;
    QuantizationScheme weights = big ? QuantizationScheme.fp8() : QuantizationScheme.uniform(DType.BF16);
    scenario =
        InferenceScenario.builder(m, gpu).tp(tp).weights(weights).batch(32).inputTokens(1000)
            .outputTokens(250).build();
    batches = new InferenceScenario[64];
    for (int b = 0; b < batches.length; b++) {
      batches[b] = scenario.withBatch(b + 1);
    }
    alternating = new InferenceScenario[] {scenario, scenario.withTp(tp == 1 ? 2 : tp / 2)};
    // s22h: request rates from 10% to 99.9% of the highest sustainable one, where the steady state's batch search
    // takes the most steps
    double top = costModel.maxRequestRate(scenario, 1, dev.llmcost.costmodel.inference.PrefillScheduling.MIXED);
    rates = new double[] {0.1 * top, 0.5 * top, 0.9 * top, 0.99 * top, 0.999 * top, 0.9999 * top, top, 0.7 * top};
    request =
        CapacityRequest.builder(m, gpu).weights(weights).requestsPerSecond(100).inputTokens(1000)
            .outputTokens(250).ttftSloSeconds(2.0).tpotSloSeconds(0.1).build();
  }

  /**
   * One complete estimate with the closed-form TPOT, cycling through batches 1–64 of one
   * configuration (as the throughput curve and capacity search do).
   */
  @Benchmark
  public InferenceEstimate estimate() {
    next = (next + 1) & 63;
    return costModel.estimate(batches[next]);
  }

  /**
   * One complete estimate of a configuration not seen by the previous call (tensor parallelism
   * alternating), so the roofline and memory of the configuration are prepared every time.
   */
  @Benchmark
  public InferenceEstimate estimateNewConfiguration() {
    next = (next + 1) & 1;
    return costModel.estimate(alternating[next]);
  }

  /** Reference: the TPOT summed over every one of the 249 decode steps. */
  @Benchmark
  public double tpotStepByStep() {
    double sum = 0;
    int steps = scenario.outputTokens() - 1;
    for (int j = 1; j <= steps; j++) {
      sum += costModel.decodeStep(scenario, (long) scenario.inputTokens() + j).seconds();
    }
    return sum / steps;
  }

  /**
   * One steady state at a request rate ({@link InferenceCostModel#atRequestRate}), cycling through eight rates up to
   * the highest sustainable one (s22h: the batch grown from 1 until Little's law holds).
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public dev.llmcost.costmodel.inference.SteadyLoad atRequestRate() {
    next = (next + 1) & 7;
    return costModel.atRequestRate(scenario, rates[next]);
  }

  /** The highest sustainable request rate ({@link InferenceCostModel#maxRequestRate}): a bisection of searches. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public double maxRequestRate() {
    return costModel.maxRequestRate(scenario, 1, dev.llmcost.costmodel.inference.PrefillScheduling.MIXED);
  }

  /** One capacity search over tensor parallelism 1–8 × the batch grid. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public CapacityPlan capacitySearch() {
    return planner.plan(request);
  }

  /** Reference: the same search over every batch up to the bound. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public CapacityPlan capacitySearchExhaustive() {
    return planner.planExhaustively(request);
  }

  /**
   * One disaggregated capacity search: the co-located search, the decode pool of each degree over
   * the batch grid and every pair of prefill and decode degrees.
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public DisaggregatedPlan capacitySearchDisaggregated() {
    return planner.planDisaggregated(request);
  }
}
