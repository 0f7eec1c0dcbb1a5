package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.ServingOverheads;
import org.junit.jupiter.api.Test;

/**
 * s24g: SGLang's eager (un-graphed) extend pass as a host cost per layer ({@link
 * ServingOverheads#SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER}, sgl-project/sglang PR 12160): off by default, and where a
 * scenario sets it, a step that prefills a prompt takes at least the layers times it; a decode-only step is unchanged.
 */
class SglangEagerExtendTest {

  private static InferenceScenario deepseek(ServingOverheads o) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"), AcceleratorCatalog.bundled().get("b200"))
        .weights(QuantizationScheme.fp8())
        .tp(8)
        .inputTokens(1024)
        .outputTokens(1024)
        .batch(1)
        .overheads(o)
        .build();
  }

  @Test
  void theConstantIsPullRequest12160sDifferencePerLayer() {
    // 82.64 ms eager, 23.10 ms from a prefill CUDA graph, DeepSeek-V3's 61 layers
    assertThat(ServingOverheads.SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER * 61).isCloseTo(59.54e-3, within(0.01e-3));
    assertThat(ServingOverheads.calibrated().hostSecondsPerEagerLayer()).isZero();
    assertThatThrownBy(() -> ServingOverheads.builder().hostSecondsPerEagerLayer(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostSecondsPerEagerLayer");
  }

  @Test
  void aPrefillingStepTakesAtLeastTheEagerLaunch() {
    ServingOverheads base = ServingOverheads.calibrated();
    ServingOverheads eager = base.toBuilder()
        .hostSecondsPerEagerLayer(ServingOverheads.SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER).build();
    assertThat(eager).isNotEqualTo(base);
    assertThat(eager.toString()).contains("hostSecondsPerEagerLayer");
    assertThat(base.toString()).doesNotContain("hostSecondsPerEagerLayer");
    ServingSimulator sim = ServingSimulator.calibrated();
    double launch = 61 * ServingOverheads.SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER;
    double gpu = sim.stepSeconds(deepseek(base), 16, 0, 0);
    assertThat(gpu).isLessThan(launch);
    assertThat(sim.stepSeconds(deepseek(eager), 16, 0, 0)).isCloseTo(launch, within(1e-12));
    // a decode-only step replays its CUDA graph: unchanged
    assertThat(sim.stepSeconds(deepseek(eager), 0, 4, 1024)).isEqualTo(sim.stepSeconds(deepseek(base), 0, 4, 1024));
    // a long prompt's GPU work outlasts the launch: max(GPU, host)
    double longGpu = sim.stepSeconds(deepseek(base), 16384, 0, 0);
    assertThat(longGpu).isGreaterThan(launch);
    assertThat(sim.stepSeconds(deepseek(eager), 16384, 0, 0)).isEqualTo(longGpu);
  }

  @Test
  void theAssumptionIsPrintedOnlyWhereSet() {
    InferenceCostModel m = InferenceCostModel.calibrated();
    ServingOverheads eager = ServingOverheads.calibrated().toBuilder()
        .hostSecondsPerEagerLayer(ServingOverheads.SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER).build();
    assertThat(m.estimate(deepseek(eager)).assumptions())
        .anyMatch(a -> a.contains("0.976 ms of host time per layer") && a.contains("PR 12160"));
    assertThat(m.estimate(deepseek(ServingOverheads.calibrated())).assumptions())
        .noneMatch(a -> a.contains("host time per layer"));
  }
}
