package dev.llmcost.costmodel.inference;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An offline benchmark run of an in-flight batching engine: a number of requests of equal lengths
 * all queued at once, served under the engine's scheduler limits (the largest number of sequences
 * in flight and the largest number of tokens one iteration may carry, per rank), prompts never
 * chunked, each admitted request reserving its whole KV cache. This is how {@code trtllm-bench
 * throughput} runs TensorRT-LLM's performance-overview tables. Estimated by {@link
 * InferenceCostModel#offlineRun}.
 */
public final class OfflineRun {
  private final int requests;
  private final int maxBatchSize;
  private final int maxNumTokens;
  private final String settings;

  private OfflineRun(int requests, int maxBatchSize, int maxNumTokens, String settings) {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1, was " + requests);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
    }
    if (maxNumTokens < 1) {
      throw new IllegalArgumentException("maxNumTokens must be at least 1, was " + maxNumTokens);
    }
    this.requests = requests;
    this.maxBatchSize = maxBatchSize;
    this.maxNumTokens = maxNumTokens;
    this.settings = settings;
  }

  /**
   * Returns a run with given scheduler limits.
   *
   * @param requests requests queued at the start, at least 1
   * @param maxBatchSize the most sequences in flight per rank, at least 1
   * @param maxNumTokens the most tokens one iteration carries per rank (one per decoding sequence,
   *     every prompt token of a prompt admitted in it), at least 1
   * @return the run
   * @throws IllegalArgumentException if a value is below 1, naming it
   */
  public static OfflineRun of(int requests, int maxBatchSize, int maxNumTokens) {
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, "given");
  }

  /**
   * Returns the run {@code trtllm-bench throughput} sets up when neither limit is given: its
   * heuristic ({@code finetune_setting} in tensorrt_llm/bench/build/tuning.py, called through {@code
   * get_benchmark_engine_settings}) takes the requests that fit the KV cache, capped at 4,096, as the
   * raw batch and {@code min(raw batch × (1 + input / output), 32768)} as the raw token budget,
   * rounds the batch up to 32 (at least 64) below 256, to 128 below 1,024 and to 256 above, and the
   * budget up to 256 (at least 2,048) below 4,096, to 512 below 8,192 and to 1,024 above; with
   * chunked prefill off (its default) the budget is raised to at least {@code input + max batch}
   * ({@code get_settings} in tensorrt_llm/bench/benchmark/utils/general.py).
   *
   * @param requests requests queued at the start, at least 1
   * @param kvCapacityPerRank requests whose whole KV cache fits one rank, at least 1
   * @param input prompt tokens, at least 1
   * @param output output tokens, at least 1
   * @return the run
   * @throws IllegalArgumentException if a value is below 1, naming it
   */
  public static OfflineRun trtllmBench(int requests, long kvCapacityPerRank, int input, int output) {
    if (kvCapacityPerRank < 1) {
      throw new IllegalArgumentException("kvCapacityPerRank must be at least 1, was " + kvCapacityPerRank);
    }
    if (input < 1 || output < 1) {
      throw new IllegalArgumentException("input and output must be at least 1, were " + input + " and " + output);
    }
    double rawBatch = Math.min(kvCapacityPerRank, 4096);
    double rawTokens = Math.min(rawBatch * (1 + (double) input / output), 32768);
    int batch;
    if (rawBatch < 256) {
      batch = (int) Math.max(64, 32 * Math.ceil(rawBatch / 32));
    } else if (rawBatch < 1024) {
      batch = (int) (128 * Math.ceil(rawBatch / 128));
    } else {
      batch = (int) (256 * Math.ceil(rawBatch / 256));
    }
    int tokens;
    if (rawTokens < 4096) {
      tokens = (int) Math.max(2048, 256 * Math.ceil(rawTokens / 256));
    } else if (rawTokens < 8192) {
      tokens = (int) (512 * Math.ceil(rawTokens / 512));
    } else {
      tokens = (int) (1024 * Math.ceil(rawTokens / 1024));
    }
    tokens = Math.max(tokens, input + batch);
    return new OfflineRun(requests, batch, tokens, "trtllm-bench heuristic");
  }

  /** Returns the requests queued at the start. */
  public int requests() {
    return requests;
  }

  /** Returns the most sequences in flight per rank. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** Returns the most tokens one iteration carries per rank. */
  public int maxNumTokens() {
    return maxNumTokens;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof OfflineRun o
          && requests == o.requests
          && maxBatchSize == o.maxBatchSize
          && maxNumTokens == o.maxNumTokens;
  }

  @Override
  public int hashCode() {
    return (31 * requests + maxBatchSize) * 31 + maxNumTokens;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d requests, max batch %d and max tokens %d per rank (%s)", requests,
        maxBatchSize, maxNumTokens, settings);
  }
}
