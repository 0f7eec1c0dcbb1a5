package dev.llmcost.tokenizers.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.Encoding;
import dev.llmcost.tokenizers.SpecialTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class HuggingFaceTokenizerTest {

  static String fixture(String tokenizer) {
    switch (tokenizer) {
      case "mistral-7b-v0.1":
        return Fixtures.MISTRAL;
      case "bert-base-uncased":
        return Fixtures.BERT;
      default:
        throw new IllegalArgumentException(tokenizer);
    }
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @CsvFileSource(resources = "/dev/llmcost/tokenizers/huggingface/token-oracles.csv", numLinesToSkip = 1)
  void matchesThePublishedIds(String tokenizer, String text, String ids, String specialTokens, String source) {
    boolean bos = specialTokens.startsWith("bos");
    int[] expected = Arrays.stream(ids.split(" ")).mapToInt(Integer::parseInt).toArray();
    int[] actual = Fixtures.ours(fixture(tokenizer)).encode(text, EncodeOptions.DEFAULT.withAddSpecialTokens(bos)).toArray();
    System.out.printf("%s \"%s\": expected %s, got %s (%s)%n", tokenizer, text, ids, Arrays.toString(actual), source);
    assertThat(actual).containsExactly(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    Fixtures.QWEN + ", 151665, BPE",
    Fixtures.MISTRAL + ", 32000, BPE",
    Fixtures.BERT + ", 30522, WordPiece",
    Fixtures.BERT_CHINESE + ", 21128, WordPiece"
  })
  void reportsItsVocabulary(String fixture, int size, String type) {
    HuggingFaceTokenizer t = Fixtures.ours(fixture);
    assertThat(t.vocabularySize()).isEqualTo(size);
    assertThat(t.modelType()).isEqualTo(type);
  }

  @Test
  void specialTokensFollowThePolicy() {
    HuggingFaceTokenizer qwen = Fixtures.ours(Fixtures.QWEN);
    String text = "<|im_start|>user";
    assertThat(qwen.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED)).toArray())
        .containsExactly(151644, 872);
    assertThat(qwen.encode(text).toArray()).doesNotContain(151644).hasSizeGreaterThan(2);
    assertThatThrownBy(() -> qwen.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.DISALLOWED)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<|im_start|>");
    assertThat(qwen.encode("plain text", EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.DISALLOWED)).size())
        .isEqualTo(2);
  }

  @Test
  void asTextSplitsOnlyTheSpecialAddedTokensAsSplitSpecialTokensDoes() {
    // Qwen2.5 marks <tool_call> (151657) "special": false and <|im_start|> (151644) "special": true
    HuggingFaceTokenizer qwen = Fixtures.ours(Fixtures.QWEN);
    String text = "<|im_start|><tool_call>";
    int[] asText = qwen.encode(text).toArray();
    assertThat(asText).doesNotContain(151644).contains(151657);
    assertThat(asText[asText.length - 1]).isEqualTo(151657);
    assertThat(qwen.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED)).toArray())
        .containsExactly(151644, 151657);
  }

  /** A byte-level BPE of six tokens whose merges the file writes in {@code style}. */
  private static String smallBpe(String merges, String vocab) {
    return "{\"model\": {\"type\": \"BPE\", \"vocab\": " + vocab + ", \"merges\": " + merges + "},"
        + " \"pre_tokenizer\": {\"type\": \"Whitespace\"}}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain strings | [\"a b\", \"ab c\", \"\u00e9 \u00e9\"]",
        "escaped strings | [\"\\u0061 b\", \"ab \\u0063\", \"\\u00e9 \\u00e9\"]",
        "pairs | [[\"a\", \"b\"], [\"ab\", \"c\"], [\"\u00e9\", \"\u00e9\"]]"
      })
  void readsMergesInEveryFormAndInAnyIdOrder(String style, String merges) {
    // merged tokens deliberately out of merge order (abc before ab), so ids cannot be guessed
    String vocab = "{\"a\": 0, \"b\": 1, \"c\": 2, \"abc\": 3, \"ab\": 4, \"\u00e9\": 5, \"\u00e9\u00e9\": 6}";
    HuggingFaceTokenizer t = HuggingFaceTokenizer.fromJson(smallBpe(merges, vocab), style);
    assertThat(t.encodeToArray("abc ab ba \u00e9\u00e9\u00e9")).containsExactly(3, 4, 1, 0, 6, 5);
  }

  @Test
  void namesTheFirstMergeWhoseTokenIsMissing() {
    String vocab = "{\"a\": 0, \"b\": 1, \"ab\": 2}";
    assertThatThrownBy(() -> HuggingFaceTokenizer.fromJson(smallBpe("[\"a b\", \"ab x\"]", vocab), "t"))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessage("model.merges[1]: token \"x\" is not in the vocabulary");
    assertThatThrownBy(() -> HuggingFaceTokenizer.fromJson(smallBpe("[\"a b\", \"b a\"]", vocab), "t"))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessage("model.merges[1]: merged token \"ba\" is not in the vocabulary");
    assertThatThrownBy(() -> HuggingFaceTokenizer.fromJson(smallBpe("[\"a b c\"]", vocab), "t"))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessage("model.merges[0]: must be two tokens separated by one space, was \"a b c\"");
  }

  @Test
  void addsThePostProcessorsTokensOnlyWhenAsked() {
    HuggingFaceTokenizer bert = Fixtures.ours(Fixtures.BERT);
    assertThat(bert.encode("hello").toArray()).containsExactly(7592);
    assertThat(bert.encode("hello", EncodeOptions.DEFAULT.withAddSpecialTokens(true)).toArray())
        .containsExactly(101, 7592, 102);
  }

  @Test
  void truncatesOnlyWhenAskedAndSaysSo() {
    HuggingFaceTokenizer bert = Fixtures.ours(Fixtures.BERT);
    String text = "word ".repeat(600);
    Encoding full = bert.encode(text);
    assertThat(full.size()).isEqualTo(600); // the file says truncation at 128: ignored
    assertThat(full.truncated()).isFalse();
    Encoding cut = bert.encode(text, EncodeOptions.DEFAULT.withLimit(10));
    assertThat(cut.size()).isEqualTo(10);
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.untruncatedLength()).isEqualTo(600);
    assertThat(bert.countTokens(text, EncodeOptions.DEFAULT.withLimit(10)).value()).isEqualTo(600);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({Fixtures.QWEN, Fixtures.MISTRAL})
  void decodeInvertsEncode(String fixture) {
    HuggingFaceTokenizer t = Fixtures.ours(fixture);
    for (String text : Corpus.samples()) {
      if (fixture.equals(Fixtures.MISTRAL) && (text.startsWith(" ") || text.isEmpty())) {
        continue; // SentencePiece's decoder strips the leading space it added
      }
      // Qwen normalizes to NFC first (the Kelvin sign becomes K)
      String expected =
          fixture.equals(Fixtures.QWEN) ? java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC) : text;
      assertThat(t.decode(t.encodeToArray(text))).as(Corpus.show(text)).isEqualTo(expected);
    }
  }

  @Test
  void decodeRejectsAnUnknownId() {
    assertThatThrownBy(() -> Fixtures.ours(Fixtures.BERT).decode(new int[] {7592, 999_999}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id 999999 is not in the vocabulary");
  }

  @Test
  void loadsFromAPathAndTheClassPath(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("Qwen2.5-7B"));
    Path file = folder.resolve("tokenizer.json");
    Files.write(file, Fixtures.bytes(Fixtures.MISTRAL));
    HuggingFaceTokenizer fromPath = HuggingFaceTokenizer.load(file);
    assertThat(fromPath.id()).isEqualTo("Qwen2.5-7B");
    HuggingFaceTokenizer gz =
        HuggingFaceTokenizer.fromClasspath(Fixtures.MISTRAL, getClass().getClassLoader(), "mistral").orElseThrow();
    assertThat(gz.encodeToArray("Hello world!")).containsExactly(fromPath.encodeToArray("Hello world!"));
    assertThat(HuggingFaceTokenizer.fromClasspath("no/such.json", getClass().getClassLoader(), "x")).isEmpty();
    HuggingFaceTokenizer anchored = HuggingFaceTokenizer.fromResource(getClass(), "/" + Fixtures.MISTRAL);
    assertThat(anchored.id()).isEqualTo("mistral-7b-v0.1-tokenizer");
    assertThat(anchored.encodeToArray("Hello world!")).containsExactly(fromPath.encodeToArray("Hello world!"));
    assertThat(HuggingFaceTokenizer.fromResource(getClass(), "/" + Fixtures.MISTRAL, "mistral").id()).isEqualTo("mistral");
    assertThatThrownBy(() -> HuggingFaceTokenizer.fromResource(getClass(), "no-such.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource no-such.json not found next to " + getClass().getName()
            + " (looked for /dev/llmcost/tokenizers/huggingface/no-such.json)");
    assertThatThrownBy(() -> HuggingFaceTokenizer.load(dir.resolve("missing.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void isThreadSafe() {
    HuggingFaceTokenizer qwen = Fixtures.ours(Fixtures.QWEN);
    List<String> texts = Corpus.samples();
    List<List<Integer>> sequential = texts.stream().map(s -> qwen.encode(s).asList()).collect(Collectors.toList());
    List<List<Integer>> parallel =
        IntStream.range(0, texts.size() * 8)
            .parallel()
            .mapToObj(i -> qwen.encode(texts.get(i % texts.size())).asList())
            .collect(Collectors.toList());
    for (int i = 0; i < parallel.size(); i++) {
      assertThat(parallel.get(i)).isEqualTo(sequential.get(i % texts.size()));
    }
  }
}
