package dev.llmcost.costmodel.internal.planner;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Lets the helpers of one parallel phase join it only while it is open, so that the calling
 * thread, once it has taken the last piece of work itself, waits only for the helpers already
 * working and never for one that has not been scheduled yet (on a busy machine that can take a
 * whole scheduler time slice, longer than a plan). A helper that arrives after {@link #close}
 * does nothing.
 */
final class Gate {
  private static final int CLOSED = 1 << 30;
  /** Helpers inside, plus {@link #CLOSED} once closed. */
  private final AtomicInteger state = new AtomicInteger();
  private volatile @Nullable Thread waiter;
  private boolean closed;

  /** Enters the phase; false once it is closed (the helper then does nothing). */
  boolean enter() {
    while (true) {
      int s = state.get();
      if ((s & CLOSED) != 0) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  /** Leaves the phase (after a successful {@link #enter}), waking the calling thread if last. */
  void leave() {
    if (state.decrementAndGet() == CLOSED) {
      Thread w = waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
    }
  }

  /** Closes the phase to helpers not yet inside (again: no effect); called by the calling thread. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    waiter = Thread.currentThread();
    state.getAndAdd(CLOSED);
  }

  /** Returns true when closed and no helper is inside. */
  boolean empty() {
    return state.get() == CLOSED;
  }

  /**
   * Waits up to {@code nanos} (spinning up to {@link Crew#SPIN_NANOS} first) for the helpers inside
   * to leave, after {@link #close}; returns whether they all have. An interrupt ends the wait early
   * and is kept.
   */
  boolean await(long nanos) {
    long start = System.nanoTime();
    while (!empty() && System.nanoTime() - start < Math.min(nanos, Crew.SPIN_NANOS)) {
      Thread.onSpinWait();
    }
    while (!empty()) {
      long left = nanos - (System.nanoTime() - start);
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        return empty();
      }
      LockSupport.parkNanos(this, left);
    }
    return true;
  }

  /** Waits until the helpers inside have left, after {@link #close}, keeping any interrupt. */
  void awaitAll() {
    boolean interrupted = Thread.interrupted();
    while (!await(Long.MAX_VALUE / 4)) {
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
