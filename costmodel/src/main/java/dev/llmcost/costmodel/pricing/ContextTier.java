package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.TokenCount;
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
  private final @Nullable TokenRates batch;

  private ContextTier(TokenCount threshold, TokenRates rates, @Nullable TokenRates batch) {
    this.threshold = threshold;
    this.rates = rates;
    this.batch = batch;
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
    return new ContextTier(threshold, rates, null);
  }

  /**
   * Returns this tier with batch prices above the threshold.
   *
   * @param batchRates the batch prices that change above the threshold
   * @return the new tier
   * @throws IllegalArgumentException if the currency differs from the tier's
   */
  public ContextTier withBatch(TokenRates batchRates) {
    if (!batchRates.currency().equals(rates.currency())) {
      throw new IllegalArgumentException(
          "batch prices must be in " + rates.currency().getCurrencyCode() + ", were "
              + batchRates.currency().getCurrencyCode());
    }
    return new ContextTier(threshold, rates, batchRates);
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
    return Optional.ofNullable(batch);
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
        && Objects.equals(t.batch, batch);
  }

  @Override
  public int hashCode() {
    return Objects.hash(threshold, rates, batch);
  }

  @Override
  public String toString() {
    return "above " + threshold + ": " + rates + (batch == null ? "" : ", batch " + batch);
  }
}
