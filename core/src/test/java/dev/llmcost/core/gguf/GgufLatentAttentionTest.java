package dev.llmcost.core.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multi-head latent attention (DeepSeek-V2/V3) through GGUF: a layout with the {@code deepseek2}
 * tensors llama.cpp loads, written by {@link GgufWriter} with the converter's keys, read back to the
 * same architecture and bytes.
 */
class GgufLatentAttentionTest {
  @TempDir Path dir;

  /** A small DeepSeek-V3-shaped model: compressed query, one leading dense layer, shared expert, router bias. */
  static ModelArchitecture v3Like(int qLoraRank) {
    return ModelArchitecture.builder(qLoraRank > 0 ? "tiny-deepseek" : "tiny-deepseek-lite")
        .modelType("deepseek_v3").layers(3).hidden(256).heads(4).intermediateSize(512).vocabSize(640)
        .attention(LatentAttention.builder().heads(4).qLoraRank(qLoraRank).kvLoraRank(64)
            .qkNopeHeadDim(32).qkRopeHeadDim(16).vHeadDim(32).build())
        .moe(MixtureOfExperts.of(8, 2, 128).toBuilder()
            .sharedIntermediateSize(128).routerBias(true).firstDenseLayers(1).build()).build();
  }

  /**
   * Writes the keys {@code convert_hf_to_gguf.py} writes for {@code deepseek2}: in an MLA file
   * ({@code mla = true}) the key and value lengths describe the latent ({@code kv_lora_rank +
   * rope}, {@code kv_lora_rank}) and the per-head sizes move to {@code *_length_mla}; an older file
   * has the per-head sizes in {@code key_length}/{@code value_length} and no {@code *_mla} keys.
   */
  static GgufWriter writer(ModelArchitecture a, GgufLayout l, boolean mla) {
    LatentAttention m = (LatentAttention) a.attention();
    String arch = l.context().architecture();
    GgufWriter w = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN)
        .putString("general.architecture", arch)
        .putString("general.name", a.id())
        .putUint32(arch + ".block_count", a.layers())
        .putUint32(arch + ".context_length", 4096)
        .putUint32(arch + ".embedding_length", a.hidden())
        .putUint32(arch + ".feed_forward_length", a.feedForward().intermediateSize())
        .putUint32(arch + ".attention.head_count", a.heads())
        .putUint32(arch + ".attention.head_count_kv", mla ? 1 : a.heads())
        .putUint32(arch + ".attention.kv_lora_rank", m.kvLoraRank())
        .putUint32(arch + ".rope.dimension_count", m.qkRopeHeadDim())
        .putUint32(arch + ".leading_dense_block_count", a.moe().firstDenseLayers())
        .putUint32(arch + ".expert_count", a.moe().routedExperts())
        .putUint32(arch + ".expert_used_count", a.moe().expertsPerToken())
        .putUint32(arch + ".expert_feed_forward_length", a.moe().expertIntermediateSize())
        .putUint32(arch + ".expert_shared_count", a.moe().sharedIntermediateSize() / a.moe().expertIntermediateSize());
    if (m.qLoraRank() > 0) {
      w.putUint32(arch + ".attention.q_lora_rank", m.qLoraRank());
    }
    if (mla) {
      w.putUint32(arch + ".attention.key_length", m.kvLoraRank() + m.qkRopeHeadDim())
          .putUint32(arch + ".attention.value_length", m.kvLoraRank())
          .putUint32(arch + ".attention.key_length_mla", m.qkHeadDim())
          .putUint32(arch + ".attention.value_length_mla", m.vHeadDim());
    } else {
      w.putUint32(arch + ".attention.key_length", m.qkHeadDim())
          .putUint32(arch + ".attention.value_length", m.vHeadDim());
    }
    for (GgufTensorInfo t : l.tensors()) {
      w.tensor(t.name(), t.type(), t.dims());
    }
    return w;
  }

  @Test
  void layoutHasTheTensorsLlamaCppLoadsForDeepseek2() {
    ModelArchitecture a = v3Like(96);
    GgufLayout l = GgufLayout.of(a, GgufModels.ggufArchitecture(a.modelType()));
    assertThat(l.context().architecture()).isEqualTo("deepseek2");
    assertThat(l.context().kvHeads()).isEqualTo(1);
    List<String> names = l.tensors().stream().map(GgufTensorInfo::name).toList();
    assertThat(names).contains("blk.0.attn_q_a.weight", "blk.0.attn_q_a_norm.weight", "blk.0.attn_q_b.weight",
        "blk.0.attn_kv_a_mqa.weight", "blk.0.attn_kv_a_norm.weight", "blk.0.attn_k_b.weight",
        "blk.0.attn_v_b.weight", "blk.0.attn_output.weight", "blk.0.ffn_gate.weight",
        "blk.1.ffn_gate_inp.weight", "blk.1.exp_probs_b.bias", "blk.1.ffn_up_exps.weight",
        "blk.1.ffn_up_shexp.weight");
    assertThat(names).doesNotContain("blk.0.attn_kv_b.weight", "blk.0.attn_q.weight", "blk.1.ffn_gate.weight");
    GgufTensorInfo kb = l.tensors().stream().filter(t -> t.name().equals("blk.2.attn_k_b.weight")).findFirst().orElseThrow();
    GgufTensorInfo vb = l.tensors().stream().filter(t -> t.name().equals("blk.2.attn_v_b.weight")).findFirst().orElseThrow();
    assertThat(kb.dims()).containsExactly(32, 64, 4);
    assertThat(vb.dims()).containsExactly(64, 32, 4);
    long params = l.tensors().stream().mapToLong(GgufTensorInfo::elements).sum();
    assertThat(params).isEqualTo(a.parameterCounts().total().value());
  }

  @ParameterizedTest
  @CsvSource({"96,true", "96,false", "0,true", "0,false"})
  void readsTheArchitectureBackFromAnMlaOrOlderFile(int qLoraRank, boolean mla) {
    ModelArchitecture a = v3Like(qLoraRank);
    GgufLayout l = GgufLayout.of(a, "deepseek2").quantize(QuantMix.Q4_K_M, false);
    GgufWriter w = writer(a, l, mla);
    GgufFile f = GgufFile.read(w.write(dir.resolve(a.id() + mla + ".gguf")));
    ModelArchitecture back = GgufModels.architecture(f);
    assertThat(back.attention()).isEqualTo(a.attention());
    assertThat(back.parameterCounts().total()).isEqualTo(a.parameterCounts().total());
    assertThat(back.parameterCounts().active()).isEqualTo(a.parameterCounts().active());
    // The cache holds the latent and the shared rotary key: (64 + 16) per token per layer.
    assertThat(back.kvCacheElementsPerToken()).isEqualTo(a.kvCacheElementsPerToken()).isEqualTo(3L * (64 + 16));
    assertThat(f.parameters()).isEqualTo(a.parameterCounts().total().value());
    assertThat(GgufLayout.of(f).bytesByType()).isEqualTo(l.bytesByType());
    assertThat(GgufLayout.of(back, "deepseek2").quantize(QuantMix.Q4_K_M, false).tensorBytes())
        .isEqualTo(l.tensorBytes());
  }

  @Test
  void catalogDeepSeekV3LaysOutAsDeepseek2WithItsParameterCount() {
    ModelArchitecture a = ModelCatalog.bundled().get("deepseek-v3");
    GgufLayout l = GgufLayout.of(a, GgufModels.ggufArchitecture(a.modelType()));
    assertThat(l.context().architecture()).isEqualTo("deepseek2");
    long params = l.tensors().stream().mapToLong(GgufTensorInfo::elements).sum();
    assertThat(l.tensors()).anyMatch(t -> t.name().equals("blk.60.attn_k_b.weight"));
    assertThat(params).isEqualTo(a.parameterCounts().total().value());
  }

  @Test
  void missingLatentKeysAreClearErrors() {
    ModelArchitecture a = v3Like(96);
    GgufLayout l = GgufLayout.of(a, "deepseek2");
    GgufWriter w = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN)
        .putString("general.architecture", "deepseek2")
        .putUint32("deepseek2.block_count", 3)
        .putUint32("deepseek2.embedding_length", 256)
        .putUint32("deepseek2.attention.head_count", 4)
        .putUint32("deepseek2.attention.kv_lora_rank", 64)
        .putUint32("deepseek2.attention.key_length", 48)
        .putUint32("deepseek2.attention.value_length", 32);
    for (GgufTensorInfo t : l.tensors()) {
      w.tensor(t.name(), t.type(), t.dims());
    }
    GgufFile f = GgufFile.read(w.write(dir.resolve("no-rope.gguf")));
    assertThatThrownBy(() -> GgufModels.architecture(f)).isInstanceOf(GgufFormatException.class)
        .hasMessageContaining("deepseek2.rope.dimension_count");
  }
}
