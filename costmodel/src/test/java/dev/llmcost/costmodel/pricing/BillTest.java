package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BillTest {

  private static final PriceBook BOOK = PriceBook.bundled();

  @Test
  void openAiRequestWithCachedPromptIsItemised() {
    Bill bill = BOOK.bill("gpt-4o", TokenUsage.openAi().promptTokens(12_000).cachedTokens(8_000).completionTokens(400).build());
    assertThat(bill.line(TokenKind.INPUT).orElseThrow().cost()).isEqualTo(Money.usd("0.01"));
    assertThat(bill.line(TokenKind.CACHE_READ).orElseThrow().cost()).isEqualTo(Money.usd("0.01"));
    assertThat(bill.line(TokenKind.OUTPUT).orElseThrow().cost()).isEqualTo(Money.usd("0.004"));
    assertThat(bill.inputCost()).isEqualTo(Money.usd("0.02"));
    assertThat(bill.outputCost()).isEqualTo(Money.usd("0.004"));
    assertThat(bill.total()).isEqualTo(Money.usd("0.024"));
    assertThat(bill.lines()).hasSize(3);
    assertThat(bill.tier()).isEmpty();
    assertThat(bill.mode()).isEqualTo(BillingMode.STANDARD);
    assertThat(bill.toString()).contains("cache read").contains("total").contains("USD 0.024000");
  }

  @Test
  void anthropicRequestWithCacheWritesIsItemised() {
    // 1,000 plain input, 50,000 cache reads, 10,000 5-minute writes, 4,000 1-hour writes, 800 out.
    Bill bill = BOOK.bill("claude-sonnet-4", TokenUsage.anthropic().inputTokens(1_000).cacheReadInputTokens(50_000).cacheCreationInputTokens(10_000).cacheCreation1hInputTokens(4_000).outputTokens(800).build());
    assertThat(bill.line(TokenKind.INPUT).orElseThrow().cost()).isEqualTo(Money.usd("0.003"));
    assertThat(bill.line(TokenKind.CACHE_READ).orElseThrow().cost()).isEqualTo(Money.usd("0.015"));
    assertThat(bill.line(TokenKind.CACHE_WRITE_5M).orElseThrow().cost()).isEqualTo(Money.usd("0.0375"));
    assertThat(bill.line(TokenKind.CACHE_WRITE_1H).orElseThrow().cost()).isEqualTo(Money.usd("0.024"));
    assertThat(bill.line(TokenKind.OUTPUT).orElseThrow().cost()).isEqualTo(Money.usd("0.012"));
    assertThat(bill.total()).isEqualTo(Money.usd("0.0915"));
  }

  @Test
  void wholeRequestIsBilledAtTheTierOnceThePromptCrossesIt() {
    TokenUsage atThreshold = TokenUsage.anthropic().inputTokens(100_000).cacheReadInputTokens(100_000).outputTokens(1_000).build();
    Bill below = BOOK.bill("claude-sonnet-4", atThreshold);
    assertThat(below.tier()).isEmpty();
    // 100,000 × 3 + 100,000 × 0.30 + 1,000 × 15 per 1M
    assertThat(below.total()).isEqualTo(Money.usd("0.345"));

    Bill above = BOOK.bill("claude-sonnet-4", atThreshold.withInput(TokenCount.of(100_001)));
    assertThat(above.tier()).isPresent();
    // 100,001 × 6 + 100,000 × 0.60 + 1,000 × 22.50 per 1M: output is billed at the tier too
    assertThat(above.line(TokenKind.OUTPUT).orElseThrow().price())
        .isEqualTo(TokenPrice.usdPerMillion("22.50"));
    assertThat(above.total()).isEqualTo(Money.usd("0.682506"));
    assertThat(above.toString()).contains("prompt above 200000 tokens");
  }

  @Test
  void batchIsBilledAtBatchPrices() {
    TokenUsage u = TokenUsage.of(10_000, 2_000);
    Bill standard = BOOK.bill("gpt-4o-mini", u);
    Bill batch = BOOK.bill("gpt-4o-mini", u, BillingMode.BATCH);
    assertThat(batch.mode()).isEqualTo(BillingMode.BATCH);
    assertThat(batch.total().times(2)).isEqualTo(standard.total());
    assertThat(batch.total()).isEqualTo(Money.usd("0.00135"));
  }

  @Test
  void batchWithoutBatchPricesIsRefused() {
    assertThatThrownBy(() -> BOOK.bill("o1", TokenUsage.of(1, 1), BillingMode.BATCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model \"o1\" has no batch prices in the price book (seen 2025-03)");
    assertThatThrownBy(
            () -> BOOK.bill("claude-sonnet-4", TokenUsage.of(300_000, 1), BillingMode.BATCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no batch prices for prompts above 200000 tokens");
  }

  @Test
  void reasoningTokensAreBilledAsOutput() {
    Bill bill = BOOK.bill("o3-mini", TokenUsage.openAi().promptTokens(1_000).cachedTokens(0).completionTokens(5_000).reasoningTokens(4_000).build());
    assertThat(bill.line(TokenKind.REASONING).orElseThrow().price())
        .isEqualTo(TokenPrice.usdPerMillion("4.40"));
    assertThat(bill.outputCost()).isEqualTo(Money.usd("0.022"));
    assertThat(bill.total()).isEqualTo(Money.usd("0.0231"));
  }

  @Test
  void unknownModelListsCloseMatches() {
    assertThatThrownBy(() -> BOOK.bill("gpt-4o-mni", TokenUsage.of(1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown model \"gpt-4o-mni\"; did you mean gpt-4o-mini")
        .hasMessageEndingWith("(price book: llmcost bundled prices)");
    assertThatThrownBy(() -> BOOK.get("claude-sonet-4"))
        .hasMessageContaining("did you mean claude-sonnet-4");
  }

  @Test
  void lookupIgnoresCaseAndKnowsAliases() {
    assertThat(BOOK.get("GPT-4o").id()).isEqualTo("gpt-4o");
    assertThat(BOOK.get("claude-3-haiku-20240307").id()).isEqualTo("claude-haiku-3");
    assertThat(BOOK.find("gpt-99")).isEmpty();
  }

  @Test
  void emptyRequestCostsNothing() {
    Bill bill = BOOK.bill("gpt-4o", TokenUsage.NONE);
    assertThat(bill.lines()).isEmpty();
    assertThat(bill.total()).isEqualTo(Money.usd("0"));
  }

  /** Laws over random requests: lines add up, halves add up, and twice the tokens cost twice. */
  @Test
  void billsAreExactAndAdditive() {
    Random random = new Random(7);
    List<ModelPrice> priceable = new ArrayList<>();
    for (ModelPrice p : BOOK.all()) {
      // every kind priced, and every long-context tier above the largest doubled prompt (180K)
      if (Arrays.stream(TokenKind.values()).allMatch(k -> p.standard().price(k).isPresent())
          && p.tiers().stream().allMatch(t -> t.threshold().value() >= 180_000)) {
        priceable.add(p);
      }
    }
    assertThat(priceable).hasSizeGreaterThan(60);
    for (int i = 0; i < 500; i++) {
      ModelPrice p = priceable.get(random.nextInt(priceable.size()));
      TokenUsage u =
          TokenUsage.NONE
              .withInput(TokenCount.of(random.nextInt(40_000)))
              .withCacheRead(TokenCount.of(random.nextInt(40_000)))
              .withCacheWrite5m(TokenCount.of(random.nextInt(3) == 0 ? random.nextInt(5_000) : 0))
              .withCacheWrite1h(TokenCount.of(random.nextInt(3) == 0 ? random.nextInt(5_000) : 0))
              .withOutput(TokenCount.of(random.nextInt(8_000)))
              .withReasoning(TokenCount.of(random.nextInt(4_000)));
      Bill bill = p.bill(u);
      Money lines = Money.zero(Money.USD);
      for (BillLine l : bill.lines()) {
        lines = lines.plus(l.cost());
        assertThat(l.cost()).isEqualTo(l.price().times(l.tokens()));
      }
      assertThat(bill.total()).isEqualTo(lines);
      assertThat(bill.inputCost().plus(bill.outputCost())).isEqualTo(bill.total());
      assertThat(bill.total().isNegative()).isFalse();
      // below every tier, a request of twice the tokens costs exactly twice as much
      assertThat(p.bill(u.times(2)).total()).isEqualTo(bill.total().times(2));
      // and splitting it into its prompt and completion sides loses nothing
      TokenUsage promptOnly = u.withOutput(TokenCount.ZERO).withReasoning(TokenCount.ZERO);
      TokenUsage completionOnly =
          TokenUsage.NONE.withOutput(u.output()).withReasoning(u.reasoning());
      assertThat(p.bill(promptOnly).total().plus(p.bill(completionOnly).total()))
          .isEqualTo(bill.total());
    }
  }
}
