package dev.llmcost.costmodel.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * s12o: a capacity request past the model's configured context is refused unless it allows a long
 * context (as {@code InferenceScenario.Builder#allowLongContext}, vLLM's
 * VLLM_ALLOW_LONG_MAX_MODEL_LEN), which every scenario it builds then carries and the plan states.
 */
class CapacityLongContextTest {
  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");

  /** Llama 2 70B (rotary, 4,096 positions) at 128 + 4,096 tokens, as TensorRT-LLM's H200 blog ran it. */
  private static CapacityRequest.Builder pastContext() {
    return CapacityRequest.builder(ModelCatalog.bundled().get("llama-2-70b"), H100)
        .requestsPerSecond(0.5)
        .inputTokens(128)
        .outputTokens(4096)
        .ttftSloSeconds(5)
        .tpotSloSeconds(0.2)
        .tpCandidates(List.of(4, 8));
  }

  @Test
  void aRequestPastTheContextIsRefusedByDefaultNamingTheWayPast() {
    assertThatThrownBy(() -> pastContext().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(128 + 4,096 = 4,224 tokens) must be <= llama-2-70b's context length (4,096 tokens")
        .hasMessageContaining("or set allowLongContext");
  }

  @Test
  void withAllowLongContextItIsPlannedAndTheAssumptionStated() {
    CapacityRequest r = pastContext().allowLongContext(true).build();
    assertThat(r.allowLongContext()).isTrue();
    assertThat(r.scenario(4, 1).allowLongContext()).isTrue();
    assertThat(r.scenario(8, 16).allowLongContext()).isTrue();
    CapacityPlan plan = CapacityPlanner.calibrated().plan(r);
    assertThat(plan.best()).isPresent();
    assertThat(plan.assumptions())
        .contains("input + output (4224 tokens) exceeds the model's configured context of 4096 tokens");
  }

  @Test
  void withinTheContextTheFlagAddsNoAssumption() {
    CapacityRequest r = pastContext().outputTokens(3968).allowLongContext(true).build();
    assertThat(CapacityPlanner.calibrated().plan(r).assumptions())
        .noneMatch(a -> a.contains("configured context"));
  }

  @Test
  void theFlagIsPartOfEqualityToStringAndToBuilder() {
    CapacityRequest allowed = pastContext().allowLongContext(true).build();
    CapacityRequest within = pastContext().outputTokens(3968).build();
    assertThat(allowed.toBuilder().build()).isEqualTo(allowed).hasSameHashCodeAs(allowed);
    assertThat(within.toBuilder().allowLongContext(true).build()).isNotEqualTo(within);
    assertThat(allowed.toString()).contains("allowLongContext=true");
    assertThat(within.allowLongContext()).isFalse();
    assertThatThrownBy(() -> allowed.toBuilder().allowLongContext(false).build())
        .hasMessageContaining("context length (4,096 tokens");
  }

  @Test
  void aLearnedPositionTableIsRefusedEvenWithTheFlag() {
    assertThatThrownBy(() -> CapacityRequest.builder(ModelCatalog.bundled().get("gpt2"), H100)
            .inputTokens(1000).outputTokens(100).allowLongContext(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpt2's learned position table (1,024 positions)")
        .hasMessageNotContaining("allowLongContext");
  }
}
