package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.internal.inference.Roofline;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s23d, printed (issue 13; checked, no model change): the candidates for the cost that the dense Hopper
 * tensor-parallel rows lack once their all-reduce is costed at the engines' custom kernel rate (s21i tried it; the
 * trtllm-serving-0.14 70B TP 4, sglang-vllm060-readme 70B TP 4 and MLPerf v5.0 H200 405B TP 8 Server rows came out
 * 9-28 points too fast). Each part prints what the model charges now against a published kernel measurement at the
 * rows' shapes (inference-multi-source.md, "s23d"):
 *
 * <ul>
 *   <li>the all-reduce: the ring the model charges ({@code 2(tp − 1)} steps of the profile's latency plus the ring
 *       volume) against the custom kernel each engine selects at the step's message size (vLLM's
 *       {@code CustomAllreduce}, {@code max_size = 8192 × 1024}; one stage below 512 KiB at TP ≤ 4 and 256 KiB at
 *       TP 8, two stages above; TensorRT-LLM's {@code AllreducePlugin::selectImplementation} AUTO: ONESHOT below
 *       1,000,000 bytes at TP ≤ 4 and 500,000 at TP 8, TWOSHOT above, NCCL above the workspace), timed by
 *       sgl-project/sglang PR 2904 (H100, without CUDA graphs, float32 elements);
 *   <li>the weight GEMMs at 1-128 rows: the model's {@link Roofline#projection} against vLLM PR 49363's H100
 *       cuBLAS bf16 and CUTLASS FP8 rows ({@code gemm.csv});
 *   <li>the paged decode attention at 64 sequences of 32-512 tokens: the model's attention group against
 *       microsoft/onnxruntime PR 21414's FlashAttention-2 paged decode on H100 SXM (Llama 3 70B shape, nvbench GPU
 *       time);
 *   <li>the rows: measured TPOT against the modelled step at the rows' own load (Little's law on the measured
 *       figures, as {@code Llama8bMlperfStepBreakdownTest}), with the ring and with the engine's custom kernel, and
 *       what is left per layer.
 * </ul>
 */
class DenseHopperTpDecodeCandidatesTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  /** sgl-project/sglang PR 2904 (2025-01-15), H100, no CUDA graph: sizes in float32 elements (s21i). */
  private static final double[] PR2904_ELEMENTS = {512, 4096, 32768, 262144, 524288, 1048576};

  /** PR 2904's "custom allreduce" table (sgl-kernel's TensorRT-LLM-derived one/two-shot kernels), µs, tp 2/4/8. */
  static final double[][] PR2904_TRT_DERIVED = {
    {3.7, 3.9, 4.5, 7.9, 12.5, 19.9}, {4.8, 3.7, 4.8, 13.9, 20.2, 31.1}, {5.9, 5.7, 7.8, 16.7, 22.1, 33.8}};

  /** PR 2904's "vllm" table (vLLM's custom all-reduce, the input copied into its IPC buffer), µs, tp 2/4/8. */
  private static final double[][] PR2904_VLLM = {
    {9.5, 8.8, 8.7, 12.9, 17.7, 26.6}, {9.1, 8.5, 9.2, 20.6, 26.9, 40.2}, {10.1, 9.3, 11.8, 24.1, 30.4, 45.0}};

  private static final String[] GROUPS = {"qkv", "attention", "out", "mlp", "experts", "elementwise", "head",
      "all-reduce", "pipeline", "overhead", "all-to-all", "recurrent"};

  @Test
  void candidatesAreCheckedAgainstPublishedKernelTimes() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s23d: dense Hopper TP decode, the candidates against published kernel"
        + " times\n");
    gemms(sb, find(all, "sgl030-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps4-tpot"),
        find(all, "trt10-h100-sxm-llama-3.1-405b-tp8-fp8-1000-1000"));
    attention(sb, find(all, "sgl030-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps4-tpot"));
    String[][] rows = {
      {"trt014srv-h100-sxm-llama-3.1-70b-tp4-467-256-qps2-ttft",
          "trt014srv-h100-sxm-llama-3.1-70b-tp4-467-256-qps2-itl", "trt"},
      {"trt014srv-h200-sxm-llama-3.1-70b-tp4-467-256-qps2-ttft",
          "trt014srv-h200-sxm-llama-3.1-70b-tp4-467-256-qps2-itl", "trt"},
      {"trt014srv-h100-sxm-llama-3.1-70b-tp4-467-256-qps16-ttft",
          "trt014srv-h100-sxm-llama-3.1-70b-tp4-467-256-qps16-itl", "trt"},
      {"sgl030-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps4-ttft", "sgl030-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps4-tpot",
          "vllm"},
      {"sgl030-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps8-ttft", "sgl030-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps8-tpot",
          "vllm"},
      {"vllm060-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps4-ttft", "vllm060-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps4-tpot",
          "vllm"},
      {"vllm060-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps8-ttft", "vllm060-h100-sxm-llama-3.1-70b-tp4-sharegpt-rps8-tpot",
          "vllm"},
      {"mlp50-nvidia-h200-sxm-141gbx8_trt-llama3_1-405b-server-ttft",
          "mlp50-nvidia-h200-sxm-141gbx8_trt-llama3_1-405b-server-tpot", "trt"},
    };
    sb.append("  rows at their measured load (Little's law: decoding = rate x (output - 1) x TPOT, prompt tokens a"
        + " step = rate x input x TPOT); step in ms, all-reduce per call in µs\n");
    for (String[] r : rows) {
      row(sb, find(all, r[0]), find(all, r[1]), r[2].equals("trt"));
    }
    System.out.println(sb);
  }

  /** Part 2: the model's GEMM charge against vLLM PR 49363's H100 rows (gemm.csv), bf16 and FP8. */
  private static void gemms(StringBuilder sb, Compared bf16Row, Compared fp8Row) {
    // gemm.csv: vllm-project/vllm PR 49363 (2026-07-21), H100, benchmarks/kernels/benchmark_fp8_gemm.py:
    // m, n, k, bf16 TFLOP/s (torch.mm, cuBLAS), fp8 TFLOP/s (CUTLASS per-tensor, quantization excluded)
    double[][] measured = {
      {1, 12288, 5376, 2.87, 5.16}, {16, 12288, 5376, 46.54, 83.05}, {64, 12288, 5376, 182.59, 318.41},
      {128, 12288, 5376, 352.56, 581.82}, {1, 43008, 5376, 3.07, 6.08}, {16, 43008, 5376, 48.33, 93.96},
      {64, 43008, 5376, 187.99, 356.67}, {128, 43008, 5376, 364.75, 647.28}};
    Roofline bf16 = roofline(bf16Row);
    Roofline fp8 = roofline(fp8Row);
    sb.append(String.format(Locale.ROOT, "  GEMMs (H100; model: Roofline.projection of the %s and %s scenarios, HBM"
        + " %.2f TB/s; measured: gemm.csv, vLLM PR 49363)%n", bf16Row.row().id(), fp8Row.row().id(),
        bf16.bandwidth() / 1e12));
    sb.append("      m      n     k   bf16 meas µs  model µs  model/meas  meas TB/s |  fp8 meas µs  model µs"
        + "  model/meas  meas TB/s\n");
    for (double[] g : measured) {
      double flops = 2 * g[0] * g[1] * g[2];
      double tb = flops / (g[3] * 1e12);
      double tf = flops / (g[4] * 1e12);
      double mb = bf16.projection(g[0], g[1], g[2], null);
      double mf = fp8.projection(g[0], g[1], g[2], null);
      double bytes16 = g[1] * g[2] * 2 + (g[0] * g[2] + g[0] * g[1]) * 2;
      double bytes8 = g[1] * g[2] + (g[0] * g[2] + g[0] * g[1]) * 2;
      sb.append(String.format(Locale.ROOT, "   %4.0f %6.0f %5.0f   %11.1f %9.1f %10.2f %10.2f | %12.1f %9.1f %10.2f"
          + " %10.2f%n", g[0], g[1], g[2], tb * 1e6, mb * 1e6, mb / tb, bytes16 / tb / 1e12, tf * 1e6, mf * 1e6,
          mf / tf, bytes8 / tf / 1e12));
      // what the model charges at 16-128 rows is at least the kernel's measured time (the fitted overlap loss)
      if (g[0] >= 16) {
        assertThat(mb).as("bf16 m=%s n=%s", g[0], g[1]).isGreaterThan(0.95 * tb);
      }
    }
  }

  /** Part 3: the model's decode attention against onnxruntime PR 21414's FA2 paged decode on H100 SXM. */
  private static void attention(StringBuilder sb, Compared llama70b) {
    // microsoft/onnxruntime PR 21414 (comment 2024-08-27), "batch decode", H100 SMX, llama3 70B (GQA8): 64 heads,
    // 8 KV heads, head 128, page 16, 64 sequences; seq_len, GPU time µs (nvbench)
    double[][] measured = {{32, 15.060}, {64, 17.903}, {128, 25.363}, {256, 39.474}, {512, 61.917}};
    InferenceScenario s = InferenceScenario.builder(llama70b.model(), llama70b.accelerator())
        .tp(1)
        .weights(llama70b.weights())
        .kvCache(llama70b.kvCache())
        .batch(64)
        .inputTokens(512)
        .outputTokens(1)
        .attention(llama70b.attention())
        .overheads(MODEL.calibration().overheads())
        .build();
    Roofline r = new ServingConfig(s, MODEL.calibration(), MODEL.profile(s.accelerator()), s.model().parameterCounts())
        .roofline();
    sb.append(String.format(Locale.ROOT, "  decode attention, %s tp 1 on %s, kernel %s, KV %s, 64 sequences (measured:"
        + " onnxruntime PR 21414, FlashAttention-2 paged decode, H100 SXM)%n", s.model().id(),
        s.accelerator().id(), llama70b.attention(), s.kvCache()));
    sb.append("    context  KV MiB  measured µs  model µs/layer  model/meas\n");
    for (double[] a : measured) {
      double perLayer = r.decodeAttentionSeconds(64, a[0]) / r.stageLayers();
      double kv = 64 * a[0] * 2 * 8 * 128 * 2 / (1024.0 * 1024);
      sb.append(String.format(Locale.ROOT, "    %7.0f %7.1f %12.1f %15.1f %11.2f%n", a[0], kv, a[1], perLayer * 1e6,
          perLayer * 1e6 / a[1]));
    }
  }

  /** Part 1 and 4: one row at its measured load. */
  private static void row(StringBuilder sb, Compared ttft, Compared tpot, boolean trt) {
    InferenceScenario s = tpot.scenario(MODEL, 1);
    Roofline r = new ServingConfig(s, MODEL.calibration(), MODEL.profile(s.accelerator()), s.model().parameterCounts())
        .roofline();
    double measured = tpot.row().value();
    double rate = tpot.rate();
    double decoding = rate * (tpot.output() - 1) * measured;
    double promptTokens = rate * tpot.input() * measured;
    int prompt = tpot.input();
    double context = tpot.input() + tpot.output() / 2.0;
    double[] out = new double[Roofline.GROUPS * Roofline.SLOTS];
    double step = r.forward(decoding, context, promptTokens / prompt, prompt, out, true);
    double[] decodeOnly = new double[Roofline.GROUPS * Roofline.SLOTS];
    double decodeStep = r.forward(decoding, context, 0, prompt, decodeOnly, true);
    int tp = tpot.tp();
    double layers = r.stageLayers();
    double ring = out[Roofline.G_ALL_REDUCE * Roofline.SLOTS + Roofline.S_TIME];
    double ringDecode = decodeOnly[Roofline.G_ALL_REDUCE * Roofline.SLOTS + Roofline.S_TIME];
    double hidden = s.model().hidden();
    double message = decoding * hidden * 2;
    double kernel = customMicros(trt ? PR2904_TRT_DERIVED : PR2904_VLLM, tp, message) * 1e-6;
    String algorithm = trt
        ? (message < (tp <= 4 ? 1_000_000 : 500_000) ? "ONESHOT" : "TWOSHOT")
        : (message < (tp <= 4 ? 512 * 1024 : 256 * 1024) ? "1stage" : "2stage");
    double custom = decodeStep - ringDecode + 2 * layers * kernel;
    // the mixed step (the prompt tokens a step too) with the engine's kernel at the mixed step's own message
    double mixedMessage = (decoding + promptTokens) * hidden * 2;
    double mixedKernel = customMicros(trt ? PR2904_TRT_DERIVED : PR2904_VLLM, tp, mixedMessage) * 1e-6;
    double mixedCustom = step - ring + 2 * layers * mixedKernel;
    // the decode attention at FlashAttention-2's measured rate (onnxruntime PR 21414, H100 SXM, 64 sequences): the
    // line through its 32- and 512-token points, an intercept a call plus the KV bytes at its incremental rate
    double slope = (61.917 - 15.060) / ((512 - 32) * 64 * 2 * 8 * 128 * 2 / (1024.0 * 1024)); // µs per MiB
    double intercept = 15.060 - slope * (32 * 64 * 2 * 8 * 128 * 2 / (1024.0 * 1024)); // µs
    double attentionBytes = decodeOnly[Roofline.G_ATTENTION * Roofline.SLOTS + Roofline.S_BYTES] / layers;
    double fa2 = layers * (intercept + slope * attentionBytes / (1024.0 * 1024)) * 1e-6;
    double modelAttention = decodeOnly[Roofline.G_ATTENTION * Roofline.SLOTS + Roofline.S_TIME];
    sb.append(String.format(Locale.ROOT, "  %s (tp %d, %s)%n", tpot.row().id(), tp, s.accelerator().id()));
    sb.append(String.format(Locale.ROOT, "    load: %.1f decoding, %.0f prompt tokens a step, context %.0f; measured"
        + " TPOT %.2f ms; modelled mixed step %.2f ms, decode-only step %.2f ms%n", decoding, promptTokens, context,
        measured * 1e3, step * 1e3, decodeStep * 1e3));
    sb.append("    decode-only step by group, ms:");
    for (int g = 0; g < Roofline.GROUPS; g++) {
      double t = decodeOnly[g * Roofline.SLOTS + Roofline.S_TIME];
      if (t > 0) {
        sb.append(String.format(Locale.ROOT, " %s %.2f", GROUPS[g], t * 1e3));
      }
    }
    sb.append('\n');
    sb.append(String.format(Locale.ROOT, "    all-reduce: message %.0f KiB; ring %.1f µs a call (%.2f ms a step);"
        + " engine kernel %s %.1f µs a call (%s, PR 2904, no CUDA graph) = %.2f ms a step%n", message / 1024,
        ringDecode / (2 * layers) * 1e6, ringDecode * 1e3, algorithm, kernel * 1e6,
        trt ? "TensorRT-LLM-derived" : "vLLM custom", 2 * layers * kernel * 1e3));
    sb.append(String.format(Locale.ROOT, "    decode-only step with the engine kernel %.2f ms; measured TPOT less it"
        + " %.2f ms = %.1f µs a layer (with the ring: %.1f µs a layer)%n", custom * 1e3, (measured - custom) * 1e3,
        (measured - custom) / layers * 1e6, (measured - decodeStep) / layers * 1e6));
    sb.append(String.format(Locale.ROOT, "    mixed step with the engine kernel (%s at %.0f KiB: %.1f µs a call)"
        + " %.2f ms; measured TPOT less it %.2f ms = %.1f µs a layer"
        + " (with the ring: %.1f µs a layer)%n",
        trt ? "TRT-derived" : "vLLM", mixedMessage / 1024, mixedKernel * 1e6, mixedCustom * 1e3,
        (measured - mixedCustom) * 1e3,
        (measured - mixedCustom) / layers * 1e6, (measured - step) / layers * 1e6));
    sb.append(String.format(Locale.ROOT, "    decode attention: model %.2f ms a step (%.2f MiB a layer); at"
        + " FA2's measured line (%.1f µs + %.3f µs/MiB) %.2f ms: %+.2f ms a step,"
        + " %+.1f µs a layer%n",
        modelAttention * 1e3, attentionBytes / (1024.0 * 1024), intercept, slope, fa2 * 1e3,
        (fa2 - modelAttention) * 1e3,
        (fa2 - modelAttention) / layers * 1e6));
    assertThat(step).isGreaterThanOrEqualTo(decodeStep);
    assertThat(kernel).isPositive();
  }

  /** PR 2904's time at {@code bytes}, linear in bytes between its sizes (4 bytes an element), its smallest below. */
  static double customMicros(double[][] table, int tp, double bytes) {
    double[] t = table[tp == 2 ? 0 : tp == 4 ? 1 : 2];
    if (bytes <= PR2904_ELEMENTS[0] * 4) {
      return t[0];
    }
    for (int i = 1; i < PR2904_ELEMENTS.length; i++) {
      double hi = PR2904_ELEMENTS[i] * 4;
      if (bytes <= hi) {
        double lo = PR2904_ELEMENTS[i - 1] * 4;
        return t[i - 1] + (t[i] - t[i - 1]) * (bytes - lo) / (hi - lo);
      }
    }
    // above 4 MiB: the last segment's slope continued (TWOSHOT's bandwidth regime)
    int n = PR2904_ELEMENTS.length;
    double lo = PR2904_ELEMENTS[n - 2] * 4;
    double hi = PR2904_ELEMENTS[n - 1] * 4;
    return t[n - 1] + (t[n - 1] - t[n - 2]) * (bytes - hi) / (hi - lo);
  }

  private static Roofline roofline(Compared c) {
    InferenceScenario s = c.scenario(MODEL, 1);
    return new ServingConfig(s, MODEL.calibration(), MODEL.profile(s.accelerator()), s.model().parameterCounts())
        .roofline();
  }

  private static Compared find(List<Compared> all, String id) {
    return all.stream().filter(c -> c.row().id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no compared row " + id));
  }
}
