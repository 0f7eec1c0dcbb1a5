package dev.llmcost.tokenizers.internal;

/**
 * The character classes the OpenAI split patterns test, with the semantics of {@code
 * java.util.regex} under {@code UNICODE_CHARACTER_CLASS} (the flag jtokkit compiles them with).
 *
 * <p>{@code \p{L}} is the general category L (Lu, Ll, Lt, Lm, Lo), {@code \p{N}} is N (Nd, Nl,
 * No), {@code \p{M}} is M (Mn, Mc, Me) and {@code \s} is the Unicode White_Space property: the
 * categories Zs, Zl and Zp plus U+0009..U+000D and U+0085. The categories come from {@link
 * Character#getType(int)}, so they follow the running JVM's Unicode version, as the regex does.
 *
 * <p>{@link #at} packs a class (bits 0..2) and whether the code point takes two chars (bit 3).
 */
final class CharClass {
  private CharClass() {}

  /** Anything that is not a letter, mark, number or white space (punctuation, symbols, controls). */
  static final int OTHER = 0;
  /** Lu and Lt. */
  static final int UPPER = 1;
  /** Ll. */
  static final int LOWER = 2;
  /** Lm and Lo (in both the "upper" and "lower" sets of the o200k pattern). */
  static final int LETTER_OTHER = 3;
  /** Mn, Mc and Me. */
  static final int MARK = 4;
  /** Nd, Nl and No. */
  static final int NUMBER = 5;
  /** White space other than CR and LF. */
  static final int SPACE = 6;
  /** CR or LF. */
  static final int NEWLINE = 7;

  /** {@code \p{L}}. */
  static final int L = 1 << UPPER | 1 << LOWER | 1 << LETTER_OTHER;
  /** {@code \s}. */
  static final int S = 1 << SPACE | 1 << NEWLINE;
  /** {@code [^\r\n\p{L}\p{N}]}: the optional prefix of a letter run. */
  static final int PREFIX = 1 << OTHER | 1 << MARK | 1 << SPACE;
  /** {@code [^\s\p{L}\p{N}]}: punctuation runs. */
  static final int PUNCT = 1 << OTHER | 1 << MARK;
  /** o200k {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]}. */
  static final int O200K_UPPER = 1 << UPPER | 1 << LETTER_OTHER | 1 << MARK;
  /** o200k {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}. */
  static final int O200K_LOWER = 1 << LOWER | 1 << LETTER_OTHER | 1 << MARK;

  /** Bit 3 of {@link #at}: the code point is a surrogate pair. */
  static final int PAIR = 8;

  private static final int SURROGATE = 16;
  private static final byte[] BMP = new byte[65536];
  /** For each char, the contraction letter (s, t, r, e, v, m, l, d) it matches case-insensitively. */
  private static final char[] FOLD = new char[65536];

  static {
    for (int c = 0; c < 65536; c++) {
      BMP[c] = (byte) (Character.isSurrogate((char) c) ? SURROGATE : classOf(c));
      int lower = Character.toLowerCase(Character.toUpperCase(c));
      char f = 0;
      if ("stdmlvre".indexOf(c) >= 0) {
        f = (char) c;
      } else if (lower < 128 && "stdmlvre".indexOf(lower) >= 0) {
        f = (char) lower;
      }
      FOLD[c] = f;
    }
  }

  /**
   * Returns the class of the code point starting at {@code i}, with {@link #PAIR} set when it is
   * a surrogate pair; a lone surrogate is {@link #OTHER} (category Cs), as the regex sees it.
   */
  static int at(char[] a, int i, int n) {
    int v = BMP[a[i]];
    return v < SURROGATE ? v : surrogate(a, i, n);
  }

  private static int surrogate(char[] a, int i, int n) {
    char c = a[i];
    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(a[i + 1])) {
      return classOf(Character.toCodePoint(c, a[i + 1])) | PAIR;
    }
    return OTHER;
  }

  /** Returns the class of a BMP char that is not a surrogate. */
  static int ofChar(char c) {
    int v = BMP[c];
    return v < SURROGATE ? v : OTHER;
  }

  /** Returns whether {@code c} is a surrogate (high or low). */
  static boolean isSurrogate(char c) {
    return BMP[c] == SURROGATE;
  }

  /**
   * Returns the contraction letter {@code c} matches under {@code (?i)} with Unicode case (so
   * U+017F LONG S matches {@code s}), or 0.
   */
  static char fold(char c) {
    return FOLD[c];
  }

  static int classOf(int cp) {
    if (cp == '\r' || cp == '\n') {
      return NEWLINE;
    }
    int type = Character.getType(cp);
    switch (type) {
      case Character.UPPERCASE_LETTER:
      case Character.TITLECASE_LETTER:
        return UPPER;
      case Character.LOWERCASE_LETTER:
        return LOWER;
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
        return LETTER_OTHER;
      case Character.NON_SPACING_MARK:
      case Character.ENCLOSING_MARK:
      case Character.COMBINING_SPACING_MARK:
        return MARK;
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return NUMBER;
      case Character.SPACE_SEPARATOR:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return SPACE;
      default:
        return (cp >= 0x9 && cp <= 0xd) || cp == 0x85 ? SPACE : OTHER;
    }
  }

  /** Returns whether the class in {@code v} (a value of {@link #at}) is in {@code set}. */
  static boolean in(int v, int set) {
    return ((set >>> (v & 7)) & 1) != 0;
  }

  /** Returns the number of chars (1 or 2) of the code point whose {@link #at} value is {@code v}. */
  static int width(int v) {
    return 1 + ((v >>> 3) & 1);
  }
}
