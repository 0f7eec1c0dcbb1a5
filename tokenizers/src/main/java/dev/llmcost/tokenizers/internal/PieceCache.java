package dev.llmcost.tokenizers.internal;

import java.util.Arrays;

/**
 * Remembers the ids of recently merged pieces within one long text, so that a word seen again is
 * not byte-pair merged again (natural text repeats its words). Direct-mapped: a new piece takes its
 * slot from whatever was there, so memory is fixed (about 400 bytes per slot) and a hit is exact
 * (the whole key is compared).
 */
final class PieceCache {

  /** Longest piece remembered, in bytes. */
  static final int MAX_KEY = 128;
  /** Most ids remembered for one piece. */
  static final int MAX_IDS = MAX_KEY / 2;

  private final int mask;
  private final byte[] keys;
  private final int[] keyLength;
  private final int[] ids;
  private final int[] idCount;

  PieceCache(int slots) {
    int n = Integer.highestOneBit(Math.max(64, slots));
    mask = n - 1;
    keys = new byte[n * MAX_KEY];
    keyLength = new int[n];
    ids = new int[n * MAX_IDS];
    idCount = new int[n];
  }

  /** Returns the slot of a piece whose {@link RankTable#longHash} is {@code hash}. */
  int slot(int hash) {
    return hash & mask;
  }

  /** Returns the number of ids remembered for the piece in {@code slot}, or -1 if it is not there. */
  int get(int slot, byte[] piece, int len) {
    int off = slot * MAX_KEY;
    if (keyLength[slot] != len || !Arrays.equals(piece, 0, len, keys, off, off + len)) {
      return -1;
    }
    return idCount[slot];
  }

  /** Adds the ids of the piece in {@code slot} to {@code out}. */
  void copyTo(int slot, IntBuffer out) {
    out.addAll(ids, slot * MAX_IDS, slot * MAX_IDS + idCount[slot]);
  }

  /** Remembers {@code piece[0, len)} with {@code src[0, count)} in {@code slot}. */
  void put(int slot, byte[] piece, int len, int[] src, int count) {
    if (count > MAX_IDS) {
      return;
    }
    System.arraycopy(piece, 0, keys, slot * MAX_KEY, len);
    keyLength[slot] = len;
    System.arraycopy(src, 0, ids, slot * MAX_IDS, count);
    idCount[slot] = count;
  }
}
