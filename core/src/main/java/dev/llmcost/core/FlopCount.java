package dev.llmcost.core;

import dev.llmcost.core.internal.Require;
import java.util.Locale;

/**
 * A number of floating-point operations (one multiply-add counts as two), never negative.
 *
 * <p>Held as a double because totals such as GPT-3's 3.14e23 FLOP do not fit a {@code long}; NaN
 * and infinities are rejected.
 *
 * <p>A record: its one component (the number of operations) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param value floating-point operations, finite and at least zero
 */
public record FlopCount(double value) implements Comparable<FlopCount> {

  /** No operations. */
  public static final FlopCount ZERO = new FlopCount(0);

  /** FLOP in one petaflop/s-day, the unit of the GPT-3 paper's compute tables (8.64e19). */
  public static final double FLOP_PER_PETAFLOP_DAY = 1e15 * 86_400;

  /**
   * Validates the count.
   *
   * @throws IllegalArgumentException if {@code value} is negative, NaN or infinite
   */
  public FlopCount {
    Require.nonNegative("flops", value);
  }

  /**
   * Returns {@code value} floating-point operations.
   *
   * @param value operations, finite and at least zero
   * @return the count
   * @throws IllegalArgumentException if {@code value} is negative, NaN or infinite
   */
  public static FlopCount of(double value) {
    return new FlopCount(value);
  }

  /**
   * Returns the sum.
   *
   * @param other operations to add
   * @return this plus other
   * @throws IllegalArgumentException if the sum overflows to infinity
   */
  public FlopCount plus(FlopCount other) {
    return new FlopCount(value + other.value);
  }

  /**
   * Returns this count times a factor.
   *
   * @param factor multiplier, finite and at least zero
   * @return this times factor
   * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
   */
  public FlopCount times(double factor) {
    Require.nonNegative("factor", factor);
    return new FlopCount(value * factor);
  }

  /**
   * Returns the ratio of this count to another.
   *
   * @param other the divisor, greater than zero
   * @return this divided by other
   * @throws IllegalArgumentException if {@code other} is zero
   */
  public double div(FlopCount other) {
    if (other.value == 0) {
      throw new IllegalArgumentException("cannot divide by zero FLOP");
    }
    return value / other.value;
  }

  /**
   * Returns the seconds these operations take at {@code rate}.
   *
   * @param rate the sustained rate, greater than zero
   * @return seconds
   * @throws IllegalArgumentException if {@code rate} is zero
   */
  public double secondsAt(FlopRate rate) {
    if (rate.flopsPerSecond() == 0) {
      throw new IllegalArgumentException("cannot compute time at a rate of 0 FLOP/s");
    }
    return value / rate.flopsPerSecond();
  }

  /** Returns this count in petaflop/s-days (1 PF-day = 8.64e19 FLOP, GPT-3 paper Table D.1). */
  public double toPetaflopDays() {
    return value / FLOP_PER_PETAFLOP_DAY;
  }

  /**
   * Returns this minus {@code other}.
   *
   * @param other the FLOPs to subtract, at most this
   * @return this − other
   * @throws IllegalArgumentException if the result would be negative
   */
  public FlopCount minus(FlopCount other) {
    return new FlopCount(value - other.value);
  }

  /**
   * Returns this divided by a positive divisor, such as the GPUs that share the work.
   *
   * @param divisor divisor, finite and positive
   * @return this / divisor
   * @throws IllegalArgumentException if {@code divisor} is not positive and finite
   */
  public FlopCount div(double divisor) {
    Require.positive("divisor", divisor);
    return new FlopCount(value / divisor);
  }

  @Override
  public int compareTo(FlopCount other) {
    return Double.compare(value, other.value);
  }

  /** Returns the count in scientific notation, such as {@code 3.14e+23 FLOP}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.3e FLOP", value);
  }
}
