package dev.llmcost.jpmstest.vocab;

/** The anchor of the tokenizer file in this package, which the module opens to llmcost. */
public final class Vocab {
  private Vocab() {}
}
