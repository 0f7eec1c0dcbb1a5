package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  @Test
  void aMixOfRequestsIsBilledPerDay() {
    Workload w =
        Workload.perDay(100_000)
            .share("chat", 70, TokenUsage.of(500, 1_000))
            .share("rag", 30, TokenUsage.openAi().promptTokens(8_000).cachedTokens(6_000).completionTokens(300).build())
            .build();
    assertThat(w.requestsPerDay()).isEqualByComparingTo("100000");
    WorkloadBill bill = PriceBook.bundled().bill("gpt-4o-mini", w);
    // chat: 500 × 0.15 + 1,000 × 0.60 per 1M = $0.000675 × 70,000 = $47.25
    assertThat(bill.lines().get(0).perDay()).isEqualTo(Money.usd("47.25"));
    // rag: 2,000 × 0.15 + 6,000 × 0.075 + 300 × 0.60 per 1M = $0.00093 × 30,000 = $27.90
    assertThat(bill.lines().get(1).perDay()).isEqualTo(Money.usd("27.9"));
    assertThat(bill.perDay()).isEqualTo(Money.usd("75.15"));
    assertThat(bill.forDays(30)).isEqualTo(Money.usd("2254.5"));
    assertThat(bill.tokensPerDay()).isEqualByComparingTo("354000000");
    assertThat(bill.costPerMillionTokens().round(6, java.math.RoundingMode.HALF_UP))
        .isEqualTo(Money.usd("0.212288"));
  }

  @Test
  void batchItemsAreBilledAtBatchPrices() {
    WorkloadItem nightly = WorkloadItem.of("nightly", TokenUsage.of(2_000, 500), 10_000).inBatch();
    WorkloadBill bill = PriceBook.bundled().bill("gpt-4o", Workload.of(nightly));
    // 2,000 × 1.25 + 500 × 5 per 1M = $0.005 × 10,000
    assertThat(bill.perDay()).isEqualTo(Money.usd("50"));
    assertThat(bill.lines().get(0).perRequest().mode()).isEqualTo(BillingMode.BATCH);
  }

  @Test
  void fractionalSharesStayExact() {
    Workload w =
        Workload.perDay(1_000)
            .share("a", new BigDecimal("12.5"), TokenUsage.of(1_000, 0), BillingMode.STANDARD)
            .share("b", new BigDecimal("87.5"), TokenUsage.of(0, 1_000), BillingMode.STANDARD)
            .build();
    assertThat(w.items().get(0).requestsPerDay()).isEqualByComparingTo("125");
    WorkloadBill bill = PriceBook.bundled().bill("gpt-3.5-turbo-2023", w);
    assertThat(bill.perDay()).isEqualTo(Money.usd("2"));
  }

  @Test
  void sharesMustAddUpToAHundredPercent() {
    Workload.Mix mix = Workload.perDay(10).share("a", 60, TokenUsage.of(1, 1));
    assertThatThrownBy(mix::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shares must add up to 100%, were 60%");
    assertThatThrownBy(() -> Workload.perDay(10).share("a", 0, TokenUsage.of(1, 1)))
        .hasMessage("percent of \"a\" must be in (0, 100], was 0");
    assertThatThrownBy(() -> Workload.perDay(-1)).hasMessage("requestsPerDay must be >= 0, was -1");
    assertThatThrownBy(() -> Workload.of())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWorkloadWithoutTokensHasNoCostPerToken() {
    WorkloadBill bill =
        PriceBook.bundled().bill("gpt-4o", Workload.of(WorkloadItem.of("idle", TokenUsage.NONE, 5)));
    assertThat(bill.perDay().isZero()).isTrue();
    assertThatThrownBy(bill::costPerMillionTokens).isInstanceOf(IllegalArgumentException.class);
  }
}
