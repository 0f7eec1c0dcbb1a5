package dev.llmcost.benchmarks;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmcost.benchmarks.corpus.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The references of {@link TokenizerBenchmark}, on the same corpora with the same settings, named
 * by the {@code reference} parameter as {@code IMPLEMENTATION:TOKENIZER}: raw jtokkit 1.1.0 for the
 * OpenAI encodings ({@code countTokensOrdinary}, {@code encodeOrdinary}: special tokens as text,
 * as llmcost's default), and HuggingFace tokenizers (Rust) through DJL's JNI binding for the
 * tokenizer.json files (the same bytes as llmcost's, truncation and padding off, no special tokens
 * added; DJL has no count-only call, so {@code count} encodes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true", "-DRAYON_NUM_THREADS=1"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReferenceTokenizerBenchmark {

  @Param({
    "jtokkit:o200k_base", "jtokkit:cl100k_base", "jtokkit:r50k_base",
    "djl:qwen2.5", "djl:mistral-7b-v0.1", "djl:bert-base-uncased"
  })
  public String reference;

  @Param({"en", "zh", "ja", "ko", "ru", "code"})
  public String corpus;

  @Nullable Encoding jtokkit;
  ai.djl.huggingface.tokenizers.@Nullable HuggingFaceTokenizer djl;
  String text;
  List<String> lines;

  @Setup
  public void setUp() throws IOException {
    int colon = reference.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("reference must be jtokkit:ENCODING or djl:ID, was " + reference);
    }
    String implementation = reference.substring(0, colon);
    String id = reference.substring(colon + 1);
    switch (implementation) {
      case "jtokkit":
        jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.valueOf(id.toUpperCase(Locale.ROOT)));
        break;
      case "djl":
        djl =
            ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(TokenizerFiles.json(id)),
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false",
                    "maxLength", "100000000"));
        break;
      default:
        throw new IllegalArgumentException("reference must be jtokkit:ENCODING or djl:ID, was " + reference);
    }
    Corpus c = Corpus.valueOf(corpus.toUpperCase(Locale.ROOT));
    text = c.read();
    lines = c.lines();
  }

  @TearDown
  public void tearDown() {
    if (djl != null) {
      djl.close();
    }
  }

  private int size(String s) {
    Encoding j = jtokkit;
    if (j != null) {
      return j.countTokensOrdinary(s);
    }
    return java.util.Objects.requireNonNull(djl).encode(s, false, false).getIds().length;
  }

  /** Counts the tokens of the whole corpus (one call). */
  @Benchmark
  public long count() {
    return size(text);
  }

  /** Encodes the whole corpus (one call) to ids. */
  @Benchmark
  public Object encode() {
    Encoding j = jtokkit;
    if (j != null) {
      return j.encodeOrdinary(text);
    }
    return java.util.Objects.requireNonNull(djl).encode(text, false, false).getIds();
  }

  /** Encodes the corpus line by line (a call per line); returns the number of ids. */
  @Benchmark
  public long encodeLines() {
    long n = 0;
    Encoding j = jtokkit;
    for (String line : lines) {
      n += j != null ? j.encodeOrdinary(line).size() : java.util.Objects.requireNonNull(djl).encode(line, false, false).getIds().length;
    }
    return n;
  }
}
