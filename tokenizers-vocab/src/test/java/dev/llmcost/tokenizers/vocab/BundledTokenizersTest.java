package dev.llmcost.tokenizers.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundled files are the sources' files, the registry finds them (by id, alias and catalog
 * model) through ServiceLoader, and they give the published ids.
 */
class BundledTokenizersTest {

  private final TokenizerRegistry registry = TokenizerRegistry.standard();

  static byte[] bundled(BundledVocabulary v) throws IOException {
    try (InputStream raw = BundledTokenizers.class.getResourceAsStream(v.resource())) {
      assertThat(raw).as(v.resource()).isNotNull();
      return new GZIPInputStream(raw).readAllBytes();
    }
  }

  static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static Iterable<BundledVocabulary> vocabularies() {
    return BundledTokenizers.vocabularies();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vocabularies")
  void everyBundledFileIsItsSourcesFile(BundledVocabulary v) throws Exception {
    assertThat(sha256(bundled(v))).as(v.id() + " from " + v.source()).isEqualTo(v.sha256());
    Tokenizer t = registry.resolve(v.id());
    assertThat(t.id()).isEqualTo(v.id());
    assertThat(t.vocabularySize()).isEqualTo(v.vocabularySize());
    assertThat(v.license()).startsWith("Apache-2.0");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "bert-base-uncased, /all-minilm-l6-v2-q-tokenizer.json",
    "bert-base-chinese, /bge-small-zh-v1.5-q-tokenizer.json"
  })
  void theBertFilesEqualTheUpstreamArtifacts(String id, String upstream) throws Exception {
    BundledVocabulary v =
        BundledTokenizers.vocabularies().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    byte[] expected;
    try (InputStream in = BundledTokenizersTest.class.getResourceAsStream(upstream)) {
      assertThat(in).as(upstream + " on the test class path").isNotNull();
      expected = in.readAllBytes();
    }
    assertThat(bundled(v)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // ids and aliases
    "qwen2.5, qwen2.5", "QWEN2.5, qwen2.5", "mistral-7b-v0.1, mistral-7b-v0.1", "mistral-7b, mistral-7b-v0.1",
    "bert-base-uncased, bert-base-uncased", "bert-base-chinese, bert-base-chinese",
    // catalog models and their aliases
    "qwen2.5-7b, qwen2.5", "qwen2.5-0.5b, qwen2.5", "qwen2.5-72b, qwen2.5", "qwen-2.5-7b, qwen2.5",
    "mistral, mistral-7b-v0.1", "bert, bert-base-uncased", "bert-large-uncased, bert-base-uncased",
    "distilbert-base-uncased, bert-base-uncased",
    // and the built-in ones still resolve
    "gpt-4o, o200k_base", "character, character"
  })
  void theRegistryFindsThemByIdAliasAndCatalogModel(String id, String tokenizer) {
    assertThat(registry.resolve(id).id()).isEqualTo(tokenizer);
  }

  @Test
  void eachIsLoadedOnceAndShared() {
    assertThat(registry.resolve("qwen2.5-7b")).isSameAs(registry.resolve("qwen2.5"));
    assertThat(registry.ids()).contains("qwen2.5", "mistral-7b", "bert-base-chinese", "qwen2.5-72b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"bert-base-uncased", "bert-base-chinese", "mistral-7b-v0.1"})
  void vocabularySizesEqualTheCatalogConfigs(String id) {
    assertThat(registry.resolve(id).vocabularySize()).isEqualTo(ModelCatalog.bundled().get(id).vocabSize());
  }

  @ParameterizedTest(name = "{0} \"{1}\" {3}")
  @CsvFileSource(resources = "/dev/llmcost/tokenizers/vocab/bundled-token-ids.csv", numLinesToSkip = 1)
  void givesThePublishedIds(String tokenizer, String text, String ids, String special, String source) {
    int[] expected = Arrays.stream(ids.split(" ")).mapToInt(Integer::parseInt).toArray();
    EncodeOptions options = EncodeOptions.DEFAULT.withAddSpecialTokens(!special.equals("none"));
    int[] actual = registry.resolve(tokenizer).encode(text, options).toArray();
    System.out.printf("%-18s %-14s expected %s, got %s (%s)%n", tokenizer, text, ids, Arrays.toString(actual), source);
    assertThat(actual).containsExactly(expected);
  }

  @Test
  void bertChineseSplitsChineseOneTokenPerCharacter() {
    Tokenizer t = registry.resolve("bert-base-chinese");
    assertThat(t.countTokens("你好,世界!").value()).isEqualTo(6);
    assertThat(t.decode(t.encodeToArray("你好,世界!"))).isEqualTo("你 好, 世 界!");
  }

  @Test
  void gatedModelsStillNeedTheUsersFile() {
    assertThatThrownBy(() -> registry.resolve("llama-3.1-8b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LLMCOST_TOKENIZER_LLAMA_3");
  }
}
