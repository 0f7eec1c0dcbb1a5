package dev.llmcost.costmodel.training;

import dev.llmcost.core.DataSize;

/**
 * Memory per GPU of a training job, item by item, for the pipeline stage that needs the most.
 *
 * <p>{@link #total()} is exactly the sum of the six parts, and {@link #fits()} asks whether it fits
 * the device: {@code total ≤ capacity}. The {@link #fragmentationReserve()} is a stated margin, not
 * part of the verdict: {@link #headroomBytes()} is what the device has left, and {@link
 * #belowReserve()} says when that is less than the reserve (the allocator's fragmentation or a
 * library workspace may then not fit).
 *
 * @param weights working (low-precision) weights
 * @param gradients gradients, including an optimizer's fp32 gradient partition
 * @param masterWeights fp32 master weights
 * @param optimizerStates optimizer states
 * @param activations activations kept for the backward pass (and, under full recompute, one
 *     layer's working set)
 * @param communicationBuffers gathered activations, ZeRO-3 live layers, pipeline messages
 * @param total the sum of the six parts above
 * @param fragmentationReserve the margin recommended for allocator fragmentation (a share of the
 *     total), stated, not counted in the verdict
 * @param capacity the device memory
 * @param fits whether the total fits the capacity
 */
public record MemoryBreakdown(
    DataSize weights,
    DataSize gradients,
    DataSize masterWeights,
    DataSize optimizerStates,
    DataSize activations,
    DataSize communicationBuffers,
    DataSize total,
    DataSize fragmentationReserve,
    DataSize capacity,
    boolean fits) {

  /**
   * Validates that the parts add up.
   *
   * @throws IllegalArgumentException if total is not the sum of the parts
   */
  public MemoryBreakdown {
    DataSize sum =
        weights.plus(gradients).plus(masterWeights).plus(optimizerStates).plus(activations).plus(communicationBuffers);
    if (!sum.equals(total)) {
      throw new IllegalArgumentException("total must be the sum of the parts (" + sum + "), was " + total);
    }
  }

  /** Returns the model states: weights, gradients, master weights and optimizer states. */
  public DataSize modelStates() {
    return weights.plus(gradients).plus(masterWeights).plus(optimizerStates);
  }

  /** Returns total plus reserve: what the device should hold with the recommended margin. */
  public DataSize required() {
    return total.plus(fragmentationReserve);
  }

  /** Returns the device memory left after the total, bytes (negative when it does not fit). */
  public long headroomBytes() {
    return capacity.bytes() - total.bytes();
  }

  /** Returns whether the job fits but leaves less headroom than the fragmentation reserve. */
  public boolean belowReserve() {
    return fits && headroomBytes() < fragmentationReserve.bytes();
  }
}
