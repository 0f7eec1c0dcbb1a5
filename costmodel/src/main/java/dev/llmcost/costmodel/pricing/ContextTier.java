package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.TokenCount;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Long-context prices: once a request's prompt holds more than {@link #threshold()} tokens, the
 * whole request — every prompt and every completion token — is billed at this tier's prices, as
 * Anthropic bills prompts above 200K tokens and Google bills Gemini prompts above 128K or 200K.
 *
 * <p>The prompt counted against the threshold is every prompt-side token: plain input, cache reads
 * and cache writes ({@link TokenUsage#promptTokens()}). A tier lists the prices that change above
 * its threshold; a kind it does not list keeps the model's base price ({@link
 * TokenRates#overriddenBy(TokenRates)}).
 */
public final class ContextTier {

  private final TokenCount threshold;
  private final TokenRates rates;
  private final Map<BillingMode, TokenRates> services;

  private ContextTier(TokenCount threshold, TokenRates rates, Map<BillingMode, TokenRates> services) {
    this.threshold = threshold;
    this.rates = rates;
    this.services = services;
  }

  /**
   * Returns a tier that applies to prompts of more than {@code threshold} tokens.
   *
   * @param threshold the largest prompt still billed below this tier, in tokens, more than zero
   * @param rates the prices that change above the threshold
   * @return the tier
   * @throws IllegalArgumentException if {@code threshold} is zero
   */
  public static ContextTier above(TokenCount threshold, TokenRates rates) {
    if (threshold.isZero()) {
      throw new IllegalArgumentException("tier threshold must be > 0 tokens, was 0");
    }
    return new ContextTier(threshold, rates, Map.of());
  }

  /**
   * Returns this tier with batch prices above the threshold.
   *
   * @param batchRates the batch prices that change above the threshold
   * @return the new tier
   * @throws IllegalArgumentException if the currency differs from the tier's
   */
  public ContextTier withBatch(TokenRates batchRates) {
    return withService(BillingMode.BATCH, batchRates);
  }

  /**
   * Returns this tier with the prices of a service tier (batch, flex or priority) above the
   * threshold.
   *
   * @param mode batch, flex or priority
   * @param serviceRates the prices of that service that change above the threshold
   * @return the new tier
   * @throws IllegalArgumentException if {@code mode} is standard or the currency differs from the
   *     tier's
   */
  public ContextTier withService(BillingMode mode, TokenRates serviceRates) {
    if (mode == BillingMode.STANDARD) {
      throw new IllegalArgumentException("mode must be batch, flex or priority, was standard");
    }
    if (!serviceRates.currency().equals(rates.currency())) {
      throw new IllegalArgumentException(
          mode.label() + " prices must be in " + rates.currency().getCurrencyCode() + ", were "
              + serviceRates.currency().getCurrencyCode());
    }
    EnumMap<BillingMode, TokenRates> m = new EnumMap<>(BillingMode.class);
    m.putAll(services);
    m.put(mode, serviceRates);
    return new ContextTier(threshold, rates, Collections.unmodifiableMap(m));
  }

  /**
   * Returns the prices above the threshold of a service tier.
   *
   * @param mode standard, batch, flex or priority
   * @return {@link #rates()} for standard; the service's prices, if the book knows them
   */
  public Optional<TokenRates> service(BillingMode mode) {
    return mode == BillingMode.STANDARD ? Optional.of(rates) : Optional.ofNullable(services.get(mode));
  }

  /** Returns the largest prompt, in tokens, still billed below this tier. */
  public TokenCount threshold() {
    return threshold;
  }

  /** Returns the standard prices that change above the threshold. */
  public TokenRates rates() {
    return rates;
  }

  /** Returns the batch prices that change above the threshold, if the book knows them. */
  public Optional<TokenRates> batch() {
    return service(BillingMode.BATCH);
  }

  /**
   * Returns whether a prompt of {@code promptTokens} tokens is billed at this tier.
   *
   * @param promptTokens every prompt-side token of the request
   * @return whether the prompt holds more than the threshold
   */
  public boolean appliesTo(TokenCount promptTokens) {
    return promptTokens.compareTo(threshold) > 0;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ContextTier t
        && t.threshold.equals(threshold)
        && t.rates.equals(rates)
        && t.services.equals(services);
  }

  @Override
  public int hashCode() {
    return Objects.hash(threshold, rates, services);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("above " + threshold + ": " + rates);
    services.forEach((m, r) -> sb.append(", ").append(m.label()).append(' ').append(r));
    return sb.toString();
  }
}
