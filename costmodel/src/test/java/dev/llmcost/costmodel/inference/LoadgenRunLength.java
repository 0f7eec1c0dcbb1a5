package dev.llmcost.costmodel.inference;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * s18a: the length of one MLPerf Server/Interactive system's performance run as its loadgen settings make it: the
 * settings the run's own log prints ({@code target_qps}, {@code min_duration}, {@code min_query_count}, {@code
 * performance_sample_count}), and, where the detail log is read, the queries loadgen generated and the span of their
 * scheduled times.
 *
 * <p>Loadgen's rule (mlcommons/inference, {@code loadgen/loadgen.cc}, {@code GenerateQueries}, lines 259-400 at tag
 * v5.1, commit 75f297d44c5e68d24a2f7643fe1eb11e49313238; the same function at lines 256-400 of tag v4.1, commit
 * 379ee5345a25ee123fd5faec33285b6e8be0dadf, and tag v5.0, commit dcd0c3eadb6189051ba0efe0a1f251a995fe8895): a Server
 * run's queries are all generated before the run, Poisson at {@code target_qps}, while the last one's scheduled time is
 * below {@code min_duration} or their count below {@code min_query_count}; with {@code sample_concatenate_permutation}
 * (set for every LLM benchmark here: {@code mlperf.conf}, {@code <model>.*.sample_concatenate_permutation = 1}, lines
 * 45-46 at v4.1, 51-53 at v5.0, 57-62 at v5.1) the count is padded to a multiple of the performance sample count and
 * raised by one more sample set each time it is reached before {@code min_duration}. In the Server scenario the issue
 * thread issues every generated query ({@code loadgen/issue_query_controller.cc}: its natural end on min_query_count
 * and min_duration, lines 477-492 at v5.1, is the non-Server branch; lines 373-376: "We can never run out of
 * generated queries in the server scenario"). So the run is the smallest whole number of sample sets that is at least
 * {@code min_query_count} and lasts at least {@code min_duration} at {@code target_qps} ({@link #queries}); every
 * detail log read here shows that count ({@code generated_query_count}).
 *
 * @param targetQps the run's {@code target_qps}, queries per second over the system
 * @param minDurationMs the run's {@code min_duration}, milliseconds
 * @param minQueryCount the run's {@code min_query_count}
 * @param sampleCount the run's {@code performance_sample_count}
 * @param loggedQueries the detail log's {@code generated_query_count}, or 0 where only the summary is read
 * @param loggedSeconds the detail log's {@code generated_query_duration} (the last query's scheduled time), seconds,
 *     or 0 where only the summary is read
 * @param source the log read (repository, commit, path, lines)
 */
record LoadgenRunLength(double targetQps, long minDurationMs, long minQueryCount, int sampleCount, long loggedQueries,
    double loggedSeconds, String source) {

  LoadgenRunLength {
    if (!(targetQps > 0) || minDurationMs <= 0 || minQueryCount <= 0 || sampleCount <= 0) {
      throw new IllegalArgumentException("run length of " + source + " must be positive, was target_qps " + targetQps
          + ", min_duration " + minDurationMs + ", min_query_count " + minQueryCount + ", samples " + sampleCount);
    }
  }

  /**
   * Returns the queries loadgen generates for the run: the smallest multiple of the sample count that is at least
   * {@code min_query_count} and whose last query is scheduled at or after {@code min_duration} (the {@code k}-th
   * query, counted from 0, at {@code k ÷ target_qps} seconds on average).
   */
  long queries() {
    long q = (minQueryCount + sampleCount - 1) / sampleCount * sampleCount;
    while ((q - 1) / targetQps < minDurationMs / 1000.0) {
      q += sampleCount;
    }
    return q;
  }

  /** Returns the seconds of arrivals of the run: its queries over {@code target_qps}. */
  double seconds() {
    return queries() / targetQps;
  }

  /** Returns the log's generated query count where the detail log was read. */
  OptionalLong logged() {
    return loggedQueries > 0 ? OptionalLong.of(loggedQueries) : OptionalLong.empty();
  }

  /** Returns a one-line account of the settings, the rule's queries and the log's (printed). */
  String describe(int instances) {
    return String.format(Locale.ROOT, "loadgen run (s18a): target_qps %s, min_duration %.0f s, min_query_count %d,"
        + " %d samples per set -> %d queries over %.0f s%s, %d per instance (%s)", trim(targetQps),
        minDurationMs / 1000.0, minQueryCount, sampleCount, queries(), seconds(),
        loggedQueries > 0 ? String.format(Locale.ROOT, " (log: %d queries, last scheduled at %.0f s)", loggedQueries,
            loggedSeconds) : " (detail log not read: the summary's settings only)",
        queries() / instances, source);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  /**
   * The run lengths of the simulated systems, by row key ({@code MlperfServingRun.LIMITS}' keys). v5.1: {@code
   * closed/<submitter>/results/<system>/<benchmark>/<Scenario>/performance/run_1/mlperf_log_detail.txt} at
   * mlcommons/inference_results_v5.1 @ 965182b03376a00fcae415c54e560e1c83937932, lines 46 ({@code
   * effective_target_qps}), 51 ({@code effective_min_duration_ms}), 53 ({@code effective_min_query_count}), 66 ({@code
   * effective_performance_sample_count}), 67 ({@code effective_sample_concatenate_permutation: true}), 70 ({@code
   * generated_query_count}) and 72 ({@code generated_query_duration}, ns). v4.1: the same at
   * mlcommons/inference_results_v4.1 @ a2f5d66d17e8f75c02fd74dfe810ecca6a046696, lines 45, 50, 52, 65, 68 and 70
   * (loadgen 4.1 logs no concatenation flag; the counts are whole sample sets). v5.0: the detail logs of these runs are
   * not in the stored copy, so the run's {@code mlperf_log_summary.txt} at ntuhpc/mlperf_inference_results_v5.0 @
   * cf354115915ea369f05db424b051da8c5bf957dc, "Test Parameters Used": {@code target_qps}, {@code min_duration (ms)},
   * {@code min_query_count}, {@code performance_sample_count} and the warning that {@code
   * sample_concatenate_permutation} was set.
   */
  static final Map<String, LoadgenRunLength> BY_KEY = byKey();

  private static Map<String, LoadgenRunLength> byKey() {
    String v51 = "mlcommons/inference_results_v5.1 @ 965182b0 closed/";
    String v41 = "mlcommons/inference_results_v4.1 @ a2f5d66d closed/";
    String v50 = "ntuhpc/mlperf_inference_results_v5.0 @ cf354115 closed/";
    String run = "/performance/run_1/mlperf_log_detail.txt";
    String summary = "/performance/run_1/mlperf_log_summary.txt";
    Map<String, LoadgenRunLength> m = new LinkedHashMap<>();
    // v5.1, NVIDIA
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama2-70b-99-server", new LoadgenRunLength(364, 2_400_000, 100, 24576,
        884_736, 2432.001, v51 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama2-70b-99/Server" + run));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama2-70b-99-interactive", new LoadgenRunLength(220, 1_200_000, 100,
        24576, 270_336, 1228.211, v51 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama2-70b-99/Interactive" + run));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x4_trt-llama2-70b-99-server", new LoadgenRunLength(182,
        600_000, 100, 24576, 122_880, 675.012,
        v51 + "NVIDIA/results/GB200-NVL72_GB200-186GB_aarch64x4_TRT/llama2-70b-99/Server" + run));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-server", new LoadgenRunLength(1000, 600_000, 100, 13368,
        601_560, 601.887, v51 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama3.1-8b/Server" + run));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-interactive", new LoadgenRunLength(800, 600_000, 100, 13368,
        481_248, 602.498, v51 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama3.1-8b/Interactive" + run));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-405b-server", new LoadgenRunLength(1.9, 600_000, 100, 8313,
        8_313, 4377.613, v51 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama3.1-405b/Server" + run));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-405b-interactive", new LoadgenRunLength(1.15, 600_000, 100,
        8313, 8_313, 7232.578, v51 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama3.1-405b/Interactive" + run));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-llama3.1-405b-server", new LoadgenRunLength(17.55,
        1_500_000, 100, 8313, 33_252, 1875.943,
        v51 + "NVIDIA/results/GB200-NVL72_GB200-186GB_aarch64x72_TRT/llama3.1-405b/Server" + run));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-llama3.1-405b-interactive", new LoadgenRunLength(15.2,
        900_000, 100, 8313, 16_626, 1093.204,
        v51 + "NVIDIA/results/GB200-NVL72_GB200-186GB_aarch64x72_TRT/llama3.1-405b/Interactive" + run));
    m.put("mlp51-nvidia-b200-sxm-180gbx8_trt-deepseek-r1-server", new LoadgenRunLength(5, 600_000, 26_328, 4388,
        26_328, 5247.950, v51 + "NVIDIA/results/B200-SXM-180GBx8_TRT/deepseek-r1/Server" + run));
    m.put("mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-deepseek-r1-server", new LoadgenRunLength(45, 600_000,
        210_624, 4388, 210_624, 4674.548,
        v51 + "NVIDIA/results/GB200-NVL72_GB200-186GB_aarch64x72_TRT/deepseek-r1/Server" + run));
    // v5.1, AMD
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b-99.9-server", new LoadgenRunLength(83.5, 600_000, 100, 24576,
        73_728, 878.749, v51 + "AMD/results/8xMI300X_2xEPYC_9575F/llama2-70b-99.9/Server" + run));
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b-99.9-interactive", new LoadgenRunLength(29.5, 600_000, 100,
        24576, 24_576, 829.681, v51 + "AMD/results/8xMI300X_2xEPYC_9575F/llama2-70b-99.9/Interactive" + run));
    m.put("mlp51-amd-8xmi325x_2xepyc_9575f_1-llama2-70b-99.9-server", new LoadgenRunLength(109, 600_000, 100, 24576,
        73_728, 673.170, v51 + "AMD/results/8xMI325X_2xEPYC_9575F_1/llama2-70b-99.9/Server" + run));
    m.put("mlp51-amd-8xmi325x_2xepyc_9575f_2-llama2-70b-99.9-interactive", new LoadgenRunLength(61.5, 600_000, 100,
        24576, 49_152, 794.151, v51 + "AMD/results/8xMI325X_2xEPYC_9575F_2/llama2-70b-99.9/Interactive" + run));
    m.put("mlp51-amd-8xmi300x_2xepyc_9575f-mixtral-8x7b-server", new LoadgenRunLength(335, 1_200_000, 100, 15000,
        405_000, 1210.643, v51 + "AMD/results/8xMI300X_2xEPYC_9575F/mixtral-8x7b/Server" + run));
    m.put("mlp51-amd-8xmi325x_2xepyc_9575f_1-mixtral-8x7b-server", new LoadgenRunLength(420, 600_000, 100, 15000,
        255_000, 606.916, v51 + "AMD/results/8xMI325X_2xEPYC_9575F_1/mixtral-8x7b/Server" + run));
    // v5.0, NVIDIA (summaries)
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-llama2-70b-99.9-server", new LoadgenRunLength(114.24, 2_400_000, 100,
        24576, 0, 0, v50 + "NVIDIA/results/H200-SXM-141GBx8_TRT/llama2-70b-99.9/Server" + summary));
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-llama2-70b-interactive-99.9-server", new LoadgenRunLength(67.2,
        1_200_000, 100, 24576, 0, 0,
        v50 + "NVIDIA/results/H200-SXM-141GBx8_TRT/llama2-70b-interactive-99.9/Server" + summary));
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-mixtral-8x7b-server", new LoadgenRunLength(428, 2_400_000, 100, 15000,
        0, 0, v50 + "NVIDIA/results/H200-SXM-141GBx8_TRT/mixtral-8x7b/Server" + summary));
    m.put("mlp50-nvidia-h200-sxm-141gbx8_trt-llama3_1-405b-server", new LoadgenRunLength(0.45, 600_000, 100, 8313, 0,
        0, v50 + "NVIDIA/results/H200-SXM-141GBx8_TRT/llama3_1-405b/Server" + summary));
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-llama2-70b-99.9-server", new LoadgenRunLength(364, 2_400_000, 100, 24576,
        0, 0, v50 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama2-70b-99.9/Server" + summary));
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-llama2-70b-interactive-99-server", new LoadgenRunLength(220, 1_200_000,
        100, 24576, 0, 0, v50 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama2-70b-interactive-99/Server" + summary));
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-mixtral-8x7b-server", new LoadgenRunLength(872, 2_400_000, 100, 15000, 0,
        0, v50 + "NVIDIA/results/B200-SXM-180GBx8_TRT/mixtral-8x7b/Server" + summary));
    m.put("mlp50-nvidia-dgx-h100_h100-sxm-80gbx8_trt-llama2-70b-99.9-server", new LoadgenRunLength(107, 3_600_000,
        100, 24576, 0, 0, v50 + "NVIDIA/results/DGX-H100_H100-SXM-80GBx8_TRT/llama2-70b-99.9/Server" + summary));
    m.put("mlp50-nvidia-b200-sxm-180gbx8_trt-llama3_1-405b-server", new LoadgenRunLength(1.3, 600_000, 100, 8313, 0, 0,
        v50 + "NVIDIA/results/B200-SXM-180GBx8_TRT/llama3_1-405b/Server" + summary));
    // v4.1, NVIDIA
    m.put("mlp41-nvidia-dgx-h100-h100-sxm-80gbx8-trt-mixtral-8x7b-server", new LoadgenRunLength(348, 2_400_000, 100,
        15000, 840_000, 2411.254, v41 + "NVIDIA/results/DGX-H100_H100-SXM-80GBx8_TRT/mixtral-8x7b/Server" + run));
    m.put("mlp41-nvidia-h200-sxm-141gbx8-trt-mixtral-8x7b-server", new LoadgenRunLength(392, 2_400_000, 100, 15000,
        945_000, 2409.628, v41 + "NVIDIA/results/H200-SXM-141GBx8_TRT/mixtral-8x7b/Server" + run));
    // v4.1, NVIDIA Llama 2 (s18i's systems)
    m.put("mlp41-nvidia-dgx-h100-h100-sxm-80gbx8-trt-llama2-70b-99.9-server", new LoadgenRunLength(75, 2_400_000, 100,
        24576, 196_608, 2618.053, v41 + "NVIDIA/results/DGX-H100_H100-SXM-80GBx8_TRT/llama2-70b-99.9/Server" + run));
    m.put("mlp41-nvidia-h200-sxm-141gbx8-trt-llama2-70b-99-server", new LoadgenRunLength(101, 2_400_000, 100, 24576,
        245_760, 2427.356, v41 + "NVIDIA/results/H200-SXM-141GBx8_TRT/llama2-70b-99/Server" + run));
    // v4.1, AMD (s18k; read at mlcommons/inference_results_v4.1 @ 198fc46799b3328b36ee4bcbdebfa2db5a8e6183): lines 16,
    // 51, 53, 66, 70, 72 (target_qps 73.5, min_duration 600,000 ms, min_query_count 100, 24,576 samples, 49,152
    // queries over 667.255 s)
    m.put("mlp41-amd-8xmi300x-2xepyc-9374f-llama2-70b-99-server", new LoadgenRunLength(73.5, 600_000, 100, 24576,
        49_152, 667.255, "mlcommons/inference_results_v4.1 @ 198fc467 closed/AMD/results/8xMI300X_2xEPYC-9374F/"
        + "llama2-70b-99/Server" + run));
    return m;
  }
}
