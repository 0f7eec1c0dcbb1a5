package dev.llmcost.benchmarks;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.llmcost.benchmarks.corpus.Corpus;
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
 * The reference: raw jtokkit 1.1.0 on the same corpora, same settings as {@link
 * TokenizerBenchmark} ({@code countTokensOrdinary} and {@code encodeOrdinary}: special tokens as
 * text, as llmcost's default).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReferenceTokenizerBenchmark {

  @Param({"o200k_base", "cl100k_base", "r50k_base"})
  public String tokenizer;

  @Param({"en", "zh", "ja", "ko", "ru", "code"})
  public String corpus;

  Encoding subject;
  String text;

  @Setup
  public void setUp() {
    subject = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.valueOf(tokenizer.toUpperCase(Locale.ROOT)));
    text = Corpus.valueOf(corpus.toUpperCase(Locale.ROOT)).read();
  }

  /** Counts the tokens. */
  @Benchmark
  public long count() {
    return subject.countTokensOrdinary(text);
  }

  /** Encodes the text to a list of ids. */
  @Benchmark
  public IntArrayList encode() {
    return subject.encodeOrdinary(text);
  }
}
