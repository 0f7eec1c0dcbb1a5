package dev.llmcost.costmodel.capacity;

import java.util.List;
import java.util.Optional;

/**
 * The result of a capacity search: the cheapest option for each tensor-parallel degree that meets
 * the objectives, cheapest first, why the other degrees fail, and the assumptions.
 *
 * @param request what was asked
 * @param options feasible options, one per tensor-parallel degree, fewest GPUs first
 * @param rejected why each infeasible degree was rejected, in words
 * @param searched configurations (tensor-parallel degree × batch) evaluated
 * @param assumptions what the plan assumed, in words
 */
public record CapacityPlan(
    CapacityRequest request,
    List<CapacityOption> options,
    List<String> rejected,
    int searched,
    List<String> assumptions) {

  /** Copies the lists. */
  public CapacityPlan {
    options = List.copyOf(options);
    rejected = List.copyOf(rejected);
    assumptions = List.copyOf(assumptions);
  }

  /** Returns the cheapest option, or empty when no configuration meets the objectives. */
  public Optional<CapacityOption> best() {
    return options.isEmpty() ? Optional.empty() : Optional.of(options.get(0));
  }

  /** Returns whether some configuration meets the objectives. */
  public boolean feasible() {
    return !options.isEmpty();
  }
}
