package dev.llmcost.tokenizers.internal;

import org.jspecify.annotations.Nullable;

/**
 * Encodes ordinary text (no special tokens) with one OpenAI encoding: pre-tokenizes, turns each
 * piece into UTF-8 and byte-pair encodes it, with a single lookup for pieces that are whole tokens.
 *
 * <p>Long texts are copied into a char buffer one chunk (about {@value #CHUNK} chars) at a time,
 * cut where every split pattern has a piece boundary and needs no look-ahead past it: after a
 * non-space and before a space that is not CR or LF; after a letter and before a number or a char
 * that is no letter, mark, space or apostrophe; or after a number and before a letter. Memory
 * stays proportional to the chunk and the longest piece, not to the text. Real text has pieces of
 * at most a few hundred bytes; a piece is merged in memory (about 30 bytes per byte, as in jtokkit
 * and tiktoken), so one longer than {@value #MAX_PIECE} chars is refused with an {@link
 * IllegalArgumentException} that says which run it is rather than exhausting the heap: 4 M chars
 * of one letter without a break, of white space ({@code \s+} is one piece), or of symbols and
 * emoji ({@code [^\s\p{L}\p{N}]+} is one piece).
 * A text without any boundary is copied whole (2 bytes per char).
 *
 * <p>Texts of {@value #CACHE_FROM} chars or more remember the ids of recently merged pieces
 * ({@link PieceCache}) and the ranks of recently seen pairs. A lone surrogate is encoded as
 * U+FFFD, as tiktoken does.
 */
final class TiktokenEncoder {

  static final int CHUNK = 8192;
  /** The longest piece merged, in chars (a piece is merged in memory, about 30 bytes per byte). */
  static final int MAX_PIECE = 1 << 22;
  /** Texts at least this long (chars) get a {@link PieceCache}. */
  static final int CACHE_FROM = 4096;
  /** Slots of the piece cache of a long text (about 3.2 MB). */
  static final int CACHE_SLOTS = 8192;

  private final PreTokenizer preTokenizer;
  private final RankTable ranks;

  TiktokenEncoder(PreTokenizer preTokenizer, RankTable ranks) {
    this.preTokenizer = preTokenizer;
    this.ranks = ranks;
  }

  PreTokenizer preTokenizer() {
    return preTokenizer;
  }

  /**
   * Encodes {@code text[from, to)} and adds the ids to {@code out} (when not null).
   *
   * @return the number of ids
   */
  long encode(String text, int from, int to, @Nullable IntBuffer out) {
    int first = Math.min(to - from, CHUNK + 64);
    char[] chars = new char[first];
    byte[] bytes = new byte[Math.min(3 * first, 3 * 256) + RankTable.PADDING];
    boolean longText = to - from >= CACHE_FROM;
    // the pair memo grows with the text: 1,024 slots (12 KB) at 4,096 chars, 65,536 (768 KB) from 256K chars
    int memoBits = longText ? Math.min(16, 31 - Integer.numberOfLeadingZeros((to - from) / 4)) : 0;
    BytePairMerger merger = new BytePairMerger(ranks, memoBits);
    @Nullable PieceCache cache = longText ? new PieceCache(Math.min(CACHE_SLOTS, (to - from) / 32)) : null;
    long count = 0;
    int begin = from;
    while (begin < to) {
      int stop = to - begin <= CHUNK ? to : boundary(text, begin + CHUNK, to);
      int n = stop - begin;
      if (chars.length < n) {
        chars = new char[n];
      }
      text.getChars(begin, stop, chars, 0);
      int p = 0;
      while (p < n) {
        int e = preTokenizer.end(chars, p, n);
        if (e - p > MAX_PIECE) {
          throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
              "text has a piece of %,d chars at char %,d: %s, which the OpenAI split pattern keeps"
                  + " whole, as tiktoken does; a piece is byte-pair merged in memory (about 30 bytes per"
                  + " byte) and is limited to %,d chars",
              e - p, begin + p, describe(chars, p, e), MAX_PIECE));
        }
        if (bytes.length < 3 * (e - p) + RankTable.PADDING) {
          int need = e - p <= 4096 ? 3 * (e - p) : utf8Length(chars, p, e);
          bytes = new byte[need + RankTable.PADDING + 64];
        }
        int len = utf8(chars, p, e, bytes);
        int hash = 0;
        int rank;
        if (len == 1) {
          rank = ranks.byteRank(bytes[0]);
        } else if (len <= 8) {
          rank = ranks.rank(bytes, 0, len);
        } else {
          hash = RankTable.longHash(bytes, 0, len);
          rank = ranks.longRank(bytes, 0, len, hash);
        }
        if (rank != RankTable.NONE) {
          if (out != null) {
            out.add(rank);
          }
          count++;
        } else if (cache != null && len > 8 && len <= PieceCache.MAX_KEY) {
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

  /** Says what kind of run the piece {@code a[p, e)} is, for the message that refuses it. */
  static String describe(char[] a, int p, int e) {
    int v = CharClass.at(a, p, e);
    if (CharClass.in(v, CharClass.S)) {
      return "a run of white space";
    }
    int q = p + CharClass.width(v);
    int w = q < e ? CharClass.at(a, q, e) : v;
    if (CharClass.in(v, CharClass.L) || CharClass.in(w, CharClass.L)) {
      return "a word of letters without a space, digit, punctuation or change of letter case";
    }
    return "a run of symbols and punctuation (emoji included) without a space, letter or digit";
  }

  /** Returns the first safe chunk boundary at or after {@code i}, or {@code to}. */
  static int boundary(String s, int i, int to) {
    for (; i < to; i++) {
      char before = s.charAt(i - 1);
      char c = s.charAt(i);
      if (CharClass.isSurrogate(before) || CharClass.isSurrogate(c)) {
        continue;
      }
      int b = CharClass.ofChar(before);
      int k = CharClass.ofChar(c);
      if (k == CharClass.SPACE && !CharClass.in(b, CharClass.S)) {
        return i;
      }
      if (CharClass.in(b, CharClass.L)
          && (k == CharClass.OTHER || k == CharClass.NEWLINE || k == CharClass.NUMBER)
          && c != '\'') {
        return i;
      }
      if (b == CharClass.NUMBER && CharClass.in(k, CharClass.L)) {
        return i;
      }
    }
    return to;
  }

  private static int utf8Length(char[] a, int p, int e) {
    int n = 0;
    for (int i = p; i < e; i++) {
      char c = a[i];
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3; // a surrogate pair: 3 + 3 >= 4
    }
    return n;
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
