package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Row;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What-if, outside the validation (s13g): the MLPerf Inference v5.1 Offline rows, which the tables compare at
 * their dataset's mean input ({@link MultiSourceInferenceValidationTest}), run instead as offline runs ({@link
 * InferenceCostModel#offlineRun(InferenceScenario, OfflineRun, int[], int[])}) under the submitter's scheduler
 * limits, once with every prompt at the mean and once with the prompts drawn from the dataset's input mix (the
 * 100 midpoint percentiles of its per-sample token counts, {@code mlperf-dataset-input-lengths.csv}); the output
 * of every request is the row's log mean in both. The ratio of the two isolates what a fixed mean input leaves
 * out. Nothing is fitted; the figures are printed, and the test checks only that both runs are finite and serve
 * every request.
 */
class MlperfInputMixTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  /** Requests per instance in each simulated run (a run of this length is long past its ramp). */
  private static final int REQUESTS = 8000;

  /**
   * The scheduler limits of each system's Offline harness, per instance (per rank under attention data
   * parallelism), read at mlcommons/inference_results_v5.1 @ commit 965182b03376a00fcae415c54e560e1c83937932:
   * NVIDIA {@code closed/NVIDIA/configs/<system>/Offline/<benchmark>.py} ({@code gpu_batch_size}, runtime
   * {@code max_num_tokens}); AMD {@code closed/AMD/code/<benchmark>/harness_llm/models/<model>/offline_<gpu>.yaml}
   * ({@code max_num_seqs}, {@code max_num_batched_tokens}, {@code enable_chunked_prefill: False} with
   * {@code num_scheduler_steps} > 1, vLLM's V0 path: prefills in iterations of their own). Key: row id prefix.
   */
  private record Limits(int maxBatch, int maxNumTokens, boolean separatePrefill) {}

  private static final Map<String, Limits> LIMITS = Map.of(
      "mlp51-nvidia-b200-sxm-180gbx8_trt-llama2-70b", new Limits(2048, 3584, false),
      "mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x4_trt-llama2-70b", new Limits(2048, 3584, false),
      "mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b", new Limits(6000, 12000, false),
      "mlp51-nvidia-b200-sxm-180gbx8_trt-deepseek-r1", new Limits(512, 4608, false),
      "mlp51-nvidia-gb200-nvl72_gb200-186gb_aarch64x72_trt-deepseek-r1", new Limits(512, 4608, false),
      "mlp51-amd-8xmi300x_2xepyc_9575f-llama2-70b", new Limits(1792, 40960, true),
      "mlp51-amd-8xmi325x_2xepyc_9575f_1-llama2-70b", new Limits(2700, 65536, true),
      "mlp51-amd-8xmi300x_2xepyc_9575f-mixtral-8x7b", new Limits(5000, 51200, true),
      "mlp51-amd-8xmi325x_2xepyc_9575f_1-mixtral-8x7b", new Limits(4736, 51200, true));

  @Test
  void offlineRowsOverTheirDatasetsInputMix() {
    Map<String, int[]> percentiles = readPercentiles();
    StringBuilder sb = new StringBuilder("MLPerf v5.1 Offline rows as offline runs under the harness limits, per"
        + " instance (what-if, not compared): error at the mean input, error over the dataset's input mix, mix/mean\n");
    sb.append(String.format(Locale.ROOT, "  %-66s %6s %5s %10s %9s %9s %9s %8s%n", "row", "in", "out", "measured",
        "table", "run@mean", "run@mix", "mix/mean"));
    int examined = 0;
    for (Row r : MultiSourceInferenceValidationTest.read("inference-multi-source.csv")) {
      if (!r.group().equals("mlperf-inf-v5.1") || !r.requestRate().startsWith("offline")) {
        continue;
      }
      Limits limits = LIMITS.entrySet().stream().filter(e -> r.id().startsWith(e.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse(null);
      if (limits == null) {
        // s13s: the 405B rows (tp 2 x pp 2, prompts chunked) are compared in the validation itself, over this mix
        sb.append(String.format(Locale.ROOT, "  %-66s skipped: Llama 3.1 405B (PP2, chunked prompts) is compared"
            + " over the input mix in MultiSourceInferenceValidationTest (MlperfOfflineRun, s13s)%n", r.id()));
        continue;
      }
      Compared c = MultiSourceInferenceValidationTest.compare(r);
      int[] mix = percentiles.get(r.model());
      OfflineRun run = OfflineRun.of(REQUESTS, limits.maxBatch(), limits.maxNumTokens());
      if (limits.separatePrefill()) {
        run = run.withPrefillScheduling(PrefillScheduling.SEPARATE);
      }
      int[] out = new int[REQUESTS];
      Arrays.fill(out, c.output());
      int[] atMean = new int[REQUESTS];
      Arrays.fill(atMean, c.input());
      int[] drawn = new int[REQUESTS];
      SplittableRandom random = new SplittableRandom(13);
      for (int i = 0; i < REQUESTS; i++) {
        drawn[i] = mix[random.nextInt(mix.length)];
      }
      InferenceScenario s = c.scenario(MODEL, 1);
      OfflineRunEstimate mean = MODEL.offlineRun(s, run, atMean, out);
      OfflineRunEstimate mixed = MODEL.offlineRun(s, run, drawn, out);
      assertThat(mean.outputTokens()).isEqualTo((long) REQUESTS * c.output());
      assertThat(mixed.outputTokens()).isEqualTo((long) REQUESTS * c.output());
      assertThat(mixed.outputTokensPerSecond()).as(r.id()).isFinite().isPositive();
      double measured = r.value() / c.instances();
      sb.append(String.format(Locale.ROOT, "  %-66s %6d %5d %10.4g %+8.1f%% %+8.1f%% %+8.1f%% %8.3f%n", r.id(),
          c.input(), c.output(), measured, 100 * (c.predict(MODEL) / r.value() - 1),
          100 * (mean.outputTokensPerSecond() / measured - 1), 100 * (mixed.outputTokensPerSecond() / measured - 1),
          mixed.outputTokensPerSecond() / mean.outputTokensPerSecond()));
      examined++;
    }
    System.out.println(sb);
    assertThat(examined).isEqualTo(9);
  }

  /**
   * What-if (s13s): the two 405B Offline rows as the validation runs them ({@link MlperfOfflineRun}: tp 2 x pp 2,
   * prompts chunked within 1,536 tokens, over the input mix), against the same run with every prompt at the
   * dataset's mean. Printed; checked only that both serve every request.
   */
  @Test
  void pipelined405bRowsAtTheMeanAndOverTheMix() {
    StringBuilder sb = new StringBuilder("MLPerf v5.0/v5.1 pipeline-parallel Offline rows (MlperfOfflineRun) per instance:"
        + " error over the input mix (as compared), at the mean input, mix/mean\n");
    int examined = 0;
    for (Row r : MultiSourceInferenceValidationTest.read("inference-multi-source.csv")) {
      java.util.Optional<MlperfOfflineRun.Limits> l = MlperfOfflineRun.limits(r);
      if (l.isEmpty()) {
        continue;
      }
      Compared c = MultiSourceInferenceValidationTest.compare(r);
      OfflineRunEstimate mixed = c.offlineRun(MODEL);
      int n = mixed.run().requests();
      int[] in = new int[n];
      int[] out = new int[n];
      Arrays.fill(in, c.input());
      Arrays.fill(out, c.output());
      OfflineRunEstimate mean = MODEL.offlineRun(c.scenario(MODEL, 1), mixed.run(), in, out);
      assertThat(mean.outputTokens()).isEqualTo((long) n * c.output());
      assertThat(mixed.outputTokens()).isEqualTo((long) n * c.output());
      double measured = r.value() / c.instances();
      sb.append(String.format(Locale.ROOT, "  %-66s %+8.1f%% %+8.1f%% %8.3f  (in flight <= %d at the mean, %d over"
          + " the mix)%n", r.id(), 100 * (mixed.outputTokensPerSecond() / measured - 1),
          100 * (mean.outputTokensPerSecond() / measured - 1),
          mixed.outputTokensPerSecond() / mean.outputTokensPerSecond(), mean.maxInFlight(), mixed.maxInFlight()));
      examined++;
    }
    System.out.println(sb);
    // s14o: + the three v5.0 pipeline-parallel Offline rows; s18d: + the v5.1 B200 Llama 3.1 8B Offline row (tp 1);
    // s18j: + the v5.1 B200 x8 and GB200 x4 Llama 2 70B Offline rows (tp 1) and the two DeepSeek-R1 Offline rows
    // (tp 8, attention DP); s19c: + the v5.0 H200 and B200 Llama 2 70B and Mixtral 8x7B Offline rows (tp 1)
    assertThat(examined).isEqualTo(14);
  }

  /** Reads the 100 input percentiles of each MLPerf dataset, by the CSV's model name. */
  static Map<String, int[]> readPercentiles() {
    InputStream in = MlperfInputMixTest.class.getResourceAsStream("mlperf-dataset-input-lengths.csv");
    if (in == null) {
      throw new IllegalStateException("missing test resource mlperf-dataset-input-lengths.csv");
    }
    Map<String, int[]> byModel = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> header = MultiSourceInferenceValidationTest.fields(r.readLine());
      int model = header.indexOf("model");
      int points = header.indexOf("input_percentiles");
      int samples = header.indexOf("samples");
      int sum = header.indexOf("input_sum");
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        List<String> f = MultiSourceInferenceValidationTest.fields(line);
        int[] v = Arrays.stream(f.get(points).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        assertThat(v).as(f.get(model)).hasSize(100).isSorted();
        // the percentiles' mean is the dataset's mean (sum / samples) within 1%
        double mean = Double.parseDouble(f.get(sum)) / Double.parseDouble(f.get(samples));
        assertThat(Arrays.stream(v).average().orElseThrow()).as(f.get(model)).isBetween(0.99 * mean, 1.01 * mean);
        byModel.put(f.get(model).trim(), v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byModel;
  }
}
