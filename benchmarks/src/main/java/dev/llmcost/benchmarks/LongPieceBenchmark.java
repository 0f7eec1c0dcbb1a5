package dev.llmcost.benchmarks;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
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
 * Counting one piece that the split pattern keeps whole — a run of one letter or of one emoji —
 * from 1 KB to 100 MB of UTF-8, to show that the time per MB stays flat (exact BPE merged block by
 * block, issue 22 item 2). Time per MB = ms/op ÷ {@code megabytes}. No reference runs here: jtokkit
 * and tiktoken need minutes or refuse for the longest runs, so the claim is linearity, not a speed-up.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LongPieceBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LongPieceBenchmark {

  @Param({"cl100k_base", "o200k_base"})
  public String tokenizer;

  /** {@code a} (one byte per char) or {@code emoji} (U+1F600, four bytes). */
  @Param({"a", "emoji"})
  public String unit;

  /** UTF-8 bytes of the piece. */
  @Param({"1000", "10000", "100000", "1000000", "10000000", "100000000"})
  public int bytes;

  Tokenizer subject;
  String piece;

  @Setup
  public void setUp() {
    subject = TokenizerRegistry.standard().resolve(tokenizer);
    piece = unit.equals("emoji") ? "\uD83D\uDE00".repeat(bytes / 4) : "a".repeat(bytes);
  }

  /** Counts the tokens of the piece. */
  @Benchmark
  public long count() {
    return subject.countTokens(piece).value();
  }
}
