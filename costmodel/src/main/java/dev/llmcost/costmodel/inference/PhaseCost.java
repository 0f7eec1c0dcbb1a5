package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopCount;
import dev.llmcost.core.internal.Require;
import java.util.List;

/**
 * The cost of one forward pass of a phase on one GPU (the slowest pipeline stage): the prefill of
 * the batch's prompts, or one decode step of the batch at a given context length.
 *
 * @param tokens tokens the pass processes on this GPU (prompt tokens, or one per sequence)
 * @param contextTokens the context a decode step attends to (for prefill: the prompt length)
 * @param flops FLOPs on one GPU
 * @param bytes bytes moved to and from device memory on one GPU
 * @param seconds time of the pass
 * @param operators the cost of each operator group, in pass order
 */
public record PhaseCost(
    long tokens,
    long contextTokens,
    double flops,
    long bytes,
    double seconds,
    List<OperatorCost> operators) {

  /**
   * Validates the cost and copies the operators.
   *
   * @throws IllegalArgumentException if a count or the time is negative
   */
  public PhaseCost {
    Require.nonNegative("tokens", tokens);
    Require.nonNegative("contextTokens", contextTokens);
    Require.nonNegative("flops", flops);
    Require.nonNegative("bytes", bytes);
    Require.nonNegative("seconds", seconds);
    operators = List.copyOf(operators);
  }

  /** Returns the FLOPs as a {@link FlopCount}. */
  public FlopCount flopCount() {
    return FlopCount.of(flops);
  }

  /** Returns the bytes as a {@link DataSize}. */
  public DataSize dataSize() {
    return DataSize.ofBytes(bytes);
  }

  /** Returns the time of the compute-bound parts: FLOPs over achieved rate, summed. */
  public double computeSeconds() {
    double s = 0;
    for (OperatorCost o : operators) {
      s += o.computeSeconds();
    }
    return s;
  }

  /** Returns the time of memory traffic: bytes over achieved bandwidth, summed. */
  public double memorySeconds() {
    double s = 0;
    for (OperatorCost o : operators) {
      s += o.memorySeconds();
    }
    return s;
  }

  /**
   * Returns whether the pass as a whole is compute-bound: its FLOPs take longer at the achieved
   * rate than its bytes at the achieved bandwidth.
   */
  public Bound bound() {
    return computeSeconds() >= memorySeconds() ? Bound.COMPUTE : Bound.MEMORY;
  }

  /** Returns the arithmetic intensity of the pass in FLOP per byte (0 when it moves no bytes). */
  public double arithmeticIntensity() {
    return bytes == 0 ? 0 : flops / bytes;
  }
}
