package dev.llmcost.costmodel.pricing;

import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One set of per-token prices, by {@link TokenKind}: the standard prices of a model, its batch
 * prices, or the prices that change above a long-context threshold. Immutable, with at least one
 * price listed, all in one currency; a price that is not listed {@linkplain #price(TokenKind) falls
 * back} as the providers bill it.
 */
public final class TokenRates {

  private final Map<TokenKind, TokenPrice> listed;
  private final Currency currency;

  private TokenRates(EnumMap<TokenKind, TokenPrice> listed) {
    this.listed = Collections.unmodifiableMap(listed);
    this.currency = listed.values().iterator().next().currency();
  }

  /**
   * Returns rates with an input and an output price.
   *
   * @param input the price of a plain input token
   * @param output the price of an output token
   * @return the rates
   * @throws IllegalArgumentException if the currencies differ
   */
  public static TokenRates of(TokenPrice input, TokenPrice output) {
    return ofInput(input).with(TokenKind.OUTPUT, output);
  }

  /**
   * Returns rates with only an input price (an embedding model, or a long-context tier that only
   * changes the input price).
   *
   * @param input the price of a plain input token
   * @return the rates
   */
  public static TokenRates ofInput(TokenPrice input) {
    return of(TokenKind.INPUT, input);
  }

  /**
   * Returns rates that list one price (a long-context tier that changes only that price).
   *
   * @param kind the kind of token
   * @param price its price
   * @return the rates
   */
  public static TokenRates of(TokenKind kind, TokenPrice price) {
    EnumMap<TokenKind, TokenPrice> m = new EnumMap<>(TokenKind.class);
    m.put(kind, price);
    return new TokenRates(m);
  }

  /**
   * Returns rates in US dollars per million tokens, such as {@code usdPerMillion("2.50", "10.00")}.
   *
   * @param input dollars per million plain input tokens
   * @param output dollars per million output tokens
   * @return the rates
   * @throws IllegalArgumentException if an amount is not a non-negative decimal number
   */
  public static TokenRates usdPerMillion(String input, String output) {
    return of(TokenPrice.usdPerMillion(input), TokenPrice.usdPerMillion(output));
  }

  /**
   * Returns these rates with the price of {@code kind} set (replaced if listed).
   *
   * @param kind the kind of token
   * @param price its price
   * @return the new rates
   * @throws IllegalArgumentException if the price is in another currency
   */
  public TokenRates with(TokenKind kind, TokenPrice price) {
    if (!price.currency().equals(currency)) {
      throw new IllegalArgumentException(
          "price of " + kind.label() + " must be in " + currency.getCurrencyCode() + ", was "
              + price.currency().getCurrencyCode());
    }
    if (price.equals(listed.get(kind))) {
      return this;
    }
    EnumMap<TokenKind, TokenPrice> m = new EnumMap<>(TokenKind.class);
    m.putAll(listed);
    m.put(kind, price);
    return new TokenRates(m);
  }

  /**
   * Returns these rates with every price that {@code other} lists laid over them: how a
   * long-context tier changes some prices and keeps the others.
   *
   * @param other the prices that replace these
   * @return the combined rates
   * @throws IllegalArgumentException if the currencies differ
   */
  public TokenRates overriddenBy(TokenRates other) {
    TokenRates r = this;
    for (Map.Entry<TokenKind, TokenPrice> e : other.listed.entrySet()) {
      r = r.with(e.getKey(), e.getValue());
    }
    return r;
  }

  /**
   * Returns the price listed for {@code kind}, without fallback.
   *
   * @param kind the kind of token
   * @return the listed price, or empty
   */
  public Optional<TokenPrice> listed(TokenKind kind) {
    return Optional.ofNullable(listed.get(kind));
  }

  /** Returns the listed prices, in {@link TokenKind} order. */
  public Map<TokenKind, TokenPrice> asMap() {
    return listed;
  }

  /**
   * Returns the price a token of {@code kind} is billed at: its listed price, or the fallback the
   * providers apply when none is listed.
   *
   * <ul>
   *   <li>{@link TokenKind#INPUT}: empty when not listed (a model's standard prices always list it).
   *   <li>{@link TokenKind#CACHE_READ} and {@link TokenKind#CACHE_WRITE_5M}: the input price (no
   *       caching discount, no write surcharge).
   *   <li>{@link TokenKind#CACHE_WRITE_1H}: the input price when no 5-minute write price is listed
   *       either; empty otherwise (a write surcharge is known, but not this one).
   *   <li>{@link TokenKind#OUTPUT}: empty when not listed.
   *   <li>{@link TokenKind#REASONING}: the output price.
   * </ul>
   *
   * @param kind the kind of token
   * @return the price, or empty if the rates cannot price this kind
   */
  public Optional<TokenPrice> price(TokenKind kind) {
    @Nullable TokenPrice p = listed.get(kind);
    if (p != null) {
      return Optional.of(p);
    }
    return switch (kind) {
      case INPUT, OUTPUT -> Optional.empty();
      case CACHE_READ, CACHE_WRITE_5M -> price(TokenKind.INPUT);
      case CACHE_WRITE_1H ->
          listed.containsKey(TokenKind.CACHE_WRITE_5M) ? Optional.empty() : price(TokenKind.INPUT);
      case REASONING -> price(TokenKind.OUTPUT);
    };
  }

  /** Returns the currency of every price. */
  public Currency currency() {
    return currency;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenRates r && r.listed.equals(listed);
  }

  @Override
  public int hashCode() {
    return listed.hashCode();
  }

  /** Returns the listed prices per million tokens, such as {@code {input=USD 2.5, output=USD 10}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    listed.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append(", ");
          }
          sb.append(k.label()).append('=').append(v.perMillionTokens());
        });
    return sb.append("} per 1M tokens").toString();
  }
}
