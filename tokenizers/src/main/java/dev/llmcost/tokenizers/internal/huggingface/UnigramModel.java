package dev.llmcost.tokenizers.internal.huggingface;

import java.nio.charset.StandardCharsets;

/**
 * The unigram language model (Kudo 2018): the segmentation of highest total log-probability,
 * found by Viterbi over the vocabulary's prefix matches; a character no token starts with costs
 * the lowest score minus 10 as the unknown token, consecutive unknowns fuse, and with {@code
 * byte_fallback} an unknown piece becomes its {@code <0xXX>} byte tokens.
 */
final class UnigramModel implements Model {
  /** SentencePiece's {@code kUnkPenalty}. */
  static final double UNK_PENALTY = 10.0;

  private final Vocabulary vocab;
  private final double[] scores;
  private final int unkId;
  private final boolean byteFallback;
  private final double unkScore;
  private final CharTrie trie;
  private final WordCache cache = new WordCache();

  UnigramModel(Vocabulary vocab, String[] pieces, double[] scores, int unkId, boolean byteFallback) {
    this.vocab = vocab;
    this.scores = scores;
    this.unkId = unkId;
    this.byteFallback = byteFallback;
    double min = Double.MAX_VALUE;
    for (double s : scores) {
      min = Math.min(min, s);
    }
    unkScore = min - UNK_PENALTY;
    trie = new CharTrie(pieces.length * 4);
    for (int id = 0; id < pieces.length; id++) {
      trie.insert(pieces[id], 0, vocab.id(pieces[id]));
    }
  }

  @Override
  public Vocabulary vocabulary() {
    return vocab;
  }

  @Override
  public void encode(String s, int from, int to, IntList out) {
    if (from >= to) {
      return;
    }
    int h = WordCache.hash(s, from, to);
    int[] hit = cache.get(s, from, to, h);
    if (hit == null) {
      String word = s.substring(from, to);
      hit = viterbi(word);
      cache.put(word, h, hit);
    }
    out.addAll(hit);
  }

  private int[] viterbi(String w) {
    int n = w.length();
    double[] best = new double[n + 1];
    int[] startOf = new int[n + 1];
    int[] idOf = new int[n + 1];
    java.util.Arrays.fill(startOf, -1);
    for (int start = 0; start < n; ) {
      if (start > 0 && startOf[start] < 0) {
        // unreachable position (cannot happen: every code point has a node)
        start++;
        continue;
      }
      double here = best[start];
      int len = Character.charCount(w.codePointAt(start));
      boolean single = false;
      int node = 0;
      for (int i = start; i < n; i++) {
        node = trie.child(node, w.charAt(i));
        if (node < 0) {
          break;
        }
        int id = trie.value(node);
        if (id >= 0) {
          int end = i + 1;
          double cand = scores[id] + here;
          if (startOf[end] < 0 || cand > best[end]) {
            best[end] = cand;
            startOf[end] = start;
            idOf[end] = id;
          }
          if (end - start == len) {
            single = true;
          }
        }
      }
      if (!single) {
        if (unkId < 0) {
          throw new IllegalStateException("Unigram model has no unknown token for \"" + w + "\"");
        }
        int end = start + len;
        double cand = unkScore + here;
        if (startOf[end] < 0 || cand > best[end]) {
          best[end] = cand;
          startOf[end] = start;
          idOf[end] = unkId;
        }
      }
      start += len;
    }
    // walk back, fusing unknowns
    IntList rev = new IntList(8); // pairs (start, end) reversed; id -1 marks fused unknown text
    IntList revIds = new IntList(8);
    int end = n;
    int unkEnd = -1;
    int unkStart = -1;
    while (end > 0) {
      int start = startOf[end];
      int id = idOf[end];
      if (unkId >= 0 && id == unkId) {
        if (unkEnd < 0) {
          unkEnd = end;
        }
        unkStart = start;
      } else {
        if (unkEnd >= 0) {
          rev.add(unkStart);
          rev.add(unkEnd);
          revIds.add(-1);
          unkEnd = -1;
        }
        rev.add(start);
        rev.add(end);
        revIds.add(id);
      }
      end = start;
    }
    if (unkEnd >= 0) {
      rev.add(unkStart);
      rev.add(unkEnd);
      revIds.add(-1);
    }
    IntList out = new IntList(revIds.size());
    for (int k = revIds.size() - 1; k >= 0; k--) {
      int a = rev.get(2 * k);
      int b = rev.get(2 * k + 1);
      int id = vocab.id(w, a, b);
      if (id >= 0) {
        out.add(id);
        continue;
      }
      if (byteFallback) {
        byte[] bytes = w.substring(a, b).getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        boolean all = true;
        for (int j = 0; j < bytes.length && all; j++) {
          ids[j] = vocab.id(String.format("<0x%02X>", bytes[j] & 0xFF));
          all = ids[j] >= 0;
        }
        if (all) {
          out.addAll(ids);
          continue;
        }
      }
      out.add(unkId);
    }
    return out.toArray();
  }
}
