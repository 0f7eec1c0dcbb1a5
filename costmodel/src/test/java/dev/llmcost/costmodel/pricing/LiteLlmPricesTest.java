package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads LiteLLM-format files written for this test (a real upstream file: LiteLlmRealFileTest). */
class LiteLlmPricesTest {

  private static final LocalDate SEEN = LocalDate.of(2025, 9, 1);

  static PriceBook load(String resource) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(LiteLlmPricesTest.class.getResourceAsStream(resource))) {
      return LiteLlmPrices.read(in, resource, SEEN);
    }
  }

  @Test
  void readsPerTokenPricesExactlyAndSkipsTheRest() throws IOException {
    PriceBook book = load("litellm-sample.json");
    assertThat(book.ids())
        .containsExactly(
            "example-chat",
            "example-long-context",
            "example-two-tiers",
            "example-batch-tier",
            "example-embedding",
            "example-free",
            "Example-Case");
    ModelPrice chat = book.get("example-chat");
    assertThat(chat.provider()).isEqualTo("openai");
    assertThat(chat.seen()).isEqualTo("2025-09-01");
    assertThat(chat.source()).contains("litellm-sample.json");
    assertThat(chat.standard().listed(TokenKind.INPUT).orElseThrow().perToken().amount())
        .isEqualByComparingTo("0.0000025");
    assertThat(chat.standard().listed(TokenKind.CACHE_READ).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("1.25"));
    assertThat(chat.batch().orElseThrow()).isEqualTo(TokenRates.usdPerMillion("1.25", "5"));
    assertThat(chat.tiers()).isEmpty();
  }

  @Test
  void readsCacheWritesAndLongContextTiers() throws IOException {
    PriceBook book = load("litellm-sample.json");
    ModelPrice lc = book.get("example-long-context");
    assertThat(lc.standard().listed(TokenKind.CACHE_WRITE_5M).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("3.75"));
    assertThat(lc.standard().listed(TokenKind.CACHE_WRITE_1H).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("6"));
    assertThat(lc.tiers()).hasSize(1);
    ContextTier tier = lc.tiers().get(0);
    assertThat(tier.threshold()).isEqualTo(TokenCount.of(200_000));
    // the audio-token tier field is not a per-token text price: ignored
    assertThat(tier.rates().asMap()).hasSize(4);
    // the same prices as the bundled claude-sonnet-4, so the same bill above 200K ...
    TokenUsage big = TokenUsage.anthropic().inputTokens(150_000).cacheReadInputTokens(60_000).cacheCreationInputTokens(10_000).outputTokens(3_000).build();
    assertThat(lc.bill(big).total()).isEqualTo(PriceBook.bundled().bill("claude-sonnet-4", big).total());
    assertThat(lc.bill(big).total()).isEqualTo(Money.usd("1.0785")); // 150,000 × 6 + 60,000 × 0.60 + 10,000 × 7.50 + 3,000 × 22.50 per 1M
    // ... except 1-hour writes: the file lists no 1-hour price above 200K, so the base one stays
    Bill withHourWrites = lc.bill(big.withCacheWrite1h(TokenCount.of(2_000)));
    assertThat(withHourWrites.line(TokenKind.CACHE_WRITE_1H).orElseThrow().price())
        .isEqualTo(TokenPrice.usdPerMillion("6"));

    ModelPrice two = book.get("example-two-tiers");
    assertThat(two.tiers()).extracting(t -> t.threshold().value()).containsExactly(128_000L, 1_000_000L);
    assertThat(two.bill(TokenUsage.of(128_001, 1_000)).total())
        .isEqualTo(Money.usd("0.3300025")); // 128,001 × 2.50 + 1,000 × 10 per 1M
    // above 1M only the output price is listed: the input keeps its base price
    assertThat(two.bill(TokenUsage.of(1_000_001, 1_000)).total())
        .isEqualTo(Money.usd("1.27000125")); // 1,000,001 × 1.25 + 1,000 × 20 per 1M
    assertThat(two.standard().listed(TokenKind.REASONING).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("3.5"));
  }

  @Test
  void readsBatchPricesAboveAThresholdAndIgnoresOtherServiceTiers() throws IOException {
    ModelPrice p = load("litellm-sample.json").get("example-batch-tier");
    assertThat(p.standard().listed(TokenKind.CACHE_READ).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("0.125"));
    assertThat(p.tiers()).hasSize(1);
    assertThat(p.tiers().get(0).batch().orElseThrow()).isEqualTo(TokenRates.usdPerMillion("1.25", "7.5"));
    // 300,000 × 1.25 + 1,000 × 7.50 per 1M, batch above 272K
    assertThat(p.bill(TokenUsage.of(300_000, 1_000), BillingMode.BATCH).total())
        .isEqualTo(Money.usd("0.3825"));
    // priority and flex prices are not read: the standard input price stays 1.25
    assertThat(p.standard().listed(TokenKind.INPUT).orElseThrow()).isEqualTo(TokenPrice.usdPerMillion("1.25"));
    assertThat(p.tiers().get(0).rates().listed(TokenKind.INPUT).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("2.5"));
  }

  @Test
  void zeroPricesAndCaseDistinctKeysLoad() throws IOException {
    PriceBook book = load("litellm-sample.json");
    assertThat(book.bill("example-free", TokenUsage.of(1_000, 1_000)).total().isZero()).isTrue();
    assertThat(book.get("example-case").id()).isEqualTo("Example-Case");
    assertThat(book.get("example-embedding").bill(TokenUsage.of(1_000_000, 0)).total())
        .isEqualTo(Money.usd("0.02"));
  }

  @Test
  void malformedEntriesAreAllReportedByKeyAndNothingLoads() {
    PriceBookFormatException e =
        catchThrowableOfType(PriceBookFormatException.class, () -> load("litellm-malformed.json"));
    assertThat(e).isNotNull();
    assertThat(e.problems().keySet())
        .containsExactly("string-price", "negative-price", "not-an-object", "nan-price", "bad-tier");
    assertThat(e.problems().get("string-price"))
        .isEqualTo("\"input_cost_per_token\" must be a non-negative number, was \"0.000001\"");
    assertThat(e.problems().get("negative-price"))
        .isEqualTo("\"output_cost_per_token\" must be a non-negative number, was -0.000002");
    assertThat(e.problems().get("not-an-object")).isEqualTo("must be a JSON object, was 42");
    assertThat(e.problems().get("bad-tier")).contains("input_cost_per_token_above_200k_tokens");
    assertThat(e.getMessage())
        .startsWith("litellm-malformed.json: 5 malformed entries: \"string-price\": ")
        .doesNotContain("good-model");
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void notJsonIsReported() {
    assertThatThrownBy(() -> LiteLlmPrices.parse("{\"a\": {", "broken.json", SEEN))
        .isInstanceOf(PriceBookFormatException.class)
        .hasMessage(
            "broken.json: not valid JSON: Unexpected end-of-input: expected close marker for Object"
                + " (line 1, column 8)");
    assertThatThrownBy(() -> LiteLlmPrices.parse("[1, 2]", "array.json", SEEN))
        .isInstanceOf(PriceBookFormatException.class)
        .hasMessage("array.json: must be a JSON object of model entries, was [1,2]");
    assertThatThrownBy(
            () ->
                LiteLlmPrices.parse(
                    "{\"m\": {\"input_cost_per_token\": 1e-6}, \"m\": {}}", "dup.json", SEEN))
        .isInstanceOf(PriceBookFormatException.class)
        .hasMessageContaining("Duplicate field 'm'");
    assertThatThrownBy(() -> LiteLlmPrices.parse("", "empty.json", SEEN))
        .isInstanceOf(PriceBookFormatException.class);
  }

  @Test
  void readsAFileDatedByItsModificationTime(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("model_prices_and_context_window.json");
    Files.writeString(
        file, "{\"my-model\": {\"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 4e-06}}");
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2025-10-02T12:00:00Z")));
    PriceBook book = LiteLlmPrices.read(file);
    assertThat(book.get("my-model").seen()).isEqualTo("2025-10-02");
    assertThatThrownBy(() -> LiteLlmPrices.read(dir.resolve("missing.json")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.json");
  }

  @Test
  void aLoadedBookLaysOverTheBundledOne() {
    PriceBook mine =
        LiteLlmPrices.parse(
            "{\"gpt-4o\": {\"input_cost_per_token\": 2e-06, \"output_cost_per_token\": 8e-06},"
                + " \"my-model\": {\"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 1e-06}}",
            "mine.json",
            SEEN);
    PriceBook both = PriceBook.bundled().withPrices(mine);
    assertThat(both.get("gpt-4o").standard()).isEqualTo(TokenRates.usdPerMillion("2", "8"));
    // the replaced entry's aliases are gone with it; the other entries remain
    assertThat(both.find("gpt-4o-2024-08-06")).isEmpty();
    assertThat(both.get("claude-haiku-3").id()).isEqualTo("claude-haiku-3");
    assertThat(both.get("my-model").id()).isEqualTo("my-model");
    assertThat(both.size()).isEqualTo(PriceBook.bundled().size() + 1);
    assertThat(both.name()).contains("mine.json").contains("llmcost bundled prices");
  }
}
