package dev.llmcost.costmodel.inference;

import dev.llmcost.core.Money;
import dev.llmcost.costmodel.internal.inference.HourlyCost;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one replica costs at a steady load ({@link SteadyLoad#cost(Money)}), at a price per GPU-hour: the replica's
 * hour, idle capacity included, over what it serves in that hour (s23c).
 *
 * <p>Unlike {@link ServingCost}, which keeps every GPU busy and charges prefill time to input tokens and decode time
 * to output tokens, a load below saturation leaves the replica part idle and runs prompts and decode steps in the
 * same iterations: all of the hour is charged to the output tokens (as {@link
 * ServingCost#perMillionOutputTokensAllIn()} does) and to the requests served. The figures are the ones {@code
 * llmcost infer --rate R | --concurrency C --price-per-gpu-hour P} prints.
 *
 * <p>A final class with accessors so that it can grow without breaking callers.
 */
public final class SteadyLoadCost {
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal HOUR = BigDecimal.valueOf(3600);

  private final Money pricePerGpuHour;
  private final int gpus;
  private final Money costPerHour;
  private final Money perMillionOutputTokens;
  private final Money perRequest;
  private final double requestsPerSecond;

  private SteadyLoadCost(Money pricePerGpuHour, int gpus, Money costPerHour, Money perMillionOutputTokens,
      Money perRequest, double requestsPerSecond) {
    this.pricePerGpuHour = pricePerGpuHour;
    this.gpus = gpus;
    this.costPerHour = costPerHour;
    this.perMillionOutputTokens = perMillionOutputTokens;
    this.perRequest = perRequest;
    this.requestsPerSecond = requestsPerSecond;
  }

  /**
   * Returns the cost of a load at a price per GPU-hour; see {@link SteadyLoad#cost(Money)}.
   *
   * @throws IllegalArgumentException if the price is negative
   */
  static SteadyLoadCost of(SteadyLoad l, Money pricePerGpuHour) {
    Objects.requireNonNull(pricePerGpuHour, "pricePerGpuHour");
    if (pricePerGpuHour.isNegative()) {
      throw new IllegalArgumentException("pricePerGpuHour must be >= 0, was " + pricePerGpuHour.toExactString());
    }
    int gpus = l.scenario().gpus();
    Money perHour = pricePerGpuHour.times(gpus);
    // a saturated load's offered rate is more than the replica serves; its requests served are its tokens' (the
    // throughput at the largest batch) over the tokens of a request
    double served = l.saturated() ? l.outputTokensPerSecond() / l.scenario().outputTokens() : l.requestsPerSecond();
    BigDecimal tokensPerHour = new BigDecimal(l.outputTokensPerSecond(), MC).multiply(HOUR);
    BigDecimal requestsPerHour = new BigDecimal(served, MC).multiply(HOUR);
    return new SteadyLoadCost(pricePerGpuHour, gpus, perHour, HourlyCost.perMillion(perHour, tokensPerHour),
        HourlyCost.perUnit(perHour, requestsPerHour), served);
  }

  /** Returns the price of one GPU for an hour. */
  public Money pricePerGpuHour() {
    return pricePerGpuHour;
  }

  /** Returns the GPUs of the replica, {@code tp × pp} ({@link InferenceScenario#gpus()}). */
  public int gpus() {
    return gpus;
  }

  /** Returns the replica's cost per hour, {@code price per GPU-hour × GPUs}, exact. */
  public Money costPerHour() {
    return costPerHour;
  }

  /**
   * Returns the cost of a million output tokens at this load, {@code cost per hour × 10^6 / (output tokens per
   * second × 3600)}, rounded to 16 significant digits.
   */
  public Money perMillionOutputTokens() {
    return perMillionOutputTokens;
  }

  /**
   * Returns the cost of one request at this load (its prompt and its output together), {@code cost per hour /
   * (requests served per second × 3600)}, rounded to 16 significant digits.
   */
  public Money perRequest() {
    return perRequest;
  }

  /**
   * Returns the requests served per second that {@link #perRequest()} divides by: the load's rate, or for a saturated
   * load ({@link SteadyLoad#saturated()}) its output tokens per second over the output tokens of a request.
   */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SteadyLoadCost o
        && pricePerGpuHour.equals(o.pricePerGpuHour)
        && gpus == o.gpus
        && costPerHour.equals(o.costPerHour)
        && perMillionOutputTokens.equals(o.perMillionOutputTokens)
        && perRequest.equals(o.perRequest)
        && Double.compare(requestsPerSecond, o.requestsPerSecond) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(pricePerGpuHour, gpus, costPerHour, perMillionOutputTokens, perRequest, requestsPerSecond);
  }

  @Override
  public String toString() {
    return "SteadyLoadCost[pricePerGpuHour=" + pricePerGpuHour + ", gpus=" + gpus + ", costPerHour=" + costPerHour
        + ", perMillionOutputTokens=" + perMillionOutputTokens + ", perRequest=" + perRequest
        + ", requestsPerSecond=" + requestsPerSecond + "]";
  }
}
