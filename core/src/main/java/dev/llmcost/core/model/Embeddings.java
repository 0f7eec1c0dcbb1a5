package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The input embeddings and the output head of a transformer.
 */
public final class Embeddings {
  private final PositionEncoding positions;
  private final int maxPositions;
  private final int positionOffset;
  private final int tokenTypes;
  private final boolean embeddingNorm;
  private final boolean tiedOutput;
  private final boolean outputBias;

  /**
   * Validates the embeddings.
   *
   * @throws IllegalArgumentException if a size is negative, or a learned table has no rows
   */
  Embeddings(
      PositionEncoding positions,
      int maxPositions,
      int positionOffset,
      int tokenTypes,
      boolean embeddingNorm,
      boolean tiedOutput,
      boolean outputBias) {
    Require.nonNegative("maxPositions", maxPositions);
    Require.nonNegative("positionOffset", positionOffset);
    Require.nonNegative("tokenTypes", tokenTypes);
    if (positions == PositionEncoding.LEARNED) {
      Require.positive("maxPositions", maxPositions);
    }
    this.positions = positions;
    this.maxPositions = maxPositions;
    this.positionOffset = positionOffset;
    this.tokenTypes = tokenTypes;
    this.embeddingNorm = embeddingNorm;
    this.tiedOutput = tiedOutput;
    this.outputBias = outputBias;
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

  /** Returns how positions are encoded; only {@link PositionEncoding#LEARNED} has a table. */
  public PositionEncoding positions() {
    return positions;
  }

  /** Returns the context length the model was configured for ({@code max_position_embeddings}, {@code n_positions}). */
  public int maxPositions() {
    return maxPositions;
  }

  /** Returns extra rows of a learned position table (OPT: 2). */
  public int positionOffset() {
    return positionOffset;
  }

  /** Returns rows of a token-type table (BERT: 2; 0 for none). */
  public int tokenTypes() {
    return tokenTypes;
  }

  /** Returns whether a norm follows the embeddings (BERT, BLOOM). */
  public boolean embeddingNorm() {
    return embeddingNorm;
  }

  /** Returns whether the output head shares the input embedding matrix. */
  public boolean tiedOutput() {
    return tiedOutput;
  }

  /** Returns whether the output head has a bias per vocabulary entry (Phi-2, GPT-J). */
  public boolean outputBias() {
    return outputBias;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof Embeddings o
          && Objects.equals(positions, o.positions)
          && maxPositions == o.maxPositions
          && positionOffset == o.positionOffset
          && tokenTypes == o.tokenTypes
          && embeddingNorm == o.embeddingNorm
          && tiedOutput == o.tiedOutput
          && outputBias == o.outputBias;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(positions);
    h = 31 * h + Integer.hashCode(maxPositions);
    h = 31 * h + Integer.hashCode(positionOffset);
    h = 31 * h + Integer.hashCode(tokenTypes);
    h = 31 * h + Boolean.hashCode(embeddingNorm);
    h = 31 * h + Boolean.hashCode(tiedOutput);
    h = 31 * h + Boolean.hashCode(outputBias);
    return h;
  }

  @Override
  public String toString() {
    return "Embeddings[positions=" + positions + ", maxPositions=" + maxPositions
        + ", positionOffset=" + positionOffset + ", tokenTypes=" + tokenTypes
        + ", embeddingNorm=" + embeddingNorm + ", tiedOutput=" + tiedOutput
        + ", outputBias=" + outputBias + "]";
  }
}
