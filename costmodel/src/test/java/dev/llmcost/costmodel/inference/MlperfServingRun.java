package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.serving.ArrivalBatching;
import dev.llmcost.costmodel.serving.ArrivalProcess;
import dev.llmcost.costmodel.serving.DeploymentRate;
import dev.llmcost.costmodel.serving.Disaggregation;
import dev.llmcost.costmodel.serving.LengthDistribution;
import dev.llmcost.costmodel.serving.PrefillGate;
import dev.llmcost.costmodel.serving.ServingSimulation;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
import dev.llmcost.costmodel.serving.OccupancySample;
import dev.llmcost.costmodel.serving.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The MLPerf Inference v5.1 Server and Interactive latency rows (loadgen's mean TTFT and mean TPOT at Poisson
 * arrivals of {@code target_qps}) run through the request-level serving simulator ({@link ServingSimulator},
 * s13m): one instance of the row's system at {@code target_qps ÷ N} Poisson arrivals, prompts drawn from the
 * dataset's input mix (the 100 midpoint percentiles of its per-sample token counts, {@code
 * mlperf-dataset-input-lengths.csv}, s13g), every output the row's log mean, under the scheduler limits of the
 * submitter's configuration for that scenario ({@link #LIMITS}). The simulator's step is the inference model's
 * roofline ({@code StepCost} tabulates {@code Roofline.forward}, the pass {@link InferenceCostModel#estimate}
 * costs), and its continuous batching with chunked prefill under a token budget stands in for TensorRT-LLM's
 * in-flight batching ({@code batch_scheduler_policy max_util}, {@code enable_chunked_context}); the
 * differences are stated in inference-multi-source.md, section s13m. The means over every simulated request are
 * compared, as loadgen's means are over every sample of its run ({@link #mean}); nothing is fitted.
 *
 * <p>The same systems' throughput rows (s13p) are compared as the capacity MLPerf reports: the highest Poisson rate
 * one instance sustains with its P99 TTFT and P99 TPOT within loadgen's limits ({@link #OBJECTIVES}), found by the
 * simulator's rate search ({@link ServingSimulator#maxRate}) over the same runs ({@link #capacity}).
 *
 * <p>s14a: the latency rows are compared at the model's own MLPerf operating point, not at the submitter's {@code
 * target_qps}. The published latency is the latency at the submitter's operating point, the highest Poisson rate its
 * run passed with P99 TTFT and P99 TPOT within loadgen's limits; the model's counterpart is its latency at the rate
 * the same rule gives it, the rate search's last passing run ({@link #atOperatingPoint}, {@link #predict}). At the
 * submitter's {@code target_qps} a modelled capacity a little below it makes the queue diverge and one a little
 * above it leaves no queue, so those figures measure the capacity error (compared already by the throughput rows)
 * through the steep queueing curve; they are printed, not compared ({@link #predictAtTarget}).
 *
 * <p>s14n: the v4.1 and v5.0 Server/Interactive rows run the same way where their engine limits are read ({@link
 * #LIMITS}; s15f: the two pipeline-parallel v5.0 systems too, each instance run as TensorRT-LLM's micro-batches);
 * loadgen's limits of those rounds are the v5.1 values ({@link #OBJECTIVES}); the systems left at the steady state,
 * and why, are {@link #WITHOUT_LIMITS}.
 */
final class MlperfServingRun {

  /**
   * Seconds of simulated Poisson arrivals of a run whose system has no loadgen run length read ({@link
   * LoadgenRunLength#BY_KEY}), at least; printed as such ({@link #runLength}). Every system of {@link #LIMITS} has one
   * (s18a; {@code MlperfServingRunTest} checks it), so this serves only a what-if row of another system.
   */
  static final double DURATION_SECONDS = 600;

  /** Requests per run at least where {@link #DURATION_SECONDS} is used. */
  static final int REQUESTS = 4000;

  /** The seed of every run (arrivals, inputs). */
  static final long SEED = 13;

  /**
   * The scheduler limits of one system's harness in one scenario, per instance (per rank under attention data
   * parallelism): the most sequences in flight and the token budget per iteration.
   */
  record Limits(int maxSeqs, int maxTokens, String source) {}

  /**
   * Read at mlcommons/inference_results_v5.1 @ commit 965182b03376a00fcae415c54e560e1c83937932. NVIDIA:
   * {@code closed/NVIDIA/configs/<system>/<Server|Interactive>/<benchmark>.py}, {@code gpu_batch_size} and the
   * runtime flags' {@code max_num_tokens} (the engine's {@code max_batch_size} and token budget; TensorRT-LLM's
   * in-flight batching with {@code batch_scheduler_policy: max_util}, {@code context_chunking_policy:
   * first_come_first_served}, {@code enable_chunked_context: True} but for DeepSeek-R1, whose prompts, at most
   * 3,140 tokens, fit its 3,456-token budget whole). AMD: {@code
   * closed/AMD/code/<benchmark>/harness_llm/models/<model>/<server|interactive>_<gpu>.yaml}, vLLM's {@code
   * max_num_seqs} and {@code max_num_batched_tokens}. Key: the row id up to its scenario.
   */
  static final Map<String, Limits> LIMITS = limits();

  /**
   * s15a: TensorRT-LLM's attention-DP balancing as the harness configures it, by row key (the rows with attention
   * data parallelism; every other row runs without it). Read at mlcommons/inference_results_v5.1 @
   * 965182b03376a00fcae415c54e560e1c83937932: {@code closed/NVIDIA/configs/{B200-SXM-180GBx8,
   * GB200-NVL72_GB200-186GB_aarch64x72}/Server/deepseek-r1.py} lines 46-49, {@code "adp_balancing_enable": True,
   * "adp_balancing_batching_wait_iters": 3, "adp_balancing_timeout_iters": 9}; {@code code/llmlib/config.py} lines
   * 518-523 pass them to TensorRT-LLM as {@code attention_dp_config: enable_balance, batching_wait_iters,
   * timeout_iters} when {@code enable_attention_dp} is set.
   */
  static final Map<String, AttentionDpBalance> ADP_BALANCE = Map.of(
      "mlp51-nvidia-b200-sxm-180gbx8_trt-deepseek-r1-server", AttentionDpBalance.enabled(9, 3),
      "mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-deepseek-r1-server", AttentionDpBalance.enabled(9, 3));

  /**
   * s17a: the output lengths of the DeepSeek-R1 Server runs, from the row's own loadgen log: its per-sample latency
   * statistics (min, 50th, 90th, 95th, 97th, 99th and 99.9th percentiles, max, mean; ns), read at
   * mlcommons/inference_results_v5.1 @ 965182b03376a00fcae415c54e560e1c83937932, {@code
   * closed/NVIDIA/results/<system>_TRT/deepseek-r1/Server/performance/run_1/mlperf_log_summary.txt}. A sample's
   * latency is its TTFT plus its TPOT times its output tokens less one; the same log's mean TTFT (0.73 / 0.66 s) is
   * 0.3% of the mean latency (249 / 216 s) and its TPOT spreads little (50th to 99th percentile 69.9 to 72.2 ms on
   * B200), so latency is proportional to output length to within a few percent, and the latency distribution's
   * shape is the output length's. No other per-sample output statistic is published: the reference README gives
   * the mean only ({@code "mean-output-tok-len": 3886.2274}, mlcommons/inference @ b66003e1,
   * language/deepseek-r1/README.md), and the stored accuracy logs are stubs. Every other row keeps its fixed mean
   * output ({@link #outputs}).
   */
  static final Map<String, long[]> LATENCY_NS = Map.of(
      "mlp51-nvidia-b200-sxm-180gbx8_trt-deepseek-r1-server",
      new long[] {1295400807L, 139009806071L, 622566748089L, 878932826237L, 1063513381859L, 1334327931346L,
          1411762476355L, 1413958208201L, 248933888892L},
      "mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-deepseek-r1-server",
      new long[] {523716700L, 121500495785L, 538065721759L, 756387342220L, 917328731862L, 1161156411157L,
          1249454682643L, 1265040766009L, 216208976941L});

  /** The cumulative shares at which {@link #LATENCY_NS} gives its first eight figures. */
  private static final double[] LATENCY_SHARES = {0, 0.50, 0.90, 0.95, 0.97, 0.99, 0.999, 1};

  /** DeepSeek-R1's longest output: {@code MAX_OSL = 20 * 1000} (mlcommons/inference @ b66003e1, backend_registry.py). */
  static final int DEEPSEEK_R1_MAX_OUTPUT = 20_000;

  /** How many equally likely lengths {@link #outputs} builds from a latency distribution. */
  private static final int OUTPUT_QUANTILES = 1000;

  /**
   * Returns the output lengths a row's run draws: for a row in {@link #LATENCY_NS}, {@value #OUTPUT_QUANTILES}
   * equally likely lengths at the midpoint shares of the log's latency quantile function, interpolated
   * geometrically between its published percentiles (the distribution is long-tailed: its median is 0.56 of its
   * mean), scaled so that their mean is the row's mean output ({@code C:}, the log's tokens per second over samples
   * per second) with the lengths capped at {@link #DEEPSEEK_R1_MAX_OUTPUT}; every other row, its mean output, fixed.
   */
  static LengthDistribution outputs(Compared c, String k) {
    int[] lengths = outputLengths(c, k);
    return lengths == null ? LengthDistribution.fixed(c.output()) : LengthDistribution.empirical(lengths);
  }

  /**
   * Returns the mean number of output tokens a sequence in flight has decoded (printed, s17a): a sequence stays in
   * flight for as many steps as it has output tokens, so the sequences in flight are drawn in proportion to their
   * length, and each is halfway through: {@code E[L²] / (2 E[L])}; {@code output / 2} for a fixed length.
   */
  static double meanDecodedInFlight(Compared c, String k) {
    int[] lengths = outputLengths(c, k);
    if (lengths == null) {
      return c.output() / 2.0;
    }
    double sum = 0;
    double squares = 0;
    for (int v : lengths) {
      sum += v;
      squares += (double) v * v;
    }
    return squares / (2 * sum);
  }

  /** The lengths of {@link #outputs}, or null for a fixed output. */
  private static int @Nullable [] outputLengths(Compared c, String k) {
    long[] l = LATENCY_NS.get(k);
    if (l == null) {
      return null;
    }
    double[] q = new double[OUTPUT_QUANTILES];
    double sum = 0;
    for (int i = 0; i < q.length; i++) {
      double u = (i + 0.5) / q.length;
      int j = 1;
      while (LATENCY_SHARES[j] < u) {
        j++;
      }
      double f = (u - LATENCY_SHARES[j - 1]) / (LATENCY_SHARES[j] - LATENCY_SHARES[j - 1]);
      q[i] = Math.exp(Math.log(l[j - 1]) + f * (Math.log(l[j]) - Math.log(l[j - 1])));
      sum += q[i];
    }
    // scale to the mean output, then again for the lengths the cap cut (a few rounds settle it to a token)
    double scale = c.output() / (sum / q.length);
    int[] lengths = new int[q.length];
    for (int round = 0; round < 4; round++) {
      long total = 0;
      for (int i = 0; i < q.length; i++) {
        lengths[i] = (int) Math.max(2, Math.min(DEEPSEEK_R1_MAX_OUTPUT, Math.round(q[i] * scale)));
        total += lengths[i];
      }
      scale *= c.output() / ((double) total / q.length);
    }
    return lengths;
  }

  /**
   * s16b: the CUDA graphs the harness captures for the PyTorch-backend rows, padding on, by row key (every other
   * row: none). Read at mlcommons/inference_results_v5.1 @ 965182b03376a00fcae415c54e560e1c83937932: {@code
   * closed/NVIDIA/configs/B200-SXM-180GBx8/Server/deepseek-r1.py} lines 43-44, {@code 'cuda_graph_batch_sizes':
   * [128, 256, 384, 512], 'cuda_graph_padding_enabled': True}; {@code
   * .../GB200-NVL72_GB200-186GB_aarch64x72/Server/deepseek-r1.py} lines 43-44, {@code [1, 2, 4, 8, 16, 32, 64, 128,
   * 256, 384, 512]}, padding on; both set {@code harness_fields.use_graphs: True}, which {@code code/llmlib/config.py}
   * binds to {@code use_cuda_graphs} (line 289) and writes into trtllm-serve's extra options as {@code
   * use_cuda_graph}, {@code cuda_graph_padding_enabled} and {@code cuda_graph_batch_sizes} (lines 502-512) for the
   * PyTorch backend.
   */
  static final Map<String, List<Integer>> CUDA_GRAPHS = Map.of(
      "mlp51-nvidia-b200-sxm-180gbx8_trt-deepseek-r1-server", List.of(128, 256, 384, 512),
      "mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-deepseek-r1-server",
      List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 384, 512));

  /**
   * s15a: the same for the DeepSeek-R1 Offline rows, by row id: {@code closed/NVIDIA/configs/<system>/Offline/
   * deepseek-r1.py} lines 46-48 @ 965182b0, {@code "adp_balancing_enable": True, "adp_balancing_batching_wait_iters":
   * 10}, {@code "adp_balancing_timeout_iters"} 500 (B200-SXM-180GBx8) and 50 (GB200-NVL72_GB200-186GB_aarch64x72).
   */
  private static final Map<String, AttentionDpBalance> OFFLINE_ADP_BALANCE = Map.of(
      "mlp51-nvidia-b200-sxm-180gbx8_trt-deepseek-r1-offline-output", AttentionDpBalance.enabled(500, 10),
      "mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-deepseek-r1-offline-output",
      AttentionDpBalance.enabled(50, 10));

  /** Returns the attention-DP balancing of a row's offline run (s15a; TensorRT-LLM's default, off, for the rest). */
  static AttentionDpBalance offlineAdpBalance(String rowId) {
    return OFFLINE_ADP_BALANCE.getOrDefault(rowId, AttentionDpBalance.tensorRtLlmDefault());
  }

  private static Map<String, Limits> limits() {
    String nv = "closed/NVIDIA/configs/";
    String amd = "closed/AMD/code/";
    Map<String, Limits> m = new LinkedHashMap<>();
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama2-70b-99-server",
        new Limits(2048, 3584, nv + "B200-SXM-180GBx8/Server/llama2-70b.py"));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama2-70b-99-interactive",
        new Limits(768, 768, nv + "B200-SXM-180GBx8/Interactive/llama2-70b.py"));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x4_trt-llama2-70b-99-server",
        new Limits(2048, 3584, nv + "GB200-NVL72_GB200-186GB_aarch64x4/Server/llama2-70b.py"));
    // s20d, checked (inference-multi-source.md): gpu_batch_size 6000 (line 55) is the engine's max_batch_size and, by
    // default, the runtime's (code/llmlib/config.py lines 360-365), passed to ExecutorConfig with max_num_tokens 12000
    // (config line 35; cores/trtllm_executor_core.py lines 74-92: max_queue_size -1, batch-size and token tuning
    // off, chunked context, KV free_gpu_memory_fraction 0.9 of config line 38); one executor core per GPU (lines
    // 213-219). The configs' workers_per_core / max_concurrency (lines 41-42) are TrtllmEndpointConfig's fields
    // (config.py lines 560-584), not read by this executor core. Context and generation requests share each step
    // (TensorRT-LLM microBatchScheduler.cpp): the simulator's mixed prefill, as mapped.
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-server",
        new Limits(6000, 12000, nv + "B200-SXM-180GBx8/Server/llama3_1-8b.py"));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-interactive",
        new Limits(6000, 12000, nv + "B200-SXM-180GBx8/Interactive/llama3_1-8b.py"));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-405b-server",
        new Limits(256, 2048, nv + "B200-SXM-180GBx8/Server/llama3_1-405b.py"));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-405b-interactive",
        new Limits(256, 1536, nv + "B200-SXM-180GBx8/Interactive/llama3_1-405b.py"));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-llama3.1-405b-server",
        new Limits(256, 2048, nv + "GB200-NVL72_GB200-186GB_aarch64x72/Server/llama3_1-405b.py"));
    // s20c: this run was served disaggregated ({@link #DISAGGREGATED}); these are its 14 context servers' limits,
    // ctx_batch_size 128 and ctx_max_num_tokens 4096 (the config file's 2048 / 1024 are its TensorRT engine's, which
    // the disaggregated run does not use)
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-llama3.1-405b-interactive",
        new Limits(128, 4096, "closed/NVIDIA/code/llama3_1-405b/tensorrt/run_disagg_405B/"
            + "disagg_torch_backend_405B_ptyche.slurm lines 49-53 (context servers)"));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-deepseek-r1-server",
        new Limits(512, 3456, nv + "B200-SXM-180GBx8/Server/deepseek-r1.py (per rank)"));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-deepseek-r1-server",
        new Limits(512, 3456, nv + "GB200-NVL72_GB200-186GB_aarch64x72/Server/deepseek-r1.py (per rank)"));
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b-99.9-server",
        new Limits(650, 40960, amd + "llama2-70b-99.9/harness_llm/models/llama2-70b/server_mi300x.yaml"));
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b-99.9-interactive",
        new Limits(600, 40960, amd + "llama2-70b-99.9/harness_llm/models/llama2-70b/interactive_mi300x.yaml"));
    m.put("mlp51-amd-8xmi325x_2xepyc_9575f_1-llama2-70b-99.9-server",
        new Limits(1024, 40960, amd + "llama2-70b-99.9/harness_llm/models/llama2-70b/server_mi325x.yaml"));
    m.put("mlp51-amd-8xmi325x_2xepyc_9575f_2-llama2-70b-99.9-interactive",
        new Limits(3840, 43008, amd + "llama2-70b-99.9/harness_llm/models/llama2-70b/interactive_mi325x.yaml"));
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-mixtral-8x7b-server",
        new Limits(4096, 32000, amd + "mixtral-8x7b/harness_llm/models/mixtral-8x7b/server_mi300x.yaml"));
    m.put("mlp51-amd-8xmi325x_2xepyc_9575f_1-mixtral-8x7b-server",
        new Limits(2560, 32000, amd + "mixtral-8x7b/harness_llm/models/mixtral-8x7b/server_mi325x.yaml"));
    // s14n: v5.0, NVIDIA's harness configs as the round's partner submissions ship them (NVIDIA copyright), read at
    // ntuhpc/mlperf_inference_results_v5.0 @ cf354115915ea369f05db424b051da8c5bf957dc (the copy whose class carries
    // the row's own server_target_qps; inference-multi-source.md, s14e): gpu_batch_size and max_num_tokens of the
    // row's system class (H200 405B: the runtime max_batch_size 64 of H200_SXM_141GBx8_TP8PP1). s15f: the two
    // pipeline-parallel systems (in WITHOUT_LIMITS until the serving simulator ran a pipeline) with the limits s14e
    // read; gpu_batch_size is the engine's max_batch_size, TensorRT-LLM's bound on one micro-batch (pp of them in
    // flight), max_num_tokens a micro-batch's budget
    String bs = "ntuhpc/mlperf_inference_results_v5.0 closed/Broadcom_Supermicro/configs/";
    String hpe = "ntuhpc/mlperf_inference_results_v5.0 closed/HPE/configs/";
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-llama2-70b-99.9-server",
        new Limits(2048, 1536, bs + "llama2-70b/Server/__init__.py (H200_SXM_141GBx8)"));
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-llama2-70b-interactive-99.9-server",
        new Limits(512, 256, bs + "llama2-70b-interactive/Server/__init__.py (H200_SXM_141GBx8)"));
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-mixtral-8x7b-server",
        new Limits(3072, 8192, bs + "mixtral-8x7b/Server/__init__.py (H200_SXM_141GBx8)"));
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-llama3_1-405b-server",
        new Limits(64, 2560, hpe + "llama3_1-405b/Server/__init__.py (H200_SXM_141GBx8_TP8PP1)"));
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-llama2-70b-99.9-server",
        new Limits(2048, 3584, bs + "llama2-70b/Server/__init__.py (B200_SXM_180GBx8)"));
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-llama2-70b-interactive-99-server",
        new Limits(768, 768, bs + "llama2-70b-interactive/Server/__init__.py (B200_SXM_180GBx8)"));
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-mixtral-8x7b-server",
        new Limits(6144, 10240, bs + "mixtral-8x7b/Server/__init__.py (B200_SXM_180GBx8)"));
    m.put("mlp50-nvidia-dgx-h100_h100-sxm-80gbx8_trt-llama2-70b-99.9-server",
        new Limits(1024, 1024, bs + "llama2-70b/Server/__init__.py (H100_SXM_80GB_PP2x4; per TP1 PP2 instance)"));
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-llama3_1-405b-server",
        new Limits(128, 1024, hpe
            + "llama3_1-405b/Server/__init__.py (B200_SXM_180GB_TP2PP2x2; per TP2 PP2 instance)"));
    // s14n: v4.1 Mixtral, read at mlcommons/inference_results_v4.1 @ a2f5d66d17e8f75c02fd74dfe810ecca6a046696:
    // NVIDIA's harness configs as Dell ships them, closed/Dell/configs/mixtral-8x7b/Server/__init__.py
    // (gpu_batch_size H100_SXM_80GBx1 896, H200_SXM_141GBx1 1200 with max_num_tokens 8192; the x8 classes inherit
    // them, server_target_qps 43.5 x 8 and 49 x 8, the logs' targets) and NVIDIA's own
    // closed/NVIDIA/configs/mixtral-8x7b/__init__.py (GPUBaseConfig max_num_tokens 16384, the H100 class's)
    String v41 = "mlcommons/inference_results_v4.1 closed/";
    m.put("mlp41-nvidia-dgx-h100-h100-sxm-80gbx8-trt-mixtral-8x7b-server",
        new Limits(896, 16384, v41 + "Dell/configs/mixtral-8x7b/Server/__init__.py (H100_SXM_80GBx8) and"
            + " NVIDIA/configs/mixtral-8x7b/__init__.py"));
    m.put("mlp41-nvidia-h200-sxm-141gbx8-trt-mixtral-8x7b-server",
        new Limits(1200, 8192, v41 + "Dell/configs/mixtral-8x7b/Server/__init__.py (H200_SXM_141GBx8)"));
    // s18i: v4.1 Llama 2, NVIDIA's own configs read at mlcommons/inference_results_v4.1 @
    // 198fc46799b3328b36ee4bcbdebfa2db5a8e6183 (in WITHOUT_LIMITS until the base config was read, s14n/s18b):
    // closed/NVIDIA/configs/llama2-70b/Server/__init__.py gpu_batch_size 1024 (H100_SXM_80GB_TP2x1, line 69; the x4
    // class, line 83, inherits it, server_target_qps 75 = the log's target) and 896 (H200_SXM_141GBx1, line 158; the
    // x8 class, line 193, inherits it); no Server class sets max_num_tokens, so GPUBaseConfig's 4096 of
    // closed/NVIDIA/configs/llama2-70b/__init__.py line 34 stands (code/llama2-70b/tensorrt/builder.py line 186 builds
    // the engine with it)
    m.put("mlp41-nvidia-dgx-h100-h100-sxm-80gbx8-trt-llama2-70b-99.9-server",
        new Limits(1024, 4096, v41 + "NVIDIA/configs/llama2-70b/Server/__init__.py (H100_SXM_80GB_TP2x4; per TP2"
            + " instance) and NVIDIA/configs/llama2-70b/__init__.py"));
    m.put("mlp41-nvidia-h200-sxm-141gbx8-trt-llama2-70b-99-server",
        new Limits(896, 4096, v41 + "NVIDIA/configs/llama2-70b/Server/__init__.py (H200_SXM_141GBx8) and"
            + " NVIDIA/configs/llama2-70b/__init__.py"));
    // s18k: v4.1 AMD MI300X Llama 2, read at mlcommons/inference_results_v4.1 @ 198fc46799b3328b36ee4bcbdebfa2db5a8e6183:
    // test_VllmFp8/test_VllmFp8_SyncServer_perf.sh lines 44-62 pass neither --max-num-seqs nor --max-num-batched-tokens,
    // so the argparse defaults of VllmFp8/mainVllmFp8_SyncServer.py lines 54-55 stand (used at lines 95-96); one
    // engine per GPU (TP=1, DP=8, lines 6-7), the whole system run behind its harness batcher ({@link #BATCHING})
    m.put("mlp41-amd-8xmi300x-2xepyc-9374f-llama2-70b-99-server",
        new Limits(1024, 49152, "mlcommons/inference_results_v4.1 closed/AMD/code/llama2-70b-99.9/VllmFp8/"
            + "mainVllmFp8_SyncServer.py lines 54-55 (argparse defaults)"));
    return m;
  }

  /**
   * s18k: the systems whose harness batches queries ahead of its engines, by row key; each runs whole ({@link
   * #instancesSimulated}: its {@code N} engines behind a round-robin router at {@code target_qps}), as the batches of
   * the system's stream go to the engines in turn. AMD v4.1 MI300X Llama 2 Server, read at
   * mlcommons/inference_results_v4.1 @ 198fc46799b3328b36ee4bcbdebfa2db5a8e6183, {@code
   * closed/AMD/code/llama2-70b-99.9/}: {@code test_VllmFp8/test_VllmFp8_SyncServer_perf.sh} line 62 {@code
   * --enable-batcher}; {@code VllmFp8/mainVllmFp8_SyncServer.py} lines 63-64, window 0.3 s and batches of 96 (the
   * defaults; the script passes neither); {@code VllmFp8/sync_sut.py} {@code batch_samples_loop} lines 142-163 (the
   * release rule, {@link ArrivalBatching}) and {@code send_samples}/{@code next_device_id} lines 136-138 and 264-266
   * (each batch to the next engine in turn).
   */
  static final Map<String, ArrivalBatching> BATCHING = Map.of(
      "mlp41-amd-8xmi300x-2xepyc-9374f-llama2-70b-99-server", ArrivalBatching.of(0.3, 96));

  /**
   * s20c: a system served disaggregated, its whole deployment one simulated unit: {@code prefillReplicas} context
   * servers of the row's tensor parallelism under the row's {@link #LIMITS}, {@code decodeReplicas} generation servers
   * of {@code decodeTp} GPUs under their own limits, CUDA graphs padded to {@code decodeCudaGraphs}.
   */
  record Disaggregated(int prefillReplicas, int decodeReplicas, int decodeTp, int decodeMaxSeqs, int decodeMaxTokens,
      List<Integer> decodeCudaGraphs, String source) {}

  /**
   * s20c: the systems whose run was served disaggregated, by row key. NVIDIA's GB200 NVL72 Llama 3.1 405B Interactive
   * run, read at mlcommons/inference_results_v5.1 @ 965182b03376a00fcae415c54e560e1c83937932: {@code
   * closed/NVIDIA/code/llama3_1-405b/tensorrt/README.md} lines 64-65 ("Interactive Scenario with disagg serving using
   * NVL 72": the interactive server scenario on GB200 NVL72 runs as {@code run_disagg_405B/README.md} describes); that
   * README's "Server Target QPS Configuration" recommends {@code server_target_qps = 15.2} for 72 GPUs, the run's
   * {@code target_qps} (its {@code mlperf_log_summary.txt}); {@code run_disagg_405B/disagg_torch_backend_405B_ptyche.slurm}
   * lines 49-58: {@code num_ctx_servers=14}, {@code ctx_tp_size=4}, {@code ctx_pp_size=1}, {@code ctx_batch_size=128},
   * {@code ctx_max_num_tokens=4096}, {@code num_gen_servers=2}, {@code gen_tp_size=8}, {@code gen_batch_size=1024},
   * {@code gen_max_num_tokens=1024}, {@code gen_gpu_memory_fraction=0.95} (14 × 4 + 2 × 8 = 72 GPUs); its harness
   * step runs the Interactive scenario of {@code SYSTEM_NAME=GB200-NVL72_GB200-186GB_aarch64x72} against the
   * disaggregated endpoint ({@code --core_type=trtllm_endpoint}); {@code run_disagg_405B/gen_yaml.py} lines 158-215:
   * {@code backend: pytorch}, both pools {@code kv_cache_dtype: fp8}, chunked prefill and {@code
   * disable_overlap_scheduler: True} on the context servers, {@code use_cuda_graph: True}, {@code
   * cuda_graph_padding_enabled: True} and {@code cuda_graph_batch_sizes} [1, 2, 4, 8, 16, 32, 64, 96, 128, 150, 180,
   * 192, 224, 256, 288, 352, 416, 480, 544, 608, 672, 736, 800, 864, 928, 992, gen_batch_size] on the generation
   * servers. No router is configured, so TensorRT-LLM's disaggregated server routes round-robin ({@code RouterConfig}
   * {@code type: str = "round_robin"}, tensorrt_llm/llmapi/disagg_utils.py).
   */
  static final Map<String, Disaggregated> DISAGGREGATED = Map.of(
      "mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-llama3.1-405b-interactive",
      new Disaggregated(14, 2, 8, 1024, 1024, List.of(1, 2, 4, 8, 16, 32, 64, 96, 128, 150, 180, 192, 224, 256, 288,
          352, 416, 480, 544, 608, 672, 736, 800, 864, 928, 992, 1024),
          "closed/NVIDIA/code/llama3_1-405b/tensorrt/run_disagg_405B/disagg_torch_backend_405B_ptyche.slurm lines"
              + " 49-58 and gen_yaml.py lines 158-215: 14 context servers tp 4 (128 / 4096), 2 generation servers"
              + " tp 8 (1024 / 1024, CUDA graphs padded), trtllm-serve --backend pytorch, round-robin"));

  /**
   * Returns how many instances a row's simulation runs together: its {@code N} where it batches (s18k) or is served
   * disaggregated (s20c: the whole deployment, its rate {@code N × target_qps ÷ N}), else 1.
   */
  static int instancesSimulated(Compared c) {
    return key(c).filter(k -> BATCHING.containsKey(k) || DISAGGREGATED.containsKey(k)).isPresent()
        ? c.instances() : 1;
  }

  /** Returns the highest rate per instance within loadgen's limits ({@link #capacity} over {@link #instancesSimulated}). */
  static double maxRatePerInstance(Compared c, InferenceCostModel m) {
    return capacity(c, m).maxRequestsPerSecond() / instancesSimulated(c);
  }

  /**
   * How a vLLM V0 engine of the AMD harness schedules (s15b): {@code num_scheduler_steps} (decode steps per
   * scheduling window) and whether prompts are prefilled in steps of their own ({@code enable_chunked_prefill:
   * False}), as the submitter's yaml sets them.
   */
  record Scheduling(int schedulerSteps, PrefillScheduling prefill, String source) {}

  /**
   * s15b: the AMD Server/Interactive systems whose harness runs vLLM's V0 engine, read at
   * mlcommons/inference_results_v5.1 @ commit 965182b03376a00fcae415c54e560e1c83937932, {@code
   * closed/AMD/code/<benchmark>/harness_llm/models/<model>/<server|interactive>_<gpu>.yaml}: {@code engine_version:
   * sync}, whose {@code SyncServer.start} refuses {@code VLLM_USE_V1} ({@code harness_llm/backends/vllm/sync_server.py})
   * and whose {@code QueueLLM} drives V0's {@code LLMEngine.step} ({@code queue_llm.py}), with the yaml's {@code
   * num_scheduler_steps} and {@code enable_chunked_prefill: False}. The MI325X Interactive system ({@code
   * interactive_mi325x.yaml}: {@code engine_version: async}, {@code VLLM_USE_V1: 1}, {@code num_scheduler_steps: 1},
   * {@code enable_chunked_prefill: True}) is vLLM V1 and keeps the simulator's default. The yamls' {@code
   * VLLM_LLAMA2_MLPERF_*} settings are read by AMD's scheduler patch, published in the submission's {@code
   * closed/AMD/setup/vllm_patches/} (s19f; s15b had not found it): its prefill gate is {@link #GATES}. Key: the row id
   * up to its scenario.
   */
  static final Map<String, Scheduling> SCHEDULING = scheduling();

  private static Map<String, Scheduling> scheduling() {
    String llama = "closed/AMD/code/llama2-70b-99.9/harness_llm/models/llama2-70b/";
    String mixtral = "closed/AMD/code/mixtral-8x7b/harness_llm/models/mixtral-8x7b/";
    Map<String, Scheduling> m = new LinkedHashMap<>();
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b-99.9-server",
        new Scheduling(9, PrefillScheduling.SEPARATE, llama + "server_mi300x.yaml"));
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b-99.9-interactive",
        new Scheduling(8, PrefillScheduling.SEPARATE, llama + "interactive_mi300x.yaml"));
    m.put("mlp51-amd-8xmi325x_2xepyc_9575f_1-llama2-70b-99.9-server",
        new Scheduling(9, PrefillScheduling.SEPARATE, llama + "server_mi325x.yaml"));
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-mixtral-8x7b-server",
        new Scheduling(8, PrefillScheduling.SEPARATE, mixtral + "server_mi300x.yaml"));
    m.put("mlp51-amd-8xmi325x_2xepyc_9575f_1-mixtral-8x7b-server",
        new Scheduling(10, PrefillScheduling.SEPARATE, mixtral + "server_mi325x.yaml"));
    // s18k: v4.1 AMD (vLLM 0.4.3+rocm614, V0): mlcommons/inference_results_v4.1 @ 198fc467,
    // closed/AMD/code/llama2-70b-99.9/VllmFp8/mainVllmFp8_SyncServer.py lines 82-84 leave enable_chunked_prefill
    // commented out. s19d, checked against the engine the run built: closed/AMD/docker/build_llama2.sh line 3,
    // VLLM_REV=799388d722e22ecb14d1011faaba54c4882cc8f5 of ROCm/vllm ("MLPerf-4.1"; vllm/version.py "0.4.3"), where
    // vllm/engine/arg_utils.py line 85 defaults enable_chunked_prefill to False and line 84 scheduler_delay_factor to
    // 0.0; vllm/core/scheduler.py lines 818-832 (_schedule_default: prompts first, "Don't schedule decodes if
    // prefills are scheduled"), 744-748 (whole prompts within max_num_batched_tokens and max_num_seqs, the running
    // sequences counted, lines 798-803), 27-28 and 674-683 (VLLM_SCHED_PREFILL_KVC_FREEPCT, default 0.0: off; the
    // perf script, test_VllmFp8/test_VllmFp8_SyncServer_perf.sh lines 9-17, does not set it); vllm/engine/
    // llm_engine.py line 772: one scheduling per step (no multi-step scheduling in 0.4.3)
    m.put("mlp41-amd-8xmi300x-2xepyc-9374f-llama2-70b-99-server", new Scheduling(1, PrefillScheduling.SEPARATE,
        "mlcommons/inference_results_v4.1 closed/AMD/code/llama2-70b-99.9/VllmFp8/mainVllmFp8_SyncServer.py; ROCm/vllm"
            + " 799388d7 (closed/AMD/docker/build_llama2.sh line 3) vllm/core/scheduler.py lines 818-832"));
    return m;
  }

  /** s19f: AMD's MLPerf prefill gate of a system and the yaml lines that set it. */
  record Gate(PrefillGate gate, String source) {}

  /**
   * s19f: the AMD v5.1 Server systems whose yaml sets {@code VLLM_LLAMA2_MLPERF_SCHED: 1}, which turns on AMD's MLPerf
   * scheduler patch ({@link PrefillGate}; mlcommons/inference_results_v5.1 @ 965182b03376a00fcae415c54e560e1c83937932,
   * {@code closed/AMD/setup/vllm_patches/scheduler-change-to-have-prefill-and-decode-reach-go.patch} and {@code
   * add-MIN_REQUIRE_PREFILL_QUERY-condition.patch}, both in {@code llama2_patch_files_gfx942.txt}). The Mixtral yamls
   * and {@code interactive_mi300x.yaml} do not set it, so the patch (also in {@code moe_patch_files.txt}) stays off
   * there (default 0, the patch's {@code vllm/envs.py}); {@code interactive_mi325x.yaml} sets it under vLLM V1, whose
   * scheduler the patch does not touch. Values from the yamls, each key exported by {@code harness_llm/main.py}; a key
   * the yaml does not set takes the patch's default ({@code MIN_REQUIRE_PREFILL_GPU_BLOCK} 0). Key: the row id up to
   * its scenario.
   */
  static final Map<String, Gate> GATES = Map.of(
      "mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b-99.9-server", new Gate(PrefillGate.of(608, 0, 8),
          "closed/AMD/code/llama2-70b-99.9/harness_llm/models/llama2-70b/server_mi300x.yaml lines 10-15:"
              + " MAX_TARGET_DECODE_BATCH 608, MIN_REQUIRE_PREFILL_GPU_BLOCK 0, MIN_REQUIRE_PREFILL_QUERY 8"),
      "mlp51-amd-8xmi325x_2xepyc_9575f_1-llama2-70b-99.9-server", new Gate(PrefillGate.of(832, 0, 10),
          "closed/AMD/code/llama2-70b-99.9/harness_llm/models/llama2-70b/server_mi325x.yaml lines 10-14:"
              + " MAX_TARGET_DECODE_BATCH 832, MIN_REQUIRE_PREFILL_QUERY 10; MIN_REQUIRE_PREFILL_GPU_BLOCK unset, 0"));

  /**
   * s19k: the systems whose engine loads a hipBLASLt tuning file whose kernel times are stored ({@link TunedGemmTimes}):
   * their FP8 weight GEMMs take those times. AMD's v5.1 MI325X Llama 2 70B Server run loads {@code
   * llama2-mi325x-server-tuning.txt} ({@code HIPBLASLT_TUNING_OVERRIDE_FILE}, {@code
   * harness_llm/models/llama2-70b/server_mi325x.yaml} line 15, closed/AMD/code/llama2-70b-99.9 of
   * mlcommons/inference_results_v5.1 at 965182b0; {@link TunedGemmTimes#amdMlperfV51Server}). The MI300X Server and both
   * Offline yamls name no tuning file (hipBLASLt's heuristic, times not published); the MI325X Interactive row's system
   * reports vLLM 0.6.5.dev964+mlperf50, not the harness whose {@code interactive_mi325x.yaml} names the other file, so
   * it is not applied there. Key: the row id up to its scenario.
   */
  private static final Map<String, Supplier<TunedGemmTimes>> TUNED_GEMMS = Map.of(
      "mlp51-amd-8xmi325x_2xepyc_9575f_1-llama2-70b-99.9-server", TunedGemmTimes::amdMlperfV51Server);

  /** Returns the tuned FP8 GEMM times the row's engine loads ({@link #TUNED_GEMMS}), if any (s19k). */
  static Optional<TunedGemmTimes> tunedGemms(MultiSourceInferenceValidationTest.Row r) {
    return system(r).map(TUNED_GEMMS::get).map(Supplier::get);
  }

  /**
   * s14n: the v4.1 and v5.0 Server/Interactive systems without the engine limits a simulated run needs, and why
   * (their latency rows stay at the steady state at {@code target_qps ÷ N}, their throughput rows skipped). Key: the
   * row id up to its scenario.
   */
  static final Map<String, String> WITHOUT_LIMITS = Map.of(
      "mlp41-nvidia-b200-sxm-180gbx1-trt-llama2-70b-99.9-server", "v4.1 NVIDIA B200 x1 Llama 2: no B200 class in"
          + " the stored configs (neither batch nor max_num_tokens)",
      "mlp50-amd-8xmi325x_2xepyc_9575f-llama2-70b-99.9-server", "v5.0 AMD: the server_mi325x yaml with vLLM's"
          + " max_num_seqs and max_num_batched_tokens is not stored");

  /** The MLPerf rounds whose Server/Interactive rows may have limits here (s14n: v4.1 and v5.0 with v5.1). */
  private static final java.util.Set<String> GROUPS =
      java.util.Set.of("mlperf-inf-v4.1", "mlperf-inf-v5.0", "mlperf-inf-v5.1");

  /** Returns the row id up to its scenario ("-server" or "-interactive"), present or not in {@link #LIMITS}. */
  private static Optional<String> system(MultiSourceInferenceValidationTest.Row r) {
    if (!GROUPS.contains(r.group())) {
      return Optional.empty();
    }
    for (String scenario : new String[] {"-server-", "-interactive-"}) {
      int at = r.id().lastIndexOf(scenario);
      if (at > 0) {
        return Optional.of(r.id().substring(0, at + scenario.length() - 1));
      }
    }
    return Optional.empty();
  }

  /** Returns why a v4.1/v5.0 Server/Interactive row has no simulated run (s14n), or empty. */
  static Optional<String> withoutLimits(MultiSourceInferenceValidationTest.Row r) {
    return system(r).map(WITHOUT_LIMITS::get);
  }

  /**
   * Returns whether the key is an Interactive benchmark: a v5.1 row id ending in {@code -interactive}, or a v5.0
   * {@code llama2-70b-interactive} row, whose loadgen scenario is Server (ids {@code ...-interactive-99.9-server}).
   */
  static boolean interactive(String k) {
    return k.endsWith("-interactive") || k.contains("-interactive-");
  }

  /**
   * Returns whether the row's harness serves the model through TensorRT-LLM's PyTorch backend (s13v): NVIDIA's
   * DeepSeek-R1 harness runs {@code trtllm-serve --backend pytorch} (mlcommons/inference_results_v5.1 @
   * 965182b03376a00fcae415c54e560e1c83937932, {@code closed/NVIDIA/code/deepseek-r1/tensorrt/__init__.py}: {@code
   * DEFAULT_CORE_TYPE = CoreType.TRTLLM_ENDPOINT}; {@code code/llmlib/config.py} line 418: {@code 'trtllm_backend':
   * 'pytorch'} by default, not overridden by the configs; {@code code/llmlib/launch_server.py} lines 308-309 add
   * {@code --backend}; s13p). Such a row's engine gets the host loop of the TensorRT-LLM 1.0 PyTorch-backend rows
   * ({@link ServingOverheads#pythonScheduler(HostCpu)} on the system's host CPU, as {@code
   * MultiSourceInferenceValidationTest.Compared#scenario} gives them), which the serving simulator's step now
   * charges as {@code max(GPU, host)}. The other NVIDIA rows run TensorRT-LLM engines (C++ executor); AMD's run vLLM.
   * The harness's Offline rows run the same server (s14l: the core type is the benchmark's, {@code main.py} launches
   * {@code RunTrtllmServeOp} for it in every scenario, and {@code configs/<system>/Offline/deepseek-r1.py} sets no
   * {@code trtllm_backend}), so {@code MultiSourceInferenceValidationTest.compare} maps them with this host loop too.
   */
  static boolean pytorchBackend(String k) {
    // s20c: the disaggregated run's servers are trtllm-serve with backend pytorch too (gen_yaml.py, DISAGGREGATED)
    return k.startsWith("mlp51-nvidia") && k.contains("_trt-deepseek-r1-") || DISAGGREGATED.containsKey(k);
  }

  /**
   * s16a: whether the row's engine runs TensorRT-LLM's overlap scheduler ({@link
   * ServingSimulation.Builder#overlapScheduler}): the PyTorch-backend rows ({@link #pytorchBackend}), whose harness
   * writes {@code disable_overlap_scheduler: False} into trtllm-serve's extra options (mlcommons/inference_results_v5.1
   * @ 965182b03376a00fcae415c54e560e1c83937932, {@code closed/NVIDIA/code/llmlib/config.py} line 411, {@code
   * TrtllmExtraYAMLConfig.DEFAULT_EXTRA_CONFIG}; the DeepSeek-R1 configs do not override it), so that {@code PyExecutor}
   * runs {@code _executor_loop_overlap}. The TensorRT-LLM engines of the other NVIDIA rows run the C++ executor, whose
   * {@code Executor::Impl::executionLoop} syncs the last iteration, returns its responses and fetches new requests
   * before it launches the next (cpp/tensorrt_llm/executor/executorImpl.cpp at NVIDIA/TensorRT-LLM
   * 036a60f7ff9257595c96a578560651da5c4df577), as the simulator steps without this setting.
   */
  static boolean overlapScheduler(String k) {
    // s20c: not with disaggregation, which the simulator runs without it; the disaggregated run's context servers
    // disable it (gen_yaml.py 'disable_overlap_scheduler': True), its generation servers keep TensorRT-LLM's default
    return pytorchBackend(k) && !DISAGGREGATED.containsKey(k);
  }

  private static final Map<String, int[]> PERCENTILES = MlperfInputMixTest.readPercentiles();

  /**
   * Runs by model instance and row key with its lengths and rate ({@link #cacheKey}): a row's TTFT and TPOT share
   * one run, and each refit runs it again.
   */
  private static final Map<InferenceCostModel, Map<String, SimulationResult>> RUNS = new ConcurrentHashMap<>();

  /** Rate searches by model instance and row key with its lengths and rate (s13p). */
  private static final Map<InferenceCostModel, Map<String, DeploymentRate>> CAPACITIES = new ConcurrentHashMap<>();

  /**
   * Loadgen's latency constraints of a benchmark and scenario, seconds, both read at the 99th percentile: the
   * server's P99 TTFT and P99 TPOT limits.
   */
  record Objectives(double ttftSeconds, double tpotSeconds) {}

  /**
   * Loadgen's P99 TTFT / P99 TPOT limits by dataset model and scenario (s13p): {@code *.Server.target_latency_percentile
   * = 99} and {@code <benchmark>.Server.ttft_latency} / {@code tpot_latency} (milliseconds) of {@code
   * loadgen/mlperf.conf} at mlcommons/inference tag v5.1 (commit 75f297d44c5e68d24a2f7643fe1eb11e49313238):
   * llama2-70b 2000 / 200, llama2-70b-interactive 450 / 40, mixtral-8x7b 2000 / 200, llama3_1-405b 6000 / 175,
   * llama3_1-8b 2000 / 100, deepseek-r1 2000 / 80. The v5.1 tag has no line for the 405B and 8B Interactive
   * benchmarks; the {@code mlperf.conf} these submissions ran with has them, as tag v5.1.1 (commit
   * 6776245e99dce0600cfc9a6fb61efd310f87de3d) does: llama3_1-405b-interactive 4500 / 80, llama3_1-8b-interactive
   * 500 / 30 (mlcommons/inference_results_v5.1 @ 965182b0, {@code
   * closed/NVIDIA/measurements/B200-SXM-180GBx8_TRT/llama3.1-{405b,8b}/Interactive/mlperf.conf}, lines 118-119
   * and 128-129). Key: the row's model and scenario.
   *
   * <p>s14n: the v4.1 and v5.0 rows ran under the same limits. Tag v4.1 (commit
   * 379ee5345a25ee123fd5faec33285b6e8be0dadf), {@code mlperf.conf} (at the repository root then) lines 49 and
   * 67-73: {@code *.Server.target_latency_percentile = 99}, llama2-70b and mixtral-8x7b 2000 / 200. Tag v5.0 (commit
   * dcd0c3eadb6189051ba0efe0a1f251a995fe8895), {@code loadgen/mlperf.conf} lines 56 and 75-85: llama2-70b and
   * mixtral-8x7b 2000 / 200, llama3_1-405b 6000 / 175. The v5.0 tag predates the {@code llama2-70b-interactive}
   * benchmark (commit ba71b21c, 2025-01-21); tag v5.0.1 (commit e618c314fc3c323e9b3e82578ce3774e72d9ac2b), the
   * round's final, has it: {@code loadgen/mlperf.conf} lines 83-85, 450 / 40, as {@code
   * language/llama2-70b/README.md} line 251 states (its "ttft <= 40ms" meaning the TPOT).
   */
  static final Map<String, Objectives> OBJECTIVES = Map.of(
      "llama-2-70b/server", new Objectives(2.0, 0.200),
      "llama-2-70b/interactive", new Objectives(0.450, 0.040),
      "mixtral-8x7b-v0.1/server", new Objectives(2.0, 0.200),
      "llama-3.1-405b/server", new Objectives(6.0, 0.175),
      "llama-3.1-405b/interactive", new Objectives(4.5, 0.080),
      "llama-3.1-8b/server", new Objectives(2.0, 0.100),
      "llama-3.1-8b/interactive", new Objectives(0.500, 0.030),
      "deepseek-r1/server", new Objectives(2.0, 0.080));


  private MlperfServingRun() {}

  /** Returns the row id up to its scenario ("-server" or "-interactive"), or empty for another row. */
  static Optional<String> key(Compared c) {
    return system(c.row()).filter(LIMITS::containsKey);
  }

  /**
   * Returns whether the row is an MLPerf Server/Interactive throughput (completed tokens per second at {@code
   * target_qps}) compared with the rate search's capacity (s13p).
   */
  static boolean measuresCapacity(Compared c) {
    return c.metric() == MultiSourceInferenceValidationTest.Metric.THROUGHPUT && key(c).isPresent();
  }

  /** Returns whether an MLPerf row has serving limits here (a Server/Interactive row of {@link #LIMITS}). */
  static boolean hasLimits(MultiSourceInferenceValidationTest.Row r) {
    return system(r).filter(LIMITS::containsKey).isPresent();
  }

  /** Returns loadgen's P99 limits for the row's benchmark and scenario ({@link #OBJECTIVES}). */
  static Objectives objectives(Compared c) {
    String k = key(c).orElseThrow(() -> new IllegalArgumentException(c.row().id() + ": no MLPerf serving limits"));
    String scenario = interactive(k) ? "interactive" : "server";
    Objectives o = OBJECTIVES.get(c.row().model() + "/" + scenario);
    if (o == null) {
      throw new IllegalStateException(c.row().id() + ": no loadgen latency limits for model " + c.row().model()
          + ", scenario " + scenario);
    }
    return o;
  }

  /** Returns whether the row's mean TTFT or mean TPOT is compared with a simulated run. */
  static boolean applies(Compared c) {
    return (c.metric() == MultiSourceInferenceValidationTest.Metric.TTFT
        || c.metric() == MultiSourceInferenceValidationTest.Metric.TPOT) && key(c).isPresent();
  }

  /** Returns the row's simulated run under model {@code m} (cached). */
  static SimulationResult run(Compared c, InferenceCostModel m) {
    String k = key(c).orElseThrow(() -> new IllegalArgumentException(c.row().id() + ": no MLPerf serving limits"));
    return RUNS.computeIfAbsent(m, x -> new ConcurrentHashMap<>())
        .computeIfAbsent(cacheKey(c, k), x -> simulate(c, m, k));
  }

  /** The row key with the lengths and rate of the run (a what-if row of the same id must not share its run). */
  private static String cacheKey(Compared c, String k) {
    return k + "|" + c.input() + "|" + c.output() + "|" + c.rate();
  }

  /**
   * Returns the rate search of the row's instance under model {@code m} (cached, s13p): {@link
   * ServingSimulator#maxRate} bisects on the Poisson rate one instance sustains with its P99 TTFT and P99 TPOT
   * within loadgen's limits ({@link #objectives}), from the row's {@code target_qps ÷ N}, each trial the run of
   * {@link #run} (limits, input mix, output, duration and seed) at the trial rate. The search's tolerance is
   * {@code maxRate}'s own, coarse against the errors compared: it stops when its bracket is within 2% of its upper
   * end (at most 40 simulations; 7 or 8 here).
   */
  static DeploymentRate capacity(Compared c, InferenceCostModel m) {
    String k = key(c).orElseThrow(() -> new IllegalArgumentException(c.row().id() + ": no MLPerf serving limits"));
    return CAPACITIES.computeIfAbsent(m, x -> new ConcurrentHashMap<>())
        .computeIfAbsent(cacheKey(c, k), x -> rateSearch(c, m, k, 0));
  }

  /**
   * Returns loadgen's rate search over the row's unit ({@link #simulation}, with {@code hostStepSeconds} of serial
   * host time per engine step), held to the round's P99 TTFT and TPOT limits, from {@code target_qps ÷ N} times the
   * instances simulated together; {@link #capacity} (cached, no added host time) and {@link #capacityWithHostStep}.
   */
  private static DeploymentRate rateSearch(Compared c, InferenceCostModel m, String k, double hostStepSeconds) {
    Objectives o = objectives(c);
    ServingSimulation unit = simulation(c, m, k, c.rate(), hostStepSeconds).toBuilder()
        .ttftSloSeconds(o.ttftSeconds()).tpotSloSeconds(o.tpotSeconds()).build();
    return ServingSimulator.of(m).maxRate(unit, c.rate() * instancesSimulated(c), null);
  }

  /**
   * How the harness spreads the system's arrivals over its instances (s13p, a what-if; the compared rows run one
   * instance at an independent Poisson stream of {@code target_qps ÷ N}). NVIDIA's harness ({@code
   * closed/NVIDIA/code/llmlib/config.py}, {@code HarnessConfig.__post_init__}, and {@code factory.py}, {@code
   * LLMServerFactory._create_scheduler}, at mlcommons/inference_results_v5.1 @ 965182b0) sends a Server sample to the
   * core with the fewest pending samples ({@code load_balancing}) and an Interactive one round-robin. AMD's harness
   * balances by {@code schedule_algo: shortest_queue_with_tokens} (s13m), stood in for here by the fewest
   * outstanding requests.
   */
  static Router dispatch(Compared c) {
    String k = key(c).orElseThrow();
    return k.startsWith("mlp51-nvidia") && k.endsWith("-interactive") ? Router.ROUND_ROBIN : Router.LEAST_OUTSTANDING;
  }

  /**
   * Returns the highest rate within loadgen's limits when the system's {@code N} instances share one Poisson stream
   * as the harness dispatches it ({@link #dispatch}; what-if, printed, s13p): per instance for round-robin, for the
   * whole system for fewest-outstanding dispatch. Round-robin gives each instance every {@code N}-th arrival of a
   * Poisson stream: gamma gaps of shape {@code N} ({@code cv = 1/√N}), one instance simulated. Fewest-outstanding
   * dispatch runs the {@code N} instances together behind {@link Router#LEAST_OUTSTANDING}; its run is shortened to
   * {@code 100,000 / target_qps} seconds where that is below the per-instance run's (Llama 3.1 8B Server: 100 s,
   * 12,500 requests or more per instance), so that the search's doubled rate stays under the simulator's 400,000
   * requests per search run.
   */
  static DeploymentRate capacityAsDispatched(Compared c, InferenceCostModel m) {
    String k = key(c).orElseThrow();
    int n = c.instances();
    if (n == 1 || instancesSimulated(c) > 1) {
      return capacity(c, m); // s18k: a batched system already runs whole, as dispatched
    }
    Objectives o = objectives(c);
    ServingSimulation one = simulation(c, m, k, c.rate()).toBuilder()
        .ttftSloSeconds(o.ttftSeconds()).tpotSloSeconds(o.tpotSeconds()).build();
    if (dispatch(c) == Router.ROUND_ROBIN) {
      ServingSimulation unit = one.toBuilder().arrivals(ArrivalProcess.gamma(c.rate(), 1 / Math.sqrt(n))).build();
      return ServingSimulator.of(m).maxRate(unit, c.rate(), null);
    }
    double total = c.rate() * n;
    ServingSimulation system = one.toBuilder()
        .requestsPerSecond(total)
        .durationSeconds(Math.min(one.durationSeconds(), 100_000 / total))
        .replicas(n)
        .router(Router.LEAST_OUTSTANDING)
        .build();
    return ServingSimulator.of(m).maxRate(system, total, null);
  }

  /**
   * Returns the output tokens per second of one instance at its predicted capacity: the highest rate within
   * loadgen's limits ({@link #capacity}) times the row's mean output (s13p). MLPerf's Server/Interactive result is
   * that capacity: the submitter's {@code target_qps}, the highest rate its run passed, and the log's completed
   * tokens per second is about {@code target_qps} times the mean output.
   */
  static double predictCapacity(Compared c, InferenceCostModel m) {
    double rate = maxRatePerInstance(c, m);
    if (!(rate > 0)) {
      throw new IllegalStateException(c.row().id() + ": the rate search found no rate within loadgen's limits"
          + " (from " + c.rate() + " req/s per instance down to 1e-4)");
    }
    return rate * c.output();
  }

  /** Returns a one-line account of a throughput row's rate search (for the printed table). */
  static String describeCapacity(Compared c, InferenceCostModel m) {
    DeploymentRate d = capacity(c, m);
    Objectives o = objectives(c);
    Limits l = LIMITS.get(key(c).orElseThrow());
    return String.format(Locale.ROOT, "rate search (s13p): P99 TTFT <= %.3g s, P99 TPOT <= %.3g s; from %.4g req/s,"
        + " %d simulations, max %.4g req/s per instance (target_qps / N %.4g, ratio %.3f); limits %d seqs / %d"
        + " tokens%s%s", o.ttftSeconds(), o.tpotSeconds(), c.rate(), d.simulations(), maxRatePerInstance(c, m),
        c.rate(), maxRatePerInstance(c, m) / c.rate(), l.maxSeqs(), l.maxTokens(),
        c.attentionDp() ? " per rank x " + c.tp() : "", DISAGGREGATED.containsKey(key(c).orElseThrow())
        ? "; served disaggregated (s20c), the whole deployment one unit: " + DISAGGREGATED.get(key(c).orElseThrow())
            .source() : instancesSimulated(c) > 1 ? "; the whole system of " + instancesSimulated(c)
        + " instances run behind its harness batcher (s18k): " + BATCHING.get(key(c).orElseThrow()) : "");
  }

  private static SimulationResult simulate(Compared c, InferenceCostModel m, String k) {
    return simulate(c, m, k, c.rate());
  }

  /** Returns the row's run at another rate per instance (a what-if; not cached). */
  static SimulationResult runAt(Compared c, InferenceCostModel m, double rate) {
    return simulate(c, m, key(c).orElseThrow(), rate);
  }

  private static SimulationResult simulate(Compared c, InferenceCostModel m, String k, double rate) {
    return ServingSimulator.of(m).simulate(simulation(c, m, k, rate));
  }

  private static ServingSimulation simulation(Compared c, InferenceCostModel m, String k, double rate) {
    return simulation(c, m, k, rate, 0);
  }

  /**
   * s19d, a what-if, printed only: the row's rate search ({@link #capacity}, not cached) with {@code hostStepSeconds}
   * of serial host time added to every engine step ({@link ServingOverheads#perStepSeconds}, which a step adds to its
   * GPU time). vLLM 0.4.3's {@code LLMEngine.step} schedules, prepares the inputs, runs the model, waits for the
   * sampled tokens and processes the outputs one after the other (no overlap of host and GPU work), and AMD's v4.1
   * harness puts every sequence's new tokens on a result queue in the same loop; the simulator's step is the GPU's
   * time alone. The size of that host time for AMD's build is not published (inference-multi-source.md, s19d), so
   * no row is mapped with it.
   */
  static DeploymentRate capacityWithHostStep(Compared c, InferenceCostModel m, double hostStepSeconds) {
    String k = key(c).orElseThrow(() -> new IllegalArgumentException(c.row().id() + ": no MLPerf serving limits"));
    if (!(hostStepSeconds >= 0 && hostStepSeconds <= 1)) {
      throw new IllegalArgumentException("hostStepSeconds must be in [0, 1], was " + hostStepSeconds);
    }
    return rateSearch(c, m, k, hostStepSeconds);
  }

  /** Returns the row's run at {@code rate} per instance with {@link #capacityWithHostStep}'s added host time. */
  static SimulationResult runWithHostStep(Compared c, InferenceCostModel m, double rate, double hostStepSeconds) {
    return ServingSimulator.of(m).simulate(simulation(c, m, key(c).orElseThrow(), rate, hostStepSeconds));
  }

  private static ServingSimulation simulation(Compared c, InferenceCostModel m, String k, double rate,
      double hostStepSeconds) {
    Limits l = LIMITS.get(k);
    int[] mix = PERCENTILES.get(c.row().model());
    if (mix == null) {
      throw new IllegalStateException(c.row().id() + ": no input percentiles for model " + c.row().model());
    }
    // per rank under attention data parallelism: the engine's limits over its tp ranks
    int ranks = c.attentionDp() ? c.tp() : 1;
    InferenceScenario engine = c.scenario(m, 1);
    if (pytorchBackend(k)) {
      // s13v: the PyTorch backend's host loop on the system's host CPU (B200: x86, GB200: Grace)
      engine = engine.toBuilder()
          .overheads(m.calibration().overheads().pythonScheduler(HostCpu.of(c.accelerator())))
          .build();
    }
    if (hostStepSeconds > 0) {
      ServingOverheads o = engine.overheads();
      engine = engine.toBuilder()
          .overheads(o.toBuilder().perStepSeconds(o.perStepSeconds() + hostStepSeconds).build())
          .build();
    }
    Scheduling sched = SCHEDULING.get(k);
    Disaggregated dg = DISAGGREGATED.get(k);
    if (dg != null) {
      // s20c: the whole disaggregated deployment at the system's rate, each pool behind round-robin
      return perInstance(c, m, k, rate, engine, sched, l, mix, ranks).toBuilder()
          .requestsPerSecond(rate * c.instances())
          .disaggregation(Disaggregation.of(dg.prefillReplicas(), dg.decodeReplicas()).withDecodePool(
              engine.toBuilder().tp(dg.decodeTp()).build(), dg.decodeMaxSeqs(), dg.decodeMaxTokens()))
          .router(Router.ROUND_ROBIN)
          .cudaGraphPadding(dg.decodeCudaGraphs())
          .build();
    }
    ArrivalBatching batching = BATCHING.get(k);
    if (batching != null) {
      // s18k: the whole system behind its harness batcher, each batch to the next engine in turn
      return perInstance(c, m, k, rate, engine, sched, l, mix, ranks).toBuilder()
          .requestsPerSecond(rate * c.instances())
          .replicas(c.instances())
          .router(Router.ROUND_ROBIN)
          .batching(batching)
          .build();
    }
    return perInstance(c, m, k, rate, engine, sched, l, mix, ranks);
  }

  private static ServingSimulation perInstance(Compared c, InferenceCostModel m, String k, double rate,
      InferenceScenario engine, @Nullable Scheduling sched, Limits l, int[] mix, int ranks) {
    ServingSimulation.Builder b = ServingSimulation.builder(engine);
    Gate gate = GATES.get(k);
    if (gate != null) {
      b.prefillGate(gate.gate()); // s19f
    }
    return b
        .schedulerSteps(sched == null ? 1 : sched.schedulerSteps())
        .prefillScheduling(sched == null ? PrefillScheduling.MIXED : sched.prefill())
        .requestsPerSecond(rate)
        .input(LengthDistribution.empirical(mix))
        .output(outputs(c, k))
        // s18a: as long as the system's loadgen run (its queries at target_qps), at every trial rate as maxRate holds
        .durationSeconds(runSeconds(c, k))
        .seed(SEED)
        // every decoding sequence takes one token of the iteration's budget, so the budget bounds the sequences
        // too (the GB200 x72 405B Interactive config file's engine: gpu_batch_size 2048, max_num_tokens 1024; s20c: that
        // run was served disaggregated instead, DISAGGREGATED)
        .maxNumSeqs(Math.min(l.maxSeqs(), l.maxTokens()) * ranks)
        .maxBatchedTokens(l.maxTokens() * ranks)
        .attentionDpBalance(ADP_BALANCE.getOrDefault(k, AttentionDpBalance.tensorRtLlmDefault()))
        .cudaGraphPadding(CUDA_GRAPHS.getOrDefault(k, List.of())) // s16b
        .overlapScheduler(overlapScheduler(k))
        .build();
  }

  /** Returns the seconds of arrivals of a row's run. */
  static double duration(Compared c) {
    return runSeconds(c, key(c).orElseThrow());
  }

  /**
   * Returns the seconds of arrivals of a run of the system (s18a): its loadgen run's, the queries loadgen generated
   * for it over its {@code target_qps} ({@link LoadgenRunLength#seconds}; per instance the same span at {@code
   * target_qps ÷ N}, so the instance serves its share of the queries); for a system without one, {@link
   * #DURATION_SECONDS} or {@link #REQUESTS} requests at the row's rate, whichever is longer, and {@link #runLength}
   * says so. The duration is the system's, not the trial rate's: {@link ServingSimulator#maxRate} holds a unit's
   * duration at every rate it tries.
   */
  private static double runSeconds(Compared c, String k) {
    LoadgenRunLength l = LoadgenRunLength.BY_KEY.get(k);
    return l != null ? l.seconds() : Math.max(DURATION_SECONDS, REQUESTS / c.rate());
  }

  /** Returns a one-line account of the row's run length and its source (s18a; printed). */
  static String runLength(Compared c) {
    String k = key(c).orElseThrow();
    LoadgenRunLength l = LoadgenRunLength.BY_KEY.get(k);
    return l != null ? l.describe(c.instances()) : String.format(Locale.ROOT, "NO LOADGEN RUN LENGTH READ for %s:"
        + " the default %.0f s (at least %d requests per instance)", k, runSeconds(c, k), REQUESTS);
  }

  /**
   * Returns the simulated mean for the row's metric at the model's own MLPerf operating point, seconds (s14a): the
   * mean TTFT or mean TPOT of {@link #atOperatingPoint}'s run, the compared prediction.
   */
  static double predict(Compared c, InferenceCostModel m) {
    return mean(c, atOperatingPoint(c, m));
  }

  /**
   * Returns the simulated mean for the row's metric at the submitter's {@code target_qps ÷ N}, seconds ({@link
   * #run}; s13m's comparison, printed since s14a as the sensitivity of the latency to the capacity error).
   */
  static double predictAtTarget(Compared c, InferenceCostModel m) {
    return mean(c, run(c, m));
  }

  /**
   * Returns loadgen's mean of the row's metric over a run's requests: the mean TTFT (first token minus the Poisson
   * arrival) or the mean TPOT, each request's {@code (completion − first token) ÷ (output tokens − 1)}, averaged
   * over the requests, as loadgen computes them (mlcommons/inference tag v5.1, commit
   * 75f297d44c5e68d24a2f7643fe1eb11e49313238: {@code loadgen/loadgen.cc} lines 103 and 130 (completion) and 156 and
   * 175 (first token), the latencies from the query's {@code scheduled_time}; {@code loadgen/logging.cc} line 475,
   * {@code time_per_output_token_[i] = (latency - token_latencies_[i]) / (n_tokens - 1)}; {@code
   * loadgen/results.cc} lines 99 and 104, {@code
   * first_token_latency_mean} and {@code time_per_output_token_mean}, the sums over the samples ÷ {@code
   * sample_count}). The simulator's {@link SimulationResult#ttft()} and {@link SimulationResult#tpot()} are these
   * per-request figures (every output here is longer than one token, so every request has a TPOT).
   */
  private static double mean(Compared c, SimulationResult r) {
    return c.metric() == MultiSourceInferenceValidationTest.Metric.TTFT ? r.ttft().mean() : r.tpot().mean();
  }

  /**
   * Returns the run at the model's own MLPerf operating point (s14a): the simulation at the highest Poisson rate
   * per instance whose P99 TTFT and P99 TPOT stay within loadgen's limits, the rate search's last passing trial
   * ({@link #capacity}, {@link DeploymentRate#atMax()}; cached with the search, so the throughput rows' search
   * serves the latency rows too). MLPerf publishes the latency at the submitter's operating point, the highest
   * {@code target_qps} its run passed under the same rule; the model's counterpart is its latency at the rate the
   * rule gives it. At the submitter's own {@code target_qps} the comparison would measure the capacity error (the
   * throughput rows' comparison) amplified by queueing near saturation ({@link #predictAtTarget}).
   */
  static SimulationResult atOperatingPoint(Compared c, InferenceCostModel m) {
    return capacity(c, m).atMax().orElseThrow(() -> new IllegalStateException(c.row().id()
        + ": the rate search found no rate within loadgen's limits (from " + c.rate()
        + " req/s per instance down to 1e-4), so the row has no operating point"));
  }

  /**
   * Returns whether the row's run diverges: the rate is more than the engine the model describes serves, so that
   * the queue of waiting requests grows over the run (more than 1.5 times, plus 10, in the last quarter of the
   * arrivals than in the second quarter).
   */
  static boolean diverges(Compared c, InferenceCostModel m) {
    SimulationResult r = run(c, m);
    List<OccupancySample> series = r.series();
    int n = series.size();
    if (n < 8) {
      return false;
    }
    // a stable queue holds about as many in the last quarter of the arrivals as in the second; a growing one more
    double second = series.subList(n / 4, n / 2).stream().mapToInt(OccupancySample::waiting).average().orElse(0);
    double last = series.subList(3 * n / 4, n).stream().mapToInt(OccupancySample::waiting).average().orElse(0);
    return last > 1.5 * second + 10;
  }

  /**
   * Returns a one-line account of a row's runs (for the mapping column and the printed table): the compared run at
   * the model's operating point (s14a), then the run at {@code target_qps ÷ N} (s13m, printed only).
   */
  static String describe(Compared c, InferenceCostModel m) {
    SimulationResult op = atOperatingPoint(c, m);
    Objectives o = objectives(c);
    double max = maxRatePerInstance(c, m);
    return String.format(Locale.ROOT, "compared at the model's MLPerf operating point (s14a): %.4g req/s per"
        + " instance, the rate search's max (target_qps / N %.4g, ratio %.3f), %d requests, P99 TTFT %.3g / %.3g s,"
        + " P99 TPOT %.3g / %.3g s, mean in system %.0f; not compared, at target_qps: %s", max, c.rate(),
        max / c.rate(), op.requests(), op.ttft().p99(), o.ttftSeconds(), op.tpot().p99(), o.tpotSeconds(),
        op.meanInSystem(), describeAtTarget(c, m));
  }

  /** Returns a one-line account of a row's run at {@code target_qps ÷ N} (s13m). */
  private static String describeAtTarget(Compared c, InferenceCostModel m) {
    SimulationResult r = run(c, m);
    Limits l = LIMITS.get(key(c).orElseThrow());
    return String.format(Locale.ROOT, "serving simulation (s13m): %.4g req/s Poisson for %.0f s, %d requests, input"
        + " mix of %s, output %d%s; limits %d seqs / %d tokens%s (%s); served %.4g req/s, mean in system %.0f,"
        + " %d preemptions, %d KV blocks%s%s%s", c.rate(), duration(c), r.requests(), c.row().model(), c.output(),
        LATENCY_NS.containsKey(key(c).orElseThrow()) ? String.format(Locale.ROOT, " mean, drawn from the log's"
            + " latency percentiles (s17a; median %.0f)", outputs(c, key(c).orElseThrow()).median()) : "",
        l.maxSeqs(), l.maxTokens(), c.attentionDp() ? " per rank x " + c.tp() : "", l.source(),
        r.requestsPerSecond(), r.meanInSystem(), r.preemptions(), r.kvCacheBlocksPerReplica(),
        SCHEDULING.containsKey(key(c).orElseThrow()) ? "; vLLM V0 (s15b): num_scheduler_steps "
            + SCHEDULING.get(key(c).orElseThrow()).schedulerSteps() + ", prefill "
            + SCHEDULING.get(key(c).orElseThrow()).prefill().name().toLowerCase(Locale.ROOT) + " ("
            + SCHEDULING.get(key(c).orElseThrow()).source() + ")" + (GATES.containsKey(key(c).orElseThrow())
            ? "; AMD MLPerf prefill gate (s19f): " + GATES.get(key(c).orElseThrow()).source() : "") : "",
        diverges(c, m) ? "; DIVERGES: the rate exceeds what the modelled engine serves" : "",
        pytorchBackend(key(c).orElseThrow()) ? "; trtllm-serve --backend pytorch: host loop on "
            + HostCpu.of(c.accelerator()).name().toLowerCase(Locale.ROOT) + " (s13v), "
            + (overlapScheduler(key(c).orElseThrow()) ? "overlap scheduler (s16a)" : "served disaggregated (s20c): "
            + DISAGGREGATED.get(key(c).orElseThrow()).source() + "; the whole system at " + c.rate() * c.instances()
            + " req/s; no overlap scheduler") : "")
        + "; " + runLength(c);
  }
}
