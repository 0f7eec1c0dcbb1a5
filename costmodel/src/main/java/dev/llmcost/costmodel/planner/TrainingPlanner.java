package dev.llmcost.costmodel.planner;

import dev.llmcost.costmodel.internal.planner.Crew;
import dev.llmcost.costmodel.internal.planner.Search;
import dev.llmcost.costmodel.internal.planner.SearchProblem;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Searches every valid training configuration of a {@link PlanRequest} and keeps the best.
 *
 * <p>Each configuration (see {@link SearchSpace} for the dimensions and the rules) is evaluated
 * with the training cost model's allocation-free core, memory first: a configuration that does
 * not fit is never timed, and whole groups are skipped when a memory lower bound (model states
 * alone; plain 1F1B for its interleaved variants; a smaller micro-batch at a fixed batch) already
 * exceeds the device. The partitions of the space (GPU count × tp × pp × cp × ep) are shared out
 * to {@link PlanRequest#threads()} worker threads, each with its own bounded top-k; the merged
 * result is the same for any number of threads. Only the configurations returned are turned into
 * {@link TrainingEstimate}s, through the public model, so their figures are those of {@code
 * TrainingCostModel.calibrated().estimate(job)}.
 *
 * <p>Immutable and thread-safe: no global state; the helper threads live for one plan, started
 * when it starts (when the request's size is worth them) and used in turn to enumerate the
 * partitions, search them and estimate the configurations returned. The
 * training counterpart of {@code CapacityPlanner.calibrated().plan(request)}.
 */
public final class TrainingPlanner {
  private static final TrainingPlanner CALIBRATED = new TrainingPlanner(TrainingCostModel.calibrated());

  private final TrainingCostModel model;

  private TrainingPlanner(TrainingCostModel model) {
    this.model = model;
  }

  /**
   * Returns the planner over the calibrated training model ({@link TrainingCostModel#calibrated()}):
   * each configuration is costed with the efficiency profile of the request's cluster.
   *
   * @return the planner
   */
  public static TrainingPlanner calibrated() {
    return CALIBRATED;
  }

  /** Returns the training model that costs the configurations returned. */
  public TrainingCostModel model() {
    return model;
  }

  /**
   * Plans without progress reports or cancellation (an interrupt still cancels).
   *
   * @param request the request
   * @return the plan
   * @throws IllegalArgumentException if no configuration of the space is valid, naming the model,
   *     GPUs and batch
   * @throws CancellationException if the calling thread is interrupted (its status is kept)
   */
  public Plan plan(PlanRequest request) {
    return plan(request, PlanProgress.NONE, () -> false);
  }

  /**
   * Plans, reporting progress and polling for cancellation on the calling thread about every 100
   * ms.
   *
   * @param request the request
   * @param progress receives progress
   * @param cancelled returns true to stop the search
   * @return the plan
   * @throws IllegalArgumentException if no configuration of the space is valid
   * @throws CancellationException if {@code cancelled} returned true or the calling thread was
   *     interrupted (its interrupt status is then kept)
   */
  public Plan plan(PlanRequest request, PlanProgress progress, BooleanSupplier cancelled) {
    long start = System.nanoTime();
    // the helper threads start now, while the calling thread begins the set-up, and serve the
    // enumeration, the search and the result estimates in turn
    Crew crew = request.threads() > 1 && SearchProblem.worthHelpers(request) ? Crew.start(request.threads() - 1) : null;
    try {
      return plan(request, progress, cancelled, crew, start);
    } finally {
      if (crew != null) {
        crew.close();
      }
    }
  }

  private Plan plan(PlanRequest request, PlanProgress progress, BooleanSupplier cancelled, @Nullable Crew crew,
      long start) {
    SearchProblem problem = SearchProblem.of(request, crew);
    if (problem.total() == 0) {
      TrainingJob r = request.recipe();
      throw new IllegalArgumentException(
          "no configuration is valid for " + r.model().id() + " on " + describeCounts(request.gpuCounts())
              + " GPUs with global batch " + request.globalBatchSize() + " (" + request.batchPolicy().id()
              + "): tp must divide the heads (" + r.model().heads() + ") and the node, pp the GPUs (at most "
              + r.model().layers() + " layers), cp the sequence (" + r.sequenceLength() + "), and dp × micro-batch "
              + "the global batch" + (r.expertParallelOverlap()
                  ? "; with expertParallelOverlap, ep > 1, no full recomputation and virtual stages when pp > 1"
                  : ""));
    }
    Search.Outcome out = Search.run(problem, request.threads(), crew, progress::update, cancelled);

    // the keys of the configurations returned: the best, the fastest of each GPU count that beats
    // every smaller count (time front), the same by GPU-hours (cost front), the least memory
    long[] bestKeys = out.bestKeys();
    List<Integer> counts = request.gpuCounts();
    List<Integer> withResult = new ArrayList<>();
    for (int g = 0; g < counts.size(); g++) {
      if (out.bestPerGpuCount()[g] >= 0) {
        withResult.add(g);
      }
    }
    double[] wall = out.wallPerGpuCount();
    List<Long> frontKeys = new ArrayList<>();
    double fastest = Double.POSITIVE_INFINITY;
    for (int g : withResult) {
      if (wall[g] < fastest) {
        fastest = wall[g];
        frontKeys.add(out.bestPerGpuCount()[g]);
      }
    }
    List<Integer> byCost = new ArrayList<>(withResult);
    byCost.sort(
        Comparator.comparingDouble((Integer g) -> counts.get(g) * wall[g])
            .thenComparingDouble(g -> wall[g])
            .thenComparingInt(g -> g));
    List<Long> costFrontKeys = new ArrayList<>();
    fastest = Double.POSITIVE_INFINITY;
    for (int g : byCost) {
      if (wall[g] < fastest) {
        fastest = wall[g];
        costFrontKeys.add(out.bestPerGpuCount()[g]);
      }
    }
    // each distinct configuration estimated once, through the public model; on the request's
    // threads when there are enough of them (llama-70b-nodes returns about 100)
    Map<Long, Integer> slot = new LinkedHashMap<>();
    for (long k : bestKeys) {
      slot.putIfAbsent(k, slot.size());
    }
    frontKeys.forEach(k -> slot.putIfAbsent(k, slot.size()));
    costFrontKeys.forEach(k -> slot.putIfAbsent(k, slot.size()));
    if (out.leastMemoryKey() >= 0) {
      slot.putIfAbsent(out.leastMemoryKey(), slot.size());
    }
    long[] keys = new long[slot.size()];
    int filled = 0;
    for (long k : slot.keySet()) {
      keys[filled++] = k;
    }
    TrainingEstimate[] estimates = new TrainingEstimate[keys.length];
    // the assumptions are formatted as one more piece of the same phase, beside the estimates:
    // the first piece handed out, as probably the longest, so that the phase does not end with
    // one thread formatting while the other waits
    int n = keys.length;
    List<?>[] notes = new List<?>[1];
    Crew.forEach(crew, n + 1, PARALLEL_ESTIMATES_FROM, () -> i -> {
      if (i == 0) {
        notes[0] = assumptions(request, problem, out);
      } else {
        estimates[i - 1] = model.estimate(problem.job(keys[i - 1]));
      }
    });
    @SuppressWarnings("unchecked")
    List<String> assumptions = (List<String>) notes[0];
    List<TrainingEstimate> best = new ArrayList<>();
    for (long k : bestKeys) {
      best.add(estimates[slot.get(k)]);
    }
    List<TrainingEstimate> front = new ArrayList<>();
    frontKeys.forEach(k -> front.add(estimates[slot.get(k)]));
    List<TrainingEstimate> costFront = new ArrayList<>();
    costFrontKeys.forEach(k -> costFront.add(estimates[slot.get(k)]));
    TrainingEstimate least = out.leastMemoryKey() >= 0 ? estimates[slot.get(out.leastMemoryKey())] : null;
    long searched = out.evaluated() + out.pruned();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Plan(request, best, front, costFront, searched, out.evaluated(), out.pruned(), out.feasible(), seconds,
        least, assumptions);
  }

  /**
   * From this many pieces (the distinct configurations returned, each estimated, and the
   * assumptions, formatted) the last phase is shared with the helper threads when the plan has
   * them: they are already running (spinning since the search), so handing them pieces costs a
   * microsecond or two, less than one estimate.
   */
  private static final int PARALLEL_ESTIMATES_FROM = 2;

  private static String describeCounts(List<Integer> counts) {
    return counts.size() == 1 ? grouped(counts.get(0))
        : grouped(counts.get(0)) + "-" + grouped(counts.get(counts.size() - 1));
  }

  /**
   * {@code n} with a comma between groups of three digits, as {@code String.format(Locale.ROOT,
   * "%,d", n)} writes it, without parsing a format.
   */
  static String grouped(long n) {
    String digits = Long.toString(Math.abs(n));
    StringBuilder b = new StringBuilder(digits.length() + digits.length() / 3 + 1);
    if (n < 0) {
      b.append('-');
    }
    int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    b.append(digits, 0, first);
    for (int i = first; i < digits.length(); i += 3) {
      b.append(',').append(digits, i, i + 3);
    }
    return b.toString();
  }

  private static List<String> assumptions(PlanRequest r, SearchProblem problem, Search.Outcome out) {
    List<String> a = new ArrayList<>();
    a.add("searched " + grouped(out.evaluated() + out.pruned()) + " valid configurations of " + r.recipe().model().id()
        + " in " + grouped(problem.partitionCount()) + " splits of GPUs × tp × pp × cp × ep on "
        + describeCounts(r.gpuCounts()) + " GPUs: " + grouped(out.evaluated()) + " evaluated (memory first), "
        + grouped(out.pruned()) + " pruned by a memory lower bound without evaluation, " + grouped(out.feasible())
        + " fit and were timed");
    a.add("global batch " + r.globalBatchSize() + " sequences, " + switch (r.batchPolicy()) {
      case EXACT -> "exactly (dp × micro-batch must divide it)";
      case AT_MOST -> "at most (each configuration takes the largest multiple of its dp below it)";
      case AT_LEAST -> "at least (each configuration takes the smallest multiple of its dp above it)";
    });
    int last = r.recipe().lastPipelineStageLayers();
    a.add("tensor parallelism within a node of " + r.recipe().cluster().gpusPerNode() + " GPUs; " + (r.pipelineLayout()
        .isPresent()
        // s21f: the request's pipeline layout (PlanRequest.Builder#pipelineLayout) fixes pp and the chunks
        ? "pipeline stages as the layout " + r.pipelineLayout().get() + " places them (pp "
            + r.pipelineLayout().get().pipelineStages() + ", " + r.pipelineLayout().get().virtualStages()
            + " chunk(s) a rank, 1F1B or interleaved; the slowest rank is timed)"
        : last > 0
        // s20o: the given last stage (TrainingJob.Builder#lastPipelineStageLayers) and SearchProblem's chunk counts
        ? "pipeline stages as given: the last holds " + last + " layers, the others split the rest evenly (pipelines"
            + " whose other stages cannot are skipped; the slowest stage is timed); interleaved schedule when v divides"
            + " the layers of the largest default stage or both the last stage's and the others', the smallest holds at"
            + " least v and pp divides the micro-batches"
        : "pipeline stages as even as whole layers allow, the last and first holding one fewer (the slowest is timed);"
            + " interleaved schedule when v divides the layers of the largest stage, the smallest holds at least v and"
            + " pp divides the micro-batches") + "; sequence parallelism off and on when tp > 1");
    a.add("not enumerated as redundant: ZeRO above 0 with one data-parallel rank, selective recomputation with"
        + " FlashAttention (nothing to recompute) when none is searched");
    if (r.recipe().expertParallelOverlap()) {
      // Megatron-Core's TransformerConfig.__post_init__ (NVIDIA/Megatron-LM d98e8a64dd), as TrainingJob refuses
      a.add("expert-parallel overlap (combined 1F1B): only ep > 1, no full recomputation, and with a pipeline virtual"
          + " stages (or DualPipe), as Megatron-Core requires");
    }
    a.add("ranked by " + switch (r.objective()) {
      case TIME -> "wall clock for the training tokens";
      case COST -> "GPU-hours (cost at the fixed price)";
      case MFU -> "MFU";
    } + "; ties broken by less memory per GPU, then fewer GPUs, smaller tp, pp, cp, ep, fewer virtual stages,"
        + " smaller micro-batch, lower ZeRO stage, less recomputation, sequence parallelism off");
    a.add("each configuration's figures come from the training cost model; see its estimate's assumptions");
    return a;
  }
}
