package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * s21g: the continuous-batching steady state prefills each prompt whole in the iteration that admits it, so its mean
 * iteration is the mean over iterations carrying whole prompts ({@link ServingConfig#steadyIterationWholePrompts}),
 * not one iteration carrying a share of every prompt ({@link ServingConfig#steadyIteration}). The case is the
 * InferenceX TensorRT-LLM row {@code ix26-b200-trt-fp4-tp4-8k1k-c4} (DeepSeek-R1-0528 NVFP4 on 4 × B200, TP 4,
 * FP8 KV cache, 4 sequences of 7,373 + 922 tokens; its launch script sets {@code max_num_tokens} to {@code max(8192,
 * ISL + CONC)}, a whole prompt per iteration: inference-multi-source.md, s21d).
 */
class WholePromptSteadyStateTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static InferenceScenario deepSeek(int batch) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"), AcceleratorCatalog.bundled().get("b200"))
        .tp(4)
        .weights(QuantizationScheme.nvfp4())
        .kvCache(DType.FP8_E4M3)
        .inputTokens(7373)
        .outputTokens(922)
        .batch(batch)
        .build();
  }

  /**
   * With {@code p = 4 / 922} prompts per iteration on average, a share {@code p} of the iterations carries one whole
   * prompt and the rest none: the mean is {@code (1 − p) · decode + p · (decode + a whole prompt)}.
   */
  @Test
  void theMeanIterationIsTheMeanOverIterationsWithWholePrompts() {
    ServingConfig c = MODEL.config(deepSeek(4));
    double p = 4.0 / 922;
    double decode = c.decodeOnlyIteration(4, 7373, 922);
    double withPrompt = c.steadyIteration(4, 7373, 922, 1 - p); // one whole prompt in the pass
    double mean = c.steadyIterationWholePrompts(4, 7373, 922, 0);
    assertThat(mean).isCloseTo((1 - p) * decode + p * withPrompt, Offset.offset(1e-12));
    // the iteration that admits a request: one whole prompt, plus a second one in a share p of them
    double admitting = c.steadyIterationWholePrompts(4, 7373, 922, 1);
    double twoPrompts = c.steadyIteration(4, 7373, 922, 2 - p);
    assertThat(admitting).isCloseTo((1 - p) * withPrompt + p * twoPrompts, Offset.offset(1e-12));
  }

  /**
   * The routed experts a pass reads grow concavely with its tokens (256 experts, 8 per token), so a share of every
   * prompt in every decode pass (32 prompt tokens with 4 decoding ones) reads far more expert weights per pass than the
   * passes do on average: the fractional iteration is more than 1.5 times the mean over whole prompts (printed).
   */
  @Test
  void spreadingPromptTokensOverDecodePassesOverstatesAnMoeIteration() {
    ServingConfig c = MODEL.config(deepSeek(4));
    double fractional = c.steadyIteration(4, 7373, 922, 0);
    double whole = c.steadyIterationWholePrompts(4, 7373, 922, 0);
    double decode = c.decodeOnlyIteration(4, 7373, 922);
    System.out.printf("s21g: DeepSeek-R1 NVFP4 TP4 B200, 4 x (7,373 + 922): decode-only %.2f ms, whole prompts %.2f ms,"
        + " fractional %.2f ms%n", decode * 1e3, whole * 1e3, fractional * 1e3);
    assertThat(whole).isGreaterThan(decode);
    assertThat(fractional).isGreaterThan(1.5 * whole);
  }

  /** A whole number of prompts per iteration on average leaves nothing to split: the two agree. */
  @Test
  void aWholeNumberOfPromptsPerIterationAgrees() {
    ServingConfig c = MODEL.config(deepSeek(922));
    assertThat(c.steadyIterationWholePrompts(922, 7373, 922, 0))
        .isCloseTo(c.steadyIteration(922, 7373, 922, 0), Offset.offset(1e-15));
  }

  /**
   * s22d: {@link ServingConfig#steadyIterationsWholePrompts}, which costs the pass the mean and the admitting
   * iteration share once (the capacity planner's batch search), gives both figures of {@link
   * ServingConfig#steadyIterationWholePrompts} to the last bit: fractional shares, whole numbers of prompts per
   * iteration (batch = output and its multiples) and shares that round at the next whole prompt.
   */
  @Test
  void bothIterationsInOneCallAreTheSingleCallsToTheLastBit() {
    ServingConfig c = MODEL.config(deepSeek(4));
    double[] both = new double[2];
    for (double batch : new double[] {1, 2, 3, 4, 7, 64, 461, 921, 922, 923, 1844, 2766.5, 4096}) {
      c.steadyIterationsWholePrompts(batch, 7373, 922, both);
      assertThat(both[0]).as("mean at %s", batch).isEqualTo(c.steadyIterationWholePrompts(batch, 7373, 922, 0));
      assertThat(both[1]).as("admitting at %s", batch).isEqualTo(c.steadyIterationWholePrompts(batch, 7373, 922, 1));
    }
  }
}
