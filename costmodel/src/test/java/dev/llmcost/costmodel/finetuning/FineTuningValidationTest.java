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
 * source of every row), error table printed. Nothing is fitted to these rows (every efficiency comes
 * from the microbenchmark profiles), so there is no leave-one-source-out twin; per-source medians are
 * printed instead.
 *
 * <p>Issue 17 targets a peak-memory median |error| of 10% and a throughput median of 15%; the model
 * does not reach them yet (about 20% and 27%). The bounds asserted here are what it reaches, so
 * that a regression fails; tightening them to the targets is open work.
 */
class FineTuningValidationTest {
  /** Asserted peak-memory median |error|: what the model reaches now, not issue 17's 10% target. */
  static final double MEMORY_BOUND = 0.21;
  /** Asserted throughput median |error|: what the model reaches now, not issue 17's 15% target. */
  static final double THROUGHPUT_BOUND = 0.28;

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
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-9s %-20s %-9s %9s %9s %7s %9s %9s %7s%n",
        "source", "row", "memory", "measured", "predicted", "err", "tok/s", "predicted", "err"));
    java.util.Map<String, List<Double>> bySource = new java.util.TreeMap<>();
    for (int i = 0; i < TABLE.size(); i++) {
      FineTuningEstimate e = model.estimate(job(i));
      double meas = measuredBytes(i);
      double pred = predictedBytes(e, i);
      double me = (pred - meas) / meas;
      memErr.add(Math.abs(me));
      bySource.computeIfAbsent(TABLE.get(i, "source"), k -> new ArrayList<>()).add(Math.abs(me));
      String tpsText = TABLE.get(i, "tokens_per_sec");
      String tpsCols = String.format(Locale.ROOT, "%9s %9s %7s", "", "", "");
      if (!tpsText.isEmpty()) {
        double t = Double.parseDouble(tpsText);
        double te = (e.tokensPerSecond() - t) / t;
        tpsErr.add(Math.abs(te));
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
    System.out.print(out);
    assertThat(memMedian).as("peak memory median |error|").isLessThanOrEqualTo(MEMORY_BOUND);
    assertThat(tpsMedian).as("throughput median |error|").isLessThanOrEqualTo(THROUGHPUT_BOUND);
    assertThat(Arrays.asList(memErr.size(), tpsErr.size())).allSatisfy(nRows -> assertThat(nRows).isPositive());
  }
}
