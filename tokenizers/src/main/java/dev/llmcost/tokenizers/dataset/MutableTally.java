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

  synchronized void add(MutableTally o) {
    documents += o.documents;
    skipped += o.skipped;
    characters += o.characters;
    bytes += o.bytes;
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] += o.tokens[i];
    }
  }

  synchronized DatasetTally freeze(List<String> tokenizers) {
    return DatasetTally.of(documents, skipped, characters, bytes, tokenizers, tokens.clone());
  }
}
