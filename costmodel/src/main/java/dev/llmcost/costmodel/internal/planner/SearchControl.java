package dev.llmcost.costmodel.internal.planner;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the worker threads of one search share: the next partition, progress and a stop flag. */
final class SearchControl {
  /** Index of the next partition to hand out. */
  final AtomicInteger next = new AtomicInteger();
  /** Configurations of the partitions finished so far. */
  final AtomicLong done = new AtomicLong();
  /** Feasible configurations found so far (updated per partition). */
  final AtomicLong feasible = new AtomicLong();
  /** Set to stop the workers (cancellation or a failure). */
  volatile boolean cancelled;
}
