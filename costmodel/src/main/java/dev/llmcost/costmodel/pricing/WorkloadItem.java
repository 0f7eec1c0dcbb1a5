package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.internal.Require;
import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One kind of request in a {@link Workload}: its tokens, how many such requests arrive per day,
 * and whether they go through the batch API.
 */
public final class WorkloadItem {
  private final String name;
  private final TokenUsage usage;
  private final BigDecimal requestsPerDay;
  private final BillingMode mode;

  /**
   * Validates the item.
   *
   * @throws IllegalArgumentException if {@code name} is blank or {@code requestsPerDay} negative
   */
  WorkloadItem(String name, TokenUsage usage, BigDecimal requestsPerDay, BillingMode mode) {
    Require.nonBlank("name", name);
    if (requestsPerDay.signum() < 0) {
      throw new IllegalArgumentException(
          "requestsPerDay must be >= 0, was " + requestsPerDay.toPlainString());
    }
    this.name = name;
    this.usage = usage;
    this.requestsPerDay = requestsPerDay;
    this.mode = mode;
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

  /** Returns a label for reports, such as {@code chat} or {@code nightly summaries}. */
  public String name() {
    return name;
  }

  /** Returns the tokens of one request. */
  public TokenUsage usage() {
    return usage;
  }

  /** Returns the requests per day, exact, at least zero (a mix may give fractions). */
  public BigDecimal requestsPerDay() {
    return requestsPerDay;
  }

  /** Returns the standard or batch. */
  public BillingMode mode() {
    return mode;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof WorkloadItem o
          && Objects.equals(name, o.name)
          && Objects.equals(usage, o.usage)
          && Objects.equals(requestsPerDay, o.requestsPerDay)
          && Objects.equals(mode, o.mode);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(name);
    h = 31 * h + Objects.hashCode(usage);
    h = 31 * h + Objects.hashCode(requestsPerDay);
    h = 31 * h + Objects.hashCode(mode);
    return h;
  }

  @Override
  public String toString() {
    return "WorkloadItem[name=" + name + ", usage=" + usage + ", requestsPerDay=" + requestsPerDay + ", mode=" + mode + "]";
  }
}
