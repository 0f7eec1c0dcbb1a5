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
 * a third of the parts in CJK text. Given {@link CharTokens}, a piece that starts with a non-ASCII
 * character is first encoded character by character and spliced ({@link #mergeByChars}).
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
  private final @Nullable CharTokens chars;
  /** Merges the splices of {@link #mergeByChars} (never by chars itself); created on first use. */
  private @Nullable BytePairMerger helper;
  private byte[] scratch = new byte[64 + RankTable.PADDING];
  private int[] spliceIds = new int[16];
  private int[] spliceStarts = new int[16];
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
    this(ranks, memoBits, null);
  }

  /**
   * Creates a merger that first tries to encode a piece that starts with a non-ASCII character
   * character by character ({@link #mergeByChars}).
   *
   * @param ranks the vocabulary
   * @param memoBits as for {@link #BytePairMerger(RankTable, int)}
   * @param chars the per-character encodings and compatible pairs of {@code ranks}, or null to
   *     merge every piece whole
   */
  BytePairMerger(RankTable ranks, int memoBits, @Nullable CharTokens chars) {
    this.ranks = ranks;
    this.chars = chars;
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
    if (chars != null && len >= 4 && (bytes[0] < 0 || (bytes[0] == ' ' && bytes[1] < 0))) {
      int m = mergeByChars(bytes, len, chars);
      if (m >= 0) {
        return m;
      }
    }
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

  /**
   * Encodes {@code b[0, len)} character by character: each character's encoding on its own (from
   * {@link CharTokens}, or worked out from its two or three bytes), appended while the last token
   * so far is compatible with the character's first token. That is exact by the splice lemma of
   * {@link LongPieceMerger}: if the last token of {@code bpe(X)} is compatible with the first of
   * {@code bpe(Y)}, then {@code bpe(XY) = bpe(X) ++ bpe(Y)}, and every prefix of {@code bpe(X)}
   * that ends at a token boundary is the encoding of its own bytes. Where a pair is not
   * compatible, the last k tokens (k = 1, 2, 4, ...) are taken back and merged with the character
   * until the token before them is compatible with the first of the result. In GPT-2's vocabulary
   * (r50k_base) a CJK character is mostly two or three tokens of its own bytes and 97 % of the
   * pairs of neighbouring characters in Chinese text are compatible, so this replaces a merge over
   * all the bytes of a sentence by a table lookup per character.
   *
   * @return the number of ids (then in {@link #ids()} and {@link #starts()}), or -1 where a
   *     character of four bytes comes up or splicing took more work than merging the whole piece
   */
  private int mergeByChars(byte[] b, int len, CharTokens table) {
    if (ids.length < len + 1) {
      ids = new int[len + 1];
      start = new int[len + 1];
    }
    int[] id = ids;
    int[] st = start;
    int n = 0;
    int budget = 4 * len + 64; // bytes merged again at splices, before giving up
    for (int i = 0; i < len; ) {
      int lead = b[i] & 0xFF;
      int cl;
      long enc;
      if (lead < 0x80) {
        cl = 1;
        enc = CharTokens.pack(1, 1, 0, ranks.byteRank(lead), 0, 0);
      } else if (lead < 0xE0) {
        cl = 2;
        if (i + 2 > len) {
          return -1;
        }
        int cp = (lead & 0x1F) << 6 | (b[i + 1] & 0x3F);
        enc = table.character(cp);
        if (enc == 0) {
          int pair = ranks.pairRank(b, i);
          enc = pair != RankTable.NONE
              ? CharTokens.pack(1, 2, 0, pair, 0, 0)
              : CharTokens.pack(2, 1, 1, ranks.byteRank(lead), ranks.byteRank(b[i + 1]), 0);
          table.putCharacter(cp, enc);
        }
      } else if (lead < 0xF0) {
        cl = 3;
        if (i + 3 > len) {
          return -1;
        }
        int cp = (lead & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F);
        enc = table.character(cp);
        if (enc == 0) {
          enc = encodeAlone3(b, i);
          table.putCharacter(cp, enc);
        }
      } else {
        return -1;
      }
      int count = (int) (enc & 3);
      int len0 = (int) (enc >>> 2) & 3;
      int first = (int) (enc >>> 6) & 0x3FFFF;
      if (n > 0 && !compatible(table, b, st[n - 1], i, i + len0, id[n - 1], first)) {
        // take back the last k tokens and merge them with this character
        int end = i + cl;
        for (int k = 1; ; k = Math.min(2 * k, n)) {
          int s = st[n - k];
          budget -= end - s;
          if (budget < 0) {
            return -1;
          }
          int m = mergeRange(b, s, end);
          if (n - k == 0
              || compatible(table, b, st[n - k - 1], s, s + spliceStarts[1], id[n - k - 1], spliceIds[0])) {
            n -= k;
            for (int j = 0; j < m; j++) {
              id[n] = spliceIds[j];
              st[n++] = s + spliceStarts[j];
            }
            break;
          }
        }
        i = end;
        continue;
      }
      id[n] = first;
      st[n++] = i;
      if (count > 1) {
        int len1 = (int) (enc >>> 4) & 3;
        id[n] = (int) (enc >>> 24) & 0x3FFFF;
        st[n++] = i + len0;
        if (count > 2) {
          id[n] = (int) (enc >>> 42) & 0x3FFFF;
          st[n++] = i + len0 + len1;
        }
      }
      i += cl;
    }
    st[n] = len;
    return n;
  }

  /** Returns the {@link CharTokens#pack}ed encoding of the three-byte character at {@code b[i, i + 3)} alone. */
  private long encodeAlone3(byte[] b, int i) {
    int left = ranks.pairRank(b, i);
    int right = ranks.pairRank(b, i + 1);
    if (left == RankTable.NONE && right == RankTable.NONE) {
      return CharTokens.pack(3, 1, 1, ranks.byteRank(b[i]), ranks.byteRank(b[i + 1]), ranks.byteRank(b[i + 2]));
    }
    int whole = ranks.rank(b, i, i + 3);
    if (whole != RankTable.NONE) {
      return CharTokens.pack(1, 3, 0, whole, 0, 0);
    }
    return left <= right
        ? CharTokens.pack(2, 2, 1, left, ranks.byteRank(b[i + 2]), 0)
        : CharTokens.pack(2, 1, 2, ranks.byteRank(b[i]), right, 0);
  }

  /**
   * Returns whether the tokens {@code left = b[from, mid)} and {@code right = b[mid, to)} are
   * compatible: merging {@code b[from, to)} gives back the two.
   */
  private boolean compatible(CharTokens table, byte[] b, int from, int mid, int to, int left, int right) {
    int known = table.compatible(left, right);
    if (known >= 0) {
      return known == 1;
    }
    BytePairMerger h = helper();
    int m = h.merge(copy(b, from, to), to - from);
    boolean result = m == 2 && h.starts()[1] == mid - from;
    table.putCompatible(left, right, result);
    return result;
  }

  /** Merges {@code b[from, to)} into {@link #spliceIds} and {@link #spliceStarts} (relative to from). */
  private int mergeRange(byte[] b, int from, int to) {
    BytePairMerger h = helper();
    int m = h.merge(copy(b, from, to), to - from);
    if (spliceIds.length < m + 1) {
      spliceIds = new int[m + 1];
      spliceStarts = new int[m + 1];
    }
    System.arraycopy(h.ids(), 0, spliceIds, 0, m);
    System.arraycopy(h.starts(), 0, spliceStarts, 0, m + 1);
    return m;
  }

  private byte[] copy(byte[] b, int from, int to) {
    if (scratch.length < to - from + RankTable.PADDING) {
      scratch = new byte[to - from + RankTable.PADDING + 64];
    }
    System.arraycopy(b, from, scratch, 0, to - from);
    return scratch;
  }

  private BytePairMerger helper() {
    BytePairMerger h = helper;
    if (h == null) {
      h = new BytePairMerger(ranks, 0);
      helper = h;
    }
    return h;
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
