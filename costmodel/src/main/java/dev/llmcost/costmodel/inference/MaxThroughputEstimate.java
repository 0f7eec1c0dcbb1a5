package dev.llmcost.costmodel.inference;

import java.util.List;
import java.util.OptionalDouble;

/**
 * An engine's maximum-throughput operating point ({@link InferenceCostModel#maxThroughput}, {@code infer --batch
 * max}; s24e): an offline run of many requests of the scenario's lengths, all queued at once, served by continuous
 * batching within the engine's batch limit ({@link InferenceCostModel#engineMaxBatch(InferenceScenario, int)}), as
 * engines' maximum-throughput tables are measured ({@code trtllm-bench throughput}). The figures are the run's
 * ({@link #offlineRun()}): its ramp and drain included.
 */
public final class MaxThroughputEstimate {
  private final OfflineRunEstimate run;
  private final int engineBatchLimit;
  private final List<String> assumptions;

  MaxThroughputEstimate(OfflineRunEstimate run, int engineBatchLimit, String rule) {
    this.run = run;
    this.engineBatchLimit = engineBatchLimit;
    List<String> a = new java.util.ArrayList<>();
    a.add(rule);
    a.addAll(run.assumptions());
    this.assumptions = List.copyOf(a);
  }

  /** Returns the scenario (its batch is ignored). */
  public InferenceScenario scenario() {
    return run.scenario();
  }

  /** Returns the offline run behind these figures: its requests, limits and iterations. */
  public OfflineRunEstimate offlineRun() {
    return run;
  }

  /** Returns the requests of the run, all queued at its start. */
  public int requests() {
    return run.run().requests();
  }

  /**
   * Returns the engine's batch limit: the most sequences its KV cache holds with each sequence's whole input + output
   * reserved, within its scheduler's limit ({@link InferenceCostModel#engineMaxBatch(InferenceScenario, int)}), over
   * every rank under attention data parallelism.
   */
  public int engineBatchLimit() {
    return engineBatchLimit;
  }

  /** Returns how prompts were scheduled relative to the decoding sequences. */
  public PrefillScheduling prefillScheduling() {
    return run.run().prefillScheduling();
  }

  /** Returns the most sequences in flight at once during the run. */
  public long maxInFlight() {
    return run.maxInFlight();
  }

  /** Returns the sequences an iteration carried on average, the ramp and the drain included. */
  public double meanBatch() {
    return run.meanBatch();
  }

  /** Returns the output tokens of all requests over the run's time (per replica of {@code tp × pp} GPUs). */
  public double outputTokensPerSecond() {
    return run.outputTokensPerSecond();
  }

  /** Returns {@link #outputTokensPerSecond()} over the replica's GPUs. */
  public double outputTokensPerSecondPerGpu() {
    return run.outputTokensPerSecondPerGpu();
  }

  /** Returns the input and output tokens of all requests over the run's time (per replica). */
  public double totalTokensPerSecond() {
    return run.totalTokensPerSecond();
  }

  /** Returns {@link #totalTokensPerSecond()} over the replica's GPUs. */
  public double totalTokensPerSecondPerGpu() {
    return run.totalTokensPerSecondPerGpu();
  }

  /**
   * Returns the mean time to first token from the run's start, the wait in the queue included ({@link
   * OfflineRunEstimate#meanTtftSeconds()}).
   *
   * @return seconds
   */
  public double meanTtftSeconds() {
    return run.meanTtftSeconds().orElseThrow();
  }

  /**
   * Returns the mean time per output token after the first ({@link OfflineRunEstimate#meanTpotSeconds()}), empty
   * with one output token.
   *
   * @return seconds, or empty
   */
  public OptionalDouble meanTpotSeconds() {
    return run.meanTpotSeconds();
  }

  /** Returns the seconds from the start to the last request's last token. */
  public double seconds() {
    return run.seconds();
  }

  /** Returns the assumptions, each a sentence: the operating point's rule first, then the offline run's. */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public String toString() {
    return "MaxThroughputEstimate[" + requests() + " requests, limit " + engineBatchLimit + ", "
        + outputTokensPerSecond() + " tok/s]";
  }
}
