package dev.llmcost.benchmarks;

import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.util.List;
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
 * llmcost's pure-Java HuggingFace tokenizers encoding a whole corpus (each paragraph a call),
 * single-threaded. One operation is one pass over the corpus; MB/s = corpus bytes / time per pass
 * (the setup prints the corpus size). Run together with {@link DjlTokenizerBenchmark}, the
 * reference on the same files and text: {@code java -jar benchmarks/target/benchmarks.jar
 * "HuggingFaceTokenizerBenchmark|DjlTokenizerBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HuggingFaceTokenizerBenchmark {

  @Param({"qwen2.5", "mistral-7b-v0.1", "bert-base-uncased"})
  public String tokenizer;

  @Param({"en", "zh"})
  public String language;

  HuggingFaceTokenizer encoder;
  List<String> paragraphs;

  @Setup
  public void setUp() {
    encoder = HuggingFaceTokenizer.load(new ByteArrayInputStream(HuggingFaceInputs.tokenizerJson(tokenizer)), tokenizer);
    paragraphs = HuggingFaceInputs.paragraphs(language);
    System.out.printf("%n%s %s: %d paragraphs, %d bytes%n", tokenizer, language, paragraphs.size(), HuggingFaceInputs.bytes(paragraphs));
  }

  /** Encodes every paragraph; returns the number of tokens. */
  @Benchmark
  public long encodeCorpus() {
    long n = 0;
    for (String p : paragraphs) {
      n += encoder.encode(p).size();
    }
    return n;
  }
}
