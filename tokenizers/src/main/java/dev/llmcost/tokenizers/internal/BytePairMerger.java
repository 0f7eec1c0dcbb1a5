package dev.llmcost.tokenizers.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Byte-pair encodes one piece: repeatedly merges the adjacent pair whose concatenation has the
 * lowest rank, the leftmost one among equals, until no adjacent pair is a token (the merge rule of
 * tiktoken's {@code _byte_pair_merge}). Short pieces use a flat array scan (quadratic, but small
 * and cache-friendly); long ones a linked list and a tournament tree over the pairs (n log n).
 * Both start from the piece's bytes, except that a three-byte character which would become its own
 * token before touching its neighbours starts whole ({@link RankTable#wholeChar}): the same ids for
 * a third of the parts in CJK text.
 *
 * <p>Holds scratch arrays, so one instance serves one thread at a time.
 */
final class BytePairMerger {

  /** Pieces longer than this many bytes take the tree path. */
  static final int LONG_PIECE = 96;

  private final RankTable ranks;
  private int[] start = new int[LONG_PIECE + 2];
  private int[] ids = new int[LONG_PIECE + 2];
  private int[] pairRank = new int[LONG_PIECE + 2];
  private int[] next = new int[0];
  private int[] prev = new int[0];
  private int[] tree = new int[0];

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private final int memoShift;
  private final long @Nullable [] memoKeys;
  private final int @Nullable [] memoRanks;

  /**
   * Creates a merger.
   *
   * @param ranks the vocabulary
   * @param memoBits log2 of the slots of a memo of the ranks of recently seen pairs of ids, 0 for
   *     none (worth its 12 bytes per slot on long texts: the same pairs come up again and again,
   *     and the memo stays in the CPU cache while the rank table does not)
   */
  BytePairMerger(RankTable ranks, int memoBits) {
    this.ranks = ranks;
    if (memoBits > 0) {
      memoKeys = new long[1 << memoBits];
      memoRanks = new int[1 << memoBits];
      Arrays.fill(memoKeys, -1L);
      memoShift = 64 - memoBits;
    } else {
      memoKeys = null;
      memoRanks = null;
      memoShift = 64;
    }
  }

  /** Returns the rank of the concatenation of two adjacent parts, {@code b[from, to)}. */
  private int rank(byte[] b, int from, int to, int leftId, int rightId) {
    long @Nullable [] keys = memoKeys;
    if (keys == null) {
      return ranks.rank(b, from, to);
    }
    long key = (long) leftId << 32 | rightId;
    int slot = (int) ((key * GOLDEN) >>> memoShift);
    int[] memo = java.util.Objects.requireNonNull(memoRanks);
    if (keys[slot] == key) {
      return memo[slot];
    }
    int r = ranks.rank(b, from, to);
    keys[slot] = key;
    memo[slot] = r;
    return r;
  }

  /**
   * Encodes {@code bytes[0, len)}, which is not a single token; its ids are then in {@link
   * #ids()} from index 0.
   *
   * @return the number of ids
   */
  int merge(byte[] bytes, int len) {
    return len > LONG_PIECE ? mergeLong(bytes, len) : mergeShort(bytes, len);
  }

  /** Returns the ids of the last {@link #merge}, from index 0 (valid until the next call). */
  int[] ids() {
    return ids;
  }

  /**
   * Returns where each id of the last {@link #merge} starts in its bytes, from index 0, followed by
   * the length of the piece (valid until the next call).
   */
  int[] starts() {
    return start;
  }

  private int mergeShort(byte[] b, int len) {
    int[] st = start;
    int[] id = ids;
    int[] pr = pairRank;
    int m = 0; // parts: single bytes, or whole characters where RankTable.wholeChar allows
    for (int i = 0; i < len; m++) {
      st[m] = i;
      int whole = ranks.wholeChar(b, i, len);
      if (whole != RankTable.NONE) {
        id[m] = whole;
        i += 3;
      } else {
        id[m] = ranks.byteRank(b[i]);
        i++;
      }
    }
    st[m] = len;
    for (int i = 0; i < m - 1; i++) {
      pr[i] = st[i + 2] - st[i] == 2 ? ranks.pairRank(b, st[i]) : rank(b, st[i], st[i + 2], id[i], id[i + 1]);
    }
    while (m > 1) {
      int min = RankTable.NONE;
      int at = -1;
      for (int i = 0; i < m - 1; i++) {
        if (pr[i] < min) {
          min = pr[i];
          at = i;
        }
      }
      if (at < 0) {
        break;
      }
      id[at] = min;
      // drop part at + 1
      int tail = m - at - 2;
      if (tail > 0) {
        System.arraycopy(id, at + 2, id, at + 1, tail);
        System.arraycopy(pr, at + 2, pr, at + 1, tail);
      }
      System.arraycopy(st, at + 2, st, at + 1, m - at - 1);
      m--;
      pr[at] = at + 1 < m ? rank(b, st[at], st[at + 2], min, id[at + 1]) : RankTable.NONE;
      if (at > 0) {
        pr[at - 1] = rank(b, st[at - 1], st[at + 1], id[at - 1], min);
      }
    }
    return m;
  }

  private int mergeLong(byte[] b, int len) {
    int leaves = Integer.highestOneBit(len * 2 - 1); // a power of two >= len
    if (next.length < len + 1) {
      next = new int[len + 1];
      prev = new int[len + 1];
    }
    if (ids.length < len + 1) {
      ids = new int[len + 1];
      start = new int[len + 1];
    }
    if (pairRank.length < leaves) {
      pairRank = new int[leaves];
    }
    if (tree.length < 2 * leaves) {
      tree = new int[2 * leaves];
    }
    int[] nx = next;
    int[] pv = prev;
    int[] id = ids;
    int[] pr = pairRank;
    int[] t = tree;
    Arrays.fill(pr, 0, leaves, RankTable.NONE);
    int parts = 0; // single bytes, or whole characters where RankTable.wholeChar allows
    for (int i = 0, before = -1; i < len; parts++) {
      int whole = ranks.wholeChar(b, i, len);
      int end = whole != RankTable.NONE ? i + 3 : i + 1;
      id[i] = whole != RankTable.NONE ? whole : ranks.byteRank(b[i]);
      nx[i] = end;
      pv[i] = before;
      if (before >= 0) {
        pr[before] = i - before == 1 && end - i == 1
            ? ranks.pairRank(b, before)
            : rank(b, before, end, id[before], id[i]);
      }
      before = i;
      i = end;
    }
    // a tournament tree over the pairs: each node holds the position of its subtree's lowest
    // rank, the leftmost among equals, so the root is the next merge
    for (int i = 0; i < leaves; i++) {
      t[leaves + i] = i;
    }
    for (int x = leaves - 1; x >= 1; x--) {
      t[x] = better(pr, t[2 * x], t[2 * x + 1]);
    }
    while (true) {
      int i = t[1];
      int rank = pr[i];
      if (rank == RankTable.NONE) {
        break;
      }
      int j = nx[i];
      int k = nx[j];
      id[i] = rank;
      parts--;
      nx[i] = k;
      if (k < len) {
        pv[k] = i;
      }
      pr[j] = RankTable.NONE;
      update(t, pr, leaves + j, j);
      pr[i] = k < len ? rank(b, i, nx[k], rank, id[k]) : RankTable.NONE;
      update(t, pr, leaves + i, i);
      int h = pv[i];
      if (h >= 0) {
        pr[h] = rank(b, h, k, id[h], rank);
        update(t, pr, leaves + h, h);
      }
    }
    int m = 0;
    int[] st = start;
    for (int i = 0; i < len; i = nx[i]) {
      st[m] = i;
      id[m++] = id[i]; // m <= i: compacting in place is safe
    }
    st[m] = len;
    return parts;
  }

  private static int better(int[] pr, int a, int b) {
    return pr[b] < pr[a] ? b : a; // a < b: the left one wins ties
  }

  /**
   * Restores the tree after the rank at {@code leaf - leaves} changed: recomputes the winners on the
   * way to the root, and stops where a node keeps a winner other than the changed position (its
   * ancestors then see the same position with the same rank).
   */
  private static void update(int[] t, int[] pr, int leaf, int changed) {
    for (int x = leaf >>> 1; x >= 1; x >>>= 1) {
      int w = better(pr, t[2 * x], t[2 * x + 1]);
      if (w == t[x] && w != changed) {
        return;
      }
      t[x] = w;
    }
  }
}
