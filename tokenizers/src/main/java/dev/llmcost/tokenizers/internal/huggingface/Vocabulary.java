package dev.llmcost.tokenizers.internal.huggingface;

import org.jspecify.annotations.Nullable;

/** A model's vocabulary: token strings to ids and back. */
final class Vocabulary {
  private final StringIntMap ids;
  private final @Nullable String[] tokens;

  Vocabulary(StringIntMap ids, @Nullable String[] tokens) {
    this.ids = ids;
    this.tokens = tokens;
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
