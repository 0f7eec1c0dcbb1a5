package dev.llmcost.tokenizers.internal;

import java.util.Arrays;

/** A growable array of ints (not thread-safe; one per call). */
final class IntBuffer {
  private int[] values;
  private int size;

  IntBuffer(int capacity) {
    values = new int[Math.max(8, capacity)];
  }

  void add(int v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, grow(values.length));
    }
    values[size++] = v;
  }

  void addAll(int[] src, int from, int to) {
    int n = to - from;
    if (size + n > values.length) {
      values = Arrays.copyOf(values, Math.max(grow(values.length), size + n));
    }
    System.arraycopy(src, from, values, size, n);
    size += n;
  }

  int size() {
    return size;
  }

  int[] toArray() {
    return size == values.length ? values : Arrays.copyOf(values, size);
  }

  private static int grow(int length) {
    int next = length + (length >> 1) + 8;
    if (next < 0 || next > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("text has too many tokens for one array (" + length + ")");
    }
    return next;
  }
}
