package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.internal.Seconds;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The predicted latency, throughput and memory of serving a scenario, with the roofline of its
 * phases and the assumptions behind it.
 *
 * <p>Definitions: {@code ttftSeconds} is the time until every sequence of the batch has its first
 * token (the batch's prefill, plus the per-request overhead); {@code tpotSeconds} is the mean time
 * per output token after the first, averaged exactly over the decode steps as the context grows
 * from {@code input + 1} to {@code input + output − 1} tokens; {@code endToEndSeconds = ttft +
 * (output − 1) · tpot}; throughput is the batch's output tokens over the prefill and decode time
 * together, as TensorRT-LLM's {@code gptSessionBenchmark} reports it.
 */
public final class InferenceEstimate {
  private final InferenceScenario scenario;
  private final PhaseCost prefill;
  private final PhaseCost decodeStep;
  private final double prefillSeconds;
  private final double decodeSeconds;
  private final double ttftSeconds;
  private final double tpotSeconds;
  private final double endToEndSeconds;
  private final double outputTokensPerSecond;
  private final double outputTokensPerSecondPerGpu;
  private final long kvCacheBytesPerToken;
  private final long kvCacheBytesPerTokenPerGpu;
  private final InferenceMemory memoryPerGpu;
  private final int maxBatchSize;
  private final List<String> assumptions;

  /**
   * Validates the estimate and copies the assumptions.
   *
   * @throws IllegalArgumentException if a time or rate is negative, NaN or infinite
   */
  InferenceEstimate(
      InferenceScenario scenario,
      PhaseCost prefill,
      PhaseCost decodeStep,
      double prefillSeconds,
      double decodeSeconds,
      double ttftSeconds,
      double tpotSeconds,
      double endToEndSeconds,
      double outputTokensPerSecond,
      double outputTokensPerSecondPerGpu,
      long kvCacheBytesPerToken,
      long kvCacheBytesPerTokenPerGpu,
      InferenceMemory memoryPerGpu,
      int maxBatchSize,
      List<String> assumptions) {
    Require.nonNegative("prefillSeconds", prefillSeconds);
    Require.nonNegative("decodeSeconds", decodeSeconds);
    Require.nonNegative("ttftSeconds", ttftSeconds);
    Require.nonNegative("tpotSeconds", tpotSeconds);
    Require.nonNegative("endToEndSeconds", endToEndSeconds);
    Require.nonNegative("outputTokensPerSecond", outputTokensPerSecond);
    Require.nonNegative("outputTokensPerSecondPerGpu", outputTokensPerSecondPerGpu);
    Require.nonNegative("maxBatchSize", maxBatchSize);
    assumptions = List.copyOf(assumptions);
    this.scenario = scenario;
    this.prefill = prefill;
    this.decodeStep = decodeStep;
    this.prefillSeconds = prefillSeconds;
    this.decodeSeconds = decodeSeconds;
    this.ttftSeconds = ttftSeconds;
    this.tpotSeconds = tpotSeconds;
    this.endToEndSeconds = endToEndSeconds;
    this.outputTokensPerSecond = outputTokensPerSecond;
    this.outputTokensPerSecondPerGpu = outputTokensPerSecondPerGpu;
    this.kvCacheBytesPerToken = kvCacheBytesPerToken;
    this.kvCacheBytesPerTokenPerGpu = kvCacheBytesPerTokenPerGpu;
    this.memoryPerGpu = memoryPerGpu;
    this.maxBatchSize = maxBatchSize;
    this.assumptions = assumptions;
  }

  /** Returns whether the scenario's memory fits each GPU. */
  public boolean fits() {
    return memoryPerGpu.fits();
  }

  /** Returns the GPUs of the replica, {@code tp × pp}. */
  public int gpus() {
    return scenario.gpus();
  }

  /** Returns the requests the replica completes per second at this batch. */
  public double requestsPerSecond() {
    return outputTokensPerSecond / scenario.outputTokens();
  }

  /**
   * Returns the energy per request and per million output tokens at the default PUE ({@link
   * InferenceEnergy#DEFAULT_PUE}, 1.2).
   *
   * @return the energy
   * @throws IllegalArgumentException if the estimate completes no requests
   */
  public InferenceEnergy energy() {
    return InferenceEnergy.of(this, InferenceEnergy.DEFAULT_PUE);
  }

  /**
   * Returns the energy per request and per million output tokens at this PUE.
   *
   * @param pue power usage effectiveness of the data centre, at least 1
   * @return the energy
   * @throws IllegalArgumentException if the PUE is below 1 or the estimate completes no requests
   */
  public InferenceEnergy energy(double pue) {
    return InferenceEnergy.of(this, pue);
  }

  /** Returns what was estimated. */
  public InferenceScenario scenario() {
    return scenario;
  }

  /** Returns the prefill of the whole batch (one forward pass; the slowest pipeline stage). */
  public PhaseCost prefill() {
    return prefill;
  }

  /** Returns one decode iteration of the batch at the mean context {@code input + output / 2} (with pipeline parallelism: one micro-batch's operators on the slowest stage, the time of the whole iteration). */
  public PhaseCost decodeStep() {
    return decodeStep;
  }

  /**
   * Returns the wall time of the batch's prefill (pipeline fill included), in seconds, raw: the same figure as {@link #prefillTime()} at full double
   * precision, for loops and comparisons against objectives.
   */
  public double prefillSeconds() {
    return prefillSeconds;
  }

  /** Returns the wall time of the batch's prefill (pipeline fill included), to the nanosecond. */
  public Duration prefillTime() {
    return Seconds.toDuration(prefillSeconds);
  }

  /**
   * Returns the wall time of all decode steps, {@code (output − 1) · tpot}, in seconds, raw: the same figure as {@link #decodeTime()} at full double
   * precision, for loops and comparisons against objectives.
   */
  public double decodeSeconds() {
    return decodeSeconds;
  }

  /** Returns the wall time of all decode steps, {@code (output − 1) · tpot}, to the nanosecond. */
  public Duration decodeTime() {
    return Seconds.toDuration(decodeSeconds);
  }

  /**
   * Returns the time to first token, in seconds, raw: the same figure as {@link #ttft()} at full double
   * precision, for loops and comparisons against objectives.
   */
  public double ttftSeconds() {
    return ttftSeconds;
  }

  /** Returns the time to first token, to the nanosecond. */
  public Duration ttft() {
    return Seconds.toDuration(ttftSeconds);
  }

  /**
   * Returns whether a time per output token is defined: at least two output tokens. TPOT is {@code (end-to-end −
   * TTFT) / (output − 1)} (vLLM's {@code benchmarks/benchmark_serving.py} counts it only for outputs longer than one
   * token); with one output token the request ends at its first token and has none, and {@link #tpotSeconds()} is
   * then the decode step a second token would take, which results print as not applicable.
   *
   * @return whether the scenario generates more than one token per sequence
   */
  public boolean tpotDefined() {
    return scenario.outputTokens() > 1;
  }

  /**
   * Returns the time per output token after the first, in seconds, raw: the same figure as {@link #tpot()} at full double
   * precision, for loops and comparisons against objectives. With one output token (see {@link #tpotDefined()}) it is
   * the decode step a second token would take.
   */
  public double tpotSeconds() {
    return tpotSeconds;
  }

  /** Returns the time per output token after the first, to the nanosecond. */
  public Duration tpot() {
    return Seconds.toDuration(tpotSeconds);
  }

  /**
   * Returns the time from request to last token, in seconds, raw: the same figure as {@link #endToEnd()} at full double
   * precision, for loops and comparisons against objectives.
   */
  public double endToEndSeconds() {
    return endToEndSeconds;
  }

  /** Returns the time from request to last token, to the nanosecond. */
  public Duration endToEnd() {
    return Seconds.toDuration(endToEndSeconds);
  }

  /** Returns output tokens per second of the replica ({@code tp × pp} GPUs). */
  public double outputTokensPerSecond() {
    return outputTokensPerSecond;
  }

  /** Returns the same per GPU. */
  public double outputTokensPerSecondPerGpu() {
    return outputTokensPerSecondPerGpu;
  }

  /** Returns the KV cache one token stores across all layers and GPUs, ignoring sliding windows and replication. */
  public DataSize kvCachePerToken() {
    return DataSize.ofBytes(kvCacheBytesPerToken);
  }

  /** Returns the KV cache one token stores on one GPU (replicated KV heads included). */
  public DataSize kvCachePerTokenPerGpu() {
    return DataSize.ofBytes(kvCacheBytesPerTokenPerGpu);
  }

  /** Returns memory one GPU needs. */
  public InferenceMemory memoryPerGpu() {
    return memoryPerGpu;
  }

  /** Returns the largest batch whose memory fits, 0 when not even the weights fit. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** Returns what the estimate assumed, in words. */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof InferenceEstimate o
        && Objects.equals(scenario, o.scenario)
        && Objects.equals(prefill, o.prefill)
        && Objects.equals(decodeStep, o.decodeStep)
        && Double.compare(prefillSeconds, o.prefillSeconds) == 0
        && Double.compare(decodeSeconds, o.decodeSeconds) == 0
        && Double.compare(ttftSeconds, o.ttftSeconds) == 0
        && Double.compare(tpotSeconds, o.tpotSeconds) == 0
        && Double.compare(endToEndSeconds, o.endToEndSeconds) == 0
        && Double.compare(outputTokensPerSecond, o.outputTokensPerSecond) == 0
        && Double.compare(outputTokensPerSecondPerGpu, o.outputTokensPerSecondPerGpu) == 0
        && kvCacheBytesPerToken == o.kvCacheBytesPerToken
        && kvCacheBytesPerTokenPerGpu == o.kvCacheBytesPerTokenPerGpu
        && Objects.equals(memoryPerGpu, o.memoryPerGpu)
        && maxBatchSize == o.maxBatchSize
        && Objects.equals(assumptions, o.assumptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scenario, prefill, decodeStep, prefillSeconds, decodeSeconds, ttftSeconds, tpotSeconds, endToEndSeconds, outputTokensPerSecond, outputTokensPerSecondPerGpu, kvCacheBytesPerToken, kvCacheBytesPerTokenPerGpu, memoryPerGpu, maxBatchSize, assumptions);
  }

  @Override
  public String toString() {
    return "InferenceEstimate[scenario=" + scenario + ", prefill=" + prefill + ", decodeStep=" + decodeStep + ", prefillSeconds=" + prefillSeconds + ", decodeSeconds=" + decodeSeconds + ", ttftSeconds=" + ttftSeconds + ", tpotSeconds=" + tpotSeconds + ", endToEndSeconds=" + endToEndSeconds + ", outputTokensPerSecond=" + outputTokensPerSecond + ", outputTokensPerSecondPerGpu=" + outputTokensPerSecondPerGpu + ", kvCacheBytesPerToken=" + kvCacheBytesPerToken + ", kvCacheBytesPerTokenPerGpu=" + kvCacheBytesPerTokenPerGpu + ", memoryPerGpu=" + memoryPerGpu + ", maxBatchSize=" + maxBatchSize + ", assumptions=" + assumptions + "]";
  }
}
