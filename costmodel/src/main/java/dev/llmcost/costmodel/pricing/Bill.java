package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.Money;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The itemised bill of one request: a line per kind of token, each at the price the book lists
 * for it, in exact {@link Money}. Nothing is rounded; {@link #toString()} rounds for display only.
 *
 * <p>Made by {@link ModelPrice#bill(TokenUsage, BillingMode)} or {@link PriceBook#bill(String,
 * TokenUsage)}.
 */
public final class Bill {

  private final ModelPrice price;
  private final TokenUsage usage;
  private final BillingMode mode;
  private final @Nullable ContextTier tier;
  private final List<BillLine> lines;

  Bill(
      ModelPrice price,
      TokenUsage usage,
      BillingMode mode,
      @Nullable ContextTier tier,
      List<BillLine> lines) {
    this.price = price;
    this.usage = usage;
    this.mode = mode;
    this.tier = tier;
    this.lines = List.copyOf(lines);
  }

  /** Returns the id of the model billed. */
  public String model() {
    return price.id();
  }

  /** Returns the price book entry the bill was made from (with its date and source). */
  public ModelPrice modelPrice() {
    return price;
  }

  /** Returns the tokens billed. */
  public TokenUsage usage() {
    return usage;
  }

  /** Returns whether the request was billed at standard or batch prices. */
  public BillingMode mode() {
    return mode;
  }

  /** Returns the long-context tier the request was billed at, if its prompt crossed one. */
  public Optional<ContextTier> tier() {
    return Optional.ofNullable(tier);
  }

  /** Returns one line per kind of token billed (kinds with no tokens are left out). */
  public List<BillLine> lines() {
    return lines;
  }

  /**
   * Returns the line of one kind of token.
   *
   * @param kind the kind
   * @return the line, or empty if no such tokens were billed
   */
  public Optional<BillLine> line(TokenKind kind) {
    return lines.stream().filter(l -> l.kind() == kind).findFirst();
  }

  /** Returns the currency of the bill. */
  public Currency currency() {
    return price.currency();
  }

  /** Returns the exact cost of the prompt side: plain input, cache reads and cache writes. */
  public Money inputCost() {
    return sum(true);
  }

  /** Returns the exact cost of the completion side: output and reasoning tokens. */
  public Money outputCost() {
    return sum(false);
  }

  /** Returns the exact cost of the request. */
  public Money total() {
    return inputCost().plus(outputCost());
  }

  private Money sum(boolean prompt) {
    Money m = Money.zero(currency());
    for (BillLine l : lines) {
      if (l.kind().isPrompt() == prompt) {
        m = m.plus(l.cost());
      }
    }
    return m;
  }

  /**
   * Returns the bill as a small table, amounts rounded half-up to 6 decimals for display, such as
   * {@code gpt-4o: input 500 tokens × USD 2.5/1M = USD 0.001250 ... total USD 0.011250}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(model());
    if (mode == BillingMode.BATCH) {
      sb.append(" (batch)");
    }
    if (tier != null) {
      sb.append(" (prompt above ").append(tier.threshold().value()).append(" tokens)");
    }
    sb.append('\n');
    for (BillLine l : lines) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-15s %,12d tokens × %-16s = %s%n",
              l.kind().label(),
              l.tokens().value(),
              l.price().perMillionTokens() + "/1M",
              l.cost().format(6, RoundingMode.HALF_UP)));
    }
    sb.append(String.format(Locale.ROOT, "  %-15s %s", "total", total().format(6, RoundingMode.HALF_UP)));
    return sb.toString();
  }
}
