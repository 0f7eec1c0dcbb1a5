package dev.llmcost.tokenizers.vocab;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tokenizer vocabulary bundled in this artifact: a HuggingFace {@code tokenizer.json}, stored
 * gzip-compressed, with where it comes from and under which licence it is redistributed.
 */
public final class BundledVocabulary {
  private final String id;
  private final List<String> aliases;
  private final String model;
  private final int vocabularySize;
  private final String source;
  private final String license;
  private final String sha256;

  /** Copies the aliases. */
  BundledVocabulary(String id, List<String> aliases, String model, int vocabularySize, String source, String license, String sha256) {
    aliases = List.copyOf(aliases);
    this.id = id;
    this.aliases = aliases;
    this.model = model;
    this.vocabularySize = vocabularySize;
    this.source = source;
    this.license = license;
    this.sha256 = sha256;
  }

  /** Returns the class-path resource (relative to this package) holding the compressed file. */
  String resource() {
    return id + "-tokenizer.json.gz";
  }

  /** Returns the tokenizer id the registry knows it by, such as {@code qwen2.5}. */
  public String id() {
    return id;
  }

  /** Returns the other ids for it, such as {@code mistral-7b}. */
  public List<String> aliases() {
    return aliases;
  }

  /** Returns the model family whose tokenizer it is. */
  public String model() {
    return model;
  }

  /** Returns the number of ids, added tokens included. */
  public int vocabularySize() {
    return vocabularySize;
  }

  /** Returns the where the file was taken from (package or artifact, version, file). */
  public String source() {
    return source;
  }

  /** Returns the licence under which the file is redistributed. */
  public String license() {
    return license;
  }

  /** Returns the SHA-256 of the uncompressed {@code tokenizer.json}, as published by the source. */
  public String sha256() {
    return sha256;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof BundledVocabulary o
          && Objects.equals(id, o.id)
          && Objects.equals(aliases, o.aliases)
          && Objects.equals(model, o.model)
          && vocabularySize == o.vocabularySize
          && Objects.equals(source, o.source)
          && Objects.equals(license, o.license)
          && Objects.equals(sha256, o.sha256);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(id);
    h = 31 * h + Objects.hashCode(aliases);
    h = 31 * h + Objects.hashCode(model);
    h = 31 * h + Integer.hashCode(vocabularySize);
    h = 31 * h + Objects.hashCode(source);
    h = 31 * h + Objects.hashCode(license);
    h = 31 * h + Objects.hashCode(sha256);
    return h;
  }

  @Override
  public String toString() {
    return "BundledVocabulary[id=" + id + ", aliases=" + aliases + ", model=" + model + ", vocabularySize=" + vocabularySize + ", source=" + source + ", license=" + license + ", sha256=" + sha256 + "]";
  }
}
