package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The bill of a day of requests: each kind of request with its per-request bill and its cost per
 * day, and the totals, in exact {@link Money}.
 */
public final class WorkloadBill {

  /**
   * One kind of request of the workload.
   */
  public static final class Line {
    private final WorkloadItem item;
    private final Bill perRequest;
    private final Money perDay;

    Line(WorkloadItem item, Bill perRequest, Money perDay) {
      this.item = item;
      this.perRequest = perRequest;
      this.perDay = perDay;
    }

    /** Returns the kind of request and how many arrive per day. */
    public WorkloadItem item() {
      return item;
    }

    /** Returns the itemised bill of one such request. */
    public Bill perRequest() {
      return perRequest;
    }

    /** Returns the cost of a day of them: {@code perRequest.total() × requestsPerDay}. */
    public Money perDay() {
      return perDay;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other == this
          || other instanceof Line o
            && Objects.equals(item, o.item)
            && Objects.equals(perRequest, o.perRequest)
            && Objects.equals(perDay, o.perDay);
    }

    @Override
    public int hashCode() {
      int h = Objects.hashCode(item);
      h = 31 * h + Objects.hashCode(perRequest);
      h = 31 * h + Objects.hashCode(perDay);
      return h;
    }

    @Override
    public String toString() {
      return "Line[item=" + item + ", perRequest=" + perRequest + ", perDay=" + perDay + "]";
    }
  }

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
