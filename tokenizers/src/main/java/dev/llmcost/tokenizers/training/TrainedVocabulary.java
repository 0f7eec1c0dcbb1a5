package dev.llmcost.tokenizers.training;

import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A trained vocabulary, as the text of a HuggingFace {@code tokenizer.json}. */
public final class TrainedVocabulary {
  private final String json;
  private final BpeStyle style;

  TrainedVocabulary(String json, BpeStyle style) {
    this.json = json;
    this.style = style;
  }

  /** Returns the style it was trained in. */
  public BpeStyle style() {
    return style;
  }

  /** Returns the {@code tokenizer.json} text. */
  public String json() {
    return json;
  }

  /**
   * Returns a tokenizer for it.
   *
   * @param id the tokenizer's id
   * @return the tokenizer
   */
  public HuggingFaceTokenizer tokenizer(String id) {
    return HuggingFaceTokenizer.fromJson(json, id);
  }

  /**
   * Writes the {@code tokenizer.json}, replacing the file.
   *
   * @param file where to write
   * @throws UncheckedIOException if writing fails
   */
  public void writeTo(Path file) {
    try {
      Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
