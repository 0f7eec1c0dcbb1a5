package dev.llmcost.tokenizers.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Maps byte sequences to their BPE rank (which is also their token id) without allocating.
 *
 * <p>Sequences of up to 8 bytes, nearly the whole vocabulary, are packed little-endian into a
 * {@code long} and found in an open-addressing table of longs; longer ones are hashed in place and
 * compared against one pooled byte array. Lookups read 8 bytes at a time, so every array passed in
 * must have at least 8 bytes after the range it names ({@link #PADDING}).
 */
final class RankTable {

  /** Bytes that must follow any range passed to a lookup. */
  static final int PADDING = 8;
  /** Returned when a sequence is not a token. */
  static final int NONE = Integer.MAX_VALUE;

  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long[] MASK = new long[9];
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  static {
    for (int i = 1; i < 8; i++) {
      MASK[i] = (1L << (8 * i)) - 1;
    }
    MASK[8] = -1L;
  }

  private final long[] shortTable; // key, then length << 24 | rank (0 when empty), per slot
  private final int shortShift;
  private final int shortMask;

  private final byte[] pool;
  private final int[] longSlots; // index + 1 into longOffset/longLength/longRank, 0 when empty
  private final int[] longOffset;
  private final int[] longLength;
  private final int[] longRank;
  private final int longMask;

  // Bloom filters (two bits per token) small enough for the L2 cache: most lookups during a merge
  // are for pairs that are not tokens, and the filter answers those without touching the tables
  private static final int SHORT_FILTER_BITS = 21;
  private static final int LONG_FILTER_BITS = 17;
  private final long[] shortFilter = new long[1 << (SHORT_FILTER_BITS - 6)];
  private final long[] longFilter = new long[1 << (LONG_FILTER_BITS - 6)];

  private final int[] byteRank = new int[256];
  private final int[] pairRank = new int[65536];

  /**
   * Builds the table.
   *
   * @param tokens the byte sequence of each rank, null where a rank has none
   */
  RankTable(byte[][] tokens) {
    int shortCount = 0;
    int longCount = 0;
    int poolSize = 0;
    for (byte[] t : tokens) {
      if (t == null) {
        continue;
      }
      if (t.length <= 8) {
        shortCount++;
      } else {
        longCount++;
        poolSize += t.length;
      }
    }
    int shortCapacity = Integer.highestOneBit(Math.max(16, shortCount * 3)) << 1;
    shortTable = new long[2 * shortCapacity];
    shortShift = 64 - Integer.numberOfTrailingZeros(shortCapacity);
    shortMask = shortCapacity - 1;
    int longCapacity = Integer.highestOneBit(Math.max(16, longCount * 3)) << 1;
    longSlots = new int[longCapacity];
    longMask = longCapacity - 1;
    longOffset = new int[longCount];
    longLength = new int[longCount];
    longRank = new int[longCount];
    pool = new byte[poolSize + PADDING];
    Arrays.fill(byteRank, NONE);
    Arrays.fill(pairRank, NONE);
    byte[] scratch = new byte[8 + PADDING];
    int li = 0;
    int poolAt = 0;
    for (int rank = 0; rank < tokens.length; rank++) {
      byte[] t = tokens[rank];
      if (t == null) {
        continue;
      }
      if (t.length == 1) {
        byteRank[t[0] & 0xFF] = rank;
      }
      if (t.length <= 8) {
        Arrays.fill(scratch, (byte) 0);
        System.arraycopy(t, 0, scratch, 0, t.length);
        long key = (long) LONG.get(scratch, 0);
        int slot = shortSlot(key, t.length);
        while (shortTable[2 * slot + 1] != 0) {
          slot = (slot + 1) & shortMask;
        }
        long h = shortHash(key, t.length);
        setBit(shortFilter, (int) (h >>> (64 - SHORT_FILTER_BITS)));
        setBit(shortFilter, (int) (h >>> 20) & ((1 << SHORT_FILTER_BITS) - 1));
        shortTable[2 * slot] = key;
        shortTable[2 * slot + 1] = t.length << 24 | rank;
        if (t.length == 2) {
          pairRank[(t[0] & 0xFF) << 8 | (t[1] & 0xFF)] = rank;
        }
      } else {
        System.arraycopy(t, 0, pool, poolAt, t.length);
        longOffset[li] = poolAt;
        longLength[li] = t.length;
        longRank[li] = rank;
        int hash = longHash(pool, poolAt, t.length);
        setBit(longFilter, hash >>> (32 - LONG_FILTER_BITS));
        setBit(longFilter, hash & ((1 << LONG_FILTER_BITS) - 1));
        int slot = hash & longMask;
        while (longSlots[slot] != 0) {
          slot = (slot + 1) & longMask;
        }
        longSlots[slot] = li + 1;
        poolAt += t.length;
        li++;
      }
    }
  }

  /** Returns the rank of the single byte {@code b}, or {@link #NONE}. */
  int byteRank(int b) {
    return byteRank[b & 0xFF];
  }

  /** Returns the rank of the two bytes {@code b[i], b[i + 1]}, or {@link #NONE}. */
  int pairRank(byte[] b, int i) {
    return pairRank[(b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF)];
  }

  /**
   * Returns the rank of {@code bytes[from, to)}, or {@link #NONE} if it is not a token.
   *
   * @param bytes the bytes, with {@link #PADDING} readable bytes after {@code to}
   * @param from first byte
   * @param to end, exclusive
   */
  int rank(byte[] bytes, int from, int to) {
    int len = to - from;
    if (len == 2) {
      return pairRank(bytes, from);
    }
    if (len <= 8) {
      return shortRank((long) LONG.get(bytes, from) & MASK[len], len);
    }
    return longRank(bytes, from, len);
  }

  private static long shortHash(long key, int len) {
    return (key + len) * GOLDEN;
  }

  private int shortSlot(long key, int len) {
    return (int) (shortHash(key, len) >>> shortShift);
  }

  private static void setBit(long[] bits, int i) {
    bits[i >>> 6] |= 1L << i;
  }

  private static boolean bit(long[] bits, int i) {
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  private int shortRank(long key, int len) {
    long h = shortHash(key, len);
    if (!bit(shortFilter, (int) (h >>> (64 - SHORT_FILTER_BITS)))
        || !bit(shortFilter, (int) (h >>> 20) & ((1 << SHORT_FILTER_BITS) - 1))) {
      return NONE;
    }
    int slot = (int) (h >>> shortShift);
    long want = (long) len << 24;
    long[] t = shortTable;
    while (true) {
      long v = t[2 * slot + 1];
      if (v == 0) {
        return NONE;
      }
      if (t[2 * slot] == key && (v & 0xFF000000L) == want) {
        return (int) (v & 0xFFFFFF);
      }
      slot = (slot + 1) & shortMask;
    }
  }

  private int longRank(byte[] bytes, int from, int len) {
    return longRank(bytes, from, len, longHash(bytes, from, len));
  }

  /** Returns the rank of {@code bytes[from, from + len)}, len > 8, whose {@link #longHash} is given. */
  int longRank(byte[] bytes, int from, int len, int hash) {
    if (!bit(longFilter, hash >>> (32 - LONG_FILTER_BITS))
        || !bit(longFilter, hash & ((1 << LONG_FILTER_BITS) - 1))) {
      return NONE;
    }
    int slot = hash & longMask;
    while (true) {
      int idx = longSlots[slot] - 1;
      if (idx < 0) {
        return NONE;
      }
      int off = longOffset[idx];
      if (longLength[idx] == len && Arrays.equals(bytes, from, from + len, pool, off, off + len)) {
        return longRank[idx];
      }
      slot = (slot + 1) & longMask;
    }
  }

  /**
   * Hashes {@code b[from, from + len)}, len at least 8, from its first and last 8 bytes and its
   * length: two reads whatever the length (a collision only costs a comparison).
   */
  static int longHash(byte[] b, int from, int len) {
    long first = (long) LONG.get(b, from);
    long last = (long) LONG.get(b, from + len - 8);
    long h = (first * GOLDEN + len) ^ Long.rotateLeft(last * 0xC2B2AE3D27D4EB4FL, 31);
    h *= GOLDEN;
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }
}
