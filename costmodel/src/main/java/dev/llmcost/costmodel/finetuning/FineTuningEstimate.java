package dev.llmcost.costmodel.finetuning;

import dev.llmcost.core.Money;
import dev.llmcost.core.internal.Seconds;
import java.time.Duration;
import java.util.List;

/**
 * What a fine-tuning run needs and takes: memory per GPU, trainable parameters, time per step,
 * throughput, and the wall clock, GPU-hours and dollars for its tokens; every assumption in words.
 *
 * <p>Obtained from {@link FineTuningCostModel#estimate(FineTuningJob)}; read through accessors.
 */
public final class FineTuningEstimate {
  private final FineTuningJob job;
  private final FineTuningMemory memory;
  private final long trainableParameters;
  private final long totalParameters;
  private final double flopsPerToken;
  private final double hardwareFlopsPerToken;
  private final double computeSeconds;
  private final double adapterSeconds;
  private final double dequantizationSeconds;
  private final double elementwiseSeconds;
  private final double communicationSeconds;
  private final double optimizerSeconds;
  private final double hostTransferSeconds;
  private final double stepSeconds;
  private final double tokensPerSecond;
  private final double mfu;
  private final long steps;
  private final double wallClockSeconds;
  private final double gpuHours;
  private final Money cost;
  private final List<String> assumptions;

  FineTuningEstimate(FineTuningJob job, FineTuningMemory memory, long trainableParameters, long totalParameters,
      double flopsPerToken, double hardwareFlopsPerToken, double[] seconds, double stepSeconds, double tokensPerSecond,
      double mfu, long steps, double wallClockSeconds, double gpuHours, Money cost, List<String> assumptions) {
    this.job = job;
    this.memory = memory;
    this.trainableParameters = trainableParameters;
    this.totalParameters = totalParameters;
    this.flopsPerToken = flopsPerToken;
    this.hardwareFlopsPerToken = hardwareFlopsPerToken;
    this.computeSeconds = seconds[0];
    this.adapterSeconds = seconds[1];
    this.dequantizationSeconds = seconds[2];
    this.elementwiseSeconds = seconds[3];
    this.communicationSeconds = seconds[4];
    this.optimizerSeconds = seconds[5];
    this.hostTransferSeconds = seconds[6];
    this.stepSeconds = stepSeconds;
    this.tokensPerSecond = tokensPerSecond;
    this.mfu = mfu;
    this.steps = steps;
    this.wallClockSeconds = wallClockSeconds;
    this.gpuHours = gpuHours;
    this.cost = cost;
    this.assumptions = List.copyOf(assumptions);
  }

  /** Returns the job. */
  public FineTuningJob job() {
    return job;
  }

  /** Returns memory per GPU, item by item. */
  public FineTuningMemory memory() {
    return memory;
  }

  /** Returns whether the run fits the GPU. */
  public boolean fits() {
    return memory.fits();
  }

  /** Returns the trainable parameters (adapters, or the unfrozen part of the model). */
  public long trainableParameters() {
    return trainableParameters;
  }

  /** Returns the base model's parameters. */
  public long totalParameters() {
    return totalParameters;
  }

  /** Returns useful FLOPs per trained token: forward, input gradients and trainable weights' gradients, no recomputation. */
  public double flopsPerToken() {
    return flopsPerToken;
  }

  /** Returns FLOPs executed per token, with recomputation and padding. */
  public double hardwareFlopsPerToken() {
    return hardwareFlopsPerToken;
  }

  /** Returns the seconds of large GEMMs and attention per step. */
  public double computeSeconds() {
    return computeSeconds;
  }

  /** Returns the seconds of the adapters' thin GEMMs (memory-bound) per step. */
  public double adapterSeconds() {
    return adapterSeconds;
  }

  /** Returns the seconds of dequantizing a quantized base per step. */
  public double dequantizationSeconds() {
    return dequantizationSeconds;
  }

  /** Returns the seconds of norms, activations, residuals, the loss and per-layer launch overhead per step. */
  public double elementwiseSeconds() {
    return elementwiseSeconds;
  }

  /** Returns the seconds of DDP/FSDP collectives per step (overlapped with compute). */
  public double communicationSeconds() {
    return communicationSeconds;
  }

  /** Returns the seconds of the optimizer step. */
  public double optimizerSeconds() {
    return optimizerSeconds;
  }

  /** Returns the seconds of host transfers per step: offload, paging, the host optimizer. */
  public double hostTransferSeconds() {
    return hostTransferSeconds;
  }

  /** Returns the seconds of one optimizer step. */
  public double stepSeconds() {
    return stepSeconds;
  }

  /** Returns useful (non-padding) tokens per second over all GPUs. */
  public double tokensPerSecond() {
    return tokensPerSecond;
  }

  /** Returns useful tokens per second per GPU. */
  public double tokensPerSecondPerGpu() {
    return tokensPerSecond / job.gpus();
  }

  /** Returns model FLOPs utilisation: {@link #flopsPerToken()} × tokens/s over the GPUs' dense peak. */
  public double mfu() {
    return mfu;
  }

  /** Returns optimizer steps for the job's tokens (0 when none were given). */
  public long steps() {
    return steps;
  }

  /**
   * Returns the wall clock for the job's tokens, in seconds, raw: the same figure as {@link #wallClock()} at
   * full double precision.
   */
  public double wallClockSeconds() {
    return wallClockSeconds;
  }

  /** Returns the wall clock for the job's tokens, to the nanosecond (the project's time type, as in training). */
  public Duration wallClock() {
    return Seconds.toDuration(wallClockSeconds);
  }

  /** Returns GPU-hours for the job's tokens. */
  public double gpuHours() {
    return gpuHours;
  }

  /** Returns the cost of the GPU-hours at the job's price. */
  public Money cost() {
    return cost;
  }

  /** Returns the assumptions behind the numbers, in words. */
  public List<String> assumptions() {
    return assumptions;
  }
}
