package dev.llmcost.tokenizers.training;

import dev.llmcost.core.internal.Require;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to train.
 */
public final class BpeTrainingOptions {
  private final BpeStyle style;
  private final int vocabularySize;
  private final int minFrequency;
  private final List<String> specialTokens;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if the size is not in [the alphabet size + 1, 2^20], the
   *     frequency is below 1, or a special token is blank or repeated
   */
  private BpeTrainingOptions(
      BpeStyle style,
      int vocabularySize,
      int minFrequency,
      List<String> specialTokens) {
    specialTokens = List.copyOf(specialTokens);
    int alphabet = style == BpeStyle.BYTE_LEVEL ? 256 : 259;
    if (vocabularySize <= alphabet + specialTokens.size() || vocabularySize > MAX_VOCABULARY_SIZE) {
      throw new IllegalArgumentException(
          "vocabularySize must be in ["
              + (alphabet + specialTokens.size() + 1)
              + ", "
              + MAX_VOCABULARY_SIZE
              + "], was "
              + vocabularySize);
    }
    Require.positive("minFrequency", minFrequency);
    if (specialTokens.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("specialTokens must not be blank, was " + specialTokens);
    }
    if (specialTokens.stream().distinct().count() != specialTokens.size()) {
      throw new IllegalArgumentException("specialTokens must be distinct, was " + specialTokens);
    }
    this.style = style;
    this.vocabularySize = vocabularySize;
    this.minFrequency = minFrequency;
    this.specialTokens = specialTokens;
  }

  /** The largest vocabulary the trainer builds. */
  public static final int MAX_VOCABULARY_SIZE = 1 << 20;

  /**
   * Returns options with a minimum frequency of 2 and no extra special tokens ({@code
   * <|endoftext|>} is added for the byte level).
   *
   * @param style the style
   * @param vocabularySize the number of ids wanted
   * @return the options
   */
  public static BpeTrainingOptions of(BpeStyle style, int vocabularySize) {
    return new BpeTrainingOptions(
        style, vocabularySize, 2, style == BpeStyle.BYTE_LEVEL ? List.of("<|endoftext|>") : List.of());
  }

  /**
   * Returns a copy with another minimum pair frequency.
   *
   * @param value the fewest occurrences a pair needs to be merged, at least 1
   * @return this if nothing changes, else a copy
   * @throws IllegalArgumentException if {@code value} is below 1
   */
  public BpeTrainingOptions withMinFrequency(int value) {
    return value == minFrequency
        ? this
        : new BpeTrainingOptions(style, vocabularySize, value, specialTokens);
  }

  /**
   * Returns a copy with other extra special tokens (replacing the default {@code <|endoftext|>}
   * of the byte level).
   *
   * @param values the special tokens, distinct and not blank, given the first ids
   * @return this if nothing changes, else a copy
   * @throws IllegalArgumentException if a token is blank or repeated, or the vocabulary is too
   *     small for them
   */
  public BpeTrainingOptions withSpecialTokens(List<String> values) {
    return values.equals(specialTokens)
        ? this
        : new BpeTrainingOptions(style, vocabularySize, minFrequency, values);
  }

  /** Returns byte level or SentencePiece style. */
  public BpeStyle style() {
    return style;
  }

  /** Returns the number of ids wanted, special tokens and initial alphabet included (fewer when the corpus runs out of pairs seen {@code minFrequency} times). */
  public int vocabularySize() {
    return vocabularySize;
  }

  /** Returns the fewest occurrences a pair needs to be merged. */
  public int minFrequency() {
    return minFrequency;
  }

  /** Returns extra special tokens, given the first ids (after {@code <unk>}, {@code <s>}, {@code </s>} in SentencePiece style). */
  public List<String> specialTokens() {
    return specialTokens;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof BpeTrainingOptions o
          && Objects.equals(style, o.style)
          && vocabularySize == o.vocabularySize
          && minFrequency == o.minFrequency
          && Objects.equals(specialTokens, o.specialTokens);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(style);
    h = 31 * h + Integer.hashCode(vocabularySize);
    h = 31 * h + Integer.hashCode(minFrequency);
    h = 31 * h + Objects.hashCode(specialTokens);
    return h;
  }

  @Override
  public String toString() {
    return "BpeTrainingOptions[style=" + style + ", vocabularySize=" + vocabularySize
        + ", minFrequency=" + minFrequency + ", specialTokens=" + specialTokens + "]";
  }
}
