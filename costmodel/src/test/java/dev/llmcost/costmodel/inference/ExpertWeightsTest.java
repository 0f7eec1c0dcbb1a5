package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ComponentRole;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The routed experts stored apart from the other linear layers ({@link InferenceScenario.Builder#expertWeights}). */
class ExpertWeightsTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  private static final AcceleratorSpec B200 = AcceleratorCatalog.bundled().get("b200");
  private static final ModelArchitecture MIXTRAL = ModelCatalog.bundled().get("mixtral-8x7b-v0.1");
  private static final QuantizationScheme BF16 = QuantizationScheme.uniform(DType.BF16);

  private static InferenceScenario mixtral(QuantizationScheme weights) {
    return InferenceScenario.builder(MIXTRAL, H100).tp(2).weights(weights).kvCache(DType.FP8_E4M3)
        .batch(512).inputTokens(128).outputTokens(128).build();
  }

  private static double group(PhaseCost p, OperatorGroup g, java.util.function.ToDoubleFunction<OperatorCost> f) {
    return p.operators().stream().filter(o -> o.group() == g).mapToDouble(f).sum();
  }

  @Test
  void defaultIsTheOtherWeightsAndGivingThemChangesNothing() {
    InferenceScenario fp8 = mixtral(QuantizationScheme.fp8());
    assertThat(fp8.expertWeightsGiven()).isFalse();
    assertThat(fp8.expertWeights()).isEqualTo(QuantizationScheme.fp8());
    InferenceScenario same = fp8.toBuilder().expertWeights(QuantizationScheme.fp8()).build();
    assertThat(same.expertWeightsGiven()).isTrue();
    InferenceEstimate a = MODEL.estimate(fp8);
    InferenceEstimate b = MODEL.estimate(same);
    assertThat(b.outputTokensPerSecond()).isEqualTo(a.outputTokensPerSecond());
    assertThat(b.memoryPerGpu().weights()).isEqualTo(a.memoryPerGpu().weights());
    assertThat(b.assumptions()).isEqualTo(a.assumptions());
    // not given, the experts follow the weights through toBuilder
    assertThat(fp8.toBuilder().weights(BF16).build().expertWeights()).isEqualTo(BF16);
    // given, they stay
    InferenceScenario split = fp8.toBuilder().expertWeights(BF16).build();
    assertThat(split.toBuilder().batch(7).build().expertWeights()).isEqualTo(BF16);
    assertThat(split).isNotEqualTo(fp8);
  }

  @Test
  void sixteenBitExpertsUnderFp8AttentionReadMoreAndRunSlower() {
    InferenceScenario fp8 = mixtral(QuantizationScheme.fp8());
    InferenceScenario split = fp8.toBuilder().expertWeights(BF16).build();
    InferenceScenario all16 = mixtral(BF16);
    InferenceEstimate f = MODEL.estimate(fp8);
    InferenceEstimate s = MODEL.estimate(split);
    InferenceEstimate b = MODEL.estimate(all16);
    long routed = MIXTRAL.parameterCounts().of(ComponentRole.ROUTED_EXPERTS).value();
    // the experts take one more byte per weight, sharded over tp 2
    assertThat((double) s.memoryPerGpu().weights().bytes() - f.memoryPerGpu().weights().bytes())
        .isCloseTo(routed / 2.0, within(2.0));
    assertThat(s.memoryPerGpu().weights().bytes()).isLessThan(b.memoryPerGpu().weights().bytes());
    // a decode step reads the experts it reaches at 2 bytes per weight
    double expertBytesF = group(f.decodeStep(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::bytes);
    double expertBytesS = group(s.decodeStep(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::bytes);
    assertThat(expertBytesS).isGreaterThan(1.8 * expertBytesF);
    assertThat(group(s.decodeStep(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::bytes))
        .isCloseTo(group(b.decodeStep(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::bytes), within(1.0));
    // attention projections stay fp8
    assertThat(group(s.decodeStep(), OperatorGroup.QKV_PROJECTION, OperatorCost::bytes))
        .isEqualTo(group(f.decodeStep(), OperatorGroup.QKV_PROJECTION, OperatorCost::bytes));
    // step time and throughput in between
    assertThat(s.tpotSeconds()).isGreaterThan(f.tpotSeconds()).isLessThan(b.tpotSeconds());
    assertThat(s.prefillSeconds()).isGreaterThan(f.prefillSeconds()).isLessThan(b.prefillSeconds());
    assertThat(s.outputTokensPerSecond()).isLessThan(f.outputTokensPerSecond())
        .isGreaterThan(b.outputTokensPerSecond());
    assertThat(s.maxBatchSize()).isLessThan(f.maxBatchSize());
    assertThat(s.assumptions()).anySatisfy(x -> assertThat(x)
        .startsWith("routed experts stored apart from the other linear layers (fp8): bf16, 16.000 bits per weight")
        .contains("in bf16 math"));
    assertThat(f.assumptions()).noneSatisfy(x -> assertThat(x).startsWith("routed experts stored apart"));
  }

  @Test
  void fp8ExpertsRunNativeFp8MathOnHopper() {
    InferenceScenario all16 = mixtral(BF16).withBatch(64);
    InferenceScenario fp8Experts = all16.toBuilder().expertWeights(QuantizationScheme.fp8()).build();
    InferenceEstimate b = MODEL.estimate(all16);
    InferenceEstimate e = MODEL.estimate(fp8Experts);
    // prefill of 64 × 128 tokens is compute-bound in the experts: fp8 math is faster
    assertThat(group(e.prefill(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::computeSeconds))
        .isLessThan(0.8 * group(b.prefill(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::computeSeconds));
    assertThat(e.prefillSeconds()).isLessThan(b.prefillSeconds());
    assertThat(e.tpotSeconds()).isLessThan(b.tpotSeconds());
    assertThat(e.assumptions()).anySatisfy(x -> assertThat(x).contains("fp8 (W8A8)")
        .startsWith("routed experts stored apart from the other linear layers (bf16): fp8"));
  }

  @Test
  void gptOssAsShippedHasMxfp4ExpertsAndBf16Attention() {
    ModelArchitecture oss = ModelCatalog.bundled().get("gpt-oss-120b");
    InferenceScenario byDefault = InferenceScenario.builder(oss, B200).batch(64).build();
    InferenceScenario shipped = byDefault.toBuilder().weights(BF16).expertWeights(QuantizationScheme.mxfp4()).build();
    InferenceScenario all16 = byDefault.toBuilder().weights(BF16).build();
    InferenceEstimate d = MODEL.estimate(byDefault);
    InferenceEstimate s = MODEL.estimate(shipped);
    InferenceEstimate b = MODEL.estimate(all16);
    long attention = oss.parameterCounts().of(ComponentRole.ATTENTION).value();
    // attention at 16 bits instead of 4.25
    assertThat((double) s.memoryPerGpu().weights().bytes() - d.memoryPerGpu().weights().bytes())
        .isCloseTo(attention * (2 - 4.25 / 8), within(attention * 0.01));
    assertThat(s.memoryPerGpu().weights().bytes()).isLessThan(b.memoryPerGpu().weights().bytes() / 2);
    // experts in fp4 math on Blackwell either way; attention projections in 16 bits when shipped
    assertThat(group(s.prefill(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::computeSeconds))
        .isCloseTo(group(d.prefill(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::computeSeconds),
            within(1e-9 * group(d.prefill(), OperatorGroup.ROUTED_EXPERTS, OperatorCost::computeSeconds)));
    assertThat(group(s.prefill(), OperatorGroup.QKV_PROJECTION, OperatorCost::computeSeconds))
        .isGreaterThan(group(d.prefill(), OperatorGroup.QKV_PROJECTION, OperatorCost::computeSeconds));
    assertThat(s.tpotSeconds()).isGreaterThan(d.tpotSeconds()).isLessThan(b.tpotSeconds());
    assertThat(s.assumptions()).anySatisfy(x -> assertThat(x).contains("mxfp4, 4.250 bits per weight")
        .contains("in fp4 (W4A4)"));
    // on Hopper (no fp4 math) the experts are dequantized
    InferenceEstimate h = MODEL.estimate(shipped.toBuilder().accelerator(H100).build());
    assertThat(h.assumptions()).anySatisfy(x -> assertThat(x).contains("dequantized to 16-bit math"));
    System.out.printf(Locale.ROOT, "gpt-oss-120b on b200, batch 64: weights GB %.2f (mxfp4 everywhere) %.2f (as shipped)"
        + " %.2f (bf16); TPOT ms %.3f %.3f %.3f%n", d.memoryPerGpu().weights().bytes() / 1e9,
        s.memoryPerGpu().weights().bytes() / 1e9, b.memoryPerGpu().weights().bytes() / 1e9, 1e3 * d.tpotSeconds(),
        1e3 * s.tpotSeconds(), 1e3 * b.tpotSeconds());
  }

  @Test
  void expertParallelLayoutsCountTheExpertsInTheirOwnStorage() {
    ModelArchitecture qwen = ModelCatalog.bundled().get("qwen3-30b-a3b");
    InferenceScenario base = InferenceScenario.builder(qwen, H100).tp(4).ep(4).attentionDataParallel(true)
        .weights(QuantizationScheme.fp8()).batch(256).build();
    InferenceScenario split = base.toBuilder().expertWeights(BF16).build();
    long routed = qwen.parameterCounts().of(ComponentRole.ROUTED_EXPERTS).value();
    assertThat((double) MODEL.estimate(split).memoryPerGpu().weights().bytes()
        - MODEL.estimate(base).memoryPerGpu().weights().bytes()).isCloseTo(routed / 4.0, within(4.0));
  }

  @Test
  void aDenseModelHasNoExpertsToStore() {
    ModelArchitecture dense = ModelCatalog.bundled().get("llama-3.1-8b");
    assertThatThrownBy(() -> InferenceScenario.builder(dense, H100).expertWeights(QuantizationScheme.fp8()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expertWeights applies to the routed experts of an MoE model; llama-3.1-8b is dense, was fp8");
  }
}
