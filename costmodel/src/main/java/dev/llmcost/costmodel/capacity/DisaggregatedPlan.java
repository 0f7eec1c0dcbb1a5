package dev.llmcost.costmodel.capacity;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of a disaggregated capacity search ({@link CapacityPlanner#planDisaggregated}): the
 * cheapest prefill and decode pools that meet the objectives, the co-located plan of the same
 * request to compare with, why the rejected configurations fail, and the assumptions.
 */
public final class DisaggregatedPlan {
  private final CapacityRequest request;
  private final @Nullable DisaggregatedOption best;
  private final CapacityPlan colocated;
  private final List<String> rejected;
  private final int searched;
  private final List<String> assumptions;

  DisaggregatedPlan(CapacityRequest request, @Nullable DisaggregatedOption best, CapacityPlan colocated,
      List<String> rejected, int searched, List<String> assumptions) {
    this.request = request;
    this.best = best;
    this.colocated = colocated;
    this.rejected = List.copyOf(rejected);
    this.searched = searched;
    this.assumptions = List.copyOf(assumptions);
  }

  /** Returns the cheapest disaggregated option, or empty when none meets the objectives. */
  public Optional<DisaggregatedOption> best() {
    return Optional.ofNullable(best);
  }

  /** Returns whether some disaggregated configuration meets the objectives. */
  public boolean feasible() {
    return best != null;
  }

  /** Returns the co-located (prefill and decode on the same GPUs) plan of the same request. */
  public CapacityPlan colocated() {
    return colocated;
  }

  /**
   * Returns whether disaggregation needs fewer GPUs than co-located serving (true when only it is
   * feasible, false when it is not).
   */
  public boolean disaggregationSavesGpus() {
    if (best == null) {
      return false;
    }
    return colocated.best().map(o -> best.gpus() < o.gpus()).orElse(true);
  }

  /** Returns what was asked. */
  public CapacityRequest request() {
    return request;
  }

  /** Returns why rejected pool configurations fail, in words. */
  public List<String> rejected() {
    return rejected;
  }

  /** Returns pool configurations (tensor-parallel degree × decode batch) evaluated. */
  public int searched() {
    return searched;
  }

  /** Returns what the plan assumed, in words. */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public String toString() {
    return "DisaggregatedPlan[best=" + best + ", colocated=" + colocated.best() + ", searched=" + searched + "]";
  }
}
