package dev.llmcost.tokenizers.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.core.gguf.GgufValueType;
import dev.llmcost.core.gguf.GgufWriter;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GGUF's embedded tokenizer gives the ids of the tokenizer.json it was converted from: the test
 * writes the Qwen2.5 (byte-level BPE) and Mistral 7B (SentencePiece BPE) vocabularies into GGUF
 * files as llama.cpp's converter lays them out and compares the ids.
 */
class GgufTokenizersTest {
  @TempDir Path dir;

  static final List<String> TEXTS = List.of(
      "Hello, world! The quick brown fox jumps over the lazy dog.",
      "  leading spaces and\ttabs\nand newlines\n\n",
      "Numbers 1234567 and 3.14159, emoji 🙂🚀, accents café naïve, 日本語のテキスト, Привет мир",
      "def f(x):\n    return x ** 2  # comment",
      "I'm sure they'll've done it; it's the DOG'S bone.");

  static JsonNode json(String resource) throws Exception {
    try (InputStream in = new GZIPInputStream(GgufTokenizersTest.class.getClassLoader().getResourceAsStream(resource))) {
      return new ObjectMapper().readTree(in);
    }
  }

  static HuggingFaceTokenizer original(String resource) {
    return HuggingFaceTokenizer.fromClasspath(resource, GgufTokenizersTest.class.getClassLoader(), "orig").orElseThrow();
  }

  @Test
  void byteLevelBpeMatchesQwen25() throws Exception {
    String res = "dev/llmcost/tokenizers/vocab/qwen2.5-tokenizer.json.gz";
    JsonNode j = json(res);
    int size = j.get("model").get("vocab").size() + j.get("added_tokens").size();
    String[] tokens = new String[size];
    Integer[] types = new Integer[size];
    for (Map.Entry<String, JsonNode> e : j.get("model").get("vocab").properties()) {
      tokens[e.getValue().asInt()] = e.getKey();
      types[e.getValue().asInt()] = 1;
    }
    for (JsonNode a : j.get("added_tokens")) {
      tokens[a.get("id").asInt()] = a.get("content").asText();
      types[a.get("id").asInt()] = a.get("special").asBoolean() ? 3 : 4;
    }
    List<String> merges = new ArrayList<>();
    j.get("model").get("merges").forEach(m -> merges.add(m.asText()));
    Path p = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN)
        .putString("general.architecture", "qwen2")
        .putString("tokenizer.ggml.model", "gpt2")
        .putString("tokenizer.ggml.pre", "qwen2")
        .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, Arrays.asList(tokens))
        .putArray("tokenizer.ggml.token_type", GgufValueType.INT32, Arrays.asList(types))
        .putArray("tokenizer.ggml.merges", GgufValueType.STRING, merges)
        .write(dir.resolve("qwen.gguf"));
    HuggingFaceTokenizer g = GgufTokenizers.load(p);
    HuggingFaceTokenizer o = original(res);
    assertThat(dev.llmcost.tokenizers.TokenizerRegistry.standard().resolve(p.toString())
        .countTokens(TEXTS.get(0)).value()).isEqualTo(o.countTokens(TEXTS.get(0)).value());
    for (String t : TEXTS) {
      assertThat(g.encode(t, EncodeOptions.DEFAULT).toArray()).as(t).containsExactly(o.encode(t, EncodeOptions.DEFAULT).toArray());
      assertThat(g.decode(g.encode(t, EncodeOptions.DEFAULT).toArray())).isEqualTo(t);
    }
  }

  @Test
  void sentencePieceBpeMatchesMistral() throws Exception {
    String res = "dev/llmcost/tokenizers/vocab/mistral-7b-v0.1-tokenizer.json.gz";
    JsonNode j = json(res);
    int size = j.get("model").get("vocab").size();
    String[] tokens = new String[size];
    Integer[] types = new Integer[size];
    Double[] scores = new Double[size];
    // The tokenizer.model's scores are not in tokenizer.json; the rank of the first merge that makes a
    // piece stands in for them (SentencePiece BPE merges the best-scoring pair first).
    Map<String, Integer> firstMerge = new java.util.HashMap<>();
    int rank = 0;
    for (JsonNode m : j.get("model").get("merges")) {
      firstMerge.putIfAbsent(m.asText().replace(" ", ""), rank++);
    }
    for (Map.Entry<String, JsonNode> e : j.get("model").get("vocab").properties()) {
      int id = e.getValue().asInt();
      String piece = e.getKey();
      tokens[id] = piece;
      boolean isByte = piece.matches("<0x[0-9A-F]{2}>");
      types[id] = id == 0 ? 2 : id <= 2 ? 3 : isByte ? 6 : 1;
      scores[id] = types[id] != 1 ? 0.0 : -(double) firstMerge.getOrDefault(piece, 1_000_000 + id);
    }
    Path p = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN)
        .putString("general.architecture", "llama")
        .putString("tokenizer.ggml.model", "llama")
        .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, Arrays.asList(tokens))
        .putArray("tokenizer.ggml.token_type", GgufValueType.INT32, Arrays.asList(types))
        .putArray("tokenizer.ggml.scores", GgufValueType.FLOAT32, Arrays.asList(scores))
        .putUint32("tokenizer.ggml.bos_token_id", 1)
        .putUint32("tokenizer.ggml.unknown_token_id", 0)
        .write(dir.resolve("mistral.gguf"));
    HuggingFaceTokenizer g = GgufTokenizers.load(p);
    HuggingFaceTokenizer o = original(res);
    for (String t : TEXTS) {
      assertThat(g.encode(t, EncodeOptions.DEFAULT).toArray()).as(t).containsExactly(o.encode(t, EncodeOptions.DEFAULT).toArray());
    }
  }

  @Test
  void unsupportedOrMissingTokenizersAreClearErrors() {
    Path none = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN).putString("general.architecture", "llama")
        .write(dir.resolve("none.gguf"));
    assertThatThrownBy(() -> GgufTokenizers.load(none)).isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("no embedded tokenizer");
    Path bert = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN).putString("tokenizer.ggml.model", "bert")
        .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, List.of("[CLS]"))
        .write(dir.resolve("bert.gguf"));
    assertThatThrownBy(() -> GgufTokenizers.load(bert)).isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("bert");
  }
}
