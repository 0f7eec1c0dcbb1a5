package dev.llmcost.costmodel.internal.serving;

import java.util.Arrays;

/**
 * The occupancy series a replica samples every {@code every} simulated seconds: the KV-cache occupancy (fraction of
 * blocks), the waiting requests and the running requests. One implementation for {@link Engine} and
 * {@link PipelinedEngine}, which differ only in what they count.
 */
final class OccupancySeries {

  private final double every;
  private double next;
  private double[] kv = new double[256];
  private int[] waiting = new int[256];
  private int[] running = new int[256];
  private int size;

  /**
   * Creates an empty series.
   *
   * @param every seconds between samples
   */
  OccupancySeries(double every) {
    this.every = every;
  }

  /** Returns whether a sample is due at or before {@code time}. */
  boolean due(double time) {
    return next <= time;
  }

  /** Appends the due sample and moves the next one a period on. */
  void add(double kvFraction, int waitingRequests, int runningRequests) {
    if (size == kv.length) {
      kv = Arrays.copyOf(kv, size * 2);
      waiting = Arrays.copyOf(waiting, size * 2);
      running = Arrays.copyOf(running, size * 2);
    }
    kv[size] = kvFraction;
    waiting[size] = waitingRequests;
    running[size] = runningRequests;
    size++;
    next = size * every;
  }

  /** Returns the samples taken. */
  int size() {
    return size;
  }

  /** Returns the sampled KV-cache occupancy (the first {@link #size()} entries). */
  double[] kv() {
    return kv;
  }

  /** Returns the sampled waiting requests (the first {@link #size()} entries). */
  int[] waiting() {
    return waiting;
  }

  /** Returns the sampled running requests (the first {@link #size()} entries). */
  int[] running() {
    return running;
  }
}
