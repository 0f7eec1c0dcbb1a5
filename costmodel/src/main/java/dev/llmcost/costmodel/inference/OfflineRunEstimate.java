package dev.llmcost.costmodel.inference;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The estimate of an {@link OfflineRun}: the whole run simulated iteration by iteration ({@link
 * InferenceCostModel#offlineRun}), its output throughput over the time to the last token, and how
 * the iterations went.
 */
public final class OfflineRunEstimate {
  private final InferenceScenario scenario;
  private final OfflineRun run;
  private final double seconds;
  private final long iterations;
  private final long prefillIterations;
  private final long hostBoundIterations;
  private final double meanBatch;
  private final long maxInFlight;
  private final long outputTokens;
  private final long inputTokens;
  // s24e: NaN where the run's simulation does not follow each request's tokens (SGLang 0.3.0's admission)
  private final double meanTtftSeconds;
  private final double meanTpotSeconds;
  private final List<String> assumptions;

  OfflineRunEstimate(InferenceScenario scenario, OfflineRun run, double seconds, long iterations,
      long prefillIterations, long hostBoundIterations, double meanBatch, long maxInFlight, long outputTokens,
      List<String> assumptions) {
    this(scenario, run, seconds, iterations, prefillIterations, hostBoundIterations, meanBatch, maxInFlight,
        outputTokens, 0, Double.NaN, Double.NaN, assumptions);
  }

  OfflineRunEstimate(InferenceScenario scenario, OfflineRun run, double seconds, long iterations,
      long prefillIterations, long hostBoundIterations, double meanBatch, long maxInFlight, long outputTokens,
      long inputTokens, double meanTtftSeconds, double meanTpotSeconds, List<String> assumptions) {
    this.scenario = scenario;
    this.run = run;
    this.seconds = seconds;
    this.iterations = iterations;
    this.prefillIterations = prefillIterations;
    this.hostBoundIterations = hostBoundIterations;
    this.meanBatch = meanBatch;
    this.maxInFlight = maxInFlight;
    this.outputTokens = outputTokens;
    this.inputTokens = inputTokens;
    this.meanTtftSeconds = meanTtftSeconds;
    this.meanTpotSeconds = meanTpotSeconds;
    this.assumptions = List.copyOf(assumptions);
  }

  /** Returns the scenario (its lengths are the requests'; its batch is ignored). */
  public InferenceScenario scenario() {
    return scenario;
  }

  /** Returns the run. */
  public OfflineRun run() {
    return run;
  }

  /** Returns the seconds from the start to the last request's last token. */
  public double seconds() {
    return seconds;
  }

  /** Returns the output tokens of all requests over {@link #seconds()}: trtllm-bench's "Total Output Throughput". */
  public double outputTokensPerSecond() {
    return (double) outputTokens / seconds;
  }

  /**
   * Returns the output tokens of all requests: {@code requests × output} for requests of the scenario's
   * lengths, the sum of the requests' own lengths otherwise.
   */
  public long outputTokens() {
    return outputTokens;
  }

  /** Returns {@link #outputTokensPerSecond()} over the replica's GPUs. */
  public double outputTokensPerSecondPerGpu() {
    return outputTokensPerSecond() / scenario.gpus();
  }

  /**
   * Returns the prompt tokens of all requests, 0 where the simulation does not count them (SGLang 0.3.0's
   * admission, {@link OfflineAdmission#SGLANG_NEW_TOKEN_RATIO}).
   */
  public long inputTokens() {
    return inputTokens;
  }

  /**
   * Returns the input and output tokens of all requests over {@link #seconds()}: trtllm-bench's "Total Token
   * Throughput" (s24e); equal to {@link #outputTokensPerSecond()} where {@link #inputTokens()} is 0.
   */
  public double totalTokensPerSecond() {
    return (double) (inputTokens + outputTokens) / seconds;
  }

  /** Returns {@link #totalTokensPerSecond()} over the replica's GPUs. */
  public double totalTokensPerSecondPerGpu() {
    return totalTokensPerSecond() / scenario.gpus();
  }

  /**
   * Returns the mean over requests of the time from the run's start, when every request is queued, to the request's
   * first token (s24e): the wait in the queue included, as a benchmark that submits every request at once counts it
   * (trtllm-bench's "Average time-to-first-token [TTFT]"). Empty where the simulation does not follow each request
   * (SGLang 0.3.0's admission, {@link OfflineAdmission#SGLANG_NEW_TOKEN_RATIO}).
   *
   * @return seconds, or empty
   */
  public OptionalDouble meanTtftSeconds() {
    return Double.isNaN(meanTtftSeconds) ? OptionalDouble.empty() : OptionalDouble.of(meanTtftSeconds);
  }

  /**
   * Returns the mean over the requests with more than one output token of {@code (last token − first token) /
   * (output − 1)} (s24e): trtllm-bench's "Average time-per-output-token [TPOT]", vLLM's and SGLang's mean TPOT.
   * Empty where the simulation does not follow each request (SGLang 0.3.0's admission) or no request has more than
   * one output token.
   *
   * @return seconds, or empty
   */
  public OptionalDouble meanTpotSeconds() {
    return Double.isNaN(meanTpotSeconds) ? OptionalDouble.empty() : OptionalDouble.of(meanTpotSeconds);
  }

  /** Returns the engine iterations (forward passes) of the run. */
  public long iterations() {
    return iterations;
  }

  /** Returns the iterations that prefilled at least one prompt (launched without a CUDA graph). */
  public long prefillIterations() {
    return prefillIterations;
  }

  /** Returns the iterations whose host work took longer than the GPU's. */
  public long hostBoundIterations() {
    return hostBoundIterations;
  }

  /** Returns the sequences an iteration carried on average. */
  public double meanBatch() {
    return meanBatch;
  }

  /**
   * Returns the most requests in flight at once: for requests of the scenario's lengths the KV cache's or
   * the scheduler's limit, whichever is smaller; for requests of their own lengths the most the run had.
   */
  public long maxInFlight() {
    return maxInFlight;
  }

  /** Returns the assumptions, each a sentence. */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public String toString() {
    return "OfflineRunEstimate[" + run + ", " + seconds + " s, " + outputTokensPerSecond() + " tok/s, " + iterations
        + " iterations]";
  }
}
