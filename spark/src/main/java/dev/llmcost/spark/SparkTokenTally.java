package dev.llmcost.spark;

import dev.llmcost.core.TokenCount;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Documents, characters, UTF-8 bytes and tokens under each tokenizer of a part of a Spark dataset
 * (all of it, or one language): the figures {@link dev.llmcost.tokenizers.dataset.DatasetTally}
 * holds for a file counted on one machine. Immutable.
 */
public final class SparkTokenTally {

  private final long documents;
  private final long skippedDocuments;
  private final long characters;
  private final long bytes;
  private final Map<String, Long> tokens;

  SparkTokenTally(long documents, long skippedDocuments, long characters, long bytes, Map<String, Long> tokens) {
    this.documents = documents;
    this.skippedDocuments = skippedDocuments;
    this.characters = characters;
    this.bytes = bytes;
    this.tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
  }

  /** Returns the documents counted: rows whose text is not null. */
  public long documents() {
    return documents;
  }

  /** Returns the rows skipped because their text was null. */
  public long skippedDocuments() {
    return skippedDocuments;
  }

  /** Returns the characters (Unicode code points) of the text counted. */
  public long characters() {
    return characters;
  }

  /** Returns the UTF-8 bytes of the text counted. */
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

  @Override
  public boolean equals(Object o) {
    return o instanceof SparkTokenTally t && t.documents == documents && t.skippedDocuments == skippedDocuments
        && t.characters == characters && t.bytes == bytes && t.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return Objects.hash(documents, skippedDocuments, characters, bytes, tokens);
  }

  @Override
  public String toString() {
    return "SparkTokenTally[documents=" + documents + ", skipped=" + skippedDocuments + ", characters=" + characters
        + ", bytes=" + bytes + ", tokens=" + tokens + "]";
  }
}
