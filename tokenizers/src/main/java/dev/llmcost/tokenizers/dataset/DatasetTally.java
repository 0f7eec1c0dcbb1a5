package dev.llmcost.tokenizers.dataset;

import dev.llmcost.core.TokenCount;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents, characters, UTF-8 bytes and tokens under each tokenizer of a part of a dataset (all
 * of it, one file or one language). Immutable.
 */
public final class DatasetTally {

  private final long documents;
  private final long characters;
  private final long bytes;
  private final Map<String, Long> tokens;

  DatasetTally(long documents, long characters, long bytes, List<String> tokenizers, long[] tokens) {
    this.documents = documents;
    this.characters = characters;
    this.bytes = bytes;
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < tokenizers.size(); i++) {
      m.put(tokenizers.get(i), tokens[i]);
    }
    this.tokens = Collections.unmodifiableMap(m);
  }

  /**
   * Returns the documents: JSONL lines whose field holds a string, or plain-text files (a plain
   * text is one document however many parts it is counted in).
   */
  public long documents() {
    return documents;
  }

  /** Returns the characters (Unicode code points) of the text counted. */
  public long characters() {
    return characters;
  }

  /** Returns the UTF-8 bytes of the text counted (for JSONL, of the field's value, not of the line). */
  public long bytes() {
    return bytes;
  }

  /** Returns the tokens under each tokenizer, by tokenizer id, in the order the tokenizers were given. */
  public Map<String, Long> tokens() {
    return tokens;
  }

  /**
   * Returns the tokens under one tokenizer.
   *
   * @param tokenizer the tokenizer's id, as {@link dev.llmcost.tokenizers.Tokenizer#id()} gives it
   * @return the tokens
   * @throws IllegalArgumentException if the tokenizer was not counted with, naming those that were
   */
  public TokenCount tokens(String tokenizer) {
    Long n = tokens.get(tokenizer);
    if (n == null) {
      throw new IllegalArgumentException("tokenizer must be one of " + tokens.keySet() + ", was " + tokenizer);
    }
    return TokenCount.of(n);
  }

  /**
   * Returns tokens per character under one tokenizer, 0 for no text.
   *
   * @param tokenizer the tokenizer's id
   * @return tokens per character
   * @throws IllegalArgumentException if the tokenizer was not counted with
   */
  public double tokensPerCharacter(String tokenizer) {
    long n = tokens(tokenizer).value();
    return characters == 0 ? 0 : (double) n / characters;
  }

  /**
   * Returns tokens per UTF-8 byte under one tokenizer, 0 for no text.
   *
   * @param tokenizer the tokenizer's id
   * @return tokens per byte
   * @throws IllegalArgumentException if the tokenizer was not counted with
   */
  public double tokensPerByte(String tokenizer) {
    long n = tokens(tokenizer).value();
    return bytes == 0 ? 0 : (double) n / bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetTally t && t.documents == documents && t.characters == characters
        && t.bytes == bytes && t.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(documents, characters, bytes, tokens);
  }

  @Override
  public String toString() {
    return "DatasetTally[documents=" + documents + ", characters=" + characters + ", bytes=" + bytes
        + ", tokens=" + tokens + "]";
  }
}
