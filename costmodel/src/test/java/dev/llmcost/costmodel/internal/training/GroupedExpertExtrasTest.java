package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/** Megatron-Core's grouped experts with expert biases and a clamped activation (s12j). */
class GroupedExpertExtrasTest {

  private static final ModelArchitecture OSS = ModelCatalog.bundled().get("gpt-oss-120b");
  private static final ModelArchitecture QWEN3 = ModelCatalog.bundled().get("qwen3-30b-a3b");

  private static EvalConfig config(int ep, boolean megatron) {
    EvalConfig c = new EvalConfig();
    c.ep = ep;
    c.megatronGroupedExperts = megatron;
    return c;
  }

  @Test
  void gptOssHasExpertBiasesAndTheClampOthersDoNot() {
    assertThat(OSS.feedForward().activationClamp()).isEqualTo(7.0); // swiglu_limit
    ModelConstants oss = ModelConstants.of(OSS);
    assertThat(oss.expertBias).isTrue();
    assertThat(oss.activationClamp).isTrue();
    ModelConstants qwen = ModelConstants.of(QWEN3);
    assertThat(qwen.expertBias).isFalse();
    assertThat(qwen.activationClamp).isFalse();
    // a dense model with MLP biases has no experts to bias
    assertThat(ModelConstants.of(ModelCatalog.bundled().get("gpt2")).expertBias).isFalse();
  }

  @Test
  void bytesAreTheSumsOfTheKernels() {
    // b*p written (2), t + bp read 4 write 2, cat read 2 write 2
    assertThat(Evaluator.EXPERT_BIAS_FORWARD_BYTES).isEqualTo(2 + 6 + 4);
    // grad*p (4) and its reduction (2), grad*b (4) and its reduction (2), the split's cat (4)
    assertThat(Evaluator.EXPERT_BIAS_BACKWARD_BYTES).isEqualTo(4 + 2 + 4 + 2 + 4);
    // two clamps over the two halves (4 each per inner element), the cat of both halves (8)
    assertThat(Evaluator.ACTIVATION_CLAMP_FORWARD_BYTES).isEqualTo(4 + 4 + 8);
    // gate half: le (3) + where (5); linear half: ge, le (6), and_ (3), where (5); cat of the gradients (8)
    assertThat(Evaluator.ACTIVATION_CLAMP_BACKWARD_BYTES).isEqualTo(8 + 14 + 8);
  }

  @Test
  void extraKernelsScaleWithLocalExpertsOnlyUnderMegatronCore() {
    ModelConstants oss = ModelConstants.of(OSS);
    // EP 64: 2 local experts; EP 8: 16
    assertThat(Evaluator.groupedExpertExtraKernels(oss, config(64, true), 2)).isEqualTo(8 * 2 + 3 + 12);
    assertThat(Evaluator.groupedExpertExtraKernels(oss, config(8, true), 16)).isEqualTo(8 * 16 + 3 + 12);
    assertThat(Evaluator.groupedExpertExtraKernels(oss, config(8, false), 16)).isZero();
    assertThat(Evaluator.groupedExpertExtraKernels(ModelConstants.of(QWEN3), config(8, true), 16)).isZero();
    double delta = Evaluator.moeHostSeconds(oss, config(8, true)) - Evaluator.moeHostSeconds(oss, config(8, false));
    assertThat(delta).isCloseTo((8 * 16 + 3 + 12) * Evaluator.MOE_HOST_SECONDS_PER_KERNEL, within(1e-12));
  }

  @Test
  void aNegativeOrNonFiniteClampIsRefusedByName() {
    assertThatThrownBy(() -> OSS.toBuilder().activationClamp(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("activationClamp")
        .hasMessageContaining("-1.0");
    assertThatThrownBy(() -> OSS.toBuilder().activationClamp(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("activationClamp");
    assertThat(OSS.toBuilder().activationClamp(0).build().feedForward().activationClamp()).isZero();
    assertThat(OSS.toBuilder().build()).isEqualTo(OSS);
  }
}
