package dev.llmcost.costmodel.inference;

import dev.llmcost.core.Money;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * What serving a scenario costs at a price per GPU-hour, with every GPU busy all the time.
 *
 * <p>Attribution: the GPU-time of the prefill is charged to input tokens and the GPU-time of the
 * decode steps to output tokens (the first output token comes with the prefill); {@code
 * perMillionOutputTokensAllIn} charges all of it to output tokens, as a throughput-based figure
 * does.
 *
 * @param pricePerGpuHour the price of one GPU for an hour
 * @param gpus GPUs of the replica
 * @param costPerHour the replica's cost per hour
 * @param perMillionInputTokens cost of prefilling a million input tokens
 * @param perMillionOutputTokens cost of decoding a million output tokens
 * @param perMillionOutputTokensAllIn cost per million output tokens when they bear all GPU-time
 * @param perRequest cost of one request (input and output together)
 * @param requestsPerHour requests the replica completes per hour at full load
 * @param inputTokensPerRequest prompt tokens per request
 * @param outputTokensPerRequest output tokens per request
 */
public record ServingCost(
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
}
