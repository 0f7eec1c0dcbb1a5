package dev.llmcost.tokenizers.internal.huggingface;

import java.util.Arrays;

/** A trie over UTF-16 units, for longest-prefix and all-prefix searches of a vocabulary. */
final class CharTrie {
  private final LongIntMap edges;
  private int[] values = new int[1024];
  private int nodes = 1;

  CharTrie(int expectedChars) {
    edges = new LongIntMap(Math.max(16, expectedChars));
    Arrays.fill(values, -1);
  }

  void insert(CharSequence key, int from, int value) {
    int node = 0;
    for (int i = from; i < key.length(); i++) {
      long k = ((long) node << 16) | key.charAt(i);
      int child = edges.get(k);
      if (child < 0) {
        child = nodes++;
        if (child >= values.length) {
          int old = values.length;
          values = Arrays.copyOf(values, old * 2);
          Arrays.fill(values, old, values.length, -1);
        }
        edges.put(k, child);
      }
      node = child;
    }
    values[node] = value;
  }

  /** Returns the child of {@code node} by {@code c}, or -1. */
  int child(int node, char c) {
    return edges.get(((long) node << 16) | c);
  }

  /** Returns the value stored at {@code node}, or -1. */
  int value(int node) {
    return values[node];
  }

  /**
   * Returns the end of the longest key that is a prefix of {@code s[from, to)}, or -1; its value
   * goes to {@code valueOut[0]}.
   */
  int longest(CharSequence s, int from, int to, int[] valueOut) {
    int node = 0;
    int best = -1;
    for (int i = from; i < to; i++) {
      node = child(node, s.charAt(i));
      if (node < 0) {
        break;
      }
      int v = values[node];
      if (v >= 0) {
        best = i + 1;
        valueOut[0] = v;
      }
    }
    return best;
  }
}
