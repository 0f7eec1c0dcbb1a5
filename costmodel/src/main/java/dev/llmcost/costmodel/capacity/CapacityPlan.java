package dev.llmcost.costmodel.capacity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of a capacity search: the cheapest option for each tensor-parallel degree that meets
 * the objectives, cheapest first, why the other degrees fail, and the assumptions.
 */
public final class CapacityPlan {
  private final CapacityRequest request;
  private final List<CapacityOption> options;
  private final List<String> rejected;
  private final int searched;
  private final List<String> assumptions;

  /** Copies the lists. */
  CapacityPlan(
      CapacityRequest request,
      List<CapacityOption> options,
      List<String> rejected,
      int searched,
      List<String> assumptions) {
    options = List.copyOf(options);
    rejected = List.copyOf(rejected);
    assumptions = List.copyOf(assumptions);
    this.request = request;
    this.options = options;
    this.rejected = rejected;
    this.searched = searched;
    this.assumptions = assumptions;
  }

  /** Returns the cheapest option, or empty when no configuration meets the objectives. */
  public Optional<CapacityOption> best() {
    return options.isEmpty() ? Optional.empty() : Optional.of(options.get(0));
  }

  /** Returns whether some configuration meets the objectives. */
  public boolean feasible() {
    return !options.isEmpty();
  }

  /** Returns what was asked. */
  public CapacityRequest request() {
    return request;
  }

  /** Returns feasible options, one per tensor-parallel degree, fewest GPUs first. */
  public List<CapacityOption> options() {
    return options;
  }

  /** Returns why each infeasible degree was rejected, in words. */
  public List<String> rejected() {
    return rejected;
  }

  /** Returns configurations (tensor-parallel degree × batch) evaluated. */
  public int searched() {
    return searched;
  }

  /** Returns what the plan assumed, in words. */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CapacityPlan o
        && Objects.equals(request, o.request)
        && Objects.equals(options, o.options)
        && Objects.equals(rejected, o.rejected)
        && searched == o.searched
        && Objects.equals(assumptions, o.assumptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(request, options, rejected, searched, assumptions);
  }

  @Override
  public String toString() {
    return "CapacityPlan[request=" + request + ", options=" + options + ", rejected=" + rejected + ", searched=" + searched + ", assumptions=" + assumptions + "]";
  }
}
