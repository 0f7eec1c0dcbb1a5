package dev.llmcost.costmodel.serving;

import dev.llmcost.costmodel.capacity.CapacityPlan;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The cheapest deployment found by simulation that keeps the P99 TTFT and P99 TPOT within the
 * objectives at a request rate, starting from the analytic capacity plan. Immutable.
 */
public final class SimulatedCapacity {

  private final CapacityPlan analytic;
  private final @Nullable SimulationResult best;
  private final int tp;
  private final int replicas;
  private final int simulations;
  private final List<String> trail;

  SimulatedCapacity(CapacityPlan analytic, @Nullable SimulationResult best, int tp, int replicas, int simulations,
      List<String> trail) {
    this.analytic = analytic;
    this.best = best;
    this.tp = tp;
    this.replicas = replicas;
    this.simulations = simulations;
    this.trail = List.copyOf(trail);
  }

  /** Returns the analytic plan the search started from. */
  public CapacityPlan analytic() {
    return analytic;
  }

  /** Returns whether a deployment meets the objectives. */
  public boolean feasible() {
    return best != null;
  }

  /** Returns the simulation of the chosen deployment, if one meets the objectives. */
  public Optional<SimulationResult> best() {
    return Optional.ofNullable(best);
  }

  /** Returns the chosen tensor-parallel degree (0 when infeasible). */
  public int tp() {
    return tp;
  }

  /** Returns the chosen replicas (0 when infeasible). */
  public int replicas() {
    return replicas;
  }

  /** Returns the chosen GPUs, {@code tp × replicas}. */
  public int gpus() {
    return tp * replicas;
  }

  /** Returns the simulations run. */
  public int simulations() {
    return simulations;
  }

  /** Returns one line per simulation run: the deployment, its P99 TTFT and TPOT, and the verdict. */
  public List<String> trail() {
    return trail;
  }
}
