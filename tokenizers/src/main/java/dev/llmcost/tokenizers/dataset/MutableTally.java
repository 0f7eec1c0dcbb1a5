package dev.llmcost.tokenizers.dataset;

import java.util.List;

/** A tally being added to; guarded by its own monitor where threads share it. */
final class MutableTally {
  long documents;
  long skipped;
  long characters;
  long bytes;
  final long[] tokens;

  MutableTally(int tokenizers) {
    this.tokens = new long[tokenizers];
  }

  /**
   * Adds another tally.
   *
   * @throws ArithmeticException if a figure overflows a long
   */
  synchronized void add(MutableTally o) {
    documents = Math.addExact(documents, o.documents);
    skipped = Math.addExact(skipped, o.skipped);
    characters = Math.addExact(characters, o.characters);
    bytes = Math.addExact(bytes, o.bytes);
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = Math.addExact(tokens[i], o.tokens[i]);
    }
  }

  /**
   * Multiplies every figure by {@code k} (a document that came {@code k} times in a row).
   *
   * @throws ArithmeticException if a figure overflows a long
   */
  synchronized void times(long k) {
    documents = Math.multiplyExact(documents, k);
    skipped = Math.multiplyExact(skipped, k);
    characters = Math.multiplyExact(characters, k);
    bytes = Math.multiplyExact(bytes, k);
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = Math.multiplyExact(tokens[i], k);
    }
  }

  synchronized DatasetTally freeze(List<String> tokenizers) {
    return DatasetTally.of(documents, skipped, characters, bytes, tokenizers, tokens.clone());
  }
}
