package dev.llmcost.tokenizers.internal.huggingface;

/** Turns one pre-tokenized piece into ids (a {@code tokenizer.json} {@code model}). */
interface Model {

  /** Appends the ids of {@code s[from, to)} to {@code out}. */
  void encode(String s, int from, int to, IntList out);

  /**
   * Appends the ids of the UTF-8 bytes of {@code s[from, to)}, each written as its GPT-2 byte-level
   * character, to {@code out}.
   */
  default void encodeByteLevel(String s, int from, int to, IntList out) {
    String mapped = ByteLevelAlphabet.encode(s, from, to);
    encode(mapped, 0, mapped.length(), out);
  }

  Vocabulary vocabulary();

  /**
   * Returns a char before which no token of the vocabulary continues another char (so a word can be
   * cut before each run of it and encoded in parts with the same ids), or -1.
   */
  default int runStartCut() {
    return -1;
  }
}
