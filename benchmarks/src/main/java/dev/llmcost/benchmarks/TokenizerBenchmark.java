package dev.llmcost.benchmarks;

import dev.llmcost.benchmarks.corpus.Corpus;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.util.List;
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
 * llmcost's tokenizers — the OpenAI encodings and the HuggingFace tokenizer.json files of
 * llmcost-tokenizers-vocab — on about 2 MB of real text per corpus, single thread. Run together
 * with {@link ReferenceTokenizerBenchmark} (jtokkit for the OpenAI encodings, HuggingFace
 * tokenizers through DJL for the tokenizer.json files), which sees the same text: {@code java -jar
 * benchmarks/target/benchmarks.jar TokenizerBenchmark}. MB/s = corpus MB / (ms per op / 1000),
 * the corpus sizes being in benchmarks/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenizerBenchmark {

  @Param({"o200k_base", "cl100k_base", "r50k_base", "qwen2.5", "mistral-7b-v0.1", "bert-base-uncased"})
  public String tokenizer;

  @Param({"en", "zh", "ja", "ko", "ru", "code"})
  public String corpus;

  Tokenizer subject;
  String text;
  List<String> lines;

  @Setup
  public void setUp() {
    subject = TokenizerRegistry.standard().resolve(tokenizer);
    Corpus c = Corpus.valueOf(corpus.toUpperCase(Locale.ROOT));
    text = c.read();
    lines = c.lines();
  }

  /** Counts the tokens of the whole corpus (one call) without keeping the ids. */
  @Benchmark
  public long count() {
    return subject.countTokens(text).value();
  }

  /** Encodes the whole corpus (one call) to an array of ids. */
  @Benchmark
  public int[] encode() {
    return subject.encode(text).toArray();
  }

  /** Encodes the corpus line by line (a call per line, as requests come); returns the number of ids. */
  @Benchmark
  public long encodeLines() {
    long n = 0;
    for (String line : lines) {
      n += subject.encode(line).size();
    }
    return n;
  }
}
