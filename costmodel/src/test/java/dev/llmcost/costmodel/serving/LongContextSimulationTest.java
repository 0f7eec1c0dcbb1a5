package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.InferenceScenario;
import org.junit.jupiter.api.Test;

/**
 * s12o: requests past the model's configured context are shortened to it, unless the engine allows
 * a long context (InferenceScenario.Builder#allowLongContext, as vLLM's VLLM_ALLOW_LONG_MAX_MODEL_LEN)
 * and its positions are not a learned table; either is stated among the assumptions.
 */
class LongContextSimulationTest {

  private static SimulationResult simulate(String model, boolean allowLongContext, int input, int output) {
    InferenceScenario engine = InferenceScenario.builder(ModelCatalog.bundled().get(model),
            AcceleratorCatalog.bundled().get("h100-sxm"))
        .inputTokens(512).outputTokens(256).allowLongContext(allowLongContext).build();
    return ServingSimulator.calibrated().simulate(ServingSimulation.builder(engine)
        .requestsPerSecond(0.5).durationSeconds(20).seed(3)
        .input(LengthDistribution.fixed(input)).output(LengthDistribution.fixed(output)).build());
  }

  @Test
  void byDefaultRequestsPastTheContextAreShortened() {
    SimulationResult r = simulate("llama-2-7b", false, 4000, 200);
    assertThat(r.assumptions()).anyMatch(a -> a.endsWith("requests shortened to the model's context of 4096 tokens"));
    assertThat(r.assumptions()).noneMatch(a -> a.contains("run past"));
  }

  @Test
  void anEngineThatAllowsALongContextRunsThemWhole() {
    SimulationResult shortened = simulate("llama-2-7b", false, 4000, 200);
    SimulationResult whole = simulate("llama-2-7b", true, 4000, 200);
    assertThat(whole.completed()).isPositive().isEqualTo(shortened.completed());
    assertThat(whole.assumptions())
        .anyMatch(a -> a.endsWith("requests run past the model's configured context of 4096 tokens (allowLongContext)"))
        .noneMatch(a -> a.contains("shortened"));
    // 200 generated tokens instead of the 96 left by the context: each request takes longer end to end
    assertThat(whole.endToEnd().p50()).isGreaterThan(shortened.endToEnd().p50());
  }

  @Test
  void anAllowedLongContextIsShortenedOnlyToTheSimulatorsOwnCap() {
    // s14j: past the simulator's longest request (Integer.MAX_VALUE / 4 tokens) even an allowed long context is
    // shortened, and the assumption names that cap, not the model's context
    SimulationResult r = simulate("llama-2-7b", true, 600_000_000, 10);
    assertThat(r.assumptions())
        .anyMatch(a -> a.endsWith("requests shortened to the simulator's longest request of 536870911 tokens"))
        .noneMatch(a -> a.contains("shortened to the model's context"));
  }

  @Test
  void aLearnedPositionTableIsShortenedEvenWhenAllowed() {
    SimulationResult r = simulate("gpt2", true, 1000, 100);
    assertThat(r.assumptions()).anyMatch(a -> a.endsWith("requests shortened to the model's context of 1024 tokens"));
    assertThat(r.assumptions()).noneMatch(a -> a.contains("run past"));
  }
}
