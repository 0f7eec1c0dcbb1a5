package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The {@code rope_scaling} type a config names, read into {@link Embeddings#rotaryScaling()} (s13c). */
class RotaryScalingTest {

  @Test
  void typesAreReadByTheirHuggingFaceNames() {
    assertThat(RotaryScaling.ofType("yarn")).isEqualTo(RotaryScaling.YARN);
    assertThat(RotaryScaling.ofType("YaRN")).isEqualTo(RotaryScaling.YARN);
    assertThat(RotaryScaling.ofType("llama3")).isEqualTo(RotaryScaling.LLAMA3);
    assertThat(RotaryScaling.ofType("linear")).isEqualTo(RotaryScaling.LINEAR);
    assertThat(RotaryScaling.ofType("dynamic")).isEqualTo(RotaryScaling.DYNAMIC);
    assertThat(RotaryScaling.ofType("su")).isEqualTo(RotaryScaling.LONGROPE);
    assertThat(RotaryScaling.ofType("longrope")).isEqualTo(RotaryScaling.LONGROPE);
    assertThat(RotaryScaling.ofType("default")).isEqualTo(RotaryScaling.NONE);
    assertThat(RotaryScaling.ofType("mrope")).isEqualTo(RotaryScaling.OTHER);
  }

  @Test
  void theCatalogsConfigsCarryTheirScaling() {
    ModelCatalog catalog = ModelCatalog.bundled();
    // rope_scaling {"rope_type": "yarn", "factor": 32.0, ...} in gpt-oss's and Kimi K2's config.json
    assertThat(catalog.get("gpt-oss-120b").embeddings().rotaryScaling()).isEqualTo(RotaryScaling.YARN);
    assertThat(catalog.get("gpt-oss-20b").embeddings().rotaryScaling()).isEqualTo(RotaryScaling.YARN);
    assertThat(catalog.get("kimi-k2").embeddings().rotaryScaling()).isEqualTo(RotaryScaling.YARN);
    assertThat(catalog.get("llama-3.1-8b").embeddings().rotaryScaling()).isEqualTo(RotaryScaling.LLAMA3);
    // "rope_scaling": null
    assertThat(catalog.get("qwen3-30b-a3b").embeddings().rotaryScaling()).isEqualTo(RotaryScaling.NONE);
    // learned positions never carry a scaling
    assertThat(catalog.get("gpt2").embeddings().rotaryScaling()).isEqualTo(RotaryScaling.NONE);
  }

  @Test
  void scalingIsPartOfTheModelAndNeedsRotaryPositions() {
    ModelArchitecture oss = ModelCatalog.bundled().get("gpt-oss-120b");
    ModelArchitecture plain = oss.toBuilder().rotaryScaling(RotaryScaling.NONE).build();
    assertThat(plain).isNotEqualTo(oss);
    assertThat(plain.toBuilder().rotaryScaling(RotaryScaling.YARN).build()).isEqualTo(oss);
    assertThat(oss.embeddings().toString()).contains("rotaryScaling=YARN");
    assertThat(plain.embeddings().toString()).doesNotContain("rotaryScaling");
    ModelArchitecture gpt2 = ModelCatalog.bundled().get("gpt2");
    assertThatThrownBy(() -> gpt2.toBuilder().rotaryScaling(RotaryScaling.YARN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rotaryScaling")
        .hasMessageContaining("YARN")
        .hasMessageContaining("LEARNED");
    // a null scaling is refused where it is set, as blockLayout is (s13q), not at build or hashCode
    @Nullable RotaryScaling none = null;
    assertThatThrownBy(() -> oss.toBuilder().rotaryScaling(castAway(none)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rotaryScaling");
  }

  /** Hands a null to a parameter that refuses it, as Java code without a null checker can. */
  private static RotaryScaling castAway(@Nullable RotaryScaling value) {
    return value;
  }
}
