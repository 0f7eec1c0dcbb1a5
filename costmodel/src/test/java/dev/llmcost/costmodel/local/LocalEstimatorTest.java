package dev.llmcost.costmodel.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.gguf.GgufLayout;
import dev.llmcost.core.gguf.GgufModels;
import dev.llmcost.core.gguf.QuantMix;
import dev.llmcost.core.local.LocalDevice;
import dev.llmcost.core.local.LocalDeviceCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

class LocalEstimatorTest {
  static final ModelArchitecture LLAMA = ModelCatalog.bundled().get("llama-3.1-8b");
  static final ModelArchitecture MOE = ModelCatalog.bundled().get("qwen3-30b-a3b");

  static GgufLayout layout(ModelArchitecture a, QuantMix m) {
    return GgufLayout.of(a, GgufModels.ggufArchitecture(a.modelType())).quantize(m, false);
  }

  static LocalDevice dev(String id) {
    return LocalDeviceCatalog.bundled().get(id);
  }

  static LocalEstimate est(LocalRun.Builder b) {
    return LocalEstimator.estimate(b.build());
  }

  @Test
  void moreLayersOnTheGpuNeverSlowTokenGenerationAndMoveMemory() {
    double lastTg = 0;
    long lastGpu = -1;
    for (int ngl = 0; ngl <= LLAMA.layers() + 1; ngl++) {
      LocalEstimate e = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4060")).gpuLayers(ngl));
      assertThat(e.generatedTokensPerSecond()).isGreaterThanOrEqualTo(lastTg);
      assertThat(e.gpuWeights().bytes()).isGreaterThan(lastGpu);
      assertThat(e.gpuWeights().plus(e.cpuWeights()).bytes()).isEqualTo(e.modelBytes().bytes());
      lastTg = e.generatedTokensPerSecond();
      lastGpu = e.gpuWeights().bytes();
    }
  }

  @Test
  void smallerQuantizationsGenerateFaster() {
    double q8 = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q8_0), dev("m2-max"))).generatedTokensPerSecond();
    double q4 = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("m2-max"))).generatedTokensPerSecond();
    double f16 = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.F16), dev("m2-max"))).generatedTokensPerSecond();
    assertThat(q4).isGreaterThan(q8);
    assertThat(q8).isGreaterThan(f16);
  }

  @Test
  void kvCacheTypesScaleTheCacheByTheirBlockBytes() {
    LocalEstimate f16 = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090"))
        .contextLength(32768).flashAttention(true));
    LocalEstimate q8 = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090"))
        .contextLength(32768).flashAttention(true).kvCache(KvCacheType.Q8_0));
    LocalEstimate q4 = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090"))
        .contextLength(32768).flashAttention(true).kvCache(KvCacheType.Q4_0));
    // Llama 3.1 8B: 32 layers × 8 KV heads × 128 × 2 (K and V) = 65,536 elements per token.
    assertThat(f16.kvCache().bytes()).isEqualTo(65_536L * 2 * 32768);
    assertThat(q8.kvCache().bytes()).isEqualTo(65_536L * 32768 / 32 * 34);
    assertThat(q4.kvCache().bytes()).isEqualTo(65_536L * 32768 / 32 * 18);
  }

  @Test
  void flashAttentionShrinksTheComputeBufferAndQuantizedVNeedsIt() {
    LocalEstimate off = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090")).contextLength(32768));
    LocalEstimate on = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090")).contextLength(32768)
        .flashAttention(true));
    assertThat(on.computeBuffer().bytes()).isLessThan(off.computeBuffer().bytes());
    assertThatThrownBy(() -> LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090"))
        .kvCache(KvCacheType.Q8_0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flash attention");
  }

  @Test
  void longerContextSlowsGenerationThroughKvReads() {
    double d0 = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090")).contextLength(40000))
        .generatedTokensPerSecond();
    double d32k = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090")).contextLength(40000)
        .depth(32768)).generatedTokensPerSecond();
    assertThat(d32k).isLessThan(d0 * 0.9);
  }

  @Test
  void expertsInRamLeaveTheGpuAndReadOnlyTopKOfThem() {
    GgufLayout l = layout(MOE, QuantMix.Q4_K_M);
    LocalEstimate all = est(LocalRun.builder(MOE, l, dev("rtx-4090")));
    LocalEstimate half = est(LocalRun.builder(MOE, l, dev("rtx-4090")).cpuMoeLayers(24));
    long experts24 = 0;
    for (int i = 0; i < 24; i++) {
      experts24 += l.expertBytes(i);
    }
    assertThat(all.gpuWeights().minus(half.gpuWeights()).bytes()).isEqualTo(experts24);
    assertThat(half.generatedTokensPerSecond()).isLessThan(all.generatedTokensPerSecond());
    // A token reads 8 of 128 experts: MoE generation is far faster than a dense model of the same size.
    LocalEstimate dense = est(LocalRun.builder(ModelCatalog.bundled().get("qwen2.5-72b"),
        layout(ModelCatalog.bundled().get("qwen2.5-72b"), QuantMix.Q2_K), dev("m2-ultra")));
    LocalEstimate moeMac = est(LocalRun.builder(MOE, l, dev("m2-ultra")));
    assertThat(moeMac.generatedTokensPerSecond()).isGreaterThan(3 * dense.generatedTokensPerSecond());
    assertThatThrownBy(() -> LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("rtx-4090")).cpuMoeLayers(2).build())
        .hasMessageContaining("n-cpu-moe");
  }

  @Test
  void partialOffloadPromptProcessingPaysThePcieCopy() {
    LocalEstimate full = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q8_0), dev("rtx-4090")));
    LocalEstimate part = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q8_0), dev("rtx-4090")).gpuLayers(8));
    assertThat(part.promptTokensPerSecond()).isLessThan(full.promptTokensPerSecond());
  }

  @Test
  void cpuRunsEverythingFromRamAndDefaultsAreListed() {
    LocalEstimate cpu = est(LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("ryzen-9-7950x")));
    assertThat(cpu.layersOnGpu()).isZero();
    assertThat(cpu.gpuMemory().bytes()).isZero();
    assertThat(cpu.cpuMemory().bytes()).isGreaterThan(cpu.modelBytes().bytes());
    assertThat(cpu.run().defaultsUsed()).containsKeys("ngl", "ctx", "flash-attn");
    assertThatThrownBy(() -> LocalRun.builder(LLAMA, layout(LLAMA, QuantMix.Q4_K_M), dev("ryzen-9-7950x")).gpuLayers(3).build())
        .hasMessageContaining("ngl must be 0");
  }

  @Test
  void fitPicksTheHighestQualityThatFits() {
    LocalFit f = LocalFit.search(LLAMA, GgufLayout.of(LLAMA, "llama"), false,
        l -> LocalRun.builder(LLAMA, l, dev("rtx-3080")), b -> b.contextLength(16384));
    assertThat(f.best()).isPresent();
    assertThat(f.best().get().run().quantization()).isEqualTo("Q6_K");
    assertThat(f.candidates()).hasSize(LocalFit.CANDIDATES.size());
  }

  @Test
  void latentAttentionIsComputedOverTheCachedLatent() {
    ModelArchitecture v3 = ModelCatalog.bundled().get("deepseek-v3");
    // 128 heads x (512 + 64) for the keys, 128 x 512 for the values (llama.cpp's absorbed MLA).
    assertThat(LocalEstimator.attentionWidths(v3)).isEqualTo(128.0 * (512 + 64 + 512));
    assertThat(LocalEstimator.attentionWidths(LLAMA)).isEqualTo(2.0 * 32 * 128);
    GgufLayout l = layout(v3, QuantMix.Q4_K_M);
    LocalDevice d = LocalDeviceCatalog.bundled().get("m3-ultra");
    LocalEstimate shallow = LocalEstimator.estimate(LocalRun.builder(v3, l, d).quantization("Q4_K_M").build());
    LocalEstimate deep = LocalEstimator.estimate(
        LocalRun.builder(v3, l, d).quantization("Q4_K_M").depth(32768).contextLength(33408).build());
    assertThat(shallow.kvCache().bytes()).isEqualTo(61L * (512 + 64) * 2 * LocalRun.DEFAULT_CONTEXT);
    assertThat(deep.promptTokensPerSecond()).isLessThan(shallow.promptTokensPerSecond());
    assertThat(deep.run().layout().tensors()).anyMatch(t -> t.name().equals("blk.0.attn_kv_a_mqa.weight"));
    assertThat(shallow.assumptions()).anyMatch(s -> s.contains("latent attention"));
  }
}
