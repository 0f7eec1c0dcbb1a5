package dev.llmcost.benchmarks;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.planner.SearchProblem;
import dev.llmcost.costmodel.planner.BatchPolicy;
import dev.llmcost.costmodel.planner.Plan;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.planner.TrainingPlanner;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.EfficiencyCalibration;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parallelism planner (issue target: at least 1,000,000 evaluated configurations per second on
 * the 2-core development machine): whole searches through the public {@link TrainingPlanner#plan}, setup
 * and result estimates included, on two threads and on one; and, as the reference in the same run,
 * the same search done naively through the public API: every configuration built as a {@code
 * TrainingJob} and estimated with {@link TrainingCostModel#estimate}, one thread, no pruning.
 *
 * <p>Throughput mode: the primary score is searches per second; the counters {@code searched}
 * (every valid configuration, pruned ones included), {@code evaluated} (memory computed) and
 * {@code feasible} (fit, hence also timed) are reported per second.
 *
 * <p>Problems: {@code calculon-530b} is the reference problem (the 530B Megatron model on
 * 5,128 A100s, global batch at most 1,920, as Calculon's search takes a maximum batch); {@code
 * megatron-1t} the 1T model of Narayanan et al. Table 1 on its 3,072 GPUs; {@code llama-70b-nodes}
 * Llama 3.1 70B on every whole number of H100 nodes from 64 to 1,024 GPUs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlannerBenchmark {

  @Param({"calculon-530b", "megatron-1t", "llama-70b-nodes"})
  public String problem;

  PlanRequest twoThreads;
  PlanRequest oneThread;
  SearchProblem naive;

  /** Configurations per second, reported beside the searches per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Counts {
    /** Valid configurations searched, pruned ones included. */
    public long searched;
    /** Configurations whose memory was evaluated. */
    public long evaluated;
    /** Configurations that fit (timed too). */
    public long feasible;

    /** Clears the counters before each iteration. */
    @Setup(Level.Iteration)
    public void clear() {
      searched = 0;
      evaluated = 0;
      feasible = 0;
    }

    void add(Plan p) {
      searched += p.searched();
      evaluated += p.evaluated();
      feasible += p.feasible();
    }
  }

  /**
   * Plans {@code one} and {@code two} in turn for {@code warmup.seconds} (a system property,
   * default {@code defaultSeconds}), so that both paths are compiled before anything is measured.
   *
   * @return the sum of the configurations evaluated (for a sink)
   */
  static long warmUp(TrainingPlanner planner, PlanRequest one, PlanRequest two, long defaultSeconds) {
    long warmEnd = System.nanoTime() + Long.getLong("warmup.seconds", defaultSeconds) * 1_000_000_000L;
    long sink = 0;
    while (System.nanoTime() < warmEnd) {
      sink += planner.plan(one).evaluated() + planner.plan(two).evaluated();
    }
    return sink;
  }

  /** Returns the first {@code fields} fields of {@code /proc/loadavg}, or "?" where it cannot be read. */
  static String loadAverage(int fields) {
    try {
      String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
      return String.join(" ", java.util.Arrays.copyOf(parts, Math.min(fields, parts.length)));
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  static PlanRequest.Builder request(String problem) {
    AcceleratorSpec a100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
    return switch (problem) {
      case "calculon-530b" -> {
        ModelArchitecture m = EfficiencyCalibration.gptStyle("megatron-530b", 105, 20480, 128, 51200, 2048);
        yield PlanRequest.builder(m, Cluster.of(a100, 5128)).globalBatchSize(1920).batchPolicy(BatchPolicy.AT_MOST);
      }
      case "megatron-1t" -> {
        ModelArchitecture m = EfficiencyCalibration.gptStyle("megatron-1t", 128, 25600, 160, 51200, 2048);
        yield PlanRequest.builder(m, Cluster.of(a100, 3072)).globalBatchSize(3072);
      }
      case "llama-70b-nodes" ->
          PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-70b"),
                  Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 1024))
              .sequenceLength(8192)
              .globalBatchSize(512)
              .space(SearchSpace.ALL.withGpuCounts(SearchSpace.wholeNodes(8, 64, 1024)));
      default -> throw new IllegalArgumentException("problem " + problem);
    };
  }

  @Setup
  public void setUp() {
    twoThreads = request(problem).threads(2).build();
    oneThread = request(problem).threads(1).build();
    naive = SearchProblem.of(oneThread);
  }

  /** The planner on two worker threads. */
  @Benchmark
  public Plan planTwoThreads(Counts counts) {
    Plan p = TrainingPlanner.calibrated().plan(twoThreads);
    counts.add(p);
    return p;
  }

  /** The planner on the calling thread. */
  @Benchmark
  public Plan planOneThread(Counts counts) {
    Plan p = TrainingPlanner.calibrated().plan(oneThread);
    counts.add(p);
    return p;
  }

  /**
   * Reference: every configuration of the same space built and estimated through the public API
   * ({@code TrainingJob} + {@code TrainingCostModel.estimate}), one thread, no pruning; returns the
   * fastest wall clock that fits.
   */
  @Benchmark
  public double naivePublicApi(Counts counts) {
    double[] best = {Double.POSITIVE_INFINITY};
    long[] n = {0, 0};
    naive.forEachKey(
        key -> {
          TrainingEstimate e = TrainingCostModel.calibrated().estimate(naive.job(key));
          n[0]++;
          if (e.memory().fits()) {
            n[1]++;
            best[0] = Math.min(best[0], Seconds.of(e.wallClock()));
          }
        });
    counts.searched += n[0];
    counts.evaluated += n[0];
    counts.feasible += n[1];
    return best[0];
  }
}
