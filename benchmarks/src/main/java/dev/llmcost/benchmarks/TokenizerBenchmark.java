package dev.llmcost.benchmarks;

import dev.llmcost.benchmarks.corpus.Corpus;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * llmcost's tokenizers on about 2 MB of real text per corpus (single thread); run together with
 * {@link ReferenceTokenizerBenchmark} (raw jtokkit) for the ratios: {@code java -jar
 * benchmarks/target/benchmarks.jar TokenizerBenchmark}. MB/s = 2.0 / (ms per op / 1000), the
 * corpora being 2.0 MB (see benchmarks/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenizerBenchmark {

  @Param({"o200k_base", "cl100k_base", "r50k_base"})
  public String tokenizer;

  @Param({"en", "zh", "ja", "ko", "ru", "code"})
  public String corpus;

  Tokenizer subject;
  String text;

  @Setup
  public void setUp() {
    subject = TokenizerRegistry.standard().resolve(tokenizer);
    text = Corpus.valueOf(corpus.toUpperCase(Locale.ROOT)).read();
  }

  /** Counts the tokens without keeping the ids. */
  @Benchmark
  public long count() {
    return subject.countTokens(text).value();
  }

  /** Encodes the text to an array of ids. */
  @Benchmark
  public int[] encode() {
    return subject.encode(text).toArray();
  }
}
