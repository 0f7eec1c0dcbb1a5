package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * The price of one token, exact: a {@link Money} amount per token, never a floating-point number.
 *
 * <p>Price lists quote per thousand or per million tokens; {@link #perMillion(Money)} and {@link
 * #perThousand(Money)} move the decimal point, so {@code $2.50} per million is exactly {@code
 * $0.0000025} per token. Two prices are equal when their per-token amounts are equal, whatever
 * their scale.
 *
 * <p>A record: its one component (the price of one token) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param perToken the price of one token, at least zero
 */
public record TokenPrice(Money perToken) implements Comparable<TokenPrice> {

  /** A million, the unit most price lists quote. */
  private static final int MILLION_EXPONENT = 6;

  /**
   * Validates the price.
   *
   * @throws IllegalArgumentException if {@code perToken} is negative
   */
  public TokenPrice {
    if (perToken.isNegative()) {
      throw new IllegalArgumentException("price per token must be >= 0, was " + perToken);
    }
  }

  /**
   * Returns a price of {@code price} per token.
   *
   * @param price the price of one token, at least zero
   * @return the price
   * @throws IllegalArgumentException if {@code price} is negative
   */
  public static TokenPrice perToken(Money price) {
    return new TokenPrice(price);
  }

  /**
   * Returns a price of {@code price} per thousand tokens, as 2023 price lists quoted.
   *
   * @param price the price of 1,000 tokens, at least zero
   * @return the price
   * @throws IllegalArgumentException if {@code price} is negative
   */
  public static TokenPrice perThousand(Money price) {
    return new TokenPrice(Money.of(price.amount().movePointLeft(3), price.currency()));
  }

  /**
   * Returns a price of {@code price} per million tokens, as current price lists quote.
   *
   * @param price the price of 1,000,000 tokens, at least zero
   * @return the price
   * @throws IllegalArgumentException if {@code price} is negative
   */
  public static TokenPrice perMillion(Money price) {
    return new TokenPrice(Money.of(price.amount().movePointLeft(MILLION_EXPONENT), price.currency()));
  }

  /**
   * Returns a price in US dollars per million tokens, such as {@code usdPerMillion("2.50")}.
   *
   * @param dollars a decimal number of dollars per 1,000,000 tokens, at least zero
   * @return the price
   * @throws IllegalArgumentException if {@code dollars} is not a non-negative decimal number
   */
  public static TokenPrice usdPerMillion(String dollars) {
    return perMillion(Money.usd(dollars));
  }

  /**
   * Returns a price in US dollars per thousand tokens, such as {@code usdPerThousand("0.002")}.
   *
   * @param dollars a decimal number of dollars per 1,000 tokens, at least zero
   * @return the price
   * @throws IllegalArgumentException if {@code dollars} is not a non-negative decimal number
   */
  public static TokenPrice usdPerThousand(String dollars) {
    return perThousand(Money.usd(dollars));
  }

  /** Returns the currency. */
  public Currency currency() {
    return perToken.currency();
  }

  /** Returns the exact price of 1,000 tokens. */
  public Money perThousandTokens() {
    return Money.of(perToken.amount().movePointRight(3), perToken.currency());
  }

  /** Returns the exact price of 1,000,000 tokens. */
  public Money perMillionTokens() {
    return Money.of(perToken.amount().movePointRight(MILLION_EXPONENT), perToken.currency());
  }

  /**
   * Returns the exact cost of {@code tokens} tokens at this price.
   *
   * @param tokens the tokens
   * @return price times tokens, unrounded
   */
  public Money times(TokenCount tokens) {
    return perToken.times(tokens.value());
  }

  /**
   * Returns this price times an exact factor, such as a discount of {@code 0.5}.
   *
   * @param factor the factor, at least zero
   * @return the scaled price
   * @throws IllegalArgumentException if {@code factor} is negative
   */
  public TokenPrice times(BigDecimal factor) {
    if (factor.signum() < 0) {
      throw new IllegalArgumentException("factor must be >= 0, was " + factor.toPlainString());
    }
    return new TokenPrice(perToken.times(factor));
  }

  /**
   * Compares prices of the same currency.
   *
   * @throws IllegalArgumentException if the currencies differ
   */
  @Override
  public int compareTo(TokenPrice other) {
    return perToken.compareTo(other.perToken);
  }

  /** Returns the price per million tokens, such as {@code USD 2.5 per 1M tokens}. */
  @Override
  public String toString() {
    return perMillionTokens() + " per 1M tokens";
  }
}
