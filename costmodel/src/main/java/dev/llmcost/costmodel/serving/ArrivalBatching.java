package dev.llmcost.costmodel.serving;

import java.util.Locale;

/**
 * A harness stage ahead of the engines that holds arriving requests and releases them in batches, each batch sent
 * whole to one replica (chosen by the simulation's {@link Router} at the batch's release, so round robin sends
 * batch {@code k} to replica {@code k mod n}). The rule is AMD's MLPerf v4.1 Llama 2 Server harness
 * ({@code --enable-batcher}; mlcommons/inference_results_v4.1, {@code closed/AMD/code/llama2-70b-99.9/VllmFp8/
 * sync_sut.py}, {@code batch_samples_loop}, lines 142-163): a check runs whenever a request arrives and, while
 * requests are held, whenever no request has arrived for {@link #windowSeconds} since the last check; a check that
 * finds at least {@link #maxBatch} held, or {@link #windowSeconds} elapsed since the last release (or since the
 * first arrival, before any), releases the oldest {@code min(held, maxBatch)}. Requests reach the engines at their
 * release; latencies count from their arrival. A window of 0 releases every request on arrival (no batching).
 * Immutable.
 */
public final class ArrivalBatching {

  private final double windowSeconds;
  private final int maxBatch;

  private ArrivalBatching(double windowSeconds, int maxBatch) {
    this.windowSeconds = windowSeconds;
    this.maxBatch = maxBatch;
  }

  /**
   * Returns a batcher.
   *
   * @param windowSeconds the time since the last release after which a check releases what is held, seconds: 0, or
   *     in [1e-6, 3600]
   * @param maxBatch the most requests one batch takes, in [1, 1000000]; a check that finds this many releases them
   * @return the batcher
   * @throws IllegalArgumentException if a value is out of range or not finite
   */
  public static ArrivalBatching of(double windowSeconds, int maxBatch) {
    if (!(windowSeconds == 0 || windowSeconds >= 1e-6 && windowSeconds <= 3600)) {
      throw new IllegalArgumentException("batching windowSeconds must be 0 or in [1e-6, 3600], was " + windowSeconds);
    }
    if (maxBatch < 1 || maxBatch > 1_000_000) {
      throw new IllegalArgumentException("batching maxBatch must be in [1, 1000000], was " + maxBatch);
    }
    return new ArrivalBatching(windowSeconds, maxBatch);
  }

  /** Returns the window, seconds. */
  public double windowSeconds() {
    return windowSeconds;
  }

  /** Returns the most requests one batch takes. */
  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Returns each request's release time and batch index for arrivals in non-decreasing order (AMD's rule, see the
   * class comment).
   *
   * @param arrivals arrival times, seconds, non-decreasing
   * @param n how many of them to use
   * @param release receives each request's release time (at least {@code n} long)
   * @param batch receives each request's batch index, from 0 (at least {@code n} long)
   * @return the number of batches
   */
  int release(double[] arrivals, int n, double[] release, int[] batch) {
    if (n == 0) {
      return 0;
    }
    double w = windowSeconds;
    int head = 0; // oldest held request
    int batches = 0;
    double stamp = arrivals[0];
    double t = arrivals[0];
    for (int i = 0; i <= n; i++) {
      // timeout checks while requests are held and no arrival comes within the window of the last check
      while (head < i && (i == n || t + w < arrivals[i])) {
        t += w;
        if (i - head >= maxBatch || t - stamp >= w) {
          head = releaseBatch(head, Math.min(i, head + maxBatch), t, batches++, release, batch);
          stamp = t;
        }
      }
      if (i == n) {
        break;
      }
      t = arrivals[i];
      int held = i + 1 - head;
      if (held >= maxBatch || t - stamp >= w) {
        head = releaseBatch(head, Math.min(i + 1, head + maxBatch), t, batches++, release, batch);
        stamp = t;
      }
    }
    return batches;
  }

  /** Releases the held requests {@code [from, to)} at {@code t} as batch {@code index}; returns {@code to}. */
  private static int releaseBatch(int from, int to, double t, int index, double[] release, int[] batch) {
    for (int k = from; k < to; k++) {
      release[k] = t;
      batch[k] = index;
    }
    return to;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrivalBatching b && b.windowSeconds == windowSeconds && b.maxBatch == maxBatch;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(windowSeconds) * 31 + maxBatch;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "batches of up to %d requests released after %.3g s since the last release",
        maxBatch, windowSeconds);
  }
}
