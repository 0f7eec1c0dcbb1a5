package dev.llmcost.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * The HuggingFace {@code tokenizer.json} files of the benchmarks: those llmcost-tokenizers-vocab
 * bundles, read from its jar, so that llmcost and the reference load the same bytes.
 */
final class TokenizerFiles {
  private TokenizerFiles() {}

  /**
   * Returns the uncompressed tokenizer.json of a bundled vocabulary.
   *
   * @param id such as {@code qwen2.5}
   * @return the file's bytes
   * @throws IllegalArgumentException if no such vocabulary is bundled
   */
  static byte[] json(String id) {
    String resource = "dev/llmcost/tokenizers/vocab/" + id + "-tokenizer.json.gz";
    try (InputStream raw = TokenizerFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalArgumentException("no bundled vocabulary " + id + " (" + resource + ")");
      }
      try (InputStream in = new GZIPInputStream(raw)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
