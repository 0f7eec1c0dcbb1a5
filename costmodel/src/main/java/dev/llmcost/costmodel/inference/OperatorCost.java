package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopCount;
import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cost of one operator group in one forward pass on one GPU: FLOPs, bytes moved, and the
 * roofline time {@code Σ max(FLOPs / achieved rate, bytes / achieved bandwidth)} over its kernels,
 * or its communication or overhead time.
 */
public final class OperatorCost {
  private final OperatorGroup group;
  private final double flops;
  private final long bytes;
  private final double computeSeconds;
  private final double memorySeconds;
  private final double seconds;

  /**
   * Validates the cost.
   *
   * @throws IllegalArgumentException if a value is negative, NaN or infinite
   */
  OperatorCost(OperatorGroup group, double flops, long bytes, double computeSeconds, double memorySeconds, double seconds) {
    Require.nonNegative("flops", flops);
    Require.nonNegative("bytes", bytes);
    Require.nonNegative("computeSeconds", computeSeconds);
    Require.nonNegative("memorySeconds", memorySeconds);
    Require.nonNegative("seconds", seconds);
    this.group = group;
    this.flops = flops;
    this.bytes = bytes;
    this.computeSeconds = computeSeconds;
    this.memorySeconds = memorySeconds;
    this.seconds = seconds;
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

  /** Returns the operator group. */
  public OperatorGroup group() {
    return group;
  }

  /** Returns the FLOPs executed on one GPU. */
  public double flops() {
    return flops;
  }

  /** Returns the bytes moved to and from device memory on one GPU (for communication: bytes sent). */
  public long bytes() {
    return bytes;
  }

  /** Returns the FLOPs over the achieved rate, summed over the kernels. */
  public double computeSeconds() {
    return computeSeconds;
  }

  /** Returns the bytes over the achieved bandwidth, summed over the kernels. */
  public double memorySeconds() {
    return memorySeconds;
  }

  /** Returns the time the group takes: per kernel the larger of the two, or the communication or overhead time. */
  public double seconds() {
    return seconds;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof OperatorCost o
          && Objects.equals(group, o.group)
          && Double.compare(flops, o.flops) == 0
          && bytes == o.bytes
          && Double.compare(computeSeconds, o.computeSeconds) == 0
          && Double.compare(memorySeconds, o.memorySeconds) == 0
          && Double.compare(seconds, o.seconds) == 0;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(group);
    h = 31 * h + Double.hashCode(flops);
    h = 31 * h + Long.hashCode(bytes);
    h = 31 * h + Double.hashCode(computeSeconds);
    h = 31 * h + Double.hashCode(memorySeconds);
    h = 31 * h + Double.hashCode(seconds);
    return h;
  }

  @Override
  public String toString() {
    return "OperatorCost[group=" + group + ", flops=" + flops + ", bytes=" + bytes + ", computeSeconds=" + computeSeconds + ", memorySeconds=" + memorySeconds + ", seconds=" + seconds + "]";
  }
}
