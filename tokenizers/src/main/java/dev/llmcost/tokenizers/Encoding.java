package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;
import dev.llmcost.core.internal.Require;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The result of encoding a text: an immutable sequence of token ids, and whether a requested limit
 * cut it.
 */
public final class Encoding {
  private final int[] ids;
  private final int untruncatedLength;

  private Encoding(int[] ids, int untruncatedLength) {
    this.ids = ids;
    this.untruncatedLength = untruncatedLength;
  }

  /**
   * Wraps ids that the caller will not modify afterwards: no copy is made, so a later write to the
   * array shows through the encoding. For tokenizer implementations that own a fresh array; {@link
   * #of(int[], int)} copies.
   *
   * @param ids the ids, owned by the encoding from now on
   * @param untruncatedLength how many ids there were before a limit cut them (at least ids.length)
   * @return the encoding
   * @throws IllegalArgumentException if {@code untruncatedLength < ids.length}
   */
  public static Encoding wrapWithoutCopy(int[] ids, int untruncatedLength) {
    if (untruncatedLength < ids.length) {
      throw new IllegalArgumentException(
          "untruncatedLength must be >= ids.length (" + ids.length + "), was " + untruncatedLength);
    }
    return new Encoding(ids, untruncatedLength);
  }

  /**
   * Copies ids into an encoding that a limit may have cut.
   *
   * @param ids the ids (copied)
   * @param untruncatedLength how many ids there were before a limit cut them (at least ids.length)
   * @return the encoding
   * @throws IllegalArgumentException if {@code untruncatedLength < ids.length}
   */
  public static Encoding of(int[] ids, int untruncatedLength) {
    return wrapWithoutCopy(ids.clone(), untruncatedLength);
  }

  /**
   * Copies ids into an encoding that was not truncated.
   *
   * @param ids the ids
   * @return the encoding
   */
  public static Encoding of(int... ids) {
    return new Encoding(ids.clone(), ids.length);
  }

  /** Returns the number of ids. */
  public int size() {
    return ids.length;
  }

  /** Returns the number of tokens as a {@link TokenCount}. */
  public TokenCount count() {
    return TokenCount.of(ids.length);
  }

  /**
   * Returns the id at {@code index}.
   *
   * @param index position, 0-based
   * @return the id
   */
  public int get(int index) {
    Require.nonNegative("index", index);
    return ids[index];
  }

  /** Returns a copy of the ids. */
  public int[] toArray() {
    return ids.clone();
  }

  /** Returns the ids as an unmodifiable list view. */
  public List<Integer> asList() {
    return new IdList(ids);
  }

  /** Returns whether a {@link EncodeOptions#withLimit(int)} limit cut the ids. */
  public boolean truncated() {
    return untruncatedLength > ids.length;
  }

  /** Returns how many ids the text had before a limit cut it. */
  public int untruncatedLength() {
    return untruncatedLength;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Encoding e && Arrays.equals(e.ids, ids) && e.untruncatedLength == untruncatedLength;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids) * 31 + untruncatedLength;
  }

  @Override
  public String toString() {
    return Arrays.toString(ids) + (truncated() ? " (truncated from " + untruncatedLength + ")" : "");
  }

  private static final class IdList extends AbstractList<Integer> implements RandomAccess {
    private final int[] ids;

    IdList(int[] ids) {
      this.ids = ids;
    }

    @Override
    public Integer get(int index) {
      return ids[index];
    }

    @Override
    public int size() {
      return ids.length;
    }
  }
}
