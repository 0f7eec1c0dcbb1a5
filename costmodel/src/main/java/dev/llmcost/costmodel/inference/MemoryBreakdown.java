package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;

/**
 * The device memory one GPU needs to serve a scenario, by part.
 *
 * @param weights this GPU's share of the weights (replicated KV projections included)
 * @param kvCache the KV cache of the whole batch at full length ({@code input + output} tokens)
 * @param activations working buffers of the largest forward pass (the prefill) and its logits
 * @param reserve memory kept free for the runtime, CUDA context and fragmentation
 * @param capacity the device memory
 */
public record MemoryBreakdown(
    DataSize weights, DataSize kvCache, DataSize activations, DataSize reserve, DataSize capacity) {

  /** Returns weights, KV cache, activations and reserve together. */
  public DataSize total() {
    return weights.plus(kvCache).plus(activations).plus(reserve);
  }

  /** Returns whether the total fits the device memory. */
  public boolean fits() {
    return total().compareTo(capacity) <= 0;
  }

  /** Returns the memory left over (zero when it does not fit). */
  public DataSize free() {
    return fits() ? capacity.minus(total()) : DataSize.ZERO;
  }
}
