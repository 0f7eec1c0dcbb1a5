package dev.llmcost.costmodel.local;

import dev.llmcost.core.DataSize;
import java.util.List;

/**
 * What a {@link LocalRun} costs: where the weights and KV cache sit, whether they fit, and the
 * speeds llama-bench would report. A final class so that fields can be added without breaking
 * callers.
 */
public final class LocalEstimate {
  private final LocalRun run;
  private final DataSize modelBytes;
  private final DataSize gpuWeights;
  private final DataSize cpuWeights;
  private final DataSize kvCache;
  private final DataSize gpuKvCache;
  private final DataSize computeBuffer;
  private final DataSize gpuUsable;
  private final int layersOnGpu;
  private final boolean outputOnGpu;
  private final double promptTokensPerSecond;
  private final double generatedTokensPerSecond;
  private final double gpuSecondsPerToken;
  private final double cpuSecondsPerToken;
  private final List<String> assumptions;

  LocalEstimate(
      LocalRun run,
      DataSize modelBytes,
      DataSize gpuWeights,
      DataSize cpuWeights,
      DataSize kvCache,
      DataSize gpuKvCache,
      DataSize computeBuffer,
      DataSize gpuUsable,
      int layersOnGpu,
      boolean outputOnGpu,
      double promptTokensPerSecond,
      double generatedTokensPerSecond,
      double gpuSecondsPerToken,
      double cpuSecondsPerToken,
      List<String> assumptions) {
    this.run = run;
    this.modelBytes = modelBytes;
    this.gpuWeights = gpuWeights;
    this.cpuWeights = cpuWeights;
    this.kvCache = kvCache;
    this.gpuKvCache = gpuKvCache;
    this.computeBuffer = computeBuffer;
    this.gpuUsable = gpuUsable;
    this.layersOnGpu = layersOnGpu;
    this.outputOnGpu = outputOnGpu;
    this.promptTokensPerSecond = promptTokensPerSecond;
    this.generatedTokensPerSecond = generatedTokensPerSecond;
    this.gpuSecondsPerToken = gpuSecondsPerToken;
    this.cpuSecondsPerToken = cpuSecondsPerToken;
    this.assumptions = List.copyOf(assumptions);
  }

  /** Returns the run estimated. */
  public LocalRun run() {
    return run;
  }

  /** Returns the model's tensor bytes (llama-bench's "size"). */
  public DataSize modelBytes() {
    return modelBytes;
  }

  /** Returns the weights held in GPU memory (zero on a CPU). */
  public DataSize gpuWeights() {
    return gpuWeights;
  }

  /** Returns the weights held in host RAM (the token embedding always is). */
  public DataSize cpuWeights() {
    return cpuWeights;
  }

  /** Returns the whole KV cache at the context length. */
  public DataSize kvCache() {
    return kvCache;
  }

  /** Returns the part of the KV cache of the offloaded layers. */
  public DataSize gpuKvCache() {
    return gpuKvCache;
  }

  /** Returns the estimated GPU compute buffer (logits, attention scores, activations). */
  public DataSize computeBuffer() {
    return computeBuffer;
  }

  /** Returns GPU memory used: weights, KV cache and compute buffer on the GPU. */
  public DataSize gpuMemory() {
    return layersOnGpu == 0 && !outputOnGpu ? DataSize.ZERO : gpuWeights.plus(gpuKvCache).plus(computeBuffer);
  }

  /** Returns host memory used: CPU weights and the rest of the KV cache. */
  public DataSize cpuMemory() {
    return cpuWeights.plus(kvCache.minus(gpuKvCache));
  }

  /** Returns the GPU memory a model may use on the device. */
  public DataSize gpuUsable() {
    return gpuUsable;
  }

  /** Returns whether the GPU part fits the device's usable memory. */
  public boolean fitsGpu() {
    return gpuMemory().compareTo(gpuUsable) <= 0;
  }

  /** Returns the repeating layers on the GPU. */
  public int layersOnGpu() {
    return layersOnGpu;
  }

  /** Returns whether the output head runs on the GPU. */
  public boolean outputOnGpu() {
    return outputOnGpu;
  }

  /** Returns llama-bench's pp (prompt tokens per second). */
  public double promptTokensPerSecond() {
    return promptTokensPerSecond;
  }

  /** Returns llama-bench's tg (generated tokens per second). */
  public double generatedTokensPerSecond() {
    return generatedTokensPerSecond;
  }

  /** Returns the GPU's share of one generated token's time, in seconds. */
  public double gpuSecondsPerToken() {
    return gpuSecondsPerToken;
  }

  /** Returns the CPU's share of one generated token's time, in seconds. */
  public double cpuSecondsPerToken() {
    return cpuSecondsPerToken;
  }

  /** Returns the formulas and values assumed, in words. */
  public List<String> assumptions() {
    return assumptions;
  }
}
