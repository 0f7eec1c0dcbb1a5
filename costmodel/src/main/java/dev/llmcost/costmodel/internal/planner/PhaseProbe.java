package dev.llmcost.costmodel.internal.planner;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A measurement hook for the benchmarks' {@code PlannerScaling} harness (issue 22: how the
 * planner scales from one thread to two): while one is {@link #active}, the parallel phases of a
 * plan ({@link Crew#forEach} and the search) add to it how long each thread spent in them, by a
 * clock the harness chooses (thread CPU time or bytes allocated by the thread), so the
 * calling thread's time outside them, its serial part, can be told apart. Unset, as always outside
 * the harness, it costs one volatile read per phase. Not thread-safe across concurrent plans: the
 * harness runs one plan at a time.
 */
public final class PhaseProbe {
  /** The calling thread inside the parallel phases, waiting for helpers at their ends included. */
  public static final int CALLER_IN_PHASES = 0;
  /** The calling thread waiting for helpers still working at the end of a phase. */
  public static final int CALLER_WAITING = 1;
  /** The helper threads inside the parallel phases (not counting their spinning between tasks). */
  public static final int HELPER_IN_PHASES = 2;
  /** The calling thread in the search phase. */
  public static final int CALLER_SEARCHING = 3;
  /** The helper threads in the search phase. */
  public static final int HELPER_SEARCHING = 4;
  /** The calling thread waiting for helpers at the end of the search. */
  public static final int CALLER_SEARCH_WAITING = 5;
  /** Configurations searched by the calling thread (a count, not the clock). */
  public static final int CALLER_CONFIGURATIONS = 6;
  /** Configurations searched by the helper threads (a count, not the clock). */
  public static final int HELPER_CONFIGURATIONS = 7;
  private static final int SLOTS = 8;

  /** The probe the phases add to, or null (the default: nothing is measured). */
  public static volatile @Nullable PhaseProbe active;

  private final LongSupplier clock;
  private final AtomicLongArray sums = new AtomicLongArray(SLOTS);

  /**
   * Creates a probe.
   *
   * @param clock read on the thread being measured (for example its CPU time)
   */
  public PhaseProbe(LongSupplier clock) {
    this.clock = clock;
  }

  long now() {
    return clock.getAsLong();
  }

  void add(int slot, long amount) {
    sums.addAndGet(slot, amount);
  }

  /**
   * Returns the sum in a slot.
   *
   * @param slot one of the slot constants
   * @return the sum
   */
  public long get(int slot) {
    return sums.get(slot);
  }
}
