package dev.llmcost.tokenizers.internal.huggingface;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, thread-safe cache from words to their ids, looked up by a range of a char array (the
 * window {@link IntList#window} keeps of the text) without copying it: the keys are char arrays, so
 * that a lookup compares them with the vectorized {@link Arrays#equals(char[], int, int, char[], int,
 * int)}. Each word has two candidate slots; it takes an empty one, and once both are taken
 * it is not cached (like HuggingFace's cache, which stops growing when full: the frequent words,
 * seen first, stay). Entries are published through final fields, so a racing reader sees either a
 * whole entry or none, and a lost write only costs a later miss.
 */
final class WordCache {
  static final int SLOTS = 1 << 17;
  static final int MAX_KEY_LENGTH = 256;

  private static final class Entry {
    final char[] key;
    final int hash;
    final int[] ids;

    Entry(char[] key, int hash, int[] ids) {
      this.key = key;
      this.hash = hash;
      this.ids = ids;
    }
  }

  private final @Nullable Entry[] table = new Entry[SLOTS];

  /** The hash of {@code c[from, to)}, to pass to {@link #get} and {@link #put}. */
  static int hash(char[] c, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + c[i];
    }
    return h;
  }

  private static int slot1(int h) {
    return (h * 0x9E3779B9) >>> 15;
  }

  private static int slot2(int h) {
    return (h * 0x85EBCA6B + 0x68E31DA4) >>> 15;
  }

  private static boolean matches(@Nullable Entry e, char[] c, int from, int to, int hash) {
    return e != null
        && e.hash == hash
        && e.key.length == to - from
        && Arrays.equals(e.key, 0, e.key.length, c, from, to);
  }

  /** Returns the ids of {@code c[from, to)}, or null. */
  int @Nullable [] get(char[] c, int from, int to, int hash) {
    Entry e = table[slot1(hash)];
    if (matches(e, c, from, to, hash)) {
      return e.ids;
    }
    e = table[slot2(hash)];
    return matches(e, c, from, to, hash) ? e.ids : null;
  }

  /** Caches the ids of {@code c[from, to)} if a slot of it is free and the word is short enough. */
  void put(char[] c, int from, int to, int hash, int[] ids) {
    if (to - from >= MAX_KEY_LENGTH) {
      return;
    }
    int a = slot1(hash);
    if (table[a] == null) {
      table[a] = new Entry(Arrays.copyOfRange(c, from, to), hash, ids);
      return;
    }
    int b = slot2(hash);
    if (table[b] == null) {
      table[b] = new Entry(Arrays.copyOfRange(c, from, to), hash, ids);
    }
  }
}
