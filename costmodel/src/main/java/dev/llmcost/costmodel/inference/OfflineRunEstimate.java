package dev.llmcost.costmodel.inference;

import java.util.List;

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
  private final List<String> assumptions;

  OfflineRunEstimate(InferenceScenario scenario, OfflineRun run, double seconds, long iterations,
      long prefillIterations, long hostBoundIterations, double meanBatch, long maxInFlight, long outputTokens,
      List<String> assumptions) {
    this.scenario = scenario;
    this.run = run;
    this.seconds = seconds;
    this.iterations = iterations;
    this.prefillIterations = prefillIterations;
    this.hostBoundIterations = hostBoundIterations;
    this.meanBatch = meanBatch;
    this.maxInFlight = maxInFlight;
    this.outputTokens = outputTokens;
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
