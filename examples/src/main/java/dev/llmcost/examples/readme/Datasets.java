package dev.llmcost.examples.readme;

// snippet:datasets-java
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.dataset.DatasetCounter;
import dev.llmcost.tokenizers.dataset.DatasetPaths;
import dev.llmcost.tokenizers.dataset.DatasetTokenStats;
import dev.llmcost.tokenizers.dataset.LanguageIdentifier;
import java.util.List;
// end-snippet

/** The README's dataset-counting snippet. */
public final class Datasets {
  private Datasets() {}

  /**
   * Runs the snippet (it needs the user's files and a language identifier).
   *
   * @param myIdentifier any language identifier
   */
  static void count(LanguageIdentifier myIdentifier) {
    // snippet:datasets-java
    TokenizerRegistry registry = TokenizerRegistry.standard();
    DatasetTokenStats s = DatasetCounter.builder()
        .tokenizers(List.of(registry.resolve("gpt-4o"), registry.resolve("qwen2.5")))
        .field("text").threads(8).languages(myIdentifier)     // LanguageIdentifier: any String -> code
        .build()
        .count(DatasetPaths.expand("crawl/*.jsonl.gz"));
    s.tokens("o200k_base");  s.files();  s.languages();  s.total().tokensPerCharacter("qwen2.5");
    // end-snippet
  }
}
