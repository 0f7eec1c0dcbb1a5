package dev.llmcost.costmodel.training;

import dev.llmcost.core.DataSize;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Memory per GPU of a training job, item by item, for the pipeline stage that needs the most.
 *
 * <p>{@link #total()} is exactly the sum of the six parts, without the reserve (the same meaning as
 * {@code InferenceMemory.total()}); {@link #required()} adds the {@link #fragmentationReserve()}.
 * {@link #fits()} is derived, never given: {@code total ≤ capacity}. The reserve is a stated
 * margin, not part of the verdict: {@link #headroomBytes()} is what the device has left, and {@link
 * #belowReserve()} says when that is less than the reserve (the allocator's fragmentation or a
 * library workspace may then not fit).
 *
 * <p>Immutable; created by the training model only, so that parts may be added in a minor release.
 */
public final class TrainingMemory {
  private final DataSize weights;
  private final DataSize gradients;
  private final DataSize masterWeights;
  private final DataSize optimizerStates;
  private final DataSize activations;
  private final DataSize communicationBuffers;
  private final DataSize total;
  private final DataSize fragmentationReserve;
  private final DataSize capacity;

  TrainingMemory(
      DataSize weights,
      DataSize gradients,
      DataSize masterWeights,
      DataSize optimizerStates,
      DataSize activations,
      DataSize communicationBuffers,
      DataSize fragmentationReserve,
      DataSize capacity) {
    this.weights = weights;
    this.gradients = gradients;
    this.masterWeights = masterWeights;
    this.optimizerStates = optimizerStates;
    this.activations = activations;
    this.communicationBuffers = communicationBuffers;
    this.total =
        weights.plus(gradients).plus(masterWeights).plus(optimizerStates).plus(activations).plus(communicationBuffers);
    this.fragmentationReserve = fragmentationReserve;
    this.capacity = capacity;
  }

  /** Returns the working (low-precision) weights. */
  public DataSize weights() {
    return weights;
  }

  /** Returns the gradients, including an optimizer's fp32 gradient partition. */
  public DataSize gradients() {
    return gradients;
  }

  /** Returns the fp32 master weights. */
  public DataSize masterWeights() {
    return masterWeights;
  }

  /** Returns the optimizer states. */
  public DataSize optimizerStates() {
    return optimizerStates;
  }

  /**
   * Returns the activations kept for the backward pass (and, under full recompute, one layer's
   * working set).
   */
  public DataSize activations() {
    return activations;
  }

  /** Returns the gathered activations, ZeRO-3 live layers and pipeline messages. */
  public DataSize communicationBuffers() {
    return communicationBuffers;
  }

  /** Returns the sum of the six parts, without the fragmentation reserve. */
  public DataSize total() {
    return total;
  }

  /**
   * Returns the margin recommended for allocator fragmentation (a share of the total), stated, not
   * counted in {@link #fits()}.
   */
  public DataSize fragmentationReserve() {
    return fragmentationReserve;
  }

  /** Returns the device memory. */
  public DataSize capacity() {
    return capacity;
  }

  /** Returns whether the total fits the capacity: {@code total ≤ capacity}. */
  public boolean fits() {
    return total.compareTo(capacity) <= 0;
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
    return fits() && headroomBytes() < fragmentationReserve.bytes();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TrainingMemory o
        && weights.equals(o.weights)
        && gradients.equals(o.gradients)
        && masterWeights.equals(o.masterWeights)
        && optimizerStates.equals(o.optimizerStates)
        && activations.equals(o.activations)
        && communicationBuffers.equals(o.communicationBuffers)
        && fragmentationReserve.equals(o.fragmentationReserve)
        && capacity.equals(o.capacity);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        weights, gradients, masterWeights, optimizerStates, activations, communicationBuffers, fragmentationReserve,
        capacity);
  }

  @Override
  public String toString() {
    return "TrainingMemory[weights=" + weights + ", gradients=" + gradients + ", masterWeights=" + masterWeights
        + ", optimizerStates=" + optimizerStates + ", activations=" + activations + ", communicationBuffers="
        + communicationBuffers + ", total=" + total + ", fragmentationReserve=" + fragmentationReserve
        + ", capacity=" + capacity + ", fits=" + fits() + "]";
  }
}
