package dev.llmcost.costmodel.pricing;

/** How a request is served and billed: interactively, or through a provider's batch API. */
public enum BillingMode {
  /** Interactive requests at the standard prices. */
  STANDARD,
  /**
   * Requests sent through a batch API (answered within a day, typically at half price); billed at
   * the book's batch prices.
   */
  BATCH
}
