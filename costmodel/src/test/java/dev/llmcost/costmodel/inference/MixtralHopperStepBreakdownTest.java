package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Metric;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Point;
import dev.llmcost.costmodel.internal.inference.Roofline;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s18e, printed: the modelled step of the TensorRT-LLM Mixtral 8x7B FP8 rows on H100 and H200 (MLPerf v4.1 and v5.0
 * Offline and Server, trtllm-perf 0.12 and 0.17) by operator group, each with its compute and memory time, at the batch
 * the row's run holds: the engine-max batch of the static comparison (the whole batch's prefill phase, then its decode
 * steps), or Little's law on the Server log's means and the prompt tokens that arrive per measured step (decode alone
 * and with those prompt tokens in the same pass, TensorRT-LLM's in-flight batching); and then the H200 ÷ H100
 * ratio of each group's time at the same batch and lengths, which shows which part of the step gains from the H200's
 * HBM (4.8 vs 3.35 TB/s; same SMs and peaks) (inference-multi-source.md, section s18e). The groups sum to the step.
 * A second test prints the measured H200 ÷ H100
 * throughput of the TensorRT-LLM 0.17 Mixtral 8x7B benchmark pairs and of the MLPerf v4.1 Offline pair against the
 * model's. Nothing here changes a prediction.
 */
class MixtralHopperStepBreakdownTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  /** The mapped rows of the csv, read once for both tests (the mapping runs the serving simulations). */
  private static volatile @org.jspecify.annotations.Nullable List<Compared> rows;

  private static List<Compared> rows() {
    List<Compared> r = rows;
    if (r == null) {
      r = MultiSourceInferenceValidationTest.map(MultiSourceInferenceValidationTest.read("inference-multi-source.csv"))
          .compared();
      rows = r;
    }
    return r;
  }

  /** The step's batch, context and prompt tokens per iteration, per compared row. */
  private record At(Compared c, int batch, long context, double promptTokens, String how) {}

  @Test
  void hopperFp8MixtralStepBreakdownIsPrinted() {
    List<Compared> all = rows();
    StringBuilder sb = new StringBuilder("s18e: Mixtral 8x7B FP8 on H100/H200 (TensorRT-LLM), modelled step by operator"
        + " group at the row's batch, ms per GPU\n");
    List<At> ats = new java.util.ArrayList<>();
    for (Compared c : all) {
      String acc = c.accelerator().id();
      if (!c.model().id().equals("mixtral-8x7b-v0.1") || !c.row().engine().startsWith("tensorrt-llm")
          || !(acc.equals("h100-sxm") || acc.equals("h200-sxm")) || c.weights().weightType() != DType.FP8_E4M3) {
        continue;
      }
      long context = c.input() + c.output() / 2;
      if (c.point() == Point.MAX && (c.metric() == Metric.THROUGHPUT || c.metric() == Metric.THROUGHPUT_PER_GPU)) {
        // the engine-max batch: the whole batch's prompts in one prefill phase, then its decode steps
        int b = c.servedBatch(MODEL);
        InferenceEstimate e = MODEL.estimate(c.scenario(MODEL, b));
        double error = c.predict(MODEL) / c.row().value() - 1;
        ats.add(new At(c, b, context, 0, String.format(Locale.ROOT, "engine-max batch: prefill phase %.1f ms"
                + " (%.1f%% of the run), %d decode steps of %.2f ms mean; predicted %+.1f%%",
            e.prefillSeconds() * 1e3, 100 * e.prefillSeconds() / (e.prefillSeconds() + e.decodeSeconds()),
            c.output() - 1, e.tpotSeconds() * 1e3, error * 100)));
      } else if (c.metric() == Metric.TTFT && MlperfServingRun.applies(c)) {
        Compared tpot = all.stream().filter(o -> o.metric() == Metric.TPOT
            && MlperfServingRun.key(o).equals(MlperfServingRun.key(c))).findFirst().orElseThrow();
        double inFlight = c.rate() * (c.row().value() + (c.output() - 1) * tpot.row().value());
        double prompts = c.rate() * c.input() * tpot.row().value();
        ats.add(new At(c, (int) Math.max(1, Math.round(inFlight)), context, prompts, String.format(Locale.ROOT,
            "Server: Little's law on the log's means, %.0f prompt tokens per measured step %.4f s", prompts,
            tpot.row().value())));
      }
    }
    for (At at : ats) {
      Compared c = at.c();
      sb.append(String.format(Locale.ROOT, "  %s (%s, tp %d, kv %s): batch %d, ctx %d; %s%n", c.row().id(),
          c.accelerator().id(), c.tp(), c.kvCache(), at.batch(), at.context(), at.how()));
      double[] decode = breakdown(c, at.batch(), at.context(), 0);
      print(sb, "decode step", decode);
      if (at.promptTokens() > 0) {
        print(sb, "decode step with the prompt tokens", breakdown(c, at.batch(), at.context(), at.promptTokens()));
      } else {
        print(sb, "prefill phase of the whole batch", breakdown(c, 0, 0, (double) at.batch() * c.input()));
      }
    }
    // the same batch and lengths on the other Hopper: each H200 row's step at its own batch, also run on the H100
    sb.append("  H100 → H200 at the H200 row's batch, lengths and prompt tokens (same scenario, accelerator swapped),"
        + " decode step (with the Server rows' prompt tokens), ms:\n");
    for (At at : ats) {
      Compared c = at.c();
      if (!c.accelerator().id().equals("h200-sxm")) {
        continue;
      }
      Compared h100 = onH100(c);
      compare(sb, c.row().id() + " decode", breakdown(h100, at.batch(), at.context(), at.promptTokens()),
          breakdown(c, at.batch(), at.context(), at.promptTokens()));
      if (at.promptTokens() == 0) {
        compare(sb, c.row().id() + " prefill", breakdown(h100, 0, 0, (double) at.batch() * c.input()),
            breakdown(c, 0, 0, (double) at.batch() * c.input()));
      }
      double[] h200Step = breakdown(c, at.batch(), at.context(), at.promptTokens());
      double[] h100Step = breakdown(h100, at.batch(), at.context(), at.promptTokens());
      assertThat(total(h100Step)).as(c.row().id()).isGreaterThanOrEqualTo(total(h200Step));
    }
    System.out.println(sb);
    assertThat(ats).hasSizeGreaterThanOrEqualTo(10);
  }

  /**
   * The H200 141GB HBM3 column of the Mixtral 8x7B rows of TensorRT-LLM's 0.17 performance overview (FP8, KV FP8,
   * trtllm-bench throughput; NVIDIA/TensorRT-LLM docs/source/performance/perf-overview.md @ commit
   * 258c7540c03517def55d9a5aadfa9288af474e1b), for the rows whose H100 80GB HBM3 cell is in
   * inference-multi-source.csv, and of three LLaMA v3.1 70B rows as dense controls; key: the H100 row's id. The
   * Mixtral H200 cells are csv rows themselves (TP2 128/128 before s18e, the other seven since s19a); the LLaMA v3.1 70B
   * H200 cells are read here only.
   */
  static final java.util.Map<String, Double> TRT017_H200 = java.util.Map.ofEntries(
      java.util.Map.entry("trt017-h100-sxm-mixtral-8x7b-v0.1-tp1-128-128", 17157.72),
      java.util.Map.entry("trt017-h100-sxm-mixtral-8x7b-v0.1-tp1-1000-1000", 10371.36),
      java.util.Map.entry("trt017-h100-sxm-mixtral-8x7b-v0.1-tp2-128-128", 27825.34),
      java.util.Map.entry("trt017-h100-sxm-mixtral-8x7b-v0.1-tp2-1000-1000", 19151.19),
      java.util.Map.entry("trt017-h100-sxm-mixtral-8x7b-v0.1-tp2-2048-128", 3383.16),
      java.util.Map.entry("trt017-h100-sxm-mixtral-8x7b-v0.1-tp4-128-128", 42551.59),
      java.util.Map.entry("trt017-h100-sxm-mixtral-8x7b-v0.1-tp4-1000-1000", 33580.9),
      java.util.Map.entry("trt017-h100-sxm-mixtral-8x7b-v0.1-tp8-128-128", 53212.55),
      // the dense controls of the same table: LLaMA v3.1 70B, H200 column
      java.util.Map.entry("trt017-h100-sxm-llama-3.1-70b-tp2-1000-1000", 5164.76),
      java.util.Map.entry("trt017-h100-sxm-llama-3.1-70b-tp4-1000-1000", 8911.29),
      java.util.Map.entry("trt017-h100-sxm-llama-3.1-70b-tp8-1000-1000", 13181.24));

  /**
   * The measured H200 ÷ H100 throughput of the same TensorRT-LLM 0.17 benchmark (same engine build, lengths and
   * tensor parallelism) against the model's, each GPU's batch its own engine maximum; and the same ratio with the
   * GEMMs' fitted non-overlapped share ({@link InferenceCalibration#gemmOverlapLoss()}, 0.86) at the 0.16 that
   * vLLM's H100 GEMM microbenchmarks imply (printed what-if: a ratio only, the other factors are not refitted).
   */
  @Test
  void trtllm017HopperRatiosArePrinted() {
    List<Compared> all = rows();
    InferenceCostModel kernelOverlap = InferenceCostModel.of(
        MODEL.calibration().toBuilder().gemmOverlapLoss(0.16).build());
    StringBuilder sb = new StringBuilder("s18e: TensorRT-LLM 0.17 Mixtral 8x7B FP8 (LLaMA v3.1 70B FP8 as dense"
        + " controls), H200 / H100 throughput, measured"
        + " vs model (each at its engine-max batch)\n");
    int n = 0;
    for (Compared c : all) {
      Double h200Measured = TRT017_H200.get(c.row().id());
      if (h200Measured == null) {
        continue;
      }
      Compared h200 = onAccelerator(c, "h200-sxm");
      double h100Model = c.predict(MODEL);
      double h200Model = h200.predict(MODEL);
      double measured = h200Measured / c.row().value();
      double model = h200Model / h100Model;
      double what = h200.predict(kernelOverlap) / c.predict(kernelOverlap);
      sb.append(String.format(Locale.ROOT, "  %-18s tp %d %4d/%-4d  H100 %8.0f (model %+6.1f%%, batch %4d)"
              + "  H200 %8.0f (model %+6.1f%%, batch %4d)  ratio measured %.3f, model %.3f (%+5.1f%%);"
              + " GEMM overlap loss 0.16: %.3f%n",
          c.model().id(), c.tp(), c.input(), c.output(), c.row().value(), 100 * (h100Model / c.row().value() - 1),
          c.servedBatch(MODEL), h200Measured, 100 * (h200Model / h200Measured - 1), h200.servedBatch(MODEL), measured,
          model, 100 * (model / measured - 1), what));
      // s18e: every Mixtral pair's modelled H200 gain is still larger than the measured one (no sourced term closes it)
      if (c.model().isMoe()) {
        assertThat(model).as(c.row().id()).isGreaterThan(measured);
      }
      n++;
    }
    // the MLPerf v4.1 Offline pair: one system each, both rows in the csv
    Compared h100 = all.stream().filter(c -> c.row().id().equals(
        "mlp41-nvidia-dgx-h100-h100-sxm-80gbx8-trt-mixtral-8x7b-offline-output")).findFirst().orElseThrow();
    Compared h200 = all.stream().filter(c -> c.row().id().equals(
        "mlp41-nvidia-h200-sxm-141gbx8-trt-mixtral-8x7b-offline-output")).findFirst().orElseThrow();
    double measured = h200.row().value() / h100.row().value();
    double model = h200.predict(MODEL) / h100.predict(MODEL);
    sb.append(String.format(Locale.ROOT, "  MLPerf v4.1 Offline (tp 1, 427/146): H100 batch %d, H200 batch %d;"
            + " ratio measured %.3f, model %.3f (%+5.1f%%); GEMM overlap loss 0.16: %.3f%n", h100.servedBatch(MODEL),
        h200.servedBatch(MODEL), measured, model, 100 * (model / measured - 1),
        h200.predict(kernelOverlap) / h100.predict(kernelOverlap)));
    assertThat(model).isGreaterThan(measured);
    System.out.println(sb);
    assertThat(n).isEqualTo(TRT017_H200.size());
  }

  private static Compared onAccelerator(Compared c, String id) {
    return new Compared(c.row(), c.model(), dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get(id), c.tp(),
        c.pp(), c.instances(), c.ep(), c.attentionDp(), c.weights(), c.kvCache(), c.input(), c.output(), c.point(),
        c.batch(), c.rate(), c.metric(), c.how(), c.imbalance(), c.hostCost(), c.communication(), c.attention());
  }

  private static void compare(StringBuilder sb, String what, double[] h100, double[] h200) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %-72s %8.2f → %8.2f (H100/H200 %.3f):",
        what, total(h100) * 1e3, total(h200) * 1e3, total(h100) / total(h200)));
    for (int g = 0; g < Roofline.GROUPS; g++) {
      double a = h100[g * Roofline.SLOTS + Roofline.S_TIME];
      double b = h200[g * Roofline.SLOTS + Roofline.S_TIME];
      if (a > 0) {
        line.append(String.format(Locale.ROOT, " %s %.2f→%.2f", GROUP_NAMES[g], a * 1e3, b * 1e3));
      }
    }
    sb.append(line).append('\n');
  }

  private static final String[] GROUP_NAMES = {"qkv", "attention", "out", "mlp", "experts", "elementwise", "head",
      "all-reduce", "pipeline", "overhead", "all-to-all", "recurrent"};

  /** The same row on the H100 (same layout, data types and lengths). */
  private static Compared onH100(Compared c) {
    return new Compared(c.row(), c.model(),
        dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get("h100-sxm"), c.tp(), c.pp(), c.instances(),
        c.ep(), c.attentionDp(), c.weights(), c.kvCache(), c.input(), c.output(), c.point(), c.batch(), c.rate(),
        c.metric(), c.how(), c.imbalance(), c.hostCost(), c.communication(), c.attention());
  }

  /** One pass of {@code batch} decoding sequences with {@code promptTokens} prompt tokens, by group. */
  private static double[] breakdown(Compared c, int batch, long context, double promptTokens) {
    InferenceScenario s = c.scenario(MODEL, Math.max(1, batch));
    Roofline r = MODEL.config(s).roofline();
    double[] out = new double[Roofline.GROUPS * Roofline.SLOTS];
    double t = r.forward(batch, context, promptTokens / c.input(), c.input(), out, true);
    assertThat(total(out)).as(c.row().id()).isCloseTo(t, within(t * 1e-9));
    return out;
  }

  private static double total(double[] out) {
    double t = 0;
    for (int g = 0; g < Roofline.GROUPS; g++) {
      t += out[g * Roofline.SLOTS + Roofline.S_TIME];
    }
    return t;
  }

  private static void print(StringBuilder sb, String what, double[] out) {
    double step = total(out);
    sb.append(String.format(Locale.ROOT, "    %s: %.3f ms%n", what, step * 1e3));
    for (int g = 0; g < Roofline.GROUPS; g++) {
      int o = g * Roofline.SLOTS;
      if (out[o + Roofline.S_TIME] <= 0) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "      %-12s %8.3f ms (%4.1f%%)  compute %8.3f  memory %8.3f"
              + "  %10.1f GFLOP  %9.1f MB%n", GROUP_NAMES[g], out[o + Roofline.S_TIME] * 1e3,
          100 * out[o + Roofline.S_TIME] / step, out[o + Roofline.S_COMPUTE] * 1e3, out[o + Roofline.S_MEMORY] * 1e3,
          out[o + Roofline.S_FLOPS] / 1e9, out[o + Roofline.S_BYTES] / 1e6));
    }
  }
}
