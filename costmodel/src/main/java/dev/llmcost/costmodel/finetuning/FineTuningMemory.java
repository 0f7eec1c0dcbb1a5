package dev.llmcost.costmodel.finetuning;

import dev.llmcost.core.DataSize;

/**
 * Memory per GPU of a fine-tuning run at its peak, item by item.
 *
 * <p>{@link #peakAllocated()} is the sum of the items PyTorch's allocator holds (what {@code
 * torch.cuda.max_memory_allocated} reports); {@link #deviceTotal()} adds the CUDA context, which
 * lives outside it; {@link #fits()} compares that with the device. Paged optimizer states live in
 * unified memory that the driver evicts to the host under pressure: they are stated and never make
 * a run not fit. Host-offloaded bytes are stated too.
 */
public final class FineTuningMemory {
  private final DataSize frozenWeights;
  private final DataSize quantizationConstants;
  private final DataSize trainableWeights;
  private final DataSize gradients;
  private final DataSize optimizerStates;
  private final DataSize activations;
  private final DataSize logits;
  private final DataSize buffers;
  private final DataSize cudaContext;
  private final DataSize pagedOptimizerStates;
  private final DataSize hostOffloaded;
  private final DataSize capacity;

  FineTuningMemory(double frozenWeights, double quantizationConstants, double trainableWeights, double gradients,
      double optimizerStates, double activations, double logits, double buffers, DataSize cudaContext,
      double pagedOptimizerStates, double hostOffloaded, DataSize capacity) {
    this.frozenWeights = DataSize.ofBytesCeil(frozenWeights);
    this.quantizationConstants = DataSize.ofBytesCeil(quantizationConstants);
    this.trainableWeights = DataSize.ofBytesCeil(trainableWeights);
    this.gradients = DataSize.ofBytesCeil(gradients);
    this.optimizerStates = DataSize.ofBytesCeil(optimizerStates);
    this.activations = DataSize.ofBytesCeil(activations);
    this.logits = DataSize.ofBytesCeil(logits);
    this.buffers = DataSize.ofBytesCeil(buffers);
    this.cudaContext = cudaContext;
    this.pagedOptimizerStates = DataSize.ofBytesCeil(pagedOptimizerStates);
    this.hostOffloaded = DataSize.ofBytesCeil(hostOffloaded);
    this.capacity = capacity;
  }

  /** Returns the frozen base weights on this GPU (their shard under FSDP). */
  public DataSize frozenWeights() {
    return frozenWeights;
  }

  /** Returns the block scales of a quantized base (NF4 absmax, double-quantized or not). */
  public DataSize quantizationConstants() {
    return quantizationConstants;
  }

  /** Returns the trainable parameters (and autocast's bf16 copies under mixed precision). */
  public DataSize trainableWeights() {
    return trainableWeights;
  }

  /** Returns the gradients of the trainable parameters. */
  public DataSize gradients() {
    return gradients;
  }

  /** Returns the optimizer states resident on the GPU (not paged, not offloaded). */
  public DataSize optimizerStates() {
    return optimizerStates;
  }

  /** Returns the activations kept for the backward pass and the largest layer's working set. */
  public DataSize activations() {
    return activations;
  }

  /** Returns the logits and the loss's working memory. */
  public DataSize logits() {
    return logits;
  }

  /** Returns transient buffers: dequantized weights, FSDP's gathered layers, DDP's gradient buckets, DoRA's norms. */
  public DataSize buffers() {
    return buffers;
  }

  /** Returns the CUDA context and library handles outside PyTorch's allocator. */
  public DataSize cudaContext() {
    return cudaContext;
  }

  /** Returns optimizer states in unified (pageable) memory, outside {@link #peakAllocated()}. */
  public DataSize pagedOptimizerStates() {
    return pagedOptimizerStates;
  }

  /** Returns what lives in host memory per GPU under offload. */
  public DataSize hostOffloaded() {
    return hostOffloaded;
  }

  /** Returns the sum of the allocator's items: what {@code torch.cuda.max_memory_allocated} would report. */
  public DataSize peakAllocated() {
    return frozenWeights.plus(quantizationConstants).plus(trainableWeights).plus(gradients).plus(optimizerStates)
        .plus(activations).plus(logits).plus(buffers);
  }

  /** Returns the peak plus the CUDA context: what the device must hold. */
  public DataSize deviceTotal() {
    return peakAllocated().plus(cudaContext);
  }

  /** Returns the device memory. */
  public DataSize capacity() {
    return capacity;
  }

  /** Returns whether {@link #deviceTotal()} fits the device. */
  public boolean fits() {
    return deviceTotal().bytes() <= capacity.bytes();
  }

  /** Returns what the device has left, bytes (negative when it does not fit). */
  public long headroomBytes() {
    return capacity.bytes() - deviceTotal().bytes();
  }
}
