package dev.llmcost.tokenizers.internal;

import org.jspecify.annotations.Nullable;

/**
 * Encodes ordinary text (no special tokens) with one OpenAI encoding: pre-tokenizes, turns each
 * piece into UTF-8 and byte-pair encodes it, with a single lookup for pieces that are whole tokens.
 * The commonest piece, a word of ASCII letters with its prefix, is ended by {@link AsciiWords}
 * (cl100k_base, r50k_base and o200k_base) without the full scanner and copied as bytes.
 *
 * <p>Long texts are copied into a char buffer one chunk (about {@value #CHUNK} chars) at a time,
 * cut where every split pattern has a piece boundary and needs no look-ahead past it: after a
 * non-space and before a space that is not CR or LF; after a letter and before a number or a char
 * that is no letter, mark, space or apostrophe; or after a number and before a letter. Memory
 * stays proportional to the chunk and the longest piece, not to the text. Real text has pieces of
 * at most a few hundred bytes; a piece longer than {@value #LONG_PIECE} chars (a run of one
 * letter, of white space or of emoji without a break) is merged block by block by {@link
 * LongPieceMerger}, exactly and in time linear in its length, with memory bounded by a block.
 * A text without any boundary is copied whole (2 bytes per char).
 *
 * <p>With r50k_base and p50k_base, a piece that starts with a non-ASCII character (CJK, kana, Hangul,
 * Cyrillic, ...) and is not a token is merged character by character and spliced where neighbouring tokens are compatible
 * ({@link BytePairMerger}, {@link CharTokens}), which the encoding's shared tables make a lookup or
 * two per character.
 *
 * <p>Texts of {@value #CACHE_FROM} chars or more remember the ids of recently merged pieces
 * ({@link PieceCache}, short pieces included) and the ranks of recently seen pairs. A lone
 * surrogate is encoded as U+FFFD, as tiktoken does.
 */
final class TiktokenEncoder {

  static final int CHUNK = 8192;
  /** Pieces longer than this many chars are merged block by block ({@link LongPieceMerger}). */
  static final int LONG_PIECE = 1 << 16;
  /** Texts at least this long (chars) get a {@link PieceCache}. */
  static final int CACHE_FROM = 4096;
  /** Slots of the table of recently seen tokens of 3 to 8 bytes (48 KB). */
  static final int FRONT_SLOTS = 4096;
  /** Slots of the piece cache of a long text (1 MB of keys; 2 MB of ids more when encoding). */
  static final int CACHE_SLOTS = 16384;

  private final PreTokenizer preTokenizer;
  private final RankTable ranks;
  private final @Nullable CharTokens charTokens;

  TiktokenEncoder(PreTokenizer preTokenizer, RankTable ranks) {
    this.preTokenizer = preTokenizer;
    this.ranks = ranks;
    // r50k_base and p50k_base only: GPT-2's vocabulary keeps most CJK characters apart (97 % of the
    // neighbouring pairs in Chinese text are compatible); in cl100k_base and o200k_base far more pairs
    // merge across characters (18-32 % in Chinese, 65-88 % in Russian) and splicing cost more than it saved
    this.charTokens = preTokenizer == R50kPreTokenizer.INSTANCE ? new CharTokens() : null;
  }

  PreTokenizer preTokenizer() {
    return preTokenizer;
  }

  RankTable ranks() {
    return ranks;
  }

  /**
   * Encodes {@code text[from, to)} and adds the ids to {@code out} (when not null).
   *
   * @return the number of ids
   */
  long encode(CharSequence text, int from, int to, @Nullable IntBuffer out) {
    int first = Math.min(to - from, CHUNK + 64);
    char[] chars = new char[first];
    byte[] bytes = new byte[Math.min(3 * first, 3 * 256) + RankTable.PADDING];
    boolean longText = to - from >= CACHE_FROM;
    // the pair memo grows with the text: 1,024 slots (12 KB) at 4,096 chars, 65,536 (768 KB) from 256K chars
    int memoBits = longText ? Math.min(16, 31 - Integer.numberOfLeadingZeros((to - from) / 4)) : 0;
    BytePairMerger merger = new BytePairMerger(ranks, memoBits, charTokens);
    @Nullable PieceCache cache = longText
        ? new PieceCache(Math.min(CACHE_SLOTS, (to - from) / 16), out != null) : null;
    @Nullable LongPieceMerger longMerger = null;
    long @Nullable [] frontKeys = longText ? new long[FRONT_SLOTS] : null;
    int[] frontValues = longText ? new int[FRONT_SLOTS] : new int[0];
    int asciiMode = asciiMode(preTokenizer);
    long count = 0;
    int begin = from;
    while (begin < to) {
      int stop = to - begin <= CHUNK ? to : boundary(text, begin + CHUNK, to);
      int n = stop - begin;
      if (chars.length < n) {
        chars = new char[n];
      }
      getChars(text, begin, stop, chars);
      int p = 0;
      while (p < n) {
        // fast path: a word of ASCII letters with its prefix, ended by an ASCII char
        int e = asciiMode == 1 ? AsciiWords.spaceWord(chars, p, n)
            : asciiMode == 2 ? AsciiWords.o200kWord(chars, p, n) : -1;
        int len;
        if (e >= 0) {
          len = e - p;
          if (bytes.length < len + RankTable.PADDING) {
            bytes = new byte[len + RankTable.PADDING + 64];
          }
          for (int k = 0; k < len; k++) {
            bytes[k] = (byte) chars[p + k];
          }
        } else {
          e = preTokenizer.end(chars, p, n);
          len = -1;
        }
        if (e - p > LONG_PIECE) {
          if (longMerger == null) {
            longMerger = new LongPieceMerger(ranks);
          }
          count += longMerger.encode(chars, p, e, out);
          p = e;
          continue;
        }
        if (len < 0) {
          if (bytes.length < 3 * (e - p) + RankTable.PADDING) {
            bytes = new byte[3 * (e - p) + RankTable.PADDING + 64];
          }
          len = utf8(chars, p, e, bytes);
        }
        int hash;
        int rank;
        if (len == 1) {
          rank = ranks.byteRank(bytes[0]);
          hash = 0;
        } else if (len == 2) {
          rank = ranks.pairRank(bytes, 0);
          hash = (bytes[0] & 0xFF) * 0x9E3779B1 + (bytes[1] & 0xFF) * 0x85EBCA6B;
        } else if (len <= 8) {
          long key = RankTable.packed(bytes, 0, len);
          hash = RankTable.shortKeyHash(key, len);
          if (frontKeys != null) {
            // a small table of the tokens seen recently stays in the CPU cache; the rank table does not
            int f = (hash >>> 7) & (FRONT_SLOTS - 1);
            int v = frontValues[f];
            if (frontKeys[f] == key && v >>> 24 == len) {
              rank = v & 0xFFFFFF;
            } else {
              rank = ranks.shortRank(key, len);
              if (rank != RankTable.NONE) {
                frontKeys[f] = key;
                frontValues[f] = len << 24 | rank;
              }
            }
          } else {
            rank = ranks.shortRank(key, len);
          }
        } else {
          hash = RankTable.longHash(bytes, 0, len);
          rank = ranks.longRank(bytes, 0, len, hash);
        }
        if (rank != RankTable.NONE) {
          if (out != null) {
            out.add(rank);
          }
          count++;
        } else if (cache != null && len <= PieceCache.MAX_KEY) {
          int slot = cache.slot(hash);
          int hit = cache.get(slot, bytes, len);
          if (hit < 0) {
            hit = merger.merge(bytes, len);
            if (out != null) {
              out.addAll(merger.ids(), 0, hit);
            }
            cache.put(slot, bytes, len, merger.ids(), hit);
          } else if (out != null) {
            cache.copyTo(slot, out);
          }
          count += hit;
        } else {
          int m = merger.merge(bytes, len);
          if (out != null) {
            out.addAll(merger.ids(), 0, m);
          }
          count += m;
        }
        p = e;
      }
      begin = stop;
    }
    return count;
  }

  /** 1: the space-word fast path of cl100k_base and r50k_base; 2: o200k_base's; 0: none. */
  private static int asciiMode(PreTokenizer p) {
    if (p == Cl100kPreTokenizer.INSTANCE || p == R50kPreTokenizer.INSTANCE) {
      return 1;
    }
    return p == O200kPreTokenizer.INSTANCE ? 2 : 0;
  }

  /** Copies {@code text[begin, end)} to {@code dst[0, ...)}. */
  private static void getChars(CharSequence text, int begin, int end, char[] dst) {
    if (text instanceof String) {
      ((String) text).getChars(begin, end, dst, 0);
    } else if (text instanceof StringBuilder) {
      ((StringBuilder) text).getChars(begin, end, dst, 0);
    } else {
      for (int i = begin; i < end; i++) {
        dst[i - begin] = text.charAt(i);
      }
    }
  }

  /** Returns the first safe chunk boundary at or after {@code i} (at least 1), or {@code to}. */
  static int boundary(CharSequence s, int i, int to) {
    for (; i < to; i++) {
      if (isBoundary(s, i)) {
        return i;
      }
    }
    return to;
  }

  /**
   * Returns the last safe chunk boundary in {@code [from, to)} ({@code from} at least 1, {@code to}
   * at most the length), or -1.
   */
  static int lastBoundary(CharSequence s, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (isBoundary(s, i)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns whether every split pattern has a piece boundary between {@code s[i - 1]} and {@code
   * s[i]} whatever follows {@code s[i]}: the pieces of any text with these two chars there are
   * those of its part before {@code i} followed by those of its part from {@code i}.
   */
  static boolean isBoundary(CharSequence s, int i) {
    char before = s.charAt(i - 1);
    char c = s.charAt(i);
    if (CharClass.isSurrogate(before) || CharClass.isSurrogate(c)) {
      return false;
    }
    int b = CharClass.ofChar(before);
    int k = CharClass.ofChar(c);
    if (k == CharClass.SPACE && !CharClass.in(b, CharClass.S)) {
      return true;
    }
    if (CharClass.in(b, CharClass.L)
        && (k == CharClass.OTHER || k == CharClass.NEWLINE || k == CharClass.NUMBER)
        && c != '\'') {
      return true;
    }
    return b == CharClass.NUMBER && CharClass.in(k, CharClass.L);
  }

  /** Writes the UTF-8 of {@code a[p, e)} to {@code out}, a lone surrogate as U+FFFD. */
  static int utf8(char[] a, int p, int e, byte[] out) {
    int j = 0;
    for (int i = p; i < e; i++) {
      char c = a[i];
      if (c < 0x80) {
        out[j++] = (byte) c;
      } else if (c < 0x800) {
        out[j++] = (byte) (0xC0 | c >> 6);
        out[j++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < e && Character.isLowSurrogate(a[i + 1])) {
          int cp = Character.toCodePoint(c, a[++i]);
          out[j++] = (byte) (0xF0 | cp >> 18);
          out[j++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          out[j++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          out[j++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          out[j++] = (byte) 0xEF;
          out[j++] = (byte) 0xBF;
          out[j++] = (byte) 0xBD;
        }
      } else {
        out[j++] = (byte) (0xE0 | c >> 12);
        out[j++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[j++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return j;
  }
}
