package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;

/**
 * Turns text into token ids and back, exactly as the model's reference tokenizer does.
 *
 * <p>Implementations are immutable and thread-safe. They never truncate unless {@link
 * EncodeOptions#withLimit(int)} asks them to, and then {@link Encoding#truncated()} says so. By
 * default, text that spells a special token is encoded as ordinary text ({@link
 * SpecialTokens#AS_TEXT}) and no BOS/EOS is added.
 *
 * <p>For a HuggingFace {@code tokenizer.json}, {@link SpecialTokens#AS_TEXT} is what HuggingFace
 * tokenizers does with {@code split_special_tokens=True}: the added tokens the file marks {@code
 * "special": true} ({@code <|im_start|>}, {@code [CLS]}, {@code <s>}) become ordinary text, while
 * its non-special added tokens (marked {@code "special": false}, such as Qwen's {@code <tool_call>}
 * or a user's added words) are still matched, as they are part of the vocabulary the text is
 * written in. {@link SpecialTokens#ALLOWED} is HuggingFace's default ({@code
 * split_special_tokens=False}): every added token is matched.
 *
 * <p>Find one by id with {@link TokenizerRegistry}: {@code
 * TokenizerRegistry.standard().resolve("gpt-4o")}, {@code resolve("qwen2.5")} (with the optional
 * artifact {@code llmcost-tokenizers-vocab}), or {@code resolve("path/to/tokenizer.json")}.
 */
public interface Tokenizer {

  /** Returns the tokenizer's id, such as {@code cl100k_base} or {@code qwen2.5}. */
  String id();

  /** Returns the number of ids the vocabulary holds, special tokens included. */
  int vocabularySize();

  /**
   * Encodes {@code text}.
   *
   * @param text the text
   * @param options special-token policy, BOS/EOS, limit
   * @return the ids
   * @throws IllegalArgumentException if the policy is {@link SpecialTokens#DISALLOWED} and the
   *     text spells a special token
   */
  Encoding encode(String text, EncodeOptions options);

  /**
   * Encodes {@code text} with the default options: special tokens as text, nothing added, no limit.
   *
   * @param text the text
   * @return the ids
   */
  default Encoding encode(String text) {
    return encode(text, EncodeOptions.DEFAULT);
  }

  /**
   * Encodes {@code text} with the default options into a fresh array.
   *
   * @param text the text
   * @return the ids
   */
  default int[] encodeToArray(String text) {
    return encode(text, EncodeOptions.DEFAULT).toArray();
  }

  /**
   * Decodes ids back to text.
   *
   * @param ids the ids
   * @return the text
   * @throws IllegalArgumentException if an id is outside the vocabulary, naming it
   */
  String decode(int[] ids);

  /**
   * Counts the tokens of {@code text} with the default options, without keeping the ids where the
   * implementation can avoid it.
   *
   * @param text the text
   * @return the number of tokens
   */
  default TokenCount countTokens(String text) {
    return countTokens(text, EncodeOptions.DEFAULT);
  }

  /**
   * Counts the tokens of {@code text}.
   *
   * @param text the text
   * @param options special-token policy, BOS/EOS (a limit is ignored: counts are never cut)
   * @return the number of tokens
   */
  default TokenCount countTokens(String text, EncodeOptions options) {
    return TokenCount.of(encode(text, options.unlimited()).size());
  }
}
