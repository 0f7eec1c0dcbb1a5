package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TokenPriceTest {

  @Test
  void perMillionAndPerThousandMoveTheDecimalPointExactly() {
    TokenPrice p = TokenPrice.usdPerMillion("2.50");
    assertThat(p.perToken()).isEqualTo(Money.usd("0.0000025"));
    assertThat(p.perThousandTokens()).isEqualTo(Money.usd("0.0025"));
    assertThat(p.perMillionTokens()).isEqualTo(Money.usd("2.5"));
    assertThat(TokenPrice.usdPerThousand("0.002")).isEqualTo(TokenPrice.usdPerMillion("2"));
    assertThat(TokenPrice.perMillion(Money.of("0.075", "EUR")).currency().getCurrencyCode()).isEqualTo("EUR");
  }

  @Test
  void costIsExactForEveryTokenCount() {
    TokenPrice p = TokenPrice.usdPerMillion("0.075");
    assertThat(p.times(TokenCount.of(1))).isEqualTo(Money.usd("0.000000075"));
    assertThat(p.times(TokenCount.of(3))).isEqualTo(Money.usd("0.000000225"));
    // a double would give 0.07500000000000001 for a million tokens at 0.075e-6 each
    assertThat(p.times(TokenCount.ofMillions(1)).amount()).isEqualByComparingTo("0.075");
    assertThat(p.times(TokenCount.ofBillions(1_000_000)).amount()).isEqualByComparingTo("75000000");
  }

  @Test
  void scalingIsExactAndNegativeIsRejected() {
    assertThat(TokenPrice.usdPerMillion("15").times(new BigDecimal("0.5")))
        .isEqualTo(TokenPrice.usdPerMillion("7.5"));
    assertThatThrownBy(() -> TokenPrice.usdPerMillion("-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("price per token must be >= 0");
    assertThatThrownBy(() -> TokenPrice.usdPerMillion("two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount must be a decimal number, was \"two\"");
  }

  @Test
  void ratesFallBackAsProvidersBill() {
    TokenRates openAi = TokenRates.usdPerMillion("2.50", "10.00");
    assertThat(openAi.price(TokenKind.CACHE_READ)).isEqualTo(openAi.price(TokenKind.INPUT));
    assertThat(openAi.price(TokenKind.CACHE_WRITE_5M)).isEqualTo(openAi.price(TokenKind.INPUT));
    assertThat(openAi.price(TokenKind.CACHE_WRITE_1H)).isEqualTo(openAi.price(TokenKind.INPUT));
    assertThat(openAi.price(TokenKind.REASONING)).isEqualTo(openAi.price(TokenKind.OUTPUT));
    TokenRates withWrite =
        openAi.with(TokenKind.CACHE_WRITE_5M, TokenPrice.usdPerMillion("3.125"));
    assertThat(withWrite.price(TokenKind.CACHE_WRITE_1H)).isEmpty();
    assertThat(TokenRates.ofInput(TokenPrice.usdPerMillion("0.02")).price(TokenKind.OUTPUT)).isEmpty();
  }

  @Test
  void ratesStayInOneCurrency() {
    TokenRates usd = TokenRates.usdPerMillion("1", "2");
    assertThatThrownBy(
            () -> usd.with(TokenKind.CACHE_READ, TokenPrice.perMillion(Money.of("0.1", "EUR"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price of cache read must be in USD, was EUR");
  }
}
