package dev.llmcost.tokenizers.internal;

/**
 * The o200k_base split pattern (GPT-4o, o1, o3, GPT-4.1, GPT-5), the alternatives in order:
 *
 * <pre>
 * [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * \p{N}{1,3}
 *  ?[^\s\p{L}\p{N}]+[\r\n/]*
 * \s*[\r\n]+
 * \s+(?!\S)
 * \s+
 * </pre>
 *
 * <p>Written out with the regex's backtracking order: for each letter alternative the optional
 * prefix is tried taken, then not taken; in the first one the greedy "upper" run gives back code
 * points until a "lower" one can end the match (the Lm, Lo and M classes are in both sets).
 */
final class O200kPreTokenizer implements PreTokenizer {

  static final O200kPreTokenizer INSTANCE = new O200kPreTokenizer();

  private O200kPreTokenizer() {}

  @Override
  public int end(char[] a, int p, int n) {
    int v = CharClass.at(a, p, n);
    boolean prefix = CharClass.in(v, CharClass.PREFIX);
    if (prefix || CharClass.in(v, CharClass.L)) {
      int q = p + CharClass.width(v);
      int r;
      if (prefix && q < n && (r = upperThenLower(a, q, n)) >= 0) {
        return suffix(a, r, n);
      }
      if ((r = upperThenLower(a, p, n)) >= 0) {
        return suffix(a, r, n);
      }
      if (prefix && q < n && (r = upperRun(a, q, n)) >= 0) {
        return suffix(a, r, n);
      }
      if ((r = upperRun(a, p, n)) >= 0) {
        return suffix(a, r, n);
      }
    }
    if ((v & 7) == CharClass.NUMBER) {
      return PreTokenizer.numbers(a, p, n, 3);
    }
    // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
    int start = -1;
    if (CharClass.in(v, CharClass.PUNCT)) {
      start = p;
    } else if (a[p] == ' ' && p + 1 < n && CharClass.in(CharClass.at(a, p + 1, n), CharClass.PUNCT)) {
      start = p + 1;
    }
    if (start >= 0) {
      int i = PreTokenizer.run(a, start, n, CharClass.PUNCT);
      while (i < n && (a[i] == '\r' || a[i] == '\n' || a[i] == '/')) {
        i++;
      }
      return i;
    }
    return PreTokenizer.whitespace(a, p, n, true);
  }

  /** {@code U*W+} from {@code q}: the end, or -1. */
  private static int upperThenLower(char[] a, int q, int n) {
    int i = q;
    int lastLowerEnd = -1;
    while (i < n) {
      int v = CharClass.at(a, i, n);
      if (!CharClass.in(v, CharClass.O200K_UPPER)) {
        if (CharClass.in(v, CharClass.O200K_LOWER)) {
          return PreTokenizer.run(a, i + CharClass.width(v), n, CharClass.O200K_LOWER);
        }
        break;
      }
      i += CharClass.width(v);
      if (CharClass.in(v, CharClass.O200K_LOWER)) {
        lastLowerEnd = i;
      }
    }
    // the upper run ended without a lower code point after it: give back up to its last one
    return lastLowerEnd;
  }

  /** {@code U+W*} from {@code q}: the end, or -1. */
  private static int upperRun(char[] a, int q, int n) {
    int i = PreTokenizer.run(a, q, n, CharClass.O200K_UPPER);
    return i == q ? -1 : PreTokenizer.run(a, i, n, CharClass.O200K_LOWER);
  }

  /** The optional {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)}. */
  private static int suffix(char[] a, int r, int n) {
    int c = PreTokenizer.contraction(a, r, n, true);
    return c >= 0 ? c : r;
  }
}
