package dev.llmcost.costmodel.inference;

import dev.llmcost.core.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What serving a scenario costs at a price per GPU-hour, with every GPU busy all the time.
 *
 * <p>Attribution: the GPU-time of the prefill is charged to input tokens and the GPU-time of the
 * decode steps to output tokens (the first output token comes with the prefill); {@code
 * perMillionOutputTokensAllIn} charges all of it to output tokens, as a throughput-based figure
 * does.
 */
public final class ServingCost {
  private final Money pricePerGpuHour;
  private final int gpus;
  private final Money costPerHour;
  private final Money perMillionInputTokens;
  private final Money perMillionOutputTokens;
  private final Money perMillionOutputTokensAllIn;
  private final Money perRequest;
  private final double requestsPerHour;
  private final int inputTokensPerRequest;
  private final int outputTokensPerRequest;

  ServingCost(
      Money pricePerGpuHour,
      int gpus,
      Money costPerHour,
      Money perMillionInputTokens,
      Money perMillionOutputTokens,
      Money perMillionOutputTokensAllIn,
      Money perRequest,
      double requestsPerHour,
      int inputTokensPerRequest,
      int outputTokensPerRequest) {
    this.pricePerGpuHour = pricePerGpuHour;
    this.gpus = gpus;
    this.costPerHour = costPerHour;
    this.perMillionInputTokens = perMillionInputTokens;
    this.perMillionOutputTokens = perMillionOutputTokens;
    this.perMillionOutputTokensAllIn = perMillionOutputTokensAllIn;
    this.perRequest = perRequest;
    this.requestsPerHour = requestsPerHour;
    this.inputTokensPerRequest = inputTokensPerRequest;
    this.outputTokensPerRequest = outputTokensPerRequest;
  }

  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal HOUR = BigDecimal.valueOf(3600);

  /**
   * Returns the cost of an estimate at a price per GPU-hour.
   *
   * @param e the estimate
   * @param pricePerGpuHour price of one GPU for an hour
   * @return the cost
   * @throws IllegalArgumentException if the price is negative
   */
  public static ServingCost of(InferenceEstimate e, Money pricePerGpuHour) {
    if (pricePerGpuHour.isNegative()) {
      throw new IllegalArgumentException("pricePerGpuHour must be >= 0, was " + pricePerGpuHour.toExactString());
    }
    InferenceScenario s = e.scenario();
    int gpus = s.gpus();
    Money perHour = pricePerGpuHour.times(gpus);
    Money perSecond = perHour.div(HOUR);
    BigDecimal batch = BigDecimal.valueOf(s.batch());
    BigDecimal inputTokens = batch.multiply(BigDecimal.valueOf(s.inputTokens()));
    BigDecimal outputTokens = batch.multiply(BigDecimal.valueOf(s.outputTokens()));
    BigDecimal prefill = new BigDecimal(e.prefillSeconds(), MC);
    BigDecimal decode = new BigDecimal(e.decodeSeconds(), MC);
    Money input = perSecond.times(prefill).times(MILLION).div(inputTokens);
    Money output = perSecond.times(decode).times(MILLION).div(outputTokens);
    Money allIn = perSecond.times(prefill.add(decode)).times(MILLION).div(outputTokens);
    Money request = perSecond.times(prefill.add(decode)).div(batch);
    double busy = e.prefillSeconds() + e.decodeSeconds();
    return new ServingCost(
        pricePerGpuHour,
        gpus,
        perHour,
        round(input),
        round(output),
        round(allIn),
        round(request),
        s.batch() * 3600.0 / busy,
        s.inputTokens(),
        s.outputTokens());
  }

  private static Money round(Money m) {
    return Money.of(m.amount().round(MC), m.currency());
  }

  /** Returns the price of one GPU for an hour. */
  public Money pricePerGpuHour() {
    return pricePerGpuHour;
  }

  /** Returns GPUs of the replica. */
  public int gpus() {
    return gpus;
  }

  /** Returns the replica's cost per hour. */
  public Money costPerHour() {
    return costPerHour;
  }

  /** Returns cost of prefilling a million input tokens. */
  public Money perMillionInputTokens() {
    return perMillionInputTokens;
  }

  /** Returns cost of decoding a million output tokens. */
  public Money perMillionOutputTokens() {
    return perMillionOutputTokens;
  }

  /** Returns cost per million output tokens when they bear all GPU-time. */
  public Money perMillionOutputTokensAllIn() {
    return perMillionOutputTokensAllIn;
  }

  /** Returns cost of one request (input and output together). */
  public Money perRequest() {
    return perRequest;
  }

  /** Returns requests the replica completes per hour at full load. */
  public double requestsPerHour() {
    return requestsPerHour;
  }

  /** Returns prompt tokens per request. */
  public int inputTokensPerRequest() {
    return inputTokensPerRequest;
  }

  /** Returns output tokens per request. */
  public int outputTokensPerRequest() {
    return outputTokensPerRequest;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ServingCost o
        && Objects.equals(pricePerGpuHour, o.pricePerGpuHour)
        && gpus == o.gpus
        && Objects.equals(costPerHour, o.costPerHour)
        && Objects.equals(perMillionInputTokens, o.perMillionInputTokens)
        && Objects.equals(perMillionOutputTokens, o.perMillionOutputTokens)
        && Objects.equals(perMillionOutputTokensAllIn, o.perMillionOutputTokensAllIn)
        && Objects.equals(perRequest, o.perRequest)
        && Double.compare(requestsPerHour, o.requestsPerHour) == 0
        && inputTokensPerRequest == o.inputTokensPerRequest
        && outputTokensPerRequest == o.outputTokensPerRequest;
  }

  @Override
  public int hashCode() {
    return Objects.hash(pricePerGpuHour, gpus, costPerHour, perMillionInputTokens, perMillionOutputTokens, perMillionOutputTokensAllIn, perRequest, requestsPerHour, inputTokensPerRequest, outputTokensPerRequest);
  }

  @Override
  public String toString() {
    return "ServingCost[pricePerGpuHour=" + pricePerGpuHour + ", gpus=" + gpus + ", costPerHour=" + costPerHour + ", perMillionInputTokens=" + perMillionInputTokens + ", perMillionOutputTokens=" + perMillionOutputTokens + ", perMillionOutputTokensAllIn=" + perMillionOutputTokensAllIn + ", perRequest=" + perRequest + ", requestsPerHour=" + requestsPerHour + ", inputTokensPerRequest=" + inputTokensPerRequest + ", outputTokensPerRequest=" + outputTokensPerRequest + "]";
  }
}
