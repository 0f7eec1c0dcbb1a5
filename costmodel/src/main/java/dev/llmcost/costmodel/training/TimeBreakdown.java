package dev.llmcost.costmodel.training;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the time of one optimizer step goes, in seconds; the parts add up to {@link #step()}.
 */
public final class TimeBreakdown {
  private final double compute;
  private final double memoryBound;
  private final double tensorParallel;
  private final double contextParallel;
  private final double expertParallel;
  private final double pipelineP2p;
  private final double fsdp;
  private final double bubble;
  private final double dataParallel;
  private final double optimizer;
  private final double step;

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if a part is negative or not finite, or the step is not their
   *     sum (to 1e-9 relative)
   */
  TimeBreakdown(
      double compute,
      double memoryBound,
      double tensorParallel,
      double contextParallel,
      double expertParallel,
      double pipelineP2p,
      double fsdp,
      double bubble,
      double dataParallel,
      double optimizer,
      double step) {
    Require.nonNegative("compute", compute);
    Require.nonNegative("memoryBound", memoryBound);
    Require.nonNegative("tensorParallel", tensorParallel);
    Require.nonNegative("contextParallel", contextParallel);
    Require.nonNegative("expertParallel", expertParallel);
    Require.nonNegative("pipelineP2p", pipelineP2p);
    Require.nonNegative("fsdp", fsdp);
    Require.nonNegative("bubble", bubble);
    Require.nonNegative("dataParallel", dataParallel);
    Require.nonNegative("optimizer", optimizer);
    Require.positive("step", step);
    double sum =
        compute + memoryBound + tensorParallel + contextParallel + expertParallel + pipelineP2p + fsdp + bubble
            + dataParallel + optimizer;
    if (Math.abs(sum - step) > 1e-9 * step) {
      throw new IllegalArgumentException("step must be the sum of the parts (" + sum + "), was " + step);
    }
    this.compute = compute;
    this.memoryBound = memoryBound;
    this.tensorParallel = tensorParallel;
    this.contextParallel = contextParallel;
    this.expertParallel = expertParallel;
    this.pipelineP2p = pipelineP2p;
    this.fsdp = fsdp;
    this.bubble = bubble;
    this.dataParallel = dataParallel;
    this.optimizer = optimizer;
    this.step = step;
  }

  /** Returns the communication that is not hidden: TP, CP, EP, pipeline, FSDP and DP. */
  public double exposedCommunication() {
    return tensorParallel + contextParallel + expertParallel + pipelineP2p + fsdp + dataParallel;
  }

  /** Returns GEMMs and attention kernels of the slowest pipeline stage, every micro-batch, recomputation included. */
  public double compute() {
    return compute;
  }

  /** Returns norms, activation functions, residual adds, softmax and the loss, at achieved memory bandwidth. */
  public double memoryBound() {
    return memoryBound;
  }

  /** Returns exposed tensor-parallel all-reduces (or all-gathers and reduce-scatters). */
  public double tensorParallel() {
    return tensorParallel;
  }

  /** Returns exposed ring-attention transfers. */
  public double contextParallel() {
    return contextParallel;
  }

  /** Returns expert-parallel all-to-alls. */
  public double expertParallel() {
    return expertParallel;
  }

  /** Returns pipeline sends and receives. */
  public double pipelineP2p() {
    return pipelineP2p;
  }

  /** Returns exposed ZeRO-3 parameter gathers and gradient reductions. */
  public double fsdp() {
    return fsdp;
  }

  /** Returns pipeline fill and drain, {@code (p−1)/v} stage times. */
  public double bubble() {
    return bubble;
  }

  /** Returns exposed gradient reduction (ZeRO 0-2). */
  public double dataParallel() {
    return dataParallel;
  }

  /** Returns the optimizer step. */
  public double optimizer() {
    return optimizer;
  }

  /** Returns the step time. */
  public double step() {
    return step;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TimeBreakdown o
        && Double.compare(compute, o.compute) == 0
        && Double.compare(memoryBound, o.memoryBound) == 0
        && Double.compare(tensorParallel, o.tensorParallel) == 0
        && Double.compare(contextParallel, o.contextParallel) == 0
        && Double.compare(expertParallel, o.expertParallel) == 0
        && Double.compare(pipelineP2p, o.pipelineP2p) == 0
        && Double.compare(fsdp, o.fsdp) == 0
        && Double.compare(bubble, o.bubble) == 0
        && Double.compare(dataParallel, o.dataParallel) == 0
        && Double.compare(optimizer, o.optimizer) == 0
        && Double.compare(step, o.step) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(compute, memoryBound, tensorParallel, contextParallel, expertParallel, pipelineP2p, fsdp, bubble, dataParallel, optimizer, step);
  }

  @Override
  public String toString() {
    return "TimeBreakdown[compute=" + compute + ", memoryBound=" + memoryBound + ", tensorParallel=" + tensorParallel + ", contextParallel=" + contextParallel + ", expertParallel=" + expertParallel + ", pipelineP2p=" + pipelineP2p + ", fsdp=" + fsdp + ", bubble=" + bubble + ", dataParallel=" + dataParallel + ", optimizer=" + optimizer + ", step=" + step + "]";
  }
}
