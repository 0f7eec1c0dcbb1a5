package dev.llmcost.costmodel.capacity;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.Money;
import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.inference.InferenceMemory;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One way to serve a load with disaggregated prefill and decode (DistServe, Zhong et al. OSDI 2024;
 * Splitwise, Patel et al. ISCA 2024): a pool of prefill instances of {@code prefillTp} GPUs that
 * prefill one prompt per pass, a pool of decode instances of {@code decodeTp} GPUs that decode up
 * to {@code decodeBatch} sequences with continuous batching and never prefill, and the KV cache of
 * every prompt sent from one to the other over the interconnect.
 */
public final class DisaggregatedOption {
  private final int prefillTp;
  private final int prefillInstances;
  private final int decodeTp;
  private final int decodeInstances;
  private final int decodeBatch;
  private final double ttftSeconds;
  private final double tpotSeconds;
  private final double prefillSeconds;
  private final double prefillUtilization;
  private final double decodeUtilization;
  private final DataSize kvTransferBytes;
  private final double kvTransferSeconds;
  private final String kvTransferLink;
  private final Money costPerHour;
  private final @Nullable InferenceMemory decodeMemoryPerGpu;

  /**
   * Validates the option.
   *
   * @throws IllegalArgumentException if a count is not positive or a time negative
   */
  DisaggregatedOption(int prefillTp, int prefillInstances, int decodeTp, int decodeInstances, int decodeBatch,
      double ttftSeconds, double tpotSeconds, double prefillSeconds, double prefillUtilization,
      double decodeUtilization, DataSize kvTransferBytes, double kvTransferSeconds, String kvTransferLink,
      Money costPerHour, @Nullable InferenceMemory decodeMemoryPerGpu) {
    this.prefillTp = Require.positive("prefillTp", prefillTp);
    this.prefillInstances = Require.positive("prefillInstances", prefillInstances);
    this.decodeTp = Require.positive("decodeTp", decodeTp);
    this.decodeInstances = Require.positive("decodeInstances", decodeInstances);
    this.decodeBatch = Require.positive("decodeBatch", decodeBatch);
    this.ttftSeconds = Require.nonNegative("ttftSeconds", ttftSeconds);
    this.tpotSeconds = Require.nonNegative("tpotSeconds", tpotSeconds);
    this.prefillSeconds = Require.nonNegative("prefillSeconds", prefillSeconds);
    this.prefillUtilization = Require.nonNegative("prefillUtilization", prefillUtilization);
    this.decodeUtilization = Require.nonNegative("decodeUtilization", decodeUtilization);
    this.kvTransferBytes = kvTransferBytes;
    this.kvTransferSeconds = Require.nonNegative("kvTransferSeconds", kvTransferSeconds);
    this.kvTransferLink = Require.nonBlank("kvTransferLink", kvTransferLink);
    this.costPerHour = costPerHour;
    this.decodeMemoryPerGpu = decodeMemoryPerGpu;
  }

  /** Returns the tensor-parallel degree of a prefill instance. */
  public int prefillTp() {
    return prefillTp;
  }

  /** Returns the prefill instances. */
  public int prefillInstances() {
    return prefillInstances;
  }

  /** Returns the GPUs of the prefill pool, {@code prefillTp × prefillInstances}. */
  public int prefillGpus() {
    return prefillTp * prefillInstances;
  }

  /** Returns the tensor-parallel degree of a decode instance. */
  public int decodeTp() {
    return decodeTp;
  }

  /** Returns the decode instances. */
  public int decodeInstances() {
    return decodeInstances;
  }

  /** Returns the GPUs of the decode pool, {@code decodeTp × decodeInstances}. */
  public int decodeGpus() {
    return decodeTp * decodeInstances;
  }

  /** Returns all GPUs, prefill and decode. */
  public int gpus() {
    return prefillGpus() + decodeGpus();
  }

  /** Returns prefill GPUs per decode GPU: the ratio the search chose. */
  public double prefillToDecodeRatio() {
    return (double) prefillGpus() / decodeGpus();
  }

  /** Returns the most sequences a decode instance runs at once. */
  public int decodeBatch() {
    return decodeBatch;
  }

  /**
   * Returns the mean time to first token: the wait for a prefill instance, the prefill, the KV
   * transfer and half a decode iteration (the request joins the next one), seconds.
   */
  public double ttftSeconds() {
    return ttftSeconds;
  }

  /** Returns the time per output token: a decode iteration at full concurrency, seconds. */
  public double tpotSeconds() {
    return tpotSeconds;
  }

  /** Returns the time of one prompt's prefill pass on a prefill instance, seconds. */
  public double prefillSeconds() {
    return prefillSeconds;
  }

  /** Returns the mean share of the time a prefill instance is busy, in [0, 1). */
  public double prefillUtilization() {
    return prefillUtilization;
  }

  /** Returns the mean share of a decode instance's sequence slots in use, in [0, 1). */
  public double decodeUtilization() {
    return decodeUtilization;
  }

  /** Returns the KV cache of one prompt sent from prefill to decode (all layers and GPUs). */
  public DataSize kvTransferBytes() {
    return kvTransferBytes;
  }

  /** Returns the time to send one prompt's KV cache, seconds (counted in the TTFT). */
  public double kvTransferSeconds() {
    return kvTransferSeconds;
  }

  /** Returns the link the KV cache crosses and its achieved bandwidth, in words. */
  public String kvTransferLink() {
    return kvTransferLink;
  }

  /**
   * Returns the memory of one decode GPU at {@link #decodeBatch()} sequences (s21b): the weights at the decode
   * pool's own tensor parallelism, its own KV cache of the batch at input + output tokens and one iteration's
   * activations, against the device's capacity less the reserve.
   */
  public InferenceMemory decodeMemoryPerGpu() {
    return java.util.Objects.requireNonNull(decodeMemoryPerGpu, "decodeMemoryPerGpu");
  }

  /** Returns this option with the decode instance's memory, which the planner adds to the option it chose. */
  DisaggregatedOption withDecodeMemoryPerGpu(InferenceMemory memory) {
    return new DisaggregatedOption(prefillTp, prefillInstances, decodeTp, decodeInstances, decodeBatch, ttftSeconds,
        tpotSeconds, prefillSeconds, prefillUtilization, decodeUtilization, kvTransferBytes, kvTransferSeconds,
        kvTransferLink, costPerHour, memory);
  }

  /** Returns the cost of all GPUs for an hour (zero without a price). */
  public Money costPerHour() {
    return costPerHour;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "DisaggregatedOption[prefill %d × tp %d, decode %d × tp %d at batch %d, TTFT %.4f s, TPOT %.4f s, KV %.4f s]",
        prefillInstances, prefillTp, decodeInstances, decodeTp, decodeBatch, ttftSeconds, tpotSeconds,
        kvTransferSeconds);
  }
}
