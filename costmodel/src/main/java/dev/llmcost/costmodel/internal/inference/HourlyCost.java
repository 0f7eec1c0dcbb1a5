package dev.llmcost.costmodel.internal.inference;

import dev.llmcost.core.Money;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The cost of what a deployment serves in an hour, one formula for the steady state of a replica
 * ({@code SteadyLoad.cost}) and the capacity planner's fleet ({@code CapacityOption.costPerMillionOutputTokens})
 * (s23c): cost per hour divided by what is served in that hour, in {@link MathContext#DECIMAL128} (Money's
 * division), then rounded to {@link MathContext#DECIMAL64} (16 significant digits) as {@code ServingCost} rounds.
 */
public final class HourlyCost {
  private HourlyCost() {}

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /**
   * Returns the cost of a million units: {@code costPerHour × 10^6 / unitsPerHour}, rounded to 16 significant
   * digits.
   *
   * @param costPerHour what the GPUs cost an hour
   * @param unitsPerHour units (tokens) served an hour, positive
   * @return the cost of a million units
   * @throws IllegalArgumentException if {@code unitsPerHour} is zero
   */
  public static Money perMillion(Money costPerHour, BigDecimal unitsPerHour) {
    return rounded(costPerHour.times(MILLION).div(unitsPerHour));
  }

  /**
   * Returns the cost of one unit: {@code costPerHour / unitsPerHour}, rounded to 16 significant digits.
   *
   * @param costPerHour what the GPUs cost an hour
   * @param unitsPerHour units (requests) served an hour, positive
   * @return the cost of one unit
   * @throws IllegalArgumentException if {@code unitsPerHour} is zero
   */
  public static Money perUnit(Money costPerHour, BigDecimal unitsPerHour) {
    return rounded(costPerHour.div(unitsPerHour));
  }

  private static Money rounded(Money m) {
    return Money.of(m.amount().round(MathContext.DECIMAL64), m.currency());
  }
}
