package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopCount;
import dev.llmcost.core.internal.Require;

/**
 * The cost of one operator group in one forward pass on one GPU: FLOPs, bytes moved, and the
 * roofline time {@code Σ max(FLOPs / achieved rate, bytes / achieved bandwidth)} over its kernels,
 * plus communication or overhead time.
 *
 * @param group the operator group
 * @param flops FLOPs executed on one GPU
 * @param bytes bytes moved to and from device memory on one GPU (for communication: bytes sent)
 * @param computeSeconds FLOPs over the achieved rate, summed over the kernels
 * @param memorySeconds bytes over the achieved bandwidth, summed over the kernels
 * @param seconds the time the group takes: per kernel the larger of the two, plus communication and
 *     overhead
 */
public record OperatorCost(
    OperatorGroup group,
    FlopCount flops,
    DataSize bytes,
    double computeSeconds,
    double memorySeconds,
    double seconds) {

  /**
   * Validates the cost.
   *
   * @throws IllegalArgumentException if a time is negative, NaN or infinite
   */
  public OperatorCost {
    Require.nonNegative("computeSeconds", computeSeconds);
    Require.nonNegative("memorySeconds", memorySeconds);
    Require.nonNegative("seconds", seconds);
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
