package dev.llmcost.tokenizers.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.internal.Json;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.SpecialTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identical ids to HuggingFace tokenizers (Rust, via DJL) on the multilingual corpus, for each real
 * file and the written Unigram file: special tokens recognised (the reference's default) with and
 * without the post-processor's tokens, and special tokens as text (the reference given the file
 * without its special added tokens).
 */
class HuggingFaceTokenizerDifferentialTest {

  static byte[] fixture(String name) {
    return name.equals("unigram")
        ? UnigramFixture.json().getBytes(StandardCharsets.UTF_8)
        : Fixtures.bytes(name);
  }

  /** The file without its special added tokens: how HuggingFace treats them as plain text. */
  static byte[] withoutSpecialAddedTokens(byte[] json) {
    ObjectNode root = (ObjectNode) Json.read(new String(json, StandardCharsets.UTF_8));
    ArrayNode kept = root.arrayNode();
    for (JsonNode t : root.get("added_tokens")) {
      if (!t.path("special").asBoolean(false)) {
        kept.add(t);
      }
    }
    root.set("added_tokens", kept);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.QWEN, Fixtures.MISTRAL, Fixtures.BERT, Fixtures.BERT_CHINESE, "unigram"})
  void idsEqualHuggingFaceTokenizers(String name) {
    byte[] json = fixture(name);
    HuggingFaceTokenizer ours = HuggingFaceTokenizer.load(new java.io.ByteArrayInputStream(json), "t");
    var ref = Reference.of(name, json);
    var refAsText = Reference.of(name + "#as-text", withoutSpecialAddedTokens(json));
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    for (String text : Corpus.samples()) {
      for (boolean add : new boolean[] {false, true}) {
        EncodeOptions allowed = EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED).withAddSpecialTokens(add);
        compare(mismatches, "allowed add=" + add, text, ours.encode(text, allowed).toArray(), Reference.encode(ref, text, add));
        checked++;
      }
      compare(mismatches, "as text", text, ours.encode(text).toArray(), Reference.encode(refAsText, text, false));
      checked++;
    }
    System.out.printf("%s: %d encodings compared, %d differ%n", name, checked, mismatches.size());
    mismatches.forEach(System.out::println);
    assertThat(mismatches).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.QWEN, Fixtures.MISTRAL, Fixtures.BERT, Fixtures.BERT_CHINESE, "unigram"})
  void decodingEqualsHuggingFaceTokenizers(String name) {
    byte[] json = fixture(name);
    HuggingFaceTokenizer ours = HuggingFaceTokenizer.load(new java.io.ByteArrayInputStream(json), "t");
    var ref = Reference.of(name, json);
    List<String> mismatches = new ArrayList<>();
    for (String text : Corpus.samples()) {
      int[] ids = ours.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED).withAddSpecialTokens(true)).toArray();
      String a = ours.decode(ids);
      String b = ref.decode(Arrays.stream(ids).asLongStream().toArray(), false);
      if (!a.equals(b)) {
        mismatches.add(String.format("  \"%s\"%n    ours \"%s\"%n    ref  \"%s\"", Corpus.show(text), Corpus.show(a), Corpus.show(b)));
      }
    }
    System.out.printf("%s: %d decodings compared, %d differ%n", name, Corpus.samples().size(), mismatches.size());
    mismatches.forEach(System.out::println);
    assertThat(mismatches).isEmpty();
  }

  private static void compare(List<String> out, String mode, String text, int[] ours, int[] ref) {
    if (!Arrays.equals(ours, ref)) {
      int i = Arrays.mismatch(ours, ref);
      int from = Math.max(0, i - 3);
      out.add(
          String.format(
              "  [%s] \"%s\" first difference at id %d:%n    ours …%s%n    ref  …%s",
              mode,
              Corpus.show(text),
              i,
              Arrays.toString(Arrays.copyOfRange(ours, from, Math.min(ours.length, i + 6))),
              Arrays.toString(Arrays.copyOfRange(ref, from, Math.min(ref.length, i + 6)))));
    }
  }
}
