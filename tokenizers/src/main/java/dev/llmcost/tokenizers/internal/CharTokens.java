package dev.llmcost.tokenizers.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What merging a piece character by character ({@link BytePairMerger}) remembers for one
 * encoding, shared by every thread: the byte-pair encoding of each character of the Basic
 * Multilingual Plane on its own, and whether pairs of tokens are <em>compatible</em> (merging the
 * bytes of the two tokens concatenated gives back the two tokens; see {@link LongPieceMerger}).
 *
 * <p>Each entry is one {@code long} that names its own key, read and written atomically (opaque
 * access): two threads may compute the same entry, never see half of one.
 */
final class CharTokens {

  private static final VarHandle AT = MethodHandles.arrayElementVarHandle(long[].class);
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int PAIR_BITS = 16;

  /** By code point below U+10000: a {@link #pack}ed encoding, 0 while unknown. */
  private final long[] chars = new long[1 << 16];
  /** Direct-mapped: (left id << 24 | right id) << 2 | 2 | compatible, 0 when empty. */
  private final long[] pairs = new long[1 << PAIR_BITS];

  /**
   * Packs the encoding of one character of 2 or 3 bytes: {@code count} ids (1 to 3) of 18 bits
   * each, and the byte lengths of the first two tokens.
   */
  static long pack(int count, int len0, int len1, int id0, int id1, int id2) {
    return count | (long) len0 << 2 | (long) len1 << 4 | (long) id0 << 6 | (long) id1 << 24 | (long) id2 << 42;
  }

  /** Returns the {@link #pack}ed encoding of the character {@code cp} (below U+10000), or 0. */
  long character(int cp) {
    return (long) AT.getOpaque(chars, cp);
  }

  void putCharacter(int cp, long packed) {
    AT.setOpaque(chars, cp, packed);
  }

  /** Returns 1 if the two tokens are compatible, 0 if not, -1 if not known yet. */
  int compatible(int left, int right) {
    long key = (long) left << 24 | right;
    long v = (long) AT.getOpaque(pairs, slot(key));
    if ((v & 2) == 0 || v >>> 2 != key) {
      return -1;
    }
    return (int) (v & 1);
  }

  void putCompatible(int left, int right, boolean compatible) {
    long key = (long) left << 24 | right;
    AT.setOpaque(pairs, slot(key), key << 2 | 2 | (compatible ? 1 : 0));
  }

  private static int slot(long key) {
    return (int) ((key * GOLDEN) >>> (64 - PAIR_BITS));
  }
}
