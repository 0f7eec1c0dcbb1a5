package dev.llmcost.tokenizers.training;

/** Which kind of byte-pair-encoding vocabulary to train. */
public enum BpeStyle {
  /**
   * GPT-2's byte level: the text is split with GPT-2's regex, each piece's UTF-8 bytes are the
   * initial symbols, so every text encodes without an unknown token (as GPT-2, Llama 3, Qwen).
   */
  BYTE_LEVEL,
  /**
   * SentencePiece's BPE as Llama 2 and Mistral ship it: spaces become {@code ▁}, one is prepended,
   * the initial symbols are the characters that cover 99.95% of the corpus, and the rest fall back to
   * {@code <0xXX>} byte tokens.
   */
  SENTENCEPIECE
}
