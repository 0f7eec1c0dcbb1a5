package dev.llmcost.tokenizers.internal.huggingface;

import java.util.Arrays;

/** An open-addressing hash map from {@code long} keys to non-negative {@code int} values. */
final class LongIntMap {
  private static final long EMPTY = Long.MIN_VALUE;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    Arrays.fill(keys, EMPTY);
    values = new int[cap];
    mask = cap - 1;
  }

  private static int mix(long key) {
    // a 64-bit finalizer (Stafford's Mix13): every key bit reaches the low bits used as index
    long h = key;
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return (int) (h ^ (h >>> 31));
  }

  /** Returns the value for {@code key}, or -1. */
  int get(long key) {
    int i = mix(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Associates {@code value} (non-negative) with {@code key}, replacing any earlier value. */
  void put(long key, int value) {
    if (key == EMPTY) {
      throw new IllegalArgumentException("key must not be Long.MIN_VALUE");
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = mix(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == EMPTY) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    values = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
