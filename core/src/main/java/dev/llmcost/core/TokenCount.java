package dev.llmcost.core;

import dev.llmcost.core.internal.Require;

/**
 * A number of tokens, exact and never negative.
 *
 * <p>Tokens are the unit of every API bill and every throughput figure. Arithmetic that would
 * overflow a {@code long} throws {@link ArithmeticException}; arithmetic that would go below zero
 * throws {@link IllegalArgumentException}.
 *
 * <p>A record: its one component (the number of tokens) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param value the number of tokens, at least zero
 */
public record TokenCount(long value) implements Comparable<TokenCount> {

  /** No tokens. */
  public static final TokenCount ZERO = new TokenCount(0);

  /**
   * Validates the count.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public TokenCount {
    Require.nonNegative("tokens", value);
  }

  /**
   * Returns a count of {@code value} tokens.
   *
   * @param value tokens, at least zero
   * @return the count
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static TokenCount of(long value) {
    return value == 0 ? ZERO : new TokenCount(value);
  }

  /**
   * Returns {@code millions} million tokens.
   *
   * @param millions millions of tokens, at least zero
   * @return the count
   * @throws ArithmeticException on overflow
   */
  public static TokenCount ofMillions(long millions) {
    return of(Math.multiplyExact(millions, 1_000_000L));
  }

  /**
   * Returns {@code billions} billion tokens.
   *
   * @param billions billions of tokens, at least zero
   * @return the count
   * @throws ArithmeticException on overflow
   */
  public static TokenCount ofBillions(long billions) {
    return of(Math.multiplyExact(billions, 1_000_000_000L));
  }

  /**
   * Returns the sum.
   *
   * @param other tokens to add
   * @return this plus other
   * @throws ArithmeticException on overflow
   */
  public TokenCount plus(TokenCount other) {
    return other.value == 0 ? this : of(Math.addExact(value, other.value));
  }

  /**
   * Returns the difference.
   *
   * @param other tokens to subtract, at most this many
   * @return this minus other
   * @throws IllegalArgumentException if the result would be negative
   */
  public TokenCount minus(TokenCount other) {
    if (other.value > value) {
      throw new IllegalArgumentException(
          "cannot subtract " + other.value + " tokens from " + value + " tokens");
    }
    return other.value == 0 ? this : of(value - other.value);
  }

  /**
   * Returns this count multiplied by a factor, for example tokens per request times requests.
   *
   * @param factor a non-negative multiplier
   * @return this times factor
   * @throws IllegalArgumentException if {@code factor} is negative
   * @throws ArithmeticException on overflow
   */
  public TokenCount times(long factor) {
    Require.nonNegative("factor", factor);
    return factor == 1 ? this : of(Math.multiplyExact(value, factor));
  }

  /** Returns whether this count is zero. */
  public boolean isZero() {
    return value == 0;
  }

  /**
   * Returns this divided by a positive divisor, rounded down, such as the share of one rank.
   *
   * @param divisor divisor, at least 1
   * @return this / divisor, rounded down
   * @throws IllegalArgumentException if {@code divisor < 1}
   */
  public TokenCount div(long divisor) {
    Require.positive("divisor", divisor);
    return new TokenCount(value / divisor);
  }

  /**
   * Returns the ratio of this to {@code other}.
   *
   * @param other a positive count
   * @return this / other
   * @throws IllegalArgumentException if {@code other} is zero
   */
  public double div(TokenCount other) {
    if (other.value == 0) {
      throw new IllegalArgumentException("other must be positive, was 0");
    }
    return (double) value / other.value;
  }

  @Override
  public int compareTo(TokenCount other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value + (value == 1 ? " token" : " tokens");
  }
}
