package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * s22h: {@link InferenceCostModel#atRequestRate} settles at the smallest batch {@code b} in {@code [1,
 * steadyMaxBatch]} with {@code rate · residence(b, rate) ≤ b} (the queue grown from empty until Little's law holds)
 * and is saturated only when no such batch exists, checked by brute force over every batch; the requests a second a
 * batch serves, {@code b / residence(b)}, dip as the batch grows, so the binary search it replaced (reproduced here
 * to print what it chose) settled above the smallest stable batch or called a served rate saturated. {@link
 * InferenceCostModel#maxRequestRate} is the most requests a second any batch serves. Every table is printed.
 */
class RequestRateBatchSearchTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  /** Fractions of the highest sustainable rate at which each deployment is searched (and two above it). */
  private static final double[] FRACTIONS = {0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 0.999, 0.9999, 1, 1.001, 1.1};

  /** The deployments of s22g's sweep and a few more: dense, MoE, FP8, pipeline stages, short and long prompts. */
  static Map<String, InferenceScenario> deployments() {
    var models = ModelCatalog.bundled();
    var gpus = AcceleratorCatalog.bundled();
    Map<String, InferenceScenario> m = new LinkedHashMap<>();
    m.put("llama-3.1-8b, 1 x h100, 1,000 + 250", InferenceScenario.builder(models.get("llama-3.1-8b"),
        gpus.get("h100-sxm")).inputTokens(1000).outputTokens(250).build());
    m.put("llama-3.1-70b fp8, 4 x h100, 2,000 + 200", InferenceScenario.builder(models.get("llama-3.1-70b"),
        gpus.get("h100-sxm")).tp(4).weights(QuantizationScheme.fp8()).inputTokens(2000).outputTokens(200).build());
    m.put("mixtral-8x7b fp8, 2 x h100, 128 + 128", mixtral());
    m.put("deepseek-v3 fp8, 8 x b200, 1,024 + 1,024", InferenceScenario.builder(models.get("deepseek-v3"),
        gpus.get("b200")).tp(8).weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).inputTokens(1024)
        .outputTokens(1024).build());
    m.put("deepseek-v3 fp8, 8 x h200, 8,192 + 1,024", InferenceScenario.builder(models.get("deepseek-v3"),
        gpus.get("h200")).tp(8).weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).inputTokens(8192)
        .outputTokens(1024).build());
    m.put("llama-3.1-8b, 1 x a100-80gb, 128 + 2,048", InferenceScenario.builder(models.get("llama-3.1-8b"),
        gpus.get("a100-80gb")).inputTokens(128).outputTokens(2048).build());
    m.put("qwen3-30b-a3b, 1 x h100, 1,024 + 256", InferenceScenario.builder(models.get("qwen3-30b-a3b"),
        gpus.get("h100-sxm")).inputTokens(1024).outputTokens(256).build());
    m.put("llama-3.1-70b, tp 4 x pp 2 h100, 1,000 + 250", InferenceScenario.builder(models.get("llama-3.1-70b"),
        gpus.get("h100-sxm")).tp(4).pp(2).inputTokens(1000).outputTokens(250).build());
    m.put("llama-3.2-1b, 1 x h100, 1,000 + 250", InferenceScenario.builder(models.get("llama-3.2-1b"),
        gpus.get("h100-sxm")).inputTokens(1000).outputTokens(250).build());
    return m;
  }

  private static InferenceScenario mixtral() {
    return InferenceScenario.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"),
        AcceleratorCatalog.bundled().get("h100-sxm")).tp(2).weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3)
        .inputTokens(128).outputTokens(128).build();
  }

  private static double residence(InferenceScenario s, int b, double rate, int steps, PrefillScheduling p) {
    return MODEL.residenceSeconds(s, b, rate, steps, p);
  }

  /** The smallest stable batch by brute force, or 0 when none up to {@code max} is. */
  private static int smallestStable(InferenceScenario s, int max, double rate, int steps, PrefillScheduling p) {
    for (int b = 1; b <= max; b++) {
      if (rate * residence(s, b, rate, steps, p) <= b) {
        return b;
      }
    }
    return 0;
  }

  /** The binary search atRequestRate ran before s22h (saturation judged at the largest batch); 0 when saturated. */
  private static int previousSearch(InferenceScenario s, int max, double rate, int steps, PrefillScheduling p) {
    if (rate * residence(s, max, rate, steps, p) > max) {
      return 0;
    }
    int lo = 1;
    int hi = max;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rate * residence(s, mid, rate, steps, p) <= mid) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The residence evaluations of the new search (the steps b ← ⌈rate · residence(b)⌉ from 1), counted. */
  private static int steps(InferenceScenario s, int max, double rate, int steps, PrefillScheduling p) {
    int b = 1;
    for (int n = 1; ; n++) {
      double arrivals = rate * residence(s, b, rate, steps, p);
      if (arrivals <= b || b >= max) {
        return n;
      }
      b = arrivals >= max ? max : Math.max(b + 1, (int) Math.ceil(arrivals));
    }
  }

  private static String batch(int b) {
    return b == 0 ? "saturated" : Integer.toString(b);
  }

  /**
   * For every deployment, both prefill schedulings and rates from 1% to 110% of the highest sustainable rate: the
   * batch found is the brute force's smallest stable batch, and saturated exactly when there is none; the batch found
   * never falls as the rate rises. The previous search's answer is printed beside it.
   */
  @Test
  void settlesAtTheSmallestStableBatchAndSaturatesOnlyWhenNoBatchServes() {
    int differed = 0;
    int wronglySaturated = 0;
    int mostSteps = 0;
    System.out.println("s22h: deployment | scheduling | rate / maxRequestRate | rate | smallest stable (brute force)"
        + " | atRequestRate | previous binary search | residence evaluations");
    for (Map.Entry<String, InferenceScenario> e : deployments().entrySet()) {
      InferenceScenario s = e.getValue();
      int max = MODEL.steadyMaxBatch(s);
      for (PrefillScheduling p : PrefillScheduling.values()) {
        double top = MODEL.maxRequestRate(s, 1, p);
        int last = 0;
        for (double f : FRACTIONS) {
          double rate = f * top;
          int brute = smallestStable(s, max, rate, 1, p);
          SteadyLoad l = MODEL.atRequestRate(s, rate, 1, p);
          int found = l.saturated() ? 0 : l.concurrency();
          int before = previousSearch(s, max, rate, 1, p);
          int n = steps(s, max, rate, 1, p);
          mostSteps = Math.max(mostSteps, n);
          System.out.printf(Locale.ROOT, "s22h: %s | %s | %.4f | %.6g | %s | %s | %s | %d%n", e.getKey(), p, f, rate,
              batch(brute), batch(found), batch(before), n);
          String what = e.getKey() + " " + p + " at " + f + " of " + top;
          assertThat(found).as(what).isEqualTo(brute);
          assertThat(l.saturated()).as(what).isEqualTo(brute == 0);
          assertThat(l.concurrency()).as(what).isEqualTo(brute == 0 ? max : brute);
          // the batch found grows with the rate (saturated counts as above every batch)
          int rank = found == 0 ? Integer.MAX_VALUE : found;
          assertThat(rank).as(what).isGreaterThanOrEqualTo(last);
          last = rank;
          if (before != found) {
            differed++;
            if (before == 0) {
              wronglySaturated++;
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "s22h: the previous search differed in %d cases, %d of them called saturated;"
        + " at most %d residence evaluations per search%n", differed, wronglySaturated, mostSteps);
    assertThat(differed).isPositive();
    assertThat(wronglySaturated).isPositive();
  }

  /**
   * The two cases the Javadoc names: Mixtral 8x7B FP8 on 2 × H100 at 128 + 128 and 90% of its highest rate settles
   * at 1,907 in flight (the previous search: 2,094, a stable batch but not the smallest); Llama 3.1 8B on one H100
   * at 1,000 + 250 and 99.9% of its highest rate is served at 367 in flight (the previous search: saturated, as the
   * largest batch, 371, serves fewer requests a second than batch 368).
   */
  @Test
  void theTwoCasesThePreviousSearchGotWrong() {
    InferenceScenario mix = mixtral();
    double rate = 0.9 * MODEL.maxRequestRate(mix, 1, PrefillScheduling.MIXED);
    int max = MODEL.steadyMaxBatch(mix);
    System.out.printf(Locale.ROOT, "s22h: mixtral at %.6g req/s: %d in flight (previous search %s)%n", rate,
        MODEL.atRequestRate(mix, rate).concurrency(), batch(previousSearch(mix, max, rate, 1, PrefillScheduling.MIXED)));
    assertThat(MODEL.atRequestRate(mix, rate).concurrency()).isEqualTo(1907);
    assertThat(previousSearch(mix, max, rate, 1, PrefillScheduling.MIXED)).isEqualTo(2094);

    InferenceScenario llama = deployments().get("llama-3.1-8b, 1 x h100, 1,000 + 250");
    double top = MODEL.maxRequestRate(llama, 1, PrefillScheduling.MIXED);
    int lmax = MODEL.steadyMaxBatch(llama);
    SteadyLoad l = MODEL.atRequestRate(llama, 0.999 * top);
    System.out.printf(Locale.ROOT, "s22h: llama-3.1-8b at %.6g req/s: %d in flight of %d (previous search %s)%n",
        0.999 * top, l.concurrency(), lmax, batch(previousSearch(llama, lmax, 0.999 * top, 1, PrefillScheduling.MIXED)));
    assertThat(lmax).isEqualTo(371);
    assertThat(l.saturated()).isFalse();
    assertThat(l.concurrency()).isEqualTo(367);
    assertThat(previousSearch(llama, lmax, 0.999 * top, 1, PrefillScheduling.MIXED)).isZero();
  }

  /**
   * What the search relies on: with prompts mixed into the decode iterations the residence never falls as the batch
   * grows (every batch up to the largest, every deployment); prefilled apart, the decode-only pass dips by at most
   * 0.16% at a few batches (printed). The requests a second a batch serves dip in most deployments (printed).
   */
  @Test
  void theResidenceGrowsWithTheBatchAndTheRequestsASecondDoNot() {
    for (Map.Entry<String, InferenceScenario> e : deployments().entrySet()) {
      InferenceScenario s = e.getValue();
      int max = MODEL.steadyMaxBatch(s);
      for (PrefillScheduling p : PrefillScheduling.values()) {
        double rate = 0.5 * MODEL.maxRequestRate(s, 1, p);
        double previous = 0;
        double lowest = 1;
        int falls = 0;
        int dips = 0;
        double best = 0;
        for (int b = 1; b <= max; b++) {
          double r = residence(s, b, rate, 1, p);
          if (r < previous) {
            falls++;
            lowest = Math.min(lowest, r / previous);
          }
          if (b / r < best) {
            dips++;
          }
          best = Math.max(best, b / r);
          previous = r;
        }
        System.out.printf(Locale.ROOT, "s22h: %s %s (batches 1-%d): residence falls at %d batches (lowest ratio"
            + " %.6f); requests a second below a smaller batch's at %d batches%n", e.getKey(), p, max, falls, lowest,
            dips);
        if (p == PrefillScheduling.MIXED) {
          assertThat(falls).as(e.getKey()).isZero();
        } else {
          assertThat(lowest).as(e.getKey()).isGreaterThan(0.998);
        }
      }
    }
  }

  /**
   * {@link InferenceCostModel#maxRequestRate} under mixed scheduling is the most requests a second any batch serves
   * (brute force over every batch, to 1e-12), reached first at the batch {@code atRequestRate} settles at there; a
   * rate 1e-9 above it is saturated; and no closed loop's rate ({@link InferenceCostModel#atConcurrency}) exceeds it.
   */
  @Test
  void theHighestRateIsTheMostRequestsASecondAnyBatchServes() {
    for (Map.Entry<String, InferenceScenario> e : deployments().entrySet()) {
      InferenceScenario s = e.getValue();
      int max = MODEL.steadyMaxBatch(s);
      double best = 0;
      int argmax = 0;
      for (int b = 1; b <= max; b++) {
        double r = b / residence(s, b, 1, 1, PrefillScheduling.MIXED);
        if (r > best) {
          best = r;
          argmax = b;
        }
      }
      double top = MODEL.maxRequestRate(s, 1, PrefillScheduling.MIXED);
      SteadyLoad at = MODEL.atRequestRate(s, top);
      System.out.printf(Locale.ROOT, "s22h: %s: maxRequestRate %.9g, most requests a second %.9g at batch %d of %d;"
          + " atRequestRate there settles at %d%n", e.getKey(), top, best, argmax, max, at.concurrency());
      assertThat(top).as(e.getKey()).isCloseTo(best, Offset.offset(1e-12 * best));
      assertThat(top).as(e.getKey()).isLessThanOrEqualTo(best);
      assertThat(at.saturated()).as(e.getKey()).isFalse();
      assertThat(at.concurrency()).as(e.getKey()).isEqualTo(argmax);
      assertThat(MODEL.atRequestRate(s, top * (1 + 1e-9)).saturated()).as(e.getKey()).isTrue();
      assertThat(MODEL.atConcurrency(s, argmax).requestsPerSecond()).as(e.getKey())
          .isCloseTo(top, Offset.offset(1e-12 * top));
      for (int c = 1; c <= max; c += c < 32 ? 1 : 1 + max / 64) {
        assertThat(MODEL.atConcurrency(s, c).requestsPerSecond()).as(e.getKey() + " c " + c)
            .isLessThanOrEqualTo(top * (1 + 1e-12));
      }
    }
  }
}
