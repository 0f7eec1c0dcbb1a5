package dev.llmcost.benchmarks;

import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Measures what a loaded Qwen2.5 tokenizer (151,665 ids) costs: retained heap (used heap after
 * full GCs, with and without it) and load time from the gzip-compressed file, cold (the first load
 * in this JVM: run it several times for several cold samples) and warm (median of 5 more), as wall
 * time and as CPU time of the loading thread and of the whole process (which adds the JIT
 * compiler's threads and the merge resolver's). Run from the repository root: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.llmcost.benchmarks.TokenizerFootprint}.
 */
public final class TokenizerFootprint {
  private TokenizerFootprint() {}

  /** The bundled file, as llmcost-tokenizers-vocab holds it. */
  static final Path QWEN = Path.of("tokenizers-vocab/src/main/resources/dev/llmcost/tokenizers/vocab/qwen2.5-tokenizer.json.gz");

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  public static void main(String[] args) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = usedAfterGc();
    long process0 = os.getProcessCpuTime();
    long thread0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    HuggingFaceTokenizer qwen = HuggingFaceTokenizer.load(QWEN, "qwen2.5");
    long cold = System.nanoTime() - t0;
    long threadCpu = threads.getCurrentThreadCpuTime() - thread0;
    long processCpu = os.getProcessCpuTime() - process0;
    qwen.encode("warm up");
    long after = usedAfterGc();
    long[] warm = new long[5];
    for (int i = 0; i < warm.length; i++) {
      long s = System.nanoTime();
      HuggingFaceTokenizer.load(QWEN, "qwen2.5");
      warm[i] = System.nanoTime() - s;
    }
    java.util.Arrays.sort(warm);
    System.out.printf(
        "qwen2.5: %d ids, retained heap %.1f MB, load cold %.0f ms (CPU: loading thread %.0f ms, process %.0f ms),"
            + " warm median %.0f ms%n",
        qwen.vocabularySize(), (after - before) / 1e6, cold / 1e6, threadCpu / 1e6, processCpu / 1e6, warm[2] / 1e6);
    System.out.println(qwen.encode("keep it reachable").size());
  }
}
