package dev.llmcost.costmodel.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.internal.inference.Roofline;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s15a: a step under attention data parallelism as the ranks run it in lock step (Roofline.forwardPart, StepCost's
 * rankStep).
 */
class AttentionDpLockStepTest {

  private static final int RANKS = 8;

  private static StepCost deepSeekOnB200() {
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"),
            AcceleratorCatalog.bundled().get("b200"))
        .tp(RANKS).ep(RANKS).attentionDataParallel(true)
        .weights(QuantizationScheme.nvfp4()).kvCache(DType.FP8_E4M3)
        .inputTokens(800).outputTokens(3600)
        .build();
    InferenceCostModel m = InferenceCostModel.calibrated();
    Roofline r = new ServingConfig(s, m.calibration(), m.profile(s.accelerator()), s.model().parameterCounts())
        .roofline();
    return new StepCost(r);
  }

  @Test
  void theLocalAndRoutedPartsSumToTheWholePass() {
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"),
            AcceleratorCatalog.bundled().get("b200"))
        .tp(RANKS).ep(RANKS).attentionDataParallel(true)
        .weights(QuantizationScheme.nvfp4()).kvCache(DType.FP8_E4M3)
        .build();
    InferenceCostModel m = InferenceCostModel.calibrated();
    Roofline r = new ServingConfig(s, m.calibration(), m.profile(s.accelerator()), s.model().parameterCounts())
        .roofline();
    for (double[] pass : new double[][] {{1248, 2680, 0, 0}, {1248, 2680, 3, 804}, {0, 0, 8, 804}, {5, 100, 1, 64}}) {
      double whole = r.forward(pass[0], pass[1], pass[2], (int) pass[3], null, true);
      double local = r.forwardPart(pass[0], pass[1], pass[2], (int) pass[3], null, true, true);
      double routed = r.forwardPart(pass[0], pass[1], pass[2], (int) pass[3], null, true, false);
      assertThat(local).isPositive();
      assertThat(routed).isPositive();
      assertThat(local + routed).isCloseTo(whole, within(1e-9 * whole));
    }
  }

  @Test
  void evenWorkTakesThePooledStepAndAPromptOnOneRankTakesThatRanksTime() {
    StepCost cost = deepSeekOnB200();
    int perRank = 156;
    double context = 2680;
    int[] tokens = new int[RANKS];
    int[] rows = new int[RANKS];
    int[] decode = new int[RANKS];
    double[] contexts = new double[RANKS];
    double[] attention = new double[RANKS];
    for (int k = 0; k < RANKS; k++) {
      tokens[k] = perRank;
      rows[k] = perRank;
      decode[k] = perRank;
      contexts[k] = context;
    }
    int all = RANKS * perRank;
    double pooled = cost.step(all, all, all, context, 0);
    double even = cost.rankStep(RANKS, all, tokens, rows, decode, contexts, attention);
    // every rank with the same work: the lock step is the pooled step (to the rounding of the split)
    assertThat(even).isCloseTo(pooled, within(1e-9 * pooled));

    // one 804-token prompt: spread over the ranks (the pooled step) against whole on rank 0 (the engine)
    int prompt = 804;
    double pooledPrompt = cost.step(all + prompt, all + 1, all, context, cost.chunkAttention(0, prompt));
    tokens[0] += prompt;
    rows[0] += 1;
    attention[0] = cost.chunkAttention(0, prompt);
    double onOneRank = cost.rankStep(RANKS, all + prompt, tokens, rows, decode, contexts, attention);
    System.out.printf(Locale.ROOT, "DeepSeek-V3 NVFP4 on B200, DP 8 + EP 8, %d decoding per rank at %.0f tokens:"
        + " decode step %.2f ms; with one %d-token prompt spread %.2f ms, whole on one rank %.2f ms%n", perRank,
        context, even * 1e3, prompt, pooledPrompt * 1e3, onOneRank * 1e3);
    assertThat(onOneRank).isGreaterThan(pooledPrompt);
    // one prompt on each rank: balanced again, the pooled step of eight prompts
    for (int k = 1; k < RANKS; k++) {
      tokens[k] += prompt;
      rows[k] += 1;
      attention[k] = attention[0];
    }
    double eightPooled = cost.step(all + RANKS * prompt, all + RANKS, all, context, RANKS * attention[0]);
    double eightOnEight = cost.rankStep(RANKS, all + RANKS * prompt, tokens, rows, decode, contexts, attention);
    assertThat(eightOnEight).isCloseTo(eightPooled, within(1e-9 * eightPooled));
  }
}
