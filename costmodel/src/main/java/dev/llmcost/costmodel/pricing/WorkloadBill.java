package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * The bill of a day of requests: each kind of request with its per-request bill and its cost per
 * day, and the totals, in exact {@link Money}.
 */
public final class WorkloadBill {

  /**
   * One kind of request of the workload.
   *
   * @param item the kind of request and how many arrive per day
   * @param perRequest the itemised bill of one such request
   * @param perDay the cost of a day of them: {@code perRequest.total() × requestsPerDay}
   */
  public record Line(WorkloadItem item, Bill perRequest, Money perDay) {}

  private final ModelPrice price;
  private final List<Line> lines;

  WorkloadBill(ModelPrice price, List<Line> lines) {
    this.price = price;
    this.lines = List.copyOf(lines);
  }

  /** Returns the id of the model billed. */
  public String model() {
    return price.id();
  }

  /** Returns the price book entry the bill was made from. */
  public ModelPrice modelPrice() {
    return price;
  }

  /** Returns one line per kind of request, in the workload's order. */
  public List<Line> lines() {
    return lines;
  }

  /** Returns the currency. */
  public Currency currency() {
    return price.currency();
  }

  /** Returns the exact cost of one day. */
  public Money perDay() {
    Money m = Money.zero(currency());
    for (Line l : lines) {
      m = m.plus(l.perDay());
    }
    return m;
  }

  /**
   * Returns the exact cost of {@code days} days.
   *
   * @param days how many days, at least zero
   * @return the cost
   * @throws IllegalArgumentException if {@code days} is negative
   */
  public Money forDays(long days) {
    if (days < 0) {
      throw new IllegalArgumentException("days must be >= 0, was " + days);
    }
    return perDay().times(days);
  }

  /** Returns the tokens of one day, every kind together (a fraction where a mix splits requests). */
  public BigDecimal tokensPerDay() {
    BigDecimal sum = BigDecimal.ZERO;
    for (Line l : lines) {
      sum = sum.add(BigDecimal.valueOf(l.item().usage().total().value()).multiply(l.item().requestsPerDay()));
    }
    return sum;
  }

  /**
   * Returns the blended cost of a million tokens of this workload: {@code perDay × 10⁶ /
   * tokensPerDay}, to 34 significant digits.
   *
   * @return the cost per million tokens
   * @throws IllegalArgumentException if the workload has no tokens
   */
  public Money costPerMillionTokens() {
    BigDecimal tokens = tokensPerDay();
    if (tokens.signum() == 0) {
      throw new IllegalArgumentException("workload has no tokens, so no cost per token");
    }
    return perDay().times(BigDecimal.ONE.movePointRight(6)).div(tokens);
  }
}
