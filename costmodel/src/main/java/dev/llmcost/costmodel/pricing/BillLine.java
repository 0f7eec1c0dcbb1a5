package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;

/**
 * One line of an itemised bill: tokens of one kind, the price they were billed at, and their exact
 * cost.
 *
 * @param kind the kind of token
 * @param tokens how many
 * @param price the price per token they were billed at
 * @param cost {@code price × tokens}, unrounded
 */
public record BillLine(TokenKind kind, TokenCount tokens, TokenPrice price, Money cost) {

  /**
   * Validates that the cost is the price times the tokens.
   *
   * @throws IllegalArgumentException if {@code cost} differs from {@code price × tokens}
   */
  public BillLine {
    if (!price.times(tokens).equals(cost)) {
      throw new IllegalArgumentException(
          "cost must be " + price.times(tokens).toExactString() + " (" + tokens + " at " + price + "), was "
              + cost.toExactString());
    }
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
}
