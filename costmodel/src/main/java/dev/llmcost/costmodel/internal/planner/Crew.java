package dev.llmcost.costmodel.internal.planner;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The helper threads of one plan: started when the plan starts, so that their start overlaps the
 * calling thread's own share of the set-up, and used for each parallel phase in turn (enumerating
 * the partitions, searching them, estimating the configurations returned) instead of a thread
 * started per phase. The calling thread always works too. Closed at the end of the plan (the
 * threads are daemons and end when idle).
 */
public final class Crew implements AutoCloseable {
  private final ThreadPoolExecutor pool;
  private final int helpers;

  private Crew(int helpers) {
    this.helpers = helpers;
    AtomicInteger names = new AtomicInteger();
    pool = new ThreadPoolExecutor(helpers, helpers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "llmcost-planner-" + names.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.prestartAllCoreThreads();
  }

  /**
   * Starts {@code helpers} helper threads.
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

  /** Runs {@code task} on a helper thread (queued until one is free). */
  void execute(Runnable task) {
    pool.execute(task);
  }

  @Override
  public void close() {
    pool.shutdown();
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
    if (helpers <= 0 || n < parallelFrom) {
      IntConsumer task = perThread.get();
      for (int i = 0; i < n; i++) {
        task.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(helpers);
    Runnable loop = () -> {
      try {
        IntConsumer task = perThread.get();
        for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
          task.accept(i);
        }
      } catch (RuntimeException | Error ex) {
        failure.compareAndSet(null, ex);
      }
    };
    for (int t = 0; t < helpers; t++) {
      crew.execute(() -> {
        try {
          loop.run();
        } finally {
          finished.countDown();
        }
      });
    }
    loop.run();
    awaitUninterruptibly(finished);
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
  }

  /** Waits for the latch, keeping (not acting on) an interrupt. */
  static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException ex) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
