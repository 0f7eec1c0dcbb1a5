package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

/**
 * DeepSeek-V3.2's lightning indexer (DeepSeek Sparse Attention, DeepSeek-V3.2-Exp report, 2025):
 * per layer a small set of indexer heads scores every earlier token and latent attention reads only
 * the {@code topK} best.
 *
 * <p>Parameters per layer, after the reference implementation: {@code wq_b} ({@code qLoraRank ×
 * heads·headDim}), {@code wk} ({@code hidden × headDim}), a LayerNorm over the key ({@code 2 ·
 * headDim}) and {@code weights_proj} ({@code hidden × heads}). Each token caches one indexer key of
 * {@code headDim} features per layer besides the MLA latent.
 *
 * @param heads indexer heads ({@code index_n_heads})
 * @param headDim features of one indexer head ({@code index_head_dim})
 * @param topK tokens attention reads per query ({@code index_topk})
 */
public record SparseAttentionIndexer(int heads, int headDim, int topK) {

  /**
   * Validates the indexer.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public SparseAttentionIndexer {
    Require.positive("heads", heads);
    Require.positive("headDim", headDim);
    Require.positive("topK", topK);
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
}
