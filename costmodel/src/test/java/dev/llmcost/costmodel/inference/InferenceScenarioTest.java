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
}
