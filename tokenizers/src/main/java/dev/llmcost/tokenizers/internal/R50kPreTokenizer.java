package dev.llmcost.tokenizers.internal;

/**
 * The r50k_base / p50k_base split pattern (GPT-2, GPT-3): {@code
 * '(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}.
 */
final class R50kPreTokenizer implements PreTokenizer {

  static final R50kPreTokenizer INSTANCE = new R50kPreTokenizer();

  private R50kPreTokenizer() {}

  @Override
  public int end(char[] a, int p, int n) {
    int c = PreTokenizer.contraction(a, p, n, false);
    if (c >= 0) {
      return c;
    }
    int start = p;
    if (a[p] == ' ' && p + 1 < n) {
      start = p + 1;
    }
    // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+': the space is taken only if a run follows
    int v = CharClass.at(a, start, n);
    int set = runSet(v);
    if (set == 0 && start != p) {
      start = p;
      v = CharClass.at(a, p, n);
      set = runSet(v);
    }
    if (set != 0) {
      return PreTokenizer.run(a, start, n, set);
    }
    return PreTokenizer.whitespace(a, p, n, false);
  }

  private static int runSet(int v) {
    if (CharClass.in(v, CharClass.L)) {
      return CharClass.L;
    }
    if ((v & 7) == CharClass.NUMBER) {
      return 1 << CharClass.NUMBER;
    }
    if (CharClass.in(v, CharClass.PUNCT)) {
      return CharClass.PUNCT;
    }
    return 0;
  }
}
