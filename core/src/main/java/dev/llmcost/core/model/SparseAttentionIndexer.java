package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * DeepSeek-V3.2's lightning indexer (DeepSeek Sparse Attention, DeepSeek-V3.2-Exp report, 2025):
 * per layer a small set of indexer heads scores every earlier token and latent attention reads only
 * the {@code topK} best.
 *
 * <p>Parameters per layer, after the reference implementation: {@code wq_b} ({@code qLoraRank ×
 * heads·headDim}), {@code wk} ({@code hidden × headDim}), a LayerNorm over the key ({@code 2 ·
 * headDim}) and {@code weights_proj} ({@code hidden × heads}). Each token caches one indexer key of
 * {@code headDim} features per layer besides the MLA latent.
 */
public final class SparseAttentionIndexer {
  private final int heads;
  private final int headDim;
  private final int topK;

  /**
   * Validates the indexer.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  private SparseAttentionIndexer(int heads, int headDim, int topK) {
    Require.positive("heads", heads);
    Require.positive("headDim", headDim);
    Require.positive("topK", topK);
    this.heads = heads;
    this.headDim = headDim;
    this.topK = topK;
  }

  /**
   * Returns an indexer of {@code heads} heads of {@code headDim} features that lets attention read
   * the {@code topK} best tokens.
   *
   * @param heads indexer heads ({@code index_n_heads}), at least 1
   * @param headDim features of one indexer head ({@code index_head_dim}), at least 1
   * @param topK tokens attention reads per query ({@code index_topk}), at least 1
   * @return the indexer
   * @throws IllegalArgumentException if a size is not positive
   */
  public static SparseAttentionIndexer of(int heads, int headDim, int topK) {
    return new SparseAttentionIndexer(heads, headDim, topK);
  }

  /**
   * Returns the parameters of one layer's indexer.
   *
   * @param hidden the model width
   * @param qLoraRank the query compression rank of the latent attention it reads from
   * @return parameters
   */
  public long parameters(int hidden, int qLoraRank) {
    long q = (long) (qLoraRank > 0 ? qLoraRank : hidden) * heads * headDim;
    return q + (long) hidden * headDim + 2L * headDim + (long) hidden * heads;
  }

  /** Returns indexer heads ({@code index_n_heads}). */
  public int heads() {
    return heads;
  }

  /** Returns features of one indexer head ({@code index_head_dim}). */
  public int headDim() {
    return headDim;
  }

  /** Returns tokens attention reads per query ({@code index_topk}). */
  public int topK() {
    return topK;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof SparseAttentionIndexer o
          && heads == o.heads
          && headDim == o.headDim
          && topK == o.topK;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(heads);
    h = 31 * h + Integer.hashCode(headDim);
    h = 31 * h + Integer.hashCode(topK);
    return h;
  }

  @Override
  public String toString() {
    return "SparseAttentionIndexer[heads=" + heads + ", headDim=" + headDim + ", topK=" + topK + "]";
  }
}
