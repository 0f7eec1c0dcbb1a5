package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.internal.inference.CustomAllReduce;
import org.junit.jupiter.api.Test;

/**
 * s24l: the fused one-shot all-reduce rule of {@link CustomAllReduce} (opt-in through {@link
 * InferenceScenario.Builder#fusedOneShotAllReduce}): the line through tokenspeed PR 860's two 8-rank one-shot points,
 * applied from 256 KiB to FlashInfer's 2.625 MiB one-shot limit at 8 ranks, nothing else moved.
 */
class FusedOneShotAllReduceTest {

  private static final double MIB = 1024.0 * 1024;

  @Test
  void theLinePassesThroughThePublishedPoints() {
    // tokenspeed PR 860: 19.1 µs at 64 tokens x 7168 x 2 B, 29.4 µs at 128 tokens
    assertThat(CustomAllReduce.callSeconds(true, true, 64.0 * 7168 * 2, 1, 1)).isCloseTo(19.1e-6, within(1e-12));
    assertThat(CustomAllReduce.callSeconds(true, true, 128.0 * 7168 * 2, 1, 1)).isCloseTo(29.4e-6, within(1e-12));
    assertThat(CustomAllReduce.FUSED_ONE_SHOT_INTERCEPT_SECONDS).isCloseTo(8.8e-6, within(1e-12));
    assertThat(CustomAllReduce.FUSED_ONE_SHOT_SECONDS_PER_BYTE * MIB).isCloseTo(10.3e-6 / 0.875, within(1e-12));
    // flashinfer PR 1972: one-shot traffic <= 42 MiB at 8 ranks: 192 tokens at hidden 7168
    assertThat(CustomAllReduce.FUSED_ONE_SHOT_LIMIT_BYTES).isEqualTo(192L * 7168 * 2);
  }

  @Test
  void onlyTheRegionFrom256KiBToTheLimitMoves() {
    double ring = 47.6e-6;
    double volume = 1e-6;
    // below 256 KiB: the one-stage rule (13.5 µs + the ring volume), flag or not
    assertThat(CustomAllReduce.callSeconds(true, true, 255 * 1024, ring, volume)).isEqualTo(13.5e-6 + volume);
    // above the limit: the ring
    double over = CustomAllReduce.FUSED_ONE_SHOT_LIMIT_BYTES + 1;
    assertThat(CustomAllReduce.callSeconds(true, true, over, ring, volume)).isEqualTo(ring + volume);
    // flag off, or the group not a Blackwell tp 8 one: unchanged
    assertThat(CustomAllReduce.callSeconds(true, false, MIB, ring, volume)).isEqualTo(ring + volume);
    assertThat(CustomAllReduce.callSeconds(false, true, MIB, ring, volume)).isEqualTo(ring + volume);
  }

  @Test
  void theScenarioFlagIsOffByDefaultAndShortensOnlyLargeDecodeSteps() {
    InferenceCostModel model = InferenceCostModel.calibrated();
    InferenceScenario.Builder b = InferenceScenario.builder(
            ModelCatalog.bundled().get("deepseek-v3"), AcceleratorCatalog.bundled().get("b200"))
        .tp(8).weights(QuantizationScheme.fp8()).inputTokens(1024).outputTokens(1024);
    assertThat(b.batch(64).build().fusedOneShotAllReduce()).isFalse();
    // batch 8: 112 KiB messages, below 256 KiB: the same step
    assertThat(model.estimate(b.batch(8).fusedOneShotAllReduce(true).build()).decodeStep().seconds())
        .isEqualTo(model.estimate(b.batch(8).fusedOneShotAllReduce(false).build()).decodeStep().seconds());
    // batch 64: 896 KiB messages: 8.8 + 10.3 = 19.1 µs a call instead of the ring's 14 steps
    double on = model.estimate(b.batch(64).fusedOneShotAllReduce(true).build()).decodeStep().seconds();
    double off = model.estimate(b.batch(64).fusedOneShotAllReduce(false).build()).decodeStep().seconds();
    assertThat(on).isLessThan(off);
    assertThat(String.join("\n", model.estimate(b.batch(64).fusedOneShotAllReduce(true).build()).assumptions()))
        .contains("fused one-shot all-reduce").contains("tokenspeed PR 860");
    // not Blackwell: no effect
    InferenceScenario.Builder h = b.accelerator(AcceleratorCatalog.bundled().get("h200-sxm")).batch(64);
    assertThat(model.estimate(h.fusedOneShotAllReduce(true).build()).decodeStep().seconds())
        .isEqualTo(model.estimate(h.fusedOneShotAllReduce(false).build()).decodeStep().seconds());
  }
}
