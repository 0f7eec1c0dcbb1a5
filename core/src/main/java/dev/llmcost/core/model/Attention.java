package dev.llmcost.core.model;

/**
 * The self-attention block of a transformer layer: either multi-head attention with grouped or
 * shared key/value heads ({@link MultiHeadAttention}), or DeepSeek's multi-head latent attention
 * ({@link LatentAttention}).
 */
public sealed interface Attention permits MultiHeadAttention, LatentAttention {

  /** Returns the number of query heads. */
  int heads();

  /**
   * Returns the parameters of one attention block (projections, their biases and any norms inside
   * the block) for a model of width {@code hidden}.
   *
   * @param hidden the model width
   * @param norm the norm kind used by norms inside the block
   * @return parameters per layer
   */
  long parameters(int hidden, NormKind norm);

  /**
   * Returns the number of values one token stores in the KV cache of one layer: keys plus values
   * for every KV head, or the compressed latent plus the rotary key for latent attention.
   *
   * @return cached elements per token per layer
   */
  long kvCacheElementsPerTokenPerLayer();

  /** Returns the width of the concatenated query heads ({@code heads × query head dim}). */
  int queryWidth();
}
