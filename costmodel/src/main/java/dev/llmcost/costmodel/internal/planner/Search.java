package dev.llmcost.costmodel.internal.planner;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link SearchProblem}: hands its partitions, largest first, to the calling thread and a
 * few helper threads of a {@link Crew} (each with its own {@link SearchWorker}) through a shared counter, reports progress and
 * watches for cancellation on the calling thread between its partitions, and merges the workers'
 * results. The merged answer is the same for any number of threads: every
 * order is a strict total order on (score, memory, configuration key).
 */
public final class Search {
  private Search() {}

  /** Below this many configurations a search runs on the calling thread. */
  static final long INLINE_BELOW = 20_000;

  private static final long REPORT_NANOS = 100_000_000L;

  /** Receives progress on the calling thread. */
  @FunctionalInterface
  public interface Progress {
    /**
     * Reports progress.
     *
     * @param searched configurations searched so far (evaluated or pruned)
     * @param total configurations in the search
     * @param feasible configurations found to fit so far
     */
    void update(long searched, long total, long feasible);
  }

  /**
   * What a search found.
   *
   * @param bestKeys keys of the best configurations by the objective, best first
   * @param bestPerGpuCount key of the fastest fitting configuration of each GPU count, -1 if none
   * @param wallPerGpuCount its wall clock for the training tokens, seconds (infinite if none)
   * @param evaluated configurations whose memory was evaluated
   * @param pruned configurations skipped by a memory bound
   * @param feasible configurations that fit (and were timed)
   * @param leastMemoryKey when none fits, the key of the one needing the least memory; else -1
   */
  public record Outcome(
      long[] bestKeys,
      long[] bestPerGpuCount,
      double[] wallPerGpuCount,
      long evaluated,
      long pruned,
      long feasible,
      long leastMemoryKey) {}

  /**
   * Searches.
   *
   * @param pb the problem
   * @param threads worker threads (at most one per partition is used; 1 runs on the calling thread)
   * @param progress receives progress about every 100 ms and once at the end
   * @param cancelled polled on the calling thread; true stops the search
   * @return the outcome
   * @throws CancellationException if {@code cancelled} turned true or the calling thread was
   *     interrupted (its interrupt status is then kept)
   */
  public static Outcome run(SearchProblem pb, int threads, Progress progress, BooleanSupplier cancelled) {
    return run(pb, threads, null, progress, cancelled);
  }

  /**
   * Searches, with helper threads from {@code crew} when it is given (else started for this
   * search when the problem is large enough).
   *
   * @param pb the problem
   * @param threads worker threads, the calling one included
   * @param crew helper threads started by the caller (at least {@code threads − 1}), or null
   * @param progress receives progress about every 100 ms and once at the end
   * @param cancelled polled on the calling thread; true stops the search
   * @return the outcome
   * @throws CancellationException if {@code cancelled} turned true or the calling thread was
   *     interrupted (its interrupt status is then kept)
   */
  public static Outcome run(SearchProblem pb, int threads, @Nullable Crew crew, Progress progress,
      BooleanSupplier cancelled) {
    int n = Math.min(threads, pb.partitions.length);
    PhaseProbe probe = PhaseProbe.active;
    long t0 = probe == null ? 0 : probe.now();
    SearchWorker[] ws;
    if (n <= 1 || pb.total < INLINE_BELOW) {
      ws = new SearchWorker[] {inline(pb, progress, cancelled)};
    } else {
      ws = parallel(pb, n, crew, progress, cancelled);
    }
    if (probe != null) {
      long dt = probe.now() - t0;
      probe.add(PhaseProbe.CALLER_IN_PHASES, dt);
      probe.add(PhaseProbe.CALLER_SEARCHING, dt);
      // the calling thread's worker is the first (a helper that did nothing has none)
      probe.add(PhaseProbe.CALLER_CONFIGURATIONS, ws[0].evaluated + ws[0].pruned);
      for (int i = 1; i < ws.length; i++) {
        probe.add(PhaseProbe.HELPER_CONFIGURATIONS, ws[i].evaluated + ws[i].pruned);
      }
    }
    return merge(pb, ws, progress);
  }

  /** Searches on {@code threads} worker threads whatever the size of the problem (for tests). */
  static Outcome runParallel(SearchProblem pb, int threads, Progress progress, BooleanSupplier cancelled) {
    int n = Math.max(1, Math.min(threads, pb.partitions.length));
    return merge(pb, parallel(pb, n, null, progress, cancelled), progress);
  }

  private static Outcome merge(SearchProblem pb, SearchWorker[] workers, Progress progress) {
    Partition[] parts = pb.partitions;
    TopK top = new TopK(pb.request.top());
    long evaluated = 0;
    long pruned = 0;
    long feasible = 0;
    int counts = pb.gpuCounts.length;
    long[] perCount = new long[counts];
    double[] wall = new double[counts];
    double[] mem = new double[counts];
    Arrays.fill(perCount, -1);
    Arrays.fill(wall, Double.POSITIVE_INFINITY);
    for (SearchWorker w : workers) {
      top.offerAll(w.top);
      evaluated += w.evaluated;
      pruned += w.pruned;
      feasible += w.feasible;
      for (int g = 0; g < counts; g++) {
        if (w.bestKey[g] >= 0
            && (perCount[g] < 0 || TopK.before(w.bestWall[g], w.bestMemory[g], w.bestKey[g], wall[g], mem[g], perCount[g]))) {
          perCount[g] = w.bestKey[g];
          wall[g] = w.bestWall[g];
          mem[g] = w.bestMemory[g];
        }
      }
    }
    long least = -1;
    if (feasible == 0 && parts.length > 0) {
      double[] bytes = {Double.POSITIVE_INFINITY};
      SearchWorker w = new SearchWorker(pb);
      for (Partition p : parts) {
        least = w.leastMemory(p, bytes, least);
      }
    }
    progress.update(pb.total, pb.total, feasible);
    return new Outcome(top.sortedKeys(), perCount, wall, evaluated, pruned, feasible, least);
  }

  private static void checkCancelled(BooleanSupplier cancelled) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("planner search interrupted");
    }
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("planner search cancelled");
    }
  }

  private static SearchWorker inline(SearchProblem pb, Progress progress, BooleanSupplier cancelled) {
    SearchWorker w = new SearchWorker(pb);
    SearchControl control = new SearchControl(1);
    long done = 0;
    long lastReport = System.nanoTime();
    for (Partition p : pb.partitions) {
      checkCancelled(cancelled);
      w.run(p, control);
      done += p.total;
      long now = System.nanoTime();
      if (now - lastReport >= REPORT_NANOS) {
        progress.update(done, pb.total, w.feasible);
        lastReport = now;
      }
    }
    return w;
  }

  private static SearchWorker[] parallel(SearchProblem pb, int n, @Nullable Crew given, Progress progress,
      BooleanSupplier cancelled) {
    if (given == null && n > 1) {
      try (Crew crew = Crew.start(n - 1)) {
        return parallel(pb, n, crew, progress, cancelled);
      }
    }
    checkCancelled(cancelled);
    Crew crew = given;
    n = crew == null ? 1 : Math.min(n, crew.helpers() + 1);
    SearchControl control = new SearchControl(n);
    SearchWorker[] workers = new SearchWorker[n];
    // the calling thread is worker 0; n - 1 helpers take partitions from the same counter. Each
    // helper allocates its own worker (in its own allocation buffer), so no two threads write
    // counters, configurations or top-k arrays that share a cache line
    // a helper that starts after the calling thread has taken the last partition does nothing
    // (its slot stays null), so the calling thread never waits for a helper to be scheduled
    Gate finished = new Gate();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 1; t < n; t++) {
      int slot = t;
      crew.execute(
          () -> {
            if (!finished.enter()) {
              return;
            }
            try {
              PhaseProbe probe = PhaseProbe.active;
              long h0 = probe == null ? 0 : probe.now();
              SearchWorker w = new SearchWorker(pb);
              workers[slot] = w; // published to the calling thread by the gate
              work(pb, slot, w, control);
              if (probe != null) {
                long dh = probe.now() - h0;
                probe.add(PhaseProbe.HELPER_IN_PHASES, dh);
                probe.add(PhaseProbe.HELPER_SEARCHING, dh);
              }
            } catch (RuntimeException | Error ex) {
              failure.compareAndSet(null, ex);
              control.cancelled = true;
            } finally {
              finished.leave();
            }
          });
    }
    workers[0] = new SearchWorker(pb);
    boolean interrupted = false;
    boolean stopped = false;
    try {
      // work on the calling thread, reporting and polling between partitions
      Partition[] parts = pb.partitions;
      int[] order = pb.dispatchOrder;
      SearchWorker own = workers[0];
      long lastReport = System.nanoTime();
      long done = 0;
      while (!control.cancelled) {
        int next = control.nextPartition();
        if (next >= parts.length) {
          break;
        }
        int i = order[next];
        own.run(parts[i], control);
        done += parts[i].total;
        control.progress(0, done, own.feasible);
        if (Thread.currentThread().isInterrupted()) {
          interrupted = true;
          control.cancelled = true;
        }
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_NANOS) {
          lastReport = now;
          progress.update(control.done(), pb.total, control.feasible());
          if (cancelled.getAsBoolean()) {
            stopped = true;
            control.cancelled = true;
          }
        }
      }
      // then wait for the helpers still working (spinning briefly first), still reporting
      PhaseProbe probe = PhaseProbe.active;
      long w0 = probe == null ? 0 : probe.now();
      finished.close();
      while (!finished.await(REPORT_NANOS)) {
        if (Thread.currentThread().isInterrupted()) {
          interrupted = true;
          control.cancelled = true;
          finished.awaitAll();
          break;
        }
        progress.update(control.done(), pb.total, control.feasible());
        if (cancelled.getAsBoolean()) {
          stopped = true;
          control.cancelled = true;
        }
      }
      if (probe != null) {
        long dw = probe.now() - w0;
        probe.add(PhaseProbe.CALLER_WAITING, dw);
        probe.add(PhaseProbe.CALLER_SEARCH_WAITING, dw);
      }
    } catch (RuntimeException | Error ex) {
      control.cancelled = true;
      finished.close();
      finished.awaitAll();
      throw ex;
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new CancellationException("planner search interrupted");
    }
    if (stopped) {
      throw new CancellationException("planner search cancelled");
    }
    // a helper that arrived after the last partition was taken has no worker
    int present = 0;
    for (SearchWorker w : workers) {
      if (w != null) {
        workers[present++] = w;
      }
    }
    return present == workers.length ? workers : Arrays.copyOf(workers, present);
  }

  private static void work(SearchProblem pb, int slot, SearchWorker w, SearchControl control) {
    Partition[] parts = pb.partitions;
    int[] order = pb.dispatchOrder;
    long done = 0;
    while (!control.cancelled) {
      int next = control.nextPartition();
      if (next >= parts.length) {
        return;
      }
      int i = order[next];
      if (!w.run(parts[i], control)) {
        return;
      }
      done += parts[i].total;
      control.progress(slot, done, w.feasible);
    }
  }
}
