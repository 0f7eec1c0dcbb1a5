package dev.llmcost.tokenizers.internal.huggingface;

import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;

/**
 * WordPiece (Schuster and Nakajima 2012; Devlin et al. 2019): greedy longest-match-first, the
 * pieces after the first written with the continuing-subword prefix ({@code ##}); a word with a
 * part that matches nothing, or longer than {@code max_input_chars_per_word}, is the unknown token.
 */
final class WordPieceModel implements Model {
  private final Vocabulary vocab;
  private final int unkId;
  private final int maxChars;
  private final CharTrie initial;
  private final CharTrie continuing;
  private final WordCache cache = new WordCache();

  WordPieceModel(Vocabulary vocab, String unk, String prefix, int maxChars, String unkPath) {
    this.vocab = vocab;
    this.unkId = vocab.id(unk);
    if (unkId < 0) {
      throw new TokenizerFormatException(unkPath, "unknown token \"" + unk + "\" is not in the vocabulary");
    }
    this.maxChars = maxChars;
    initial = new CharTrie(vocab.size() * 4);
    continuing = new CharTrie(vocab.size() * 2);
    vocab.forEach(
        (token, id) -> {
          initial.insert(token, 0, id);
          if (token.startsWith(prefix) && token.length() > prefix.length()) {
            continuing.insert(token, prefix.length(), id);
          }
        });
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
      hit = pieces(word);
      cache.put(word, h, hit);
    }
    out.addAll(hit);
  }

  private int[] pieces(String w) {
    if (w.codePointCount(0, w.length()) > maxChars) {
      return new int[] {unkId};
    }
    IntList ids = new IntList(4);
    int[] v = new int[1];
    int start = 0;
    while (start < w.length()) {
      int end = (start == 0 ? initial : continuing).longest(w, start, w.length(), v);
      if (end < 0) {
        return new int[] {unkId};
      }
      ids.add(v[0]);
      start = end;
    }
    return ids.toArray();
  }
}
