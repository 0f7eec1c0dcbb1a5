package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * s23c: {@link SteadyLoad#cost(Money)}, the replica's hour over what it serves in the hour, against figures worked by
 * hand from loads built with round numbers.
 */
class SteadyLoadCostTest {

  private static InferenceScenario scenario(int tp, int pp, int output) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            AcceleratorCatalog.bundled().get("h100-sxm"))
        .tp(tp).pp(pp).inputTokens(1000).outputTokens(output).build();
  }

  /** A load with the given rate and tokens a second; the latencies play no part in the cost. */
  private static SteadyLoad load(InferenceScenario s, double rate, double tokensPerSecond, boolean saturated) {
    return new SteadyLoad(s, rate, 8, 0.1, 0.01, 0.02, tokensPerSecond, saturated, List.of());
  }

  @Test
  void theReplicasHourOverTheTokensAndRequestsServedInIt() {
    // 2 GPUs at $2.50 = $5.00 an hour; 4 requests/s × 250 tokens = 1,000 tokens/s = 3,600,000 tokens an hour
    SteadyLoadCost c = load(scenario(2, 1, 250), 4, 1000, false).cost(Money.usd("2.50"));
    assertThat(c.gpus()).isEqualTo(2);
    assertThat(c.pricePerGpuHour()).isEqualTo(Money.usd("2.50"));
    assertThat(c.costPerHour().amount().toPlainString()).isEqualTo("5.00");
    // 5.00 × 10^6 / 3,600,000 = 1.3888…, 16 significant digits
    assertThat(c.perMillionOutputTokens().amount().toPlainString()).isEqualTo("1.388888888888889");
    // 5.00 / (4 × 3600) = 0.00034722…
    assertThat(c.perRequest().amount().toPlainString()).isEqualTo("0.0003472222222222222");
    assertThat(c.requestsPerSecond()).isEqualTo(4);
  }

  @Test
  void everyGpuOfTheReplicaIsPaidForAndTheCurrencyIsThePrices() {
    // tp 2 × pp 2 = 4 GPUs at EUR 0.75 = EUR 3.00 an hour; 0.5 requests/s × 100 tokens = 50 tokens/s
    SteadyLoadCost c = load(scenario(2, 2, 100), 0.5, 50, false).cost(Money.of("0.75", "EUR"));
    assertThat(c.gpus()).isEqualTo(4);
    assertThat(c.costPerHour()).isEqualTo(Money.of("3.00", "EUR"));
    assertThat(c.perMillionOutputTokens().currency()).isEqualTo(Currency.getInstance("EUR"));
    // 3.00 × 10^6 / (50 × 3600) = 16.666…; 3.00 / (0.5 × 3600) = 0.0016666…
    assertThat(c.perMillionOutputTokens().amount().toPlainString()).isEqualTo("16.66666666666667");
    assertThat(c.perRequest().amount().toPlainString()).isEqualTo("0.001666666666666667");
  }

  @Test
  void aSaturatedLoadIsChargedToTheRequestsItServesNotTheRateOffered() {
    // 10 requests/s offered, 1,000 tokens/s served at 250 a request: 4 served a second, as above
    SteadyLoadCost c = load(scenario(2, 1, 250), 10, 1000, true).cost(Money.usd("2.50"));
    assertThat(c.requestsPerSecond()).isEqualTo(4);
    assertThat(c.perRequest().amount().toPlainString()).isEqualTo("0.0003472222222222222");
    assertThat(c.perMillionOutputTokens().amount().toPlainString()).isEqualTo("1.388888888888889");
  }

  @Test
  void aZeroPriceCostsNothingAndANegativeOneIsRefused() {
    SteadyLoad l = load(scenario(1, 1, 250), 4, 1000, false);
    SteadyLoadCost free = l.cost(Money.usd("0"));
    assertThat(free.costPerHour().isZero()).isTrue();
    assertThat(free.perMillionOutputTokens().isZero()).isTrue();
    assertThat(free.perRequest().isZero()).isTrue();
    assertThatThrownBy(() -> l.cost(Money.usd("-0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pricePerGpuHour must be >= 0, was USD -0.01");
  }

  /** The model's own load: the same formula on its figures, and equal costs for equal loads and prices. */
  @Test
  void theModelsLoadCostsItsThroughput() {
    InferenceCostModel m = InferenceCostModel.calibrated();
    SteadyLoad l = m.atConcurrency(scenario(1, 1, 250), 64);
    SteadyLoadCost c = l.cost(Money.usd("2.50"));
    double perMillion = 2.50 * 1e6 / (l.outputTokensPerSecond() * 3600);
    assertThat(c.perMillionOutputTokens().amount().doubleValue()).isCloseTo(perMillion,
        org.assertj.core.data.Percentage.withPercentage(1e-12));
    assertThat(c.perRequest().amount().doubleValue()).isCloseTo(2.50 / (l.requestsPerSecond() * 3600),
        org.assertj.core.data.Percentage.withPercentage(1e-12));
    assertThat(c).isEqualTo(l.cost(Money.usd("2.5"))).hasSameHashCodeAs(l.cost(Money.usd("2.5")));
    assertThat(c.toString()).startsWith("SteadyLoadCost[pricePerGpuHour=");
  }
}
