package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Speculative decoding in the analytic model: the target's MTP modules or a draft model as the draft. */
class SpeculativeDecodingTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final AcceleratorSpec H200 = AcceleratorCatalog.bundled().get("h200-sxm");

  private static InferenceScenario deepSeek(int batch) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"), H200).tp(8).batch(batch)
        .inputTokens(1024).outputTokens(256).weights(QuantizationScheme.fp8()).build();
  }

  @Test
  void mtpDraftsWithTheModelsOwnModule() {
    ModelArchitecture v3 = ModelCatalog.bundled().get("deepseek-v3");
    SpeculativeDecoding spec = SpeculativeDecoding.multiTokenPrediction(v3);
    assertThat(spec.isMultiTokenPrediction()).isTrue();
    assertThat(spec.k()).isEqualTo(1);
    assertThat(spec.acceptance()).isEqualTo(SpeculativeDecoding.MTP_ACCEPTANCE);
    assertThat(spec.expectedTokensPerStep()).isCloseTo(1.85, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(spec.draftParameters().value()).isEqualTo(v3.multiTokenPredictionModuleParameters());
    SpeculativeEstimate e = MODEL.speculative(deepSeek(1), spec);
    // draft: one of 61 layers plus the head; far cheaper than the verification pass
    assertThat(e.draftSecondsPerStep()).isLessThan(0.2 * e.verifySecondsPerStep());
    assertThat(e.tpotSeconds()).isCloseTo((e.draftSecondsPerStep() + e.verifySecondsPerStep()) / 1.85,
        org.assertj.core.data.Percentage.withPercentage(1e-9));
    assertThat(e.speedup()).isGreaterThan(1).isLessThan(1.85);
    assertThat(e.ttftSeconds()).isGreaterThan(e.base().ttftSeconds());
    // the module's own weights in fp8 over 8 GPUs; the embedding and head are shared
    assertThat(e.draftWeightsPerGpu().bytes()).isEqualTo((long) Math.ceil(spec.draftParameters().value() * 1.0 / 8));
    assertThat(e.memoryPerGpu().weights().bytes())
        .isEqualTo(e.base().memoryPerGpu().weights().bytes() + e.draftWeightsPerGpu().bytes());
    assertThat(e.maxBatchSize()).isLessThanOrEqualTo(e.base().maxBatchSize()).isPositive();
    assertThat(String.join("\n", e.assumptions())).contains("multi-token-prediction module", "arXiv:2412.19437");
  }

  @Test
  void modelsWithoutMtpLayersAreRefusedByName() {
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-3.1-8b");
    assertThatThrownBy(() -> SpeculativeDecoding.multiTokenPrediction(llama))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("llama-3.1-8b")
        .hasMessageContaining("multi-token-prediction");
  }

  @Test
  void kBeyondTheModulesReusesTheLastAndSaysSo() {
    ModelArchitecture v3 = ModelCatalog.bundled().get("deepseek-v3");
    SpeculativeEstimate e = MODEL.speculative(deepSeek(4), SpeculativeDecoding.multiTokenPrediction(v3, 3, 0.8));
    assertThat(String.join("\n", e.assumptions())).contains("runs again");
    SpeculativeEstimate one = MODEL.speculative(deepSeek(4), SpeculativeDecoding.multiTokenPrediction(v3, 1, 0.8));
    assertThat(e.draftSecondsPerStep()).isCloseTo(3 * one.draftSecondsPerStep(), org.assertj.core.data.Offset.offset(1e-9));
    // one module in memory whatever k
    assertThat(e.draftWeightsPerGpu()).isEqualTo(one.draftWeightsPerGpu());
  }

  @Test
  void withoutAcceptanceSpeculationOnlyCosts() {
    ModelArchitecture v3 = ModelCatalog.bundled().get("deepseek-v3");
    SpeculativeEstimate e = MODEL.speculative(deepSeek(8), SpeculativeDecoding.multiTokenPrediction(v3, 2, 0.0));
    assertThat(e.expectedTokensPerStep()).isEqualTo(1.0);
    assertThat(e.speedup()).isLessThan(1);
    assertThat(e.outputTokensPerSecond()).isLessThan(e.base().outputTokensPerSecond());
  }

  @Test
  void aDraftModelRunsBesideTheTarget() {
    ModelArchitecture target = ModelCatalog.bundled().get("llama-3.1-70b");
    ModelArchitecture draft = ModelCatalog.bundled().get("llama-3.2-1b");
    InferenceScenario s = InferenceScenario.builder(target, AcceleratorCatalog.bundled().get("h100-sxm")).tp(4)
        .batch(1).inputTokens(1024).outputTokens(256).build();
    SpeculativeEstimate e = MODEL.speculative(s, SpeculativeDecoding.of(draft, 4, 0.7));
    assertThat(e.speculation().isMultiTokenPrediction()).isFalse();
    assertThat(e.speedup()).isGreaterThan(1.3);
    assertThat(e.draftWeightsPerGpu().bytes()).isGreaterThan(draft.parameterCounts().total().value() * 2 / 4 - 1);
  }

  /**
   * Laws over random scenarios (seeded): the speedup never exceeds the expected tokens per step,
   * rises with the acceptance, and at a fixed acceptance falls as the batch grows from 1 to 256
   * (the verification's extra rows cost more once the step is compute-bound).
   */
  @Test
  void speedupLaws() {
    Random rnd = new Random(21);
    String[] models = {"deepseek-v3", "glm-4.5-air", "qwen3-next-80b-a3b"};
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-20s %5s %5s %6s %8s%n", "model", "batch", "k", "alpha", "speedup"));
    for (int i = 0; i < 12; i++) {
      ModelArchitecture m = ModelCatalog.bundled().get(models[rnd.nextInt(models.length)]);
      int k = 1 + rnd.nextInt(3);
      double alpha = 0.5 + 0.45 * rnd.nextDouble();
      InferenceScenario s1 = InferenceScenario.builder(m, H200).tp(8).batch(1).inputTokens(512 + rnd.nextInt(4096))
          .outputTokens(128 + rnd.nextInt(512)).build();
      InferenceScenario s256 = s1.withBatch(256);
      SpeculativeDecoding spec = SpeculativeDecoding.multiTokenPrediction(m, k, alpha);
      SpeculativeEstimate small = MODEL.speculative(s1, spec);
      SpeculativeEstimate large = MODEL.speculative(s256, spec);
      SpeculativeEstimate better = MODEL.speculative(s1, SpeculativeDecoding.multiTokenPrediction(m, k, Math.min(0.99, alpha + 0.04)));
      assertThat(small.speedup()).isLessThanOrEqualTo(spec.expectedTokensPerStep());
      assertThat(better.speedup()).isGreaterThan(small.speedup());
      if (m.attention() instanceof LatentAttention) {
        // FlashMLA reads the latent once for all the query rows of a sequence (decode-attention.csv, H100:
        // 16 heads × 2 queries in 0.218 ms against 0.215 ms for one query), so at a large batch verifying
        // k + 1 tokens costs little more attention than a plain step, while at batch 1 the verified tokens
        // route to more experts: with the measured MLA decode rate (infer10b) DeepSeek-V3 at TP8 and k = 1
        // gains 1.5035 at batch 256 against 1.4969 at batch 1. Since the routed experts' weights stream on Hopper
        // at the fraction measured fused MoE layers reach at their tokens per expert (infer10f: 0.73 of the
        // datasheet at 1 token per expert, 0.86-0.88 at 2-32), the experts weigh more in a batch-1 step, whose
        // plain pass and verification both run about 1 token per expert, and the verification reaches (k + 1)
        // times as many of them: DeepSeek-V3 at k = 3, acceptance 0.905, gains 2.383 at batch 256 against 2.327
        // at batch 1 (+2.4%). The law binds latent attention to within 3% (1% before infer10f)
        assertThat(large.speedup()).isLessThanOrEqualTo(small.speedup() * 1.03);
      } else {
        assertThat(large.speedup()).isLessThanOrEqualTo(small.speedup());
      }
      table.append(String.format(Locale.ROOT, "%-20s %5d %5d %6.3f %8.3f%n%-20s %5d %5d %6.3f %8.3f%n", m.id(), 1, k, alpha,
          small.speedup(), m.id(), 256, k, alpha, large.speedup()));
    }
    System.out.print(table);
  }
}
