package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.local.LocalDevice;
import dev.llmcost.core.local.LocalDeviceCatalog;
import org.junit.jupiter.api.Test;

/**
 * The former records of core (issue 15): builders and factories rebuild equal values, equality and
 * hash codes are by value, toString names the components, and the checks of the old canonical
 * constructors still run.
 */
class ValueClassesTest {

  @Test
  void everyCatalogModelsPartsRebuildEqualFromTheirBuilders() {
    int checked = 0;
    for (CatalogModel m : ModelCatalog.bundled().all()) {
      ModelArchitecture a = m.architecture();
      assertThat(a.moe().toBuilder().build()).as(m.id()).isEqualTo(a.moe()).hasSameHashCodeAs(a.moe());
      if (a.attention() instanceof LatentAttention l) {
        assertThat(l.toBuilder().build()).as(m.id()).isEqualTo(l).hasSameHashCodeAs(l);
        checked++;
      }
      a.linearAttention().ifPresent(l -> assertThat(l.toBuilder().build()).as(m.id()).isEqualTo(l));
      a.stateSpace().ifPresent(s -> assertThat(s.toBuilder().build()).as(m.id()).isEqualTo(s));
      assertThat(a.parameterCounts()).as(m.id()).isEqualTo(ParameterCounts.of(a));
      assertThat(a.toBuilder().build().feedForward()).as(m.id()).isEqualTo(a.feedForward());
      assertThat(a.toBuilder().build().embeddings()).as(m.id()).isEqualTo(a.embeddings());
    }
    assertThat(checked).as("catalog models with latent attention").isPositive();
  }

  @Test
  void equalityIsByValueAndToStringNamesTheComponents() {
    MixtureOfExperts mixtral = MixtureOfExperts.of(8, 2, 14336);
    MixtureOfExperts same = MixtureOfExperts.builder()
        .routedExperts(8).expertsPerToken(2).expertIntermediateSize(14336).build();
    assertThat(same).isEqualTo(mixtral).hasSameHashCodeAs(mixtral);
    assertThat(mixtral.toBuilder().routerBias(true).build()).isNotEqualTo(mixtral);
    assertThat(mixtral.toString()).isEqualTo("MixtureOfExperts[routedExperts=8, expertsPerToken=2,"
        + " expertIntermediateSize=14336, sharedIntermediateSize=0, sharedExpertGate=false, routerBias=false,"
        + " firstDenseLayers=0, layerPeriod=1, layerPhase=0]");
    assertThat(MultiHeadAttention.of(32, 8, 128).withBiases(true, false))
        .isEqualTo(MultiHeadAttention.of(32, 8, 128).withBiases(true, false))
        .isNotEqualTo(MultiHeadAttention.of(32, 8, 128));
    assertThat(SparseAttentionIndexer.of(64, 128, 2048).toString())
        .isEqualTo("SparseAttentionIndexer[heads=64, headDim=128, topK=2048]");
    assertThat(Normalization.of(NormKind.RMS_NORM, 2, true)).isEqualTo(Normalization.RMS_PRE_NORM);
    assertThat(QuantizationScheme.int4(128).toBuilder().build()).isEqualTo(QuantizationScheme.int4(128));
  }

  @Test
  void layerFactoriesSetRotaryByMixer() {
    assertThat(LayerSpec.of(LayerMixer.FULL_ATTENTION, MlpKind.DENSE)).isEqualTo(LayerSpec.fullAttention(MlpKind.DENSE));
    assertThat(LayerSpec.of(LayerMixer.LINEAR_ATTENTION, MlpKind.DENSE).rotary()).isFalse();
    assertThat(LayerSpec.of(LayerMixer.STATE_SPACE, MlpKind.NONE).rotary()).isFalse();
    LayerSpec sliding = LayerSpec.windowed(LayerMixer.SLIDING_ATTENTION, 4096, MlpKind.MOE);
    assertThat(sliding.rotary()).isTrue();
    assertThat(sliding.withRotary(true)).isSameAs(sliding);
    assertThat(sliding.withRotary(false).rotary()).isFalse();
    assertThat(sliding.cachedTokens(10_000)).isEqualTo(4096);
    assertThatThrownBy(() -> LayerSpec.windowed(LayerMixer.FULL_ATTENTION, 4096, MlpKind.DENSE))
        .hasMessage("window must be 0 for a FULL_ATTENTION layer, was 4096");
    assertThatThrownBy(() -> LayerSpec.of(LayerMixer.CHUNKED_ATTENTION, MlpKind.DENSE))
        .hasMessage("window must be > 0 for a CHUNKED_ATTENTION layer, was 0");
  }

  @Test
  void buildersCheckWhatTheConstructorsChecked() {
    assertThatThrownBy(() -> LatentAttention.builder().kvLoraRank(512).vHeadDim(128).qkRopeHeadDim(64).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("heads must be > 0, was 0");
    assertThatThrownBy(() -> StateSpaceMixer.builder().inner(4096).state(16).convKernel(4).build())
        .hasMessage("version must be 1 or 2, was 0");
    assertThatThrownBy(() -> StateSpaceMixer.builder().version(2).inner(4096).state(16).convKernel(4).build())
        .hasMessage("heads must be > 0, was 0");
    assertThatThrownBy(() -> LinearAttention.builder().keyHeads(16).valueHeads(32).keyHeadDim(128).valueHeadDim(128)
            .build())
        .hasMessage("convKernel must be > 0, was 0");
    assertThatThrownBy(() -> QuantizationScheme.builder().weightType(DType.INT4).otherType(DType.BF16).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("name must be set on QuantizationScheme.Builder");
    assertThatThrownBy(() -> QuantizationScheme.int4(128).toBuilder().scaleBits(0).build())
        .hasMessage("scaleBits must be > 0 when groupSize is set, was 0");
  }

  @Test
  void acceleratorsAndLocalDevicesRebuildEqualFromTheirBuilders() {
    for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
      assertThat(a.toBuilder().build()).as(a.id()).isEqualTo(a).hasSameHashCodeAs(a);
    }
    for (LocalDevice d : LocalDeviceCatalog.bundled().all()) {
      assertThat(d.toBuilder().build()).as(d.id()).isEqualTo(d).hasSameHashCodeAs(d);
    }
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    AcceleratorSpec mine = h100.toBuilder().id("h100-custom").densePeak(DType.INT4, FlopRate.ofTera(2000)).build();
    assertThat(mine.requirePeak(DType.BF16)).isEqualTo(h100.requirePeak(DType.BF16));
    assertThat(mine.requirePeak(DType.INT4)).isEqualTo(FlopRate.ofTera(2000));
    assertThat(h100.peak(DType.INT4)).isEqualTo(h100.toBuilder().build().peak(DType.INT4));
    assertThatThrownBy(() -> AcceleratorSpec.builder().id("x").name("x").vendor("v")
            .densePeak(DType.BF16, FlopRate.ofTera(100)).memory(DataSize.ZERO).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("memoryBandwidth must be set on AcceleratorSpec.Builder");
  }
}
