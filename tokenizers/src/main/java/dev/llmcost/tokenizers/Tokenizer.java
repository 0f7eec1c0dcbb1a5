package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;

/**
 * Turns text into token ids and back. Implementations are immutable and thread-safe, and never
 * truncate.
 */
public interface Tokenizer {

  /** Returns the tokenizer's id, such as {@code cl100k_base}. */
  String id();

  /**
   * Encodes {@code text} with special tokens treated as ordinary text.
   *
   * @param text the text
   * @return the token ids
   */
  int[] encode(String text);

  /**
   * Decodes token ids back to text.
   *
   * @param ids the token ids
   * @return the text
   */
  String decode(int[] ids);

  /**
   * Counts the tokens of {@code text} without keeping the ids.
   *
   * @param text the text
   * @return the number of tokens
   */
  default TokenCount countTokens(String text) {
    return TokenCount.of(encode(text).length);
  }
}
