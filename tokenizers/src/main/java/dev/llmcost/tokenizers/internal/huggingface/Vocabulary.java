package dev.llmcost.tokenizers.internal.huggingface;

import org.jspecify.annotations.Nullable;

/** A model's vocabulary: token strings to ids and back. */
final class Vocabulary {
  private final StringIntMap ids;
  private final @Nullable String[] tokens;
  private final int distinctIds;
  private final int @Nullable [] shortIds;

  /**
   * Creates the vocabulary.
   *
   * @param ids token to id
   * @param tokens id to token (null where no token has the id)
   * @param distinctIds the number of non-null entries of {@code tokens}
   * @param shortIds the ids of every token of at most two chars (perhaps more ids), or null if
   *     not collected
   */
  Vocabulary(StringIntMap ids, @Nullable String[] tokens, int distinctIds, int @Nullable [] shortIds) {
    this.ids = ids;
    this.tokens = tokens;
    this.distinctIds = distinctIds;
    this.shortIds = shortIds;
  }

  /**
   * Returns ids that include those of every token of at most two chars (one code point, perhaps),
   * so that single characters can be found without visiting the whole vocabulary.
   */
  int[] shortTokenIds() {
    int[] s = shortIds;
    if (s != null) {
      return s;
    }
    IntList out = new IntList(1024);
    for (int id = 0; id < tokens.length; id++) {
      String t = tokens[id];
      if (t != null && t.length() <= 2) {
        out.add(id);
      }
    }
    return out.toArray();
  }

  /** Returns the number of distinct ids the tokens have. */
  int distinctIds() {
    return distinctIds;
  }

  /** Returns the id of {@code token}, or -1. */
  int id(String token) {
    return ids.get(token);
  }

  int id(CharSequence s, int from, int to) {
    return ids.get(s, from, to);
  }

  /** Returns the id of {@code s[f1, t1) + s[f2, t2)}, or -1. */
  int id2(String s, int f1, int t1, int f2, int t2) {
    return ids.get2(s, f1, t1, f2, t2);
  }

  /** Returns the id of {@code a[from, from + len)}, whose hash is {@code h}, or -1. */
  int id(char[] a, int from, int len, int h) {
    return ids.get(a, from, len, h);
  }

  /** Returns the id of {@code a[fa, fa + la) + b[fb, fb + lb)}, whose hash is {@code h}, or -1. */
  int id2(char[] a, int fa, int la, char[] b, int fb, int lb, int h) {
    return ids.get2(a, fa, la, b, fb, lb, h);
  }

  /** Whether the token of {@code id} is {@code a[fa, fa + la) + b[fb, fb + lb)}. */
  boolean is(int id, char[] a, int fa, int la, char[] b, int fb, int lb) {
    if (id < 0 || id >= tokens.length) {
      return false;
    }
    String t = tokens[id];
    return t != null
        && t.length() == la + lb
        && StringIntMap.regionEquals(t, 0, a, fa, la)
        && StringIntMap.regionEquals(t, la, b, fb, lb);
  }

  /** Returns the token of {@code id}, or null. */
  @Nullable String token(int id) {
    return id >= 0 && id < tokens.length ? tokens[id] : null;
  }

  /** Returns one more than the largest id. */
  int idLimit() {
    return tokens.length;
  }

  int size() {
    return ids.size();
  }

  void forEach(StringIntMap.Entry e) {
    ids.forEach(e);
  }
}
