package dev.llmcost.tokenizers.internal.huggingface;

import org.jspecify.annotations.Nullable;

/**
 * A bounded, thread-safe cache from words to their ids, looked up by a range of a string without
 * copying it. Each word has two candidate slots; it takes an empty one, and once both are taken
 * it is not cached (like HuggingFace's cache, which stops growing when full: the frequent words,
 * seen first, stay). Entries are published through final fields, so a racing reader sees either a
 * whole entry or none, and a lost write only costs a later miss.
 */
final class WordCache {
  static final int SLOTS = 1 << 17;
  static final int MAX_KEY_LENGTH = 256;

  private static final class Entry {
    final String key;
    final int hash;
    final int[] ids;

    Entry(String key, int hash, int[] ids) {
      this.key = key;
      this.hash = hash;
      this.ids = ids;
    }
  }

  private final @Nullable Entry[] table = new Entry[SLOTS];

  /** The hash of {@code s[from, to)}, to pass to {@link #get} and {@link #put}. */
  static int hash(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }

  private static int slot1(int h) {
    return (h * 0x9E3779B9) >>> 15;
  }

  private static int slot2(int h) {
    return (h * 0x85EBCA6B + 0x68E31DA4) >>> 15;
  }

  private static boolean matches(@Nullable Entry e, String s, int from, int to, int hash) {
    return e != null
        && e.hash == hash
        && e.key.length() == to - from
        && e.key.regionMatches(0, s, from, to - from);
  }

  /** Returns the ids of {@code s[from, to)}, or null. */
  int @Nullable [] get(String s, int from, int to, int hash) {
    Entry e = table[slot1(hash)];
    if (matches(e, s, from, to, hash)) {
      return e.ids;
    }
    e = table[slot2(hash)];
    return matches(e, s, from, to, hash) ? e.ids : null;
  }

  /**
   * The hash of the word {@code (lead ? m : "") + s[from, to)} with each space read as {@code m},
   * equal to {@link #hash} of that word built as a string.
   */
  static int hashMapped(String s, int from, int to, boolean lead, char m) {
    int h = lead ? m : 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      h = 31 * h + (c == ' ' ? m : c);
    }
    return h;
  }

  private static boolean matchesMapped(
      @Nullable Entry e, String s, int from, int to, boolean lead, char m, int hash) {
    if (e == null || e.hash != hash) {
      return false;
    }
    String k = e.key;
    int off = lead ? 1 : 0;
    if (k.length() != to - from + off || (lead && k.charAt(0) != m)) {
      return false;
    }
    for (int i = from, j = off; i < to; i++, j++) {
      char c = s.charAt(i);
      if (k.charAt(j) != (c == ' ' ? m : c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the ids of the word {@code (lead ? m : "") + s[from, to)} with each space read as
   * {@code m}, or null; {@code hash} is its {@link #hashMapped}.
   */
  int @Nullable [] getMapped(String s, int from, int to, boolean lead, char m, int hash) {
    Entry e = table[slot1(hash)];
    if (matchesMapped(e, s, from, to, lead, m, hash)) {
      return e.ids;
    }
    e = table[slot2(hash)];
    return matchesMapped(e, s, from, to, lead, m, hash) ? e.ids : null;
  }

  void put(String word, int hash, int[] ids) {
    if (word.length() >= MAX_KEY_LENGTH) {
      return;
    }
    int a = slot1(hash);
    if (table[a] == null) {
      table[a] = new Entry(word, hash, ids);
      return;
    }
    int b = slot2(hash);
    if (table[b] == null) {
      table[b] = new Entry(word, hash, ids);
    }
  }
}
