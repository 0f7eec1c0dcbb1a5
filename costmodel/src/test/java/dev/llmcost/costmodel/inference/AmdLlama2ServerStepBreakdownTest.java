package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import dev.llmcost.costmodel.internal.inference.Roofline;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import dev.llmcost.costmodel.serving.OccupancySample;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s19j, printed: the modelled decode step of the MLPerf Inference v5.1 AMD MI300X and MI325X Llama 2 70B Server
 * engines (one vLLM 0.9.x V0 ROCm instance per GPU, tp 1, FP8 weights, FP8 KV cache) broken into {@link
 * Roofline#forward}'s operator groups, each with its compute and memory time, FLOPs and bytes and the rate it implies,
 * at two loads: the decoding sequences of the measured run (Little's law on the log's means, as {@code
 * MlperfServingRunTest.decodeStepAtTheMeasuredBatchIsPrinted}) and the model's own operating point (its mean running
 * sequences). The rates the roofline uses are printed with their origin: the HBM bandwidth (the inference
 * calibration's fraction of the datasheet, against the part's measured streaming read where {@code
 * memory-bandwidth.csv} has one, with a printed what-if at that rate), the FP8 GEMM ceiling and the decode-attention
 * compute rate and kernel; and the model's run at the measured rate. The groups sum to the step. Then the weight GEMM
 * groups per layer against the hipBLASLt FP8 GEMM times the submission ships ({@link #MI325X_SERVER_TUNING}): on the
 * MI325X the modelled GEMMs were 26-46% longer than the run's own tuned kernels at 373, 453 and 608 rows (s19j), so the
 * part of the step with a sourced kernel rate was not too short. Since s19k the MI325X Server scenario takes those
 * kernels' times ({@link TunedGemmTimes#amdMlperfV51Server}), and the groups equal the file's sums (asserted). Nothing
 * here changes a prediction (inference-multi-source.md, sections s19j and s19k).
 */
class AmdLlama2ServerStepBreakdownTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static final String[] GROUPS = {"qkv", "attention", "out", "mlp", "experts", "elementwise", "head",
      "all-reduce", "pipeline", "overhead", "all-to-all", "recurrent"};

  private static final String[] SYSTEMS = {"mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b-99.9-server",
      "mlp51-amd-8xmi325x_2xepyc_9575f_1-llama2-70b-99.9-server"};

  @Test
  void decodeStepByOperatorGroupIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s19j: MLPerf v5.1 AMD Llama 2 70B Server (vLLM V0 ROCm, tp 1),"
        + " modelled decode step by operator group, ms per GPU\n");
    for (String system : SYSTEMS) {
      Compared ttft = find(all, system + "-ttft");
      Compared tpot = find(all, system + "-tpot");
      InferenceScenario s = ttft.scenario(MODEL, 1);
      ServingConfig config = new ServingConfig(s, MODEL.calibration(), MODEL.profile(s.accelerator()),
          s.model().parameterCounts());
      Roofline r = config.roofline();
      double datasheet = s.accelerator().memoryBandwidth().bytesPerSecond();
      var stream = Microbenchmarks.bundled().memoryBandwidthFraction(s.accelerator());
      double fp8Peak = s.accelerator().requirePeak(DType.FP8_E4M3).flopsPerSecond();
      long context = ttft.input() + ttft.output() / 2;
      sb.append(String.format(Locale.ROOT, "  %s (%s, weights %s, KV %s, decode kernel %s, fp8 math %s)%n", system,
          s.accelerator().id(), s.weights().weightType(), s.kvCache(), ServingConfig.decodeKernel(s), r.fp8Math()));
      sb.append(String.format(Locale.ROOT, "    HBM: roofline %.0f GB/s = datasheet %.0f x %.4f (the inference"
              + " calibration's fraction, fitted on 14 TensorRT-LLM H100/A100 rows); the part's measured streaming"
              + " read / GEMV fraction (Microbenchmarks.memoryBandwidthFraction, %s): %s%n",
          r.bandwidth() / 1e9, datasheet / 1e9, r.bandwidth() / datasheet,
          Microbenchmarks.bundled().memoryBandwidthOrigin(s.accelerator()),
          stream.isPresent() ? String.format(Locale.ROOT, "%.4f = %.0f GB/s", stream.getAsDouble(),
              stream.getAsDouble() * datasheet / 1e9) : "none"));
      sb.append(String.format(Locale.ROOT, "    FP8 dense peak %.1f TFLOP/s, large-GEMM fraction %.4f (shared profile)"
              + " x fp8 relative %.4f (fitted on H100 FP8 rows); GEMM overlap loss %.4f (fitted); decode attention"
              + " compute rate %.1f TFLOP/s; overheads %.1f µs per layer x %.0f layers, %.1f µs per step,"
              + " host %.1f µs per sequence%n", fp8Peak / 1e12, MODEL.profile(s.accelerator()).matmulPeakFraction(),
          MODEL.calibration().fp8MatmulRelativeEfficiency(), MODEL.calibration().gemmOverlapLoss(),
          r.decodeAttentionRate() / 1e12, s.overheads().perLayerSeconds() * 1e6, r.stageLayers(),
          s.overheads().perStepSeconds() * 1e6, s.overheads().hostSecondsPerSequence() * 1e6));
      // the measured run: Little's law on the log's means
      double decodingMeasured = ttft.rate() * (ttft.output() - 1) * tpot.row().value();
      SimulationResult op = MlperfServingRun.atOperatingPoint(ttft, MODEL);
      double running = op.series().stream().mapToInt(OccupancySample::running).average().orElse(0);
      // the model's run at the measured rate (target_qps / N per GPU, as MlperfServingRun.run): where the model's
      // engine stands at the load the real one served
      SimulationResult atRate = MlperfServingRun.run(ttft, MODEL);
      double runningAtRate = atRate.series().stream().mapToInt(OccupancySample::running).average().orElse(0);
      sb.append(String.format(Locale.ROOT, "    rates: measured %.3f req/s per GPU, model's operating point serves %.3f"
              + " (%+.1f%%); at the measured rate the model runs %.0f sequences (Little on the log: %.0f decoding),"
              + " mean TPOT %.1f ms vs measured %.1f ms (%+.1f%%), mean TTFT %.3f s vs %.3f s, diverges %s%n",
          ttft.rate(), op.requestsPerSecond(), 100 * (op.requestsPerSecond() / ttft.rate() - 1),
          runningAtRate, decodingMeasured, atRate.tpot().mean() * 1e3, tpot.row().value() * 1e3,
          100 * (atRate.tpot().mean() / tpot.row().value() - 1), atRate.ttft().mean(), ttft.row().value(),
          MlperfServingRun.diverges(ttft, MODEL)));
      double[][] loads = {{decodingMeasured, tpot.row().value()}, {running, op.tpot().mean()}};
      String[] names = {"measured run (Little's law)", "model's operating point"};
      for (int i = 0; i < loads.length; i++) {
        double decode = loads[i][0];
        double[] out = new double[Roofline.GROUPS * Roofline.SLOTS];
        double step = r.forward(decode, context, 0, ttft.input(), out, true);
        double sim = ServingSimulator.of(MODEL).stepSeconds(s, 0, (int) Math.round(decode), context);
        sb.append(String.format(Locale.ROOT, "    %-28s %5.0f decoding, ctx %4d: roofline step %7.3f ms, simulator"
                + " step %7.3f ms vs %s %.1f ms (%+.1f%%)%n", names[i], decode, context, step * 1e3, sim * 1e3,
            i == 0 ? "the run's mean TPOT" : "the model's mean TPOT", loads[i][1] * 1e3,
            100 * (sim / loads[i][1] - 1)));
        double sum = 0;
        for (int g = 0; g < Roofline.GROUPS; g++) {
          int o = g * Roofline.SLOTS;
          double t = out[o + Roofline.S_TIME];
          sum += t;
          if (t <= 0) {
            continue;
          }
          double bytes = out[o + Roofline.S_BYTES];
          double flops = out[o + Roofline.S_FLOPS];
          sb.append(String.format(Locale.ROOT, "      %-12s %8.3f (%4.1f%%)  compute %8.3f  memory %8.3f  %8.1f GFLOP"
                  + "  %8.1f MB  %7.1f TFLOP/s  %6.0f GB/s%n", GROUPS[g], t * 1e3, 100 * t / step,
              out[o + Roofline.S_COMPUTE] * 1e3, out[o + Roofline.S_MEMORY] * 1e3, flops / 1e9, bytes / 1e6,
              flops / t / 1e12, bytes / t / 1e9));
        }
        assertThat(sum).as(system + " " + names[i]).isCloseTo(step, within(step * 1e-9));
        assertThat(step).isPositive();
        if (stream.isPresent() && Microbenchmarks.bundled().memoryBandwidthOrigin(s.accelerator())
            == dev.llmcost.costmodel.internal.efficiency.MeasurementOrigin.OWN) {
          // what-if, printed only: the part's own measured streaming read in place of the calibrated HBM fraction
          InferenceCostModel streaming = InferenceCostModel.of(MODEL.calibration().toBuilder()
              .memoryBandwidthFraction(stream.getAsDouble()).build());
          double slower = new ServingConfig(s, streaming.calibration(), streaming.profile(s.accelerator()),
              s.model().parameterCounts()).roofline().forward(decode, context, 0, ttft.input(), null, true);
          sb.append(String.format(Locale.ROOT, "      what-if HBM at the measured streaming read (%.0f GB/s): step"
              + " %.3f ms (%+.1f%%)%n", stream.getAsDouble() * datasheet / 1e9, slower * 1e3,
              100 * (slower / step - 1)));
        }
      }
    }
    sb.append(gemmsAgainstTheTuningFiles(all));
    System.out.println(sb);
  }

  /**
   * The hipBLASLt FP8 GEMM times AMD's submission ships for Llama 2 70B's four weight GEMMs (us per call, one layer),
   * by token count n: {@code qkv (10240 x 8192), o_proj (8192 x 8192), gate_up (57344 x 8192), down (8192 x 28672)}.
   * hipblaslt-bench "formatted" lines (transA T, transB N, m = output features, n = tokens, k; f8_fnuz inputs, f16
   * output, f32 compute, rotating buffer 512 MB; columns Gflops, GB/s, us, solution index, arch, CUs: gfx942, 304),
   * hipBLASLt git version aa0bda7b; mlcommons/inference_results_v5.1 @ 965182b03376a00fcae415c54e560e1c83937932,
   * {@code closed/AMD/code/llama2-70b-99.9/scripts/}:
   * <ul>
   *   <li>{@code llama2-mi325x-server-tuning.txt}: the file the MI325X Server yaml names
   *       ({@code HIPBLASLT_TUNING_OVERRIDE_FILE}, {@code server_mi325x.yaml} line 15, with {@code
   *       VLLM_MLPERF_SWIZZLE_FP8_LINEAR: 1}); unpadded weights (lda = k); n from 305 to 2,992. Lines
   *       1373/1421/1501/1629 (n 373), 3165/3261/3309/3405 (n 453), 6530/6610/6690/6834 (n 608).
   *   <li>{@code gemm_llama2-70b/aa0bda7b/tuning_spx_1700_formatted.txt}: the file the MI325X Interactive yaml names
   *       (line 10); padded weights (lda = k + 256, {@code VLLM_FP8_WEIGHT_PADDING: 1} of {@code common/config.yaml});
   *       n from 1 to 2,592 with gaps. Lines 1501/1677/2029/1933 (n 373), 5117/5245/5661/5533 (n 453); no n 608.
   *       The MI300X Server yaml names no override file (hipBLASLt's own heuristic, not published as times): these
   *       are the same hipBLASLt build's times on a 304-CU gfx942 part, shown for the MI300X for scale only.
   * </ul>
   */
  static final java.util.Map<Integer, double[]> MI325X_SERVER_TUNING = java.util.Map.of(
      373, new double[] {65.5224, 53.5713, 302.503, 166.54},
      453, new double[] {74.6526, 65.5749, 372.312, 198.755},
      608, new double[] {92.0366, 74.9301, 452.213, 245.719});

  /** As {@link #MI325X_SERVER_TUNING}, from {@code tuning_spx_1700_formatted.txt}. */
  static final java.util.Map<Integer, double[]> SPX_1700_TUNING = java.util.Map.of(
      373, new double[] {67.282, 53.5266, 285.784, 168.955},
      453, new double[] {78.2898, 68.7067, 347.291, 193.802});

  /** The modelled weight GEMM groups per layer against the submission's hipBLASLt times at the same token count. */
  private static String gemmsAgainstTheTuningFiles(List<Compared> all) {
    StringBuilder sb = new StringBuilder("  s19j: the weight GEMMs per layer, model (roofline groups qkv, out, mlp at n"
        + " decoding rows) vs the submission's hipBLASLt tuning files (us per layer)\n");
    for (String system : SYSTEMS) {
      Compared c = find(all, system + "-tpot");
      boolean mi325x = c.accelerator().id().equals("mi325x");
      java.util.Map<Integer, double[]> tuned = mi325x ? MI325X_SERVER_TUNING : SPX_1700_TUNING;
      InferenceScenario s = c.scenario(MODEL, 1);
      Roofline r = MODEL.config(s).roofline();
      for (int n : new java.util.TreeSet<>(tuned.keySet())) {
        double[] out = new double[Roofline.GROUPS * Roofline.SLOTS];
        r.forward(n, c.input(), 0, c.input(), out, true);
        double layers = r.stageLayers();
        double qkv = out[Roofline.G_QKV * Roofline.SLOTS + Roofline.S_TIME] / layers * 1e6;
        double o = out[Roofline.G_OUT * Roofline.SLOTS + Roofline.S_TIME] / layers * 1e6;
        double mlp = out[Roofline.G_MLP * Roofline.SLOTS + Roofline.S_TIME] / layers * 1e6;
        double[] t = tuned.get(n);
        double model = qkv + o + mlp;
        double file = t[0] + t[1] + t[2] + t[3];
        sb.append(String.format(Locale.ROOT, "    %-7s n %4d (%s): qkv %6.1f vs %6.1f, out %6.1f vs %6.1f, mlp %7.1f vs"
                + " %7.1f (gate_up %.1f + down %.1f); sum %7.1f vs %7.1f us per layer (model %+.1f%%), x %.0f layers ="
                + " %6.2f vs %6.2f ms per step%n", c.accelerator().id(), n,
            mi325x ? "its Server run's file" : "MI325X Interactive's file, scale only", qkv, t[0], o, t[1], mlp,
            t[2] + t[3], t[2], t[3], model, file, 100 * (model / file - 1), layers, model * layers / 1e3,
            file * layers / 1e3));
        if (mi325x) {
          // s19j found the modelled GEMMs 26-46% longer than the run's own tuned kernels; since s19k the MI325X
          // Server scenario takes those kernels' times (TunedGemmTimes), so the groups are the file's sum (n 373 and
          // 453 at the file's timed n 384 and 464, whose times the file repeats for them)
          assertThat(s.tunedGemms()).as(system).isEqualTo(TunedGemmTimes.amdMlperfV51Server());
          assertThat(model).as(system + " n " + n).isCloseTo(file, org.assertj.core.data.Offset.offset(1e-6 * file));
        }
      }
    }
    return sb.toString();
  }

  private static Compared find(List<Compared> all, String id) {
    return all.stream().filter(c -> c.row().id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no compared row " + id));
  }
}
