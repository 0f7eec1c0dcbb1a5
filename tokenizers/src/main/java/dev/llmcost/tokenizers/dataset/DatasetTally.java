package dev.llmcost.tokenizers.dataset;

import dev.llmcost.core.TokenCount;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents counted and skipped, characters, UTF-8 bytes and tokens under each tokenizer of a part
 * of a dataset (all of it, one file or one language), counted on one machine by {@link
 * DatasetCounter} or on Apache Spark by {@code llmcost-spark}'s {@code SparkDatasetTokenStats}.
 * Immutable.
 */
public final class DatasetTally {

  private final long documents;
  private final long skippedDocuments;
  private final long characters;
  private final long bytes;
  private final Map<String, Long> tokens;

  private DatasetTally(long documents, long skippedDocuments, long characters, long bytes, Map<String, Long> tokens) {
    this.documents = documents;
    this.skippedDocuments = skippedDocuments;
    this.characters = characters;
    this.bytes = bytes;
    this.tokens = tokens;
  }

  static DatasetTally of(long documents, long skippedDocuments, long characters, long bytes, List<String> tokenizers,
      long[] tokens) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < tokenizers.size(); i++) {
      m.put(tokenizers.get(i), tokens[i]);
    }
    return new DatasetTally(documents, skippedDocuments, characters, bytes, Collections.unmodifiableMap(m));
  }

  /**
   * Returns a tally of counts made elsewhere (by a distributed job, or read back from a report).
   *
   * @param documents the documents counted
   * @param skippedDocuments the documents skipped for want of text
   * @param characters the Unicode code points of the text counted
   * @param bytes the UTF-8 bytes of the text counted
   * @param tokens the tokens under each tokenizer, by tokenizer id, in the order to report them
   * @return the tally
   * @throws IllegalArgumentException if a count is negative, naming it and the value
   */
  public static DatasetTally of(long documents, long skippedDocuments, long characters, long bytes,
      Map<String, Long> tokens) {
    requireNonNegative("documents", documents);
    requireNonNegative("skippedDocuments", skippedDocuments);
    requireNonNegative("characters", characters);
    requireNonNegative("bytes", bytes);
    Map<String, Long> m = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : tokens.entrySet()) {
      requireNonNegative("tokens of " + e.getKey(), e.getValue());
      m.put(e.getKey(), e.getValue());
    }
    return new DatasetTally(documents, skippedDocuments, characters, bytes, Collections.unmodifiableMap(m));
  }

  private static void requireNonNegative(String what, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative, was " + value);
    }
  }

  /**
   * Returns the documents counted: JSONL lines whose field holds a string, plain-text files (a
   * plain text is one document however many parts it is counted in), or on Spark rows whose text
   * is not null.
   */
  public long documents() {
    return documents;
  }

  /**
   * Returns the documents skipped for want of text: JSONL lines without the field or whose field
   * is not a string, or on Spark rows whose text is null. Per language on one machine always 0 (a
   * document without text has no language); on Spark, the rows of that language's column value.
   */
  public long skippedDocuments() {
    return skippedDocuments;
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
    return o instanceof DatasetTally t && t.documents == documents && t.skippedDocuments == skippedDocuments
        && t.characters == characters && t.bytes == bytes && t.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(documents, skippedDocuments, characters, bytes, tokens);
  }

  @Override
  public String toString() {
    return "DatasetTally[documents=" + documents + ", skipped=" + skippedDocuments + ", characters=" + characters
        + ", bytes=" + bytes + ", tokens=" + tokens + "]";
  }
}
