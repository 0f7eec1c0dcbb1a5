package dev.llmcost.tokenizers.internal.huggingface;

/**
 * Character classes as the HuggingFace tokenizers library (Rust) and its Oniguruma regexes define
 * them, which differ from {@link Character}'s in places (no-break spaces are white space, U+001C–1F
 * are not).
 */
final class Unicode {
  private Unicode() {}

  /** Rust's {@code char::is_whitespace}: the Unicode White_Space property. */
  static boolean isWhiteSpace(int c) {
    if (c < 0x80) {
      return c == ' ' || (c >= 9 && c <= 13);
    }
    return c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /** Oniguruma's Unicode {@code \s}: U+0009–000D, U+0085 and the separators Zs, Zl, Zp. */
  static boolean isRegexSpace(int c) {
    if (c < 0x80) {
      return c == ' ' || (c >= 9 && c <= 13);
    }
    if (c == 0x85) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.SPACE_SEPARATOR
        || t == Character.LINE_SEPARATOR
        || t == Character.PARAGRAPH_SEPARATOR;
  }

  /** {@code \p{L}}. */
  static boolean isLetter(int c) {
    if (c < 0x80) {
      return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }
    return Character.isLetter(c);
  }

  /** {@code \p{N}}: Nd, Nl, No (also Rust's {@code char::is_numeric}). */
  static boolean isNumber(int c) {
    if (c < 0x80) {
      return c >= '0' && c <= '9';
    }
    int t = Character.getType(c);
    return t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER;
  }

  /** Unicode punctuation (Pc, Pd, Ps, Pe, Pi, Pf, Po). */
  static boolean isUnicodePunctuation(int c) {
    int t = Character.getType(c);
    return t == Character.CONNECTOR_PUNCTUATION
        || t == Character.DASH_PUNCTUATION
        || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION
        || t == Character.INITIAL_QUOTE_PUNCTUATION
        || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION;
  }

  /** ASCII punctuation ({@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}). */
  static boolean isAsciiPunctuation(int c) {
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
  }

  /** The BERT and Punctuation pre-tokenizers' punctuation: ASCII or Unicode punctuation. */
  static boolean isPunctuation(int c) {
    return isAsciiPunctuation(c) || (c >= 0x80 && isUnicodePunctuation(c));
  }

  /**
   * The BERT normalizer's control characters (Cc, Cf, Co, Cs) except tab, LF and CR. Unassigned
   * code points (Cn) are kept, as HuggingFace tokenizers keeps them (checked against it).
   */
  static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int t = Character.getType(c);
    return t == Character.CONTROL
        || t == Character.FORMAT
        || t == Character.PRIVATE_USE
        || t == Character.SURROGATE;
  }

  /** The BERT normalizer's CJK ideographs (the blocks BERT's original code lists). */
  static boolean isChineseChar(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F)
        || (c >= 0x2B920 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0x2F800 && c <= 0x2FA1F);
  }

  /** Oniguruma's Unicode {@code \w}: letters, marks, numbers and connector punctuation. */
  static boolean isWordChar(int c) {
    if (c < 0x80) {
      return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
    }
    int t = Character.getType(c);
    switch (t) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
      case Character.NON_SPACING_MARK:
      case Character.ENCLOSING_MARK:
      case Character.COMBINING_SPACING_MARK:
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
      case Character.CONNECTOR_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  /**
   * Appends the full lowercase mapping of one code point, as Rust's {@code char::to_lowercase}
   * does (U+0130 becomes "i̇"; final sigma is not context sensitive).
   */
  static void appendLowerCase(StringBuilder sb, int c) {
    if (c < 0x80) {
      sb.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else if (c == 0x130) {
      sb.append('i').append('\u0307');
    } else {
      sb.appendCodePoint(Character.toLowerCase(c));
    }
  }
}
