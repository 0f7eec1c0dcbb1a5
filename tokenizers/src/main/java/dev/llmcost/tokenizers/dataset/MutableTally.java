package dev.llmcost.tokenizers.dataset;

import java.util.List;

/** A tally being added to; guarded by its own monitor where threads share it. */
final class MutableTally {
  long documents;
  long characters;
  long bytes;
  final long[] tokens;

  MutableTally(int tokenizers) {
    this.tokens = new long[tokenizers];
  }

  synchronized void add(MutableTally o) {
    documents += o.documents;
    characters += o.characters;
    bytes += o.bytes;
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] += o.tokens[i];
    }
  }

  synchronized DatasetTally freeze(List<String> tokenizers) {
    return new DatasetTally(documents, characters, bytes, tokenizers, tokens.clone());
  }
}
