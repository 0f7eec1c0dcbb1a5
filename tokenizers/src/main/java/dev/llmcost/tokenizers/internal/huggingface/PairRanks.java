package dev.llmcost.tokenizers.internal.huggingface;

import java.util.Arrays;

/**
 * The ranks of a BPE model's merges, looked up by the pair of token ids: an open-addressing table
 * whose slot holds the two ids and the rank packed in one {@code long} (21 bits each), so that a
 * lookup reads one cache line where a map with separate key and value arrays reads two. Ids or
 * ranks of 2^21 - 1 or more go to a {@link LongIntMap} instead.
 */
final class PairRanks {
  private static final int BITS = 21;
  private static final long FIELD = (1L << BITS) - 1;
  private static final long EMPTY = -1L;

  private final long[] table;
  private final int mask;
  private final LongIntMap wide;
  private final boolean packed;

  /**
   * @param lefts the left token id of each merge, by rank
   * @param rights the right token id of each merge, by rank
   */
  PairRanks(int[] lefts, int[] rights) {
    int m = lefts.length;
    boolean fits = m < FIELD;
    for (int r = 0; r < m && fits; r++) {
      fits = lefts[r] >= 0 && lefts[r] < FIELD && rights[r] >= 0 && rights[r] < FIELD;
    }
    packed = fits;
    if (fits) {
      int cap = Integer.highestOneBit(Math.max(4, m * 2 - 1)) << 1;
      table = new long[cap];
      Arrays.fill(table, EMPTY);
      mask = cap - 1;
      wide = new LongIntMap(4);
      for (int r = 0; r < m; r++) {
        long key = key(lefts[r], rights[r]);
        int i = mix(key) & mask;
        while (table[i] != EMPTY && (table[i] & ~FIELD) != key) {
          i = (i + 1) & mask;
        }
        table[i] = key | r; // a later merge of the same pair replaces an earlier one, as in a map
      }
    } else {
      table = new long[0];
      mask = 0;
      wide = new LongIntMap(m);
      for (int r = 0; r < m; r++) {
        wide.put(((long) lefts[r] << 32) | (rights[r] & 0xFFFFFFFFL), r);
      }
    }
  }

  private static long key(int a, int b) {
    return ((long) a << (2 * BITS)) | ((long) b << BITS);
  }

  private static int mix(long key) {
    long h = key;
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return (int) (h ^ (h >>> 31));
  }

  /** Returns the rank of the merge of {@code a} and {@code b}, or -1. */
  int get(int a, int b) {
    if (!packed) {
      return wide.get(((long) a << 32) | (b & 0xFFFFFFFFL));
    }
    if (a < 0 || b < 0 || a >= FIELD || b >= FIELD) {
      return -1;
    }
    long key = key(a, b);
    int i = mix(key) & mask;
    while (true) {
      long e = table[i];
      if ((e & ~FIELD) == key) {
        return (int) (e & FIELD);
      }
      if (e == EMPTY) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }
}
