package dev.llmcost.tokenizers;

/**
 * What to do with text that spells a special token, such as {@code <|endoftext|>} or {@code
 * [CLS]}.
 */
public enum SpecialTokens {
  /**
   * Encode it as ordinary text: safe for untrusted input, and what an API bills for text a user
   * sends. The default. For a HuggingFace {@code tokenizer.json} this is {@code
   * split_special_tokens=True}: the added tokens marked special become text, the non-special added
   * tokens are still matched.
   */
  AS_TEXT,
  /**
   * Recognise it and emit the special token's id (what a model sees in a formatted prompt); for a
   * HuggingFace {@code tokenizer.json}, every added token is matched, as HuggingFace does by
   * default.
   */
  ALLOWED,
  /** Reject text that contains one, with an {@link IllegalArgumentException} naming it. */
  DISALLOWED
}
