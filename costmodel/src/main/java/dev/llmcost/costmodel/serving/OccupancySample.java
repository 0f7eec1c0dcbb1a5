package dev.llmcost.costmodel.serving;

/**
 * The state of the deployment at one instant of a simulation: KV-cache occupancy (mean over the
 * replicas) and the requests waiting and running (summed over the replicas). Immutable.
 */
public final class OccupancySample {
  private final double seconds;
  private final double kvCacheFraction;
  private final int waiting;
  private final int running;

  OccupancySample(double seconds, double kvCacheFraction, int waiting, int running) {
    this.seconds = seconds;
    this.kvCacheFraction = kvCacheFraction;
    this.waiting = waiting;
    this.running = running;
  }

  /** Returns the instant, seconds from the start. */
  public double seconds() {
    return seconds;
  }

  /** Returns the fraction of KV-cache blocks in use, mean over the replicas. */
  public double kvCacheFraction() {
    return kvCacheFraction;
  }

  /** Returns the requests waiting for admission, over all replicas. */
  public int waiting() {
    return waiting;
  }

  /** Returns the requests running (prefilling or decoding), over all replicas. */
  public int running() {
    return running;
  }
}
