package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

/**
 * Multi-head latent attention (DeepSeek-V2, arXiv:2405.04434 §2.1; DeepSeek-V3, arXiv:2412.19437
 * §2.1.1): keys and values are compressed to a latent of {@code kvLoraRank} features plus one
 * shared rotary key of {@code qkRopeHeadDim} features, which is all the KV cache stores.
 *
 * <p>Projections as in the reference implementation: {@code q_a_proj} (hidden × qLoraRank), its
 * RMSNorm, {@code q_b_proj} (qLoraRank × heads·(nope+rope)) — or one {@code q_proj} when {@code
 * qLoraRank} is 0 — then {@code kv_a_proj_with_mqa} (hidden × (kvLoraRank + rope)), its RMSNorm,
 * {@code kv_b_proj} (kvLoraRank × heads·(nope + v)) and {@code o_proj} (heads·v × hidden).
 *
 * @param heads query heads
 * @param qLoraRank rank of the query compression; 0 for an uncompressed query projection
 * @param kvLoraRank rank of the key/value latent
 * @param qkNopeHeadDim per-head query/key features without rotary embedding
 * @param qkRopeHeadDim per-head query/key features with rotary embedding
 * @param vHeadDim per-head value features
 * @param bias whether {@code q_a_proj} (or {@code q_proj}), {@code kv_a_proj_with_mqa} and {@code
 *     o_proj} have biases ({@code attention_bias})
 */
public record LatentAttention(
    int heads,
    int qLoraRank,
    int kvLoraRank,
    int qkNopeHeadDim,
    int qkRopeHeadDim,
    int vHeadDim,
    boolean bias)
    implements Attention {

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if a size is negative or a required size is zero
   */
  public LatentAttention {
    Require.positive("heads", heads);
    Require.nonNegative("qLoraRank", qLoraRank);
    Require.positive("kvLoraRank", kvLoraRank);
    Require.nonNegative("qkNopeHeadDim", qkNopeHeadDim);
    Require.nonNegative("qkRopeHeadDim", qkRopeHeadDim);
    Require.positive("vHeadDim", vHeadDim);
    Require.positive("qkNopeHeadDim + qkRopeHeadDim", qkNopeHeadDim + qkRopeHeadDim);
  }

  /** Returns the per-head query/key dimension, {@code qkNopeHeadDim + qkRopeHeadDim}. */
  public int qkHeadDim() {
    return Math.addExact(qkNopeHeadDim, qkRopeHeadDim);
  }

  @Override
  public int queryWidth() {
    return Math.multiplyExact(heads, qkHeadDim());
  }

  @Override
  public long parameters(int hidden, NormKind norm) {
    long q;
    if (qLoraRank > 0) {
      q =
          Math.addExact(
              (long) hidden * qLoraRank + (bias ? qLoraRank : 0) + norm.parameters(qLoraRank),
              Math.multiplyExact((long) qLoraRank, queryWidth()));
    } else {
      q = Math.multiplyExact((long) hidden, queryWidth());
    }
    long kvWidth = (long) kvLoraRank + qkRopeHeadDim;
    long kvA = Math.multiplyExact((long) hidden, kvWidth) + (bias ? kvWidth : 0);
    long kvB =
        Math.addExact(
            norm.parameters(kvLoraRank),
            Math.multiplyExact(
                Math.multiplyExact((long) kvLoraRank, heads), (long) qkNopeHeadDim + vHeadDim));
    long o =
        Math.addExact(
            Math.multiplyExact(Math.multiplyExact((long) heads, vHeadDim), hidden), bias ? hidden : 0);
    return Math.addExact(Math.addExact(q, kvA), Math.addExact(kvB, o));
  }

  @Override
  public long kvCacheElementsPerTokenPerLayer() {
    return (long) kvLoraRank + qkRopeHeadDim;
  }
}
