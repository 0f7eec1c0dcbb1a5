package dev.llmcost.tokenizers.internal;

/**
 * The cl100k_base split pattern (GPT-3.5, GPT-4): {@code
 * '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+}.
 */
final class Cl100kPreTokenizer implements PreTokenizer {

  static final Cl100kPreTokenizer INSTANCE = new Cl100kPreTokenizer();

  private Cl100kPreTokenizer() {}

  @Override
  public int end(char[] a, int p, int n) {
    int c = PreTokenizer.contraction(a, p, n, true);
    if (c >= 0) {
      return c;
    }
    int v = CharClass.at(a, p, n);
    // [^\r\n\p{L}\p{N}]?+\p{L}+ (the prefix cannot be a letter, so possessive or not is the same)
    if (CharClass.in(v, CharClass.L)) {
      return PreTokenizer.run(a, p, n, CharClass.L);
    }
    if (CharClass.in(v, CharClass.PREFIX)) {
      int q = p + CharClass.width(v);
      if (q < n && CharClass.in(CharClass.at(a, q, n), CharClass.L)) {
        return PreTokenizer.run(a, q, n, CharClass.L);
      }
    }
    if ((v & 7) == CharClass.NUMBER) {
      return PreTokenizer.numbers(a, p, n, 3);
    }
    // ' ?[^\s\p{L}\p{N}]++[\r\n]*'
    int start = -1;
    if (CharClass.in(v, CharClass.PUNCT)) {
      start = p;
    } else if (a[p] == ' ' && p + 1 < n && CharClass.in(CharClass.at(a, p + 1, n), CharClass.PUNCT)) {
      start = p + 1;
    }
    if (start >= 0) {
      int i = PreTokenizer.run(a, start, n, CharClass.PUNCT);
      while (i < n && (a[i] == '\r' || a[i] == '\n')) {
        i++;
      }
      return i;
    }
    return PreTokenizer.whitespace(a, p, n, true);
  }
}
