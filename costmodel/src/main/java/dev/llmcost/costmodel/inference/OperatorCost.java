package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopCount;
import dev.llmcost.core.internal.Require;

/**
 * The cost of one operator group in one forward pass on one GPU: FLOPs, bytes moved, and the
 * roofline time {@code Σ max(FLOPs / achieved rate, bytes / achieved bandwidth)} over its kernels,
 * or its communication or overhead time.
 *
 * @param group the operator group
 * @param flops FLOPs executed on one GPU
 * @param bytes bytes moved to and from device memory on one GPU (for communication: bytes sent)
 * @param computeSeconds FLOPs over the achieved rate, summed over the kernels
 * @param memorySeconds bytes over the achieved bandwidth, summed over the kernels
 * @param seconds the time the group takes: per kernel the larger of the two, or the communication
 *     or overhead time
 */
public record OperatorCost(
    OperatorGroup group,
    double flops,
    long bytes,
    double computeSeconds,
    double memorySeconds,
    double seconds) {

  /**
   * Validates the cost.
   *
   * @throws IllegalArgumentException if a value is negative, NaN or infinite
   */
  public OperatorCost {
    Require.nonNegative("flops", flops);
    Require.nonNegative("bytes", bytes);
    Require.nonNegative("computeSeconds", computeSeconds);
    Require.nonNegative("memorySeconds", memorySeconds);
    Require.nonNegative("seconds", seconds);
  }

  /** Returns the FLOPs as a {@link FlopCount}. */
  public FlopCount flopCount() {
    return FlopCount.of(flops);
  }

  /** Returns the bytes as a {@link DataSize}. */
  public DataSize dataSize() {
    return DataSize.ofBytes(bytes);
  }

  /** Returns what limits the group. */
  public Bound bound() {
    return switch (group) {
      case TP_ALL_REDUCE, PIPELINE_TRANSFER -> Bound.COMMUNICATION;
      case OVERHEAD -> Bound.OVERHEAD;
      default -> computeSeconds >= memorySeconds ? Bound.COMPUTE : Bound.MEMORY;
    };
  }
}
