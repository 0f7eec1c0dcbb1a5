package dev.llmcost.costmodel.internal.training;

import dev.llmcost.core.model.ArchitectureKind;
import dev.llmcost.core.model.BlockLayout;
import dev.llmcost.core.model.FeedForward;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.NormKind;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.core.model.RotaryScaling;
import org.jspecify.annotations.Nullable;

/**
 * The numbers of a model that the training evaluator needs, computed once per architecture so that
 * evaluating a configuration touches only primitive fields (the planner evaluates millions).
 *
 * <p>Parameter counts per layer are exact (they add up to {@code ParameterCounts.total()}); the
 * split into matmul weights and the rest (biases, norms) is what FLOP accounting needs: Megatron's
 * {@code 72Bslh²} counts only the weight matrices.
 */
public final class ModelConstants {
  /** The architecture's id. */
  public final String id;
  /** Transformer layers. */
  public final int layers;
  /** Model width. */
  public final int hidden;
  /** Query heads. */
  public final int heads;
  /**
   * Key/value heads. Latent attention (DeepSeek) is trained with its keys and values expanded from
   * the latent for every head, so it has as many as query heads.
   */
  public final int kvHeads;
  /** Query/key dimension of one head. */
  public final int headDim;
  /** Width of the concatenated query heads. */
  public final int queryWidth;
  /** Width of the keys. */
  public final int kvWidth;
  /** Width of the values (equal to the keys' except in latent attention). */
  public final int valueWidth;
  /** Width of the concatenated head outputs that the output projection reads. */
  public final int attnOutWidth;
  /**
   * The smallest inner width of latent attention's low-rank projections (its query and key/value
   * ranks), 0 for other attention: the GEMM dimension that bounds their efficiency.
   */
  public final int latentRank;
  /**
   * Latent attention's up-projection weight-matrix parameters per layer: the query up-projection ({@code
   * q_lora_rank × heads·qk_head_dim}, when the query is compressed) and the key/value one ({@code kv_lora_rank ×
   * heads·(qk_nope_head_dim + v_head_dim)}); 0 for other attention.
   */
  public final double latentUpMatmul;
  /**
   * Width of what latent attention keeps when its up-projections are recomputed: the compressed query (when
   * compressed), the compressed key/value and the decoupled rotary key ({@code q_lora_rank + kv_lora_rank +
   * qk_rope_head_dim}); 0 for other attention.
   */
  public final int latentStoredWidth;
  /** Whether the query is compressed (latent attention with a query rank): its up-projection output is recomputable. */
  public final boolean latentQuery;
  /** Groups of experts for group-limited routing (1: none). */
  public final int routingGroups;
  /** Groups each token's experts come from (equal to {@link #routingGroups} when not limited). */
  public final int groupsPerToken;
  /** Output-projection weight-matrix parameters per layer. */
  public final double outProjMatmul;
  /** Dense MLP inner width. */
  public final int ffn;
  /** Weight matrices per MLP: 3 gated, 2 plain. */
  public final int mlpMatrices;
  /**
   * Whether the MLP's activation is the squared ReLU ({@code relu2}, Nemotron): {@code relu(x)²}, which
   * Megatron-Core runs as PyTorch operators ({@link Evaluator#SQUARED_RELU_FORWARD_BYTES}).
   */
  public final boolean squaredRelu;
  /**
   * Whether the routed experts' linear layers have biases (gpt-oss): Megatron-Core adds the down projection's bias
   * outside the grouped GEMM, expert by expert ({@link Evaluator#EXPERT_BIAS_FORWARD_BYTES}).
   */
  public final boolean expertBias;
  /**
   * Whether the gated activation clamps its inputs (gpt-oss's {@code swiglu_limit}), which Megatron-Core does in
   * kernels of their own before the fused activation ({@link Evaluator#ACTIVATION_CLAMP_FORWARD_BYTES}).
   */
  public final boolean activationClamp;
  /**
   * Whether attention and MLP run side by side on the layer's input ({@code BlockLayout.PARALLEL} or
   * {@code PARALLEL_FUSED_INPUT}): the summed output projections take one tensor-parallel reduction
   * ({@link Evaluator#parallelBlockForwardCollectives}), and the block runs {@link #parallelBlockNorms} norms.
   */
  public final boolean parallelBlock;
  /**
   * Whether the parallel block's attention and MLP input projections are one fused GEMM ({@code
   * BlockLayout.PARALLEL_FUSED_INPUT}, PaLM §2), so that the backward pass reduces one input gradient.
   */
  public final boolean fusedParallelInput;
  /** Norms a parallel block runs per layer (1 shared, or 2 of the same input); 2 for a serial block. */
  public final int parallelBlockNorms;
  /** Vocabulary size. */
  public final int vocab;
  /** Whether the output head shares the embedding. */
  public final boolean tiedEmbeddings;
  /** Whether positions are a learned table (limits the sequence length). */
  public final boolean learnedPositions;
  /** Configured context length. */
  public final int maxPositions;
  /** Whether rotary embeddings touch queries and keys in every layer. */
  public final boolean rotary;
  /**
   * Whether the rotary embedding is YaRN-scaled ({@code rope_scaling} type {@code yarn}) on ordinary (not latent)
   * attention, which Megatron-Core applies in PyTorch operators rather than its fused kernel ({@link
   * Evaluator#YARN_ROTARY_FORWARD_BYTES}).
   */
  public final boolean yarnRotary;
  /** Sliding attention window in tokens, 0 for none. */
  public final int slidingWindow;
  /** Layers that use the sliding window. */
  public final int slidingLayers;
  /** MoE layers. */
  public final int moeLayers;
  /** Dense layers. */
  public final int denseLayers;
  /** Routed experts per MoE layer (0 for dense). */
  public final int experts;
  /** Experts per token. */
  public final int topK;
  /** Routed expert inner width. */
  public final int expertFfn;
  /** Shared expert inner width (0 for none). */
  public final int sharedFfn;

  /** Attention weight-matrix parameters per layer. */
  public final double attnMatmul;
  /** Attention parameters per layer (matrices, biases, norms inside the block). */
  public final double attnParams;
  /**
   * Key and value projection parameters per layer (matrices and biases): the part of {@link
   * #attnParams} that tensor-parallel ranks replicate when tp exceeds the KV heads.
   */
  public final double kvProjParams;
  /** Dense MLP weight-matrix parameters per dense layer. */
  public final double mlpMatmul;
  /** Dense MLP parameters per dense layer. */
  public final double mlpParams;
  /** Weight-matrix parameters of one routed expert. */
  public final double expertMatmul;
  /** Parameters of one routed expert. */
  public final double expertParams;
  /** Shared-expert weight-matrix parameters per MoE layer (plus the router's matrix). */
  public final double sharedMatmul;
  /** Shared-expert and router parameters per MoE layer. */
  public final double sharedParams;
  /** Norm parameters per layer. */
  public final double normParams;
  /** Token embedding parameters ({@code vocab × hidden}). */
  public final double embedding;
  /** Learned position (and token-type) table parameters. */
  public final double positions;
  /** Untied output head parameters (0 when tied), plus its bias. */
  public final double head;
  /** Final and embedding norm parameters. */
  public final double otherParams;
  /** Exact total parameters. */
  public final long totalParameters;
  /** Exact parameters used per token. */
  public final long activeParameters;

  /** Whether attention is bidirectional (an encoder): its attention term is never halved. */
  public final boolean bidirectional;

  /** Layers with attention (all of them except linear-attention and state-space layers). */
  public final int attentionLayers;

  /**
   * Weight-matrix parameters of all token mixers less {@code layers × attnMatmul}: what the per-layer
   * sums miss in hybrids, whose linear-attention and state-space layers have no attention matrices
   * (their in/out projections instead; their convolution and per-head vectors are counted as
   * matrices, a few tenths of a percent), and Falcon-H1's layers have both. 0 for a pure transformer.
   */
  public final double mixerMatmulCorrection;

  /** Multi-token-prediction modules the checkpoint ships (not in the parameter counts). */
  public final int mtpLayers;
  /**
   * Forward weight-matrix FLOPs per token of one multi-token-prediction module, without its
   * attention score term (DeepSeek-V3 §2.2): its transformer block (an MoE block when the model's
   * last layer is one), the projection {@code M ∈ R^{h×2h}} and the shared output head.
   */
  public final double mtpForwardMatmul;
  /**
   * Parameters one token uses in one multi-token-prediction module, the shared embedding and head
   * excepted: the block (top-k experts), the {@code 2h²} projection and its two RMSNorms.
   */
  public final double mtpActiveParams;

  private ModelConstants(ModelArchitecture a) {
    // an encoder trains as BERT's masked LM: bidirectional attention, the tied MLM decoder as the head
    bidirectional = a.kind() == ArchitectureKind.ENCODER_ONLY;
    id = a.id();
    layers = a.layers();
    attentionLayers = a.attentionLayers();
    hidden = a.hidden();
    vocab = a.vocabSize();
    parallelBlock = a.blockLayout().parallel();
    fusedParallelInput = a.blockLayout() == BlockLayout.PARALLEL_FUSED_INPUT;
    // a fused input GEMM reads one normalised input: one norm, whatever the table says
    parallelBlockNorms = !parallelBlock ? 2 : fusedParallelInput ? 1 : Math.max(1, Math.min(2, a.normalization().perLayer()));
    NormKind norm = a.normalization().kind();
    if (a.attention() instanceof MultiHeadAttention m) {
      heads = m.heads();
      kvHeads = m.kvHeads();
      headDim = m.headDim();
      queryWidth = m.queryWidth();
      kvWidth = m.kvWidth();
      valueWidth = kvWidth;
      attnOutWidth = queryWidth;
      latentRank = 0;
      latentUpMatmul = 0;
      latentStoredWidth = 0;
      latentQuery = false;
      outProjMatmul = (double) queryWidth * hidden;
      attnMatmul = (double) hidden * queryWidth + 2.0 * hidden * kvWidth + (double) queryWidth * hidden;
      kvProjParams = 2.0 * hidden * kvWidth + (m.qkvBias() ? 2.0 * kvWidth : 0);
      slidingWindow = m.slidingWindow();
      slidingLayers = m.slidingWindowLayers();
    } else {
      LatentAttention l = (LatentAttention) a.attention();
      heads = l.heads();
      kvHeads = l.heads();
      headDim = l.qkHeadDim();
      queryWidth = l.queryWidth();
      kvWidth = l.queryWidth();
      valueWidth = l.heads() * l.vHeadDim();
      attnOutWidth = valueWidth;
      latentRank = l.qLoraRank() > 0 ? Math.min(l.qLoraRank(), l.kvLoraRank()) : l.kvLoraRank();
      latentQuery = l.qLoraRank() > 0;
      latentUpMatmul = (double) l.qLoraRank() * l.queryWidth()
          + (double) l.kvLoraRank() * l.heads() * (l.qkNopeHeadDim() + l.vHeadDim());
      latentStoredWidth = l.qLoraRank() + l.kvLoraRank() + l.qkRopeHeadDim();
      outProjMatmul = (double) attnOutWidth * hidden;
      attnMatmul = a.attention().parameters(hidden, NormKind.NON_PARAMETRIC);
      kvProjParams = 0; // expanded per query head: never replicated (tp divides the heads)
      slidingWindow = 0;
      slidingLayers = 0;
    }
    attnParams = a.attention().parameters(hidden, norm);
    FeedForward ff = a.feedForward();
    ffn = ff.intermediateSize();
    mlpMatrices = ff.matrices();
    squaredRelu = "relu2".equals(ff.activation());
    activationClamp = ff.gated() && ff.activationClamp() > 0;
    mlpMatmul = (double) mlpMatrices * hidden * ffn;
    mlpParams = ff.parameters(hidden);
    MixtureOfExperts moe = a.moe();
    moeLayers = a.moeLayers();
    denseLayers = a.denseLayers();
    experts = moe.routedExperts();
    topK = moe.expertsPerToken();
    routingGroups = moe.routingGroups();
    groupsPerToken = moe.groupsPerToken();
    expertFfn = moe.expertIntermediateSize();
    sharedFfn = moe.sharedIntermediateSize();
    expertBias = moe.isPresent() && ff.bias();
    if (moe.isPresent()) {
      expertMatmul = (double) mlpMatrices * hidden * expertFfn;
      expertParams = ff.parameters(hidden, expertFfn);
      double router = (double) hidden * experts;
      sharedMatmul = (double) mlpMatrices * hidden * sharedFfn + router;
      sharedParams =
          (sharedFfn > 0 ? ff.parameters(hidden, sharedFfn) + (moe.sharedExpertGate() ? hidden : 0) : 0)
              + router
              + (moe.routerBias() ? experts : 0);
    } else {
      expertMatmul = 0;
      expertParams = 0;
      sharedMatmul = 0;
      sharedParams = 0;
    }
    normParams = a.normalization().perLayer() * (double) norm.parameters(hidden);
    embedding = (double) vocab * hidden;
    positions = (double) (a.embeddings().positionRows() + a.embeddings().tokenTypes()) * hidden;
    tiedEmbeddings = a.embeddings().tiedOutput();
    head = (tiedEmbeddings ? 0 : (double) vocab * hidden) + (a.embeddings().outputBias() ? vocab : 0);
    otherParams =
        (a.normalization().finalNorm() ? norm.parameters(hidden) : 0)
            + (a.embeddings().embeddingNorm() ? norm.parameters(hidden) : 0);
    learnedPositions = a.embeddings().positions() == PositionEncoding.LEARNED;
    maxPositions = a.embeddings().maxPositions();
    rotary = a.embeddings().positions() == PositionEncoding.ROTARY;
    yarnRotary = rotary && a.embeddings().rotaryScaling() == RotaryScaling.YARN
        && !(a.attention() instanceof LatentAttention);
    // the same sums as ParameterCounts.of (a test keeps them equal), without its component list
    double total =
        embedding + positions + head + otherParams
            + layers * (attnParams + normParams)
            + denseLayers * mlpParams
            + moeLayers * (sharedParams + (double) experts * expertParams);
    double mixers = (double) attentionLayers * attnMatmul;
    int linearLayers = a.layersOf(dev.llmcost.core.model.LayerMixer.LINEAR_ATTENTION);
    if (linearLayers > 0) {
      mixers += linearLayers * (double) a.linearAttention().orElseThrow().parameters(hidden);
    }
    int ssmLayers = a.layersOf(dev.llmcost.core.model.LayerMixer.STATE_SPACE)
        + a.layersOf(dev.llmcost.core.model.LayerMixer.ATTENTION_AND_STATE_SPACE);
    if (ssmLayers > 0) {
      mixers += ssmLayers * (double) a.stateSpace().orElseThrow().parameters(hidden);
    }
    mixerMatmulCorrection = mixers - (double) (denseLayers + moeLayers) * attnMatmul;
    mtpLayers = a.multiTokenPredictionLayers();
    boolean moeBlock = moeLayers > 0 && a.layerPattern().get(layers - 1).mlp() == dev.llmcost.core.model.MlpKind.MOE;
    double block = attnMatmul + (moeBlock ? sharedMatmul + topK * expertMatmul : mlpMatmul);
    mtpForwardMatmul = 2 * (block + 2.0 * hidden * hidden) + 2.0 * vocab * hidden;
    mtpActiveParams = attnParams + normParams + (moeBlock ? sharedParams + topK * expertParams : mlpParams)
        + 2.0 * hidden * hidden + 2.0 * hidden;
    if (a.isHybrid() || a.attentionSinks() || a.attentionOutputGate() || a.indexer().isPresent()
        || a.visionParameters() > 0 || a.denseLayers() + a.moeLayers() < a.layers()) {
      // per-layer mixers the sums above do not know: the exact counts
      ParameterCounts exact = a.parameterCounts();
      totalParameters = exact.total().value();
      activeParameters = exact.active().value();
    } else {
      totalParameters = (long) total;
      activeParameters = (long) (total - moeLayers * (double) (experts - topK) * expertParams);
    }
  }

  /**
   * Computes the constants of an architecture.
   *
   * @param a the architecture
   * @return the constants
   * @throws IllegalArgumentException if the model is not a decoder
   */
  public static ModelConstants of(ModelArchitecture a) {
    // one entry, by identity: repeated estimates of one model (a report, a sweep, a service loop) skip
    // the walk over its layers; the constants are immutable, so a stale read only recomputes
    Cached last = lastComputed;
    if (last != null && last.model == a) {
      return last.constants;
    }
    ModelConstants c = new ModelConstants(a);
    lastComputed = new Cached(a, c);
    return c;
  }

  private static volatile @Nullable Cached lastComputed;

  private record Cached(ModelArchitecture model, ModelConstants constants) {}

  /**
   * Returns the share of the key/value heads one of {@code tp} tensor-parallel ranks holds: {@code
   * ceil(kv/tp)/kv}, which is {@code 1/tp} when tp divides the KV heads and {@code 1/kv} when tp is
   * a multiple of them and each rank keeps a replica of one KV head (multi-query attention under
   * tensor parallelism, Pope et al. 2022 §3.3; PaLM).
   *
   * @param tp tensor-parallel degree
   * @return the share, in (0, 1]
   */
  public double kvShare(int tp) {
    return (double) ((kvHeads + tp - 1) / tp) / kvHeads;
  }

  /** Returns whether the model routes tokens to experts. */
  public boolean isMoe() {
    return experts > 0;
  }

  /** Returns the parameters of one dense layer. */
  public double denseLayerParams() {
    return attnParams + mlpParams + normParams;
  }

  /** Returns the parameters of one MoE layer, all experts included. */
  public double moeLayerParams() {
    return attnParams + sharedParams + experts * expertParams + normParams;
  }

  /** Returns the largest layer's parameters (the unit ZeRO-3 gathers at once). */
  public double largestLayerParams() {
    return Math.max(denseLayers > 0 ? denseLayerParams() : 0, moeLayers > 0 ? moeLayerParams() : 0);
  }

  /**
   * Returns the forward weight-matrix FLOPs per token of all layers and the output head, without
   * the attention score term: {@code 2 × (matmul weights)}.
   *
   * @return FLOP per token
   */
  public double forwardMatmulFlopsPerToken() {
    double perDense = 2 * (attnMatmul + mlpMatmul);
    double perMoe = 2 * (attnMatmul + sharedMatmul + topK * expertMatmul);
    return denseLayers * perDense + moeLayers * perMoe + 2.0 * mixerMatmulCorrection + 2.0 * vocab * hidden;
  }

  /**
   * Returns the forward FLOPs per token of the attention scores and their product with the values,
   * summed over layers: {@code 4 · s_eff · queryWidth} per layer (Megatron: {@code 4Bs²h}).
   *
   * @param seq sequence length in tokens
   * @param causalHalving whether masked (future) positions are not counted
   * @return FLOP per token
   */
  public double forwardAttentionFlopsPerToken(int seq, boolean causalHalvingAsked) {
    boolean causalHalving = causalHalvingAsked && !bidirectional;
    // linear-attention and state-space layers have no context-dependent attention term
    double full = attentionLayers - slidingLayers;
    double win = slidingLayers;
    double sWin = slidingWindow > 0 ? Math.min(seq, slidingWindow) : seq;
    // 2·s·width for the scores Q·Kᵀ (query width) and 2·s·width for their product with the values
    // (the head outputs' width): 4·s·h_q for multi-head attention
    double width = 2.0 * (queryWidth + attnOutWidth);
    double perTokenFull = width * (causalHalving ? seq / 2.0 : seq);
    double perTokenWin = width * (causalHalving && sWin >= seq ? sWin / 2.0 : sWin);
    return full * perTokenFull + win * perTokenWin;
  }
}
