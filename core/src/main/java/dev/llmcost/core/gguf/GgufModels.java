package dev.llmcost.core.gguf;

import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.NormKind;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.core.model.QkNorm;
import java.util.OptionalLong;

/**
 * Reads a {@link ModelArchitecture} from a GGUF header: the {@code <arch>.*} hyperparameters of
 * llama.cpp's key naming ({@code llama.block_count}, {@code llama.embedding_length}, {@code
 * llama.attention.head_count_kv}, {@code qwen3moe.expert_count} ...) and, where the keys say
 * nothing, the tensors themselves (vocabulary from {@code token_embd}, tied head when {@code
 * output.weight} is absent, biases and query/key norms when their tensors exist). Multi-head
 * latent attention (DeepSeek-V2/V3, {@code deepseek2}) is read from {@code
 * <arch>.attention.q_lora_rank}, {@code kv_lora_rank}, {@code rope.dimension_count} and the
 * per-head key and value lengths, {@code key_length_mla}/{@code value_length_mla} in files
 * converted for MLA (whose {@code key_length}/{@code value_length} describe the latent) and {@code
 * key_length}/{@code value_length} in older ones, as llama.cpp's {@code deepseek2} loader reads
 * them ({@code src/models/deepseek2.cpp}).
 */
public final class GgufModels {
  private GgufModels() {}

  /**
   * Returns the architecture a GGUF file describes; its id is {@code general.name} or the
   * architecture name.
   *
   * @param f the header
   * @return the architecture
   * @throws GgufFormatException if a required key is missing or of the wrong type
   */
  public static ModelArchitecture architecture(GgufFile f) {
    String arch = arch(f);
    int layers = req(f, arch + ".block_count");
    int hidden = req(f, arch + ".embedding_length");
    int heads = req(f, arch + ".attention.head_count");
    int kv = opt(f, arch + ".attention.head_count_kv").orElse(heads) > 0
        ? (int) opt(f, arch + ".attention.head_count_kv").orElse(heads) : heads;
    GgufTensorInfo emb = f.tensor("token_embd.weight").orElseThrow(() ->
        new GgufFormatException("tensor token_embd.weight is missing; the vocabulary size is unknown"));
    int vocab = (int) emb.dim(1);
    ModelArchitecture.Builder b = ModelArchitecture.builder(
            f.string("general.name").filter(s -> !s.isBlank()).orElse(arch))
        .modelType(arch)
        .layers(layers)
        .hidden(hidden)
        .vocabSize(vocab)
        .heads(heads)
        .kvHeads(kv)
        .tiedEmbeddings(f.tensor("output.weight").isEmpty())
        .positions(PositionEncoding.ROTARY, (int) opt(f, arch + ".context_length").orElse(4096));
    OptionalLong keyLength = opt(f, arch + ".attention.key_length");
    if (opt(f, arch + ".attention.kv_lora_rank").isPresent()) {
      b.attention(latent(f, arch, heads));
    } else if (keyLength.isPresent()) {
      b.headDim((int) keyLength.getAsLong());
    } else if (hidden % heads != 0) {
      throw new GgufFormatException(arch + ".attention.head_count (" + heads + ") does not divide "
          + arch + ".embedding_length (" + hidden + ") and " + arch + ".attention.key_length is absent");
    }
    boolean qkvBias = f.tensor("blk.0.attn_q.bias").isPresent();
    boolean outBias = f.tensor("blk.0.attn_output.bias").isPresent();
    b.attentionBias(qkvBias, outBias);
    f.tensor("blk.0.attn_q_norm.weight").ifPresent(t -> b.qkNorm(
        keyLength.isPresent() && t.dim(0) == keyLength.getAsLong() || t.dim(0) == hidden / heads
            ? QkNorm.PER_HEAD : QkNorm.FULL_WIDTH));
    boolean layerNorm = f.tensor("output_norm.bias").isPresent();
    if (layerNorm) {
      b.normalization(NormKind.LAYER_NORM, 2, true);
    }
    int ff = (int) opt(f, arch + ".feed_forward_length").orElse(0);
    boolean gated = f.tensors().stream().anyMatch(t -> t.name().contains("ffn_gate"));
    b.feedForward(gated, gated ? "silu" : "gelu", f.tensor("blk.0.ffn_up.bias").isPresent());
    b.intermediateSize(ff);
    int experts = (int) opt(f, arch + ".expert_count").orElse(0);
    if (experts > 1) {
      int topK = (int) opt(f, arch + ".expert_used_count").orElse(1);
      int eff = (int) opt(f, arch + ".expert_feed_forward_length").orElse(ff);
      int shared = (int) opt(f, arch + ".expert_shared_count").orElse(0);
      long sharedFf = opt(f, arch + ".expert_shared_feed_forward_length").orElse(
          f.tensor("blk.0.ffn_up_shexp.weight").or(() -> f.tensors().stream()
                  .filter(t -> t.name().endsWith("ffn_up_shexp.weight")).findFirst())
              .map(t -> t.dim(1)).orElse((long) shared * eff));
      int dense = (int) opt(f, arch + ".leading_dense_block_count").orElse(0);
      boolean sharedGate = f.tensors().stream().anyMatch(t -> t.name().contains("ffn_gate_inp_shexp"));
      b.moe(MixtureOfExperts.builder()
          .routedExperts(experts)
          .expertsPerToken(topK)
          .expertIntermediateSize(eff)
          .sharedIntermediateSize((int) sharedFf)
          .sharedExpertGate(sharedGate)
          .routerBias(f.tensors().stream().anyMatch(t -> t.name().contains("exp_probs_b")))
          .firstDenseLayers(dense)
          .build());
    }
    b.assumption("read from GGUF " + f.version() + " metadata (" + arch + ".*) and tensor shapes");
    return b.build();
  }

  private static LatentAttention latent(GgufFile f, String arch, int heads) {
    String a = arch + ".attention.";
    int kvLora = req(f, a + "kv_lora_rank");
    int qLora = (int) opt(f, a + "q_lora_rank").orElse(0);
    int rope = req(f, arch + ".rope.dimension_count");
    long k = opt(f, a + "key_length_mla").orElse(opt(f, a + "key_length").orElseThrow(() ->
        new GgufFormatException("metadata key " + a + "key_length is missing")));
    long v = opt(f, a + "value_length_mla").orElse(opt(f, a + "value_length").orElseThrow(() ->
        new GgufFormatException("metadata key " + a + "value_length is missing")));
    if (k <= rope || v <= 0 || k > Integer.MAX_VALUE || v > Integer.MAX_VALUE) {
      throw new GgufFormatException(a + "key_length (" + k + ") must exceed " + arch
          + ".rope.dimension_count (" + rope + ") and " + a + "value_length (" + v + ") be positive");
    }
    boolean bias = f.tensor("blk.0.attn_output.bias").isPresent();
    return LatentAttention.builder()
        .heads(heads)
        .qLoraRank(qLora)
        .kvLoraRank(kvLora)
        .qkNopeHeadDim((int) k - rope)
        .qkRopeHeadDim(rope)
        .vHeadDim((int) v)
        .bias(bias)
        .build();
  }

  /**
   * Returns the hyperparameters {@link TensorTypeRules} reads from a GGUF header (no importance
   * matrix).
   *
   * @param f the header
   * @return the context
   * @throws GgufFormatException if a required key is missing
   */
  public static QuantContext quantContext(GgufFile f) {
    String arch = arch(f);
    int heads = req(f, arch + ".attention.head_count");
    long kv = opt(f, arch + ".attention.head_count_kv").orElse(heads);
    return new QuantContext(arch, req(f, arch + ".block_count"), heads, (int) Math.max(1, kv),
        (int) opt(f, arch + ".expert_count").orElse(0), false);
  }

  /**
   * Returns the GGUF architecture name llama.cpp's converter writes for a HuggingFace {@code
   * model_type}: Mistral and Mixtral convert as {@code llama}, DeepSeek-V2 and V3 as {@code
   * deepseek2}, {@code qwen3_moe} as {@code qwen3moe}; other names pass through without underscores.
   *
   * @param modelType the HuggingFace {@code model_type}
   * @return the GGUF {@code general.architecture}
   */
  public static String ggufArchitecture(String modelType) {
    return switch (modelType) {
      case "mistral", "mixtral", "custom" -> "llama";
      case "deepseek_v2", "deepseek_v3" -> "deepseek2";
      default -> modelType.replace("_", "");
    };
  }

  private static String arch(GgufFile f) {
    return f.architecture().orElseThrow(() ->
        new GgufFormatException("metadata key general.architecture is missing"));
  }

  private static int req(GgufFile f, String key) {
    long v = opt(f, key).orElseThrow(() -> new GgufFormatException(
        "metadata key " + key + " is missing or not an integer"));
    if (v <= 0 || v > Integer.MAX_VALUE) {
      throw new GgufFormatException("metadata key " + key + " must be a positive int, was " + v);
    }
    return (int) v;
  }

  private static OptionalLong opt(GgufFile f, String key) {
    OptionalLong v = f.integer(key);
    if (v.isPresent()) {
      return v;
    }
    // Per-layer arrays (head_count_kv of some hybrids): the largest entry.
    return f.array(key).filter(a -> a.elementType().isInteger() && a.length() > 0).map(a -> {
      long m = 0;
      for (int i = 0; i < a.length(); i++) {
        m = Math.max(m, a.longAt(i));
      }
      return OptionalLong.of(m);
    }).orElse(OptionalLong.empty());
  }
}
