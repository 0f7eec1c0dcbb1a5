package dev.llmcost.costmodel.serving;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The highest request rate one deployment unit sustains with its P99 TTFT and P99 TPOT within the
 * objectives, found by bisection on the rate as Vidur-Search does (Agrawal et al., "Vidur: A
 * Large-Scale Simulation Framework for LLM Inference", MLSys 2024, §5: the capacity of a
 * configuration is the highest arrival rate it serves within its latency objectives). A unit is one
 * co-located replica, or {@code prefill:decode} replicas of a disaggregated pair of pools. Immutable.
 */
public final class DeploymentRate {

  private final int tp;
  private final int maxNumSeqs;
  private final int prefillReplicas;
  private final int decodeReplicas;
  private final double maxRequestsPerSecond;
  private final @Nullable SimulationResult atMax;
  private final int simulations;
  private final List<String> trail;
  private final int decodeTp;
  private final int decodeMaxNumSeqs;

  DeploymentRate(int tp, int maxNumSeqs, int prefillReplicas, int decodeReplicas, double maxRequestsPerSecond,
      @Nullable SimulationResult atMax, int simulations, List<String> trail, int decodeTp, int decodeMaxNumSeqs) {
    this.decodeTp = decodeTp;
    this.decodeMaxNumSeqs = decodeMaxNumSeqs;
    this.tp = tp;
    this.maxNumSeqs = maxNumSeqs;
    this.prefillReplicas = prefillReplicas;
    this.decodeReplicas = decodeReplicas;
    this.maxRequestsPerSecond = maxRequestsPerSecond;
    this.atMax = atMax;
    this.simulations = simulations;
    this.trail = List.copyOf(trail);
  }

  /** Returns the tensor-parallel degree of every replica of the unit (of the prefill replicas when {@link #decodePoolOfItsOwn()}). */
  public int tp() {
    return tp;
  }

  /**
   * Returns whether the decode replicas run an engine of their own ({@link Disaggregation#withDecodePool}, s21b):
   * their own tensor parallelism {@link #decodeTp()} and limits.
   */
  public boolean decodePoolOfItsOwn() {
    return decodeMaxNumSeqs > 0;
  }

  /** Returns the tensor-parallel degree of a decode replica: {@link #tp()} unless {@link #decodePoolOfItsOwn()}; 0 when co-located. */
  public int decodeTp() {
    return disaggregated() ? (decodePoolOfItsOwn() ? decodeTp : tp) : 0;
  }

  /** Returns the most running sequences per decode replica when {@link #decodePoolOfItsOwn()}, else {@link #maxNumSeqs()}. */
  public int decodeMaxNumSeqs() {
    return decodePoolOfItsOwn() ? decodeMaxNumSeqs : maxNumSeqs;
  }

  /** Returns the most running sequences per replica (the batch limit simulated; of a prefill replica when {@link #decodePoolOfItsOwn()}). */
  public int maxNumSeqs() {
    return maxNumSeqs;
  }

  /** Returns whether the unit is a disaggregated pair of pools. */
  public boolean disaggregated() {
    return decodeReplicas > 0;
  }

  /** Returns the prefill replicas of a disaggregated unit (0 when co-located). */
  public int prefillReplicas() {
    return prefillReplicas;
  }

  /** Returns the decode replicas of a disaggregated unit (0 when co-located). */
  public int decodeReplicas() {
    return decodeReplicas;
  }

  /**
   * Returns the GPUs of one unit: {@code tp} for a co-located replica, {@code tp × prefill + decodeTp × decode}
   * otherwise.
   */
  public int gpus() {
    return disaggregated() ? tp * prefillReplicas + decodeTp() * decodeReplicas : tp;
  }

  /** Returns the highest rate found that meets the objectives, requests per second (0 when none does). */
  public double maxRequestsPerSecond() {
    return maxRequestsPerSecond;
  }

  /** Returns the simulation at {@link #maxRequestsPerSecond()}, if a rate meets the objectives. */
  public Optional<SimulationResult> atMax() {
    return Optional.ofNullable(atMax);
  }

  /** Returns the simulations the bisection ran. */
  public int simulations() {
    return simulations;
  }

  /** Returns one line per simulation: the rate, the P99 TTFT and TPOT, and the verdict. */
  public List<String> trail() {
    return trail;
  }

  /** Returns the unit in words, such as {@code "tp 2, 1:3 disaggregated, max 256 sequences"}. */
  public String describe() {
    if (decodePoolOfItsOwn()) {
      return "tp " + tp + ", " + prefillReplicas + ":" + decodeReplicas + " disaggregated, prefill max " + maxNumSeqs
          + " sequences, decode tp " + decodeTp + " max " + decodeMaxNumSeqs + " sequences";
    }
    return "tp " + tp + (disaggregated() ? ", " + prefillReplicas + ":" + decodeReplicas + " disaggregated" : "")
        + ", max " + maxNumSeqs + " sequences";
  }

  @Override
  public String toString() {
    return "DeploymentRate[" + describe() + ", maxRequestsPerSecond=" + maxRequestsPerSecond + "]";
  }
}
