package dev.llmcost.tokenizers.vocab;

import java.util.List;

/**
 * One tokenizer vocabulary bundled in this artifact: a HuggingFace {@code tokenizer.json}, stored
 * gzip-compressed, with where it comes from and under which licence it is redistributed.
 *
 * @param id the tokenizer id the registry knows it by, such as {@code qwen2.5}
 * @param aliases other ids for it, such as {@code mistral-7b}
 * @param model the model family whose tokenizer it is
 * @param vocabularySize the number of ids, added tokens included
 * @param source where the file was taken from (package or artifact, version, file)
 * @param license the licence under which the file is redistributed
 * @param sha256 the SHA-256 of the uncompressed {@code tokenizer.json}, as published by the source
 */
public record BundledVocabulary(
    String id,
    List<String> aliases,
    String model,
    int vocabularySize,
    String source,
    String license,
    String sha256) {

  /** Copies the aliases. */
  public BundledVocabulary {
    aliases = List.copyOf(aliases);
  }

  /** Returns the class-path resource (relative to this package) holding the compressed file. */
  String resource() {
    return id + "-tokenizer.json.gz";
  }
}
