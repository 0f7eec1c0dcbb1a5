package dev.llmcost.core.model;

import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.internal.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The shape of a transformer: enough to count its parameters exactly and to cost its training and
 * inference.
 *
 * <p>Covers decoder-only and encoder-only transformers: multi-head, grouped-query, multi-query
 * and latent attention; plain and gated MLPs; mixtures of experts with shared experts and leading
 * or interleaved dense layers; learned, rotary and ALiBi positions; LayerNorm and RMSNorm layouts;
 * tied or untied output heads; and, per layer ({@link #layerPattern()}), full, sliding-window,
 * chunked and NoPE attention, linear attention ({@link LinearAttention}) and state-space layers
 * ({@link StateSpaceMixer}) in hybrids. Build one with {@link #builder(String)}, read one from a
 * HuggingFace {@code config.json} with {@link HuggingFaceConfigs}, or look one up in the {@link
 * ModelCatalog}. Instances are immutable and only the builder makes them.
 */
public final class ModelArchitecture {
  private final String id;
  private final String modelType;
  private final ArchitectureKind kind;
  private final int layers;
  private final int hidden;
  private final int vocabSize;
  private final Attention attention;
  private final FeedForward feedForward;
  private final MixtureOfExperts moe;
  private final Embeddings embeddings;
  private final Normalization normalization;
  private final boolean pooler;
  private final DType dtype;
  private final List<String> assumptions;
  private final List<LayerSpec> layerPattern;
  private final boolean attentionSinks;
  private final boolean attentionOutputGate;
  private final BlockLayout blockLayout;
  private final @Nullable LinearAttention linearAttention;
  private final @Nullable StateSpaceMixer stateSpace;
  private final @Nullable SparseAttentionIndexer indexer;
  private final int multiTokenPredictionLayers;
  private final DType expertDtype;
  private final int expertScaleBlock;
  private final long visionParameters;

  /** The most layers an architecture may have (the deepest published models have a few hundred). */
  public static final int MAX_LAYERS = 65_536;

  private ModelArchitecture(Builder b, Attention att, List<LayerSpec> pattern) {
    this.id = Require.nonBlank("id", b.id);
    this.modelType = Require.nonBlank("modelType", b.modelType);
    this.kind = b.kind;
    this.layers = Require.positive("layers", b.layers);
    this.hidden = Require.positive("hidden", b.hidden);
    this.vocabSize = Require.positive("vocabSize", b.vocabSize);
    this.attention = att;
    this.feedForward = new FeedForward(b.intermediateSize, b.gated, b.activation, b.mlpBias, b.activationClamp);
    this.moe = b.moe;
    this.embeddings =
        new Embeddings(
            b.positions,
            b.maxPositions,
            b.positionOffset,
            b.tokenTypes,
            b.embeddingNorm,
            b.tiedEmbeddings,
            b.outputHeadBias,
            b.rotaryScaling);
    this.normalization = b.normalization;
    this.pooler = b.pooler;
    this.dtype = b.dtype;
    this.assumptions = List.copyOf(b.assumptions);
    this.layerPattern = List.copyOf(pattern);
    this.attentionSinks = b.attentionSinks;
    this.attentionOutputGate = b.attentionOutputGate;
    this.blockLayout = b.blockLayout;
    this.linearAttention = b.linearAttention;
    this.stateSpace = b.stateSpace;
    this.indexer = b.indexer;
    this.multiTokenPredictionLayers = Require.nonNegative("multiTokenPredictionLayers", b.mtpLayers);
    this.expertDtype = b.expertDtype == null ? b.dtype : b.expertDtype;
    this.expertScaleBlock = Require.nonNegative("expertScaleBlock", b.expertScaleBlock);
    this.visionParameters = Require.nonNegative("visionParameters", b.visionParameters);
    validate(b.layerPattern == null);
  }

  /** Validates the shape; the leading dense layers of the experts only place layers of a derived pattern. */
  private void validate(boolean derivedPattern) {
    if (layerPattern.size() != layers) {
      throw new IllegalArgumentException(
          "layerPattern must have one entry per layer (" + layers + "), had " + layerPattern.size());
    }
    if (derivedPattern && moe.firstDenseLayers() > layers) {
      throw new IllegalArgumentException(
          "moe.firstDenseLayers must be <= layers (" + layers + "), was " + moe.firstDenseLayers());
    }
    for (int i = 0; i < layers; i++) {
      LayerSpec l = layerPattern.get(i);
      if (l.mlp() == MlpKind.MOE && !moe.isPresent()) {
        throw new IllegalArgumentException("layerPattern[" + i + "] is an MoE layer but moe is NONE");
      }
      if (l.mlp() == MlpKind.DENSE && feedForward.intermediateSize() == 0) {
        throw new IllegalArgumentException(
            "feedForward.intermediateSize must be > 0 when some layers are dense (layer " + i + "), was 0");
      }
      if (l.mixer() == LayerMixer.LINEAR_ATTENTION && linearAttention == null) {
        throw new IllegalArgumentException("layerPattern[" + i + "] is linear attention but linearAttention is not set");
      }
      if (l.mixer().hasRecurrentState() && l.mixer() != LayerMixer.LINEAR_ATTENTION && stateSpace == null) {
        throw new IllegalArgumentException("layerPattern[" + i + "] has a state-space mixer but stateSpace is not set");
      }
    }
    if (attention instanceof MultiHeadAttention mha && mha.slidingWindowLayers() > layers) {
      throw new IllegalArgumentException(
          "slidingWindowLayers must be <= layers (" + layers + "), was " + mha.slidingWindowLayers());
    }
    if (indexer != null && !(attention instanceof LatentAttention)) {
      throw new IllegalArgumentException("indexer needs latent attention, was " + attention);
    }
  }

  /** Returns a name for the model, such as {@code llama-3.1-8b}. */
  public String id() {
    return id;
  }

  /** Returns the HuggingFace {@code model_type} the shape follows, or {@code custom}. */
  public String modelType() {
    return modelType;
  }

  /** Returns decoder-only or encoder-only. */
  public ArchitectureKind kind() {
    return kind;
  }

  /** Returns whether the model is an encoder (BERT-style, bidirectional, no output head). */
  public boolean isEncoder() {
    return kind == ArchitectureKind.ENCODER_ONLY;
  }

  /** Returns the number of transformer layers. */
  public int layers() {
    return layers;
  }

  /** Returns the model width ({@code hidden_size}, {@code n_embd}, {@code d_model}). */
  public int hidden() {
    return hidden;
  }

  /** Returns the vocabulary size. */
  public int vocabSize() {
    return vocabSize;
  }

  /** Returns the attention block of the attention layers. */
  public Attention attention() {
    return attention;
  }

  /** Returns the dense MLP (used by every dense layer; its kind also shapes the experts). */
  public FeedForward feedForward() {
    return feedForward;
  }

  /** Returns the mixture of experts, or {@link MixtureOfExperts#NONE}. */
  public MixtureOfExperts moe() {
    return moe;
  }

  /** Returns the position encoding, token types and the output head. */
  public Embeddings embeddings() {
    return embeddings;
  }

  /** Returns the norm kind and layout. */
  public Normalization normalization() {
    return normalization;
  }

  /** Returns whether an encoder has BERT's pooler ({@code hidden × hidden} plus bias). */
  public boolean pooler() {
    return pooler;
  }

  /** Returns the data type of the published weights ({@code torch_dtype}). */
  public DType dtype() {
    return dtype;
  }

  /** Returns what was assumed where the source left a choice open, in words. */
  public List<String> assumptions() {
    return assumptions;
  }

  /** Returns one description per layer: mixer, window, rotary or NoPE, dense or MoE MLP. */
  public List<LayerSpec> layerPattern() {
    return layerPattern;
  }

  /**
   * Returns whether each attention layer has gpt-oss's attention sinks: one learned logit per head
   * that joins the softmax denominator (no cached token).
   */
  public boolean attentionSinks() {
    return attentionSinks;
  }

  /**
   * Returns whether attention output is gated by a sigmoid of a second query-sized projection
   * (Qwen3-Next's gated attention, Qiu et al. 2025, arXiv:2505.06708): {@code q_proj} doubles.
   */
  public boolean attentionOutputGate() {
    return attentionOutputGate;
  }

  /**
   * Returns how each layer arranges its attention and MLP: {@link BlockLayout#SERIAL} (the
   * default), or side by side on the same input (GPT-J, GPT-NeoX, Falcon, Phi-1/2, PaLM). The
   * parameters are the same either way; training and serving cost differ (one norm, fewer
   * tensor-parallel reductions).
   */
  public BlockLayout blockLayout() {
    return blockLayout;
  }

  /** Returns the linear attention of the linear-attention layers, if any. */
  public Optional<LinearAttention> linearAttention() {
    return Optional.ofNullable(linearAttention);
  }

  /** Returns the state-space mixer of the state-space layers, if any. */
  public Optional<StateSpaceMixer> stateSpace() {
    return Optional.ofNullable(stateSpace);
  }

  /** Returns DeepSeek-V3.2's sparse-attention indexer, if any. */
  public Optional<SparseAttentionIndexer> indexer() {
    return Optional.ofNullable(indexer);
  }

  /**
   * Returns the multi-token-prediction layers the checkpoint ships besides the model (DeepSeek-V3,
   * GLM-4.5, Qwen3-Next); HuggingFace does not instantiate them, so they are not in the counts.
   */
  public int multiTokenPredictionLayers() {
    return multiTokenPredictionLayers;
  }

  /**
   * Returns one multi-token-prediction module as a one-layer model, for costing it as a speculative
   * decoder: the block of the model's last layer (its last attention layer's mixer when the last
   * layer is recurrent, as Qwen3-Next's MTP block is a full-attention block), with the model's
   * embeddings and output head, which the module shares with the model (DeepSeek-V3 technical
   * report, arXiv:2412.19437 §2.2: "the embedding layer and the output head are shared"). The
   * module's own projection {@code M ∈ R^{h×2h}} and two RMSNorms are not in this model; {@link
   * #multiTokenPredictionModuleParameters()} counts them. Empty when the checkpoint ships no MTP
   * layers.
   *
   * @return the module as a one-layer model with id {@code <id>-mtp}, or empty
   */
  public Optional<ModelArchitecture> multiTokenPredictionModule() {
    if (multiTokenPredictionLayers == 0) {
      return Optional.empty();
    }
    LayerSpec block = layerPattern.get(layers - 1);
    if (!block.mixer().hasAttention() || block.mixer().hasRecurrentState()) {
      LayerSpec attention = null;
      for (LayerSpec l : layerPattern) {
        if (l.mixer().hasAttention() && !l.mixer().hasRecurrentState()) {
          attention = l;
        }
      }
      block = attention != null ? attention : LayerSpec.fullAttention(block.mlp());
    }
    return Optional.of(toBuilder()
        .id(id + "-mtp")
        .layers(1)
        .layerPattern(List.of(block))
        .multiTokenPredictionLayers(0)
        .build());
  }

  /**
   * Returns the parameters one multi-token-prediction module adds to the model (its embedding and
   * output head are the model's): one block as the model's last, the projection {@code M ∈
   * R^{h×2h}} of the concatenated hidden state and next-token embedding, and the RMSNorms of both
   * inputs and of the shared head's input (DeepSeek-V3 technical report, arXiv:2412.19437 §2.2;
   * the checkpoint's {@code enorm}, {@code hnorm}, {@code eh_proj} and {@code shared_head.norm}).
   * 0 without MTP layers.
   *
   * @return parameters of one module
   */
  public long multiTokenPredictionModuleParameters() {
    Optional<ModelArchitecture> module = multiTokenPredictionModule();
    if (module.isEmpty()) {
      return 0;
    }
    ParameterCounts c = module.get().parameterCounts();
    long shared = 0;
    for (ComponentRole r : new ComponentRole[] {ComponentRole.TOKEN_EMBEDDING, ComponentRole.POSITION_EMBEDDING,
        ComponentRole.TOKEN_TYPE_EMBEDDING, ComponentRole.EMBEDDING_NORM, ComponentRole.FINAL_NORM,
        ComponentRole.OUTPUT_HEAD, ComponentRole.VISION}) {
      shared += c.of(r).value();
    }
    return c.total().value() - shared + 2L * hidden * hidden + 3L * hidden;
  }

  /** Returns the element type routed experts are stored in (gpt-oss: MXFP4), else {@link #dtype()}. */
  public DType expertDtype() {
    return expertDtype;
  }

  /**
   * Returns the elements sharing one 8-bit scale in the expert storage (MXFP4: 32), 0 for none.
   */
  public int expertScaleBlock() {
    return expertScaleBlock;
  }

  /**
   * Returns the parameters of a vision tower and projector of a multimodal wrapper, counted in the
   * total but outside the language model's components (0 for a text model).
   */
  public long visionParameters() {
    return visionParameters;
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
    return count(MlpKind.MOE);
  }

  /** Returns the number of layers with a dense MLP. */
  public int denseLayers() {
    return count(MlpKind.DENSE);
  }

  private int count(MlpKind k) {
    int n = 0;
    for (LayerSpec l : layerPattern) {
      n += l.mlp() == k ? 1 : 0;
    }
    return n;
  }

  /** Returns the number of layers with attention (and so a KV cache). */
  public int attentionLayers() {
    int n = 0;
    for (LayerSpec l : layerPattern) {
      n += l.mixer().hasAttention() ? 1 : 0;
    }
    return n;
  }

  /** Returns the number of layers of {@code mixer}. */
  public int layersOf(LayerMixer mixer) {
    int n = 0;
    for (LayerSpec l : layerPattern) {
      n += l.mixer() == mixer ? 1 : 0;
    }
    return n;
  }

  /** Returns whether some layer keeps a recurrent state (linear attention or state space). */
  public boolean isHybrid() {
    return layerPattern.stream().anyMatch(l -> l.mixer().hasRecurrentState());
  }

  /** Returns the number of query heads. */
  public int heads() {
    return attention.heads();
  }

  /**
   * Returns the elements one token stores in the KV cache of one attention layer: keys and values
   * of every KV head, or MLA's latent and rotary key plus DeepSeek-V3.2's indexer key.
   *
   * @return cached elements per token per attention layer
   */
  public long kvCacheElementsPerTokenPerLayer() {
    return attention.kvCacheElementsPerTokenPerLayer() + (indexer == null ? 0 : indexer.headDim());
  }

  /**
   * Returns the number of values one token stores in the KV cache across all attention layers,
   * ignoring windows and chunks; layers without attention store none.
   *
   * @return cached elements per token
   */
  public long kvCacheElementsPerToken() {
    return Math.multiplyExact(kvCacheElementsPerTokenPerLayer(), attentionLayers());
  }

  /**
   * Returns the KV-cache elements a sequence of {@code tokens} tokens stores across all layers:
   * full-attention layers every token, sliding-window and chunked layers at most their window,
   * linear-attention and state-space layers nothing (their state is {@link
   * #recurrentStateElements()}).
   *
   * @param tokens tokens in the sequence
   * @return cached elements
   * @throws IllegalArgumentException if {@code tokens} is negative
   */
  public long kvCacheElementsPerSequence(long tokens) {
    Require.nonNegative("tokens", tokens);
    long perLayer = kvCacheElementsPerTokenPerLayer();
    long sum = 0;
    for (LayerSpec l : layerPattern) {
      sum = Math.addExact(sum, Math.multiplyExact(perLayer, l.cachedTokens(tokens)));
    }
    return sum;
  }

  /**
   * Returns the elements of the recurrent state one sequence keeps across all linear-attention and
   * state-space layers, whatever its length (0 for a pure transformer).
   *
   * @return state elements per sequence
   */
  public long recurrentStateElements() {
    long sum = 0;
    for (LayerSpec l : layerPattern) {
      if (l.mixer() == LayerMixer.LINEAR_ATTENTION) {
        sum += Objects.requireNonNull(linearAttention).stateElements();
      } else if (l.mixer().hasRecurrentState()) {
        sum += Objects.requireNonNull(stateSpace).stateElements();
      }
    }
    return sum;
  }

  /**
   * Returns the bytes of the weights as the checkpoint stores them: routed experts in {@link
   * #expertDtype()} with one 8-bit scale per {@link #expertScaleBlock()} elements (MXFP4: 4.25 bits
   * per parameter, OCP Microscaling Formats v1.0 §5), everything else in {@link #dtype()}.
   *
   * @return the checkpoint size
   */
  public DataSize checkpointSize() {
    ParameterCounts p = parameterCounts();
    long experts = p.of(ComponentRole.ROUTED_EXPERTS).value();
    long rest = p.total().value() - experts;
    long expertBits = Math.multiplyExact(experts, (long) expertDtype.bits());
    if (expertScaleBlock > 0) {
      expertBits = Math.addExact(expertBits, (experts + expertScaleBlock - 1) / expertScaleBlock * 8);
    }
    return dtype.sizeOf(rest).plus(DataSize.ofBytes((expertBits + 7) / 8));
  }

  /** Returns a copy with another id. */
  public ModelArchitecture withId(String newId) {
    return newId.equals(id) ? this : toBuilder().id(newId).build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ModelArchitecture a)) {
      return false;
    }
    return layers == a.layers
        && hidden == a.hidden
        && vocabSize == a.vocabSize
        && pooler == a.pooler
        && attentionSinks == a.attentionSinks
        && attentionOutputGate == a.attentionOutputGate
        && blockLayout == a.blockLayout
        && multiTokenPredictionLayers == a.multiTokenPredictionLayers
        && expertScaleBlock == a.expertScaleBlock
        && visionParameters == a.visionParameters
        && id.equals(a.id)
        && modelType.equals(a.modelType)
        && kind == a.kind
        && attention.equals(a.attention)
        && feedForward.equals(a.feedForward)
        && moe.equals(a.moe)
        && embeddings.equals(a.embeddings)
        && normalization.equals(a.normalization)
        && dtype == a.dtype
        && expertDtype == a.expertDtype
        && assumptions.equals(a.assumptions)
        && layerPattern.equals(a.layerPattern)
        && Objects.equals(linearAttention, a.linearAttention)
        && Objects.equals(stateSpace, a.stateSpace)
        && Objects.equals(indexer, a.indexer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id, modelType, kind, layers, hidden, vocabSize, attention, feedForward, moe, embeddings,
        normalization, pooler, dtype, layerPattern, linearAttention, stateSpace, indexer, blockLayout);
  }

  @Override
  public String toString() {
    return "ModelArchitecture[id=" + id + ", modelType=" + modelType + ", kind=" + kind
        + ", layers=" + layers + ", hidden=" + hidden + ", vocabSize=" + vocabSize
        + ", attention=" + attention + ", feedForward=" + feedForward + ", moe=" + moe
        + (linearAttention == null ? "" : ", linearAttention=" + linearAttention)
        + (stateSpace == null ? "" : ", stateSpace=" + stateSpace)
        + (indexer == null ? "" : ", indexer=" + indexer)
        + ", embeddings=" + embeddings + ", normalization=" + normalization
        + (blockLayout == BlockLayout.SERIAL ? "" : ", blockLayout=" + blockLayout)
        + ", dtype=" + dtype + "]";
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
    private double activationClamp;
    private MixtureOfExperts moe = MixtureOfExperts.NONE;
    private PositionEncoding positions = PositionEncoding.ROTARY;
    private RotaryScaling rotaryScaling = RotaryScaling.NONE;
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
    private @Nullable List<LayerSpec> layerPattern;
    private boolean attentionSinks;
    private boolean attentionOutputGate;
    private BlockLayout blockLayout = BlockLayout.SERIAL;
    private @Nullable LinearAttention linearAttention;
    private @Nullable StateSpaceMixer stateSpace;
    private @Nullable SparseAttentionIndexer indexer;
    private int mtpLayers;
    private @Nullable DType expertDtype;
    private int expertScaleBlock;
    private long visionParameters;

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
      activationClamp = a.feedForward.activationClamp();
      moe = a.moe;
      positions = a.embeddings.positions();
      rotaryScaling = a.embeddings.rotaryScaling();
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
      layerPattern = a.layerPattern;
      attentionSinks = a.attentionSinks;
      attentionOutputGate = a.attentionOutputGate;
      blockLayout = a.blockLayout;
      linearAttention = a.linearAttention;
      stateSpace = a.stateSpace;
      indexer = a.indexer;
      mtpLayers = a.multiTokenPredictionLayers;
      expertDtype = a.expertDtype == a.dtype ? null : a.expertDtype;
      expertScaleBlock = a.expertScaleBlock;
      visionParameters = a.visionParameters;
      if (a.layerPattern.equals(derivedPattern())) {
        layerPattern = null;
      }
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

    /**
     * Sets the limit the gated activation clamps its inputs to, 0 for none (gpt-oss's {@code swiglu_limit}); see
     * {@link FeedForward#activationClamp()}.
     */
    public Builder activationClamp(double limit) {
      this.activationClamp = limit;
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

    /**
     * Sets how rotary frequencies are rescaled ({@code rope_scaling}); see {@link Embeddings#rotaryScaling()}. Only
     * rotary positions take a scaling other than {@link RotaryScaling#NONE} ({@link #build()} refuses it otherwise).
     */
    public Builder rotaryScaling(RotaryScaling value) {
      this.rotaryScaling = Objects.requireNonNull(value, "rotaryScaling");
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
      this.normalization = Normalization.of(normKind, perLayer, finalNorm);
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

    /**
     * Sets one description per layer (mixer, window, rotary, MLP kind), replacing the pattern
     * derived from the sliding-window setting and the mixture of experts; the sliding-window
     * setting of the attention then follows the pattern.
     */
    public Builder layerPattern(List<LayerSpec> value) {
      this.layerPattern = List.copyOf(value);
      return this;
    }

    /** Sets whether attention layers have gpt-oss's per-head sink logits. */
    public Builder attentionSinks(boolean value) {
      this.attentionSinks = value;
      return this;
    }

    /** Sets whether attention output is gated by a query-sized projection (Qwen3-Next). */
    public Builder attentionOutputGate(boolean value) {
      this.attentionOutputGate = value;
      return this;
    }

    /** Sets how each layer arranges its attention and MLP ({@link BlockLayout#SERIAL} unless set). */
    public Builder blockLayout(BlockLayout value) {
      this.blockLayout = Objects.requireNonNull(value, "blockLayout");
      return this;
    }

    /** Sets the linear attention of the {@link LayerMixer#LINEAR_ATTENTION} layers. */
    public Builder linearAttention(LinearAttention value) {
      this.linearAttention = value;
      return this;
    }

    /** Sets the state-space mixer of the state-space layers. */
    public Builder stateSpace(StateSpaceMixer value) {
      this.stateSpace = value;
      return this;
    }

    /** Sets DeepSeek-V3.2's sparse-attention indexer. */
    public Builder indexer(SparseAttentionIndexer value) {
      this.indexer = value;
      return this;
    }

    /** Sets the multi-token-prediction layers shipped beside the model (not counted). */
    public Builder multiTokenPredictionLayers(int value) {
      this.mtpLayers = value;
      return this;
    }

    /**
     * Sets how routed experts are stored: their element type and the elements sharing one 8-bit
     * scale (MXFP4: {@link DType#FP4} and 32; 0 for no scales).
     */
    public Builder expertStorage(DType type, int scaleBlock) {
      this.expertDtype = type;
      this.expertScaleBlock = scaleBlock;
      return this;
    }

    /** Sets the parameters of a multimodal wrapper's vision tower and projector. */
    public Builder visionParameters(long value) {
      this.visionParameters = value;
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
     *     (for example heads that do not divide the width when no head dim is given, more than
     *     {@link #MAX_LAYERS} layers, or a layer pattern of another length than the layers)
     */
    public ModelArchitecture build() {
      Require.positive("layers", layers);
      Require.positive("hidden", hidden);
      if (layers > MAX_LAYERS) {
        throw new IllegalArgumentException("layers must be <= " + MAX_LAYERS + ", was " + layers);
      }
      List<LayerSpec> pattern = layerPattern;
      int windowLayers = slidingWindowLayers;
      int window = slidingWindow;
      if (pattern != null) {
        windowLayers = 0;
        window = 0;
        for (LayerSpec l : pattern) {
          if (l.mixer() == LayerMixer.SLIDING_ATTENTION) {
            windowLayers++;
            window = Math.max(window, l.window());
          }
        }
      }
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
        att =
            MultiHeadAttention.of(heads, kv, dim)
                .withBiases(qkvBias, outputBias)
                .withQkNorm(qkNorm)
                .withSlidingWindow(window, windowLayers);
      }
      if (pattern == null) {
        pattern = derivedPattern();
      }
      return new ModelArchitecture(this, att, pattern);
    }

    /** Spreads the sliding-window layers evenly and places MoE layers as the experts say. */
    private List<LayerSpec> derivedPattern() {
      List<LayerSpec> p = new ArrayList<>(layers);
      int w = slidingWindowLayers;
      boolean rotary = positions == PositionEncoding.ROTARY;
      for (int i = 0; i < layers; i++) {
        boolean sliding = w > 0 && slidingWindow > 0
            && (long) (i + 1) * w / layers > (long) i * w / layers;
        MlpKind mlp = moe.isMoeLayer(i) ? MlpKind.MOE : MlpKind.DENSE;
        p.add(sliding
            ? LayerSpec.windowed(LayerMixer.SLIDING_ATTENTION, slidingWindow, mlp).withRotary(rotary)
            : LayerSpec.of(LayerMixer.FULL_ATTENTION, mlp).withRotary(rotary));
      }
      return p;
    }
  }
}
