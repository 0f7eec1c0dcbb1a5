package dev.llmcost.tokenizers.internal.huggingface;

import org.jspecify.annotations.Nullable;

/**
 * A hand-written matcher for the GPT-2 family of pre-tokenization regexes, equal to Oniguruma's
 * leftmost-first backtracking on them and an order of magnitude faster than a regex engine.
 *
 * <p>The known patterns, recognized by their exact text:
 *
 * <ul>
 *   <li>GPT-2 (Radford et al. 2019, {@code encoder.py}; also the ByteLevel pre-tokenizer's):
 *       {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}
 *   <li>cl100k / Llama 3 (three-digit numbers) and Qwen 2 (single digits): {@code
 *       (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
 *       ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}
 * </ul>
 */
final class Gpt2Scanner {
  static final String GPT2 =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
  static final String LLAMA3 =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
          + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  static final String QWEN2 =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
          + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  static final Gpt2Scanner GPT2_SCANNER = new Gpt2Scanner(false, 0);

  private final boolean llamaStyle;
  private final int maxDigits; // 0 = unbounded (GPT-2: " ?\p{N}+")

  private Gpt2Scanner(boolean llamaStyle, int maxDigits) {
    this.llamaStyle = llamaStyle;
    this.maxDigits = maxDigits;
  }

  /** Returns the scanner for a known pattern, or null. */
  static @Nullable Gpt2Scanner forPattern(String regex) {
    switch (regex) {
      case GPT2:
        return GPT2_SCANNER;
      case LLAMA3:
        return new Gpt2Scanner(true, 3);
      case QWEN2:
        return new Gpt2Scanner(true, 1);
      default:
        return null;
    }
  }

  // character classes of the BMP, each computed on first sight (0 = not yet): loading a tokenizer
  // does not pay for the whole table; concurrent first sights write the same value
  private static final byte SPACE = 1;
  private static final byte LETTER = 2;
  private static final byte NUMBER = 3;
  private static final byte OTHER = 4;
  private static final byte[] CLASS = new byte[0x10000];

  private static int bmpClass(char c) {
    int k = CLASS[c];
    if (k == 0) {
      k = classify(c);
      CLASS[c] = (byte) k;
    }
    return k;
  }

  private static byte classify(int c) {
    if (Unicode.isRegexSpace(c)) {
      return SPACE;
    }
    if (Unicode.isLetter(c)) {
      return LETTER;
    }
    if (Unicode.isNumber(c)) {
      return NUMBER;
    }
    return OTHER;
  }

  private static int classAt(String s, int i, int to) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
      return classify(Character.toCodePoint(c, s.charAt(i + 1)));
    }
    return bmpClass(c);
  }

  private static int next(String s, int i, int to) {
    if (Character.isHighSurrogate(s.charAt(i)) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
      return i + 2;
    }
    return i + 1;
  }

  /** Appends the [start, end) of each match in {@code s[from, to)} to {@code out}. */
  void scan(String s, int from, int to, IntList out) {
    int i = from;
    while (i < to) {
      int end = match(s, i, to);
      out.add(i);
      out.add(end);
      i = end;
    }
  }

  /** Returns the end of the match that starts at {@code i} (always greater than {@code i}). */
  int match(String s, int i, int to) {
    char c = s.charAt(i);
    // contractions
    if (c == '\'' && i + 1 < to) {
      int e = contraction(s, i + 1, to);
      if (e > 0) {
        return e;
      }
    }
    int cls = classAt(s, i, to);
    int n1 = next(s, i, to);
    // letters
    if (cls == LETTER) {
      return letters(s, n1, to);
    }
    boolean prefixable = llamaStyle ? (cls != LETTER && cls != NUMBER && c != '\r' && c != '\n') : c == ' ';
    if (prefixable && n1 < to && classAt(s, n1, to) == LETTER) {
      return letters(s, next(s, n1, to), to);
    }
    // numbers
    if (cls == NUMBER) {
      int e = n1;
      int count = 1;
      while (e < to && (maxDigits == 0 || count < maxDigits) && classAt(s, e, to) == NUMBER) {
        e = next(s, e, to);
        count++;
      }
      return e;
    }
    if (!llamaStyle && c == ' ' && n1 < to && classAt(s, n1, to) == NUMBER) {
      int e = n1;
      while (e < to && classAt(s, e, to) == NUMBER) {
        e = next(s, e, to);
      }
      return e;
    }
    // punctuation and symbols
    if (cls == OTHER || (c == ' ' && n1 < to && classAt(s, n1, to) == OTHER)) {
      int e = cls == OTHER ? n1 : next(s, n1, to);
      while (e < to && classAt(s, e, to) == OTHER) {
        e = next(s, e, to);
      }
      if (llamaStyle) {
        while (e < to && (s.charAt(e) == '\r' || s.charAt(e) == '\n')) {
          e++;
        }
      }
      return e;
    }
    // white space (cls == SPACE)
    int runEnd = i;
    int lastNewline = -1;
    while (runEnd < to && classAt(s, runEnd, to) == SPACE) {
      char d = s.charAt(runEnd);
      if (d == '\r' || d == '\n') {
        lastNewline = runEnd;
      }
      runEnd = next(s, runEnd, to);
    }
    if (llamaStyle && lastNewline >= 0) {
      return lastNewline + 1; // \s*[\r\n]+
    }
    if (runEnd == to) {
      return runEnd; // \s+(?!\S) at the end
    }
    if (runEnd - i >= 2) {
      return runEnd - 1; // \s+(?!\S): leave the last space to the next word
    }
    return runEnd; // \s+
  }

  private static int letters(String s, int e, int to) {
    while (e < to && classAt(s, e, to) == LETTER) {
      e = next(s, e, to);
    }
    return e;
  }

  /** Matches 's 't 're 've 'm 'll 'd after the apostrophe at {@code j - 1}; returns the end or 0. */
  private int contraction(String s, int j, int to) {
    char a = s.charAt(j);
    char b = j + 1 < to ? s.charAt(j + 1) : 0;
    if (llamaStyle) {
      if (is(a, 's') || a == '\u017F' || is(a, 't') || is(a, 'm') || is(a, 'd')) {
        return j + 1;
      }
      if ((is(a, 'r') && is(b, 'e')) || (is(a, 'v') && is(b, 'e')) || (is(a, 'l') && is(b, 'l'))) {
        return j + 2;
      }
      return 0;
    }
    if (a == 's' || a == 't' || a == 'm' || a == 'd') {
      return j + 1;
    }
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
      return j + 2;
    }
    return 0;
  }

  private static boolean is(char c, char lower) {
    return c == lower || c == lower - 32;
  }
}
