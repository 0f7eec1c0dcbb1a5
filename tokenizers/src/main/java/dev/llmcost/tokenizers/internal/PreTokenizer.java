package dev.llmcost.tokenizers.internal;

/**
 * Splits text into the pieces that byte-pair encoding then works on, exactly as one of the OpenAI
 * split patterns would (a hand-written scanner, no regex).
 *
 * <p>A scanner is context-free from a piece boundary: the end of the piece that starts at {@code
 * p} depends only on the chars from {@code p} on. That is what lets {@link TiktokenEncoder} cut long
 * texts into chunks at boundaries every pattern respects.
 */
interface PreTokenizer {

  /**
   * Returns the end (exclusive) of the piece that starts at {@code p}.
   *
   * @param a the chars
   * @param p where the piece starts, {@code 0 <= p < n}
   * @param n where the text ends
   * @return the end, {@code p < end <= n}
   */
  int end(char[] a, int p, int n);

  /** Ends a white-space run: {@code \s+(?!\S)|\s+}, after an optional {@code \s*[\r\n]+}. */
  static int whitespace(char[] a, int p, int n, boolean newlines) {
    int i = p;
    int lastNewline = -1;
    while (i < n) {
      int v = CharClass.at(a, i, n);
      if (!CharClass.in(v, CharClass.S)) {
        break;
      }
      if ((v & 7) == CharClass.NEWLINE) {
        lastNewline = i;
      }
      i++; // white space is all in the BMP
    }
    if (newlines && lastNewline >= 0) {
      return lastNewline + 1; // \s*[\r\n]: the run up to its last newline
    }
    if (i == p) {
      return p + CharClass.width(CharClass.at(a, p, n)); // not reached: every char has a class
    }
    if (i == n || i - p == 1) {
      return i; // \s+(?!\S) to the end, or \s+ for a single char before a non-space
    }
    return i - 1; // \s+(?!\S): leave the last white space for the next piece
  }

  /** Returns the end of the run of code points whose class is in {@code set}, from {@code i}. */
  static int run(char[] a, int i, int n, int set) {
    while (i < n) {
      int v = CharClass.at(a, i, n);
      if (!CharClass.in(v, set)) {
        break;
      }
      i += CharClass.width(v);
    }
    return i;
  }

  /** Returns the end of at most {@code max} numbers from {@code i}. */
  static int numbers(char[] a, int i, int n, int max) {
    for (int k = 0; k < max && i < n; k++) {
      int v = CharClass.at(a, i, n);
      if ((v & 7) != CharClass.NUMBER) {
        break;
      }
      i += CharClass.width(v);
    }
    return i;
  }

  /**
   * Matches a contraction at {@code i}: {@code '(?:[sdmt]|ll|ve|re)} (case-insensitively with
   * Unicode case when {@code ignoreCase}); returns its end, or -1.
   */
  static int contraction(char[] a, int i, int n, boolean ignoreCase) {
    if (i + 1 >= n || a[i] != '\'') {
      return -1;
    }
    char c = ignoreCase ? CharClass.fold(a[i + 1]) : a[i + 1];
    if (c == 's' || c == 't' || c == 'd' || c == 'm') {
      return i + 2;
    }
    if (i + 2 < n) {
      char d = ignoreCase ? CharClass.fold(a[i + 2]) : a[i + 2];
      if ((c == 'l' && d == 'l') || (c == 'v' && d == 'e') || (c == 'r' && d == 'e')) {
        return i + 3;
      }
    }
    return -1;
  }
}
