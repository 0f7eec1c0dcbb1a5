package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The attention projections stored apart from the other linear layers ({@link
 * InferenceScenario.Builder#attentionWeights}, {@link InferenceScenario.Builder#attentionOutputWeights}), as the
 * MLPerf v5.1 DeepSeek-R1 NVFP4 checkpoint and nvidia/DeepSeek-R1-FP4 ship them.
 */
class AttentionWeightsTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final AcceleratorSpec B200 = AcceleratorCatalog.bundled().get("b200");
  private static final ModelArchitecture DSV3 = ModelCatalog.bundled().get("deepseek-v3");
  private static final ModelArchitecture LLAMA = ModelCatalog.bundled().get("llama-3.1-70b");
  private static final QuantizationScheme BF16 = QuantizationScheme.uniform(DType.BF16);
  private static final QuantizationScheme NVFP4 = QuantizationScheme.nvfp4();

  private static InferenceScenario deepseek() {
    return InferenceScenario.builder(DSV3, B200).tp(8).ep(8).attentionDataParallel(true).weights(NVFP4)
        .kvCache(DType.FP8_E4M3).batch(512).inputTokens(1024).outputTokens(1024).build();
  }

  private static double group(PhaseCost p, OperatorGroup g, ToDoubleFunction<OperatorCost> f) {
    return p.operators().stream().filter(o -> o.group() == g).mapToDouble(f).sum();
  }

  @Test
  void defaultIsTheOtherWeightsAndGivingThemChangesNothing() {
    InferenceScenario fp4 = deepseek();
    assertThat(fp4.attentionWeightsGiven()).isFalse();
    assertThat(fp4.attentionOutputWeightsGiven()).isFalse();
    assertThat(fp4.attentionWeights()).isEqualTo(NVFP4);
    assertThat(fp4.attentionOutputWeights()).isEqualTo(NVFP4);
    InferenceScenario same = fp4.toBuilder().attentionWeights(NVFP4).attentionOutputWeights(NVFP4).build();
    assertThat(same.attentionWeightsGiven()).isTrue();
    InferenceEstimate a = MODEL.estimate(fp4);
    InferenceEstimate b = MODEL.estimate(same);
    assertThat(b.outputTokensPerSecond()).isEqualTo(a.outputTokensPerSecond());
    assertThat(b.ttftSeconds()).isEqualTo(a.ttftSeconds());
    assertThat(b.memoryPerGpu().weights()).isEqualTo(a.memoryPerGpu().weights());
    assertThat(b.assumptions()).isEqualTo(a.assumptions());
    // not given, they follow the weights through toBuilder; given, they stay
    assertThat(fp4.toBuilder().weights(QuantizationScheme.fp8()).build().attentionWeights())
        .isEqualTo(QuantizationScheme.fp8());
    InferenceScenario split = fp4.toBuilder().attentionWeights(BF16).build();
    assertThat(split.toBuilder().batch(7).build().attentionWeights()).isEqualTo(BF16);
    assertThat(split).isNotEqualTo(fp4);
    assertThat(split.toString()).contains("attentionWeights=");
  }

  @Test
  void sixteenBitInputProjectionsUnderNvfp4ReadTheirOwnBytesAndTakeTheKvPool() {
    InferenceScenario fp4 = deepseek();
    InferenceScenario mlperf = fp4.toBuilder().attentionWeights(BF16).build();
    InferenceEstimate f = MODEL.estimate(fp4);
    InferenceEstimate m = MODEL.estimate(mlperf);
    LatentAttention l = (LatentAttention) DSV3.attention();
    double h = DSV3.hidden();
    double perLayer = h * l.qLoraRank() + (double) l.qLoraRank() * l.heads() * l.qkHeadDim()
        + h * (l.kvLoraRank() + l.qkRopeHeadDim())
        + (double) l.kvLoraRank() * l.heads() * (l.qkNopeHeadDim() + l.vHeadDim());
    double params = perLayer * DSV3.attentionLayers();
    // about 69.7 M per layer (s14g), held whole on every GPU under attention data parallelism
    assertThat(perLayer).isCloseTo(69.7e6, within(0.1e6));
    double extra = params * (2 - NVFP4.effectiveBitsPerWeight() / 8.0);
    assertThat((double) m.memoryPerGpu().weights().bytes() - f.memoryPerGpu().weights().bytes())
        .isCloseTo(extra, within(2.0));
    assertThat(m.maxBatchSize()).isLessThanOrEqualTo(f.maxBatchSize());
    // the q/kv projections read 2 bytes per weight, o_proj stays NVFP4
    double qkvF = group(f.decodeStep(), OperatorGroup.QKV_PROJECTION, OperatorCost::bytes);
    double qkvM = group(m.decodeStep(), OperatorGroup.QKV_PROJECTION, OperatorCost::bytes);
    assertThat(qkvM).isGreaterThan(3 * qkvF);
    assertThat(group(m.decodeStep(), OperatorGroup.OUTPUT_PROJECTION, OperatorCost::bytes))
        .isEqualTo(group(f.decodeStep(), OperatorGroup.OUTPUT_PROJECTION, OperatorCost::bytes));
    assertThat(m.tpotSeconds()).isGreaterThan(f.tpotSeconds());
    assertThat(m.assumptions()).anyMatch(s -> s.startsWith("attention input projections") && s.contains("bf16"));
    assertThat(f.assumptions()).noneMatch(s -> s.startsWith("attention input projections"));

    // nvidia/DeepSeek-R1-FP4: o_proj too
    InferenceScenario v1 = mlperf.toBuilder().attentionOutputWeights(BF16).build();
    InferenceEstimate a = MODEL.estimate(v1);
    double oProj = (double) l.heads() * l.vHeadDim() * h * DSV3.attentionLayers();
    assertThat((double) a.memoryPerGpu().weights().bytes() - m.memoryPerGpu().weights().bytes())
        .isCloseTo(oProj * (2 - NVFP4.effectiveBitsPerWeight() / 8.0), within(2.0));
    assertThat(group(a.decodeStep(), OperatorGroup.OUTPUT_PROJECTION, OperatorCost::bytes))
        .isGreaterThan(3 * group(m.decodeStep(), OperatorGroup.OUTPUT_PROJECTION, OperatorCost::bytes));
    assertThat(a.assumptions()).anyMatch(s -> s.startsWith("attention output projection (o_proj)"));
  }

  @Test
  void aDenseGqaModelShardsItsOwnProjections() {
    InferenceScenario fp8 = InferenceScenario.builder(LLAMA, B200).tp(2).weights(QuantizationScheme.fp8())
        .batch(64).inputTokens(512).outputTokens(256).build();
    InferenceScenario split = fp8.toBuilder().attentionWeights(BF16).build();
    var m = (dev.llmcost.core.model.MultiHeadAttention) LLAMA.attention();
    double qkv = (double) LLAMA.hidden() * (m.heads() + 2.0 * m.kvHeads()) * m.headDim() * LLAMA.attentionLayers();
    // one more byte per weight, sharded over tp 2 (8 KV heads divide by 2: nothing replicated)
    assertThat((double) MODEL.estimate(split).memoryPerGpu().weights().bytes()
        - MODEL.estimate(fp8).memoryPerGpu().weights().bytes()).isCloseTo(qkv / 2, within(2.0));
    assertThat(MODEL.estimate(split).tpotSeconds()).isGreaterThan(MODEL.estimate(fp8).tpotSeconds());
  }

  @Test
  void aModelWithoutAttentionLayersIsRefusedNamingTheField() {
    ModelArchitecture mamba = ModelCatalog.bundled().get("mamba-codestral-7b");
    assertThat(mamba.attentionLayers()).isZero();
    assertThatThrownBy(() -> InferenceScenario.builder(mamba, B200).attentionWeights(BF16).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attentionWeights").hasMessageContaining("mamba-codestral-7b")
        .hasMessageContaining("bf16");
    assertThatThrownBy(() -> InferenceScenario.builder(mamba, B200).attentionOutputWeights(BF16).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attentionOutputWeights").hasMessageContaining("mamba-codestral-7b");
  }
}
