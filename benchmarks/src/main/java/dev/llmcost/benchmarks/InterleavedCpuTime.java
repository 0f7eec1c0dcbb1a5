package dev.llmcost.benchmarks;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmcost.benchmarks.corpus.Corpus;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A cross-check of the JMH ratios that a loaded machine disturbs less: in one JVM, llmcost and its
 * reference (jtokkit or DJL) take turns on the same corpus, and the best thread CPU time of each
 * over the rounds is printed with their ratio. CPU time leaves out the time the thread waited for
 * a core, not the cache and memory-bandwidth contention of other processes, so it is a cross-check,
 * not a replacement for a quiet-machine JMH run.
 *
 * <pre>
 * java -Dai.djl.offline=true -DRAYON_NUM_THREADS=1 -cp benchmarks/target/benchmarks.jar \
 *     dev.llmcost.benchmarks.InterleavedCpuTime ROUNDS MODE TOKENIZER REFERENCE CORPUS...
 * </pre>
 *
 * MODE is {@code count} (the whole corpus in one call; DJL encodes) or {@code lines} (one call per
 * non-blank line, encoding); REFERENCE is {@code jtokkit:ENCODING} or {@code djl:ID}, as in {@link
 * ReferenceTokenizerBenchmark}.
 */
public final class InterleavedCpuTime {
  private InterleavedCpuTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    boolean lines = args[1].equals("lines");
    Tokenizer subject = TokenizerRegistry.standard().resolve(args[2]);
    String reference = args[3];
    String id = reference.substring(reference.indexOf(':') + 1);
    ToLongFunction<String> ref;
    AutoCloseable close = () -> { };
    if (reference.startsWith("jtokkit:")) {
      var enc = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.valueOf(id.toUpperCase(Locale.ROOT)));
      ref = lines ? s -> enc.encodeOrdinary(s).size() : enc::countTokensOrdinary;
    } else {
      var djl = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(TokenizerFiles.json(id)),
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false", "maxLength", "100000000"));
      ref = s -> djl.encode(s, false, false).getIds().length;
      close = djl;
    }
    ToLongFunction<String> ours = lines ? s -> subject.encode(s).size() : s -> subject.countTokens(s).value();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int a = 4; a < args.length; a++) {
      Corpus corpus = Corpus.valueOf(args[a].toUpperCase(Locale.ROOT));
      List<String> inputs = lines ? corpus.lines() : List.of(corpus.read());
      long bytes = 0;
      for (String s : inputs) {
        bytes += s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      }
      long bestOurs = Long.MAX_VALUE;
      long bestRef = Long.MAX_VALUE;
      long n = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (String s : inputs) {
          n += ours.applyAsLong(s);
        }
        long t1 = mx.getCurrentThreadCpuTime();
        for (String s : inputs) {
          n -= ref.applyAsLong(s);
        }
        long t2 = mx.getCurrentThreadCpuTime();
        bestOurs = Math.min(bestOurs, t1 - t0);
        bestRef = Math.min(bestRef, t2 - t1);
      }
      System.out.printf(Locale.ROOT, "%s %s %s: llmcost %.1f ms (%.1f MB/s), %s %.1f ms (%.1f MB/s), ratio %.2f%s%n",
          args[1], args[2], args[a], bestOurs / 1e6, bytes * 1e3 / bestOurs, reference, bestRef / 1e6,
          bytes * 1e3 / bestRef, (double) bestRef / bestOurs, n == 0 ? "" : " (counts differ!)");
    }
    close.close();
  }
}
