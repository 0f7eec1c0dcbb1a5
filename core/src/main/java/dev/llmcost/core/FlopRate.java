package dev.llmcost.core;

import dev.llmcost.core.internal.Require;
import java.util.Locale;

/**
 * A rate of floating-point operations per second, never negative.
 *
 * <p>A record: its one component (the FLOP/s) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param flopsPerSecond FLOP/s, finite and at least zero
 */
public record FlopRate(double flopsPerSecond) implements Comparable<FlopRate> {

  /** Zero FLOP/s. */
  public static final FlopRate ZERO = new FlopRate(0);

  /**
   * Validates the rate.
   *
   * @throws IllegalArgumentException if the rate is negative, NaN or infinite
   */
  public FlopRate {
    Require.nonNegative("flopsPerSecond", flopsPerSecond);
  }

  /**
   * Returns {@code flopsPerSecond} FLOP/s.
   *
   * @param flopsPerSecond FLOP/s, finite and at least zero
   * @return the rate
   */
  public static FlopRate of(double flopsPerSecond) {
    return new FlopRate(flopsPerSecond);
  }

  /**
   * Returns {@code tflops} TFLOP/s (10^12 FLOP/s), the unit of datasheets.
   *
   * @param tflops TFLOP/s, finite and at least zero
   * @return the rate
   * @throws IllegalArgumentException if the rate is negative, NaN or infinite
   */
  public static FlopRate ofTera(double tflops) {
    Require.nonNegative("tflops", tflops);
    return new FlopRate(tflops * 1e12);
  }

  /** Returns the rate in TFLOP/s. */
  public double toTera() {
    return flopsPerSecond / 1e12;
  }

  /**
   * Returns this rate times a factor, such as an efficiency or a number of GPUs.
   *
   * @param factor multiplier, finite and at least zero
   * @return this times factor
   * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
   */
  public FlopRate times(double factor) {
    Require.nonNegative("factor", factor);
    return new FlopRate(flopsPerSecond * factor);
  }

  /**
   * Returns the sum.
   *
   * @param other rate to add
   * @return this plus other
   */
  public FlopRate plus(FlopRate other) {
    return new FlopRate(flopsPerSecond + other.flopsPerSecond);
  }

  /**
   * Returns the ratio of this rate to another, such as achieved over peak (utilisation).
   *
   * @param other the divisor, greater than zero
   * @return this divided by other
   * @throws IllegalArgumentException if {@code other} is zero
   */
  public double div(FlopRate other) {
    if (other.flopsPerSecond == 0) {
      throw new IllegalArgumentException("cannot divide by a rate of 0 FLOP/s");
    }
    return flopsPerSecond / other.flopsPerSecond;
  }

  /**
   * Returns this minus {@code other}.
   *
   * @param other the rate to subtract, at most this
   * @return this − other
   * @throws IllegalArgumentException if the result would be negative
   */
  public FlopRate minus(FlopRate other) {
    return new FlopRate(flopsPerSecond - other.flopsPerSecond);
  }

  /**
   * Returns this divided by a positive divisor, such as the GPUs that share the rate.
   *
   * @param divisor divisor, finite and positive
   * @return this / divisor
   * @throws IllegalArgumentException if {@code divisor} is not positive and finite
   */
  public FlopRate div(double divisor) {
    Require.positive("divisor", divisor);
    return new FlopRate(flopsPerSecond / divisor);
  }

  @Override
  public int compareTo(FlopRate other) {
    return Double.compare(flopsPerSecond, other.flopsPerSecond);
  }

  /** Returns the rate in TFLOP/s, such as {@code 989.4 TFLOP/s}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.1f TFLOP/s", toTera());
  }
}
