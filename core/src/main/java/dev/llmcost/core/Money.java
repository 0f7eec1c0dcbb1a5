package dev.llmcost.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;
import org.jspecify.annotations.Nullable;

/**
 * An amount of money: a {@link BigDecimal} in a {@link Currency}, never a floating-point number.
 *
 * <p>Arithmetic is exact except {@link #div(long)}, which uses {@link MathContext#DECIMAL128} (34
 * significant digits). Nothing is rounded until {@link #round(int, RoundingMode)} or {@link
 * #format(int, RoundingMode)} is called with a stated scale and mode. Amounts may be negative (a
 * saving, a difference). Two amounts are equal when they have the same currency and the same value
 * regardless of scale: {@code USD 1.0} equals {@code USD 1.00}.
 */
public final class Money implements Comparable<Money> {

  /** The US dollar, the currency of every bundled price. */
  public static final Currency USD = Currency.getInstance("USD");

  private final BigDecimal amount;
  private final Currency currency;

  private Money(BigDecimal amount, Currency currency) {
    this.amount = amount;
    this.currency = currency;
  }

  /**
   * Returns {@code amount} of {@code currency}.
   *
   * @param amount the amount
   * @param currency the currency
   * @return the money
   */
  public static Money of(BigDecimal amount, Currency currency) {
    return new Money(amount, currency);
  }

  /**
   * Returns an amount parsed from a decimal string, such as {@code of("0.0014", "USD")}.
   *
   * @param amount a decimal number
   * @param currencyCode an ISO 4217 code
   * @return the money
   * @throws IllegalArgumentException if the amount is not a decimal number or the code is unknown
   */
  public static Money of(String amount, String currencyCode) {
    Currency currency;
    try {
      currency = Currency.getInstance(currencyCode);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "currency must be an ISO 4217 code, was \"" + currencyCode + "\"", e);
    }
    return new Money(parseAmount(amount), currency);
  }

  /**
   * Returns US dollars parsed from a decimal string.
   *
   * @param amount a decimal number such as {@code "2.50"}
   * @return the money
   * @throws IllegalArgumentException if the amount is not a decimal number
   */
  public static Money usd(String amount) {
    return new Money(parseAmount(amount), USD);
  }

  /**
   * Returns {@code amount} US dollars.
   *
   * @param amount the amount
   * @return the money
   */
  public static Money usd(BigDecimal amount) {
    return new Money(amount, USD);
  }

  /**
   * Returns zero in {@code currency}.
   *
   * @param currency the currency
   * @return zero
   */
  public static Money zero(Currency currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  private static BigDecimal parseAmount(String amount) {
    try {
      return new BigDecimal(amount.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount must be a decimal number, was \"" + amount + "\"", e);
    }
  }

  /** Returns the exact amount. */
  public BigDecimal amount() {
    return amount;
  }

  /** Returns the currency. */
  public Currency currency() {
    return currency;
  }

  /**
   * Returns the sum.
   *
   * @param other money in the same currency
   * @return this plus other
   * @throws IllegalArgumentException if the currencies differ
   */
  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  /**
   * Returns the difference.
   *
   * @param other money in the same currency
   * @return this minus other
   * @throws IllegalArgumentException if the currencies differ
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  /**
   * Returns this amount times an exact factor, such as a price per token times tokens.
   *
   * @param factor the factor
   * @return this times factor
   */
  public Money times(BigDecimal factor) {
    return new Money(amount.multiply(factor), currency);
  }

  /**
   * Returns this amount times a whole factor.
   *
   * @param factor the factor
   * @return this times factor
   */
  public Money times(long factor) {
    return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
  }

  /**
   * Returns this amount divided by a whole divisor, to 34 significant digits.
   *
   * @param divisor the divisor, not zero
   * @return this divided by divisor
   * @throws IllegalArgumentException if {@code divisor} is zero
   */
  public Money div(long divisor) {
    if (divisor == 0) {
      throw new IllegalArgumentException("divisor must not be 0");
    }
    return new Money(amount.divide(BigDecimal.valueOf(divisor), MathContext.DECIMAL128), currency);
  }

  /**
   * Returns this amount divided by an exact divisor, to 34 significant digits.
   *
   * @param divisor the divisor, not zero
   * @return this divided by divisor
   * @throws IllegalArgumentException if {@code divisor} is zero
   */
  public Money div(BigDecimal divisor) {
    if (divisor.signum() == 0) {
      throw new IllegalArgumentException("divisor must not be 0");
    }
    return new Money(amount.divide(divisor, MathContext.DECIMAL128), currency);
  }

  /** Returns whether the amount is zero. */
  public boolean isZero() {
    return amount.signum() == 0;
  }

  /** Returns whether the amount is below zero. */
  public boolean isNegative() {
    return amount.signum() < 0;
  }

  /**
   * Returns this amount rounded to {@code scale} decimal places.
   *
   * @param scale decimal places
   * @param mode how to round
   * @return the rounded amount
   */
  public Money round(int scale, RoundingMode mode) {
    return new Money(amount.setScale(scale, mode), currency);
  }

  /**
   * Formats the amount with its currency code and thousands separators for display, such as {@code
   * USD 0.0040} or {@code USD 31,050.00}.
   *
   * @param scale decimal places
   * @param mode how to round
   * @return the formatted amount
   */
  public String format(int scale, RoundingMode mode) {
    BigDecimal shown = amount.setScale(scale, mode);
    return currency.getCurrencyCode() + " "
        + (scale < 0 ? shown.toPlainString() : String.format(java.util.Locale.ROOT, "%,." + scale + "f", shown));
  }

  /** Returns the unrounded amount with its currency code, such as {@code USD 10615784.6128}, for messages. */
  public String toExactString() {
    return currency.getCurrencyCode() + " " + toPlainString();
  }

  /** Returns the amount as a plain decimal string without exponent, unrounded. */
  public String toPlainString() {
    return amount.stripTrailingZeros().toPlainString();
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currencies must match, was "
              + currency.getCurrencyCode()
              + " and "
              + other.currency.getCurrencyCode());
    }
  }

  /**
   * Compares amounts of the same currency.
   *
   * @throws IllegalArgumentException if the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Money m && m.currency.equals(currency) && m.amount.compareTo(amount) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * currency.hashCode() + amount.stripTrailingZeros().hashCode();
  }

  /** How {@link #toString()} rounds for display: to the nearest, ties to the even digit. */
  public static final RoundingMode DISPLAY_ROUNDING = RoundingMode.HALF_EVEN;

  /**
   * Returns the amount rounded for display with its currency code and thousands separators: to the
   * currency's minor unit ({@code USD 10,615,784.61}) from one major unit up, else to 4 significant
   * digits ({@code USD 0.015} a request, {@code USD 0.0000025} a token), both {@link
   * #DISPLAY_ROUNDING}. The exact amount is
   * {@link #amount()} or {@link #toPlainString()}.
   */
  @Override
  public String toString() {
    int minor = Math.max(0, currency.getDefaultFractionDigits());
    if (amount.signum() == 0 || amount.abs().compareTo(BigDecimal.ONE) >= 0) {
      return format(minor, DISPLAY_ROUNDING);
    }
    BigDecimal shown = amount.round(new MathContext(4, DISPLAY_ROUNDING)).stripTrailingZeros();
    return currency.getCurrencyCode() + " " + shown.toPlainString();
  }
}
