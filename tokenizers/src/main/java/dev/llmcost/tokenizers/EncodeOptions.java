package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Require;
import java.util.OptionalInt;

/**
 * How to encode: the special-token policy, whether to add the model's own special tokens (BOS/EOS,
 * [CLS]/[SEP]) as its post-processor says, and an optional limit.
 *
 * @param specialTokens what to do with text that spells a special token
 * @param addSpecialTokens whether to add the model's own BOS/EOS or [CLS]/[SEP] tokens
 * <p>The limit is set with {@link #withLimit(int)} and removed with {@link #unlimited()}, and read
 * with {@link #limit()}; a cut is reported by {@link Encoding#truncated()}, never silent.
 *
 * @param maxTokens the raw limit: the most ids to return, 0 for no limit (prefer {@link #limit()},
 *     which says so without a magic value)
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

  /**
   * Returns the most ids to return, empty when there is no limit.
   *
   * @return the limit
   */
  public OptionalInt limit() {
    return maxTokens == 0 ? OptionalInt.empty() : OptionalInt.of(maxTokens);
  }

  /**
   * Returns a copy that keeps at most {@code limit} ids.
   *
   * @param limit the most ids, at least 1
   * @return the options
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public EncodeOptions withLimit(int limit) {
    Require.positive("limit", limit);
    return limit == maxTokens ? this : new EncodeOptions(specialTokens, addSpecialTokens, limit);
  }

  /**
   * Returns a copy without a limit: every id is returned.
   *
   * @return the options
   */
  public EncodeOptions unlimited() {
    return maxTokens == 0 ? this : new EncodeOptions(specialTokens, addSpecialTokens, 0);
  }

}
