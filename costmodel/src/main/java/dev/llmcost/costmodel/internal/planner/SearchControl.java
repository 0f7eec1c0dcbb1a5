package dev.llmcost.costmodel.internal.planner;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the worker threads of one search share: the next partition, each worker's progress and a
 * stop flag. The counters live in one array, each on its own 128-byte stretch (two cache lines,
 * for the adjacent-line prefetcher), so that handing out a partition or a worker publishing its
 * progress never invalidates the line another thread is reading: the stop flag, which every worker
 * polls between ZeRO stages, or another worker's progress.
 */
final class SearchControl {
  /** Longs per 128 bytes. */
  private static final int PAD = 16;
  /** [PAD]: index of the next partition; [PAD × (2 + w)] and the next long: worker w's configurations done and feasible. */
  private final AtomicLongArray cells;
  private final int workers;
  /** Set to stop the workers (cancellation or a failure). */
  volatile boolean cancelled;

  SearchControl(int workers) {
    this.workers = workers;
    cells = new AtomicLongArray(PAD * (3 + workers));
  }

  /** Returns the index of the next partition to hand out (counting up from 0). */
  int nextPartition() {
    return (int) cells.getAndIncrement(PAD);
  }

  /** Publishes worker {@code w}'s progress (only that worker writes its cells). */
  void progress(int w, long done, long feasible) {
    int i = PAD * (2 + w);
    cells.setRelease(i, done);
    cells.setRelease(i + 1, feasible);
  }

  /** Returns the configurations of the partitions finished so far, all workers. */
  long done() {
    long sum = 0;
    for (int w = 0; w < workers; w++) {
      sum += cells.getAcquire(PAD * (2 + w));
    }
    return sum;
  }

  /** Returns the feasible configurations found so far, all workers. */
  long feasible() {
    long sum = 0;
    for (int w = 0; w < workers; w++) {
      sum += cells.getAcquire(PAD * (2 + w) + 1);
    }
    return sum;
  }
}
