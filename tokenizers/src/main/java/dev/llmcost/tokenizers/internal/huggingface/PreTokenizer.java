package dev.llmcost.tokenizers.internal.huggingface;

/** Splits normalized text into the pieces the model encodes one by one (a {@code pre_tokenizer}). */
interface PreTokenizer {

  /**
   * Splits {@code s[from, to)}.
   *
   * @param s the text
   * @param from first char
   * @param to end char
   * @param textStart whether the piece starts at the beginning of the original text
   * @param out receives the pieces
   */
  void split(String s, int from, int to, boolean textStart, Sink out);

  /** Receives pieces. */
  @FunctionalInterface
  interface Sink {
    void piece(String s, int from, int to, boolean textStart);
  }

  /** The pre-tokenizer that keeps the text whole. */
  PreTokenizer NONE = (s, from, to, textStart, out) -> out.piece(s, from, to, textStart);
}
