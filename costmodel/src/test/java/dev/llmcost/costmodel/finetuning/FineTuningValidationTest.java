package dev.llmcost.costmodel.finetuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Predictions against published fine-tuning measurements (finetuning-measurements.csv, with the
 * source of every row), error table printed. No constant is fitted to these rows: every efficiency
 * comes from the microbenchmark profiles. One modelling choice was informed by them: the
 * {@link LogitsMode#CHUNKED_COMPILED} bytes per logit, read from the mechanism after the
 * torchtune-flags rows (torchtune's "Optimization flags" table) showed the eager chunked figure too
 * high under torch.compile. Its twin: the medians over the rows of every other source, printed and
 * asserted apart.
 *
 * <p>Issue 17 targets a peak-memory median |error| of 10% and a throughput median of 15%. The
 * throughput median meets it over all 17 rows (about 10%), not over the 8 rows outside torchtune-flags
 * (about 19%: the A6000 rows, with no GEMM microbenchmark, are 40 to 60% slow). Peak memory does not
 * (about 16%; 19% outside torchtune-flags): bitsandbytes QLoRA (LitGPT, Unsloth) is predicted 3 to 5
 * GiB low (about 0.4 bytes per quantized parameter, and in Unsloth's HuggingFace rows a further 2.5
 * bytes or so per logit at long context), torchtune's torchao QLoRA 6 to 40% high, and torchtune's
 * A6000 rows hold twice the 4090's memory at the settings the README states. The bounds asserted are
 * what the model reaches, so that a regression fails.
 */
class FineTuningValidationTest {
  /** Asserted peak-memory median |error| over all rows: what the model reaches, not issue 17's 10%. */
  static final double MEMORY_BOUND = 0.17;
  /** Asserted throughput median |error| over all rows (issue 17's target is 15%). */
  static final double THROUGHPUT_BOUND = 0.11;
  /** The source whose rows informed {@link LogitsMode#CHUNKED_COMPILED}. */
  static final String INFORMING_SOURCE = "torchtune-flags";
  /** Asserted peak-memory median |error| over the rows of the other sources. */
  static final double HELD_OUT_MEMORY_BOUND = 0.19;
  /** Asserted throughput median |error| over the rows of the other sources. */
  static final double HELD_OUT_THROUGHPUT_BOUND = 0.19;

  private static final CsvTable TABLE = CsvTable.read(FineTuningValidationTest.class, "finetuning-measurements.csv");

  static FineTuningJob job(int i) {
    var b = FineTuningJob.builder(ModelCatalog.bundled().get(TABLE.get(i, "model")),
        AcceleratorCatalog.bundled().get(TABLE.get(i, "accelerator")));
    b.gpus(TABLE.integer(i, "gpus", 1)).distribution(Distribution.parse(TABLE.get(i, "distribution")));
    FineTuningMethod method = FineTuningMethod.parse(TABLE.get(i, "method"));
    b.method(method).baseWeights(DType.parse(TABLE.get(i, "base")));
    if (method.usesAdapters()) {
      LoraConfig lora = LoraConfig.of(TABLE.integer(i, "rank", 0), LoraConfig.parseTargets(TABLE.get(i, "targets")));
      String dropout = TABLE.get(i, "dropout");
      b.lora(dropout.isEmpty() ? lora : lora.withDropout(Double.parseDouble(dropout)));
    }
    String dq = TABLE.get(i, "double_quant");
    if (!dq.isEmpty()) {
      b.doubleQuantization(Boolean.parseBoolean(dq));
    }
    b.optimizer(FineTuningOptimizer.parse(TABLE.get(i, "optimizer")))
        .fusedOptimizerStep(Boolean.parseBoolean(TABLE.get(i, "fused_step")))
        .offload(Offload.parse(TABLE.get(i, "offload")))
        .checkpointing(Checkpointing.parse(TABLE.get(i, "checkpointing")))
        .logits(LogitsMode.parse(TABLE.get(i, "logits")))
        .precision(TrainablePrecision.parse(TABLE.get(i, "precision")))
        .sequenceLength(TABLE.integer(i, "seq", 0)).microBatchSize(TABLE.integer(i, "micro_batch", 0));
    return b.build();
  }

  static double measuredBytes(int i) {
    double v = TABLE.number(i, "memory");
    return "GiB".equals(TABLE.get(i, "memory_unit")) ? v * (1L << 30) : v * 1e9;
  }

  static double predictedBytes(FineTuningEstimate e, int i) {
    return "capacity".equals(TABLE.get(i, "memory_kind"))
        ? e.memory().deviceTotal().bytes() : e.memory().peakAllocated().bytes();
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  @Test
  void peakMemoryAndThroughputMatchPublishedRuns() {
    FineTuningCostModel model = FineTuningCostModel.defaults();
    List<Double> memErr = new ArrayList<>();
    List<Double> tpsErr = new ArrayList<>();
    List<Double> heldMem = new ArrayList<>();
    List<Double> heldTps = new ArrayList<>();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-9s %-20s %-9s %9s %9s %7s %9s %9s %7s%n",
        "source", "row", "memory", "measured", "predicted", "err", "tok/s", "predicted", "err"));
    java.util.Map<String, List<Double>> bySource = new java.util.TreeMap<>();
    for (int i = 0; i < TABLE.size(); i++) {
      FineTuningEstimate e = model.estimate(job(i));
      double meas = measuredBytes(i);
      double pred = predictedBytes(e, i);
      double me = (pred - meas) / meas;
      memErr.add(Math.abs(me));
      boolean held = !INFORMING_SOURCE.equals(TABLE.get(i, "source"));
      if (held) {
        heldMem.add(Math.abs(me));
      }
      bySource.computeIfAbsent(TABLE.get(i, "source"), k -> new ArrayList<>()).add(Math.abs(me));
      String tpsText = TABLE.get(i, "tokens_per_sec");
      String tpsCols = String.format(Locale.ROOT, "%9s %9s %7s", "", "", "");
      if (!tpsText.isEmpty()) {
        double t = Double.parseDouble(tpsText);
        double te = (e.tokensPerSecond() - t) / t;
        tpsErr.add(Math.abs(te));
        if (held) {
          heldTps.add(Math.abs(te));
        }
        tpsCols = String.format(Locale.ROOT, "%9.0f %9.0f %+6.1f%%", t, e.tokensPerSecond(), 100 * te);
      }
      out.append(String.format(Locale.ROOT, "%-9s %-20s %-9s %8.2fG %8.2fG %+6.1f%% %s%n", TABLE.get(i, "source"),
          TABLE.get(i, "row"), TABLE.get(i, "memory_kind"), meas / (1L << 30), pred / (1L << 30), 100 * me, tpsCols));
    }
    double memMedian = median(memErr);
    double tpsMedian = median(tpsErr);
    out.append(String.format(Locale.ROOT, "peak memory: median |error| %.1f%%, worst %.1f%% over %d rows%n",
        100 * memMedian, 100 * memErr.stream().mapToDouble(d -> d).max().orElse(0), memErr.size()));
    bySource.forEach((s, xs) -> out.append(String.format(Locale.ROOT, "  %s: median %.1f%% over %d rows%n", s,
        100 * median(xs), xs.size())));
    out.append(String.format(Locale.ROOT, "throughput: median |error| %.1f%%, worst %.1f%% over %d rows%n",
        100 * tpsMedian, 100 * tpsErr.stream().mapToDouble(d -> d).max().orElse(0), tpsErr.size()));
    out.append(String.format(Locale.ROOT, "twin, without %s (whose rows informed chunked-compiled): peak memory median"
        + " %.1f%% over %d rows, throughput median %.1f%% over %d rows%n", INFORMING_SOURCE, 100 * median(heldMem),
        heldMem.size(), 100 * median(heldTps), heldTps.size()));
    System.out.print(out);
    assertThat(median(heldMem)).as("held-out peak memory median |error|").isLessThanOrEqualTo(HELD_OUT_MEMORY_BOUND);
    assertThat(median(heldTps)).as("held-out throughput median |error|").isLessThanOrEqualTo(HELD_OUT_THROUGHPUT_BOUND);
    assertThat(memMedian).as("peak memory median |error|").isLessThanOrEqualTo(MEMORY_BOUND);
    assertThat(tpsMedian).as("throughput median |error|").isLessThanOrEqualTo(THROUGHPUT_BOUND);
    assertThat(Arrays.asList(memErr.size(), tpsErr.size())).allSatisfy(nRows -> assertThat(nRows).isPositive());
  }
}
