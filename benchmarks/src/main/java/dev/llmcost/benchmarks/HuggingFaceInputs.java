package dev.llmcost.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The inputs of the HuggingFace tokenizer benchmarks, shared by both sides so they see the same
 * bytes: the tokenizer.json files (Qwen and Mistral from the tokenizers module's test fixtures, BERT
 * uncased from the langchain4j all-MiniLM-L6-v2 artifact) and the corpora written by {@code
 * benchmarks/fetch-corpora.sh}. Run from the repository root.
 */
final class HuggingFaceInputs {
  private HuggingFaceInputs() {}

  static final String FIXTURES = "tokenizers/src/test/resources/dev/llmcost/tokenizers/huggingface/";

  /** Returns the uncompressed tokenizer.json of {@code tokenizer}. */
  static byte[] tokenizerJson(String tokenizer) {
    try {
      switch (tokenizer) {
        case "qwen2.5":
          return gunzip(Files.readAllBytes(Path.of(FIXTURES, "qwen2.5-tokenizer.json.gz")));
        case "mistral-7b-v0.1":
          return gunzip(Files.readAllBytes(Path.of(FIXTURES, "mistral-7b-v0.1-tokenizer.json.gz")));
        case "bert-base-uncased":
          try (InputStream in =
              HuggingFaceInputs.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
            if (in == null) {
              throw new IllegalStateException("all-minilm-l6-v2-q-tokenizer.json is not on the class path");
            }
            return in.readAllBytes();
          }
        default:
          throw new IllegalArgumentException("unknown tokenizer " + tokenizer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /** Returns the paragraphs (split at blank lines) of {@code benchmarks/corpus/<language>.txt}. */
  static List<String> paragraphs(String language) {
    Path file = Path.of("benchmarks/corpus", language + ".txt");
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " is missing: run benchmarks/fetch-corpora.sh first");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      for (String p : text.split("\n\\s*\n")) {
        if (!p.isBlank()) {
          out.add(p);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the UTF-8 size of the paragraphs, in bytes. */
  static long bytes(List<String> paragraphs) {
    long n = 0;
    for (String p : paragraphs) {
      n += p.getBytes(StandardCharsets.UTF_8).length;
    }
    return n;
  }
}
