package dev.llmcost.tokenizers.internal.huggingface;

/** Rewrites text before pre-tokenization (a {@code tokenizer.json} {@code normalizer}). */
@FunctionalInterface
interface Normalizer {

  /** Normalizes a whole segment of text (the text between two added tokens). */
  String normalize(String text);

  /**
   * Normalizes one chunk of a segment that {@link Pipeline} cut before a char {@code c} for which
   * {@link #cut} is not -1; {@code first} and {@code last} say whether the chunk starts or ends the
   * segment (a {@code Prepend} only prefixes the first chunk, a {@code Strip} strips only the
   * outer ends). The concatenated chunks equal {@link #normalize} of the whole segment.
   */
  default String normalize(String text, boolean first, boolean last) {
    return normalize(text);
  }

  /**
   * Returns the first char that {@code c} becomes when the text is cut right before {@code c},
   * after a letter, digit or ASCII symbol, if normalizing the two sides apart gives the
   * normalization of the whole; -1 where that is not known to hold.
   */
  default int cut(int c) {
    return -1;
  }

  /**
   * Returns the char {@code m} if this normalizer is exactly "prepend {@code m} to a non-empty text
   * and replace each space with {@code m}" (SentencePiece's form, as in Llama 2 and Mistral), so
   * that the normalized text can be read off the original without being built; -1 otherwise.
   */
  default int metaspace() {
    return -1;
  }
}
