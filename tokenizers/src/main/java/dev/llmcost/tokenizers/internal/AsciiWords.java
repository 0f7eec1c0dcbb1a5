package dev.llmcost.tokenizers.internal;

/**
 * Fast paths of the split patterns for the commonest piece of English and code: a word of ASCII
 * letters with an optional one-char prefix. Each returns the end of the piece that starts at
 * {@code p}, exactly as the full scanner would, or -1 when it cannot tell from ASCII alone (the
 * piece is something else, or the word runs into a char of U+0080 or above, which may be a letter
 * or mark that continues it); the caller then asks the full scanner. A piece they return is all
 * ASCII, so the caller may copy its chars as bytes.
 */
final class AsciiWords {
  private AsciiWords() {}

  /** Whether the char is an ASCII letter. */
  static boolean isLetter(char c) {
    return (char) ((c | 0x20) - 'a') < 26;
  }

  private static boolean isUpper(char c) {
    return (char) (c - 'A') < 26;
  }

  private static boolean isLower(char c) {
    return (char) (c - 'a') < 26;
  }

  /**
   * cl100k_base and r50k_base ({@code [^\r\n\p{L}\p{N}]?+\p{L}+} and {@code ?\p{L}+}): an optional
   * space, then ASCII letters, ended by an ASCII char or the end of the text.
   */
  static int spaceWord(char[] a, int p, int n) {
    int i = a[p] == ' ' && p + 1 < n ? p + 1 : p;
    if (!isLetter(a[i])) {
      return -1;
    }
    int j = i + 1;
    while (j < n && isLetter(a[j])) {
      j++;
    }
    return j == n || a[j] < 0x80 ? j : -1;
  }

  /**
   * o200k_base: {@code [^\r\n\p{L}\p{N}]?} (any ASCII char but a letter, digit, CR or LF), then
   * upper-case ASCII letters, then lower-case ones, at least one letter in all, then the optional
   * contraction {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)}. Within ASCII the pattern's two letter
   * alternatives reduce to this: {@code [A-Z]*[a-z]+} when a lower-case letter follows the
   * upper-case run, {@code [A-Z]+} when none does, so a case change from lower to upper ends the
   * piece ({@code "camelCase"} is {@code "camel"}, {@code "Case"}). The letters must be ended by an
   * ASCII char or the end of the text, and the whole piece must be ASCII.
   */
  static int o200kWord(char[] a, int p, int n) {
    int i = p;
    char c = a[p];
    if (!isLetter(c)) {
      if (c >= 0x80 || c == '\r' || c == '\n' || (char) (c - '0') < 10 || p + 1 >= n || !isLetter(a[p + 1])) {
        return -1;
      }
      i = p + 1;
    }
    int j = i;
    while (j < n && isUpper(a[j])) {
      j++;
    }
    while (j < n && isLower(a[j])) {
      j++;
    }
    if (j == n) {
      return j;
    }
    char d = a[j];
    if (d >= 0x80) {
      return -1;
    }
    if (d == '\'') {
      int e = PreTokenizer.contraction(a, j, n, true);
      if (e < 0) {
        return j;
      }
      // the contraction matches case-insensitively with Unicode case (U+017F matches s): the
      // caller copies the piece as ASCII, so leave a non-ASCII one to the full scanner
      return a[e - 1] < 0x80 && a[j + 1] < 0x80 ? e : -1;
    }
    return j;
  }
}
