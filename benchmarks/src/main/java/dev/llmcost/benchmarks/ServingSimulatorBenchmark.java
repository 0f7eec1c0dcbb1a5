package dev.llmcost.benchmarks;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.serving.LengthDistribution;
import dev.llmcost.costmodel.serving.ServingSimulation;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
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
 * The serving simulator's speed on one replica: one operation simulates {@link #REQUESTS} requests
 * of Llama 3.1 8B on one H100 (prompts lognormal(1000, 0.8), outputs lognormal(250, 0.6), Poisson
 * arrivals at {@code rps}), percentiles and series included. Simulated requests per second of wall
 * time = {@link #REQUESTS} / (seconds per operation). Target (issue 19): at least 1,000,000 on one
 * core. {@code rps} 12 is a loaded but stable replica (about 60 running sequences, 2 steps a
 * request); 1 is a nearly idle one (a few sequences, about 60 steps a request), the worst case for
 * steps per request; 20 is overloaded (the queue grows, 1,000 running, preemptions).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ServingSimulatorBenchmark {

  /** Requests per operation. */
  public static final int REQUESTS = 100_000;

  @Param({"12", "1", "20"})
  public double rps;

  ServingSimulation simulation;
  ServingSimulator simulator;

  @Setup
  public void setUp() {
    InferenceScenario engine = InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
        AcceleratorCatalog.bundled().get("h100-sxm")).build();
    simulation = ServingSimulation.builder(engine)
        .requestsPerSecond(rps)
        .durationSeconds(REQUESTS / rps)
        .input(LengthDistribution.lognormal(1000, 0.8))
        .output(LengthDistribution.lognormal(250, 0.6))
        .build();
    simulator = ServingSimulator.calibrated();
  }

  @Benchmark
  public SimulationResult simulateOneReplica() {
    return simulator.simulate(simulation);
  }
}
