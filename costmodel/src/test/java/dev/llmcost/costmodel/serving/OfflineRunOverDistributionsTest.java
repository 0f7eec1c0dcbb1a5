package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.OfflineRun;
import dev.llmcost.costmodel.inference.OfflineRunEstimate;
import dev.llmcost.costmodel.inference.PrefillScheduling;
import org.junit.jupiter.api.Test;

/** An offline run over length distributions ({@link ServingSimulator#offlineRun}). */
class OfflineRunOverDistributionsTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final ServingSimulator SIM = ServingSimulator.calibrated();

  /** Llama 3.1 70B in BF16 on four H100s (TP4) or 8B on one A100 80 GB, at ShareGPT's mean lengths 202 / 194. */
  private static InferenceScenario llama(String model, String accelerator, int tp) {
    return InferenceScenario.builder(ModelCatalog.bundled().get(model), AcceleratorCatalog.bundled().get(accelerator))
        .tp(tp)
        .inputTokens(202)
        .outputTokens(194)
        .batch(1)
        .build();
  }

  /** A lognormal of the given mean and log-space spread: median = mean · exp(−σ²/2). */
  private static LengthDistribution lognormalOfMean(double mean, double sigma) {
    return LengthDistribution.lognormal(mean * Math.exp(-sigma * sigma / 2), sigma);
  }

  @Test
  void fixedLengthsReproduceTheOfflineRunOfEqualRequests() {
    for (InferenceScenario s : new InferenceScenario[] {
        llama("llama-3.1-70b", "h100-sxm", 4), llama("llama-3.1-8b", "a100-sxm-80gb", 1)}) {
      OfflineRun run = OfflineRun.trtllmBench(5000, s);
      OfflineRunEstimate equal = MODEL.offlineRun(s, run);
      OfflineRunEstimate drawn = SIM.offlineRun(s, run, LengthDistribution.fixed(202), LengthDistribution.fixed(194), 1);
      System.out.printf("%s: equal requests %.0f tok/s (%d in flight), fixed distribution %.0f tok/s (%d)%n",
          s.model().id(), equal.outputTokensPerSecond(), equal.maxInFlight(), drawn.outputTokensPerSecond(),
          drawn.maxInFlight());
      assertThat(drawn.outputTokens()).isEqualTo(5000L * 194);
      assertThat(drawn.outputTokensPerSecond()).isCloseTo(equal.outputTokensPerSecond(),
          within(0.01 * equal.outputTokensPerSecond()));
    }
  }

  @Test
  void givenLengthsEqualToTheScenarioGiveTheSameRunWhenTheBatchIsNotMemoryBound() {
    // a scheduler cap far below the KV cache: the per-request loop is the equal-length loop
    InferenceScenario s = llama("llama-3.1-70b", "h100-sxm", 4);
    OfflineRun run = OfflineRun.of(2000, 256, 4096);
    int[] in = new int[2000];
    int[] out = new int[2000];
    java.util.Arrays.fill(in, 202);
    java.util.Arrays.fill(out, 194);
    OfflineRunEstimate equal = MODEL.offlineRun(s, run);
    OfflineRunEstimate given = MODEL.offlineRun(s, run, in, out);
    assertThat(given.seconds()).isCloseTo(equal.seconds(), within(1e-9 * equal.seconds()));
    assertThat(given.iterations()).isEqualTo(equal.iterations());
  }

  @Test
  void aLongTailLowersTheThroughputAtTheSameMeans() {
    InferenceScenario s = llama("llama-3.1-70b", "h100-sxm", 4);
    OfflineRun run = OfflineRun.trtllmBench(5000, s);
    double fixed = SIM.offlineRun(s, run, LengthDistribution.fixed(202), LengthDistribution.fixed(194), 1)
        .outputTokensPerSecond();
    double previous = fixed;
    for (double sigma : new double[] {0.5, 1.0}) {
      OfflineRunEstimate r = SIM.offlineRun(s, run, lognormalOfMean(202, sigma), lognormalOfMean(194, sigma), 1);
      System.out.printf("70B 4xH100, lognormal sigma %.1f at means 202/194: %.0f tok/s (fixed %.0f), mean output %.1f,"
          + " %d iterations%n", sigma, r.outputTokensPerSecond(), fixed, (double) r.outputTokens() / 5000,
          r.iterations());
      assertThat(r.outputTokensPerSecond()).isLessThan(previous);
      previous = r.outputTokensPerSecond();
    }
  }

  /**
   * A what-if, not a validation: the four offline ShareGPT rows of sglang-vllm060-readme (5,000 requests at
   * once, means 202 / 194) run over lognormal lengths of those means at two spreads that no source gives for
   * that sample (inference-multi-source.md, s12k), kept as the benchmark's ShareGPT sampler keeps requests
   * ({@link LengthFilter#SHAREGPT_BENCHMARK}, which also lowers the means). The rows stay compared as before; this only shows how far
   * a spread moves such a run. Limits: the row's sequences in flight (vLLM V0's default 256, SGLang the KV
   * cache under the engine's 4,096 per rank) and 8,192 tokens an iteration.
   */
  @Test
  void whatTheShareGptOfflineRowsWouldBeOverASpread() {
    Object[][] rows = {
        {"sgl030 A100 8B", llama("llama-3.1-8b", "a100-sxm-80gb", 1), 4096, 4281.51},
        {"vllm060 A100 8B", llama("llama-3.1-8b", "a100-sxm-80gb", 1), 256, 4132.37},
        {"sgl030 4xH100 70B", llama("llama-3.1-70b", "h100-sxm", 4), 4096, 3856.01},
        {"vllm060 4xH100 70B", llama("llama-3.1-70b", "h100-sxm", 4), 256, 3700.64}};
    for (Object[] r : rows) {
      InferenceScenario s = (InferenceScenario) r[1];
      OfflineRun run = OfflineRun.of(5000, (Integer) r[2], 8192);
      double measured = (Double) r[3];
      StringBuilder line = new StringBuilder(String.format("what-if %-19s measured %5.0f:", r[0], measured));
      double previous = Double.MAX_VALUE;
      for (double sigma : new double[] {0, 0.5, 1.0, 1.5}) {
        OfflineRunEstimate e = SIM.offlineRun(s, run, lognormalOfMean(202, sigma), lognormalOfMean(194, sigma),
            LengthFilter.SHAREGPT_BENCHMARK, 1);
        double tps = e.outputTokensPerSecond();
        line.append(String.format(" sigma %.1f %5.0f tok/s (%+.1f%%, mean output %.0f)", sigma, tps,
            100 * (tps / measured - 1), e.outputTokens() / 5000.0));
        assertThat(tps).isLessThan(previous);
        previous = tps;
      }
      System.out.println(line);
    }
  }

  @Test
  void whatTheShareGptOfflineRowsWouldBeOverASpreadWithSeparatePrefills() {
    // s12n: the same what-if with the engines' own prefill scheduling (PrefillScheduling.SEPARATE: vLLM V0
    // without chunked prefill, SGLang 0.3 without mixed chunks) and their limits as the validation rows take them
    // (vLLM: 256 sequences, 4,096 tokens per prefill iteration; SGLang: the KV cache, 8,192); the sigmas are
    // illustrations, not the sample's
    Object[][] rows = {
        {"sgl030 A100 8B", llama("llama-3.1-8b", "a100-sxm-80gb", 1), Integer.MAX_VALUE, 8192, 4281.51},
        {"vllm060 A100 8B", llama("llama-3.1-8b", "a100-sxm-80gb", 1), 256, 4096, 4132.37},
        {"sgl030 4xH100 70B", llama("llama-3.1-70b", "h100-sxm", 4), Integer.MAX_VALUE, 8192, 3856.01},
        {"vllm060 4xH100 70B", llama("llama-3.1-70b", "h100-sxm", 4), 256, 4096, 3700.64}};
    for (Object[] r : rows) {
      InferenceScenario s = (InferenceScenario) r[1];
      OfflineRun mixed = OfflineRun.of(5000, (Integer) r[2], (Integer) r[3]);
      OfflineRun separate = mixed.withPrefillScheduling(PrefillScheduling.SEPARATE);
      double measured = (Double) r[4];
      StringBuilder line = new StringBuilder(String.format("what-if separate %-19s measured %5.0f:", r[0], measured));
      for (double sigma : new double[] {0, 0.5, 1.0, 1.5}) {
        OfflineRunEstimate m = SIM.offlineRun(s, mixed, lognormalOfMean(202, sigma), lognormalOfMean(194, sigma),
            LengthFilter.SHAREGPT_BENCHMARK, 1);
        OfflineRunEstimate p = SIM.offlineRun(s, separate, lognormalOfMean(202, sigma),
            lognormalOfMean(194, sigma), LengthFilter.SHAREGPT_BENCHMARK, 1);
        line.append(String.format(" sigma %.1f mixed %+.1f%% separate %+.1f%% (%d of %d iterations prefill);",
            sigma, 100 * (m.outputTokensPerSecond() / measured - 1), 100 * (p.outputTokensPerSecond() / measured - 1),
            p.prefillIterations(), p.iterations()));
        // the same requests, drawn with the same seed; prefills that pause decoding can only cost time
        assertThat(p.outputTokens()).isEqualTo(m.outputTokens());
        assertThat(p.outputTokensPerSecond()).isLessThan(m.outputTokensPerSecond());
      }
      System.out.println(line);
    }
  }

  @Test
  void whatTheShareGptSglangRowsWouldBeUnderSglangsOwnAdmission() {
    // s13l: the two SGLang 0.3.0 offline rows under the scheduler of SGLang's v0.3.0 tag
    // (OfflineAdmission.SGLANG_NEW_TOKEN_RATIO: new-token-ratio admission, retraction, its KV cache from
    // mem_fraction_static 0.88, the README's setting for both runs) against the validation mapping before s13l
    // (SEPARATE, the model's KV cache, every request reserving its input + output); the sigmas are illustrations
    Object[][] rows = {
        {"sgl030 A100 8B", llama("llama-3.1-8b", "a100-sxm-80gb", 1), 4281.51},
        {"sgl030 4xH100 70B", llama("llama-3.1-70b", "h100-sxm", 4), 3856.01}};
    for (Object[] r : rows) {
      InferenceScenario s = (InferenceScenario) r[1];
      OfflineRun separate = OfflineRun.of(5000, Integer.MAX_VALUE, 8192).withPrefillScheduling(PrefillScheduling.SEPARATE);
      OfflineRun sglang = separate.withSglangAdmission(0.88);
      double measured = (Double) r[2];
      StringBuilder line = new StringBuilder(String.format("what-if sglang admission %-19s measured %5.0f (KV %d tokens"
          + " per GPU):", r[0], measured, MODEL.sglangKvCacheTokens(s, 0.88)));
      for (double sigma : new double[] {0, 0.5, 1.0, 1.5}) {
        OfflineRunEstimate p = SIM.offlineRun(s, separate, lognormalOfMean(202, sigma), lognormalOfMean(194, sigma),
            LengthFilter.SHAREGPT_BENCHMARK, 1);
        OfflineRunEstimate g = SIM.offlineRun(s, sglang, lognormalOfMean(202, sigma), lognormalOfMean(194, sigma),
            LengthFilter.SHAREGPT_BENCHMARK, 1);
        line.append(String.format(" sigma %.1f separate %+.1f%% (max %d in flight) sglang %+.1f%% (max %d, %d of %d"
            + " iterations prefill);", sigma, 100 * (p.outputTokensPerSecond() / measured - 1), p.maxInFlight(),
            100 * (g.outputTokensPerSecond() / measured - 1), g.maxInFlight(), g.prefillIterations(), g.iterations()));
        assertThat(g.outputTokens()).isEqualTo(p.outputTokens());
      }
      System.out.println(line);
    }
  }

  @Test
  void theSameSeedDrawsTheSameRun() {
    InferenceScenario s = llama("llama-3.1-8b", "a100-sxm-80gb", 1);
    OfflineRun run = OfflineRun.of(500, 256, 4096);
    OfflineRunEstimate a = SIM.offlineRun(s, run, lognormalOfMean(202, 1), lognormalOfMean(194, 1), 7);
    OfflineRunEstimate b = SIM.offlineRun(s, run, lognormalOfMean(202, 1), lognormalOfMean(194, 1), 7);
    OfflineRunEstimate c = SIM.offlineRun(s, run, lognormalOfMean(202, 1), lognormalOfMean(194, 1), 8);
    assertThat(b.seconds()).isEqualTo(a.seconds());
    assertThat(b.outputTokens()).isEqualTo(a.outputTokens());
    assertThat(c.outputTokens()).isNotEqualTo(a.outputTokens());
  }

  @Test
  void theBenchmarkFilterKeepsWhatTheShareGptSamplerKeeps() {
    LengthFilter f = LengthFilter.SHAREGPT_BENCHMARK;
    assertThat(f.keeps(4, 4)).isTrue();
    assertThat(f.keeps(3, 100)).isFalse();
    assertThat(f.keeps(100, 3)).isFalse();
    assertThat(f.keeps(1024, 1024)).isTrue();
    assertThat(f.keeps(1025, 10)).isFalse();
    assertThat(f.keeps(1000, 1049)).isFalse();
    assertThatThrownBy(() -> new LengthFilter(0, 10, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minTokens");
    assertThatThrownBy(() -> new LengthFilter(4, 3, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPromptTokens");
    // every request of a filtered run is within the bounds: at most 2,048 tokens, so no output above 2,044
    InferenceScenario s = llama("llama-3.1-8b", "a100-sxm-80gb", 1);
    OfflineRunEstimate r = SIM.offlineRun(s, OfflineRun.of(2000, 256, 4096), lognormalOfMean(202, 1.5),
        lognormalOfMean(194, 1.5), f, 3);
    OfflineRunEstimate unfiltered = SIM.offlineRun(s, OfflineRun.of(2000, 256, 4096), lognormalOfMean(202, 1.5),
        lognormalOfMean(194, 1.5), 3);
    assertThat(r.outputTokens()).isLessThan(unfiltered.outputTokens());
    assertThat(r.assumptions().get(0)).contains("longest");
    assertThat(r.assumptions().get(0)).containsPattern("longest (\\d{1,3}|10[01]\\d|102[0-4]) \\+ "
        + "(\\d{1,3}|1\\d{3}|20[0-3]\\d|204[0-4])\\)");
  }

  @Test
  void badLengthsAreRefusedNamingTheRequest() {
    InferenceScenario s = llama("llama-3.1-8b", "a100-sxm-80gb", 1);
    OfflineRun run = OfflineRun.of(3, 256, 1024);
    assertThatThrownBy(() -> MODEL.offlineRun(s, run, new int[] {10, 10}, new int[] {10, 10, 10}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one length per request (3)");
    assertThatThrownBy(() -> MODEL.offlineRun(s, run, new int[] {10, 2000, 10}, new int[] {10, 10, 10}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputTokens[1]")
        .hasMessageContaining("2000");
    assertThatThrownBy(() -> MODEL.offlineRun(s, run, new int[] {10, 10, 10}, new int[] {10, 0, 10}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputTokens[1]");
    assertThatThrownBy(() -> SIM.offlineRun(s, run, LengthDistribution.fixed(5000), LengthDistribution.fixed(10), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token budget of 1024");
  }

  @Test
  void requestsPastTheContextAreShortenedUnlessTheEngineAllowsALongContext() {
    // Llama 2 7B's context is 4,096 tokens; 3,000 + 2,000 runs past it
    InferenceScenario.Builder b = InferenceScenario.builder(ModelCatalog.bundled().get("llama-2-7b"),
        AcceleratorCatalog.bundled().get("h100-sxm")).inputTokens(1024).outputTokens(1024).batch(1);
    InferenceScenario strict = b.build();
    InferenceScenario allowing = b.allowLongContext(true).build();
    OfflineRun run = OfflineRun.of(50, 64, 8192);
    LengthDistribution in = LengthDistribution.fixed(3000);
    LengthDistribution out = LengthDistribution.fixed(2000);
    OfflineRunEstimate shortened = SIM.offlineRun(strict, run, in, out, LengthFilter.NONE, 1);
    OfflineRunEstimate whole = SIM.offlineRun(allowing, run, in, out, LengthFilter.NONE, 1);
    assertThat(shortened.outputTokens()).isEqualTo(50L * (4096 - 3000));
    assertThat(whole.outputTokens()).isEqualTo(50L * 2000);
    // the library's own loop refuses such a request unless the scenario allows it, naming the request
    int[] ins = new int[50];
    int[] outs = new int[50];
    java.util.Arrays.fill(ins, 3000);
    java.util.Arrays.fill(outs, 2000);
    assertThatThrownBy(() -> MODEL.offlineRun(strict, run, ins, outs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request 0: inputTokens + outputTokens (3,000 + 2,000 = 5,000 tokens)")
        .hasMessageContaining("allowLongContext");
    assertThat(MODEL.offlineRun(allowing, run, ins, outs).outputTokens()).isEqualTo(50L * 2000);
  }

  /**
   * Returns the prompt and output lengths, request by request, of LambdaLabs' 320-prompt ShareGPT burst (vLLM 0.6.0,
   * Llama 3 8B Instruct on one H100; {@code published-serving.csv}, source lambda-vllm-benchmark): prompts drawn by
   * vLLM's {@code benchmark_serving.py} from the same ShareGPT file, tokenizer family and 1,024 / 2,048 filter as
   * {@code sglang.bench_serving}; outputs as generated (the request's completion length, or less where the model
   * stopped at its end-of-sequence token), so index 0 holds the prompts and index 1 the outputs.
   */
  private static int[][] lambdaShareGptBurst() throws java.io.IOException {
    try (java.io.InputStream in = OfflineRunOverDistributionsTest.class.getResourceAsStream("published-serving.csv")) {
      assertThat(in).isNotNull();
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split(",");
        if (line.startsWith("lambda-vllm-benchmark,") && f[1].contains("/prompt_320/1xH100-80GB-SXM/")) {
          int[] prompts = java.util.Arrays.stream(f[16].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
          int[] outputs = java.util.Arrays.stream(f[17].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
          assertThat(prompts).hasSize(320);
          assertThat(outputs).hasSize(320);
          return new int[][] {prompts, outputs};
        }
      }
    }
    throw new AssertionError("published-serving.csv has no lambda-vllm-benchmark 320-prompt 8B row");
  }

  @Test
  void whatTheShareGptOfflineRowsWouldBeOverAPublishedShareGptSpread() throws java.io.IOException {
    // s20f: the nearest published request-by-request ShareGPT lengths (LambdaLabs' 320-prompt burst; the pairs that
    // the benchmark filter keeps, in the file's order, repeated to 5,000 requests) against the same run at those
    // pairs' own mean lengths, under each row's validation mapping (vLLM 0.6.0: 256 in flight, 4,096 tokens per
    // prefill iteration, prefills apart; SGLang 0.3.0: its new-token-ratio admission at mem_fraction_static 0.88,
    // 8,192 tokens). The outputs are as the model generated them (end-of-sequence stops), not the completions'
    // lengths that sglang.bench_serving's ignore_eos requests run to, so this spread is a stand-in, not the sample's:
    // printed only, no row uses it
    int[][] burst = lambdaShareGptBurst();
    java.util.List<int[]> kept = new java.util.ArrayList<>();
    for (int i = 0; i < burst[0].length; i++) {
      if (LengthFilter.SHAREGPT_BENCHMARK.keeps(burst[0][i], burst[1][i])) {
        kept.add(new int[] {burst[0][i], burst[1][i]});
      }
    }
    int[] in = new int[5000];
    int[] out = new int[5000];
    for (int i = 0; i < in.length; i++) {
      in[i] = kept.get(i % kept.size())[0];
      out[i] = kept.get(i % kept.size())[1];
    }
    int meanIn = (int) Math.round(java.util.Arrays.stream(in).average().orElseThrow());
    int meanOut = (int) Math.round(java.util.Arrays.stream(out).average().orElseThrow());
    Object[][] rows = {
        {"sgl030 A100 8B", "llama-3.1-8b", "a100-sxm-80gb", 1, false, 4281.51},
        {"vllm060 A100 8B", "llama-3.1-8b", "a100-sxm-80gb", 1, true, 4132.37},
        {"sgl030 4xH100 70B", "llama-3.1-70b", "h100-sxm", 4, false, 3856.01},
        {"vllm060 4xH100 70B", "llama-3.1-70b", "h100-sxm", 4, true, 3700.64}};
    System.out.printf("what-if published ShareGPT spread: %d of 320 pairs kept, means %d / %d%n", kept.size(), meanIn,
        meanOut);
    for (Object[] r : rows) {
      boolean vllm = (Boolean) r[4];
      InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get((String) r[1]),
              AcceleratorCatalog.bundled().get((String) r[2]))
          .tp((Integer) r[3]).inputTokens(meanIn).outputTokens(meanOut).batch(1).build();
      OfflineRun run = OfflineRun.of(5000, vllm ? 256 : Integer.MAX_VALUE, vllm ? 4096 : 8192)
          .withPrefillScheduling(PrefillScheduling.SEPARATE);
      if (!vllm) {
        run = run.withSglangAdmission(0.88);
      }
      int[] fixedIn = new int[5000];
      int[] fixedOut = new int[5000];
      java.util.Arrays.fill(fixedIn, meanIn);
      java.util.Arrays.fill(fixedOut, meanOut);
      OfflineRunEstimate spread = MODEL.offlineRun(s, run, in, out);
      OfflineRunEstimate fixed = MODEL.offlineRun(s, run, fixedIn, fixedOut);
      double ratio = spread.outputTokensPerSecond() / fixed.outputTokensPerSecond();
      System.out.printf("what-if published ShareGPT spread %-19s at the means %5.0f tok/s (%d in flight, %d of %d"
          + " iterations prefill), over the pairs %5.0f tok/s (%d, %d of %d): x%.3f; measured %.0f%n", r[0],
          fixed.outputTokensPerSecond(), fixed.maxInFlight(), fixed.prefillIterations(), fixed.iterations(),
          spread.outputTokensPerSecond(), spread.maxInFlight(), spread.prefillIterations(), spread.iterations(), ratio,
          (Double) r[5]);
      assertThat(spread.outputTokens()).isEqualTo(java.util.Arrays.stream(out).asLongStream().sum());
      assertThat(ratio).isBetween(0.3, 1.2);
    }
  }
}
