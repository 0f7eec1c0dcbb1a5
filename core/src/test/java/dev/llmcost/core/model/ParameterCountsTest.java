package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParameterCountsTest {

  @Test
  void componentsSumToTotalAndEmbeddingPlusNonEmbeddingIsTotal() {
    for (CatalogModel m : ModelCatalog.bundled().all()) {
      ParameterCounts p = m.architecture().parameterCounts();
      long sum = p.components().stream().mapToLong(c -> c.total().value()).sum();
      assertThat(sum).as(m.id()).isEqualTo(p.total().value());
      assertThat(p.embedding().plus(p.nonEmbedding())).as(m.id()).isEqualTo(p.total());
      assertThat(p.active()).as(m.id()).isLessThanOrEqualTo(p.total());
      if (!m.architecture().isMoe()) {
        assertThat(p.active()).as(m.id()).isEqualTo(p.total());
      }
    }
  }

  @Test
  void countsGrowWithEveryDimension() {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      int heads = 1 + random.nextInt(32);
      int headDim = 8 * (1 + random.nextInt(16));
      int layers = 1 + random.nextInt(48);
      int ffn = 16 * (1 + random.nextInt(512));
      int vocab = 100 + random.nextInt(200_000);
      ModelArchitecture a =
          ModelArchitecture.builder("random").layers(layers).hidden(heads * headDim).heads(heads)
              .vocabSize(vocab).intermediateSize(ffn).build();
      long total = a.parameterCounts().total().value();
      assertThat(a.toBuilder().layers(layers + 1).build().parameterCounts().total().value()).isGreaterThan(total);
      assertThat(a.toBuilder().intermediateSize(ffn + 1).build().parameterCounts().total().value()).isGreaterThan(total);
      assertThat(a.toBuilder().vocabSize(vocab + 1).build().parameterCounts().total().value()).isGreaterThan(total);
      assertThat(a.toBuilder().tiedEmbeddings(true).build().parameterCounts().total().value())
          .isEqualTo(total - (long) vocab * heads * headDim);
    }
  }

  @Test
  void llamaLayerIsTwelveHSquaredOnlyForPlainMha() {
    // GPT-2 style layer: 12h² + 13h (Megatron accounting, Narayanan et al. 2021 §5.1).
    int h = 1024;
    ModelArchitecture gpt = ModelCatalog.bundled().get("gpt2-medium");
    long perLayer = gpt.parameterCounts().perInstance(ComponentRole.ATTENTION)
        + gpt.parameterCounts().perInstance(ComponentRole.MLP)
        + gpt.parameterCounts().perInstance(ComponentRole.LAYER_NORMS);
    assertThat(perLayer).isEqualTo(12L * h * h + 13L * h);
  }

  @Test
  void deepSeekV3CountsMlaSharedExpertsAndDenseFirstLayers() {
    ModelArchitecture ds = ModelCatalog.bundled().get("deepseek-v3");
    ParameterCounts p = ds.parameterCounts();
    assertThat(ds.denseLayers()).isEqualTo(3);
    assertThat(ds.moeLayers()).isEqualTo(58);
    assertThat(p.perInstance(ComponentRole.ATTENTION)).isEqualTo(187_107_328L);
    assertThat(p.perInstance(ComponentRole.ROUTED_EXPERTS)).isEqualTo(3L * 7168 * 2048);
    assertThat(p.perInstance(ComponentRole.SHARED_EXPERTS)).isEqualTo(3L * 7168 * 2048);
    assertThat(p.total().value()).isEqualTo(671_026_419_200L);
    assertThat(p.active().value()).isEqualTo(37_552_297_472L);
    assertThat(ds.kvCacheElementsPerToken() * DType.BF16.bits() / 8).isEqualTo(70_272L);
    assertThat(ds.assumptions()).anyMatch(s -> s.contains("multi-token-prediction"));
  }

  @Test
  void moreFamiliesMatchTheirPublishedExactCounts() {
    assertCount("llama-7b", 6_738_415_616L);
    assertCount("llama-65b", 65_285_660_672L);
    assertCount("llama-3.2-1b", 1_235_814_400L);
    assertCount("llama-3.2-3b", 3_212_749_824L);
    assertCount("qwen2.5-0.5b", 494_032_768L);
    assertCount("qwen2.5-72b", 72_706_203_648L);
    assertCount("gemma-2b", 2_506_172_416L);
    assertCount("gemma-2-2b", 2_614_341_888L);
    assertCount("gemma-2-27b", 27_227_128_320L);
    assertCount("phi-2", 2_779_683_840L);
    assertCount("bloom", 176_247_271_424L);
    assertCount("falcon-7b", 6_921_720_704L);
    assertCount("gpt-neox-20b", 20_554_567_680L);
    assertCount("gpt-j-6b", 6_050_882_784L);
    assertCount("opt-125m", 125_239_296L);
    assertCount("distilbert-base-uncased", 66_362_880L);
    assertCount("bert-base-chinese", 102_267_648L);
  }

  private static void assertCount(String id, long expected) {
    assertThat(ModelCatalog.bundled().get(id).parameterCounts().total().value()).as(id).isEqualTo(expected);
  }

  @Test
  void moeLayerPlacementFollowsPeriodAndPhase() {
    MixtureOfExperts qwenStep2 = MixtureOfExperts.of(8, 2, 64).toBuilder().layerPeriod(2).layerPhase(1).build();
    assertThat(qwenStep2.isMoeLayer(0)).isFalse();
    assertThat(qwenStep2.isMoeLayer(1)).isTrue();
    assertThat(qwenStep2.moeLayerCount(5)).isEqualTo(2);
    MixtureOfExperts deepseek = MixtureOfExperts.of(8, 2, 64).toBuilder()
        .sharedIntermediateSize(64).routerBias(true).firstDenseLayers(3).build();
    assertThat(deepseek.moeLayerCount(61)).isEqualTo(58);
    assertThatThrownBy(() -> MixtureOfExperts.of(8, 9, 64))
        .hasMessage("expertsPerToken must be <= routedExperts (8), was 9");
    assertThatThrownBy(() -> MixtureOfExperts.of(8, 2, 64).toBuilder().layerPeriod(2).layerPhase(2).build())
        .hasMessage("layerPhase must be < layerPeriod (2), was 2");
  }

  @Test
  void builderRejectsInconsistentShapes() {
    assertThatThrownBy(() -> ModelArchitecture.builder("x").layers(2).hidden(100).heads(3).vocabSize(10).intermediateSize(4).build())
        .hasMessage("heads must divide hidden (100) when headDim is not given, was 3");
    assertThatThrownBy(() -> ModelArchitecture.builder("x").layers(0).hidden(64).heads(2).vocabSize(10).build())
        .hasMessage("layers must be > 0, was 0");
    assertThatThrownBy(() -> ModelArchitecture.builder("x").layers(2).hidden(64).heads(2).vocabSize(10).build())
        .hasMessageContaining("feedForward.intermediateSize must be > 0");
  }
}
