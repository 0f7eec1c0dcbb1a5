package dev.llmcost.costmodel.training;

import dev.llmcost.core.DataSize;

/**
 * Memory per GPU of a training job, item by item, for the pipeline stage that needs the most.
 *
 * <p>{@link #total()} is exactly the sum of the six parts; the {@link #fragmentationReserve()} is
 * stated separately, never hidden in the total, and {@link #fits()} asks whether total plus reserve
 * fit the device.
 *
 * @param weights working (low-precision) weights
 * @param gradients gradients, including an optimizer's fp32 gradient partition
 * @param masterWeights fp32 master weights
 * @param optimizerStates optimizer states
 * @param activations activations kept for the backward pass (and, under full recompute, one
 *     layer's working set)
 * @param communicationBuffers gathered activations, ZeRO-3 live layers, pipeline messages
 * @param total the sum of the six parts above
 * @param fragmentationReserve memory reserved for allocator fragmentation
 * @param capacity the device memory
 * @param fits whether total plus reserve fit the capacity
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

  /** Returns total plus reserve: what the device must hold. */
  public DataSize required() {
    return total.plus(fragmentationReserve);
  }
}
