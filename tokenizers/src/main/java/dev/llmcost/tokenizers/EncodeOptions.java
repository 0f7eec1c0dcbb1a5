package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How to encode: the special-token policy, whether to add the model's own special tokens (BOS/EOS,
 * [CLS]/[SEP]) as its post-processor says, and an optional limit.
 *
 * <p>Start from {@link #DEFAULT}. The limit is set with {@link #withLimit(int)} and removed with
 * {@link #unlimited()}, and read with {@link #limit()}; a cut is reported by {@link
 * Encoding#truncated()}, never silent.
 */
public final class EncodeOptions {
  private final SpecialTokens specialTokens;
  private final boolean addSpecialTokens;
  private final int maxTokens;

  /** Special tokens as text, nothing added, no limit. */
  public static final EncodeOptions DEFAULT = new EncodeOptions(SpecialTokens.AS_TEXT, false, 0);

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if {@code maxTokens} is negative
   */
  private EncodeOptions(SpecialTokens specialTokens, boolean addSpecialTokens, int maxTokens) {
    Require.nonNegative("maxTokens", maxTokens);
    this.specialTokens = specialTokens;
    this.addSpecialTokens = addSpecialTokens;
    this.maxTokens = maxTokens;
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

  /** Returns what to do with text that spells a special token. */
  public SpecialTokens specialTokens() {
    return specialTokens;
  }

  /** Returns whether to add the model's own BOS/EOS or [CLS]/[SEP] tokens. */
  public boolean addSpecialTokens() {
    return addSpecialTokens;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof EncodeOptions o
          && Objects.equals(specialTokens, o.specialTokens)
          && addSpecialTokens == o.addSpecialTokens
          && maxTokens == o.maxTokens;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(specialTokens);
    h = 31 * h + Boolean.hashCode(addSpecialTokens);
    h = 31 * h + Integer.hashCode(maxTokens);
    return h;
  }

  @Override
  public String toString() {
    return "EncodeOptions[specialTokens=" + specialTokens + ", addSpecialTokens=" + addSpecialTokens + ", limit=" + (maxTokens == 0 ? "none" : String.valueOf(maxTokens)) + "]";
  }
}
