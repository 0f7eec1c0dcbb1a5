package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Row;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The MLPerf Inference v5.1 Llama 3.1 405B Offline rows, which NVIDIA ran with two pipeline stages (s13s), the
 * v5.0 pipeline-parallel Offline rows (405B H200 TP4 PP2, B200 TP2 PP2, H100 Llama 2 TP1 PP2; s14o) and the v5.1 B200
 * Llama 3.1 8B Offline row (tp 1, its prompts chunked within a 12,000-token budget; s18d), the v5.1 B200 x8 and GB200 x4
 * Llama 2 70B Offline rows (tp 1, chunked within 3,584 tokens) and the v5.1 DeepSeek-R1 Offline rows (attention data
 * parallelism over 8 ranks, 512 sequences and 4,608 tokens per rank, unchunked, CUDA graphs padded; s18j), the v5.0
 * H200 and B200 Llama 2 70B and Mixtral 8x7B Offline rows (tp 1 under their configs' limits; s19c), as
 * offline runs of TensorRT-LLM's in-flight batching with pipeline-parallel micro-batches and chunked context
 * ({@link InferenceCostModel#offlineRun(InferenceScenario, OfflineRun, int[], int[])} at {@code pp > 1} with {@link
 * OfflineRun#withChunkedContext}): one instance of {@code tp 2 × pp 2} serving its share of the run's samples, the
 * prompts drawn from the dataset's input mix (the 100 midpoint percentiles of its per-sample token counts, {@code
 * mlperf-dataset-input-lengths.csv}, s13g; loadgen issues the Offline samples in a shuffled order), every output
 * the row's log mean, under the limits of the submitter's configuration ({@link #LIMITS}). Nothing is fitted.
 */
final class MlperfOfflineRun {

  /** The seed of the prompt draw (as {@link MlperfServingRun#SEED}). */
  static final long SEED = 13;

  /**
   * One system's Offline harness: the engine's {@code max_batch_size} per micro-batch ({@code gpu_batch_size}), the
   * runtime {@code max_num_tokens}, the chunk unit ({@code tokens_per_block}; {@code enable_chunked_context: True},
   * {@code context_chunking_policy: first_come_first_served}; 0 where chunked context is off), and the samples loadgen issued in the run over the
   * instances ({@code generated_samples_per_query} of {@code mlperf_log_detail.txt}, one Offline query).
   */
  record Limits(int maxBatch, int maxNumTokens, int chunkUnit, int samples, List<Integer> cudaGraphs, String source) {

    /** Limits of a harness without CUDA-graph padding (the TensorRT engines of the C++ executor). */
    Limits(int maxBatch, int maxNumTokens, int chunkUnit, int samples, String source) {
      this(maxBatch, maxNumTokens, chunkUnit, samples, List.of(), source);
    }
  }

  /**
   * Read at mlcommons/inference_results_v5.1 @ commit 965182b03376a00fcae415c54e560e1c83937932: {@code
   * closed/NVIDIA/configs/<system>/Offline/llama3_1-405b.py} (its {@code HarnessType.Custom} setting: {@code
   * tensor_parallelism 2}, {@code pipeline_parallelism 2}, {@code gpu_batch_size} 128 on B200 and 2,048 on GB200,
   * runtime {@code max_num_tokens 1536}, {@code tokens_per_block 32}, {@code batch_scheduler_policy max_util},
   * {@code kvcache_free_gpu_mem_frac 0.95}, {@code use_graphs False}) and {@code
   * closed/NVIDIA/results/<system>_TRT/llama3.1-405b/Offline/performance/run_1/mlperf_log_detail.txt} ({@code
   * generated_samples_per_query} 8,313 on B200 x8, 116,382 on GB200 NVL72). Key: the row id.
   */
  static final Map<String, Limits> LIMITS = limits();

  private static Map<String, Limits> limits() {
    String nv = "closed/NVIDIA/configs/";
    Map<String, Limits> m = new LinkedHashMap<>();
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-405b-offline-output",
        new Limits(128, 1536, 32, 8313, nv + "B200-SXM-180GBx8/Offline/llama3_1-405b.py"));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-llama3.1-405b-offline-output",
        new Limits(2048, 1536, 32, 116382, nv + "GB200-NVL72_GB200-186GB_aarch64x72/Offline/llama3_1-405b.py"));
    // s18d: the v5.1 B200 x8 Llama 3.1 8B Offline row, 8 instances of tp 1 (the same harness, TensorRT engine, C++
    // executor). closed/NVIDIA/configs/B200-SXM-180GBx8/Offline/llama3_1-8b.py @ 965182b0: build and runtime
    // max_num_tokens 12000 (lines 25 and 35), tokens_per_block 32 (line 30), enable_chunked_context True (line 39),
    // batch_scheduler_policy max_util with first_come_first_served chunking (lines 36-37), gpu_batch_size 6000 (line
    // 55); closed/NVIDIA/results/B200-SXM-180GBx8_TRT/llama3.1-8b/Offline/performance/run_1/mlperf_log_detail.txt
    // line 62: generated_samples_per_query 735,240 (samples_per_query 726,000 rounded up to whole passes over the
    // 13,368). Every output is the log mean, 129 tokens: the 100 samples of each scenario's TEST06 accuracy log
    // (closed/NVIDIA/compliance/B200-SXM-180GBx8_TRT/llama3.1-8b/<scenario>/TEST06/accuracy/mlperf_log_accuracy.json)
    // have token_count 129 (Offline: 128 or 129)
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-offline-output",
        new Limits(6000, 12000, 32, 735240, nv + "B200-SXM-180GBx8/Offline/llama3_1-8b.py"));
    // s18j: the v5.1 Llama 2 70B Offline rows, 8 (B200 x8) and 4 (GB200 x4) instances of tp 1 (the same harness,
    // TensorRT engine, C++ executor). closed/NVIDIA/configs/{B200-SXM-180GBx8,GB200-NVL72_GB200-186GB_aarch64x4}/
    // Offline/llama2-70b.py @ 965182b0, the AccuracyTarget(0.99) setting (the rows' llama2-70b-99 logs), the same
    // lines in both files: gpu_batch_size 2048 (line 11), build and runtime max_num_tokens 3584 (lines 28 and 42),
    // tokens_per_block 32 (line 33), batch_scheduler_policy max_util with first_come_first_served chunking (lines
    // 43-44), enable_chunked_context True (line 46), use_graphs False (line 48);
    // closed/NVIDIA/results/<system>_TRT/llama2-70b-99/Offline/performance/run_1/mlperf_log_detail.txt line 62:
    // generated_samples_per_query 1,007,616 in both (effective_samples_per_query 992,640, line 36, rounded up to
    // whole passes over the 24,576). Every output is the row's log mean (273 / 276 tokens)
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama2-70b-99-offline-output",
        new Limits(2048, 3584, 32, 1007616, nv + "B200-SXM-180GBx8/Offline/llama2-70b.py"));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x4_trt-llama2-70b-99-offline-output",
        new Limits(2048, 3584, 32, 1007616, nv + "GB200-NVL72_GB200-186GB_aarch64x4/Offline/llama2-70b.py"));
    // s18j: the v5.1 DeepSeek-R1 Offline rows, tp 8 with attention data parallelism over 8 ranks and ep 8 (the
    // PyTorch backend; the host loop and the attention-DP balancing of MlperfServingRun.offlineAdpBalance as
    // before). closed/NVIDIA/configs/{B200-SXM-180GBx8,GB200-NVL72_GB200-186GB_aarch64x72}/Offline/deepseek-r1.py @
    // 965182b0: build and runtime max_num_tokens 4608 (lines 27 and 37), enable_attention_dp True (line 32),
    // enable_chunked_context False (line 41: chunk unit 0), max_concurrency 5120 (line 42, above 8 x 512),
    // cuda_graph_batch_sizes (line 43) with cuda_graph_padding_enabled True (line 44), gpu_batch_size 512 (line 61,
    // per rank, as MlperfServingRun's Server limits), tensor_parallelism 8 / moe_expert_parallelism 8 (lines 66, 68);
    // closed/NVIDIA/results/<system>_TRT/deepseek-r1/Offline/performance/run_1/mlperf_log_detail.txt line 62:
    // generated_samples_per_query 26,328 (B200 x8, one instance) and 210,624 (GB200 NVL72, over the row's 9
    // instances). Every output is the row's log mean (3,736 / 3,714): the Offline log gives only the min, mean and
    // max of the samples' completion times from the one query's issue, no per-sample output statistic (s17a's
    // Server draw does not transfer)
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-deepseek-r1-offline-output",
        new Limits(512, 4608, 0, 26328, List.of(128, 256, 384, 512), nv + "B200-SXM-180GBx8/Offline/deepseek-r1.py"));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-deepseek-r1-offline-output",
        new Limits(512, 4608, 0, 210624, List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 384, 512),
            nv + "GB200-NVL72_GB200-186GB_aarch64x72/Offline/deepseek-r1.py"));
    // s14o: the v5.0 pipeline-parallel Offline rows (s14e's layouts), the same harness. NVIDIA's v5.0 configs as the
    // partners ship them, ntuhpc/mlperf_inference_results_v5.0 @ commit cf354115915ea369f05db424b051da8c5bf957dc
    // (configs/configuration.py's TrtllmFlagsInherit merges the trtllm_*_flags dicts of the base classes into a
    // class's own, anandhu-eng/inference_results_v5.0 @ 7e4e14ece312407a2a92935de581fc30d61838c9,
    // closed/NVIDIA/configs/configuration.py). Samples: generated_samples_per_query of the row's
    // closed/NVIDIA/results/<system>_TRT/<benchmark>/Offline/performance/run_1/mlperf_log_detail.txt (same fork).
    String v50 = "closed/GigaComputing/configs/llama3_1-405b/Offline/__init__.py: ";
    // HopperOfflineGPUBaseConfig: kvcache_free_gpu_mem_frac 0.95, enable_chunked_context True, tokens_per_block 32;
    // OfflineGPUBaseConfig: max_util, first_come_first_served; H200_SXM_141GBx8_TP4PP2: gpu_batch_size 512, runtime
    // max_num_tokens 1536 (build 2560)
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-llama3_1-405b-offline-output",
        new Limits(512, 1536, 32, 8313, v50 + "H200_SXM_141GBx8_TP4PP2"));
    // BlackwellOfflineGPUBaseConfig: the same runtime flags and tokens_per_block 32; B200_SXM_180GB_TP2PP2x1 (x2):
    // gpu_batch_size 128, runtime max_num_tokens 1536
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-llama3_1-405b-offline-output",
        new Limits(128, 1536, 32, 8313, v50 + "B200_SXM_180GB_TP2PP2x2"));
    // closed/HPE/configs/llama2-70b/Offline/__init__.py, H100_SXM_80GB_PP2x1 (x4): gpu_batch_size 1024, runtime
    // max_num_tokens 1024, kvcache_free_gpu_mem_frac 0.95; neither this file nor a stored copy of its parent
    // (configs/llama2-70b/__init__.py) sets enable_chunked_context, so the engine default (off) is taken: chunk
    // unit 0. Every prompt fits the budget (the dataset's longest is 1,021 tokens). 294,912 samples (loadgen
    // rounds samples_per_query 290,400 up to whole passes over the 24,576, sample_concatenate_permutation).
    m.put("mlp50-nvidia-dgx-h100_h100-sxm-80gbx8_trt-llama2-70b-99-offline-output",
        new Limits(1024, 1024, 0, 294912, "closed/HPE/configs/llama2-70b/Offline/__init__.py: H100_SXM_80GB_PP2x4"));
    // s19c, 2026-12-07: the remaining v5.0 NVIDIA Offline rows (tp 1 pp 1, 8 instances each; were static batches at
    // the engine maximum), the same harness and fork, ntuhpc/mlperf_inference_results_v5.0 @
    // cf354115915ea369f05db424b051da8c5bf957dc. The class is the one whose offline_expected_qps is the row's own log's
    // target (requested_offline_expected_qps / the summary's target_qps), as s14e matched the copies. HPE's copy sets
    // tp 1 pp 1 in both base classes (llama2-70b lines 43-44 and 56-57), as the csv maps the rows; the NVIDIA file of
    // mlcommons/inference_results_v5.0 @ 6069beb2 whose bases say pp 2 (s18j's doubt) is not used (s14e), and it has
    // no B200_SXM_180GBx8_HighAccuracy class for the 99.9 row.
    String hpeL2 = "closed/HPE/configs/llama2-70b/Offline/__init__.py: ";
    String hpeMix = "closed/HPE/configs/mixtral-8x7b/Offline/__init__.py: ";
    // H200_SXM_141GBx8 (line 259; target 14.4 x 8 = 115.2, line 261, = target_qps of
    // closed/NVIDIA/results/H200-SXM-141GBx8_TRT/llama2-70b-99/Offline/performance/run_1/mlperf_log_summary.txt)
    // inherits H200_SXM_141GBx1: gpu_batch_size 2048 (line 219), runtime max_num_tokens 1536 (line 225). Neither
    // this file nor a stored copy of its parent sets enable_chunked_context: chunk unit 0, as for the H100 row (every
    // prompt, at most 1,021 tokens, fits 1,536). Samples: the summary's samples_per_query 304,128 rounded up to whole
    // passes over the 24,576 (sample_concatenate_permutation), 13 x 24,576 = 319,488 (C: the rule of the logs read,
    // s18a; this run's detail log is not stored)
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-llama2-70b-99-offline-output",
        new Limits(2048, 1536, 0, 319488, hpeL2 + "H200_SXM_141GBx8"));
    // B200_SXM_180GBx8_HighAccuracy (line 367, the row's llama2-70b-99.9 log) inherits B200_SXM_180GBx8 (line 361;
    // target 47 x 8 = 376, lines 346 and 363, = target_qps of .../B200-SXM-180GBx8_TRT/llama2-70b-99.9/Offline/
    // performance/run_1/mlperf_log_summary.txt) and B200_SXM_180GBx1: gpu_batch_size 2048 (line 347), runtime
    // max_num_tokens 3584 (line 350), kvcache_free_gpu_mem_frac 0.95 (line 351); chunk unit 0 (as above). Samples:
    // samples_per_query 992,640 rounded up to 41 x 24,576 = 1,007,616 (C: the rule; v5.1's same setting logged it)
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-llama2-70b-99.9-offline-output",
        new Limits(2048, 3584, 0, 1007616, hpeL2 + "B200_SXM_180GBx8_HighAccuracy"));
    // H200_SXM_141GBx8 (line 142; target 56 x 8 x 0.97 = 434.56, line 144, = requested_offline_expected_qps, line
    // 16 of closed/NVIDIA/results/H200-SXM-141GBx8_TRT/mixtral-8x7b/Offline/performance/run_1/mlperf_log_detail.txt)
    // inherits H200_SXM_141GBx1: gpu_batch_size 3072 (line 127), runtime max_num_tokens 9 x 1024 (line 130);
    // HopperOfflineGPUBaseConfig: enable_chunked_context True (line 45), tokens_per_block 32 (line 55);
    // OfflineGPUBaseConfig: max_util, first_come_first_served (lines 34-35). Samples: generated_samples_per_query
    // 1,155,000 (line 62 of that log)
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-mixtral-8x7b-offline-output",
        new Limits(3072, 9216, 32, 1155000, hpeMix + "H200_SXM_141GBx8"));
    // B200_SXM_180GBx8 (line 189; target 110 x 8 = 880, lines 180 and 191, = effective_target_qps, line 37 of
    // .../B200-SXM-180GBx8_TRT/mixtral-8x7b/Offline/performance/run_1/mlperf_log_detail.txt) inherits B200_SXM_180GBx1:
    // gpu_batch_size 6 x 1024 (line 176), runtime max_num_tokens 14 x 1024 (line 178); BlackwellOfflineGPUBaseConfig
    // sets no enable_chunked_context (lines 66-68; the Hopper base's True is not inherited): chunk unit 0 (every
    // prompt, at most 1,948 tokens, fits 14,336). Samples: generated_samples_per_query 2,325,000 (line 62)
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-mixtral-8x7b-offline-output",
        new Limits(6144, 14336, 0, 2325000, hpeMix + "B200_SXM_180GBx8"));
    return m;
  }

  private MlperfOfflineRun() {}

  /** Returns the limits of a row run this way, or empty. */
  static Optional<Limits> limits(Row r) {
    return Optional.ofNullable(LIMITS.get(r.id()));
  }

  /** Returns whether the row is run this way. */
  static boolean applies(Row r) {
    return LIMITS.containsKey(r.id());
  }

  /** Runs already simulated, per model instance (each refit of the leave-one-source-out table is another). */
  private static final Map<InferenceCostModel, Map<java.util.List<Object>, OfflineRunEstimate>> RUNS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** Returns the offline run of one instance of the row's system. */
  static OfflineRunEstimate run(Compared c, InferenceCostModel m) {
    Map<java.util.List<Object>, OfflineRunEstimate> byRow =
        RUNS.computeIfAbsent(m, k -> new java.util.concurrent.ConcurrentHashMap<>());
    return byRow.computeIfAbsent(java.util.List.of(c.row().id(), c.scenario(m, 1), c.output()), k -> simulate(c, m));
  }

  private static OfflineRunEstimate simulate(Compared c, InferenceCostModel m) {
    Limits l = LIMITS.get(c.row().id());
    int requests = (int) Math.ceil((double) l.samples() / c.instances());
    int[] mix = MlperfInputMixTest.readPercentiles().get(c.row().model());
    if (mix == null) {
      throw new IllegalStateException(c.row().id() + ": no input mix for " + c.row().model());
    }
    int[] in = new int[requests];
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < requests; i++) {
      in[i] = mix[random.nextInt(mix.length)];
    }
    int[] out = new int[requests];
    Arrays.fill(out, c.output());
    OfflineRun run = OfflineRun.of(requests, l.maxBatch(), l.maxNumTokens());
    if (l.chunkUnit() > 0) {
      run = run.withChunkedContext(l.chunkUnit()); // chunk unit 0: chunked context off (s14o, the H100 Llama 2 row)
    }
    if (!l.cudaGraphs().isEmpty()) {
      run = run.withCudaGraphPadding(l.cudaGraphs()); // s18j: the DeepSeek-R1 rows' PyTorch backend
    }
    run = run.withAttentionDpBalance(MlperfServingRun.offlineAdpBalance(c.row().id())); // s15a; off for the rest
    return m.offlineRun(c.scenario(m, 1), run, in, out);
  }
}
