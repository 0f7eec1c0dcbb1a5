package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.training.BpeStyle;
import dev.llmcost.tokenizers.training.BpeTrainer;
import dev.llmcost.tokenizers.training.BpeTrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Model ids resolve as tiktoken's encoding_for_model does; unknown ids name close matches. */
class TokenizerRegistryTest {

  private final TokenizerRegistry registry = TokenizerRegistry.standard();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // exact names and prefixes of tiktoken's model.py
    "gpt-5, o200k_base", "gpt-5-mini, o200k_base", "gpt-5-2025-08-07, o200k_base",
    "gpt-4.1, o200k_base", "gpt-4.1-nano, o200k_base", "gpt-4.5-preview, o200k_base",
    "gpt-4o, o200k_base", "gpt-4o-mini, o200k_base", "gpt-4o-2024-08-06, o200k_base", "chatgpt-4o-latest, o200k_base",
    "o1, o200k_base", "o1-mini, o200k_base", "o3, o200k_base", "o3-mini, o200k_base", "o4-mini, o200k_base",
    "ft:gpt-4o-mini:org::abc, o200k_base", "gpt-5.1, o200k_base", "gpt-oss-120b, o200k_harmony",
    "gpt-oss-20b, o200k_harmony",
    "gpt-4, cl100k_base", "gpt-4-turbo, cl100k_base", "gpt-4-32k-0314, cl100k_base", "gpt-3.5-turbo, cl100k_base",
    "gpt-3.5-turbo-0301, cl100k_base", "gpt-35-turbo-16k, cl100k_base", "text-embedding-3-large, cl100k_base",
    "davinci-002, cl100k_base", "ft:davinci-002:org::x, cl100k_base",
    "text-davinci-003, p50k_base", "code-davinci-002, p50k_base", "text-davinci-edit-001, p50k_edit",
    "text-davinci-001, r50k_base", "davinci, r50k_base", "gpt-3, r50k_base", "gpt2, r50k_base",
    "text-similarity-ada-001, r50k_base",
    // catalog models whose tokenizer is built in
    "gpt2-xl, r50k_base", "gpt3-175b, r50k_base", "gpt3-1.3b, r50k_base",
    // encodings by name, any case
    "o200k_base, o200k_base", "o200k_harmony, o200k_harmony", "CL100K_BASE, cl100k_base", "  GPT-4o  , o200k_base", "character, character"
  })
  void resolvesModelIds(String id, String tokenizer) {
    assertThat(registry.resolve(id).id()).isEqualTo(tokenizer);
  }

  /**
   * Every name of tiktoken's model.py (tiktoken 0.14.0): each MODEL_TO_ENCODING entry and names
   * that each MODEL_PREFIX_TO_ENCODING prefix resolves, with tiktoken's encoding.
   */
  @ParameterizedTest(name = "{0} -> {1} ({2})")
  @CsvFileSource(resources = "tiktoken-models.csv", numLinesToSkip = 1, encoding = "UTF-8")
  void resolvesEveryTiktokenModelName(String model, String encoding, String source) {
    assertThat(registry.resolve(model).id()).isEqualTo(encoding);
    assertThat(dev.llmcost.tokenizers.openai.OpenAiModels.encodingFor(model).orElseThrow().id()).isEqualTo(encoding);
  }

  @Test
  void knowsTheOpenWeightModelsAndTheirEncoding() {
    assertThat(registry.ids()).contains("gpt-oss-20b", "gpt-oss-120b", "o200k_harmony");
  }

  @Test
  void unknownIdsListCloseMatches() {
    assertThatThrownBy(() -> registry.resolve("gpt-4oo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown tokenizer \"gpt-4oo\"")
        .hasMessageContaining("gpt-4o");
    assertThatThrownBy(() -> registry.resolve("cl100k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cl100k_base");
    assertThatThrownBy(() -> registry.resolve("no/such/tokenizer.json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tokenizer file not found: no/such/tokenizer.json");
  }

  @Test
  void factoriesExtendTheRegistry() {
    TokenizerRegistry extended = registry.with(TokenizerFactory.of("bert-base-uncased", CharacterTokenizer::instance));
    assertThat(extended.resolve("BERT-base-uncased")).isSameAs(CharacterTokenizer.instance());
    assertThat(extended.resolve("gpt-4o").id()).isEqualTo("o200k_base");
    assertThat(extended.ids()).contains("bert-base-uncased", "gpt-4o", "o200k_base");
    // the factory answers for the catalog's models that use its tokenizer too
    assertThat(extended.resolve("distilbert-base-uncased")).isSameAs(CharacterTokenizer.instance());
    assertThat(registry.find("no-such-model")).isEmpty();
    TokenizerFactory failing = new TokenizerFactory() {
      @Override
      public Optional<Tokenizer> find(String idOrPath) {
        if (idOrPath.endsWith("broken.json")) {
          throw new IllegalArgumentException("malformed tokenizer file " + idOrPath);
        }
        return Optional.empty();
      }

      @Override
      public List<String> ids() {
        return List.of();
      }
    };
    assertThatThrownBy(() -> registry.with(failing).resolve("x/broken.json")).hasMessageContaining("malformed");
  }

  /** Trains a small byte-level BPE and writes it as {@code dir/tokenizer.json}. */
  private static Path smallTokenizerJson(Path dir) {
    Path file = dir.resolve("tokenizer.json");
    BpeTrainer.train(
            List.of("the quick brown fox jumps over the lazy dog\n".repeat(20)),
            BpeTrainingOptions.of(BpeStyle.BYTE_LEVEL, 300),
            p -> {})
        .writeTo(file);
    return file;
  }

  @Test
  void readsTokenizerFilesByPathOrDirectory(@TempDir Path dir) throws IOException {
    Path file = smallTokenizerJson(Files.createDirectories(dir.resolve("my-model")));
    Tokenizer byFile = registry.resolve(file.toString());
    assertThat(byFile.id()).isEqualTo("my-model");
    assertThat(byFile.decode(byFile.encodeToArray("the lazy fox"))).isEqualTo("the lazy fox");
    assertThat(registry.resolve(file.getParent().toString()).vocabularySize()).isEqualTo(byFile.vocabularySize());
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"model\": {\"type\": \"BPE\"}}");
    assertThatThrownBy(() -> registry.resolve(broken.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read tokenizer file " + broken)
        .hasMessageContaining("model.vocab");
    Path text = Files.writeString(dir.resolve("notes.txt"), "x");
    assertThatThrownBy(() -> registry.resolve(text.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no tokenizer reads " + text);
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> registry.resolve(empty.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("directory " + empty + " holds no tokenizer.json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"qwen2.5", "mistral-7b", "bert-base-uncased", "bert-base-chinese"})
  void bundledVocabulariesNameTheirArtifactWhenItIsMissing(String id) {
    // this module's tests run without llmcost-tokenizers-vocab
    assertThatThrownBy(() -> registry.resolve(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dev.llmcost:llmcost-tokenizers-vocab");
  }

  @Test
  void catalogModelsSayWhichTokenizerTheyNeed() {
    assertThatThrownBy(() -> registry.resolve("qwen2.5-7b"))
        .hasMessageStartingWith("model qwen2.5-7b uses the qwen2.5 tokenizer: ")
        .hasMessageContaining("llmcost-tokenizers-vocab");
    assertThatThrownBy(() -> registry.resolve("llama3.1-8b"))
        .hasMessageStartingWith("model llama-3.1-8b uses the llama-3 tokenizer: the llama-3 tokenizer is not bundled");
    assertThatThrownBy(() -> registry.resolve("gemma-2-9b"))
        .hasMessageStartingWith("model gemma-2-9b uses the gemma tokenizer: ");
    assertThat(registry.ids()).contains("llama-3", "gemma", "llama-3.1-8b", "qwen2.5-72b", "gpt2-medium");
  }

  @ParameterizedTest
  @CsvSource({"llama-3, LLMCOST_TOKENIZER_LLAMA_3, llmcost.tokenizer.llama-3", "gemma, LLMCOST_TOKENIZER_GEMMA, llmcost.tokenizer.gemma"})
  void llama3AndGemmaSayHowToGiveTheUsersFile(String id, String variable, String property) {
    assertThatThrownBy(() -> registry.resolve(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the " + id + " tokenizer is not bundled")
        .hasMessageContaining("llmcost tokens --tokenizer /path/to/tokenizer.json")
        .hasMessageContaining(variable)
        .hasMessageContaining("-D" + property + "=")
        .hasMessageContaining("withFile(\"" + id + "\", path)");
  }

  @Test
  void theUsersFileServesLlama3AndItsModels(@TempDir Path dir) {
    Path file = smallTokenizerJson(dir);
    TokenizerRegistry withLlama = registry.withFile("llama-3", file);
    Tokenizer t = withLlama.resolve("llama-3.1-8b");
    assertThat(t.id()).isEqualTo("llama-3");
    assertThat(withLlama.resolve("LLAMA-3")).isSameAs(t);
    assertThat(withLlama.resolve("llama-3.2-1b")).isSameAs(t);
    assertThatThrownBy(() -> registry.withFile(" ", file)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theUsersFileCanBeNamedByASystemProperty(@TempDir Path dir) {
    Path file = smallTokenizerJson(dir);
    System.setProperty("llmcost.tokenizer.gemma", file.toString());
    try {
      assertThat(registry.resolve("gemma-7b").id()).isEqualTo("gemma");
      assertThat(registry.resolve("gemma").decode(registry.resolve("gemma").encodeToArray("lazy dog")))
          .isEqualTo("lazy dog");
      System.setProperty("llmcost.tokenizer.gemma", dir.resolve("missing.json").toString());
      assertThatThrownBy(() -> registry.resolve("gemma"))
          .hasMessageContaining("missing.json")
          .hasMessageContaining("does not exist");
    } finally {
      System.clearProperty("llmcost.tokenizer.gemma");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"qwen2.5", "qwen2.5-7b", "llama-3", "llama-3.1-8b", "no-such-tokenizer", "missing/tokenizer.json"})
  void findNeverThrowsForATokenizerItCannotServe(String id) {
    assertThat(registry.find(id)).isEmpty();
  }

  @Test
  void theMissingVocabularyArtifactIsNamedWithItsCoordinates() {
    assertThatThrownBy(() -> registry.resolve("qwen2.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the qwen2.5 tokenizer is bundled in the optional artifact dev.llmcost:llmcost-tokenizers-vocab")
        .hasMessageContaining("add the dependency " + TokenizerRegistry.VOCABULARY_ARTIFACT);
  }

  @Test
  void aFileIsParsedOnceUntilItChanges(@TempDir Path dir) throws IOException {
    Path file = smallTokenizerJson(Files.createDirectories(dir.resolve("cached")));
    Tokenizer first = registry.resolve(file.toString());
    assertThat(registry.resolve(file.toString())).isSameAs(first);
    assertThat(registry.find(file.toAbsolutePath().toString())).containsSame(first);
    assertThat(registry.resolve(file.getParent().toString())).isSameAs(first);
    Files.writeString(file, Files.readString(file) + "\n");
    Tokenizer second = registry.resolve(file.toString());
    assertThat(second).isNotSameAs(first);
    assertThat(second.decode(second.encodeToArray("the lazy fox"))).isEqualTo("the lazy fox");
  }

  @Test
  void preloadResolvesEachIdInOrder(@TempDir Path dir) {
    Path file = smallTokenizerJson(dir);
    List<Tokenizer> loaded = registry.preload("cl100k_base", "character", file.toString());
    assertThat(loaded).extracting(Tokenizer::id).containsExactly("cl100k_base", "character", dir.getFileName().toString());
    assertThat(loaded.get(0)).isSameAs(registry.resolve("gpt-4"));
    assertThatThrownBy(() -> registry.preload("character", "no-such-tokenizer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-tokenizer");
  }

  @Test
  void twoIdsLoadConcurrentlyAndOneIdLoadsOnce() throws Exception {
    // each loader waits until both have started: a lock shared by the two ids would keep the
    // second from starting, and the first loader's await would report false
    java.util.concurrent.CountDownLatch bothStarted = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
    List<Boolean> sawTheOther = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    java.util.function.Supplier<Tokenizer> loader = () -> {
      loads.incrementAndGet();
      bothStarted.countDown();
      try {
        sawTheOther.add(bothStarted.await(30, java.util.concurrent.TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CharacterTokenizer.instance();
    };
    TokenizerRegistry r = registry.with(TokenizerFactory.of("slow-a", loader)).with(TokenizerFactory.of("slow-b", loader));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Tokenizer>> all = new java.util.ArrayList<>();
      for (String id : List.of("slow-a", "slow-b", "slow-a", "slow-b")) {
        all.add(pool.submit(() -> r.resolve(id)));
      }
      for (java.util.concurrent.Future<Tokenizer> f : all) {
        assertThat(f.get()).isSameAs(CharacterTokenizer.instance());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sawTheOther).containsExactly(true, true);
    assertThat(loads).hasValue(2);
  }
}
