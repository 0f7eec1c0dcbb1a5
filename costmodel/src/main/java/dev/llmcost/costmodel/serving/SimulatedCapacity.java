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
  private final int prefillReplicas;
  private final int decodeReplicas;
  private final int simulations;
  private final List<String> trail;
  private final List<DeploymentRate> units;
  private final int decodeTp;

  SimulatedCapacity(CapacityPlan analytic, @Nullable SimulationResult best, int tp, int replicas, int prefillReplicas,
      int decodeReplicas, int decodeTp, int simulations, List<String> trail, List<DeploymentRate> units) {
    this.decodeTp = decodeTp;
    this.analytic = analytic;
    this.best = best;
    this.tp = tp;
    this.replicas = replicas;
    this.prefillReplicas = prefillReplicas;
    this.decodeReplicas = decodeReplicas;
    this.simulations = simulations;
    this.trail = List.copyOf(trail);
    this.units = List.copyOf(units);
  }

  /** Returns whether the chosen deployment has disaggregated prefill and decode pools. */
  public boolean disaggregated() {
    return decodeReplicas > 0;
  }

  /** Returns the prefill replicas of a disaggregated choice (0 when co-located). */
  public int prefillReplicas() {
    return prefillReplicas;
  }

  /** Returns the decode replicas of a disaggregated choice (0 when co-located). */
  public int decodeReplicas() {
    return decodeReplicas;
  }

  /**
   * Returns the tensor-parallel degree of the chosen decode replicas: {@link #tp()} unless the decode pool runs an
   * engine of its own ({@code CapacityRequest.Builder.decodeTp}, s21b); 0 when co-located or infeasible.
   */
  public int decodeTp() {
    return disaggregated() ? decodeTp : 0;
  }

  /**
   * Returns the batch limit (most running sequences per replica) of the chosen deployment (0 when infeasible); of a
   * prefill replica when the decode pool has limits of its own ({@link Disaggregation#decodeMaxNumSeqs()} of the
   * chosen simulation's deployment).
   */
  public int maxNumSeqs() {
    return best == null ? 0 : best.maxNumSeqs();
  }

  /**
   * Returns the deployment units whose highest sustainable rate the search found by bisection (one
   * per tensor-parallel degree, batch limit and co-located or disaggregated layout).
   */
  public List<DeploymentRate> units() {
    return units;
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

  /** Returns the chosen replicas, both pools together when disaggregated (0 when infeasible). */
  public int replicas() {
    return replicas;
  }

  /** Returns the chosen GPUs: {@code tp × replicas}, or {@code tp × prefill + decodeTp × decode} when disaggregated. */
  public int gpus() {
    return disaggregated() ? tp * prefillReplicas + decodeTp * decodeReplicas : tp * replicas;
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
