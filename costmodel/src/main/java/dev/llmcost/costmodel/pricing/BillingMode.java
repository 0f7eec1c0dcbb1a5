package dev.llmcost.costmodel.pricing;

import java.util.Locale;

/**
 * How a request is served and billed: interactively at standard prices, through a batch API, or at
 * a provider's flex (slower, cheaper) or priority (faster, dearer) service tier, as OpenAI's {@code
 * service_tier} offers them.
 */
public enum BillingMode {
  /** Interactive requests at the standard prices. */
  STANDARD,
  /**
   * Requests sent through a batch API (answered within a day, typically at half price); billed at
   * the book's batch prices.
   */
  BATCH,
  /** Requests served at the flex tier (higher latency, may be queued); billed at its prices. */
  FLEX,
  /** Requests served at the priority tier (lower, steadier latency); billed at its prices. */
  PRIORITY;

  /** Returns a short human label, such as {@code batch}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
