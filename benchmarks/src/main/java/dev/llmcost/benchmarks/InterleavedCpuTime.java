package dev.llmcost.benchmarks;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmcost.benchmarks.corpus.Corpus;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * llmcost and its reference (jtokkit or DJL) taking turns on the same corpus in one JVM, in slices
 * short enough that both see the same load, each turn measured three ways: CPU time of the calling
 * thread, wall time, and the time the calling thread waited for a core (Linux {@code
 * /proc/thread-self/schedstat}).
 *
 * <pre>
 * java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar \
 *     dev.llmcost.benchmarks.InterleavedCpuTime ROUNDS MODE TOKENIZER REFERENCE CORPUS...
 * </pre>
 *
 * <p>MODE is {@code count} (the whole corpus in one call; DJL encodes) or {@code lines} (one call per
 * non-blank line, encoding); REFERENCE is {@code jtokkit:ENCODING} or {@code djl:ID}, as in {@link
 * ReferenceTokenizerBenchmark}.
 *
 * <p>Why it is built so (benchmarks/README.md, "How the DJL ratios are measured", has the
 * measurements):
 *
 * <ul>
 *   <li><b>Warm-up until the JIT is quiet.</b> llmcost runs alone first, for at least {@code
 *       -Dwarmup.seconds} (3 unless set) and until three rounds in a row added no compilation time
 *       (at most 60 s): its hot paths are compiled by C2 in several steps, and a round timed
 *       before the last step can take twice as long. The reference then runs twice untimed. Each
 *       side loops in its own method, so that neither call site sees the other's function. Name one
 *       corpus per run for figures to quote: in one JVM the code C2 compiled for an earlier corpus
 *       stays (qwen2.5 {@code zh} after {@code ja}, {@code en} and {@code code} took 99 ms a pass
 *       against 25–40 ms for the others), as JMH forks a JVM per parameter set for the same
 *       reason.
 *   <li><b>Interleaving.</b> Each round cuts the lines into {@code -Dslices} slices (4 unless set)
 *       and times llmcost and the reference on each slice in turn (the first alternating), so the
 *       load of other processes, which on a shared machine changes CPU time by up to 3x (through
 *       shared caches and memory bandwidth, not only through waiting), falls on both sides alike.
 *       Not finer: each turn starts with the caches the other side's turn left, and at 32 slices
 *       (1.5 ms turns of llmcost) refilling them added 35–55 % to llmcost's CPU time. A round's
 *       ratio is the reference's total over llmcost's; the figure reported is the median of the
 *       rounds' ratios, with their range.
 *   <li><b>Every thread counted.</b> After the rounds, one pass of each side reads every thread's
 *       CPU time (Linux {@code /proc/self/task/TID/schedstat}) before and after and lists what the
 *       calling thread and each other thread (garbage collection, the JIT, a native pool) used, so
 *       work moved off the calling thread would be seen.
 *   <li><b>Warm and cold caches.</b> Both sides cache words, and a corpus encoded again and again
 *       is then mostly looked up. With {@code -Dcold=true} both tokenizers are loaded afresh before
 *       each round (untimed), so each round is a first pass over unseen text.
 * </ul>
 *
 * <p>With {@code -Dsolo=true} the reference is not loaded and llmcost runs alone; with {@code
 * -Dverbose=true} each round's figures are printed. For DJL in {@code lines} mode it also times the
 * same number of calls on a one-character line: DJL's fixed cost per call (the JNI crossings and the
 * Encoding it builds), which no tokenizer speed can remove.
 */
public final class InterleavedCpuTime {
  private InterleavedCpuTime() {}

  /** One side's totals in one round, in ns. */
  private static final class Turns {
    long wall;
    long thread;
    long waited;
    long calls;
  }

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    double warmupSeconds = Double.parseDouble(System.getProperty("warmup.seconds", "3"));
    int slices = Integer.getInteger("slices", 4);
    boolean solo = Boolean.getBoolean("solo");
    boolean verbose = Boolean.getBoolean("verbose");
    boolean lines = args[1].equals("lines");
    boolean cold = Boolean.getBoolean("cold");
    Tokenizer[] subject = {TokenizerRegistry.standard().resolve(args[2])};
    String reference = args[3];
    String id = reference.substring(reference.indexOf(':') + 1);
    ToLongFunction<String> ref;
    List<AutoCloseable> close = new ArrayList<>();
    boolean djl = !solo && reference.startsWith("djl:");
    ai.djl.huggingface.tokenizers.HuggingFaceTokenizer[] djlTokenizer = {null};
    if (solo) {
      ref = s -> 0;
    } else if (reference.startsWith("jtokkit:")) {
      var enc = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.valueOf(id.toUpperCase(Locale.ROOT)));
      ref = lines ? s -> enc.encodeOrdinary(s).size() : enc::countTokensOrdinary;
    } else {
      djlTokenizer[0] = loadDjl(id);
      close.add(djlTokenizer[0]);
      ref = s -> djlTokenizer[0].encode(s, false, false).getIds().length;
    }
    ToLongFunction<String> ours =
        lines ? s -> subject[0].encode(s).size() : s -> subject[0].countTokens(s).value();
    System.out.printf(Locale.ROOT, "JDK %s, %d cores, load average %.2f%s%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), solo ? ", llmcost alone" : "");
    for (int a = 4; a < args.length; a++) {
      Corpus corpus = Corpus.valueOf(args[a].toUpperCase(Locale.ROOT));
      List<String> inputs = lines ? corpus.lines() : List.of(corpus.read());
      long bytes = 0;
      for (String s : inputs) {
        bytes += s.getBytes(StandardCharsets.UTF_8).length;
      }
      List<List<String>> cut = slice(inputs, lines ? slices : 1);
      Runnable fresh = () -> {
        if (cold) {
          subject[0] = dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer.load(
              new ByteArrayInputStream(TokenizerFiles.json(args[2])), args[2]);
        }
      };
      String warm = warmUp(ours, ref, inputs, warmupSeconds, solo, fresh);
      Turns[] o = new Turns[rounds];
      Turns[] r = new Turns[rounds];
      long gc0 = gcMillis();
      long n = 0;
      for (int round = 0; round < rounds; round++) {
        if (cold) {
          // fresh tokenizers, so that no word cache holds the corpus from an earlier round
          fresh.run();
          if (djl) {
            djlTokenizer[0] = loadDjl(id);
            close.add(djlTokenizer[0]);
          }
          System.gc();
        }
        o[round] = new Turns();
        r[round] = new Turns();
        for (int i = 0; i < cut.size(); i++) {
          List<String> part = cut.get(i);
          boolean oursFirst = ((round + i) & 1) == 0;
          if (oursFirst) {
            n += turn(ours, part, o[round], true);
          }
          if (!solo) {
            n -= turn(ref, part, r[round], false);
          }
          if (!oursFirst) {
            n += turn(ours, part, o[round], true);
          }
        }
        if (verbose) {
          System.out.printf(Locale.ROOT, "  round %d: llmcost thread %.1f ms wall %.1f ms, reference thread %.1f ms wall %.1f ms%n",
              round, o[round].thread / 1e6, o[round].wall / 1e6, r[round].thread / 1e6, r[round].wall / 1e6);
        }
      }
      long gcMs = gcMillis() - gc0;
      String head = String.format(Locale.ROOT, "%s %s %s (%d calls, %.2f MB, %d rounds of %d slices%s; %s; GC %d ms in all)",
          args[1], args[2], args[a], inputs.size(), bytes / 1e6, rounds, cut.size(),
          cold ? ", fresh tokenizers each round" : "", warm, gcMs);
      if (solo) {
        System.out.printf(Locale.ROOT, "%s:%n  llmcost %s%n  one pass, CPU by thread: %s%n", head, describe(o, bytes),
            threads(ours, inputs, true));
        continue;
      }
      String fixed = "";
      if (djl && lines) {
        List<String> tiny = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
          tiny.add("a");
        }
        Turns[] t = new Turns[Math.max(2, rounds / 2)];
        turn(ref, tiny, new Turns(), false);
        for (int i = 0; i < t.length; i++) {
          t[i] = new Turns();
          turn(ref, tiny, t[i], false);
        }
        long c = median(t, x -> x.thread);
        fixed = String.format(Locale.ROOT, "%n  %s fixed cost of %d calls on \"a\": thread CPU %.1f ms (%.2f us a call)",
            reference, inputs.size(), c / 1e6, c / 1e3 / inputs.size());
      }
      System.out.printf(Locale.ROOT,
          "%s:%n  llmcost %s%n  %s %s%n  ratio (median of rounds [min, max]): thread CPU %s, wall %s%s%n"
              + "  one pass each, CPU by thread: llmcost %s;%n    %s %s%s%n",
          head, describe(o, bytes), reference, describe(r, bytes),
          ratios(r, o, x -> x.thread), ratios(r, o, x -> x.wall), fixed,
          threads(ours, inputs, true), reference, threads(ref, inputs, false),
          n == 0 ? "" : " (counts differ!)");
    }
    for (AutoCloseable c : close) {
      c.close();
    }
  }

  private static ai.djl.huggingface.tokenizers.HuggingFaceTokenizer loadDjl(String id) throws IOException {
    return ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
        new ByteArrayInputStream(TokenizerFiles.json(id)),
        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false", "maxLength", "100000000"));
  }

  /**
   * Runs llmcost alone until it has run {@code seconds} and three rounds in a row added no JIT
   * compilation time (at most 60 s), then the reference twice; returns what it did, in words.
   */
  private static String warmUp(ToLongFunction<String> ours, ToLongFunction<String> ref, List<String> inputs,
      double seconds, boolean solo, Runnable fresh) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long limit = start + 60_000_000_000L;
    int quiet = 0;
    int rounds = 0;
    long last = jit.getTotalCompilationTime();
    while (System.nanoTime() < limit && (System.nanoTime() < end || quiet < 3)) {
      fresh.run();
      last = jit.getTotalCompilationTime();
      loopOurs(ours, inputs);
      rounds++;
      long now = jit.getTotalCompilationTime();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
    if (!solo) {
      loopReference(ref, inputs);
      loopReference(ref, inputs);
    }
    return String.format(Locale.ROOT, "warm-up %d rounds, %.1f s, JIT %s", rounds, (System.nanoTime() - start) / 1e9,
        quiet >= 3 ? "quiet" : "still compiling");
  }

  /** Runs one turn on a slice and adds it to {@code into}. */
  private static long turn(ToLongFunction<String> f, List<String> inputs, Turns into, boolean ours) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long wait0 = waited();
    long c0 = mx.getCurrentThreadCpuTime();
    long w0 = System.nanoTime();
    long n = ours ? loopOurs(f, inputs) : loopReference(f, inputs);
    long w1 = System.nanoTime();
    long c1 = mx.getCurrentThreadCpuTime();
    long wait1 = waited();
    into.wall += w1 - w0;
    into.thread += c1 - c0;
    into.waited += wait1 - wait0;
    into.calls += inputs.size();
    return n;
  }

  /**
   * Runs one side on all the inputs once, reading every thread's CPU time (Linux /proc) before and
   * after, and says how much CPU the calling thread and every other thread used, by name.
   */
  private static String threads(ToLongFunction<String> f, List<String> inputs, boolean ours) throws IOException {
    Map<String, Long> before = threadCpu();
    if (ours) {
      loopOurs(f, inputs);
    } else {
      loopReference(f, inputs);
    }
    Map<String, Long> after = threadCpu();
    String self = "#" + selfTid();
    long mine = 0;
    Map<String, Long> others = new HashMap<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (e.getKey().endsWith(self)) {
        mine += d;
      } else if (d > 0) {
        String name = e.getKey().substring(0, e.getKey().lastIndexOf('#')).replaceAll("#?\\d+$", "").strip();
        others.merge(name, d, Long::sum);
      }
    }
    StringBuilder list = new StringBuilder();
    long total = 0;
    List<Map.Entry<String, Long>> entries = new ArrayList<>(others.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (Map.Entry<String, Long> e : entries) {
      total += e.getValue();
      if (list.length() < 100) {
        list.append(list.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e6));
      }
    }
    return String.format(Locale.ROOT, "calling thread %.1f ms, %d other threads %.1f ms (%s)", mine / 1e6,
        others.size(), total / 1e6, list);
  }

  // Two loops with the same body, so that each call site sees one function and C2 compiles each side
  // as it would alone (one shared loop would be bimorphic and inline both sides into one method).
  private static long loopOurs(ToLongFunction<String> f, List<String> inputs) {
    long n = 0;
    for (String s : inputs) {
      n += f.applyAsLong(s);
    }
    return n;
  }

  private static long loopReference(ToLongFunction<String> f, List<String> inputs) {
    long n = 0;
    for (String s : inputs) {
      n += f.applyAsLong(s);
    }
    return n;
  }

  private static List<List<String>> slice(List<String> inputs, int slices) {
    int k = Math.max(1, Math.min(slices, inputs.size()));
    List<List<String>> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(inputs.subList((int) ((long) inputs.size() * i / k), (int) ((long) inputs.size() * (i + 1) / k)));
    }
    return out;
  }

  private static String describe(Turns[] t, long bytes) {
    long wall = median(t, x -> x.wall);
    long thread = median(t, x -> x.thread);
    return String.format(Locale.ROOT,
        "thread CPU %.1f ms (%.1f MB/s), wall %.1f ms (%.1f MB/s), waited for a core %.1f ms (medians of the rounds)",
        thread / 1e6, bytes * 1e3 / thread, wall / 1e6, bytes * 1e3 / wall, median(t, x -> x.waited) / 1e6);
  }

  private static String ratios(Turns[] ref, Turns[] ours, ToLongFunction<Turns> f) {
    double[] q = new double[ref.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = (double) f.applyAsLong(ref[i]) / f.applyAsLong(ours[i]);
    }
    Arrays.sort(q);
    double med = q.length % 2 == 1 ? q[q.length / 2] : (q[q.length / 2 - 1] + q[q.length / 2]) / 2;
    return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", med, q[0], q[q.length - 1]);
  }

  private static long median(Turns[] t, ToLongFunction<Turns> f) {
    long[] c = Arrays.stream(t).mapToLong(f).sorted().toArray();
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }

  private static long gcMillis() {
    long t = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, b.getCollectionTime());
    }
    return t;
  }

  /** Nanoseconds the calling thread has waited runnable for a core (Linux schedstat), else 0. */
  private static long waited() {
    try {
      String[] f = Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ");
      return Long.parseLong(f[1]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String selfTid() {
    try {
      return String.valueOf(Path.of("/proc/thread-self").toRealPath().getFileName());
    } catch (IOException e) {
      return "?";
    }
  }

  /** CPU ns of every thread of the process, by "name#tid" (Linux /proc), else empty. */
  private static Map<String, Long> threadCpu() throws IOException {
    Map<String, Long> out = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path t : ds) {
        try {
          String name = Files.readString(t.resolve("comm")).trim();
          long ns = Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split(" ")[0]);
          out.put(name + "#" + t.getFileName(), ns);
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      }
    }
    return out;
  }
}
