package dev.llmcost.benchmarks;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference for {@link HuggingFaceTokenizerBenchmark}: HuggingFace tokenizers (Rust) through
 * DJL's JNI binding, on the same files and paragraphs, truncation and padding off, no special
 * tokens added, single-threaded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-Dai.djl.offline=true", "-DRAYON_NUM_THREADS=1"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DjlTokenizerBenchmark {

  @Param({"qwen2.5", "mistral-7b-v0.1", "bert-base-uncased"})
  public String tokenizer;

  @Param({"en", "zh"})
  public String language;

  HuggingFaceTokenizer encoder;
  List<String> paragraphs;

  @Setup
  public void setUp() throws IOException {
    encoder =
        HuggingFaceTokenizer.newInstance(
            new ByteArrayInputStream(HuggingFaceInputs.tokenizerJson(tokenizer)),
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false", "maxLength", "100000000"));
    paragraphs = HuggingFaceInputs.paragraphs(language);
  }

  @TearDown
  public void tearDown() {
    encoder.close();
  }

  /** Encodes every paragraph; returns the number of tokens. */
  @Benchmark
  public long encodeCorpus() {
    long n = 0;
    for (String p : paragraphs) {
      n += encoder.encode(p, false, false).getIds().length;
    }
    return n;
  }
}
