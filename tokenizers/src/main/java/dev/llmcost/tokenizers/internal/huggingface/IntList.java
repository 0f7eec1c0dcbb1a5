package dev.llmcost.tokenizers.internal.huggingface;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A growable list of ints; and, for the models that append to it, a window of the text being
 * encoded copied to a char array ({@link #window}), so that a word's hash and cache lookup read an
 * array rather than the string.
 */
final class IntList {
  /** Chars copied past a piece's end when the window moves, so that the next pieces fall in it. */
  static final int WINDOW = 4096;

  private int[] data;
  private int size;
  private @Nullable String windowOf;
  private int windowFrom;
  private int windowTo;
  private char[] chars = new char[0];

  IntList(int capacity) {
    data = new int[Math.max(4, capacity)];
  }

  void add(int v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, size * 2);
    }
    data[size++] = v;
  }

  void addAll(int[] vs) {
    if (size + vs.length > data.length) {
      data = Arrays.copyOf(data, Math.max(size * 2, size + vs.length));
    }
    System.arraycopy(vs, 0, data, size, vs.length);
    size += vs.length;
  }

  int get(int i) {
    return data[i];
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /**
   * Makes {@link #chars} hold {@code s[from, to)} (copying a window of {@code s} that starts at
   * {@code from} unless the current window of the same string already holds it) and returns the
   * index of {@code s[from]} in it.
   */
  int window(String s, int from, int to) {
    if (s == windowOf && from >= windowFrom && to <= windowTo) {
      return from - windowFrom;
    }
    int end = Math.max(to, Math.min(s.length(), from + WINDOW));
    int n = end - from;
    if (chars.length < n) {
      chars = new char[Math.max(n, Math.max(64, 2 * chars.length))];
    }
    s.getChars(from, end, chars, 0);
    windowOf = s;
    windowFrom = from;
    windowTo = end;
    return 0;
  }

  /** The window's chars (see {@link #window}). */
  char[] chars() {
    return chars;
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
