package dev.llmcost.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.DType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.model.ArchitectureKind;
import dev.llmcost.core.model.BlockLayout;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.LayerMixer;
import dev.llmcost.core.model.LayerSpec;
import dev.llmcost.core.model.LinearAttention;
import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.MlpKind;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelConfigException;
import dev.llmcost.core.model.NormKind;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.core.model.QkNorm;
import dev.llmcost.core.model.RotaryScaling;
import dev.llmcost.core.model.SparseAttentionIndexer;
import dev.llmcost.core.model.StateSpaceMixer;
import dev.llmcost.core.model.UnknownModelTypePolicy;
import java.util.ArrayList;
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
  private final UnknownModelTypePolicy policy;
  private MixtureOfExperts moe = MixtureOfExperts.NONE;

  private HuggingFaceConfigParser(JsonFields fields, String id, UnknownModelTypePolicy policy) {
    this.f = fields;
    this.id = id;
    this.b = ModelArchitecture.builder(id);
    this.policy = policy;
  }

  /** The {@code model_type} values with dedicated rules; others load generically when they can. */
  public static final Set<String> MODEL_TYPES =
      Set.copyOf(
          new TreeSet<>(
              List.of(
                  "bert", "roberta", "xlm-roberta", "camembert", "distilbert", "gpt2", "gptj",
                  "gpt_neox", "opt", "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3",
                  "qwen3_moe", "gemma", "gemma2", "gemma3_text", "phi", "phi3", "olmo", "olmo2",
                  "olmo3", "smollm3", "deepseek_v2", "deepseek_v3", "deepseek_v32", "kimi_k2",
                  "glm4_moe", "mpt", "bloom", "falcon", "nemotron", "gpt_oss", "qwen3_next",
                  "llama4_text", "jamba", "mamba2", "falcon_h1", "llama4", "gemma3", "mistral3", "llava",
                  "qwen2_5_vl", "qwen2_5_vl_text", "qwen3_vl", "qwen3_vl_text")));

  /** Multimodal wrappers: the {@code model_type} of their language model when the text config omits it. */
  private static final Map<String, String> WRAPPER_TEXT_TYPE =
      Map.of(
          "llama4", "llama4_text",
          "gemma3", "gemma3_text",
          "mistral3", "mistral",
          "llava", "llama",
          "qwen3_vl", "qwen3_vl_text");

  /** Wrappers whose vision tower and projector are counted. */
  private static final Set<String> VISION_TOWERS =
      Set.of("gemma3", "llava", "llama4", "mistral3", "qwen2_5_vl", "qwen3_vl");

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
    return parse(root, fallbackId, source, UnknownModelTypePolicy.REJECT);
  }

  /**
   * Parses a config.json document.
   *
   * @param root the parsed document
   * @param fallbackId the id to use
   * @param source what the document is, for messages (a path or a catalog id)
   * @param policy what to do with a {@code model_type} without dedicated rules
   * @return the architecture
   * @throws ModelConfigException if the document cannot be read as a model configuration
   */
  public static ModelArchitecture parse(
      JsonNode root, String fallbackId, String source, UnknownModelTypePolicy policy) {
    JsonFields fields = new JsonFields(root, source, ModelConfigException::new);
    String id = fallbackId;
    try {
      return new HuggingFaceConfigParser(fields, id, policy).parse();
    } catch (ModelConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ModelConfigException(source + ": " + e.getMessage(), e);
    }
  }

  private ModelArchitecture parse() {
    String type = modelType();
    if (WRAPPER_TEXT_TYPE.containsKey(type) || (type.equals("qwen2_5_vl") && f.has("text_config"))) {
      return wrapper(type);
    }
    b.modelType(type);
    boolean mxfp4WithoutDtype =
        type.equals("gpt_oss") && !f.has("torch_dtype") && !f.has("dtype")
            && f.object("quantization_config").flatMap(q -> q.string("quant_method")).orElse("").equals("mxfp4");
    if (!mxfp4WithoutDtype) {
      b.dtype(dtype());
    }
    switch (type) {
      case "gpt_oss" -> gptOss();
      case "qwen3_next" -> qwen3Next();
      case "llama4_text" -> llama4Text();
      case "nemotron" -> nemotron();
      case "jamba" -> jamba();
      case "mamba2" -> mamba2();
      case "falcon_h1" -> falconH1();
      case "glm4_moe" -> glm4Moe();
      case "kimi_k2", "deepseek_v32" -> deepSeek(type);
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
      case "qwen2_5_vl" -> {
        // the Hub's Qwen2.5-VL config.json: the language model's fields at the top level
        llamaLike("qwen2");
        Optional<JsonFields> vision = f.object("vision_config");
        if (vision.isPresent()) {
          long v = visionTower(type, vision.get(), f.integer(3584, "hidden_size"));
          b.visionParameters(v).assumption("qwen2_5_vl: the language model (Qwen2 layout) and its vision tower and"
              + " patch merger (" + v + " parameters)");
        } else {
          b.assumption("qwen2_5_vl: no \"vision_config\": the language model (Qwen2 layout) only");
        }
      }
      case "qwen2_5_vl_text" -> llamaLike("qwen2");
      default -> llamaLike(type);
    }
    ModelArchitecture a;
    try {
      a = b.build();
      RotaryScaling scaling = rotaryScaling();
      if (scaling != RotaryScaling.NONE && a.embeddings().positions() == PositionEncoding.ROTARY) {
        a = b.rotaryScaling(scaling).build();
      }
      a.parameterCounts();
    } catch (ArithmeticException e) {
      throw f.fail("sizes too large: " + e.getMessage() + "; the size fields read were " + sizesRead());
    }
    return a;
  }

  /**
   * Returns the rotary scaling {@code rope_scaling} names by its {@code rope_type} (transformers' current key) or
   * {@code type} (the older one), {@link RotaryScaling#NONE} without one.
   */
  private RotaryScaling rotaryScaling() {
    return f.object("rope_scaling")
        .flatMap(r -> r.string("rope_type", "type"))
        .map(RotaryScaling::ofType)
        .orElse(RotaryScaling.NONE);
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
        .blockLayout(BlockLayout.PARALLEL) // GPTJBlock: attn_output + feed_forward_hidden_states + residual
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
        // GPTNeoXLayer: x + attn(ln1(x)) + mlp(ln2(x)) when use_parallel_residual (transformers' default true)
        .blockLayout(f.bool(true, "use_parallel_residual") ? BlockLayout.PARALLEL : BlockLayout.SERIAL)
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
        .blockLayout(BlockLayout.PARALLEL) // PhiDecoderLayer: attn_outputs + feed_forward_hidden_states + residual
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
        // FalconDecoderLayer adds the attention output to the MLP's when new_decoder_architecture or parallel_attn
        .blockLayout(newArch || parallel ? BlockLayout.PARALLEL : BlockLayout.SERIAL)
        .tiedEmbeddings(f.bool(true, "tie_word_embeddings"));
  }

  // ---------------------------------------------------------------- DeepSeek (MLA + MoE)

  private void deepSeek(String type) {
    boolean v3 = !type.equals("deepseek_v2");
    int hidden = size(v3 ? 7168 : 4096, type, "hidden_size");
    int layers = size(v3 ? 61 : 30, type, "num_hidden_layers");
    int heads = size(v3 ? 128 : 32, type, "num_attention_heads");
    boolean bias = f.bool(false, "attention_bias");
    LatentAttention mla =
        LatentAttention.builder()
            .heads(heads)
            .qLoraRank(absentOrNull("q_lora_rank", 1536, 0))
            .kvLoraRank(size(512, type, "kv_lora_rank"))
            .qkNopeHeadDim(size(128, type, "qk_nope_head_dim"))
            .qkRopeHeadDim(size(64, type, "qk_rope_head_dim"))
            .vHeadDim(size(128, type, "v_head_dim"))
            .bias(bias)
            .build();
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
      int[] groups = routingGroups(topkMethod, v3, type);
      moe =
          MixtureOfExperts.builder()
              .routedExperts(routed)
              .expertsPerToken(size(v3 ? 8 : 6, type, "num_experts_per_tok"))
              .expertIntermediateSize(expertSize)
              .sharedIntermediateSize(shared * expertSize)
              .routerBias(correctionBias)
              .firstDenseLayers(opt(v3 ? 3 : 0, "first_k_dense_replace"))
              .layerPeriod(Math.max(1, opt(1, "moe_layer_freq")))
              .routingGroups(groups[0], groups[1])
              .build();
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
      b.multiTokenPredictionLayers(mtp);
      b.assumption(
          mtp + " multi-token-prediction layer(s) in the checkpoint are not part of the transformers model and are not counted");
    }
    if (type.equals("deepseek_v32") || f.has("index_n_heads")) {
      SparseAttentionIndexer ix =
          SparseAttentionIndexer.of(
              size(64, type, "index_n_heads"), size(128, type, "index_head_dim"), size(2048, type, "index_topk"));
      b.indexer(ix);
      b.assumption(
          "DeepSeek Sparse Attention indexer counted per layer as in the reference checkpoint ("
              + ix.heads() + " heads of " + ix.headDim() + "; each token caches one " + ix.headDim()
              + "-feature indexer key per layer besides the MLA latent)");
    }
    if (type.equals("kimi_k2")) {
      b.assumption("kimi_k2: DeepSeek-V3 schema (MLA, shared expert, first_k_dense_replace, noaux_tc router)");
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

  /**
   * Returns {@code {n_group, topk_group}} of a DeepSeek router: group-limited selection runs only under {@code
   * topk_method} {@code noaux_tc} (V3: {@code MoEGate.forward} in the checkpoint's {@code modeling_deepseek.py} and
   * transformers' {@code DeepseekV3TopkRouter}, which always mask to the top {@code topk_group} groups) and {@code
   * group_limited_greedy} (V2); {@code greedy} routes over all experts. Absent keys take the transformers
   * defaults ({@code DeepseekV3Config}: 8 and 4; {@code DeepseekV2Config}: none, i.e. 1 and 1).
   */
  private int[] routingGroups(String topkMethod, boolean v3, String type) {
    if (!topkMethod.equals("noaux_tc") && !topkMethod.equals("group_limited_greedy")) {
      return new int[] {1, 1};
    }
    int groups = f.node().get("n_group") == null || f.node().get("n_group").isNull()
        ? defaultGroups(v3 ? 8 : 1, type, "n_group") : req("n_group");
    int perToken = f.node().get("topk_group") == null || f.node().get("topk_group").isNull()
        ? defaultGroups(v3 ? 4 : 1, type, "topk_group") : req("topk_group");
    if (perToken >= groups) {
      return new int[] {1, 1};
    }
    return new int[] {groups, perToken};
  }

  private int defaultGroups(int def, String type, String key) {
    b.assumption("no \"" + key + "\": " + def + ", the transformers " + type + " configuration default");
    return def;
  }

  // ---------------------------------------------------------------- 2025 families

  private void setMoe(MixtureOfExperts m) {
    this.moe = m;
    b.moe(m);
  }

  /** Sets the layer pattern: one mixer and window per layer, NoPE where {@code rotary[i]} is false. */
  private void pattern(LayerMixer[] mixers, int[] windows, boolean[] rotary) {
    List<LayerSpec> p = new ArrayList<>(mixers.length);
    for (int i = 0; i < mixers.length; i++) {
      MlpKind mlp = moe.isMoeLayer(i) ? MlpKind.MOE : MlpKind.DENSE;
      boolean rope = rotary[i] && mixers[i].hasAttention();
      LayerSpec l = mixers[i].isWindowed()
          ? LayerSpec.windowed(mixers[i], windows[i], mlp)
          : LayerSpec.of(mixers[i], mlp);
      p.add(l.withRotary(rope));
    }
    b.layerPattern(p);
  }

  /**
   * Reads {@code layer_types} ({@code full_attention}, {@code sliding_attention}, {@code
   * chunked_attention}, {@code linear_attention}) when present, otherwise {@code fallback(i)}.
   */
  private LayerMixer[] layerTypes(int layers, java.util.function.IntFunction<LayerMixer> fallback) {
    LayerMixer[] m = new LayerMixer[layers];
    Optional<JsonNode> types = f.array("layer_types");
    if (types.isPresent()) {
      if (types.get().size() != layers) {
        throw f.fail("field \"layer_types\" must list " + layers + " layers, had " + types.get().size());
      }
      for (int i = 0; i < layers; i++) {
        String t = types.get().get(i).asText();
        m[i] =
            switch (t) {
              case "full_attention" -> LayerMixer.FULL_ATTENTION;
              case "sliding_attention" -> LayerMixer.SLIDING_ATTENTION;
              case "chunked_attention" -> LayerMixer.CHUNKED_ATTENTION;
              case "linear_attention" -> LayerMixer.LINEAR_ATTENTION;
              case "mamba" -> LayerMixer.STATE_SPACE;
              default -> throw f.fail("field \"layer_types\"[" + i + "] \"" + t + "\" is not a known layer type");
            };
      }
      return m;
    }
    for (int i = 0; i < layers; i++) {
      m[i] = fallback.apply(i);
    }
    return m;
  }

  private static int[] fill(int n, int v) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static boolean[] allTrue(int n) {
    boolean[] a = new boolean[n];
    java.util.Arrays.fill(a, true);
    return a;
  }

  /** gpt-oss (OpenAI 2025, arXiv:2508.10925): sinks, alternating 128-token windows, MXFP4 experts. */
  private void gptOss() {
    String type = "gpt_oss";
    int layers = size(36, type, "num_hidden_layers");
    int hidden = size(2880, type, "hidden_size");
    int inter = size(2880, type, "intermediate_size");
    int window = size(128, type, "sliding_window");
    b.layers(layers)
        .hidden(hidden)
        .heads(size(64, type, "num_attention_heads"))
        .kvHeads(size(8, type, "num_key_value_heads"))
        .headDim(size(64, type, "head_dim"))
        .vocabSize(size(201088, type, "vocab_size"))
        .intermediateSize(inter)
        .feedForward(true, activation("silu", "hidden_act"), true)
        .activationClamp(f.number("swiglu_limit").orElse(7.0))
        .attentionBias(f.bool(true, "attention_bias"), f.bool(true, "attention_bias"))
        .attentionSinks(true)
        .positions(PositionEncoding.ROTARY, size(131072, type, "max_position_embeddings"))
        .normalization(NormKind.RMS_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"));
    setMoe(
        MixtureOfExperts.builder()
            .routedExperts(size(128, type, "num_local_experts"))
            .expertsPerToken(f.integer("num_experts_per_tok", "experts_per_token").orElse(4))
            .expertIntermediateSize(inter)
            .routerBias(true)
            .build());
    b.assumption("gpt_oss: experts with biases (gate_up 2×" + inter + ", down " + hidden
        + "), router with bias, one sink logit per head per layer");
    LayerMixer[] m = layerTypes(layers, i -> i % 2 == 0 ? LayerMixer.SLIDING_ATTENTION : LayerMixer.FULL_ATTENTION);
    pattern(m, fill(layers, window), allTrue(layers));
    Optional<JsonFields> q = f.object("quantization_config");
    if (q.isPresent() && q.get().string("quant_method").orElse("").equals("mxfp4")) {
      b.expertStorage(DType.FP4, 32);
      if (!f.has("torch_dtype") && !f.has("dtype")) {
        b.dtype(DType.BF16);
        b.assumption("mxfp4 checkpoint without \"torch_dtype\": the modules kept out of MXFP4 are bf16, as gpt-oss ships them");
      }
      b.assumption("quantization_config mxfp4: routed experts stored as FP4 (E2M1) with one 8-bit scale per 32"
          + " (4.25 bits per parameter); attention, router, embeddings and head in " + "the torch_dtype");
    }
  }

  /** Qwen3-Next: gated DeltaNet and gated attention (every {@code full_attention_interval}-th layer), high-sparsity MoE. */
  private void qwen3Next() {
    String type = "qwen3_next";
    int layers = size(48, type, "num_hidden_layers");
    int interval = size(4, type, "full_attention_interval");
    b.layers(layers)
        .hidden(size(2048, type, "hidden_size"))
        .heads(size(16, type, "num_attention_heads"))
        .kvHeads(size(2, type, "num_key_value_heads"))
        .headDim(size(256, type, "head_dim"))
        .vocabSize(size(151936, type, "vocab_size"))
        .intermediateSize(size(5632, type, "intermediate_size"))
        .feedForward(true, activation("silu", "hidden_act"), false)
        .attentionBias(f.bool(false, "attention_bias"), f.bool(false, "attention_bias"))
        .attentionOutputGate(true)
        .qkNorm(QkNorm.PER_HEAD)
        .positions(PositionEncoding.ROTARY, size(32768, type, "max_position_embeddings"))
        .normalization(NormKind.RMS_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"))
        .linearAttention(
            LinearAttention.builder()
                .keyHeads(size(16, type, "linear_num_key_heads"))
                .valueHeads(size(32, type, "linear_num_value_heads"))
                .keyHeadDim(size(128, type, "linear_key_head_dim"))
                .valueHeadDim(size(128, type, "linear_value_head_dim"))
                .convKernel(size(4, type, "linear_conv_kernel_dim"))
                .build());
    qwenMoe(type);
    LayerMixer[] m =
        layerTypes(layers, i -> (i + 1) % interval == 0 ? LayerMixer.FULL_ATTENTION : LayerMixer.LINEAR_ATTENTION);
    pattern(m, fill(layers, 0), allTrue(layers));
    if (f.integer(-1, "num_nextn_predict_layers", "mtp_num_hidden_layers") < 0) {
      // the published config.json names no MTP layers, yet the checkpoint ships one (its mtp.* weights, which
      // vLLM's Qwen3NextMTP loads with num_nextn_predict_layers defaulting to 1)
      b.multiTokenPredictionLayers(1);
      b.assumption("1 multi-token-prediction layer ships with the checkpoint (mtp.* weights; config.json names none,"
          + " vLLM's Qwen3NextMTP defaults to 1); not part of the transformers model and not counted");
    } else {
      mtpLayers("num_nextn_predict_layers", "mtp_num_hidden_layers");
    }
  }

  private void mtpLayers(String... keys) {
    int mtp = f.integer(0, keys);
    if (mtp > 0) {
      b.multiTokenPredictionLayers(mtp);
      b.assumption(mtp + " multi-token-prediction layer(s) ship with the checkpoint but are not part of the"
          + " transformers model and are not counted");
    }
  }

  /** Llama 4's language model: chunked attention with NoPE full-attention layers, interleaved MoE with a shared expert. */
  private void llama4Text() {
    String type = "llama4_text";
    int layers = size(48, type, "num_hidden_layers");
    int inter = size(8192, type, "intermediate_size");
    int interMlp = size(16384, type, "intermediate_size_mlp");
    int chunk = f.integer(8192, "attention_chunk_size");
    b.layers(layers)
        .hidden(size(5120, type, "hidden_size"))
        .heads(size(40, type, "num_attention_heads"))
        .kvHeads(size(8, type, "num_key_value_heads"))
        .headDim(size(128, type, "head_dim"))
        .vocabSize(size(202048, type, "vocab_size"))
        .intermediateSize(interMlp)
        .feedForward(true, activation("silu", "hidden_act"), false)
        .attentionBias(f.bool(false, "attention_bias"), f.bool(false, "attention_bias"))
        .positions(PositionEncoding.ROTARY, size(131072, type, "max_position_embeddings"))
        .normalization(NormKind.RMS_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"));
    int step = Math.max(1, opt(1, "interleave_moe_layer_step"));
    Optional<JsonNode> moeLayers = f.array("moe_layers");
    if (moeLayers.isPresent() && moeLayers.get().size() > 0) {
      b.assumption("\"moe_layers\" given: MoE layers taken as every " + step + "th layer from " + (step - 1)
          + " (interleave_moe_layer_step), the transformers default");
    }
    setMoe(MixtureOfExperts.builder()
        .routedExperts(size(16, type, "num_local_experts"))
        .expertsPerToken(size(1, type, "num_experts_per_tok"))
        .expertIntermediateSize(inter)
        .sharedIntermediateSize(inter)
        .layerPeriod(step)
        .layerPhase(step - 1)
        .build());
    int interval = Math.max(1, opt(4, "no_rope_layer_interval"));
    boolean[] rope = new boolean[layers];
    Optional<JsonNode> noRope = f.array("no_rope_layers");
    for (int i = 0; i < layers; i++) {
      rope[i] = noRope.isPresent() && noRope.get().size() == layers
          ? noRope.get().get(i).asInt(1) != 0
          : (i + 1) % interval != 0;
    }
    LayerMixer[] m = new LayerMixer[layers];
    for (int i = 0; i < layers; i++) {
      m[i] = rope[i] && chunk > 0 ? LayerMixer.CHUNKED_ATTENTION : LayerMixer.FULL_ATTENTION;
    }
    pattern(m, fill(layers, chunk), rope);
    b.assumption("llama4: rotary layers attend within chunks of " + chunk + " tokens, NoPE layers (every "
        + interval + "th) attend to the full context; qk norm is an L2 norm without parameters");
  }

  /** Nemotron (NVIDIA): squared-ReLU, non-gated MLP; LayerNorm1P (gain and bias); partial rotary. */
  private void nemotron() {
    String type = "nemotron";
    boolean bias = f.bool(false, "attention_bias");
    b.layers(size(32, type, "num_hidden_layers"))
        .hidden(size(6144, type, "hidden_size"))
        .heads(size(48, type, "num_attention_heads"))
        .vocabSize(size(256000, type, "vocab_size"))
        .intermediateSize(size(24576, type, "intermediate_size"))
        .feedForward(false, activation("relu2", "hidden_act"), f.bool(false, "mlp_bias"))
        .attentionBias(bias, bias)
        .positions(PositionEncoding.ROTARY, size(4096, type, "max_position_embeddings"))
        .normalization(NormKind.LAYER_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"));
    int heads = size(48, type, "num_attention_heads");
    b.kvHeads(absentOrNull("num_key_value_heads", heads, heads));
    int headDim = absentOrNull("head_dim", 0, 0);
    if (headDim > 0) {
      b.headDim(headDim);
    }
  }

  /** GLM-4.5 / 4.6 (Zhipu): DeepSeek-style MoE with GQA attention, QKV bias, partial rotary. */
  private void glm4Moe() {
    String type = "glm4_moe";
    int hidden = size(4096, type, "hidden_size");
    boolean bias = f.bool(false, "attention_bias");
    b.layers(size(46, type, "num_hidden_layers"))
        .hidden(hidden)
        .heads(size(96, type, "num_attention_heads"))
        .kvHeads(size(8, type, "num_key_value_heads"))
        .headDim(f.integer("head_dim").orElse(128))
        .vocabSize(size(151552, type, "vocab_size"))
        .intermediateSize(size(10944, type, "intermediate_size"))
        .feedForward(true, activation("silu", "hidden_act"), false)
        .attentionBias(bias, false)
        .qkNorm(f.bool(false, "use_qk_norm") ? QkNorm.PER_HEAD : QkNorm.NONE)
        .positions(PositionEncoding.ROTARY, size(131072, type, "max_position_embeddings"))
        .normalization(NormKind.RMS_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"));
    int expertSize = size(1408, type, "moe_intermediate_size");
    setMoe(MixtureOfExperts.builder()
        .routedExperts(size(128, type, "n_routed_experts"))
        .expertsPerToken(size(8, type, "num_experts_per_tok"))
        .expertIntermediateSize(expertSize)
        .sharedIntermediateSize(opt(1, "n_shared_experts") * expertSize)
        .routerBias(true)
        .firstDenseLayers(opt(1, "first_k_dense_replace"))
        .build());
    b.assumption("glm4_moe: the router's e_score_correction_bias is counted, as in the checkpoint");
    mtpLayers("num_nextn_predict_layers");
  }

  /** Jamba (AI21, arXiv:2403.19887): Mamba layers with one attention layer in 8, MoE every other layer. */
  private void jamba() {
    String type = "jamba";
    int layers = size(32, type, "num_hidden_layers");
    int hidden = size(4096, type, "hidden_size");
    int expand = size(2, type, "mamba_expand");
    int dtRank = f.has("mamba_dt_rank") && f.node().get("mamba_dt_rank").isInt()
        ? req("mamba_dt_rank") : (hidden + 15) / 16;
    int attnPeriod = size(8, type, "attn_layer_period");
    int attnOffset = opt(4, "attn_layer_offset");
    int expertPeriod = size(2, type, "expert_layer_period");
    int expertOffset = opt(1, "expert_layer_offset");
    int inter = size(14336, type, "intermediate_size");
    b.layers(layers)
        .hidden(hidden)
        .heads(size(32, type, "num_attention_heads"))
        .kvHeads(size(8, type, "num_key_value_heads"))
        .vocabSize(size(65536, type, "vocab_size"))
        .intermediateSize(inter)
        .feedForward(true, activation("silu", "hidden_act"), false)
        .positions(PositionEncoding.NONE, opt(262144, "max_position_embeddings"))
        .normalization(NormKind.RMS_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"))
        .stateSpace(StateSpaceMixer.builder()
            .version(1)
            .inner(expand * hidden)
            .state(size(16, type, "mamba_d_state"))
            .convKernel(size(4, type, "mamba_d_conv"))
            .dtRank(dtRank)
            .projectionBias(f.bool(false, "mamba_proj_bias"))
            .convBias(f.bool(true, "mamba_conv_bias"))
            .innerNorms(true)
            .build());
    int experts = size(16, type, "num_experts");
    if (experts > 1) {
      setMoe(MixtureOfExperts.builder()
          .routedExperts(experts)
          .expertsPerToken(size(2, type, "num_experts_per_tok"))
          .expertIntermediateSize(inter)
          .layerPeriod(expertPeriod)
          .layerPhase(expertOffset)
          .build());
    }
    LayerMixer[] m = new LayerMixer[layers];
    for (int i = 0; i < layers; i++) {
      m[i] = i % attnPeriod == attnOffset ? LayerMixer.FULL_ATTENTION : LayerMixer.STATE_SPACE;
    }
    boolean[] noRope = new boolean[layers];
    pattern(m, fill(layers, 0), noRope);
  }

  /** Mamba-2 (transformers {@code Mamba2ForCausalLM}): one RMSNorm and one mixer per layer, no MLP. */
  private void mamba2() {
    String type = "mamba2";
    int layers = size(64, type, "num_hidden_layers");
    int hidden = size(4096, type, "hidden_size");
    int heads = size(128, type, "num_heads");
    int headDim = size(64, type, "head_dim");
    int expand = size(2, type, "expand");
    int inner = expand * hidden;
    if (inner != heads * headDim) {
      b.assumption("mamba2: expand × hidden (" + inner + ") differs from num_heads × head_dim ("
          + heads * headDim + "); the mixer uses expand × hidden, as transformers does");
    }
    b.layers(layers)
        .hidden(hidden)
        .heads(heads)
        .headDim(headDim)
        .vocabSize(size(32768, type, "vocab_size"))
        .intermediateSize(0)
        .positions(PositionEncoding.NONE, 0)
        .normalization(NormKind.RMS_NORM, 1, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"))
        .stateSpace(StateSpaceMixer.builder()
            .version(2)
            .inner(inner)
            .state(size(128, type, "state_size"))
            .convKernel(size(4, type, "conv_kernel"))
            .heads(heads)
            .groups(size(8, type, "n_groups"))
            .projectionBias(f.bool(false, "use_bias"))
            .convBias(f.bool(true, "use_conv_bias"))
            .innerNorms(true)
            .build());
    List<LayerSpec> p = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      p.add(LayerSpec.of(LayerMixer.STATE_SPACE, MlpKind.NONE));
    }
    b.layerPattern(p);
  }

  /**
   * Falcon-H1 (TII 2025, arXiv:2507.22448; transformers {@code FalconH1ForCausalLM}): every layer
   * runs Llama-style GQA attention and a Mamba-2 mixer side by side on the same normed input and
   * sums them, then a gated MLP; two RMSNorms per layer. The mixer's width is {@code mamba_d_ssm}
   * (absent: 1024, the configuration default; {@code null}: {@code mamba_expand × hidden}), its
   * {@code in_proj} bias follows {@code mamba_proj_bias} and its {@code out_proj} bias {@code
   * projectors_bias}; the gated RMSNorm exists only when {@code mamba_rms_norm} is true. The µP
   * multipliers scale activations and hold no parameters.
   */
  private void falconH1() {
    String type = "falcon_h1";
    int layers = size(32, type, "num_hidden_layers");
    int hidden = size(4096, type, "hidden_size");
    int heads = size(32, type, "num_attention_heads");
    int kvHeads = absentOrNull("num_key_value_heads", 8, heads);
    int headDim = f.has("head_dim") ? req("head_dim") : 0;
    JsonNode dssmNode = f.node().get("mamba_d_ssm");
    int dssm;
    if (dssmNode == null) {
      dssm = 1024;
      b.assumption("no \"mamba_d_ssm\": 1024, the transformers falcon_h1 configuration default");
    } else if (dssmNode.isNull()) {
      dssm = Math.multiplyExact(size(2, type, "mamba_expand"), hidden);
    } else {
      dssm = req("mamba_d_ssm");
    }
    int mambaHeads = size(128, type, "mamba_n_heads");
    JsonNode dHead = f.node().get("mamba_d_head");
    if (dHead != null && dHead.isNumber() && (long) req("mamba_d_head") * mambaHeads != dssm) {
      throw f.fail("field \"mamba_d_head\" (" + dHead.asInt() + ") × \"mamba_n_heads\" (" + mambaHeads
          + ") must equal the Mamba width " + dssm + " (\"mamba_d_ssm\"), as transformers requires");
    }
    if (dssm % mambaHeads != 0) {
      throw f.fail("field \"mamba_n_heads\" (" + mambaHeads + ") must divide the Mamba width " + dssm);
    }
    boolean inBias = f.bool(false, "mamba_proj_bias");
    boolean outBias = f.bool(false, "projectors_bias");
    if (inBias != outBias) {
      throw f.fail("fields \"mamba_proj_bias\" (" + inBias + ") and \"projectors_bias\" (" + outBias
          + ") differ: a Mamba mixer with a bias on only one of in_proj/out_proj is not modelled");
    }
    boolean attnBias = f.bool(false, "attention_bias");
    b.layers(layers)
        .hidden(hidden)
        .heads(heads)
        .kvHeads(kvHeads)
        .headDim(headDim)
        .vocabSize(size(128000, type, "vocab_size"))
        .intermediateSize(size(14336, type, "intermediate_size"))
        .feedForward(true, activation("silu", "hidden_act"), f.bool(false, "mlp_bias"))
        .attentionBias(attnBias, attnBias)
        .positions(PositionEncoding.ROTARY, size(8192, type, "max_position_embeddings"))
        .normalization(NormKind.RMS_NORM, 2, true)
        .tiedEmbeddings(f.bool(false, "tie_word_embeddings"))
        .stateSpace(StateSpaceMixer.builder()
            .version(2)
            .inner(dssm)
            .state(size(256, type, "mamba_d_state"))
            .convKernel(size(4, type, "mamba_d_conv"))
            .heads(mambaHeads)
            .groups(size(1, type, "mamba_n_groups"))
            .projectionBias(inBias)
            .convBias(f.bool(true, "mamba_conv_bias"))
            .innerNorms(f.bool(false, "mamba_rms_norm"))
            .build());
    List<LayerSpec> p = new ArrayList<>(layers);
    for (int i = 0; i < layers; i++) {
      p.add(LayerSpec.of(LayerMixer.ATTENTION_AND_STATE_SPACE, MlpKind.DENSE));
    }
    b.layerPattern(p);
    b.assumption("falcon_h1: attention and a Mamba-2 mixer (" + mambaHeads + " heads, width " + dssm
        + ") in parallel in every layer: each layer caches keys and values and keeps a constant SSM state");
  }

  /** A multimodal wrapper: the language model from {@code text_config}, the vision tower noted. */
  private ModelArchitecture wrapper(String type) {
    JsonNode text = f.node().get("text_config");
    if (text == null || !text.isObject()) {
      throw f.fail("model_type \"" + type + "\" is a multimodal wrapper but has no \"text_config\" object");
    }
    ObjectNode t = ((ObjectNode) text).deepCopy();
    if (!t.has("model_type")) {
      t.put("model_type", WRAPPER_TEXT_TYPE.getOrDefault(type, type.equals("qwen2_5_vl") ? "qwen2_5_vl_text" : "llama"));
    }
    for (String k : List.of("torch_dtype", "dtype")) {
      if (f.node().has(k)) {
        // the wrapper's dtype is the checkpoint's (transformers saves float32 in sub-configs)
        t.remove(List.of("torch_dtype", "dtype"));
        t.set(k, f.node().get(k));
        break;
      }
    }
    if (!t.has("tie_word_embeddings") && f.node().has("tie_word_embeddings")) {
      t.set("tie_word_embeddings", f.node().get("tie_word_embeddings"));
    }
    ModelArchitecture lm = parse(t, id, f.context() + " text_config", policy);
    Optional<JsonFields> vision = f.object("vision_config");
    long visionParameters = 0;
    String visionType = vision.flatMap(v -> v.string("model_type")).orElse("");
    if (vision.isPresent() && VISION_TOWERS.contains(type)) {
      visionParameters = visionTower(type, vision.get(), lm.hidden());
    }
    ModelArchitecture.Builder out = lm.toBuilder().modelType(type);
    if (visionParameters > 0) {
      out.visionParameters(visionParameters)
          .assumption(type + ": a multimodal wrapper; its language model from text_config (" + lm.modelType()
              + ") and its " + visionType + " vision tower and projector (" + visionParameters + " parameters)");
    } else {
      out.assumption(type + ": a multimodal wrapper; counted is its language model (text_config, "
          + lm.modelType() + "); the vision tower and projector are not counted"
          + (vision.isPresent() ? " (" + (visionType.isEmpty() ? "vision_config" : visionType) + " has no rules yet)" : ""));
    }
    return out.build();
  }

  /**
   * Counts a wrapper's vision tower and projector exactly as transformers builds them (every
   * weight, bias and norm gain; rotary tables are buffers):
   *
   * <ul>
   *   <li>gemma3: SigLIP (patch conv with bias, position table, LayerNorm blocks with biases) and
   *       Gemma 3's projector ({@code mm_input_projection_weight} and an RMSNorm);
   *   <li>llava: CLIP ViT (class embedding, position table with the class row, pre- and post-norm)
   *       and a two-layer MLP projector;
   *   <li>llama4: {@code Llama4VisionModel} (unfold-convolution patch projection without bias,
   *       class embedding, position table, LayerNorm pre/post, blocks with biased q/k/v/o and a
   *       two-layer GELU MLP), its pixel-shuffle adapter {@code Llama4VisionMLP2} (two matrices
   *       without bias) and {@code multi_modal_projector} ({@code vision_output_dim × hidden});
   *   <li>mistral3: Pixtral (patch conv without bias, RMSNorm {@code ln_pre}, RMSNorm blocks
   *       with bias-free q/k/v/o and a gated MLP) and Mistral 3's projector (RMSNorm, the patch
   *       merger's {@code merging_layer} over {@code spatial_merge_size²} patches, two linears);
   *   <li>qwen2_5_vl: the Qwen2.5-VL ViT (Conv3d patch embedding without bias, RMSNorm blocks,
   *       fused qkv with bias, gated MLP with biases) and its patch merger (RMSNorm and two linears
   *       over {@code spatial_merge_size²} patches);
   *   <li>qwen3_vl: the Qwen3-VL ViT (Conv3d with bias, learned position table of {@code
   *       num_position_embeddings}, LayerNorm blocks, two-layer MLP with biases), its merger and
   *       one DeepStack merger (with a post-shuffle LayerNorm) per {@code deepstack_visual_indexes}
   *       entry.
   * </ul>
   */
  private long visionTower(String type, JsonFields v, int textHidden) {
    return switch (type) {
      case "llama4" -> llama4Vision(v, textHidden);
      case "mistral3" -> pixtralVision(v, textHidden);
      case "qwen2_5_vl" -> qwen25Vision(v);
      case "qwen3_vl" -> qwen3Vision(v);
      default -> vitVision(type, v, textHidden);
    };
  }

  private static int vreq(JsonFields v, int def, String... keys) {
    int x = v.integer(def, keys);
    if (x <= 0) {
      throw v.fail("field \"vision_config." + keys[0] + "\" must be > 0, was " + x);
    }
    return x;
  }

  private long llama4Vision(JsonFields v, int textHidden) {
    long h = vreq(v, 768, "hidden_size");
    long inter = vreq(v, 3072, "intermediate_size");
    long layers = vreq(v, 34, "num_hidden_layers");
    long patch = vreq(v, 14, "patch_size");
    long image = vreq(v, 448, "image_size");
    long channels = vreq(v, 3, "num_channels");
    long projIn = vreq(v, 4096, "projector_input_dim");
    long projOut = vreq(v, 4096, "projector_output_dim");
    long outDim = vreq(v, 7680, "vision_output_dim");
    long positions = (image / patch) * (image / patch) + 1;
    long layer = 4 * (h * h + h) + (h * inter + inter) + (inter * h + h) + 4 * h;
    long tower = channels * patch * patch * h + h + positions * h + 4 * h + Math.multiplyExact(layers, layer);
    long adapter = inter * projIn + projOut * projOut;
    return tower + adapter + outDim * textHidden;
  }

  private long pixtralVision(JsonFields v, int textHidden) {
    long h = vreq(v, 1024, "hidden_size");
    long inter = vreq(v, 4096, "intermediate_size");
    long layers = vreq(v, 24, "num_hidden_layers");
    long patch = vreq(v, 16, "patch_size");
    long channels = vreq(v, 3, "num_channels");
    long heads = vreq(v, 16, "num_attention_heads");
    long headDim = v.integer((int) (h / heads), "head_dim");
    long q = heads * headDim;
    long layer = 4 * h * q + 3 * h * inter + 2 * h;
    long tower = channels * patch * patch * h + h + Math.multiplyExact(layers, layer);
    long merge = f.integer(2, "spatial_merge_size");
    boolean bias = f.bool(false, "multimodal_projector_bias");
    JsonNode featureLayer = f.node().get("vision_feature_layer");
    long featureLayers = featureLayer != null && featureLayer.isArray() ? featureLayer.size() : 1;
    long projector = h + merge * merge * h * h + (h * featureLayers * textHidden + (bias ? textHidden : 0))
        + ((long) textHidden * textHidden + (bias ? textHidden : 0));
    return tower + projector;
  }

  private long qwen25Vision(JsonFields v) {
    long h = vreq(v, 3584, "hidden_size");
    long inter = vreq(v, 3420, "intermediate_size");
    long depth = vreq(v, 32, "depth");
    long patch = vreq(v, 14, "patch_size");
    long temporal = vreq(v, 2, "temporal_patch_size");
    long channels = vreq(v, 3, "in_channels", "in_chans");
    long merge = vreq(v, 2, "spatial_merge_size");
    long out = vreq(v, 3584, "out_hidden_size");
    long block = 2 * h + (3 * h * h + 3 * h) + (h * h + h) + (3 * h * inter + 2 * inter + h);
    long merged = h * merge * merge;
    long merger = h + (merged * merged + merged) + (merged * out + out);
    return channels * temporal * patch * patch * h + Math.multiplyExact(depth, block) + merger;
  }

  private long qwen3Vision(JsonFields v) {
    long h = vreq(v, 1152, "hidden_size");
    long inter = vreq(v, 4304, "intermediate_size");
    long depth = vreq(v, 27, "depth");
    long patch = vreq(v, 16, "patch_size");
    long temporal = vreq(v, 2, "temporal_patch_size");
    long channels = vreq(v, 3, "in_channels");
    long merge = vreq(v, 2, "spatial_merge_size");
    long out = vreq(v, 3584, "out_hidden_size");
    long positions = vreq(v, 2304, "num_position_embeddings");
    long deepstack = v.array("deepstack_visual_indexes").map(JsonNode::size).orElse(3);
    long block = 4 * h + (3 * h * h + 3 * h) + (h * h + h) + (2 * h * inter + inter + h);
    long merged = h * merge * merge;
    long mlp = (merged * merged + merged) + (merged * out + out);
    long merger = 2 * h + mlp;
    long deepstackMerger = 2 * merged + mlp;
    return channels * temporal * patch * patch * h + h + positions * h + Math.multiplyExact(depth, block)
        + merger + deepstack * deepstackMerger;
  }

  /** SigLIP with Gemma 3's projector, or CLIP with LLaVA's two-layer MLP projector. */
  private long vitVision(String type, JsonFields v, int textHidden) {
    boolean siglip = type.equals("gemma3");
    int h = v.integer(siglip ? 1152 : 1024, "hidden_size");
    int inter = v.integer(siglip ? 4304 : 4096, "intermediate_size");
    int layers = v.integer(siglip ? 27 : 24, "num_hidden_layers");
    int patch = v.integer(siglip ? 14 : 14, "patch_size");
    int image = v.integer(siglip ? 896 : 336, "image_size");
    int channels = v.integer(3, "num_channels");
    long patches = (long) (image / patch) * (image / patch);
    long layer = 4L * ((long) h * h + h) + 4L * h + (long) h * inter + inter + (long) inter * h + h;
    long tower = Math.multiplyExact(layers, layer) + 2L * h; // post_layernorm
    if (siglip) {
      tower += (long) channels * patch * patch * h + h; // patch conv with bias
      tower += patches * h; // position table
      if (v.bool(false, "vision_use_head")) {
        throw f.fail("vision_config.vision_use_head true: SigLIP's attention-pooling head is not modelled");
      }
      long projector = (long) h * textHidden + h;
      return tower + projector;
    }
    tower += (long) channels * patch * patch * h; // patch conv without bias
    tower += h + (patches + 1) * h + 2L * h; // class embedding, position table, pre_layrnorm
    boolean bias = f.bool(true, "multimodal_projector_bias");
    long projector = (long) h * textHidden + (long) textHidden * textHidden + (bias ? 2L * textHidden : 0);
    return tower + projector;
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
      case "olmo3" -> new Defaults(50304, 4096, 11008, 32, 32, 0, 0, 2048, false, "silu");
      case "smollm3" -> new Defaults(128256, 2048, 11008, 36, 16, 4, 0, 32768, true, "silu");
      case "qwen3_vl_text" -> new Defaults(151936, 4096, 22016, 32, 32, 32, 128, 128000, false, "silu");
      default -> null;
    };
  }

  private void llamaLike(String type) {
    Defaults d = defaults(type);
    boolean known = d != null;
    if (!known) {
      if (policy == UnknownModelTypePolicy.REJECT) {
        throw f.fail(
            "unknown model_type \""
                + type
                + "\": no rules for it (supported: "
                + String.join(", ", new TreeSet<>(MODEL_TYPES))
                + "); to read it as a generic Llama-style decoder anyway, ask for it explicitly"
                + " (--assume-llama on the command line, UnknownModelTypePolicy.ASSUME_LLAMA in the API)");
      }
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
                  + String.join(", ", new TreeSet<>(MODEL_TYPES)));
        }
      }
      d = new Defaults(0, 0, 0, 0, 0, 0, 0, 2048, true, "silu");
      b.assumption(
          "model_type \"" + type + "\" has no dedicated rules: read as a Llama-style decoder because it was asked for"
              + " (RMSNorm pre-norm, two norms per layer and a final one, gated MLP, rotary positions, no NoPE,"
              + " sliding or linear layers, no experts unless num_local_experts/num_experts/n_routed_experts say so)");
      if (!f.has("tie_word_embeddings")) {
        b.assumption("no \"tie_word_embeddings\": tied, the transformers PretrainedConfig default");
      }
      if (!f.has("hidden_act") && !f.has("hidden_activation")) {
        b.assumption("no \"hidden_act\": silu (SwiGLU)");
      }
      if (!f.has("attention_bias")) {
        b.assumption("no \"attention_bias\": no biases in attention");
      }
      if (!f.has("mlp_bias")) {
        b.assumption("no \"mlp_bias\": no biases in the MLP");
      }
      if (!f.has("max_position_embeddings")) {
        b.assumption("no \"max_position_embeddings\": 2048, the transformers llama default");
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
          case "qwen3", "qwen3_moe", "gemma3_text", "qwen3_vl_text" -> QkNorm.PER_HEAD;
          case "olmo2", "olmo3" -> QkNorm.FULL_WIDTH;
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
    explicitPattern(type, layers);
  }

  /**
   * Sets the per-layer pattern where the config says which layer is which ({@code layer_types},
   * Gemma 2/3's alternation, SmolLM3's NoPE layers); otherwise the builder spreads the windowed
   * layers.
   */
  private void explicitPattern(String type, int layers) {
    int window = f.integer(0, "sliding_window");
    boolean smol = type.equals("smollm3");
    boolean gemma = type.equals("gemma2") || type.equals("gemma3_text");
    if (!smol && !gemma && !f.has("layer_types")) {
      return;
    }
    int gemma3Pattern = Math.max(1, f.integer(6, "sliding_window_pattern"));
    LayerMixer[] m =
        layerTypes(
            layers,
            i -> {
              if (window > 0 && type.equals("gemma2")) {
                return i % 2 == 0 ? LayerMixer.SLIDING_ATTENTION : LayerMixer.FULL_ATTENTION;
              }
              if (window > 0 && type.equals("gemma3_text")) {
                return (i + 1) % gemma3Pattern != 0 ? LayerMixer.SLIDING_ATTENTION : LayerMixer.FULL_ATTENTION;
              }
              return LayerMixer.FULL_ATTENTION;
            });
    for (int i = 0; i < layers; i++) {
      if (m[i] == LayerMixer.SLIDING_ATTENTION && window <= 0) {
        m[i] = LayerMixer.FULL_ATTENTION;
      }
      if (!m[i].hasAttention()) {
        throw f.fail("field \"layer_types\"[" + i + "] \"" + m[i] + "\" is not supported for model_type \"" + type + "\"");
      }
    }
    boolean[] rope = allTrue(layers);
    if (smol) {
      Optional<JsonNode> noRope = f.array("no_rope_layers");
      int interval = Math.max(1, f.integer(4, "no_rope_layer_interval"));
      for (int i = 0; i < layers; i++) {
        rope[i] = noRope.isPresent() && noRope.get().size() == layers
            ? noRope.get().get(i).asInt(1) != 0
            : (i + 1) % interval != 0;
      }
    }
    pattern(m, fill(layers, window), rope);
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

  private void qwenMoe(String type) {
    Optional<JsonNode> mlpOnly = f.array("mlp_only_layers");
    if (mlpOnly.isPresent() && mlpOnly.get().size() > 0) {
      throw f.fail("field \"mlp_only_layers\" " + JsonFields.describe(mlpOnly.get()) + " is not supported; only an empty list is");
    }
    int step = Math.max(1, opt(1, "decoder_sparse_step"));
    boolean gatedShared = !type.equals("qwen3_moe");
    boolean next = type.equals("qwen3_next");
    int experts = opt(type.equals("qwen2_moe") ? 60 : next ? 512 : 128, "num_experts");
    int shared = gatedShared ? opt(next ? 512 : 5632, "shared_expert_intermediate_size") : 0;
    setMoe(
        MixtureOfExperts.builder()
            .routedExperts(experts)
            .expertsPerToken(opt(type.equals("qwen2_moe") ? 4 : next ? 10 : 8, "num_experts_per_tok"))
            .expertIntermediateSize(opt(type.equals("qwen2_moe") ? 1408 : next ? 512 : 768, "moe_intermediate_size"))
            .sharedIntermediateSize(shared)
            .sharedExpertGate(gatedShared && shared > 0)
            .layerPeriod(step)
            .layerPhase(step - 1)
            .build());
  }

  private void moe(String type, int intermediate) {
    switch (type) {
      case "mixtral" -> setMoe(MixtureOfExperts.of(opt(8, "num_local_experts"), opt(2, "num_experts_per_tok"), intermediate));
      case "qwen2_moe", "qwen3_moe" -> qwenMoe(type);
      default -> {
        if (defaults(type) == null) {
          OptionalInt experts = f.integer("num_local_experts", "num_experts", "n_routed_experts");
          if (experts.isPresent() && experts.getAsInt() > 0) {
            int topK = f.requireInteger("num_experts_per_tok");
            int size = f.integer("moe_intermediate_size").orElse(intermediate);
            setMoe(MixtureOfExperts.of(experts.getAsInt(), topK, size));
            b.assumption("experts read generically: every layer is an MoE layer, no shared expert, router without bias");
          }
        }
      }
    }
  }
}
