package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.internal.Require;
import java.math.BigDecimal;

/**
 * One kind of request in a {@link Workload}: its tokens, how many such requests arrive per day,
 * and whether they go through the batch API.
 *
 * @param name a label for reports, such as {@code chat} or {@code nightly summaries}
 * @param usage the tokens of one request
 * @param requestsPerDay requests per day, exact, at least zero (a mix may give fractions)
 * @param mode standard or batch
 */
public record WorkloadItem(
    String name, TokenUsage usage, BigDecimal requestsPerDay, BillingMode mode) {

  /**
   * Validates the item.
   *
   * @throws IllegalArgumentException if {@code name} is blank or {@code requestsPerDay} negative
   */
  public WorkloadItem {
    Require.nonBlank("name", name);
    if (requestsPerDay.signum() < 0) {
      throw new IllegalArgumentException(
          "requestsPerDay must be >= 0, was " + requestsPerDay.toPlainString());
    }
  }

  /**
   * Returns {@code requestsPerDay} interactive requests a day of {@code usage} each.
   *
   * @param name a label for reports
   * @param usage the tokens of one request
   * @param requestsPerDay requests per day, at least zero
   * @return the item
   * @throws IllegalArgumentException if {@code name} is blank or {@code requestsPerDay} negative
   */
  public static WorkloadItem of(String name, TokenUsage usage, long requestsPerDay) {
    return new WorkloadItem(name, usage, BigDecimal.valueOf(requestsPerDay), BillingMode.STANDARD);
  }

  /** Returns this item sent through the batch API. */
  public WorkloadItem inBatch() {
    return mode == BillingMode.BATCH ? this : new WorkloadItem(name, usage, requestsPerDay, BillingMode.BATCH);
  }
}
