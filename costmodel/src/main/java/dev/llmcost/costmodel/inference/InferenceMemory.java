package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The device memory one GPU needs to serve a scenario, by part.
 *
 * <p>{@link #total()} is the sum of the parts the model needs (weights, KV cache, activations),
 * without the reserve (the same meaning as {@code TrainingMemory.total()}); {@link #required()}
 * adds the {@link #reserve()}. Serving keeps the reserve inside the verdict, as inference engines
 * hold back a share of the device ({@code gpu_memory_utilization} in vLLM): {@link #fits()} is
 * {@code required ≤ capacity}, derived, never given.
 */
public final class InferenceMemory {
  private final DataSize weights;
  private final DataSize kvCache;
  private final DataSize activations;
  private final DataSize reserve;
  private final DataSize capacity;

  private InferenceMemory(
      DataSize weights, DataSize kvCache, DataSize activations, DataSize reserve, DataSize capacity) {
    this.weights = weights;
    this.kvCache = kvCache;
    this.activations = activations;
    this.reserve = reserve;
    this.capacity = capacity;
  }

  /**
   * Returns the memory of one GPU from its parts; the total and the verdict are derived.
   *
   * @param weights this GPU's share of the weights (replicated KV projections included)
   * @param kvCache the KV cache of the whole batch at full length ({@code input + output} tokens)
   * @param activations working buffers of the largest forward pass (the prefill) and its logits
   * @param reserve memory kept free for the runtime, CUDA context and fragmentation
   * @param capacity the device memory
   * @return the breakdown
   */
  public static InferenceMemory of(
      DataSize weights, DataSize kvCache, DataSize activations, DataSize reserve, DataSize capacity) {
    return new InferenceMemory(weights, kvCache, activations, reserve, capacity);
  }

  /** Returns this GPU's share of the weights (replicated KV projections included). */
  public DataSize weights() {
    return weights;
  }

  /** Returns the KV cache of the whole batch at full length ({@code input + output} tokens). */
  public DataSize kvCache() {
    return kvCache;
  }

  /** Returns the working buffers of the largest forward pass (the prefill) and its logits. */
  public DataSize activations() {
    return activations;
  }

  /** Returns the memory kept free for the runtime, CUDA context and fragmentation. */
  public DataSize reserve() {
    return reserve;
  }

  /** Returns the device memory. */
  public DataSize capacity() {
    return capacity;
  }

  /** Returns weights, KV cache and activations together, without the reserve. */
  public DataSize total() {
    return weights.plus(kvCache).plus(activations);
  }

  /** Returns the total plus the reserve: what the device must hold. */
  public DataSize required() {
    return total().plus(reserve);
  }

  /** Returns whether the required memory (total and reserve) fits the device memory. */
  public boolean fits() {
    return required().compareTo(capacity) <= 0;
  }

  /** Returns the memory left over after the required memory (zero when it does not fit). */
  public DataSize free() {
    return fits() ? capacity.minus(required()) : DataSize.ZERO;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof InferenceMemory o
        && weights.equals(o.weights)
        && kvCache.equals(o.kvCache)
        && activations.equals(o.activations)
        && reserve.equals(o.reserve)
        && capacity.equals(o.capacity);
  }

  @Override
  public int hashCode() {
    return Objects.hash(weights, kvCache, activations, reserve, capacity);
  }

  @Override
  public String toString() {
    return "InferenceMemory[weights=" + weights + ", kvCache=" + kvCache + ", activations=" + activations
        + ", reserve=" + reserve + ", capacity=" + capacity + "]";
  }
}
