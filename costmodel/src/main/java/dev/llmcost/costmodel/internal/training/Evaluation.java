package dev.llmcost.costmodel.internal.training;

/**
 * What the evaluator computes for one configuration, as primitive fields (bytes, seconds, FLOPs).
 * Mutable and reusable: the evaluator overwrites every field it owns.
 *
 * <p>Memory figures are per GPU, for the pipeline stage that needs the most. Time figures are per
 * optimizer step and add up: {@code stepSeconds = compute + memoryBound + tensorParallel +
 * contextParallel + expertParallel + pipelineP2p + fsdp + bubble + dataParallel + optimizer}.
 */
public final class Evaluation {
  // memory, bytes per GPU
  /** Low-precision weights. */
  public double weightsBytes;
  /** Gradients (including an optimizer's fp32 gradient partition). */
  public double gradientsBytes;
  /** fp32 master weights. */
  public double masterBytes;
  /** Optimizer states. */
  public double optimizerBytes;
  /** Activations kept for the backward pass (and a recompute working set). */
  public double activationsBytes;
  /** Communication buffers (gathered activations, ZeRO-3 live layers, pipeline messages). */
  public double buffersBytes;
  /** Sum of the parts above. */
  public double totalBytes;
  /** Fragmentation reserve, stated separately (a margin, not part of the verdict). */
  public double reserveBytes;
  /** Activation bytes offloaded to host memory at the peak, no longer held on the GPU (0 without offloading). */
  public double offloadedBytes;
  /** Exposed time of the activation copies to and from host memory per step, seconds (part of the memory-bound time). */
  public double offloadExposedSeconds;
  /** Time of the activation copies to and from host memory per step, hidden or not, seconds. */
  public double offloadCopySeconds;
  /** Whether the total (in whole bytes per part) fits the device memory. */
  public boolean fits;
  /** Parameters held by one GPU of the largest stage (before ZeRO sharding). */
  public double parametersPerGpu;
  /** The routed-expert parameters among {@link #parametersPerGpu} (0 for a dense model). */
  public double expertParametersPerGpu;

  // FLOPs per token
  /** Model FLOPs per token in the job's accounting. */
  public double modelFlopsPerToken;
  /** Hardware FLOPs per token (matmul-weights accounting plus recomputation). */
  public double hardwareFlopsPerToken;

  // time, seconds per step
  /** GEMMs and attention kernels of the slowest stage, all micro-batches, recomputation included. */
  public double computeSeconds;
  /** Memory-bound kernels (norms, activations, residuals, softmax, loss). */
  public double memoryBoundSeconds;
  /** Exposed tensor-parallel communication. */
  public double tensorParallelSeconds;
  /** Exposed context-parallel communication. */
  public double contextParallelSeconds;
  /** Expert-parallel all-to-all. */
  public double expertParallelSeconds;
  /** Pipeline send/receive. */
  public double pipelineP2pSeconds;
  /** Exposed ZeRO-3 gathers and reductions. */
  public double fsdpSeconds;
  /** Pipeline bubble ((p−1)/v stage times). */
  public double bubbleSeconds;
  /** Exposed data-parallel gradient synchronisation (ZeRO 0-2). */
  public double dataParallelSeconds;
  /** Optimizer step. */
  public double optimizerSeconds;
  /** Step time. */
  public double stepSeconds;
  /** Data-parallel communication before overlap (ZeRO-3: all micro-batches), for the record. */
  public double dataParallelTotalSeconds;

  // throughput
  /** Tokens per second per GPU. */
  public double tokensPerSecondPerGpu;
  /** Model FLOP/s per GPU. */
  public double achievedFlopsPerGpu;
  /** Hardware FLOP/s per GPU. */
  public double hardwareFlopsPerGpu;
  /** Model FLOPs utilisation. */
  public double mfu;
  /** Hardware FLOPs utilisation. */
  public double hfu;

  /** The per-layer costs {@link Evaluator#time} computed on the way (scratch, reused). */
  public final LayerCosts layer = new LayerCosts();
}
