package dev.llmcost.costmodel.internal.planner;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The helper threads of one plan, used for each parallel phase in turn (enumerating the
 * partitions, searching them, estimating the configurations returned). The calling thread always
 * works too. Helpers are leased from a process-wide pool of daemon threads and given back when the
 * plan closes its crew, so a plan of a few milliseconds does not pay for starting threads; a
 * helper that is given nothing for {@link #KEEP_ALIVE_NANOS} ends. Between tasks a helper spins
 * for up to {@link #SPIN_NANOS} before it parks, because the phases of one plan follow each other
 * within tens of microseconds and waking a parked thread costs about as much. Concurrent plans
 * lease different helpers.
 */
public final class Crew implements AutoCloseable {
  /** How long a helper (and a caller waiting for helpers) spins before parking. */
  static final long SPIN_NANOS = 100_000L;
  /** How long an unleased helper waits for a plan before it ends. */
  static final long KEEP_ALIVE_NANOS = 1_000_000_000L;

  private static final ConcurrentLinkedDeque<Helper> IDLE = new ConcurrentLinkedDeque<>();
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final Helper[] leased;
  private final int helpers;
  private int nextHelper;
  private boolean closed;

  private Crew(int helpers) {
    this.helpers = helpers;
    leased = new Helper[helpers];
    for (int i = 0; i < helpers; i++) {
      leased[i] = lease();
    }
  }

  private static Helper lease() {
    for (Helper h = IDLE.pollFirst(); h != null; h = IDLE.pollFirst()) {
      if (h.state.compareAndSet(Helper.POOLED, Helper.LEASED)) {
        return h;
      }
    }
    Helper h = new Helper("llmcost-planner-" + NAMES.incrementAndGet());
    h.start();
    return h;
  }

  /**
   * Leases {@code helpers} helper threads (started when the pool has too few idle ones).
   *
   * @param helpers helper threads, at least 1
   * @return the crew
   */
  public static Crew start(int helpers) {
    if (helpers < 1) {
      throw new IllegalArgumentException("helpers must be at least 1, was " + helpers);
    }
    return new Crew(helpers);
  }

  /** Returns the number of helper threads. */
  int helpers() {
    return helpers;
  }

  /**
   * Runs {@code task} on a helper thread, the crew's helpers in turn (a helper runs its tasks in
   * the order given). Called from the thread that started the crew.
   */
  void execute(Runnable task) {
    if (closed) {
      throw new IllegalStateException("crew is closed");
    }
    Helper h = leased[nextHelper];
    nextHelper = (nextHelper + 1) % helpers;
    h.give(task);
  }

  /**
   * Gives the helpers back to the pool at once. A helper may still have tasks of this crew queued
   * (phases it arrived at after they closed: they do nothing); a later lease queues its tasks
   * behind them. Returning the helper here rather than from the helper thread means a plan that
   * follows straight after finds it in the pool even when the helper has not run since, instead
   * of starting another thread.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Helper h : leased) {
      h.state.set(Helper.POOLED);
      IDLE.offerFirst(h);
    }
  }

  /** A pooled helper thread: runs the tasks given to it, spinning a little before parking. */
  private static final class Helper extends Thread {
    static final int LEASED = 0;
    static final int POOLED = 1;
    static final int ENDED = 2;

    final AtomicInteger state = new AtomicInteger(LEASED);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean parked;

    Helper(String name) {
      super(name);
      setDaemon(true);
    }

    void give(Runnable task) {
      tasks.offer(task);
      if (parked) {
        LockSupport.unpark(this);
      }
    }

    @Override
    public void run() {
      long idleSince = System.nanoTime();
      while (true) {
        Runnable t = tasks.poll();
        if (t != null) {
          try {
            t.run();
          } catch (RuntimeException | Error ex) {
            // the tasks of this package catch and report their own failures; keep the thread
          }
          idleSince = System.nanoTime();
          continue;
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (tasks.isEmpty() && System.nanoTime() - spinUntil < 0) {
          Thread.onSpinWait();
        }
        if (!tasks.isEmpty()) {
          continue;
        }
        parked = true;
        if (tasks.isEmpty()) {
          LockSupport.parkNanos(this, KEEP_ALIVE_NANOS);
        }
        parked = false;
        if (tasks.isEmpty() && state.get() == POOLED && System.nanoTime() - idleSince >= KEEP_ALIVE_NANOS
            && state.compareAndSet(POOLED, ENDED)) {
          IDLE.remove(this);
          return;
        }
      }
    }
  }

  /**
   * Calls a task with each index from 0 to {@code n − 1}: on the calling thread alone when {@code
   * crew} is null or {@code n} is below {@code parallelFrom}, otherwise on the calling thread and
   * the crew's helpers, which take indexes from a shared counter. Each participating thread asks
   * {@code perThread} once for its task, which may keep state of its own (caches, buffers). A
   * failure stops the handing out and is rethrown on the calling thread once every helper has
   * stopped. Returns when every call has returned.
   *
   * @param crew the helpers, or null
   * @param n the number of indexes
   * @param parallelFrom the least {@code n} worth handing to the helpers
   * @param perThread makes one thread's task
   */
  public static void forEach(@Nullable Crew crew, int n, int parallelFrom, Supplier<IntConsumer> perThread) {
    int helpers = crew == null ? 0 : Math.min(crew.helpers, n - 1);
    PhaseProbe probe = PhaseProbe.active;
    long t0 = probe == null ? 0 : probe.now();
    if (helpers <= 0 || n < parallelFrom) {
      IntConsumer task = perThread.get();
      for (int i = 0; i < n; i++) {
        task.accept(i);
      }
      if (probe != null) {
        probe.add(PhaseProbe.CALLER_IN_PHASES, probe.now() - t0);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Gate gate = new Gate();
    Thread caller = Thread.currentThread();
    Runnable loop = () -> {
      try {
        long h0 = probe == null ? 0 : probe.now();
        IntConsumer task = perThread.get();
        for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
          task.accept(i);
        }
        if (probe != null && Thread.currentThread() != caller) {
          probe.add(PhaseProbe.HELPER_IN_PHASES, probe.now() - h0);
        }
      } catch (RuntimeException | Error ex) {
        failure.compareAndSet(null, ex);
      }
    };
    for (int t = 0; t < helpers; t++) {
      crew.execute(() -> {
        if (gate.enter()) {
          try {
            loop.run();
          } finally {
            gate.leave();
          }
        }
      });
    }
    loop.run();
    long w0 = probe == null ? 0 : probe.now();
    // every index is taken: wait only for the helpers working on one, not for any yet to start
    gate.close();
    gate.awaitAll();
    if (probe != null) {
      long t1 = probe.now();
      probe.add(PhaseProbe.CALLER_IN_PHASES, t1 - t0);
      probe.add(PhaseProbe.CALLER_WAITING, t1 - w0);
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
  }
}
