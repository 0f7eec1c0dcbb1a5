package dev.llmcost.costmodel.planner;

import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of a search: the best configurations by the objective, the Pareto fronts of time
 * against GPUs and against cost, and how much was searched, pruned, evaluated and found to fit.
 *
 * <p>Every configuration is a full {@link TrainingEstimate} computed by the public training model,
 * so it carries the same figures as {@code TrainingCostModel.calibrated().estimate(job)} for its job.
 */
public final class Plan {
  private final PlanRequest request;
  private final List<TrainingEstimate> best;
  private final List<TrainingEstimate> paretoFront;
  private final List<TrainingEstimate> paretoFrontByCost;
  private final long searched;
  private final long evaluated;
  private final long pruned;
  private final long feasible;
  private final double seconds;
  private final @Nullable TrainingEstimate leastMemory;
  private final List<String> assumptions;

  Plan(
      PlanRequest request,
      List<TrainingEstimate> best,
      List<TrainingEstimate> paretoFront,
      List<TrainingEstimate> paretoFrontByCost,
      long searched,
      long evaluated,
      long pruned,
      long feasible,
      double seconds,
      @Nullable TrainingEstimate leastMemory,
      List<String> assumptions) {
    this.request = request;
    this.best = List.copyOf(best);
    this.paretoFront = List.copyOf(paretoFront);
    this.paretoFrontByCost = List.copyOf(paretoFrontByCost);
    this.searched = searched;
    this.evaluated = evaluated;
    this.pruned = pruned;
    this.feasible = feasible;
    this.seconds = seconds;
    this.leastMemory = leastMemory;
    this.assumptions = List.copyOf(assumptions);
  }

  /** Returns the request. */
  public PlanRequest request() {
    return request;
  }

  /**
   * Returns up to {@code top} configurations that fit, best first by the objective (ties: less
   * memory per GPU, then the canonical order of {@link PlanRequest#space()}); empty if none fits.
   */
  public List<TrainingEstimate> best() {
    return best;
  }

  /**
   * Returns the Pareto front of wall clock against GPUs, by ascending GPUs: each entry is the
   * fastest fitting configuration of its GPU count and faster than every entry with fewer GPUs.
   * At a fixed global batch the wall clock is the step time times the steps.
   */
  public List<TrainingEstimate> paretoFront() {
    return paretoFront;
  }

  /**
   * Returns the Pareto front of wall clock against cost (GPU-hours, hence dollars at the fixed
   * price), by ascending cost: no other configuration is both cheaper and faster.
   */
  public List<TrainingEstimate> paretoFrontByCost() {
    return paretoFrontByCost;
  }

  /** Returns the valid configurations searched: evaluated plus pruned. */
  public long searched() {
    return searched;
  }

  /** Returns the configurations whose memory was evaluated (those that fit were also timed). */
  public long evaluated() {
    return evaluated;
  }

  /** Returns the configurations skipped because a memory lower bound already exceeded the device. */
  public long pruned() {
    return pruned;
  }

  /** Returns the configurations that fit in memory (each timed and ranked). */
  public long feasible() {
    return feasible;
  }

  /** Returns the wall time of the search in seconds, setup and result estimates included. */
  public double seconds() {
    return seconds;
  }

  /** Returns configurations searched per second. */
  public double searchedPerSecond() {
    return searched / Math.max(seconds, 1e-9);
  }

  /** Returns configurations evaluated (memory computed) per second. */
  public double evaluatedPerSecond() {
    return evaluated / Math.max(seconds, 1e-9);
  }

  /** Returns, when no configuration fits, the one that needs the least memory per GPU. */
  public Optional<TrainingEstimate> leastMemory() {
    return Optional.ofNullable(leastMemory);
  }

  /** Returns what the search assumed and how it counted, in words. */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Plan[searched=%d, evaluated=%d, pruned=%d, feasible=%d, %.3f s, best=%s]",
        searched, evaluated, pruned, feasible, seconds,
        best.isEmpty() ? "none" : best.get(0).job().parallelism().toString());
  }
}
