package dev.llmcost.tokenizers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sixteen threads asking for one value while it loads get the one instance, loaded once. */
class OnceTest {

  @Test
  void loadsOnceForManyThreads() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Once<Object> once = new Once<>(() -> {
      loads.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Object();
    });
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Object>> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        all.add(pool.submit(once::get));
      }
      assertThat(once.isLoaded()).isFalse();
      release.countDown();
      Object first = all.get(0).get();
      for (Future<Object> f : all) {
        assertThat(f.get()).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
    assertThat(once.isLoaded()).isTrue();
  }
}
