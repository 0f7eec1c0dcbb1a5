package dev.llmcost.tokenizers.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

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

  // Whole-character starts ({@link #wholeChar}), indexed by the code point of a three-byte char or
  // by two bytes (first << 8 | second)
  private final int[] charToken = new int[65536];
  private final int[] charMaxRank = new int[65536];
  private final int[] leftLimit = new int[65536];
  private final int[] rightLimit = new int[65536];

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
    buildWholeChars(tokens);
  }

  /**
   * Finds the three-byte characters that byte-pair merging always turns into their own single token
   * before any merge joins one of their bytes to a neighbour, so that a merge may start from the
   * whole character instead of its three bytes with the same result (CJK text is mostly such
   * characters: two merges and their lookups saved per character).
   *
   * <p>A character c whose bytes merge, on their own, into one token through merges of rank at most
   * M is <em>whole</em> next to its neighbours when every token that joins part of c (or all of it)
   * with bytes outside it has a rank above M: merges pick the lowest rank first, so while c is
   * incomplete one of its own merges (rank at most M) is always ahead of any merge across its
   * boundary, and once complete it is the single part a whole start gives. The tokens across its
   * boundary that end with its first byte or begin with its last depend on the neighbouring byte and
   * are checked per occurrence ({@link #wholeChar}); the others (ending with its first two bytes or
   * all three, beginning with its last two or all three) are checked here.
   */
  private void buildWholeChars(byte[][] tokens) {
    int[] endsWithFirstTwo = new int[65536];
    int[] endsWithChar = new int[65536];
    int[] startsWithLastTwo = new int[65536];
    int[] startsWithChar = new int[65536];
    for (int[] a : List.of(endsWithFirstTwo, endsWithChar, startsWithLastTwo, startsWithChar, charToken,
        leftLimit, rightLimit)) {
      Arrays.fill(a, NONE);
    }
    for (int rank = 0; rank < tokens.length; rank++) {
      byte[] t = tokens[rank];
      if (t == null || t.length < 2) {
        continue;
      }
      int n = t.length;
      int last = t[n - 1] & 0xFF;
      int first = t[0] & 0xFF;
      if (isLead3(last)) {
        lower(leftLimit, (t[n - 2] & 0xFF) << 8 | last, rank);
      }
      if (n >= 3 && isLead3(t[n - 2] & 0xFF) && isContinuation(last)) {
        lower(endsWithFirstTwo, (t[n - 2] & 0xFF) << 8 | last, rank);
      }
      if (n >= 4 && isChar3(t, n - 3)) {
        lower(endsWithChar, codePoint(t, n - 3), rank);
      }
      if (isContinuation(first)) {
        lower(rightLimit, first << 8 | (t[1] & 0xFF), rank);
        if (n >= 3 && isContinuation(t[1] & 0xFF)) {
          lower(startsWithLastTwo, first << 8 | (t[1] & 0xFF), rank);
        }
      }
      if (n >= 4 && isChar3(t, 0)) {
        lower(startsWithChar, codePoint(t, 0), rank);
      }
    }
    byte[] c = new byte[3 + PADDING];
    for (int cp = 0x800; cp <= 0xFFFF; cp++) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      c[0] = (byte) (0xE0 | cp >> 12);
      c[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      c[2] = (byte) (0x80 | (cp & 0x3F));
      int whole = rank(c, 0, 3);
      int firstTwo = pairRank(c, 0);
      int lastTwo = pairRank(c, 1);
      if (whole == NONE || (firstTwo == NONE && lastTwo == NONE)) {
        continue; // the bytes do not merge into one token on their own
      }
      int max = Math.max(whole, Math.min(firstTwo, lastTwo));
      int limit = Math.min(
          Math.min(endsWithFirstTwo[(c[0] & 0xFF) << 8 | (c[1] & 0xFF)], endsWithChar[cp]),
          Math.min(startsWithLastTwo[(c[1] & 0xFF) << 8 | (c[2] & 0xFF)], startsWithChar[cp]));
      if (limit > max) {
        charToken[cp] = whole;
        charMaxRank[cp] = max;
      }
    }
  }

  private static void lower(int[] a, int i, int rank) {
    if (rank < a[i]) {
      a[i] = rank;
    }
  }

  private static boolean isLead3(int b) {
    return (b & 0xF0) == 0xE0;
  }

  private static boolean isContinuation(int b) {
    return (b & 0xC0) == 0x80;
  }

  private static boolean isChar3(byte[] t, int i) {
    return isLead3(t[i] & 0xFF) && isContinuation(t[i + 1] & 0xFF) && isContinuation(t[i + 2] & 0xFF);
  }

  private static int codePoint(byte[] t, int i) {
    return (t[i] & 0x0F) << 12 | (t[i + 1] & 0x3F) << 6 | (t[i + 2] & 0x3F);
  }

  /**
   * Returns the token of the three-byte character at {@code b[i, i + 3)} if merging {@code b[0,
   * len)} may start from it whole (see {@link #buildWholeChars}), or {@link #NONE}.
   *
   * @param b well-formed UTF-8
   * @param i the index of a character's first byte
   * @param len the end of the piece
   */
  int wholeChar(byte[] b, int i, int len) {
    int b1 = b[i] & 0xFF;
    if (!isLead3(b1) || i + 3 > len) {
      return NONE;
    }
    int cp = codePoint(b, i);
    int token = charToken[cp];
    if (token == NONE) {
      return NONE;
    }
    int max = charMaxRank[cp];
    if (i > 0 && leftLimit[(b[i - 1] & 0xFF) << 8 | b1] <= max) {
      return NONE;
    }
    if (i + 3 < len && rightLimit[(b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF)] <= max) {
      return NONE;
    }
    return token;
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

  /** Packs {@code b[from, from + len)}, len at most 8, little-endian into a long (the short-table key). */
  static long packed(byte[] b, int from, int len) {
    return (long) LONG.get(b, from) & MASK[len];
  }

  /** Hashes a {@link #packed} key of {@code len} bytes for a cache. */
  static int shortKeyHash(long key, int len) {
    long h = shortHash(key, len);
    return (int) (h >>> 32);
  }

  /** Returns the rank of the {@link #packed} sequence of {@code len} bytes (2 to 8), or {@link #NONE}. */
  int shortRank(long key, int len) {
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
