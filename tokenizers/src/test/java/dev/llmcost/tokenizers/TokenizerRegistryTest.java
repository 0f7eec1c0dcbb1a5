package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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
    "ft:gpt-4o-mini:org::abc, o200k_base",
    "gpt-4, cl100k_base", "gpt-4-turbo, cl100k_base", "gpt-4-32k-0314, cl100k_base", "gpt-3.5-turbo, cl100k_base",
    "gpt-3.5-turbo-0301, cl100k_base", "gpt-35-turbo-16k, cl100k_base", "text-embedding-3-large, cl100k_base",
    "davinci-002, cl100k_base", "ft:davinci-002:org::x, cl100k_base",
    "text-davinci-003, p50k_base", "code-davinci-002, p50k_base", "text-davinci-edit-001, p50k_edit",
    "text-davinci-001, r50k_base", "davinci, r50k_base", "gpt-3, r50k_base", "gpt2, r50k_base",
    "text-similarity-ada-001, r50k_base",
    // encodings by name, any case
    "o200k_base, o200k_base", "CL100K_BASE, cl100k_base", "  GPT-4o  , o200k_base", "character, character"
  })
  void resolvesModelIds(String id, String tokenizer) {
    assertThat(registry.resolve(id).id()).isEqualTo(tokenizer);
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
    assertThat(extended.knownIds()).contains("bert-base-uncased", "gpt-4o", "o200k_base");
    assertThat(registry.find("bert-base-uncased")).isEmpty();
    TokenizerFactory failing = new TokenizerFactory() {
      @Override
      public Optional<Tokenizer> find(String idOrPath) {
        if (idOrPath.endsWith("broken.json")) {
          throw new IllegalArgumentException("malformed tokenizer file " + idOrPath);
        }
        return Optional.empty();
      }

      @Override
      public List<String> knownIds() {
        return List.of();
      }
    };
    assertThatThrownBy(() -> registry.with(failing).resolve("x/broken.json")).hasMessageContaining("malformed");
  }
}
