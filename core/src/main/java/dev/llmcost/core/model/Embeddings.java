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
  private final RotaryScaling rotaryScaling;

  /**
   * Validates the embeddings.
   *
   * @throws IllegalArgumentException if a size is negative, a learned table has no rows, or a scaling other than
   *     {@link RotaryScaling#NONE} is given to positions that are not rotary
   */
  Embeddings(
      PositionEncoding positions,
      int maxPositions,
      int positionOffset,
      int tokenTypes,
      boolean embeddingNorm,
      boolean tiedOutput,
      boolean outputBias,
      RotaryScaling rotaryScaling) {
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
    if (rotaryScaling != RotaryScaling.NONE && positions != PositionEncoding.ROTARY) {
      throw new IllegalArgumentException(
          "rotaryScaling needs rotary positions, was " + rotaryScaling + " with positions " + positions);
    }
    this.rotaryScaling = rotaryScaling;
  }

  /**
   * Returns rotary embeddings with an untied output head (Llama).
   *
   * @param maxPositions the configured context length
   * @return the embeddings
   */
  public static Embeddings rotary(int maxPositions) {
    return new Embeddings(PositionEncoding.ROTARY, maxPositions, 0, 0, false, false, false, RotaryScaling.NONE);
  }

  /** Returns a copy with a tied or untied output head. */
  public Embeddings withTiedOutput(boolean tied) {
    return tied == tiedOutput
        ? this
        : new Embeddings(
            positions, maxPositions, positionOffset, tokenTypes, embeddingNorm, tied, outputBias, rotaryScaling);
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

  /**
   * Returns how the rotary frequencies are rescaled ({@code rope_scaling}); {@link RotaryScaling#NONE} when they are
   * not, or when positions are not rotary.
   */
  public RotaryScaling rotaryScaling() {
    return rotaryScaling;
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
          && outputBias == o.outputBias
          && rotaryScaling == o.rotaryScaling;
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
    h = 31 * h + rotaryScaling.hashCode();
    return h;
  }

  @Override
  public String toString() {
    return "Embeddings[positions=" + positions + ", maxPositions=" + maxPositions
        + ", positionOffset=" + positionOffset + ", tokenTypes=" + tokenTypes
        + ", embeddingNorm=" + embeddingNorm + ", tiedOutput=" + tiedOutput
        + ", outputBias=" + outputBias
        + (rotaryScaling != RotaryScaling.NONE ? ", rotaryScaling=" + rotaryScaling : "") + "]";
  }
}
