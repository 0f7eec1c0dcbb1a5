package dev.llmcost.costmodel.capacity;

import dev.llmcost.core.Money;
import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.inference.InferenceMemory;

/**
 * One way to serve a load: identical replicas of {@code tp} GPUs, each running up to {@code batch}
 * sequences with continuous batching, and the latencies it gives.
 *
 * @param tp tensor-parallel degree of a replica
 * @param replicas replicas behind an even load balancer
 * @param gpus GPUs in all, {@code tp × replicas}
 * @param batch the most concurrent sequences per replica
 * @param ttftSeconds mean time to first token: queueing, half an iteration, and the iteration that
 *     prefills the prompt, seconds
 * @param tpotSeconds time per output token at full concurrency, seconds
 * @param utilization mean fraction of a replica's sequence slots in use, in [0, 1)
 * @param requestsPerSecondPerReplica requests a replica completes per second at full concurrency
 * @param memoryPerGpu memory one GPU needs at full concurrency
 * @param costPerHour cost of all GPUs for an hour (zero without a price)
 * @param costPerMillionOutputTokens cost per million output tokens at the requested load (zero
 *     without a price)
 */
public record CapacityOption(
    int tp,
    int replicas,
    int gpus,
    int batch,
    double ttftSeconds,
    double tpotSeconds,
    double utilization,
    double requestsPerSecondPerReplica,
    InferenceMemory memoryPerGpu,
    Money costPerHour,
    Money costPerMillionOutputTokens) {

  /**
   * Validates the option.
   *
   * @throws IllegalArgumentException if a count is not positive or a time is negative
   */
  public CapacityOption {
    Require.positive("tp", tp);
    Require.positive("replicas", replicas);
    Require.positive("gpus", gpus);
    Require.positive("batch", batch);
    Require.nonNegative("ttftSeconds", ttftSeconds);
    Require.nonNegative("tpotSeconds", tpotSeconds);
    Require.nonNegative("utilization", utilization);
    Require.nonNegative("requestsPerSecondPerReplica", requestsPerSecondPerReplica);
  }
}
