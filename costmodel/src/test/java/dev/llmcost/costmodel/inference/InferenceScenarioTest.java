package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

class InferenceScenarioTest {

  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");

  private static InferenceScenario.Builder builder(String model) {
    return InferenceScenario.builder(ModelCatalog.bundled().get(model), H100);
  }

  @Test
  void defaultsAreSixteenBitFlashWithCalibratedOverheads() {
    InferenceScenario s = builder("llama-2-7b").build();
    assertThat(s.tp()).isEqualTo(1);
    assertThat(s.batch()).isEqualTo(1);
    assertThat(s.weights().weightType()).isEqualTo(DType.FP16);
    assertThat(s.kvCache()).isEqualTo(DType.FP16);
    assertThat(s.attention()).isEqualTo(InferenceAttentionKernel.FLASH);
    assertThat(s.overheads()).isEqualTo(ServingOverheads.calibrated());
    assertThat(builder("llama-3.1-8b").build().kvCache()).isEqualTo(DType.BF16);
  }

  @Test
  void tpMustDivideTheQueryHeads() {
    assertThatThrownBy(() -> builder("llama-3.1-70b").tp(6).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tp must divide heads (64), was 6");
  }

  @Test
  void tpMustDivideTheKeyValueHeadsOrBeAMultipleOfThem() {
    // Qwen2.5-7B: 28 query heads, 4 KV heads; tp 7 divides 28 but neither divides nor is a multiple of 4
    assertThatThrownBy(() -> builder("qwen2.5-7b").tp(7).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tp must divide kvHeads (4) or be a multiple of it, was 7");
    InferenceScenario replicated = builder("llama-3.1-70b").tp(16).build();
    assertThat(replicated.replicatesKvHeads()).isTrue();
    assertThat(builder("llama-3.1-70b").tp(8).build().replicatesKvHeads()).isFalse();
  }

  @Test
  void encoderModelsCannotGenerate() {
    assertThatThrownBy(() -> builder("bert-base-uncased").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decoder-only")
        .hasMessageContaining("bert-base-uncased");
  }

  @Test
  void countsMustBePositiveAndTheReserveAFraction() {
    assertThatThrownBy(() -> builder("llama-2-7b").batch(0).build())
        .hasMessage("batch must be > 0, was 0");
    assertThatThrownBy(() -> builder("llama-2-7b").outputTokens(-3).build())
        .hasMessage("outputTokens must be > 0, was -3");
    assertThatThrownBy(() -> builder("llama-2-7b").memoryReserveFraction(1).build())
        .hasMessage("memoryReserveFraction must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> builder("llama-2-7b").pp(33).build())
        .hasMessage("pp must be <= layers (32), was 33");
  }

  @Test
  void withersReturnTheSameScenarioWhenNothingChanges() {
    InferenceScenario s = builder("llama-2-7b").batch(8).build();
    assertThat(s.withBatch(8)).isSameAs(s);
    assertThat(s.withBatch(16).batch()).isEqualTo(16);
    assertThat(s.withTp(2).tp()).isEqualTo(2);
  }

  // s12a: a context beyond the model's was refused by the command line only; the library estimated it with an
  // assumption line and times that grow without bound
  @Test
  void aContextBeyondTheModelsConfiguredContextIsRefusedWithTheFieldsTheValuesAndTheLimit() {
    assertThatThrownBy(() -> builder("llama-3.1-8b").inputTokens(131_000).outputTokens(100).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputTokens + outputTokens (131,000 + 100 = 131,100 tokens) must be <= llama-3.1-8b's context"
            + " length (131,072 tokens, max_position_embeddings); to cost a longer context, load a config.json whose"
            + " max_position_embeddings (and rope_scaling) extend it; or set allowLongContext to cost this model run"
            + " past it (as vLLM's VLLM_ALLOW_LONG_MAX_MODEL_LEN permits)");
    // exactly the context is served
    assertThat(builder("llama-3.1-8b").inputTokens(131_000).outputTokens(72).build().inputTokens()).isEqualTo(131_000);
    assertThatThrownBy(() -> builder("llama-2-7b").inputTokens(4000).outputTokens(97).build())
        .hasMessageStartingWith("inputTokens + outputTokens (4,000 + 97 = 4,097 tokens) must be <= llama-2-7b's");
  }

  @Test
  void aLearnedPositionTableIsALimitTooAndTheBuildersDefaultsDoNotEscapeIt() {
    // GPT-2 has 1,024 learned positions: the builder's default 1,024 + 256 tokens do not fit
    assertThatThrownBy(() -> builder("gpt2").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("inputTokens + outputTokens (1,024 + 256 = 1,280 tokens) must be <= gpt2's learned"
            + " position table (1,024 positions)");
    assertThat(builder("gpt2").inputTokens(768).outputTokens(256).build().outputTokens()).isEqualTo(256);
    // the check is the scenario's, so every copy with other lengths is checked too
    InferenceScenario fits = builder("gpt2").inputTokens(768).outputTokens(256).build();
    assertThatThrownBy(() -> fits.toBuilder().outputTokens(257).build())
        .hasMessageContaining("(768 + 257 = 1,025 tokens)");
    assertThatThrownBy(() -> InferenceScenario.requireWithinContext(ModelCatalog.bundled().get("gpt2"), 1024, 1))
        .hasMessageContaining("gpt2's learned position table (1,024 positions)");
    // a learned table has no row past its end: no override
    assertThatThrownBy(() -> fits.toBuilder().outputTokens(257).allowLongContext(true).build())
        .hasMessageContaining("gpt2's learned position table (1,024 positions)");
  }

  @Test
  void aRotaryModelMayBeCostedPastItsContextWhenTheCallerAllowsItAndTheEstimateSaysSo() {
    // TensorRT-LLM's published runs of Llama 2 70B at 128 + 4,096 tokens, past its 4,096
    InferenceScenario s = builder("llama-2-70b").tp(4).inputTokens(128).outputTokens(4096).allowLongContext(true).build();
    assertThat(s.allowLongContext()).isTrue();
    assertThat(s.withBatch(8).allowLongContext()).isTrue();
    assertThat(s).isNotEqualTo(s.toBuilder().allowLongContext(false).outputTokens(3968).build());
    assertThat(InferenceCostModel.calibrated().estimate(s).assumptions())
        .contains("input + output (4224 tokens) exceeds the model's configured context of 4096 tokens");
    assertThatThrownBy(() -> s.toBuilder().allowLongContext(false).build())
        .hasMessageStartingWith("inputTokens + outputTokens (128 + 4,096 = 4,224 tokens) must be <= llama-2-70b's"
            + " context length (4,096 tokens, max_position_embeddings)");
  }
}
