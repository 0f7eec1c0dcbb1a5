package dev.llmcost.tokenizers.internal;

import org.jspecify.annotations.Nullable;

/**
 * Remembers the ids of recently merged pieces within one long text, so that a word seen again is
 * not byte-pair merged again (natural text repeats its words). Direct-mapped: a new piece takes its
 * slot from whatever was there, so memory is fixed ({@value #MAX_KEY} bytes of key per slot, plus
 * {@value #MAX_IDS} ids when the ids are kept) and a hit is exact (the whole key is compared).
 * A counting call keeps only the number of ids of each piece.
 */
final class PieceCache {

  /** Longest piece remembered, in bytes. */
  static final int MAX_KEY = 64;
  /** Most ids remembered for one piece. */
  static final int MAX_IDS = 32;

  private final int mask;
  private final byte[] keys;
  private final byte[] keyLength;
  private final int @Nullable [] ids;
  private final int[] idCount;

  /**
   * Creates a cache.
   *
   * @param slots the number of slots (rounded down to a power of two, at least 64)
   * @param withIds whether the ids are kept (encoding) or only their number (counting)
   */
  PieceCache(int slots, boolean withIds) {
    int n = Integer.highestOneBit(Math.max(64, slots));
    mask = n - 1;
    keys = new byte[n * MAX_KEY];
    keyLength = new byte[n];
    ids = withIds ? new int[n * MAX_IDS] : null;
    idCount = new int[n];
  }

  /** Returns the slot of a piece whose hash is {@code hash}. */
  int slot(int hash) {
    return hash & mask;
  }

  /** Returns the number of ids remembered for the piece in {@code slot}, or -1 if it is not there. */
  int get(int slot, byte[] piece, int len) {
    if (keyLength[slot] != len) {
      return -1;
    }
    byte[] k = keys;
    int off = slot * MAX_KEY;
    for (int i = 0; i < len; i++) { // pieces are short: a plain loop beats Arrays.equals' set-up
      if (piece[i] != k[off + i]) {
        return -1;
      }
    }
    return idCount[slot];
  }

  /** Adds the ids of the piece in {@code slot} to {@code out} (a cache that keeps the ids). */
  void copyTo(int slot, IntBuffer out) {
    int[] all = java.util.Objects.requireNonNull(ids);
    out.addAll(all, slot * MAX_IDS, slot * MAX_IDS + idCount[slot]);
  }

  /** Remembers {@code piece[0, len)}, len at most {@link #MAX_KEY}, with {@code src[0, count)} in {@code slot}. */
  void put(int slot, byte[] piece, int len, int[] src, int count) {
    int @Nullable [] all = ids;
    if (all != null) {
      if (count > MAX_IDS) {
        keyLength[slot] = 0;
        return;
      }
      System.arraycopy(src, 0, all, slot * MAX_IDS, count);
    }
    System.arraycopy(piece, 0, keys, slot * MAX_KEY, len);
    keyLength[slot] = (byte) len;
    idCount[slot] = count;
  }
}
