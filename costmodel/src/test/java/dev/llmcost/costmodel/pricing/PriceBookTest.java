package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceBookTest {

  static ModelPrice price(String id, String... aliases) {
    return ModelPrice.builder(id, TokenRates.usdPerMillion("1", "2"), "2025-09", "test")
        .aliases(List.of(aliases))
        .build();
  }

  @Test
  void aBookOfOnesOwnPricesBills() {
    ModelPrice negotiated =
        ModelPrice.builder(
                "our-llm",
                TokenRates.of(TokenPrice.perMillion(Money.of("0.90", "EUR")), TokenPrice.perMillion(Money.of("3.60", "EUR"))),
                "2025-09-15",
                "contract 2025-17")
            .provider("in-house")
            .batch(TokenRates.of(TokenPrice.perMillion(Money.of("0.45", "EUR")), TokenPrice.perMillion(Money.of("1.80", "EUR"))))
            .tier(
                ContextTier.above(
                    TokenCount.of(32_000),
                    TokenRates.ofInput(TokenPrice.perMillion(Money.of("1.80", "EUR")))))
            .note("negotiated")
            .build();
    PriceBook book = PriceBook.of("ours", List.of(negotiated));
    Bill bill = book.bill("our-llm", TokenUsage.of(40_000, 1_000));
    assertThat(bill.currency().getCurrencyCode()).isEqualTo("EUR");
    // above 32K only the input price changes: 40,000 × 1.80 + 1,000 × 3.60 per 1M
    assertThat(bill.total()).isEqualTo(Money.of("0.0756", "EUR"));
    assertThat(book.toString()).isEqualTo("ours (1 models: {in-house=1})");
  }

  @Test
  void duplicateIdsAndAliasesAreRejected() {
    assertThatThrownBy(() -> PriceBook.of("b", List.of(price("a"), price("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price book \"b\" lists model \"a\" twice for the same days: entries must have"
            + " validFrom and validUntil that do not overlap, were (unknown).. and (unknown)..");
    assertThatThrownBy(() -> PriceBook.of("b", List.of(price("a"), price("c", "a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price book \"b\": alias \"a\" of \"c\" is already a name of \"a\"");
  }

  @Test
  void caseInsensitiveLookupMustBeUnambiguous() {
    PriceBook book = PriceBook.of("b", List.of(price("Model"), price("MODEL")));
    assertThat(book.get("Model").id()).isEqualTo("Model");
    assertThat(book.find("model")).isEmpty();
  }

  @Test
  void entriesAreValidated() {
    assertThatThrownBy(() -> ModelPrice.builder("m", TokenRates.usdPerMillion("1", "2"), "March 2025", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seen must be an ISO 8601 date such as 2023, 2025-03 or 2025-08-14, was \"March 2025\"");
    assertThatThrownBy(() -> ModelPrice.builder("m", TokenRates.usdPerMillion("1", "2"), "2025-13", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ModelPrice.builder(
                    "m", TokenRates.of(TokenKind.OUTPUT, TokenPrice.usdPerMillion("1")), "2025", "x"))
        .hasMessageStartingWith("standard prices of \"m\" must list an input price");
    assertThatThrownBy(() -> ModelPrice.builder("m", TokenRates.usdPerMillion("1", "2"), "2025", " "))
        .hasMessage("source must not be blank, was \" \"");
    assertThatThrownBy(() -> ContextTier.above(TokenCount.ZERO, TokenRates.usdPerMillion("1", "2")))
        .hasMessage("tier threshold must be > 0 tokens, was 0");
  }

  @Test
  void aKindWithoutAPriceCannotBeBilled() {
    ModelPrice embedding =
        ModelPrice.builder("embed", TokenRates.ofInput(TokenPrice.usdPerMillion("0.02")), "2025", "x")
            .build();
    assertThat(embedding.bill(TokenUsage.of(1_000, 0)).total()).isEqualTo(Money.usd("0.00002"));
    assertThatThrownBy(() -> embedding.bill(TokenUsage.of(1_000, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model \"embed\" has no output price in the price book, was asked to bill 1 token");
  }
}
