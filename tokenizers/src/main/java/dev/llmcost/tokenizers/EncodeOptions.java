package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Require;

/**
 * How to encode: the special-token policy, whether to add the model's own special tokens (BOS/EOS,
 * [CLS]/[SEP]) as its post-processor says, and an optional limit.
 *
 * @param specialTokens what to do with text that spells a special token
 * @param addSpecialTokens whether to add the model's own BOS/EOS or [CLS]/[SEP] tokens
 * @param maxTokens the most ids to return, 0 for no limit; a cut is reported by {@link
 *     Encoding#truncated()}, never silent
 */
public record EncodeOptions(SpecialTokens specialTokens, boolean addSpecialTokens, int maxTokens) {

  /** Special tokens as text, nothing added, no limit. */
  public static final EncodeOptions DEFAULT = new EncodeOptions(SpecialTokens.AS_TEXT, false, 0);

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if {@code maxTokens} is negative
   */
  public EncodeOptions {
    Require.nonNegative("maxTokens", maxTokens);
  }

  /** Returns a copy with another special-token policy. */
  public EncodeOptions withSpecialTokens(SpecialTokens policy) {
    return policy == specialTokens ? this : new EncodeOptions(policy, addSpecialTokens, maxTokens);
  }

  /** Returns a copy that adds (or not) the model's own special tokens. */
  public EncodeOptions withAddSpecialTokens(boolean add) {
    return add == addSpecialTokens ? this : new EncodeOptions(specialTokens, add, maxTokens);
  }

  /** Returns a copy that keeps at most {@code limit} ids (0 for no limit). */
  public EncodeOptions withMaxTokens(int limit) {
    return limit == maxTokens ? this : new EncodeOptions(specialTokens, addSpecialTokens, limit);
  }
}
