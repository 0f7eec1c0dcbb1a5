package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Row;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The MLPerf Inference v5.1 Llama 3.1 405B Offline rows, which NVIDIA ran with two pipeline stages (s13s), as
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
   * {@code context_chunking_policy: first_come_first_served}), and the samples loadgen issued in the run over the
   * instances ({@code generated_samples_per_query} of {@code mlperf_log_detail.txt}, one Offline query).
   */
  record Limits(int maxBatch, int maxNumTokens, int chunkUnit, int samples, String source) {}

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
    OfflineRun run = OfflineRun.of(requests, l.maxBatch(), l.maxNumTokens()).withChunkedContext(l.chunkUnit());
    return m.offlineRun(c.scenario(m, 1), run, in, out);
  }
}
