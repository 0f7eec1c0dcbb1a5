package dev.llmcost.costmodel.serving;

import dev.llmcost.core.Bandwidth;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Disaggregated serving (DistServe, Zhong et al. OSDI 2024; Splitwise, Patel et al. ISCA 2024): a
 * pool of prefill replicas produces each request's first token, its prompt's KV cache is sent over
 * a link to a pool of decode replicas, which generate the rest. Without a given link the simulator
 * chooses it as the analytic disaggregated capacity plan does: the scale-up link when the whole
 * deployment fits one scale-up domain, else the network, at the efficiency profile's fractions,
 * after the path's latency (the simulation's assumptions and {@link SimulationResult#kvLink()} say
 * which). Immutable.
 */
public final class Disaggregation {

  private final int prefillReplicas;
  private final int decodeReplicas;
  private final @Nullable Bandwidth link;

  private Disaggregation(int prefillReplicas, int decodeReplicas, @Nullable Bandwidth link) {
    this.prefillReplicas = prefillReplicas;
    this.decodeReplicas = decodeReplicas;
    this.link = link;
  }

  /**
   * Returns a disaggregated deployment whose KV link the simulator chooses (see the class
   * description).
   *
   * @param prefillReplicas replicas in the prefill pool, at least 1
   * @param decodeReplicas replicas in the decode pool, at least 1
   * @return the deployment
   * @throws IllegalArgumentException if a pool is empty
   */
  public static Disaggregation of(int prefillReplicas, int decodeReplicas) {
    check(prefillReplicas, decodeReplicas);
    return new Disaggregation(prefillReplicas, decodeReplicas, null);
  }

  /**
   * Returns a disaggregated deployment with a given KV link bandwidth per GPU; the path (scale-up
   * link or network) and its latency are still the deployment's.
   *
   * @param prefillReplicas replicas in the prefill pool, at least 1
   * @param decodeReplicas replicas in the decode pool, at least 1
   * @param link bandwidth one GPU sends its share of a prompt's KV cache with, positive
   * @return the deployment
   * @throws IllegalArgumentException if a pool is empty or the link has no bandwidth
   */
  public static Disaggregation of(int prefillReplicas, int decodeReplicas, Bandwidth link) {
    check(prefillReplicas, decodeReplicas);
    if (!(link.bytesPerSecond() > 0)) {
      throw new IllegalArgumentException("link must be > 0 bytes/s, was " + link);
    }
    return new Disaggregation(prefillReplicas, decodeReplicas, link);
  }

  private static void check(int prefillReplicas, int decodeReplicas) {
    if (prefillReplicas < 1) {
      throw new IllegalArgumentException("prefillReplicas must be >= 1, was " + prefillReplicas);
    }
    if (decodeReplicas < 1) {
      throw new IllegalArgumentException("decodeReplicas must be >= 1, was " + decodeReplicas);
    }
  }

  /**
   * Returns the same pools with {@code prefillReplicas} and {@code decodeReplicas} replicas and this
   * deployment's link (given or chosen).
   *
   * @param prefillReplicas replicas in the prefill pool, at least 1
   * @param decodeReplicas replicas in the decode pool, at least 1
   * @return the deployment
   * @throws IllegalArgumentException if a pool is empty
   */
  public Disaggregation withReplicas(int prefillReplicas, int decodeReplicas) {
    check(prefillReplicas, decodeReplicas);
    return new Disaggregation(prefillReplicas, decodeReplicas, link);
  }

  /** Returns the prefill replicas. */
  public int prefillReplicas() {
    return prefillReplicas;
  }

  /** Returns the decode replicas. */
  public int decodeReplicas() {
    return decodeReplicas;
  }

  /** Returns the given per-GPU KV transfer bandwidth; empty when the simulator chooses it. */
  public Optional<Bandwidth> link() {
    return Optional.ofNullable(link);
  }
}
