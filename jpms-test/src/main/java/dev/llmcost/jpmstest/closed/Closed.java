package dev.llmcost.jpmstest.closed;

/** The anchor of a tokenizer file in a package the module does not open. */
public final class Closed {
  private Closed() {}
}
