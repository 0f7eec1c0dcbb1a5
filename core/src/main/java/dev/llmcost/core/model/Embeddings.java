package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

/**
 * The input embeddings and the output head of a transformer.
 *
 * @param positions how positions are encoded; only {@link PositionEncoding#LEARNED} has a table
 * @param maxPositions the context length the model was configured for ({@code
 *     max_position_embeddings}, {@code n_positions})
 * @param positionOffset extra rows of a learned position table (OPT: 2)
 * @param tokenTypes rows of a token-type table (BERT: 2; 0 for none)
 * @param embeddingNorm whether a norm follows the embeddings (BERT, BLOOM)
 * @param tiedOutput whether the output head shares the input embedding matrix
 * @param outputBias whether the output head has a bias per vocabulary entry (Phi-2, GPT-J)
 */
public record Embeddings(
    PositionEncoding positions,
    int maxPositions,
    int positionOffset,
    int tokenTypes,
    boolean embeddingNorm,
    boolean tiedOutput,
    boolean outputBias) {

  /**
   * Validates the embeddings.
   *
   * @throws IllegalArgumentException if a size is negative, or a learned table has no rows
   */
  public Embeddings {
    Require.nonNegative("maxPositions", maxPositions);
    Require.nonNegative("positionOffset", positionOffset);
    Require.nonNegative("tokenTypes", tokenTypes);
    if (positions == PositionEncoding.LEARNED) {
      Require.positive("maxPositions", maxPositions);
    }
  }

  /**
   * Returns rotary embeddings with an untied output head (Llama).
   *
   * @param maxPositions the configured context length
   * @return the embeddings
   */
  public static Embeddings rotary(int maxPositions) {
    return new Embeddings(PositionEncoding.ROTARY, maxPositions, 0, 0, false, false, false);
  }

  /** Returns a copy with a tied or untied output head. */
  public Embeddings withTiedOutput(boolean tied) {
    return tied == tiedOutput
        ? this
        : new Embeddings(
            positions, maxPositions, positionOffset, tokenTypes, embeddingNorm, tied, outputBias);
  }

  /** Returns the rows of the learned position table, or 0 when positions are not learned. */
  public long positionRows() {
    return positions == PositionEncoding.LEARNED ? (long) maxPositions + positionOffset : 0;
  }
}
