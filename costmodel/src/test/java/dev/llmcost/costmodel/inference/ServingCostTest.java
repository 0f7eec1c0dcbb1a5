package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ServingCostTest {

  private static final InferenceEstimate E =
      InferenceCostModel.calibrated()
          .estimate(
              InferenceScenario.builder(
                      ModelCatalog.bundled().get("llama-3.1-70b"),
                      AcceleratorCatalog.bundled().get("h100-sxm"))
                  .tp(4)
                  .batch(64)
                  .inputTokens(1000)
                  .outputTokens(250)
                  .build());

  @Test
  void prefillTimeIsChargedToInputAndDecodeTimeToOutput() {
    ServingCost c = ServingCost.of(E, Money.usd("2.50"));
    assertThat(c.gpus()).isEqualTo(4);
    assertThat(c.costPerHour()).isEqualTo(Money.usd("10.00"));
    double perSecond = 10.0 / 3600;
    double input = perSecond * E.prefillSeconds() / (64.0 * 1000) * 1e6;
    double output = perSecond * E.decodeSeconds() / (64.0 * 250) * 1e6;
    double allIn = perSecond * (E.prefillSeconds() + E.decodeSeconds()) / (64.0 * 250) * 1e6;
    assertThat(c.perMillionInputTokens().amount().doubleValue()).isCloseTo(input, within(1e-9 * input));
    assertThat(c.perMillionOutputTokens().amount().doubleValue()).isCloseTo(output, within(1e-9 * output));
    assertThat(c.perMillionOutputTokensAllIn().amount().doubleValue()).isCloseTo(allIn, within(1e-9 * allIn));
    assertThat(c.requestsPerHour()).isCloseTo(E.requestsPerSecond() * 3600, within(1e-6));
  }

  @Test
  void breakEvenUtilisationIsSelfHostedOverApiCostPerRequest() {
    ServingCost c = ServingCost.of(E, Money.usd("2.50"));
    BreakEven b = BreakEven.of(c, Money.usd("0.60"), Money.usd("2.40"));
    BigDecimal api = new BigDecimal("0.0006").add(new BigDecimal("0.0006")); // 1000 × 0.6e-6 + 250 × 2.4e-6
    assertThat(b.apiPerRequest().amount()).isEqualByComparingTo(api);
    assertThat(b.breakEvenUtilization())
        .isCloseTo(c.perRequest().amount().doubleValue() / api.doubleValue(), within(1e-9));
    assertThat(b.breakEvenRequestsPerHour()).isCloseTo(10.0 / api.doubleValue(), within(1e-6));
    assertThat(b.selfHostingCheaperAtFullLoad()).isEqualTo(b.breakEvenUtilization() < 1);
    assertThat(b.maxRequestsPerHour()).isEqualTo(c.requestsPerHour());
  }

  @Test
  void pricesMustShareACurrencyAndNotBeNegative() {
    ServingCost c = ServingCost.of(E, Money.usd("2.50"));
    assertThatThrownBy(() -> BreakEven.of(c, Money.of("1", "EUR"), Money.usd("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("USD");
    assertThatThrownBy(() -> ServingCost.of(E, Money.usd("-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pricePerGpuHour");
    assertThatThrownBy(() -> BreakEven.of(c, Money.usd("0"), Money.usd("0")))
        .hasMessage("API prices must not both be 0");
  }
}
