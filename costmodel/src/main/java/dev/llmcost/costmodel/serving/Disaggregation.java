package dev.llmcost.costmodel.serving;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.hardware.AcceleratorSpec;

/**
 * Disaggregated serving (DistServe, Zhong et al. OSDI 2024; Splitwise, Patel et al. ISCA 2024): a
 * pool of prefill replicas produces each request's first token, its prompt's KV cache is sent over
 * a link to a pool of decode replicas, which generate the rest. Immutable.
 */
public final class Disaggregation {

  private final int prefillReplicas;
  private final int decodeReplicas;
  private final Bandwidth link;

  private Disaggregation(int prefillReplicas, int decodeReplicas, Bandwidth link) {
    this.prefillReplicas = prefillReplicas;
    this.decodeReplicas = decodeReplicas;
    this.link = link;
  }

  /**
   * Returns a disaggregated deployment.
   *
   * @param prefillReplicas replicas in the prefill pool, at least 1
   * @param decodeReplicas replicas in the decode pool, at least 1
   * @param link bandwidth one GPU sends its share of a prompt's KV cache with, positive
   * @return the deployment
   * @throws IllegalArgumentException if a pool is empty or the link has no bandwidth
   */
  public static Disaggregation of(int prefillReplicas, int decodeReplicas, Bandwidth link) {
    if (prefillReplicas < 1) {
      throw new IllegalArgumentException("prefillReplicas must be >= 1, was " + prefillReplicas);
    }
    if (decodeReplicas < 1) {
      throw new IllegalArgumentException("decodeReplicas must be >= 1, was " + decodeReplicas);
    }
    if (!(link.bytesPerSecond() > 0)) {
      throw new IllegalArgumentException("link must be > 0 bytes/s, was " + link);
    }
    return new Disaggregation(prefillReplicas, decodeReplicas, link);
  }

  /**
   * Returns the KV link assumed when none is given: the accelerator's network bandwidth per GPU, or
   * 25 GB/s when the catalog gives it none.
   *
   * @param accelerator the GPU both pools run on
   * @return the per-GPU link bandwidth
   */
  public static Bandwidth defaultLink(AcceleratorSpec accelerator) {
    Bandwidth network = accelerator.scaleOutBandwidth();
    return network.bytesPerSecond() > 0 ? network : Bandwidth.ofGBps(25);
  }

  /** Returns the prefill replicas. */
  public int prefillReplicas() {
    return prefillReplicas;
  }

  /** Returns the decode replicas. */
  public int decodeReplicas() {
    return decodeReplicas;
  }

  /** Returns the per-GPU KV transfer bandwidth. */
  public Bandwidth link() {
    return link;
  }
}
