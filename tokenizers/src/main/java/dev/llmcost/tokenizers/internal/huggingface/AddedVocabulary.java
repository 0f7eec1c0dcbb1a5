package dev.llmcost.tokenizers.internal.huggingface;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds added tokens in text, leftmost-longest as HuggingFace tokenizers' Aho–Corasick automaton
 * does, with their {@code single_word}, {@code lstrip} and {@code rstrip} rules.
 */
final class AddedVocabulary {
  private final AddedToken[] tokens;
  private final CharTrie trie;
  private final boolean[] firstChar = new boolean[0x10000];
  private final boolean empty;

  /** Builds the matcher for {@code tokens}, whose contents are already in the form to match. */
  AddedVocabulary(List<AddedToken> tokens, List<String> contents) {
    this.tokens = tokens.toArray(new AddedToken[0]);
    this.trie = new CharTrie(64);
    int n = 0;
    for (int i = 0; i < this.tokens.length; i++) {
      String c = contents.get(i);
      if (!c.isEmpty()) {
        trie.insert(c, 0, i);
        firstChar[c.charAt(0)] = true;
        n++;
      }
    }
    empty = n == 0;
  }

  /** Whether there is no token to find. */
  boolean isEmpty() {
    return empty;
  }

  /** Receives the parts of a text: plain text ranges and matched tokens. */
  interface Parts {
    void text(int from, int to);

    void token(AddedToken token);
  }

  /**
   * Splits {@code s[from, to)} into plain ranges and added tokens.
   *
   * @param skipSpecial treat special tokens as plain text
   * @return the first special token found (the caller may reject it), or null
   */
  @Nullable AddedToken split(String s, int from, int to, boolean skipSpecial, Parts out) {
    if (empty) {
      if (from < to || from == 0) {
        out.text(from, to);
      }
      return null;
    }
    AddedToken firstSpecial = null;
    int textStart = from;
    int[] v = new int[1];
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (!firstChar[c]) {
        i++;
        continue;
      }
      int end = trie.longest(s, i, to, v);
      if (end < 0) {
        i++;
        continue;
      }
      AddedToken t = tokens[v[0]];
      if (t.special() && firstSpecial == null) {
        firstSpecial = t;
      }
      if (skipSpecial && t.special()) {
        i = end;
        continue;
      }
      int start = i;
      int stop = end;
      if (t.singleWord()) {
        boolean startOk = start == from || !isWordChar(s.codePointBefore(start));
        boolean stopOk = stop == to || !isWordChar(s.codePointAt(stop));
        if (!startOk || !stopOk) {
          i = end;
          continue;
        }
      }
      if (t.lstrip()) {
        int ns = start;
        while (ns > textStart && Unicode.isWhiteSpace(s.codePointBefore(ns))) {
          ns -= Character.charCount(s.codePointBefore(ns));
        }
        start = ns;
      }
      if (t.rstrip()) {
        while (stop < to && Unicode.isWhiteSpace(s.codePointAt(stop))) {
          stop += Character.charCount(s.codePointAt(stop));
        }
      }
      if (textStart < start) {
        out.text(textStart, start);
      }
      out.token(t);
      textStart = stop;
      i = stop;
    }
    if (textStart < to || (textStart == from && from == to)) {
      out.text(textStart, to);
    }
    return firstSpecial;
  }

  /** Returns the first special token in {@code s}, or null. */
  @Nullable AddedToken findSpecial(String s) {
    if (empty) {
      return null;
    }
    int[] v = new int[1];
    for (int i = 0; i < s.length(); i++) {
      if (firstChar[s.charAt(i)] && trie.longest(s, i, s.length(), v) > 0 && tokens[v[0]].special()) {
        return tokens[v[0]];
      }
    }
    return null;
  }

  private static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
