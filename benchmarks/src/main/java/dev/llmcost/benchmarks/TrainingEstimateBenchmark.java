package dev.llmcost.benchmarks;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
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
 * One training estimate of a dense model (issue target: at most 1 µs), through the public API
 * ({@link TrainingCostModel#estimate}: model constants, evaluation, the immutable result), with its
 * assumptions formatted (as a report prints them), and the allocation-free evaluator core that the
 * planner calls with precomputed model and hardware constants.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrainingEstimateBenchmark {

  @Param({"llama-2-7b", "llama-3.1-70b"})
  public String model;

  TrainingJob job;
  ModelConstants constants;
  HardwareConstants hardware;
  EvalConfig config;
  Evaluation result;

  @Setup
  public void setUp() {
    job =
        TrainingJob.builder(ModelCatalog.bundled().get(model), Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64))
            .parallelism(Parallelism.builder().dp(4).tp(4).pp(4).sequenceParallel(true).build())
            .sequenceLength(4096)
            .globalBatchSize(256)
            .zero(ZeroStage.OPTIMIZER_STATES)
            .recompute(Recompute.SELECTIVE)
            .build();
    constants = ModelConstants.of(job.model());
    hardware = JobMapping.hardware(job.cluster(), job.precision(), new HardwareConstants());
    config = JobMapping.config(job, new EvalConfig());
    result = new Evaluation();
  }

  /** The evaluator core on precomputed constants, reusing its output (what the planner calls). */
  @Benchmark
  public double evaluateCore() {
    Evaluator.evaluate(constants, hardware, config, result);
    return result.stepSeconds;
  }

  /** The public estimate: every figure, breakdown and the (lazily formatted) assumptions list. */
  @Benchmark
  public TrainingEstimate estimate() {
    return TrainingCostModel.calibrated().estimate(job);
  }

  /** The public estimate with its assumptions formatted, as a report prints it. */
  @Benchmark
  public int estimateWithAssumptionText() {
    return TrainingCostModel.calibrated().estimate(job).assumptions().get(0).length();
  }
}
