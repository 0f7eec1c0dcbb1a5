package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A multi-token-prediction module as a one-layer model for speculative decoding, and the parameters
 * it adds to the model: DeepSeek-V3's by hand from the modeling code's shapes (oracle: the hand
 * derivation; the model card's "14B" MTP weights include the embedding and head copies the
 * checkpoint stores, 13.46B by the same derivation).
 */
class MultiTokenPredictionModuleTest {

  @Test
  void deepSeekV3ModuleByHand() throws IOException {
    ModelArchitecture a = Architectures2025Test.config("DeepSeek-V3");
    long h = 7168;
    long attention = h * 1536 + 1536 + 1536L * 128 * 192 + h * (512 + 64) + 512 + 512L * 128 * (128 + 128) + 128L * 128 * h;
    long moe = 256 * 3 * h * 2048 + 3 * h * 2048 + 256 * h + 256; // routed, shared, router and its bias
    long block = attention + moe + 2 * h;
    long own = block + 2 * h * h + 3 * h; // eh_proj, enorm, hnorm, shared_head.norm
    assertThat(a.multiTokenPredictionLayers()).isEqualTo(1);
    assertThat(a.multiTokenPredictionModuleParameters()).isEqualTo(own).isEqualTo(11_610_068_224L);
    long withCopies = own + 2 * 129_280L * h;
    assertThat(withCopies / 1e9).isBetween(13.4, 13.5);
    ModelArchitecture module = a.multiTokenPredictionModule().orElseThrow();
    assertThat(module.layers()).isEqualTo(1);
    assertThat(module.moeLayers()).isEqualTo(1);
    assertThat(module.id()).isEqualTo(a.id() + "-mtp");
    assertThat(module.multiTokenPredictionLayers()).isZero();
    // the main model's counts do not include the module
    assertThat(a.parameterCounts().total().value()).isEqualTo(671_026_419_200L);
  }

  @Test
  void qwen3NextDraftsWithAFullAttentionBlock() throws IOException {
    ModelArchitecture a = Architectures2025Test.config("Qwen3-Next-80B-A3B-Instruct");
    ModelArchitecture module = a.multiTokenPredictionModule().orElseThrow();
    assertThat(module.layerPattern().get(0).mixer()).isEqualTo(LayerMixer.FULL_ATTENTION);
    assertThat(module.isHybrid()).isFalse();
    assertThat(module.moeLayers()).isEqualTo(1);
  }

  @Test
  void aModelWithoutMtpLayersHasNoModule() throws IOException {
    ModelArchitecture a = Architectures2025Test.config("Llama-3.1-8B");
    assertThat(a.multiTokenPredictionModule()).isEmpty();
    assertThat(a.multiTokenPredictionModuleParameters()).isZero();
  }
}
