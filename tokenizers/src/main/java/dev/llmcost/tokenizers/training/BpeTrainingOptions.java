package dev.llmcost.tokenizers.training;

import dev.llmcost.core.internal.Require;
import java.util.List;

/**
 * What to train.
 *
 * @param style byte level or SentencePiece style
 * @param vocabularySize the number of ids wanted, special tokens and initial alphabet included
 *     (fewer when the corpus runs out of pairs seen {@code minFrequency} times)
 * @param minFrequency the fewest occurrences a pair needs to be merged
 * @param specialTokens extra special tokens, given the first ids (after {@code <unk>}, {@code
 *     <s>}, {@code </s>} in SentencePiece style)
 */
public record BpeTrainingOptions(
    BpeStyle style, int vocabularySize, int minFrequency, List<String> specialTokens) {

  /** The largest vocabulary the trainer builds. */
  public static final int MAX_VOCABULARY_SIZE = 1 << 20;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if the size is not in [the alphabet size + 1, 2^20], the
   *     frequency is below 1, or a special token is blank or repeated
   */
  public BpeTrainingOptions {
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
  }

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
}
