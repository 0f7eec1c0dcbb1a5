package dev.llmcost.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.DType;
import dev.llmcost.core.model.ArchitectureKind;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelConfigException;
import dev.llmcost.core.model.NormKind;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.core.model.QkNorm;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a HuggingFace {@code config.json} into a {@link ModelArchitecture} with the semantics of
 * the transformers configuration and modeling classes: per-{@code model_type} defaults for absent
 * keys, {@code null} treated as absent, GPT-2 style names ({@code n_embd}, {@code n_layer}), and
 * the module layout each modeling class builds (which biases and norms exist), so that the count
 * equals {@code num_parameters()}.
 */
public final class HuggingFaceConfigParser {

  private final JsonFields f;
  private final String id;
  private final ModelArchitecture.Builder b;

  private HuggingFaceConfigParser(JsonFields fields, String id) {
    this.f = fields;
    this.id = id;
    this.b = ModelArchitecture.builder(id);
  }

  /** The {@code model_type} values with dedicated rules; others load generically when they can. */
  public static final Set<String> MODEL_TYPES =
      Set.copyOf(
          new TreeSet<>(
              List.of(
                  "bert", "roberta", "xlm-roberta", "camembert", "distilbert", "gpt2", "gptj",
                  "gpt_neox", "opt", "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3",
                  "qwen3_moe", "gemma", "gemma2", "gemma3_text", "phi", "phi3", "olmo", "olmo2",
                  "deepseek_v2", "deepseek_v3", "mpt", "bloom", "falcon")));

  private static final Map<String, String> ARCHITECTURE_TO_TYPE =
      Map.ofEntries(
          Map.entry("RWForCausalLM", "falcon"),
          Map.entry("FalconForCausalLM", "falcon"),
          Map.entry("GPT2LMHeadModel", "gpt2"),
          Map.entry("LlamaForCausalLM", "llama"),
          Map.entry("MistralForCausalLM", "mistral"),
          Map.entry("MixtralForCausalLM", "mixtral"),
          Map.entry("BertModel", "bert"),
          Map.entry("BertForMaskedLM", "bert"),
          Map.entry("MPTForCausalLM", "mpt"),
          Map.entry("BloomForCausalLM", "bloom"));

  /**
   * Parses a config.json document.
   *
   * @param root the parsed document
   * @param fallbackId the id to use when the document has no {@code _name_or_path}
   * @param source what the document is, for messages (a path or a catalog id)
   * @return the architecture
   * @throws ModelConfigException if the document cannot be read as a model configuration
   */
  public static ModelArchitecture parse(JsonNode root, String fallbackId, String source) {
    JsonFields fields = new JsonFields(root, source, ModelConfigException::new);
    String id = fallbackId;
    try {
      return new HuggingFaceConfigParser(fields, id).parse();
    } catch (ModelConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ModelConfigException(source + ": " + e.getMessage(), e);
    }
  }

  private ModelArchitecture parse() {
    String type = modelType();
    b.modelType(type);
    b.dtype(dtype());
    switch (type) {
      case "bert", "roberta", "xlm-roberta", "camembert" -> bert(type);
      case "distilbert" -> distilBert();
      case "gpt2" -> gpt2();
      case "gptj" -> gptJ();
      case "gpt_neox" -> gptNeoX();
      case "opt" -> opt();
      case "phi" -> phi();
      case "deepseek_v2", "deepseek_v3" -> deepSeek(type);
      case "mpt" -> mpt();
      case "bloom" -> bloom();
      case "falcon" -> falcon();
      default -> llamaLike(type);
    }
    ModelArchitecture a;
    try {
      a = b.build();
      a.parameterCounts();
    } catch (ArithmeticException e) {
      throw f.fail("sizes too large: " + e.getMessage() + "; the size fields read were " + sizesRead());
    }
    return a;
  }

  /** Lists the integer fields read, largest first, as {@code "hidden_size" 2147483647}. */
  private String sizesRead() {
    StringBuilder s = new StringBuilder();
    f.integersRead().entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(
            e -> s.append(s.length() == 0 ? "" : ", ").append('"').append(e.getKey()).append("\" ").append(e.getValue()));
    return s.toString();
  }

  private String modelType() {
    Optional<String> t = f.string("model_type");
    if (t.isPresent()) {
      String v = t.get().toLowerCase(Locale.ROOT);
      if (v.equals("refinedweb") || v.equals("refinedwebmodel")) {
        return "falcon";
      }
      return v;
    }
    Optional<JsonNode> archs = f.array("architectures");
    if (archs.isPresent()) {
      for (JsonNode a : archs.get()) {
        String mapped = a.isTextual() ? ARCHITECTURE_TO_TYPE.get(a.textValue()) : null;
        if (mapped != null) {
          b.assumption("no \"model_type\": inferred \"" + mapped + "\" from architectures " + a);
          return mapped;
        }
      }
    }
    throw f.fail("missing the required field \"model_type\" (and no known \"architectures\" entry)");
  }

  private DType dtype() {
    Optional<String> d = f.string("torch_dtype", "dtype");
    if (d.isEmpty()) {
      b.assumption("no \"torch_dtype\": weights assumed fp32, the transformers default");
      return DType.FP32;
    }
    return DType.find(d.get())
        .orElseThrow(
            () -> f.fail("field \"torch_dtype\" must name a data type such as bfloat16, was \"" + d.get() + "\""));
  }

  private int req(String... keys) {
    int v = f.requireInteger(keys);
    if (v <= 0) {
      throw f.fail("field \"" + f.firstPresent(keys).orElse(keys[0]) + "\" must be > 0, was " + v);
    }
    return v;
  }

  private int opt(int def, String... keys) {
    int v = f.integer(def, keys);
    if (v < 0) {
      throw f.fail("field \"" + f.firstPresent(keys).orElse(keys[0]) + "\" must be >= 0, was " + v);
    }
    return v;
  }

  /**
   * Reads a size that must be positive when given; when absent (or {@code null}) it takes {@code
   * def}, the transformers configuration class's default for {@code type}, and says so in the
   * assumptions.
   */
  private int size(int def, String type, String key) {
    if (!f.has(key)) {
      b.assumption("no \"" + key + "\": " + def + ", the transformers " + type + " configuration default");
      return def;
    }
    return req(key);
  }

  /**
   * Reads a key whose absence and explicit {@code null} mean different things in transformers: an
   * absent key takes the configuration class's default, {@code null} takes the documented
   * fallback (for example {@code num_key_value_heads: null} means as many KV heads as heads).
   */
  private int absentOrNull(String key, int absentDefault, int nullValue) {
    JsonNode v = f.node().get(key);
    if (v == null) {
      return absentDefault;
    }
    if (v.isNull()) {
      return nullValue;
    }
    // given: 0 is not "absent" (transformers would divide by it or build no heads)
    return req(key);
  }

  private String activation(String def, String... keys) {
    return f.string(keys).orElse(def);
  }

  // ---------------------------------------------------------------- encoders

  private void bert(String type) {
    int hidden = opt(768, "hidden_size");
    int heads = opt(12, "num_attention_heads");
    String positionType = f.string("position_embedding_type").orElse("absolute");
    if (!positionType.equals("absolute")) {
      throw f.fail(
          "field \"position_embedding_type\" \""
              + positionType
              + "\" is not supported (only \"absolute\" is modelled)");
    }
    b.kind(ArchitectureKind.ENCODER_ONLY)
        .layers(opt(12, "num_hidden_layers"))
        .hidden(hidden)
        .heads(heads)
        .vocabSize(opt(type.equals("bert") ? 30522 : type.equals("roberta") ? 50265 : 30522, "vocab_size"))
        .intermediateSize(opt(3072, "intermediate_size"))
        .feedForward(false, activation("gelu", "hidden_act"), true)
        .attentionBias(true, true)
        .positions(PositionEncoding.LEARNED, opt(512, "max_position_embeddings"))
        .tokenTypes(opt(2, "type_vocab_size"))
        .embeddingNorm(true)
        .normalization(NormKind.LAYER_NORM, 2, false)
        .tiedEmbeddings(true)
        .pooler(true)
        .assumption("counted as " + className(type) + "Model with its pooler (AutoModel), without a task head");
  }

  private static String className(String type) {
    return switch (type) {
      case "roberta" -> "Roberta";
      case "xlm-roberta" -> "XLMRoberta";
      case "camembert" -> "Camembert";
      default -> "Bert";
    };
  }

  private void distilBert() {
    if (f.bool(false, "sinusoidal_pos_embds")) {
      b.positions(PositionEncoding.SINUSOIDAL, opt(512, "max_position_embeddings"));
    } else {
      b.positions(PositionEncoding.LEARNED, opt(512, "max_position_embeddings"));
    }
    b.kind(ArchitectureKind.ENCODER_ONLY)
        .layers(opt(6, "n_layers"))
        .hidden(opt(768, "dim"))
        .heads(opt(12, "n_heads"))
        .vocabSize(opt(30522, "vocab_size"))
        .intermediateSize(opt(3072, "hidden_dim"))
        .feedForward(false, activation("gelu", "activation"), true)
        .attentionBias(true, true)
        .embeddingNorm(true)
        .normalization(NormKind.LAYER_NORM, 2, false)
        .tiedEmbeddings(true)
        .assumption("counted as DistilBertModel (AutoModel), without a task head");
  }

  // ---------------------------------------------------------------- GPT family

  private void gpt2() {
    int hidden = opt(768, "n_embd", "hidden_size");
    b.layers(opt(12, "n_layer", "num_hidden_layers"))
        .hidden(hidden)
        .heads(opt(12, "n_head", "num_attention_heads"))
        .vocabSize(opt(50257, "vocab_size"))
        .intermediateSize(f.integer("n_inner").orElse(4 * hidden))
        .feedForward(false, activation("gelu_new", "activation_function"), true)
        .attentionBias(true, true)
        .positions(PositionEncoding.LEARNED, opt(1024, "n_positions", "n_ctx", "max_position_embeddings"))
        .normalization(NormKind.LAYER_NORM, 2, true)
        .tiedEmbeddings(f.bool(true, "tie_word_embeddings"));
  }

  private void gptJ() {
    int hidden = opt(4096, "n_embd");
    b.layers(opt(28, "n_layer"))
        .hidden(hidden)
        .heads(opt(16, "n_head"))
        .vocabSize(opt(50400, "vocab_size"))
        .intermediateSize(f.integer("n_inner").orElse(4 * hidden))
        .feedForward(false, activation("gelu_new", "activation_function"), true)
        .attentionBias(false, false)
        .positions(PositionEncoding.ROTARY, opt(2048, "n_positions"))
        .normalization(NormKind.LAYER_NORM, 1, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"))
        .outputHeadBias(true);
  }

  private void gptNeoX() {
    boolean bias = f.bool(true, "attention_bias");
    b.layers(opt(44, "num_hidden_layers"))
        .hidden(opt(6144, "hidden_size"))
        .heads(opt(64, "num_attention_heads"))
        .vocabSize(opt(50432, "vocab_size"))
        .intermediateSize(opt(24576, "intermediate_size"))
        .feedForward(false, activation("gelu", "hidden_act"), true)
        .attentionBias(bias, bias)
        .positions(PositionEncoding.ROTARY, opt(2048, "max_position_embeddings"))
        .normalization(NormKind.LAYER_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"));
  }

  private void opt() {
    int hidden = opt(768, "hidden_size");
    int proj = f.integer("word_embed_proj_dim").orElse(hidden);
    if (proj != hidden) {
      throw f.fail(
          "field \"word_embed_proj_dim\" ("
              + proj
              + ") differs from \"hidden_size\" ("
              + hidden
              + "): OPT's embedding projections are not modelled");
    }
    boolean bias = f.bool(true, "enable_bias");
    boolean preNorm = f.bool(true, "do_layer_norm_before");
    boolean affine = f.bool(true, "layer_norm_elementwise_affine");
    b.layers(opt(12, "num_hidden_layers"))
        .hidden(hidden)
        .heads(opt(12, "num_attention_heads"))
        .vocabSize(opt(50272, "vocab_size"))
        .intermediateSize(opt(3072, "ffn_dim"))
        .feedForward(false, activation("relu", "activation_function"), bias)
        .attentionBias(bias, bias)
        .positions(PositionEncoding.LEARNED, opt(2048, "max_position_embeddings"))
        .positionOffset(2)
        .normalization(affine ? NormKind.LAYER_NORM : NormKind.NON_PARAMETRIC, 2, preNorm)
        .tiedEmbeddings(f.bool(true, "tie_word_embeddings"));
  }

  private void phi() {
    int heads = opt(32, "num_attention_heads");
    b.layers(opt(24, "num_hidden_layers"))
        .hidden(opt(2048, "hidden_size"))
        .heads(heads)
        .kvHeads(f.integer("num_key_value_heads").orElse(heads))
        .vocabSize(opt(51200, "vocab_size"))
        .intermediateSize(opt(8192, "intermediate_size"))
        .feedForward(false, activation("gelu_new", "hidden_act"), true)
        .attentionBias(true, true)
        .qkNorm(f.bool(false, "qk_layernorm") ? QkNorm.PER_HEAD : QkNorm.NONE)
        .positions(PositionEncoding.ROTARY, opt(2048, "max_position_embeddings"))
        .normalization(NormKind.LAYER_NORM, 1, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"))
        .outputHeadBias(true);
  }

  private void bloom() {
    int hidden = opt(64, "hidden_size", "n_embed");
    b.layers(opt(2, "n_layer", "num_hidden_layers"))
        .hidden(hidden)
        .heads(opt(8, "n_head", "num_attention_heads"))
        .vocabSize(opt(250880, "vocab_size"))
        .intermediateSize(4 * hidden)
        .feedForward(false, "gelu", true)
        .attentionBias(true, true)
        .positions(PositionEncoding.ALIBI, opt(2048, "seq_length", "max_position_embeddings"))
        .embeddingNorm(true)
        .normalization(NormKind.LAYER_NORM, 2, true)
        .tiedEmbeddings(f.bool(true, "tie_word_embeddings"));
  }

  private void mpt() {
    int hidden = opt(2048, "d_model");
    int heads = opt(16, "n_heads");
    int expansion = opt(4, "expansion_ratio");
    Optional<JsonFields> attn = f.object("attn_config");
    int kvHeads = heads;
    boolean alibi = true;
    if (attn.isPresent()) {
      alibi = attn.get().bool(true, "alibi");
      String attnType = attn.get().string("attn_type").orElse("multihead_attention");
      if (!attnType.equals("multihead_attention")) {
        kvHeads = attn.get().integer("kv_n_heads").orElse(attnType.equals("multiquery_attention") ? 1 : heads);
        b.assumption(
            "attn_config.attn_type \"" + attnType + "\" with " + kvHeads
                + " KV heads, as llm-foundry builds it (transformers' MptAttention is MHA only)");
      }
    }
    b.layers(opt(24, "n_layers"))
        .hidden(hidden)
        .heads(heads)
        .kvHeads(kvHeads)
        .vocabSize(opt(50368, "vocab_size"))
        .intermediateSize(expansion * hidden)
        .feedForward(false, "gelu", false)
        .attentionBias(false, false)
        .positions(alibi ? PositionEncoding.ALIBI : PositionEncoding.NONE, opt(2048, "max_seq_len"))
        .normalization(NormKind.LAYER_NORM_NO_BIAS, 2, true)
        .tiedEmbeddings(true)
        .assumption("MPT as transformers builds it: no biases in linear layers or norms, whatever \"no_bias\" says");
    if (!alibi) {
      b.assumption("attn_config.alibi is false: no position table is counted (transformers' MPT has none)");
    }
  }

  private void falcon() {
    int hidden = opt(4544, "hidden_size", "n_embed");
    int heads = opt(71, "num_attention_heads", "n_head");
    boolean newArch = f.bool(false, "new_decoder_architecture");
    boolean multiQuery = f.bool(true, "multi_query");
    boolean parallel = f.bool(true, "parallel_attn");
    boolean bias = f.bool(false, "bias");
    int kvHeads;
    if (newArch) {
      kvHeads = f.integer("num_kv_heads", "n_head_kv").orElse(heads);
    } else {
      kvHeads = multiQuery ? 1 : heads;
    }
    int norms;
    if (newArch) {
      norms = f.integer("num_ln_in_parallel_attn").orElse(2);
    } else {
      norms = parallel ? 1 : 2;
    }
    b.layers(opt(32, "num_hidden_layers", "n_layer"))
        .hidden(hidden)
        .heads(heads)
        .kvHeads(kvHeads)
        .vocabSize(opt(65024, "vocab_size"))
        .intermediateSize(f.integer("ffn_hidden_size").orElse(4 * hidden))
        .feedForward(false, "gelu", bias)
        .attentionBias(bias, bias)
        .positions(
            f.bool(false, "alibi") ? PositionEncoding.ALIBI : PositionEncoding.ROTARY,
            opt(2048, "max_position_embeddings"))
        .normalization(NormKind.LAYER_NORM, norms, true)
        .tiedEmbeddings(f.bool(true, "tie_word_embeddings"));
  }

  // ---------------------------------------------------------------- DeepSeek (MLA + MoE)

  private void deepSeek(String type) {
    boolean v3 = type.equals("deepseek_v3");
    int hidden = size(v3 ? 7168 : 4096, type, "hidden_size");
    int layers = size(v3 ? 61 : 30, type, "num_hidden_layers");
    int heads = size(v3 ? 128 : 32, type, "num_attention_heads");
    boolean bias = f.bool(false, "attention_bias");
    LatentAttention mla =
        new LatentAttention(
            heads,
            absentOrNull("q_lora_rank", 1536, 0),
            size(512, type, "kv_lora_rank"),
            size(128, type, "qk_nope_head_dim"),
            size(64, type, "qk_rope_head_dim"),
            size(128, type, "v_head_dim"),
            bias);
    JsonNode routedNode = f.node().get("n_routed_experts");
    int routed;
    if (routedNode == null) {
      routed = v3 ? 256 : 0;
      b.assumption("no \"n_routed_experts\": " + (v3 ? "256 routed experts" : "dense (no experts)")
          + ", the transformers " + type + " configuration default");
    } else if (routedNode.isNull()) {
      routed = 0;
      b.assumption("\"n_routed_experts\" is null: every layer dense, as transformers builds it");
    } else {
      routed = req("n_routed_experts");
    }
    MixtureOfExperts moe = MixtureOfExperts.NONE;
    if (routed > 0) {
      int shared = f.has("n_shared_experts") ? opt(0, "n_shared_experts") : v3 ? 1 : 0;
      if (!f.has("n_shared_experts")) {
        b.assumption("no \"n_shared_experts\": " + shared + ", the transformers " + type + " configuration default");
      }
      int expertSize = size(v3 ? 2048 : 1407, type, "moe_intermediate_size");
      String topkMethod = f.string("topk_method").orElse(v3 ? "noaux_tc" : "greedy");
      boolean correctionBias = topkMethod.equals("noaux_tc");
      moe =
          new MixtureOfExperts(
              routed,
              size(v3 ? 8 : 6, type, "num_experts_per_tok"),
              expertSize,
              shared * expertSize,
              false,
              correctionBias,
              opt(v3 ? 3 : 0, "first_k_dense_replace"),
              Math.max(1, opt(1, "moe_layer_freq")),
              0);
      if (correctionBias) {
        b.assumption(
            "topk_method noaux_tc: the router's e_score_correction_bias ("
                + routed
                + " per MoE layer) is counted, as in the checkpoint and DeepSeek's modeling code"
                + " (transformers' native class keeps it as a buffer)");
      }
    }
    int mtp = f.integer(0, "num_nextn_predict_layers");
    if (mtp > 0) {
      b.assumption(
          mtp + " multi-token-prediction layer(s) in the checkpoint are not part of the transformers model and are not counted");
    }
    b.layers(layers)
        .hidden(hidden)
        .vocabSize(size(v3 ? 129280 : 102400, type, "vocab_size"))
        .attention(mla)
        .intermediateSize(size(v3 ? 18432 : 11008, type, "intermediate_size"))
        .feedForward(true, activation("silu", "hidden_act"), false)
        .moe(moe)
        .positions(PositionEncoding.ROTARY, size(v3 ? 4096 : 2048, type, "max_position_embeddings"))
        .normalization(NormKind.RMS_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"));
  }

  // ---------------------------------------------------------------- Llama-like decoders

  /** Defaults of the transformers configuration class of each Llama-like model type. */
  private record Defaults(
      int vocab,
      int hidden,
      int intermediate,
      int layers,
      int heads,
      int kvHeads,
      int headDim,
      int maxPositions,
      boolean tie,
      String activation) {}

  private static Defaults defaults(String type) {
    return switch (type) {
      case "llama" -> new Defaults(32000, 4096, 11008, 32, 32, 0, 0, 2048, false, "silu");
      case "mistral" -> new Defaults(32000, 4096, 14336, 32, 32, 8, 0, 4096 * 32, false, "silu");
      case "mixtral" -> new Defaults(32000, 4096, 14336, 32, 32, 8, 0, 4096 * 32, false, "silu");
      case "qwen2" -> new Defaults(151936, 4096, 22016, 32, 32, 32, 0, 32768, false, "silu");
      case "qwen2_moe" -> new Defaults(151936, 2048, 5632, 24, 16, 16, 0, 32768, false, "silu");
      case "qwen3" -> new Defaults(151936, 4096, 22016, 32, 32, 32, 128, 32768, false, "silu");
      case "qwen3_moe" -> new Defaults(151936, 2048, 6144, 24, 32, 4, 128, 32768, false, "silu");
      case "gemma" -> new Defaults(256000, 3072, 24576, 28, 16, 16, 256, 8192, true, "gelu_pytorch_tanh");
      case "gemma2" -> new Defaults(256000, 2304, 9216, 26, 8, 4, 256, 8192, true, "gelu_pytorch_tanh");
      case "gemma3_text" -> new Defaults(262208, 2304, 9216, 26, 8, 4, 256, 131072, true, "gelu_pytorch_tanh");
      case "phi3" -> new Defaults(32064, 3072, 8192, 32, 32, 0, 0, 4096, false, "silu");
      case "olmo" -> new Defaults(50304, 4096, 11008, 32, 32, 0, 0, 2048, false, "silu");
      case "olmo2" -> new Defaults(50304, 4096, 11008, 32, 32, 0, 0, 2048, false, "silu");
      default -> null;
    };
  }

  private void llamaLike(String type) {
    Defaults d = defaults(type);
    boolean known = d != null;
    if (!known) {
      if (f.has("text_config")) {
        throw f.fail(
            "model_type \""
                + type
                + "\" is a multimodal wrapper; pass the language model's config (its \"text_config\")");
      }
      for (String k : List.of("hidden_size", "num_hidden_layers", "num_attention_heads", "vocab_size", "intermediate_size")) {
        if (!f.has(k)) {
          throw f.fail(
              "model_type \""
                  + type
                  + "\" has no dedicated rules and the generic field \""
                  + k
                  + "\" is missing; supported model types: "
                  + String.join(", ", MODEL_TYPES));
        }
      }
      d = new Defaults(0, 0, 0, 0, 0, 0, 0, 2048, true, "silu");
      b.assumption(
          "model_type \"" + type + "\" has no dedicated rules: read as a Llama-style decoder"
              + " (RMSNorm pre-norm, gated MLP, rotary positions, biases only if attention_bias/mlp_bias say so)");
      if (!f.has("tie_word_embeddings")) {
        b.assumption("no \"tie_word_embeddings\": tied, the transformers PretrainedConfig default");
      }
    }
    String defaultsOf = known ? type : "llama";
    int hidden = known ? size(d.hidden, type, "hidden_size") : req("hidden_size");
    int layers = known ? size(d.layers, type, "num_hidden_layers") : req("num_hidden_layers");
    int heads = known ? size(d.heads, type, "num_attention_heads") : req("num_attention_heads");
    if (!f.node().has("num_key_value_heads")) {
      b.assumption("no \"num_key_value_heads\": " + (d.kvHeads == 0 ? heads + ", as many as attention heads" : d.kvHeads)
          + ", the transformers " + defaultsOf + " configuration default");
    }
    int kvHeads = absentOrNull("num_key_value_heads", d.kvHeads == 0 ? heads : d.kvHeads, heads);
    if (!f.node().has("head_dim") && d.headDim != 0) {
      b.assumption("no \"head_dim\": " + d.headDim + ", the transformers " + type + " configuration default");
    }
    int headDim = absentOrNull("head_dim", d.headDim, 0);
    int vocab = known ? size(d.vocab, type, "vocab_size") : req("vocab_size");
    int intermediate = known ? size(d.intermediate, type, "intermediate_size") : req("intermediate_size");
    boolean tie = f.bool(d.tie, "tie_word_embeddings");
    String act = activation(d.activation, "hidden_activation", "hidden_act");

    boolean attnBias = f.bool(false, "attention_bias");
    boolean qkvBias = attnBias;
    boolean outBias = attnBias;
    if (type.equals("qwen2") || type.equals("qwen2_moe")) {
      qkvBias = true;
      outBias = false;
    }
    NormKind norm = type.equals("olmo") ? NormKind.NON_PARAMETRIC : NormKind.RMS_NORM;
    int normsPerLayer = type.equals("gemma2") || type.equals("gemma3_text") ? 4 : 2;
    QkNorm qk =
        switch (type) {
          case "qwen3", "qwen3_moe", "gemma3_text" -> QkNorm.PER_HEAD;
          case "olmo2" -> QkNorm.FULL_WIDTH;
          default -> QkNorm.NONE;
        };

    b.layers(layers)
        .hidden(hidden)
        .heads(heads)
        .kvHeads(kvHeads)
        .headDim(headDim)
        .vocabSize(vocab)
        .intermediateSize(intermediate)
        .feedForward(true, act, f.bool(false, "mlp_bias"))
        .attentionBias(qkvBias, outBias)
        .qkNorm(qk)
        .positions(PositionEncoding.ROTARY, size(d.maxPositions, defaultsOf, "max_position_embeddings"))
        .normalization(norm, normsPerLayer, true)
        .tiedEmbeddings(tie);
    slidingWindow(type, layers);
    moe(type, intermediate);
  }

  private void slidingWindow(String type, int layers) {
    OptionalInt window = f.integer("sliding_window");
    Optional<JsonNode> layerTypes = f.array("layer_types");
    if (layerTypes.isPresent() && window.isPresent()) {
      int sliding = 0;
      for (JsonNode t : layerTypes.get()) {
        if (t.isTextual() && t.textValue().equals("sliding_attention")) {
          sliding++;
        }
      }
      if (sliding > 0) {
        b.slidingWindow(window.getAsInt(), sliding);
      }
      return;
    }
    if (window.isEmpty() || window.getAsInt() <= 0) {
      return;
    }
    int w = window.getAsInt();
    switch (type) {
      case "mistral", "mixtral", "phi3" -> b.slidingWindow(w, layers);
      case "gemma2" -> b.slidingWindow(w, (layers + 1) / 2);
      case "gemma3_text" -> {
        int pattern = f.integer(6, "sliding_window_pattern");
        b.slidingWindow(w, layers - layers / Math.max(1, pattern));
      }
      case "qwen2", "qwen2_moe", "qwen3", "qwen3_moe" -> {
        if (f.bool(false, "use_sliding_window")) {
          int full = f.integer(layers, "max_window_layers");
          if (layers - full > 0) {
            b.slidingWindow(w, layers - full);
          }
        }
      }
      default -> {
        if (f.bool(true, "use_sliding_window")) {
          b.slidingWindow(w, layers);
          b.assumption("\"sliding_window\" " + w + " applied to every layer");
        }
      }
    }
  }

  private void moe(String type, int intermediate) {
    switch (type) {
      case "mixtral" -> b.moe(MixtureOfExperts.of(opt(8, "num_local_experts"), opt(2, "num_experts_per_tok"), intermediate));
      case "qwen2_moe", "qwen3_moe" -> {
        Optional<JsonNode> mlpOnly = f.array("mlp_only_layers");
        if (mlpOnly.isPresent() && mlpOnly.get().size() > 0) {
          throw f.fail("field \"mlp_only_layers\" " + JsonFields.describe(mlpOnly.get()) + " is not supported; only an empty list is");
        }
        int step = Math.max(1, opt(1, "decoder_sparse_step"));
        boolean qwen2 = type.equals("qwen2_moe");
        int experts = opt(qwen2 ? 60 : 128, "num_experts");
        int shared = qwen2 ? opt(5632, "shared_expert_intermediate_size") : 0;
        b.moe(
            new MixtureOfExperts(
                experts,
                opt(qwen2 ? 4 : 8, "num_experts_per_tok"),
                opt(qwen2 ? 1408 : 768, "moe_intermediate_size"),
                shared,
                qwen2 && shared > 0,
                false,
                0,
                step,
                step - 1));
      }
      default -> {
        if (defaults(type) == null) {
          OptionalInt experts = f.integer("num_local_experts", "num_experts", "n_routed_experts");
          if (experts.isPresent() && experts.getAsInt() > 0) {
            int topK = f.requireInteger("num_experts_per_tok");
            int size = f.integer("moe_intermediate_size").orElse(intermediate);
            b.moe(MixtureOfExperts.of(experts.getAsInt(), topK, size));
            b.assumption("experts read generically: every layer is an MoE layer, no shared expert, router without bias");
          }
        }
      }
    }
  }
}
