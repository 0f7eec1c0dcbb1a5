package dev.llmcost.core;

import dev.llmcost.core.internal.Require;
import java.math.BigInteger;
import java.util.Locale;

/**
 * A number of model parameters, exact and never negative.
 *
 * <p>{@link #toString()} prints the exact figure; {@link #toHumanString()} prints the rounded form
 * people quote ("6.74B").
 *
 * <p>A record: its one component (the number of parameters) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param value the number of parameters, at least zero
 */
public record ParameterCount(long value) implements Comparable<ParameterCount> {

  /** No parameters. */
  public static final ParameterCount ZERO = new ParameterCount(0);

  /**
   * Validates the count.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public ParameterCount {
    Require.nonNegative("parameters", value);
  }

  /**
   * Returns a count of {@code value} parameters.
   *
   * @param value parameters, at least zero
   * @return the count
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static ParameterCount of(long value) {
    return value == 0 ? ZERO : new ParameterCount(value);
  }

  /**
   * Returns the sum.
   *
   * @param other parameters to add
   * @return this plus other
   * @throws ArithmeticException on overflow
   */
  public ParameterCount plus(ParameterCount other) {
    return of(Math.addExact(value, other.value));
  }

  /**
   * Returns the difference.
   *
   * @param other parameters to subtract, at most this many
   * @return this minus other
   * @throws IllegalArgumentException if the result would be negative
   */
  public ParameterCount minus(ParameterCount other) {
    if (other.value > value) {
      throw new IllegalArgumentException(
          "cannot subtract " + other.value + " parameters from " + value);
    }
    return of(value - other.value);
  }

  /**
   * Returns this count multiplied by a factor (for example per-layer parameters times layers).
   *
   * @param factor a non-negative multiplier
   * @return this times factor
   * @throws IllegalArgumentException if {@code factor} is negative
   * @throws ArithmeticException on overflow
   */
  public ParameterCount times(long factor) {
    Require.nonNegative("factor", factor);
    return of(Math.multiplyExact(value, factor));
  }

  /**
   * Returns the memory these parameters take when every one is stored in {@code dtype}: the
   * "parameters × bytes" rule, rounded up to whole bytes for sub-byte types.
   *
   * @param dtype the storage type of every parameter
   * @return the memory
   * @throws ArithmeticException on overflow
   */
  public DataSize memory(DType dtype) {
    return dtype.sizeOf(value);
  }

  /** Returns the parameter count as a double, for formulas that need real arithmetic. */
  public double toDouble() {
    return value;
  }

  /** Returns the count as a {@link BigInteger}. */
  public BigInteger toBigInteger() {
    return BigInteger.valueOf(value);
  }

  /**
   * Returns the count rounded to three significant figures with a K, M, B or T suffix, as papers
   * and model cards quote it ("109M", "6.74B", "405B").
   *
   * @return the rounded form
   */
  public String toHumanString() {
    String[] suffixes = {"", "K", "M", "B", "T"};
    double v = value;
    int i = 0;
    while (v >= 999.5 && i < suffixes.length - 1) {
      v /= 1000;
      i++;
    }
    if (i == 0) {
      return Long.toString(value);
    }
    String digits;
    if (v >= 99.95) {
      digits = String.format(Locale.ROOT, "%.0f", v);
    } else if (v >= 9.995) {
      digits = String.format(Locale.ROOT, "%.1f", v);
    } else {
      digits = String.format(Locale.ROOT, "%.2f", v);
    }
    return digits + suffixes[i];
  }

  /**
   * Returns this divided by a positive divisor, rounded down, such as the share of one rank.
   *
   * @param divisor divisor, at least 1
   * @return this / divisor, rounded down
   * @throws IllegalArgumentException if {@code divisor < 1}
   */
  public ParameterCount div(long divisor) {
    Require.positive("divisor", divisor);
    return new ParameterCount(value / divisor);
  }

  /**
   * Returns the ratio of this to {@code other}.
   *
   * @param other a positive count
   * @return this / other
   * @throws IllegalArgumentException if {@code other} is zero
   */
  public double div(ParameterCount other) {
    if (other.value == 0) {
      throw new IllegalArgumentException("other must be positive, was 0");
    }
    return (double) value / other.value;
  }

  @Override
  public int compareTo(ParameterCount other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value + " parameters";
  }
}
