package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Effective-dated prices: history kept, the entry in force on a day, and the bundled 2026 book. */
class PriceHistoryTest {

  static final PriceBook BOOK = PriceBook.bundled();

  @Test
  void articlePriceIsTheGpt35TurboPriceOf2023() {
    ModelPrice p = BOOK.get("gpt-3.5-turbo", LocalDate.of(2023, 6, 1));
    assertThat(p.standard().listed(TokenKind.INPUT).orElseThrow().perThousandTokens())
        .isEqualTo(Money.usd("0.002"));
    assertThat(p.validFrom()).contains(LocalDate.of(2023, 3, 1));
    assertThat(p.validUntil()).contains(LocalDate.of(2023, 6, 13));
    assertThat(p.bill(TokenUsage.of(1_000, 0)).total()).isEqualTo(Money.usd("0.002"));
    // The cut of 2023-06-13 is a new entry, not an edit.
    assertThat(BOOK.get("gpt-3.5-turbo", LocalDate.of(2023, 6, 13)).standard().listed(TokenKind.INPUT))
        .contains(TokenPrice.usdPerMillion("1.50"));
    // Today's gpt-3.5-turbo is the dataset's $0.50 / $1.50, in force since the 0125 cut.
    ModelPrice today = BOOK.get("gpt-3.5-turbo", LocalDate.of(2026, 12, 5));
    assertThat(today.standard()).isEqualTo(TokenRates.usdPerMillion("0.5", "1.5"));
    assertThat(today.validFrom()).contains(LocalDate.of(2024, 1, 25));
    assertThat(BOOK.history("gpt-3.5-turbo")).hasSize(4);
    assertThat(BOOK.get("gpt-3.5-turbo-2023").validUntil()).contains(LocalDate.of(2023, 6, 13));
  }

  @Test
  void aModelHasNoPriceBeforeItsFirstEntry() {
    assertThatThrownBy(() -> BOOK.get("gpt-3.5-turbo", LocalDate.of(2022, 12, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no price on 2022-12-01")
        .hasMessageContaining("2023-03-01");
  }

  @Test
  void aPriceCutInTheDatasetIsKeptAsHistory() {
    // genai-prices lists o3 at $10 / $40 and, from 2025-06-10, at $2 / $8.
    assertThat(BOOK.get("o3", LocalDate.of(2025, 5, 1)).standard().listed(TokenKind.INPUT))
        .contains(TokenPrice.usdPerMillion("10"));
    assertThat(BOOK.get("o3", LocalDate.of(2025, 7, 1)).standard().listed(TokenKind.INPUT))
        .contains(TokenPrice.usdPerMillion("2"));
  }

  @Test
  void gpt5IsBilledAtTodaysPricesWithDateAndSource() {
    Bill bill = BOOK.bill("gpt-5", TokenUsage.of(1_000, 500), BillingMode.STANDARD, LocalDate.of(2026, 12, 5));
    // $1.25 per 1M input, $10 per 1M output.
    assertThat(bill.total()).isEqualTo(Money.usd("0.00625"));
    assertThat(bill.modelPrice().seen()).isEqualTo("2026-09-23");
    assertThat(bill.modelPrice().source()).contains("genai-prices 0.1.8");
    assertThat(BOOK.get("gpt-5-2025-08-07").id()).isEqualTo("gpt-5");
    assertThat(bill.modelPrice().validFrom()).contains(LocalDate.of(2025, 8, 7));
  }

  @Test
  void claudeSonnet45HasCacheWritesAndA200kTier() {
    ModelPrice p = BOOK.get("claude-sonnet-4-5");
    assertThat(p.provider()).isEqualTo("anthropic");
    assertThat(p.standard().listed(TokenKind.CACHE_WRITE_5M)).contains(TokenPrice.usdPerMillion("3.75"));
    assertThat(p.standard().listed(TokenKind.CACHE_WRITE_1H)).contains(TokenPrice.usdPerMillion("6"));
    assertThat(p.bill(TokenUsage.of(1_000, 500)).total()).isEqualTo(Money.usd("0.0105"));
    assertThat(p.tierFor(TokenCount.of(200_001)).orElseThrow().threshold()).isEqualTo(TokenCount.of(200_000));
  }

  @Test
  void gemini25ProBillsALongPromptAtItsLongContextTier() {
    Bill bill = BOOK.bill("gemini-2.5-pro", TokenUsage.of(250_000, 1_000));
    assertThat(bill.tier().orElseThrow().threshold()).isEqualTo(TokenCount.of(200_000));
    // 250,000 × $2.50/1M + 1,000 × $15/1M
    assertThat(bill.total()).isEqualTo(Money.usd("0.64"));
    assertThat(BOOK.bill("gemini-2.5-pro", TokenUsage.of(200_000, 1_000)).tier()).isEmpty();
  }

  @Test
  void bookIsBroadAndEveryEntryIsDated() {
    List<ModelPrice> latest = BOOK.latest();
    assertThat(latest).hasSizeGreaterThanOrEqualTo(60);
    Set<String> providers = new HashSet<>();
    for (ModelPrice p : latest) {
      providers.add(p.provider());
      assertThat(p.seenDate()).as(p.id()).isBeforeOrEqualTo(LocalDate.of(2026, 12, 5));
      assertThat(p.source()).as(p.id()).isNotBlank();
    }
    assertThat(providers).contains("openai", "anthropic", "google", "deepseek", "mistral", "groq", "together");
    for (String id : List.of("gpt-5", "gpt-5-mini", "gpt-4.1", "o3", "o4-mini", "claude-haiku-4-5",
        "claude-opus-4-1", "gemini-2.5-flash", "deepseek-v3.2", "groq/openai/gpt-oss-120b",
        "cerebras/gpt-oss-120b", "groq/llama-3.3-70b-versatile", "cerebras/llama-3.3-70b",
        "fireworks/qwen3-235b-a22b", "groq/qwen/qwen3-32b")) {
      assertThat(BOOK.find(id)).as(id).isPresent();
    }
  }

  @Test
  void overlappingEntriesOfOneModelAreRejected() {
    ModelPrice a = ModelPrice.builder("m", TokenRates.usdPerMillion("1", "2"), "2025", "test")
        .validFrom(LocalDate.of(2025, 1, 1)).build();
    ModelPrice b = ModelPrice.builder("m", TokenRates.usdPerMillion("1", "1"), "2025-06", "test")
        .validFrom(LocalDate.of(2025, 6, 1)).build();
    assertThatThrownBy(() -> PriceBook.of("t", List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lists model \"m\" twice for the same days");
    ModelPrice closed = ModelPrice.builder("m", TokenRates.usdPerMillion("1", "2"), "2025", "test")
        .validFrom(LocalDate.of(2025, 1, 1)).validUntil(LocalDate.of(2025, 6, 1)).build();
    PriceBook book = PriceBook.of("t", List.of(b, closed));
    assertThat(book.find("m", LocalDate.of(2025, 5, 31))).contains(closed);
    assertThat(book.find("m", LocalDate.of(2025, 6, 1))).contains(b);
    assertThat(book.find("m")).contains(b);
    assertThat(book.find("m", LocalDate.of(2024, 12, 31))).isEmpty();
    assertThat(book.size()).isEqualTo(1);
  }

  @Test
  void validUntilMustFollowValidFrom() {
    assertThatThrownBy(() -> ModelPrice.builder("m", TokenRates.usdPerMillion("1", "2"), "2025", "t")
            .validFrom(LocalDate.of(2025, 6, 1)).validUntil(LocalDate.of(2025, 6, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validUntil of \"m\" must be after validFrom (2025-06-01), was 2025-06-01");
  }
}
