package dev.llmcost.costmodel.internal.serving;

import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.internal.inference.ServingConfig;

/**
 * The steady state of continuous batching at one concurrency when prompts are prefilled whole inside the decode
 * iterations (the {@code MIXED} scheduling of {@code InferenceCostModel.atRequestRate}): the mean iteration, which
 * is a sequence's time per output token, and the iteration that admits a request and prefills its prompt. Both
 * {@code InferenceCostModel.atRequestRate} and {@code CapacityPlanner} take them from here (s22d), so that at the
 * same concurrency the two give the same TTFT and TPOT.
 *
 * <ul>
 *   <li>GPU time: {@link ServingConfig#steadyIterationWholePrompts} (s21g): {@code b} sequences decode one token
 *       at the mean context {@code input + output / 2}, and a share {@code b / output} of the iterations carries
 *       a whole prompt (the mean over the iterations); the admitting iteration carries one prompt more. With
 *       {@code pp} pipeline stages the sequences are split into {@code min(pp, b)} micro-batches and a sequence's
 *       next token comes {@code pp} stage passes later (s14o).
 *   <li>Host time ({@link HostCost}, s13v, s21h): an iteration takes the longer of its GPU time and the host
 *       scheduler's time for its sequences; the admitting iteration is launched eagerly (no CUDA graph) by an
 *       engine whose host loop has an eager-pass cost.
 * </ul>
 *
 * @param iterationSeconds the mean steady iteration, seconds: the TPOT
 * @param admittingSeconds the iteration that carries a request's prompt, seconds
 */
public record SteadyIterations(double iterationSeconds, double admittingSeconds) {

  /**
   * Returns the steady iterations of a scenario's engine at a concurrency.
   *
   * @param c the scenario's serving configuration
   * @param s the scenario (its lengths, pipeline stages and overheads; its batch is ignored)
   * @param batch sequences in flight, at least 1
   * @return the iterations
   */
  public static SteadyIterations at(ServingConfig c, InferenceScenario s, int batch) {
    return at(c, s, HostCost.of(s), batch);
  }

  /**
   * Returns {@link #at(ServingConfig, InferenceScenario, int)} with the scenario's host cost given (a search over
   * batches takes it once).
   *
   * @param c the scenario's serving configuration
   * @param s the scenario
   * @param host {@code HostCost.of(s)}
   * @param batch sequences in flight, at least 1
   * @return the iterations
   */
  public static SteadyIterations at(ServingConfig c, InferenceScenario s, HostCost host, int batch) {
    double[] gpu = new double[2];
    c.steadyIterationsWholePrompts(perMicroBatch(c, batch), s.inputTokens(), s.outputTokens(), gpu);
    return new SteadyIterations(Math.max(s.pp() * gpu[0], host.seconds(batch, false)),
        Math.max(s.pp() * gpu[1], host.seconds(batch, true)));
  }

  /**
   * Returns {@link #iterationSeconds()} of {@link #at} alone (the TPOT bound of a batch search needs no more).
   *
   * @param c the scenario's serving configuration
   * @param s the scenario
   * @param host {@code HostCost.of(s)}
   * @param batch sequences in flight, at least 1
   * @return seconds
   */
  public static double iterationAt(ServingConfig c, InferenceScenario s, HostCost host, int batch) {
    return Math.max(s.pp() * c.steadyIterationWholePrompts(perMicroBatch(c, batch), s.inputTokens(), s.outputTokens(),
        0), host.seconds(batch, false));
  }

  /** Sequences per micro-batch: {@code b / min(pp, b)} (s14o). */
  private static double perMicroBatch(ServingConfig c, int batch) {
    return batch / (double) Math.max(1, c.microBatches(batch));
  }

  /**
   * Returns the mean TTFT without queueing: half a scheduling window (arrival to the window's end), the iteration
   * that carries the prompt and the per-request overhead.
   *
   * @param schedulerSteps iterations per scheduling window (1 without multi-step scheduling)
   * @param perRequestSeconds the per-request overhead ({@code ServingOverheads.perRequestSeconds})
   * @return seconds
   */
  public double ttftSeconds(int schedulerSteps, double perRequestSeconds) {
    return schedulerSteps * iterationSeconds / 2 + admittingSeconds + perRequestSeconds;
  }
}
