package dev.llmcost.tokenizers.internal;

import java.util.Arrays;

/**
 * The token count of a text that grows by appends, kept without re-encoding the text before the
 * last safe boundary ({@link TiktokenEncoder#isBoundary}: a place where every OpenAI split
 * pattern has a piece boundary whatever follows), with checkpoints that let any sub-range be
 * counted from the counts already known.
 *
 * <p>Why it is exact: byte-pair encoding works piece by piece, and the pieces of a text with a
 * safe boundary at {@code i} are those of its part before {@code i} followed by those of its part
 * from {@code i} (the rule that {@link TiktokenEncoder} cuts long texts by). An append only changes
 * chars at the end, so a boundary found in the text stays one, and the count before it is final;
 * only the tail after the last boundary is encoded again. A sub-range {@code [from, to)} with
 * checkpoints {@code from < a <= b < to} has the same pieces as the full text between {@code a}
 * and {@code b}, so its count is that of {@code [from, a)}, plus the known count between the
 * checkpoints, plus that of {@code [b, to)}.
 *
 * <p>Cost: an append of n chars costs O(n) plus the re-encoding of the tail (the chars after the
 * last boundary: usually one word; a text that never has a boundary, such as one long run of a
 * single letter appended char by char, is re-encoded whole each time). Not thread-safe.
 */
public final class IncrementalCount {

  /** Chars between checkpoints (at least). */
  static final int CHECKPOINT = 2048;

  private final TiktokenEncoder encoder;
  private final StringBuilder text = new StringBuilder();
  /** The last safe boundary found, 0 at first. */
  private int stable;
  /** Tokens of {@code text[0, stable)}. */
  private long stableCount;
  /** Tokens of {@code text[stable, length)}. */
  private long tailCount;
  private int[] checkpoints = new int[16];
  private long[] cumulative = new long[16];
  private int checkpointCount = 1; // checkpoint 0 at char 0, count 0

  /**
   * Starts an empty text.
   *
   * @param tokenizer the encoding (ordinary text: special tokens are counted as text)
   */
  public IncrementalCount(TiktokenTokenizer tokenizer) {
    this.encoder = tokenizer.encoder();
  }

  /** Appends {@code chars} and updates the count. */
  public void append(CharSequence chars) {
    int old = text.length();
    text.append(chars);
    int len = text.length();
    int q = TiktokenEncoder.lastBoundary(text, Math.max(Math.max(stable + 1, old), 1), len);
    if (q > stable) {
      // count [stable, q) in segments ending at boundaries, one checkpoint per segment
      int at = stable;
      while (at < q) {
        int next = q - at <= 2 * CHECKPOINT ? q : TiktokenEncoder.boundary(text, at + CHECKPOINT, q);
        stableCount += encoder.encode(text, at, next, null);
        at = next;
        if (at - checkpoints[checkpointCount - 1] >= CHECKPOINT) {
          addCheckpoint(at, stableCount);
        }
      }
      stable = q;
    }
    tailCount = encoder.encode(text, stable, len, null);
  }

  private void addCheckpoint(int at, long count) {
    if (checkpoints[checkpointCount - 1] == at) {
      return;
    }
    if (checkpointCount == checkpoints.length) {
      checkpoints = Arrays.copyOf(checkpoints, 2 * checkpointCount);
      cumulative = Arrays.copyOf(cumulative, 2 * checkpointCount);
    }
    checkpoints[checkpointCount] = at;
    cumulative[checkpointCount] = count;
    checkpointCount++;
  }

  /** Returns the number of tokens of the whole text. */
  public long count() {
    return stableCount + tailCount;
  }

  /** Returns the number of chars appended. */
  public int length() {
    return text.length();
  }

  /** Returns the text appended so far. */
  public String text() {
    return text.toString();
  }

  /**
   * Returns the number of tokens of {@code text[from, to)} encoded on its own.
   *
   * @param from first char, {@code 0 <= from <= to}
   * @param to end (exclusive), at most {@link #length()}
   */
  public long count(int from, int to) {
    // the first checkpoint a > from and the last b < to (checkpoints are boundaries: a >= 1)
    int ia = firstCheckpointAbove(from);
    int ib = firstCheckpointAbove(to - 1) - 1;
    if (ia >= checkpointCount || ib < ia) {
      return encoder.encode(text, from, to, null);
    }
    int a = checkpoints[ia];
    int b = checkpoints[ib];
    return encoder.encode(text, from, a, null) + (cumulative[ib] - cumulative[ia])
        + encoder.encode(text, b, to, null);
  }

  /** Returns the index of the first checkpoint greater than {@code x}, or the number of checkpoints. */
  private int firstCheckpointAbove(int x) {
    int i = Arrays.binarySearch(checkpoints, 0, checkpointCount, x);
    return i >= 0 ? i + 1 : -i - 1;
  }
}
