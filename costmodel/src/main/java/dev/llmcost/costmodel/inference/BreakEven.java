package dev.llmcost.costmodel.inference;

import dev.llmcost.core.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Self-hosting against a pay-per-token API: what a request costs each way, and how busy the GPUs
 * must be for self-hosting to break even.
 *
 * <p>The self-hosted cost per request assumes the replica is always busy; at utilisation {@code u}
 * it is {@code selfHostedPerRequest / u}, so self-hosting breaks even at {@code u =
 * selfHostedPerRequest / apiPerRequest} ({@code breakEvenUtilization}; above 1 the API is cheaper
 * even at full load). Equivalently, the API bill equals the GPUs' hourly cost at {@code
 * breakEvenRequestsPerHour}.
 */
public final class BreakEven {
  private final Money selfHostedPerRequest;
  private final Money apiPerRequest;
  private final double breakEvenUtilization;
  private final double breakEvenRequestsPerHour;
  private final double maxRequestsPerHour;

  BreakEven(
      Money selfHostedPerRequest,
      Money apiPerRequest,
      double breakEvenUtilization,
      double breakEvenRequestsPerHour,
      double maxRequestsPerHour) {
    this.selfHostedPerRequest = selfHostedPerRequest;
    this.apiPerRequest = apiPerRequest;
    this.breakEvenUtilization = breakEvenUtilization;
    this.breakEvenRequestsPerHour = breakEvenRequestsPerHour;
    this.maxRequestsPerHour = maxRequestsPerHour;
  }

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /**
   * Compares a serving cost with API prices per million input and output tokens.
   *
   * @param cost the self-hosted cost
   * @param apiInputPerMillion API price of a million input tokens
   * @param apiOutputPerMillion API price of a million output tokens
   * @return the comparison
   * @throws IllegalArgumentException if the currencies differ, a price is negative, or both API
   *     prices are zero
   */
  public static BreakEven of(ServingCost cost, Money apiInputPerMillion, Money apiOutputPerMillion) {
    Money price = cost.perRequest();
    if (!apiInputPerMillion.currency().equals(price.currency())
        || !apiOutputPerMillion.currency().equals(price.currency())) {
      throw new IllegalArgumentException(
          "API prices must be in " + price.currency() + ", were " + apiInputPerMillion.currency()
              + " and " + apiOutputPerMillion.currency());
    }
    if (apiInputPerMillion.isNegative() || apiOutputPerMillion.isNegative()) {
      throw new IllegalArgumentException(
          "API prices must be >= 0, were " + apiInputPerMillion + " and " + apiOutputPerMillion);
    }
    Money api =
        apiInputPerMillion
            .times(BigDecimal.valueOf(cost.inputTokensPerRequest()))
            .plus(apiOutputPerMillion.times(BigDecimal.valueOf(cost.outputTokensPerRequest())))
            .div(MILLION);
    if (api.isZero()) {
      throw new IllegalArgumentException("API prices must not both be 0");
    }
    double utilization = price.amount().divide(api.amount(), MathContext.DECIMAL64).doubleValue();
    double perHour =
        cost.costPerHour().amount().divide(api.amount(), MathContext.DECIMAL64).doubleValue();
    return new BreakEven(price, Money.of(api.amount().round(MathContext.DECIMAL64), api.currency()),
        utilization, perHour, cost.requestsPerHour());
  }

  /** Returns whether self-hosting at full load is cheaper than the API. */
  public boolean selfHostingCheaperAtFullLoad() {
    return breakEvenUtilization < 1;
  }

  /** Returns self-hosted cost of one request at full load. */
  public Money selfHostedPerRequest() {
    return selfHostedPerRequest;
  }

  /** Returns API cost of one request. */
  public Money apiPerRequest() {
    return apiPerRequest;
  }

  /** Returns fraction of time the replica must be busy to match the API. */
  public double breakEvenUtilization() {
    return breakEvenUtilization;
  }

  /** Returns requests per hour at which the API costs as much as the replica. */
  public double breakEvenRequestsPerHour() {
    return breakEvenRequestsPerHour;
  }

  /** Returns requests per hour the replica serves at full load. */
  public double maxRequestsPerHour() {
    return maxRequestsPerHour;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof BreakEven o
        && Objects.equals(selfHostedPerRequest, o.selfHostedPerRequest)
        && Objects.equals(apiPerRequest, o.apiPerRequest)
        && Double.compare(breakEvenUtilization, o.breakEvenUtilization) == 0
        && Double.compare(breakEvenRequestsPerHour, o.breakEvenRequestsPerHour) == 0
        && Double.compare(maxRequestsPerHour, o.maxRequestsPerHour) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(selfHostedPerRequest, apiPerRequest, breakEvenUtilization, breakEvenRequestsPerHour, maxRequestsPerHour);
  }

  @Override
  public String toString() {
    return "BreakEven[selfHostedPerRequest=" + selfHostedPerRequest + ", apiPerRequest=" + apiPerRequest + ", breakEvenUtilization=" + breakEvenUtilization + ", breakEvenRequestsPerHour=" + breakEvenRequestsPerHour + ", maxRequestsPerHour=" + maxRequestsPerHour + "]";
  }
}
