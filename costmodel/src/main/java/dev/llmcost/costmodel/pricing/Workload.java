package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.internal.Require;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A day of requests: how many arrive and their mix, for {@link ModelPrice#bill(Workload)}.
 *
 * <p>Give the requests per day of each kind ({@link #of(WorkloadItem...)}), or a total and each
 * kind's share in percent:
 *
 * <pre>{@code
 * Workload w = Workload.perDay(100_000)
 *     .share("chat", 70, TokenUsage.of(500, 1_000))
 *     .share("rag", 30, TokenUsage.openAi().promptTokens(8_000).cachedTokens(6_000).completionTokens(300).build())
 *     .build();
 * }</pre>
 */
public final class Workload {
  private final List<WorkloadItem> items;

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * Validates the workload.
   *
   * @throws IllegalArgumentException if there are no items
   */
  private Workload(List<WorkloadItem> items) {
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a workload needs at least one kind of request, was none");
    }
    this.items = items;
  }

  /**
   * Returns a workload of the given kinds of request.
   *
   * @param items each kind with its requests per day
   * @return the workload
   * @throws IllegalArgumentException if there are no items
   */
  public static Workload of(WorkloadItem... items) {
    return new Workload(Arrays.asList(items));
  }

  /**
   * Starts a workload of {@code requestsPerDay} requests split by share.
   *
   * @param requestsPerDay requests per day in all, at least zero
   * @return a builder to add the shares to
   * @throws IllegalArgumentException if {@code requestsPerDay} is negative
   */
  public static Mix perDay(long requestsPerDay) {
    return new Mix(Require.nonNegative("requestsPerDay", requestsPerDay));
  }

  /** Returns the requests per day in all. */
  public BigDecimal requestsPerDay() {
    BigDecimal sum = BigDecimal.ZERO;
    for (WorkloadItem i : items) {
      sum = sum.add(i.requestsPerDay());
    }
    return sum;
  }

  /** Splits a number of requests per day into shares that add up to 100%. */
  public static final class Mix {
    private final long requestsPerDay;
    private final List<WorkloadItem> items = new ArrayList<>();
    private BigDecimal percent = BigDecimal.ZERO;

    private Mix(long requestsPerDay) {
      this.requestsPerDay = requestsPerDay;
    }

    /**
     * Adds a share of interactive requests.
     *
     * @param name a label for reports
     * @param percent the share of all requests, in percent, in (0, 100]
     * @param usage the tokens of one such request
     * @return this builder
     * @throws IllegalArgumentException if the share is not in (0, 100]
     */
    public Mix share(String name, long percent, TokenUsage usage) {
      return share(name, BigDecimal.valueOf(percent), usage, BillingMode.STANDARD);
    }

    /**
     * Adds a share of requests.
     *
     * @param name a label for reports
     * @param percent the share of all requests, in percent, in (0, 100]
     * @param usage the tokens of one such request
     * @param mode standard or batch
     * @return this builder
     * @throws IllegalArgumentException if the share is not in (0, 100]
     */
    public Mix share(String name, BigDecimal percent, TokenUsage usage, BillingMode mode) {
      if (percent.signum() <= 0 || percent.compareTo(HUNDRED) > 0) {
        throw new IllegalArgumentException(
            "percent of \"" + name + "\" must be in (0, 100], was " + percent.toPlainString());
      }
      BigDecimal requests = BigDecimal.valueOf(requestsPerDay).multiply(percent).movePointLeft(2);
      items.add(new WorkloadItem(name, usage, requests, mode));
      this.percent = this.percent.add(percent);
      return this;
    }

    /**
     * Returns the workload.
     *
     * @return the workload
     * @throws IllegalArgumentException if the shares do not add up to 100%
     */
    public Workload build() {
      if (percent.compareTo(HUNDRED) != 0) {
        throw new IllegalArgumentException(
            "shares must add up to 100%, were " + percent.toPlainString() + "%");
      }
      return new Workload(items);
    }
  }

  /** Returns the kinds of request, at least one. */
  public List<WorkloadItem> items() {
    return items;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof Workload o
          && Objects.equals(items, o.items);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(items);
  }

  @Override
  public String toString() {
    return "Workload[items=" + items + "]";
  }
}
