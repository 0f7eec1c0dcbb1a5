package dev.llmcost.tokenizers.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Byte-pair encodes a piece of any length exactly, in time linear in its length and memory
 * bounded by a block, by encoding it block by block and splicing the blocks where two tokens are
 * provably independent.
 *
 * <p>Tokens {@code t1} and {@code t2} are <em>compatible</em> when byte-pair merging their bytes
 * concatenated gives back {@code [t1, t2]} (the "valid token pair" of GitHub's {@code bpe} crate,
 * https://github.com/github/rust-gems/tree/main/crates/bpe, here checked by merging the two tokens'
 * bytes rather than through their split tree). The splice rests on this lemma, for tiktoken's rule
 * (merge the lowest-ranked adjacent pair, leftmost among equals): if {@code A = bpe(X)}, {@code B =
 * bpe(Y)} and the last token of A is compatible with the first of B, then {@code bpe(XY) = A ++ B}.
 * Proof sketch: while no merge has crossed the cut, the merges on either side are those of X and Y
 * alone, in the same relative order (a pair's rank depends only on its own bytes), and the parts
 * next to the cut are intermediate states of the two boundary tokens, evolving exactly as in the
 * merge of their concatenation; there the cross pair is never the lowest (leftmost) pair, since
 * the two tokens are compatible, so it is not in XY either, and by induction no merge ever crosses
 * the cut. Also, any prefix of {@code bpe(X)} that ends at a token boundary is the encoding of its
 * own bytes (no merge crosses a boundary that the result keeps).
 *
 * <p>So: encode the first block; for each next block, take back the last k tokens of what is
 * pending (k = 1, 2, 4, ...), encode their bytes followed by the block, and keep the split as soon
 * as the token before them is compatible with the first new token. Each block is merged a bounded
 * number of times with the n log n merger of {@link BytePairMerger}, so the time per byte does not
 * grow with the piece. A merge whose input bytes equal the last one's (block after block of a run
 * of one character, or of any pattern whose period divides the block) takes the last result
 * instead of merging again, since merging is a function of the bytes. If no split in a whole pending block were compatible (never seen), the
 * method throws {@link IllegalStateException} rather than return ids it cannot vouch for.
 *
 * <p>Holds scratch arrays, so one instance serves one thread at a time.
 */
final class LongPieceMerger {

  /** Chars per block in normal use (a block is 4K to 12K bytes: the merge's arrays stay in the L2 cache). */
  static final int BLOCK_CHARS = 1 << 12;

  private final BytePairMerger merger;
  private final BytePairMerger pairs;
  private final int blockChars;
  private final int keepBytes;

  private byte[] window = new byte[0];
  private int windowLength;
  private byte[] spare = new byte[0];
  private int[] pendingIds = new int[0];
  private int[] pendingStarts = new int[0];
  private int pendingCount;
  private byte[] lastBytes = new byte[64];
  private int lastLength;
  private int lastId;
  private byte[] pair = new byte[128 + RankTable.PADDING];
  private int nextChar;
  // the input and result of the last block merge: a run of one char repeats them block after block
  private byte[] memoInput = new byte[0];
  private int memoLength = -1;
  private int[] memoIds = new int[0];
  private int[] memoStarts = new int[0];
  private int memoCount;

  /**
   * Creates a merger.
   *
   * @param ranks the vocabulary
   * @param blockChars chars per block, at least 1 (small values only in tests)
   * @param keepBytes bytes kept unemitted behind the last block, where a splice may still move
   *     (small values only in tests)
   */
  LongPieceMerger(RankTable ranks, int blockChars, int keepBytes) {
    this.merger = new BytePairMerger(ranks, 12);
    this.pairs = new BytePairMerger(ranks, 0);
    this.blockChars = blockChars;
    this.keepBytes = keepBytes;
  }

  /** Creates a merger with blocks of {@value #BLOCK_CHARS} chars, keeping 64 KB behind the last one. */
  LongPieceMerger(RankTable ranks) {
    this(ranks, BLOCK_CHARS, 1 << 16);
  }

  /**
   * Encodes the piece {@code a[p, e)} and adds its ids to {@code out} (when not null).
   *
   * @return the number of ids
   */
  long encode(char[] a, int p, int e, @Nullable IntBuffer out) {
    nextChar = p;
    int blockBytes = 3 * blockChars + 8;
    byte[] block = new byte[blockBytes];
    window = ensure(window, 2 * keepBytes + 2 * blockBytes + RankTable.PADDING);
    windowLength = convert(a, e, window);
    takePending(0, 0, merger.merge(window, windowLength), merger.ids(), merger.starts());
    memoLength = -1;
    boolean hasLast = false;
    long count = 0;
    while (nextChar < e) {
      int blockLength = convert(a, e, block);
      for (int k = Math.min(1, pendingCount); ; k = Math.min(2 * k, pendingCount)) {
        int keep = pendingCount - k;
        int cut = pendingStarts[keep];
        int yLength = windowLength - cut + blockLength;
        spare = ensure(spare, yLength + RankTable.PADDING);
        System.arraycopy(window, cut, spare, 0, windowLength - cut);
        System.arraycopy(block, 0, spare, windowLength - cut, blockLength);
        int c;
        int[] ids;
        int[] starts;
        if (yLength == memoLength && Arrays.equals(spare, 0, yLength, memoInput, 0, yLength)) {
          // a run of one char or a repeated pattern: the same bytes as the last merge, the same ids
          c = memoCount;
          ids = memoIds;
          starts = memoStarts;
        } else {
          c = merger.merge(spare, yLength);
          ids = merger.ids();
          starts = merger.starts();
          remember(yLength, c, ids, starts);
        }
        int firstId = ids[0];
        int firstEnd = starts[1];
        boolean ok;
        if (keep > 0) {
          int s = pendingStarts[keep - 1];
          ok = compatible(window, s, cut - s, pendingIds[keep - 1], spare, firstEnd, firstId);
        } else {
          ok = !hasLast || compatible(lastBytes, 0, lastLength, lastId, spare, firstEnd, firstId);
        }
        if (ok) {
          window = ensure(window, windowLength + blockLength + RankTable.PADDING);
          System.arraycopy(block, 0, window, windowLength, blockLength);
          windowLength += blockLength;
          takePending(keep, cut, c, ids, starts);
          break;
        }
        if (k == pendingCount) {
          throw new IllegalStateException(String.format(java.util.Locale.ROOT,
              "no token boundary in the last %,d bytes of a piece of %,d chars could be spliced while"
                  + " merging it block by block; please report this text", windowLength, e - p));
        }
      }
      if (windowLength > 2 * keepBytes) {
        // emit the tokens that start more than keepBytes before the end, keep the rest
        int drop = 0;
        while (drop < pendingCount - 1 && windowLength - pendingStarts[drop + 1] > keepBytes) {
          drop++;
        }
        if (drop > 0) {
          if (out != null) {
            out.addAll(pendingIds, 0, drop);
          }
          count += drop;
          int s = pendingStarts[drop - 1];
          int shift = pendingStarts[drop];
          lastLength = shift - s;
          lastBytes = ensure(lastBytes, lastLength);
          System.arraycopy(window, s, lastBytes, 0, lastLength);
          lastId = pendingIds[drop - 1];
          hasLast = true;
          System.arraycopy(window, shift, window, 0, windowLength - shift);
          windowLength -= shift;
          pendingCount -= drop;
          System.arraycopy(pendingIds, drop, pendingIds, 0, pendingCount);
          for (int i = 0; i <= pendingCount; i++) {
            pendingStarts[i] = pendingStarts[i + drop] - shift;
          }
        }
      }
    }
    if (out != null) {
      out.addAll(pendingIds, 0, pendingCount);
    }
    return count + pendingCount;
  }

  /** Converts chars from {@link #nextChar} (at most a block, whole code points) to UTF-8 in {@code dst}. */
  private int convert(char[] a, int e, byte[] dst) {
    int from = nextChar;
    int to = Math.min(e, from + blockChars);
    if (to < e && Character.isHighSurrogate(a[to - 1]) && Character.isLowSurrogate(a[to])) {
      to++;
    }
    nextChar = to;
    return TiktokenEncoder.utf8(a, from, to, dst);
  }

  /** Keeps the first {@code keep} pending tokens and appends the {@code c} of the last merge, which start at {@code cut}. */
  private void takePending(int keep, int cut, int c, int[] ids, int[] st) {
    int n = keep + c;
    if (pendingIds.length < n + 1) {
      pendingIds = Arrays.copyOf(pendingIds, n + 1 + (n >> 1));
      pendingStarts = Arrays.copyOf(pendingStarts, n + 1 + (n >> 1));
    }
    System.arraycopy(ids, 0, pendingIds, keep, c);
    for (int i = 0; i <= c; i++) {
      pendingStarts[keep + i] = st[i] + cut;
    }
    pendingCount = n;
  }

  /** Remembers the input {@code spare[0, length)} of the last merge and its {@code c} ids and starts. */
  private void remember(int length, int c, int[] ids, int[] starts) {
    memoInput = ensure(memoInput, length);
    System.arraycopy(spare, 0, memoInput, 0, length);
    memoLength = length;
    if (memoIds.length < c + 1) {
      memoIds = new int[c + 1 + (c >> 1)];
      memoStarts = new int[c + 1 + (c >> 1)];
    }
    System.arraycopy(ids, 0, memoIds, 0, c);
    System.arraycopy(starts, 0, memoStarts, 0, c + 1);
    memoCount = c;
  }

  /** Returns whether merging the bytes of two adjacent tokens gives back the two tokens. */
  private boolean compatible(byte[] left, int from, int leftLength, int leftId, byte[] right, int rightLength,
      int rightId) {
    int n = leftLength + rightLength;
    pair = ensure(pair, n + RankTable.PADDING);
    System.arraycopy(left, from, pair, 0, leftLength);
    System.arraycopy(right, 0, pair, leftLength, rightLength);
    Arrays.fill(pair, n, n + RankTable.PADDING, (byte) 0);
    int c = pairs.merge(pair, n);
    return c == 2 && pairs.ids()[0] == leftId && pairs.ids()[1] == rightId;
  }

  private static byte[] ensure(byte[] b, int n) {
    return b.length >= n ? b : new byte[Math.max(n, b.length + (b.length >> 1))];
  }
}
