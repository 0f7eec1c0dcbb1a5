package dev.llmcost.benchmarks;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.dataset.DatasetCounter;
import dev.llmcost.tokenizers.dataset.DatasetTokenStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scaling of {@link DatasetCounter} with threads: a generated 16 MB JSONL file (English-like words
 * and some Chinese, 2,000-character documents) counted under o200k_base and cl100k_base with 1 and
 * with 2 threads in the same run; the speed-up is the ratio of the two scores (the issue asks for at
 * least 1.8 on 2 free cores). Run: {@code java -jar benchmarks/target/benchmarks.jar
 * DatasetCounterBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class DatasetCounterBenchmark {

  @Param({"1", "2"})
  public int threads;

  @Param({"16"})
  public int megabytes;

  Path file;
  DatasetCounter counter;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    file = Files.createTempFile("llmcost-dataset-bench", ".jsonl");
    String[] words = {"the", "tokens", "model", "training", "budget", "of", "a", "dataset", "counted", "on",
        "every", "core", "数据", "语言", "模型", "2024", "hello,", "world.", "it's", "naïve"};
    Random r = new Random(42);
    long target = (long) megabytes << 20;
    long written = 0;
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (written < target) {
        StringBuilder doc = new StringBuilder("{\"text\":\"");
        while (doc.length() < 2000) {
          doc.append(words[r.nextInt(words.length)]).append(' ');
        }
        doc.append("\"}\n");
        w.write(doc.toString());
        written += doc.length();
      }
    }
    TokenizerRegistry reg = TokenizerRegistry.standard();
    List<Tokenizer> ts = List.of(reg.resolve("o200k_base"), reg.resolve("cl100k_base"));
    counter = DatasetCounter.builder().tokenizers(ts).threads(threads).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts the file and returns the counts. */
  @Benchmark
  public DatasetTokenStats count() {
    return counter.count(file);
  }
}
