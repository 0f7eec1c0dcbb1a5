package dev.llmcost.tokenizers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are read once per (path, size, mtime); loads of different files never wait for each other. */
class FileCacheTest {

  @Test
  void anUnchangedFileIsReadOnceAndAChangedOneAgain(@TempDir Path dir) throws IOException {
    AtomicInteger reads = new AtomicInteger();
    FileCache cache = new FileCache((p, id) -> {
      reads.incrementAndGet();
      return CharacterTokenizer.instance();
    });
    Path file = Files.writeString(dir.resolve("tokenizer.json"), "{}");
    Tokenizer first = cache.get(file, "a");
    assertThat(cache.get(dir.resolve("x/../tokenizer.json"), "a")).isSameAs(first);
    assertThat(reads).hasValue(1);

    Files.writeString(file, "{ }"); // size changes
    cache.get(file, "a");
    assertThat(reads).hasValue(2);
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - 60_000));
    cache.get(file, "a"); // same size, other mtime
    assertThat(reads).hasValue(3);
    cache.get(file, "b"); // another id is another tokenizer
    assertThat(reads).hasValue(4);
    assertThat(cache.size()).isEqualTo(2);
    assertThatThrownBy(() -> cache.get(dir.resolve("missing.json"), "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenizer file does not exist: ")
        .hasMessageContaining("missing.json");
  }

  @Test
  void aFailedLoadIsTriedAgain(@TempDir Path dir) throws IOException {
    AtomicInteger reads = new AtomicInteger();
    FileCache cache = new FileCache((p, id) -> {
      if (reads.incrementAndGet() == 1) {
        throw new IllegalArgumentException("malformed");
      }
      return CharacterTokenizer.instance();
    });
    Path file = Files.writeString(dir.resolve("t.json"), "{}");
    assertThatThrownBy(() -> cache.get(file, "t")).hasMessage("malformed");
    assertThat(cache.get(file, "t")).isSameAs(CharacterTokenizer.instance());
    assertThat(reads).hasValue(2);
  }

  @Test
  void twoFilesLoadConcurrentlyAndOneFileLoadsOnce(@TempDir Path dir) throws Exception {
    // each load of a or b waits until both loads have started: if one lock serialised them, the
    // first would wait for the second forever and the latch's await would report false
    CountDownLatch bothStarted = new CountDownLatch(2);
    AtomicInteger reads = new AtomicInteger();
    List<Boolean> sawTheOther = java.util.Collections.synchronizedList(new ArrayList<>());
    FileCache cache = new FileCache((p, id) -> {
      reads.incrementAndGet();
      bothStarted.countDown();
      try {
        sawTheOther.add(bothStarted.await(30, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return CharacterTokenizer.instance();
    });
    Path a = Files.writeString(dir.resolve("a.json"), "{}");
    Path b = Files.writeString(dir.resolve("b.json"), "{}");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Tokenizer>> results = new ArrayList<>();
      results.add(pool.submit(() -> cache.get(a, "a")));
      results.add(pool.submit(() -> cache.get(b, "b")));
      results.add(pool.submit(() -> cache.get(a, "a")));
      results.add(pool.submit(() -> cache.get(b, "b")));
      for (Future<Tokenizer> f : results) {
        assertThat(f.get()).isSameAs(CharacterTokenizer.instance());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sawTheOther).containsExactly(true, true);
    assertThat(reads).hasValue(2);
  }
}
