package dev.llmcost.costmodel.inference;

import dev.llmcost.core.Money;
import java.util.List;

/**
 * One replica serving a Poisson stream of requests at a given rate with continuous (in-flight)
 * batching: the concurrency the rate settles at, and the mean time to first token and mean
 * inter-token latency a benchmark client measures there ({@link
 * InferenceCostModel#atRequestRate}); or a closed loop with a fixed number of requests in flight, taken as
 * the steady state of the rate that puts them in flight ({@link InferenceCostModel#atConcurrency}).
 *
 * <p>A final class with accessors so that it can grow without breaking callers.
 */
public final class SteadyLoad {
  private final InferenceScenario scenario;
  private final double requestsPerSecond;
  private final int concurrency;
  private final double ttftSeconds;
  private final double ttftWaitSeconds;
  private final double itlSeconds;
  private final double outputTokensPerSecond;
  private final boolean saturated;
  private final List<String> assumptions;

  SteadyLoad(
      InferenceScenario scenario,
      double requestsPerSecond,
      int concurrency,
      double ttftSeconds,
      double ttftWaitSeconds,
      double itlSeconds,
      double outputTokensPerSecond,
      boolean saturated,
      List<String> assumptions) {
    this.scenario = scenario;
    this.requestsPerSecond = requestsPerSecond;
    this.concurrency = concurrency;
    this.ttftSeconds = ttftSeconds;
    this.ttftWaitSeconds = ttftWaitSeconds;
    this.itlSeconds = itlSeconds;
    this.outputTokensPerSecond = outputTokensPerSecond;
    this.saturated = saturated;
    this.assumptions = List.copyOf(assumptions);
  }

  /** Returns the scenario served (its batch is the concurrency reached). */
  public InferenceScenario scenario() {
    return scenario;
  }

  /** Returns the offered request rate, requests per second. */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /** Returns the mean number of requests in flight (Little's law), at least 1. */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Returns the mean time to first token, seconds: half a running iteration (the wait for the
   * iteration in progress to end; half a window of {@code n} iterations under multi-step scheduling,
   * {@link InferenceCostModel#atRequestRate(InferenceScenario, double, int)}), then the iteration that prefills the prompt alongside the other
   * requests' decode steps, plus the per-request overhead.
   */
  public double ttftSeconds() {
    return ttftSeconds;
  }

  /**
   * Returns the queueing part of {@link #ttftSeconds()}, seconds: the mean wait from a request's arrival to the
   * scheduling point that admits it, half a running iteration (half a window of {@code n} iterations under
   * multi-step scheduling); the rest is the iteration that prefills the prompt and the per-request overhead (s22g).
   */
  public double ttftWaitSeconds() {
    return ttftWaitSeconds;
  }

  /** Returns the mean inter-token latency (TPOT), seconds: one steady iteration. */
  public double itlSeconds() {
    return itlSeconds;
  }

  /** Returns the output tokens per second of the replica: rate × output, or the saturated maximum. */
  public double outputTokensPerSecond() {
    return outputTokensPerSecond;
  }

  /**
   * Returns whether the rate exceeds what the replica serves at every batch that fits (s22h: not only the
   * largest; a smaller batch can serve more requests a second): the queue then grows without bound and the
   * figures are those at the largest batch that fits.
   */
  public boolean saturated() {
    return saturated;
  }

  /** Returns the assumptions behind the figures. */
  public List<String> assumptions() {
    return assumptions;
  }

  /**
   * Returns what the replica costs at this load at a price per GPU-hour (s23c): its hour, idle capacity included,
   * over the output tokens and the requests it serves in that hour,
   *
   * <pre>
   *   cost per hour              = price per GPU-hour × GPUs (tp × pp, {@link InferenceScenario#gpus()})
   *   per million output tokens  = cost per hour × 10^6 / ({@link #outputTokensPerSecond()} × 3600)
   *   per request                = cost per hour / (requests served per second × 3600)
   * </pre>
   *
   * <p>where the requests served per second are {@link #requestsPerSecond()}, or for a {@link #saturated()} load,
   * which serves less than is offered, {@link #outputTokensPerSecond()} over the output tokens of a request. The
   * quotients are rounded to 16 significant digits ({@link java.math.MathContext#DECIMAL64}), as {@link ServingCost}
   * rounds; a price of zero is allowed (every cost is then zero), as {@link ServingCost#of} allows it.
   *
   * @param pricePerGpuHour price of one GPU for an hour, in any currency (the costs are in it), at least zero
   * @return the cost of the replica at this load
   * @throws IllegalArgumentException if the price is negative
   */
  public SteadyLoadCost cost(Money pricePerGpuHour) {
    return SteadyLoadCost.of(this, pricePerGpuHour);
  }

  @Override
  public String toString() {
    return "SteadyLoad[requestsPerSecond=" + requestsPerSecond + ", concurrency=" + concurrency + ", ttftSeconds="
        + ttftSeconds + ", itlSeconds=" + itlSeconds + ", outputTokensPerSecond=" + outputTokensPerSecond
        + ", saturated=" + saturated + "]";
  }
}
