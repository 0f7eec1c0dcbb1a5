package dev.llmcost.costmodel.internal.planner;

/**
 * The {@code k} smallest entries offered so far under a strict total order (score, then memory,
 * then key), kept in a bounded max-heap of primitive arrays: offering allocates nothing, memory
 * stays {@code O(k)} for any number of offers, and the result does not depend on the order of
 * the offers, so per-thread heaps merge into the same answer however work was split.
 */
public final class TopK {
  private final int capacity;
  private final double[] score;
  private final double[] memory;
  private final long[] key;
  private int size;

  /**
   * Creates an empty top-k.
   *
   * @param capacity k, at least 1
   */
  public TopK(int capacity) {
    this.capacity = capacity;
    score = new double[capacity];
    memory = new double[capacity];
    key = new long[capacity];
  }

  /** Returns whether entry a orders before entry b. */
  static boolean before(double scoreA, double memoryA, long keyA, double scoreB, double memoryB, long keyB) {
    int c = Double.compare(scoreA, scoreB);
    if (c != 0) {
      return c < 0;
    }
    c = Double.compare(memoryA, memoryB);
    if (c != 0) {
      return c < 0;
    }
    return keyA < keyB;
  }

  private boolean before(int i, int j) {
    return before(score[i], memory[i], key[i], score[j], memory[j], key[j]);
  }

  /**
   * Offers an entry; keeps it if fewer than k are held or it orders before the worst held.
   *
   * @param s the score (lower is better)
   * @param mem the memory per GPU (lower wins a tie)
   * @param k the configuration key (lower wins a tie)
   */
  public void offer(double s, double mem, long k) {
    if (size < capacity) {
      int i = size++;
      score[i] = s;
      memory[i] = mem;
      key[i] = k;
      siftUp(i);
    } else if (before(s, mem, k, score[0], memory[0], key[0])) {
      score[0] = s;
      memory[0] = mem;
      key[0] = k;
      siftDown(0);
    }
  }

  /** Offers every entry of {@code other}. */
  public void offerAll(TopK other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.score[i], other.memory[i], other.key[i]);
    }
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!before(parent, i)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int worst = l;
      int r = l + 1;
      if (r < size && before(l, r)) {
        worst = r;
      }
      if (!before(i, worst)) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int i, int j) {
    double s = score[i];
    score[i] = score[j];
    score[j] = s;
    double m = memory[i];
    memory[i] = memory[j];
    memory[j] = m;
    long k = key[i];
    key[i] = key[j];
    key[j] = k;
  }

  /** Returns the entries held. */
  public int size() {
    return size;
  }

  /** Up to this many entries, {@link #sortedKeys} sorts by insertion, without boxing. */
  private static final int INSERTION_SORT_UP_TO = 64;

  /** Returns the keys held, best first. */
  public long[] sortedKeys() {
    if (size > INSERTION_SORT_UP_TO) {
      Integer[] boxed = new Integer[size];
      for (int i = 0; i < size; i++) {
        boxed[i] = i;
      }
      java.util.Arrays.sort(boxed, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
      long[] out = new long[size];
      for (int i = 0; i < size; i++) {
        out[i] = key[boxed[i]];
      }
      return out;
    }
    // insertion sort of the slots (k is small; the order is strict and total, so any sort agrees)
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      int j = i;
      while (j > 0 && before(i, order[j - 1])) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = key[order[i]];
    }
    return out;
  }
}
