package dev.llmcost.costmodel.capacity;

import dev.llmcost.core.Money;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.costmodel.inference.InferenceMemory;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One way to serve a load: identical replicas of {@code tp} GPUs, each running up to {@code batch}
 * sequences with continuous batching, and the latencies it gives.
 */
public final class CapacityOption {
  private final int tp;
  private final int replicas;
  private final int gpus;
  private final int batch;
  private final double ttftSeconds;
  private final double tpotSeconds;
  private final double utilization;
  private final double requestsPerSecondPerReplica;
  private final InferenceMemory memoryPerGpu;
  private final Money costPerHour;
  private final Money costPerMillionOutputTokens;

  /**
   * Validates the option.
   *
   * @throws IllegalArgumentException if a count is not positive or a time is negative
   */
  CapacityOption(
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
    Require.positive("tp", tp);
    Require.positive("replicas", replicas);
    Require.positive("gpus", gpus);
    Require.positive("batch", batch);
    Require.nonNegative("ttftSeconds", ttftSeconds);
    Require.nonNegative("tpotSeconds", tpotSeconds);
    Require.nonNegative("utilization", utilization);
    Require.nonNegative("requestsPerSecondPerReplica", requestsPerSecondPerReplica);
    this.tp = tp;
    this.replicas = replicas;
    this.gpus = gpus;
    this.batch = batch;
    this.ttftSeconds = ttftSeconds;
    this.tpotSeconds = tpotSeconds;
    this.utilization = utilization;
    this.requestsPerSecondPerReplica = requestsPerSecondPerReplica;
    this.memoryPerGpu = memoryPerGpu;
    this.costPerHour = costPerHour;
    this.costPerMillionOutputTokens = costPerMillionOutputTokens;
  }

  /** Returns tensor-parallel degree of a replica. */
  public int tp() {
    return tp;
  }

  /** Returns replicas behind an even load balancer. */
  public int replicas() {
    return replicas;
  }

  /** Returns GPUs in all, {@code tp × replicas}. */
  public int gpus() {
    return gpus;
  }

  /** Returns the most concurrent sequences per replica. */
  public int batch() {
    return batch;
  }

  /** Returns mean time to first token: queueing, half an iteration, and the iteration that prefills the prompt, seconds. */
  public double ttftSeconds() {
    return ttftSeconds;
  }

  /** Returns the time to first token as a duration, to the nanosecond ({@link #ttftSeconds()} is the raw figure). */
  public Duration ttft() {
    return Seconds.toDuration(ttftSeconds);
  }

  /** Returns time per output token at full concurrency, seconds. */
  public double tpotSeconds() {
    return tpotSeconds;
  }

  /** Returns the time per output token as a duration, to the nanosecond ({@link #tpotSeconds()} is the raw figure). */
  public Duration tpot() {
    return Seconds.toDuration(tpotSeconds);
  }

  /** Returns mean fraction of a replica's sequence slots in use, in [0, 1). */
  public double utilization() {
    return utilization;
  }

  /** Returns requests a replica completes per second at full concurrency. */
  public double requestsPerSecondPerReplica() {
    return requestsPerSecondPerReplica;
  }

  /** Returns memory one GPU needs at full concurrency. */
  public InferenceMemory memoryPerGpu() {
    return memoryPerGpu;
  }

  /** Returns cost of all GPUs for an hour (zero without a price). */
  public Money costPerHour() {
    return costPerHour;
  }

  /** Returns cost per million output tokens at the requested load (zero without a price). */
  public Money costPerMillionOutputTokens() {
    return costPerMillionOutputTokens;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CapacityOption o
        && tp == o.tp
        && replicas == o.replicas
        && gpus == o.gpus
        && batch == o.batch
        && Double.compare(ttftSeconds, o.ttftSeconds) == 0
        && Double.compare(tpotSeconds, o.tpotSeconds) == 0
        && Double.compare(utilization, o.utilization) == 0
        && Double.compare(requestsPerSecondPerReplica, o.requestsPerSecondPerReplica) == 0
        && Objects.equals(memoryPerGpu, o.memoryPerGpu)
        && Objects.equals(costPerHour, o.costPerHour)
        && Objects.equals(costPerMillionOutputTokens, o.costPerMillionOutputTokens);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tp, replicas, gpus, batch, ttftSeconds, tpotSeconds, utilization, requestsPerSecondPerReplica, memoryPerGpu, costPerHour, costPerMillionOutputTokens);
  }

  @Override
  public String toString() {
    return "CapacityOption[tp=" + tp + ", replicas=" + replicas + ", gpus=" + gpus + ", batch=" + batch + ", ttftSeconds=" + ttftSeconds + ", tpotSeconds=" + tpotSeconds + ", utilization=" + utilization + ", requestsPerSecondPerReplica=" + requestsPerSecondPerReplica + ", memoryPerGpu=" + memoryPerGpu + ", costPerHour=" + costPerHour + ", costPerMillionOutputTokens=" + costPerMillionOutputTokens + "]";
  }
}
