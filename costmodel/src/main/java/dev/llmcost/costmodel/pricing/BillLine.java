package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of an itemised bill: tokens of one kind, the price they were billed at, and their exact
 * cost.
 */
public final class BillLine {
  private final TokenKind kind;
  private final TokenCount tokens;
  private final TokenPrice price;
  private final Money cost;

  /**
   * Validates that the cost is the price times the tokens.
   *
   * @throws IllegalArgumentException if {@code cost} differs from {@code price × tokens}
   */
  BillLine(TokenKind kind, TokenCount tokens, TokenPrice price, Money cost) {
    if (!price.times(tokens).equals(cost)) {
      throw new IllegalArgumentException(
          "cost must be " + price.times(tokens).toExactString() + " (" + tokens + " at " + price + "), was "
              + cost.toExactString());
    }
    this.kind = kind;
    this.tokens = tokens;
    this.price = price;
    this.cost = cost;
  }

  /**
   * Returns the line for {@code tokens} tokens of {@code kind} at {@code price}.
   *
   * @param kind the kind of token
   * @param tokens how many
   * @param price the price per token
   * @return the line
   */
  public static BillLine of(TokenKind kind, TokenCount tokens, TokenPrice price) {
    return new BillLine(kind, tokens, price, price.times(tokens));
  }

  /** Returns the kind of token. */
  public TokenKind kind() {
    return kind;
  }

  /** Returns how many. */
  public TokenCount tokens() {
    return tokens;
  }

  /** Returns the price per token they were billed at. */
  public TokenPrice price() {
    return price;
  }

  /** Returns {@code price × tokens}, unrounded. */
  public Money cost() {
    return cost;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof BillLine o
          && Objects.equals(kind, o.kind)
          && Objects.equals(tokens, o.tokens)
          && Objects.equals(price, o.price)
          && Objects.equals(cost, o.cost);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(kind);
    h = 31 * h + Objects.hashCode(tokens);
    h = 31 * h + Objects.hashCode(price);
    h = 31 * h + Objects.hashCode(cost);
    return h;
  }

  @Override
  public String toString() {
    return "BillLine[kind=" + kind + ", tokens=" + tokens + ", price=" + price + ", cost=" + cost + "]";
  }
}
