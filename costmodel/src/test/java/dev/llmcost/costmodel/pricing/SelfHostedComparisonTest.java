package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.BreakEven;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.ServingCost;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfHostedComparisonTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  /** Llama 3.1 8B on one H100, 32 sequences of 1,000 prompt and 250 output tokens, at $2.50 an hour. */
  private static final ServingCost H100 = cost(1000, 250, "2.50");

  private static ServingCost cost(int input, int output, String pricePerGpuHour) {
    InferenceEstimate e =
        MODEL.estimate(
            InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"), AcceleratorCatalog.bundled().get("h100-sxm"))
                .batch(32).inputTokens(input).outputTokens(output).build());
    return ServingCost.of(e, Money.usd(pricePerGpuHour));
  }

  @Test
  void billsTheSameRequestAtTheApiAndBreaksEvenAtTheSelfHostedOverApiCost() {
    ModelPrice mini = PriceBook.bundled().get("gpt-4o-mini");
    SelfHostedComparison c = SelfHostedComparison.of(H100, mini);
    // 1,000 × $0.15 + 250 × $0.60 per million tokens
    assertThat(c.apiRequest().total()).isEqualTo(Money.usd("0.0003"));
    assertThat(c.apiRequest().usage()).isEqualTo(TokenUsage.of(1000, 250));
    assertThat(c.breakEven()).isEqualTo(BreakEven.of(H100, Money.usd("0.15"), Money.usd("0.60")));
    assertThat(c.breakEven().apiPerRequest()).isEqualTo(c.apiRequest().total());
    assertThat(c.costRatioAtFullLoad())
        .isCloseTo(H100.perRequest().amount().doubleValue() / 0.0003, within(1e-9));
    assertThat(c.selfHostingCheaperAtFullLoad()).isEqualTo(c.costRatioAtFullLoad() < 1);
    // the API's whole bill over its output tokens: 0.0003 / 250 × 1e6
    assertThat(c.apiPerMillionOutputTokens()).isEqualTo(Money.usd("1.20"));
    assertThat(c.selfHostedPerMillionOutputTokens()).isEqualTo(H100.perMillionOutputTokensAllIn());
    System.out.printf("llama-3.1-8b on one H100 at $2.50/h against gpt-4o-mini: self-hosted %s, API %s per request,"
        + " break-even at %.1f%% utilisation%n", H100.perRequest(), c.apiRequest().total(), 100 * c.costRatioAtFullLoad());
  }

  @Test
  void batchPricesHalveTheApiSideAndDoubleTheBreakEvenUtilisation() {
    ModelPrice gpt4o = PriceBook.bundled().get("gpt-4o");
    SelfHostedComparison standard = SelfHostedComparison.of(H100, gpt4o);
    SelfHostedComparison batch = SelfHostedComparison.of(H100, gpt4o, BillingMode.BATCH);
    assertThat(batch.apiRequest().total().times(2)).isEqualTo(standard.apiRequest().total());
    assertThat(batch.costRatioAtFullLoad()).isCloseTo(2 * standard.costRatioAtFullLoad(), within(1e-12));
    assertThat(batch.mode()).isEqualTo(BillingMode.BATCH);
  }

  @Test
  void aPromptAboveALongContextThresholdIsComparedAtTheTierPrices() {
    ModelPrice sonnet = PriceBook.bundled().get("claude-sonnet-4");
    // a 130,000-token prompt, 100 tokens out: below claude-sonnet-4's 200K tier, above a 100K one
    ServingCost longPrompt =
        ServingCost.of(
            MODEL.estimate(
                InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
                        AcceleratorCatalog.bundled().get("h200-sxm"))
                    .batch(1).inputTokens(130_000).outputTokens(100).build()),
            Money.usd("3.50"));
    SelfHostedComparison below = SelfHostedComparison.of(longPrompt, sonnet);
    assertThat(below.apiRequest().tier()).isEmpty();
    assertThat(below.breakEven().apiPerRequest()).isEqualTo(Money.usd("0.3915")); // 130,000 × 3 + 100 × 15
    ModelPrice tiered =
        ModelPrice.builder("tiered", TokenRates.usdPerMillion("1.00", "2.00"), "2025-08", "test")
            .tier(ContextTier.above(dev.llmcost.core.TokenCount.of(100_000), TokenRates.usdPerMillion("2.00", "4.00")))
            .build();
    SelfHostedComparison above = SelfHostedComparison.of(longPrompt, tiered);
    assertThat(above.apiRequest().tier()).isPresent();
    assertThat(above.breakEven().apiPerRequest()).isEqualTo(Money.usd("0.2604")); // 130,000 × 2 + 100 × 4
    assertThat(above.apiRequest().total()).isEqualTo(above.breakEven().apiPerRequest());
  }

  @Test
  void theCheaperTheGpuTheLowerTheBreakEven() {
    ModelPrice mini = PriceBook.bundled().get("gpt-4o-mini");
    double previous = Double.POSITIVE_INFINITY;
    for (String price : List.of("4.00", "2.50", "1.00", "0.10")) {
      double u = SelfHostedComparison.of(cost(1000, 250, price), mini).costRatioAtFullLoad();
      assertThat(u).isLessThan(previous);
      previous = u;
    }
  }

  @Test
  void refusesAnotherCurrencyAMissingOutputPriceAndBatchWithoutBatchPrices() {
    ModelPrice euro =
        ModelPrice.builder("euro-model", TokenRates.of(TokenPrice.perMillion(Money.of("1", "EUR")),
            TokenPrice.perMillion(Money.of("2", "EUR"))), "2025", "test").build();
    assertThatThrownBy(() -> SelfHostedComparison.of(H100, euro))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prices of \"euro-model\" must be in USD like the GPU price, were EUR");
    ModelPrice inputOnly =
        ModelPrice.builder("embedder", TokenRates.ofInput(TokenPrice.usdPerMillion("0.02")), "2025", "test").build();
    assertThatThrownBy(() -> SelfHostedComparison.of(H100, inputOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"embedder\" has no output price");
    assertThatThrownBy(() -> SelfHostedComparison.of(H100, PriceBook.bundled().get("o1"), BillingMode.BATCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no batch prices");
  }

  @Test
  void theRecordRefusesABillForOtherRequests() {
    ModelPrice mini = PriceBook.bundled().get("gpt-4o-mini");
    SelfHostedComparison c = SelfHostedComparison.of(H100, mini);
    Bill other = mini.bill(TokenUsage.of(999, 250));
    assertThatThrownBy(() -> new SelfHostedComparison(mini, BillingMode.STANDARD, H100, other, c.breakEven()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("apiRequest must bill");
  }
}
