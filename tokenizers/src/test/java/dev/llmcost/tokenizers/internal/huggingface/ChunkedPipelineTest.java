package dev.llmcost.tokenizers.internal.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A long segment is normalized and pre-tokenized chunk by chunk: the real tokenizers can be cut,
 * and random texts full of the contexts a cut must survive (runs of spaces, tabs, newlines, marks,
 * CJK, U+2581, controls, contractions, modifier letters) count and encode as the whole does.
 */
class ChunkedPipelineTest {

  static Pipeline load(String resource) {
    try (InputStream raw = ChunkedPipelineTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (raw == null) {
        throw new AssertionError("missing " + resource);
      }
      return TokenizerJsonReader.read(resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String[] ALPHABET = {
    " ", " ", " ", "  ", "a", "b", "Z", "é", "e\u0301", "\u0301", "中", "文", "。", "▁", "\t", "\n", "\r\n", "!",
    "'s", "'", "1", "23", "\u00A0", "\u037A", "\u0001", "\u3000", "ß", "Σ", "ﬁ", "😀", "<s>", "[CLS]",
    "<|endoftext|>", "x ", "hello", " world", "Ünïcödé"
  };

  static String randomText(Random r, int chars) {
    StringBuilder sb = new StringBuilder(chars + 16);
    while (sb.length() < chars) {
      sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev/llmcost/tokenizers/vocab/qwen2.5-tokenizer.json.gz",
        "dev/llmcost/tokenizers/vocab/mistral-7b-v0.1-tokenizer.json.gz",
        "all-minilm-l6-v2-q-tokenizer.json",
        "bge-small-zh-v1.5-q-tokenizer.json"
      })
  void chunksCountAndEncodeAsTheWholeText(String resource) {
    Pipeline p = load(resource);
    assertThat(p.chunked()).as("can be cut").isTrue();
    Random r = new Random(resource.hashCode());
    for (int k = 0; k < 4; k++) {
      String text = randomText(r, 5 * Pipeline.CHUNK);
      for (boolean special : new boolean[] {false, true}) {
        long whole = p.count(text, special, false, false);
        assertThat(p.count(text, special, false, true)).as("count, special %s", special).isEqualTo(whole);
        assertThat(p.encode(text, special, false)).hasSize((int) whole);
      }
    }
  }
}
