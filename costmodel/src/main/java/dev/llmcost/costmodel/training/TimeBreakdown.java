package dev.llmcost.costmodel.training;

import dev.llmcost.core.internal.Require;

/**
 * Where the time of one optimizer step goes, in seconds; the parts add up to {@link #step()}.
 *
 * @param compute GEMMs and attention kernels of the slowest pipeline stage, every micro-batch,
 *     recomputation included
 * @param memoryBound norms, activation functions, residual adds, softmax and the loss, at achieved
 *     memory bandwidth
 * @param tensorParallel exposed tensor-parallel all-reduces (or all-gathers and reduce-scatters)
 * @param contextParallel exposed ring-attention transfers
 * @param expertParallel expert-parallel all-to-alls
 * @param pipelineP2p pipeline sends and receives
 * @param fsdp exposed ZeRO-3 parameter gathers and gradient reductions
 * @param bubble pipeline fill and drain, {@code (p−1)/v} stage times
 * @param dataParallel exposed gradient reduction (ZeRO 0-2)
 * @param optimizer the optimizer step
 * @param step the step time
 */
public record TimeBreakdown(
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

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if a part is negative or not finite, or the step is not their
   *     sum (to 1e-9 relative)
   */
  public TimeBreakdown {
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
  }

  /** Returns the communication that is not hidden: TP, CP, EP, pipeline, FSDP and DP. */
  public double exposedCommunication() {
    return tensorParallel + contextParallel + expertParallel + pipelineP2p + fsdp + dataParallel;
  }
}
