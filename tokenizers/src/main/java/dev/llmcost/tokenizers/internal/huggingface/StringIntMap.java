package dev.llmcost.tokenizers.internal.huggingface;

/** An open-addressing hash map from strings (or ranges of a string) to non-negative ints. */
final class StringIntMap {
  private String[] keys;
  private int[] hashes;
  private int[] values;
  private int size;
  private int mask;
  private int shift;

  StringIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new String[cap];
    hashes = new int[cap];
    values = new int[cap];
    mask = cap - 1;
    shift = Integer.numberOfLeadingZeros(cap) + 1;
  }

  static int hash(CharSequence s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }

  /** Fibonacci hashing: the high bits of the product, so that similar strings spread out. */
  private int slot(int h) {
    return (h * 0x9E3779B9) >>> shift;
  }

  int get(String key) {
    return get(key, 0, key.length());
  }

  /** Returns the value of {@code s[from, to)}, or -1. */
  int get(CharSequence s, int from, int to) {
    int h = hash(s, from, to);
    int i = slot(h);
    int len = to - from;
    while (true) {
      String k = keys[i];
      if (k == null) {
        return -1;
      }
      if (hashes[i] == h && k.length() == len && regionEquals(k, s, from, len)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
  }

  /** Returns the value of the concatenation {@code s[f1, t1) + s[f2, t2)}, or -1. */
  int get2(CharSequence s, int f1, int t1, int f2, int t2) {
    int h = 0;
    for (int i = f1; i < t1; i++) {
      h = 31 * h + s.charAt(i);
    }
    for (int i = f2; i < t2; i++) {
      h = 31 * h + s.charAt(i);
    }
    int i = slot(h);
    int len1 = t1 - f1;
    int len = len1 + (t2 - f2);
    while (true) {
      String k = keys[i];
      if (k == null) {
        return -1;
      }
      if (hashes[i] == h
          && k.length() == len
          && regionEquals(k, s, f1, len1)
          && k.regionMatches(len1, s.toString(), f2, t2 - f2)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Returns the value of {@code a[from, from + len)} whose {@link String#hashCode()} hash is
   * {@code h}, or -1.
   */
  int get(char[] a, int from, int len, int h) {
    int i = slot(h);
    while (true) {
      String k = keys[i];
      if (k == null) {
        return -1;
      }
      if (hashes[i] == h && k.length() == len && regionEquals(k, 0, a, from, len)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Returns the value of the concatenation {@code a[fa, fa + la) + b[fb, fb + lb)} whose hash is
   * {@code h}, or -1.
   */
  int get2(char[] a, int fa, int la, char[] b, int fb, int lb, int h) {
    int i = slot(h);
    int len = la + lb;
    while (true) {
      String k = keys[i];
      if (k == null) {
        return -1;
      }
      if (hashes[i] == h && k.length() == len && regionEquals(k, 0, a, fa, la) && regionEquals(k, la, b, fb, lb)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
  }

  /** Whether {@code k[at, at + len)} equals {@code a[from, from + len)}. */
  static boolean regionEquals(String k, int at, char[] a, int from, int len) {
    for (int j = 0; j < len; j++) {
      if (k.charAt(at + j) != a[from + j]) {
        return false;
      }
    }
    return true;
  }

  private static boolean regionEquals(String k, CharSequence s, int from, int len) {
    for (int j = 0; j < len; j++) {
      if (k.charAt(j) != s.charAt(from + j)) {
        return false;
      }
    }
    return true;
  }

  /** Associates {@code value} with {@code key}; returns the previous value or -1. */
  int put(String key, int value) {
    return put(key, key.hashCode(), value); // the same polynomial as hash(), cached by String
  }

  /**
   * Associates {@code value} with {@code key}, whose {@link String#hashCode()} is {@code h};
   * returns the previous value or -1.
   */
  int put(String key, int h, int value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = slot(h);
    while (true) {
      String k = keys[i];
      if (k == null) {
        keys[i] = key;
        hashes[i] = h;
        values[i] = value;
        size++;
        return -1;
      }
      if (hashes[i] == h && k.equals(key)) {
        int old = values[i];
        values[i] = value;
        return old;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  /** Calls {@code action} for each entry. */
  void forEach(Entry action) {
    for (int i = 0; i < keys.length; i++) {
      String k = keys[i];
      if (k != null) {
        action.accept(k, values[i]);
      }
    }
  }

  /** Receives one entry. */
  interface Entry {
    void accept(String key, int value);
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    int[] oldValues = values;
    int cap = oldKeys.length * 2;
    keys = new String[cap];
    hashes = new int[cap];
    values = new int[cap];
    mask = cap - 1;
    shift = Integer.numberOfLeadingZeros(cap) + 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        put(oldKeys[i], oldHashes[i], oldValues[i]);
      }
    }
  }
}
