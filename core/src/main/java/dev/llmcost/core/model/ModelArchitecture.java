package dev.llmcost.core.model;

import dev.llmcost.core.DType;
import dev.llmcost.core.internal.Require;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The shape of a transformer: enough to count its parameters exactly and to cost its training and
 * inference.
 *
 * <p>Covers decoder-only and encoder-only transformers: multi-head, grouped-query, multi-query
 * and latent attention; plain and gated MLPs; mixtures of experts with shared experts and leading
 * dense layers; learned, rotary and ALiBi positions; LayerNorm and RMSNorm layouts; tied or untied
 * output heads. Build one with {@link #builder(String)}, read one from a HuggingFace {@code
 * config.json} with {@link HuggingFaceConfigs}, or look one up in the {@link ModelCatalog}.
 *
 * @param id a name for the model, such as {@code llama-3.1-8b}
 * @param modelType the HuggingFace {@code model_type} the shape follows ({@code llama}, {@code
 *     bert} ...), or {@code custom}
 * @param kind decoder-only or encoder-only
 * @param layers transformer layers
 * @param hidden model width ({@code hidden_size}, {@code n_embd}, {@code d_model})
 * @param vocabSize vocabulary size
 * @param attention the attention block
 * @param feedForward the dense MLP (used by every layer that is not an MoE layer)
 * @param moe the mixture of experts, or {@link MixtureOfExperts#NONE}
 * @param embeddings position encoding, token types and the output head
 * @param normalization the norm kind and layout
 * @param pooler whether an encoder has BERT's pooler ({@code hidden × hidden} plus bias)
 * @param dtype the data type of the published weights ({@code torch_dtype})
 * @param assumptions what was assumed where the source left a choice open, in words
 */
public record ModelArchitecture(
    String id,
    String modelType,
    ArchitectureKind kind,
    int layers,
    int hidden,
    int vocabSize,
    Attention attention,
    FeedForward feedForward,
    MixtureOfExperts moe,
    Embeddings embeddings,
    Normalization normalization,
    boolean pooler,
    DType dtype,
    List<String> assumptions) {

  /**
   * Validates the shape and copies the assumptions.
   *
   * @throws IllegalArgumentException if a size is not positive, if dense layers exceed the layers,
   *     or if a dense layer would have no MLP
   */
  public ModelArchitecture {
    Require.nonBlank("id", id);
    Require.nonBlank("modelType", modelType);
    Require.positive("layers", layers);
    Require.positive("hidden", hidden);
    Require.positive("vocabSize", vocabSize);
    assumptions = List.copyOf(assumptions);
    if (moe.firstDenseLayers() > layers) {
      throw new IllegalArgumentException(
          "moe.firstDenseLayers must be <= layers (" + layers + "), was " + moe.firstDenseLayers());
    }
    if (moe.moeLayerCount(layers) < layers && feedForward.intermediateSize() == 0) {
      throw new IllegalArgumentException(
          "feedForward.intermediateSize must be > 0 when some layers are dense, was 0");
    }
    if (attention instanceof MultiHeadAttention mha && mha.slidingWindowLayers() > layers) {
      throw new IllegalArgumentException(
          "slidingWindowLayers must be <= layers (" + layers + "), was " + mha.slidingWindowLayers());
    }
  }

  /**
   * Starts a builder whose defaults are a Llama-style decoder: RMSNorm pre-norm, SwiGLU MLP,
   * rotary positions, no biases, untied output head, bf16 weights.
   *
   * @param id the model's name
   * @return a builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Returns a builder initialised with this architecture, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the exact parameter counts of this architecture. */
  public ParameterCounts parameterCounts() {
    return ParameterCounts.of(this);
  }

  /** Returns whether the model routes tokens to experts. */
  public boolean isMoe() {
    return moe.isPresent();
  }

  /** Returns the number of MoE layers (0 for a dense model). */
  public int moeLayers() {
    return moe.moeLayerCount(layers);
  }

  /** Returns the number of layers with a dense MLP. */
  public int denseLayers() {
    return layers - moeLayers();
  }

  /** Returns the number of query heads. */
  public int heads() {
    return attention.heads();
  }

  /**
   * Returns the number of values one token stores in the KV cache across all layers (keys and
   * values of every KV head, or MLA's latent and rotary key), ignoring sliding windows.
   *
   * @return cached elements per token
   */
  public long kvCacheElementsPerToken() {
    return attention.kvCacheElementsPerTokenPerLayer() * layers;
  }

  /** Returns a copy with another id. */
  public ModelArchitecture withId(String newId) {
    return newId.equals(id) ? this : toBuilder().id(newId).build();
  }

  /** Builds a {@link ModelArchitecture}; every setter returns the builder. */
  public static final class Builder {
    private String id;
    private String modelType = "custom";
    private ArchitectureKind kind = ArchitectureKind.DECODER_ONLY;
    private int layers;
    private int hidden;
    private int vocabSize;
    private int heads;
    private int kvHeads;
    private int headDim;
    private boolean qkvBias;
    private boolean outputBias;
    private QkNorm qkNorm = QkNorm.NONE;
    private int slidingWindow;
    private int slidingWindowLayers;
    private @Nullable Attention attention;
    private int intermediateSize;
    private boolean gated = true;
    private String activation = "silu";
    private boolean mlpBias;
    private MixtureOfExperts moe = MixtureOfExperts.NONE;
    private PositionEncoding positions = PositionEncoding.ROTARY;
    private int maxPositions = 4096;
    private int positionOffset;
    private int tokenTypes;
    private boolean embeddingNorm;
    private boolean tiedEmbeddings;
    private boolean outputHeadBias;
    private Normalization normalization = Normalization.RMS_PRE_NORM;
    private boolean pooler;
    private DType dtype = DType.BF16;
    private final List<String> assumptions = new ArrayList<>();

    private Builder(String id) {
      this.id = id;
    }

    private Builder(ModelArchitecture a) {
      id = a.id;
      modelType = a.modelType;
      kind = a.kind;
      layers = a.layers;
      hidden = a.hidden;
      vocabSize = a.vocabSize;
      attention(a.attention);
      intermediateSize = a.feedForward.intermediateSize();
      gated = a.feedForward.gated();
      activation = a.feedForward.activation();
      mlpBias = a.feedForward.bias();
      moe = a.moe;
      positions = a.embeddings.positions();
      maxPositions = a.embeddings.maxPositions();
      positionOffset = a.embeddings.positionOffset();
      tokenTypes = a.embeddings.tokenTypes();
      embeddingNorm = a.embeddings.embeddingNorm();
      tiedEmbeddings = a.embeddings.tiedOutput();
      outputHeadBias = a.embeddings.outputBias();
      normalization = a.normalization;
      pooler = a.pooler;
      dtype = a.dtype;
      assumptions.addAll(a.assumptions);
    }

    /** Sets the model's name. */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /** Sets the HuggingFace {@code model_type} this shape follows. */
    public Builder modelType(String value) {
      this.modelType = value;
      return this;
    }

    /** Sets decoder-only or encoder-only. */
    public Builder kind(ArchitectureKind value) {
      this.kind = value;
      return this;
    }

    /** Sets the number of layers. */
    public Builder layers(int value) {
      this.layers = value;
      return this;
    }

    /** Sets the model width. */
    public Builder hidden(int value) {
      this.hidden = value;
      return this;
    }

    /** Sets the vocabulary size. */
    public Builder vocabSize(int value) {
      this.vocabSize = value;
      return this;
    }

    /** Sets the query heads; KV heads default to the same (MHA), head dim to hidden / heads. */
    public Builder heads(int value) {
      this.heads = value;
      return this;
    }

    /** Sets the key/value heads (GQA when fewer than heads, MQA when 1). */
    public Builder kvHeads(int value) {
      this.kvHeads = value;
      return this;
    }

    /** Sets the dimension of one head when it is not hidden / heads (Gemma). */
    public Builder headDim(int value) {
      this.headDim = value;
      return this;
    }

    /** Sets whether the Q, K, V projections and the output projection have biases. */
    public Builder attentionBias(boolean qkv, boolean output) {
      this.qkvBias = qkv;
      this.outputBias = output;
      return this;
    }

    /** Sets the query/key norm. */
    public Builder qkNorm(QkNorm value) {
      this.qkNorm = value;
      return this;
    }

    /** Sets a sliding attention window of {@code window} tokens used by {@code layerCount} layers. */
    public Builder slidingWindow(int window, int layerCount) {
      this.slidingWindow = window;
      this.slidingWindowLayers = layerCount;
      return this;
    }

    /** Sets a complete attention block, such as {@link LatentAttention}, replacing head settings. */
    public Builder attention(Attention value) {
      this.attention = value;
      if (value instanceof MultiHeadAttention m) {
        heads = m.heads();
        kvHeads = m.kvHeads();
        headDim = m.headDim();
        qkvBias = m.qkvBias();
        outputBias = m.outputBias();
        qkNorm = m.qkNorm();
        slidingWindow = m.slidingWindow();
        slidingWindowLayers = m.slidingWindowLayers();
        this.attention = null;
      }
      return this;
    }

    /** Sets the MLP's inner width. */
    public Builder intermediateSize(int value) {
      this.intermediateSize = value;
      return this;
    }

    /** Sets the MLP: gated or plain, its activation and whether it has biases. */
    public Builder feedForward(boolean isGated, String activationName, boolean bias) {
      this.gated = isGated;
      this.activation = activationName;
      this.mlpBias = bias;
      return this;
    }

    /** Sets the mixture of experts. */
    public Builder moe(MixtureOfExperts value) {
      this.moe = value;
      return this;
    }

    /** Sets the position encoding and the configured context length. */
    public Builder positions(PositionEncoding encoding, int maxPositionEmbeddings) {
      this.positions = encoding;
      this.maxPositions = maxPositionEmbeddings;
      return this;
    }

    /** Sets the extra rows of a learned position table (OPT: 2). */
    public Builder positionOffset(int value) {
      this.positionOffset = value;
      return this;
    }

    /** Sets the rows of the token-type table (BERT: 2). */
    public Builder tokenTypes(int value) {
      this.tokenTypes = value;
      return this;
    }

    /** Sets whether a norm follows the embeddings. */
    public Builder embeddingNorm(boolean value) {
      this.embeddingNorm = value;
      return this;
    }

    /** Sets whether the output head shares the embedding matrix. */
    public Builder tiedEmbeddings(boolean value) {
      this.tiedEmbeddings = value;
      return this;
    }

    /** Sets whether the output head has a bias. */
    public Builder outputHeadBias(boolean value) {
      this.outputHeadBias = value;
      return this;
    }

    /** Sets the norm kind and layout. */
    public Builder normalization(Normalization value) {
      this.normalization = value;
      return this;
    }

    /** Sets the norm kind and layout. */
    public Builder normalization(NormKind normKind, int perLayer, boolean finalNorm) {
      this.normalization = new Normalization(normKind, perLayer, finalNorm);
      return this;
    }

    /** Sets whether an encoder has BERT's pooler. */
    public Builder pooler(boolean value) {
      this.pooler = value;
      return this;
    }

    /** Sets the data type of the published weights. */
    public Builder dtype(DType value) {
      this.dtype = value;
      return this;
    }

    /** Records an assumption made while building. */
    public Builder assumption(String text) {
      this.assumptions.add(text);
      return this;
    }

    /**
     * Builds the architecture.
     *
     * @return the architecture
     * @throws IllegalArgumentException if a required size is missing or the shape is inconsistent
     *     (for example heads that do not divide the width when no head dim is given)
     */
    public ModelArchitecture build() {
      Require.positive("layers", layers);
      Require.positive("hidden", hidden);
      Attention att = attention;
      if (att == null) {
        Require.positive("heads", heads);
        int kv = kvHeads == 0 ? heads : kvHeads;
        int dim = headDim;
        if (dim == 0) {
          if (hidden % heads != 0) {
            throw new IllegalArgumentException(
                "heads must divide hidden (" + hidden + ") when headDim is not given, was " + heads);
          }
          dim = hidden / heads;
        }
        att = new MultiHeadAttention(
            heads, kv, dim, qkvBias, outputBias, qkNorm, slidingWindow, slidingWindowLayers);
      }
      return new ModelArchitecture(
          id,
          modelType,
          kind,
          layers,
          hidden,
          vocabSize,
          att,
          new FeedForward(intermediateSize, gated, activation, mlpBias),
          moe,
          new Embeddings(
              positions,
              maxPositions,
              positionOffset,
              tokenTypes,
              embeddingNorm,
              tiedEmbeddings,
              outputHeadBias),
          normalization,
          pooler,
          dtype,
          assumptions);
    }
  }
}
