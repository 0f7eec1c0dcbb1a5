package dev.llmcost.tokenizers.internal.huggingface;

import java.util.Arrays;

/**
 * The merges of a BPE model as read from the file, without a string per merge: each merge's two
 * tokens are ranges of the document's characters (or, for merges written with escapes, of a side
 * buffer holding their decoded text), each with its {@link String#hashCode()} hash computed while
 * the document was scanned. {@link BpeModel} resolves them to ids without hashing them again.
 */
final class MergeList {
  /** Per merge: left start, left length, left hash, right start, right length, right hash. */
  private static final int STRIDE = 6;

  private final char[] document;
  private char[] sideBuffer = new char[64];
  private int sideLength;
  private int[] data = new int[STRIDE * 1024];
  private int size;

  MergeList(char[] document) {
    this.document = document;
  }

  /** Adds a merge whose tokens are ranges of the document. */
  void add(int leftStart, int leftLength, int leftHash, int rightStart, int rightLength, int rightHash) {
    if (size * STRIDE == data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    int i = size * STRIDE;
    data[i] = leftStart;
    data[i + 1] = leftLength;
    data[i + 2] = leftHash;
    data[i + 3] = rightStart;
    data[i + 4] = rightLength;
    data[i + 5] = rightHash;
    size++;
  }

  /** Adds a merge given as two decoded strings (kept in the side buffer). */
  void add(String left, String right) {
    int l = toSide(left);
    int r = toSide(right);
    add(l, left.length(), left.hashCode(), r, right.length(), right.hashCode());
  }

  /** Copies {@code s} to the side buffer; returns its start, encoded as a negative number. */
  private int toSide(String s) {
    if (sideLength + s.length() > sideBuffer.length) {
      sideBuffer = Arrays.copyOf(sideBuffer, Math.max(sideBuffer.length * 2, sideLength + s.length()));
    }
    s.getChars(0, s.length(), sideBuffer, sideLength);
    int start = -(sideLength + 1);
    sideLength += s.length();
    return start;
  }

  int size() {
    return size;
  }

  /** Returns the buffer that holds the left (0) or right (1) token of merge {@code r}. */
  char[] buffer(int r, int half) {
    return data[r * STRIDE + half * 3] < 0 ? sideBuffer : document;
  }

  /** Returns where in {@link #buffer} the left (0) or right (1) token of merge {@code r} starts. */
  int start(int r, int half) {
    int at = data[r * STRIDE + half * 3];
    return at < 0 ? -at - 1 : at;
  }

  /** Returns the length of the left (0) or right (1) token of merge {@code r}, in chars. */
  int length(int r, int half) {
    return data[r * STRIDE + half * 3 + 1];
  }

  /** Returns the hash of the left (0) or right (1) token of merge {@code r}. */
  int hash(int r, int half) {
    return data[r * STRIDE + half * 3 + 2];
  }

  /** Returns the left (0) or right (1) token of merge {@code r} as a string (for messages). */
  String token(int r, int half) {
    return new String(buffer(r, half), start(r, half), length(r, half));
  }
}
