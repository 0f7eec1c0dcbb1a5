package dev.llmcost.costmodel.training;

import dev.llmcost.core.internal.Require;

/**
 * How a training job splits its work: data ({@code dp}), tensor ({@code tp}, Shoeybi et al. 2019),
 * pipeline ({@code pp}, with {@code virtualStages} model chunks per GPU for the interleaved 1F1B
 * schedule of Narayanan et al. 2021), context ({@code cp}: the sequence split across GPUs, ring
 * attention) and expert ({@code ep}: MoE experts spread over data-parallel ranks) parallelism, and
 * Megatron's sequence parallelism of the norm and dropout regions ({@code sequenceParallel},
 * Korthikanti et al. 2022 §4.2.2).
 *
 * <p>GPUs = dp × tp × pp × cp; expert parallelism reuses data- and context-parallel ranks. Ranks
 * are laid out tensor-parallel first, then context, data and pipeline (Megatron's order), so
 * tensor-parallel groups sit inside a node whenever {@code tp} ≤ GPUs per node.
 *
 * @param dp data-parallel degree
 * @param tp tensor-parallel degree
 * @param pp pipeline-parallel degree
 * @param cp context-parallel degree
 * @param ep expert-parallel degree (1 for dense models)
 * @param virtualStages model chunks per pipeline rank (1: plain 1F1B; more: interleaved)
 * @param sequenceParallel whether sequence parallelism is on (effective with tp > 1)
 */
public record Parallelism(
    int dp, int tp, int pp, int cp, int ep, int virtualStages, boolean sequenceParallel) {

  /**
   * Validates the degrees.
   *
   * @throws IllegalArgumentException if a degree is below 1, if ep does not divide dp × cp, or if
   *     virtual stages are asked for without pipeline parallelism
   */
  public Parallelism {
    Require.positive("dp", dp);
    Require.positive("tp", tp);
    Require.positive("pp", pp);
    Require.positive("cp", cp);
    Require.positive("ep", ep);
    Require.positive("virtualStages", virtualStages);
    if ((dp * cp) % ep != 0) {
      throw new IllegalArgumentException("ep must divide dp × cp (" + dp * cp + "), was " + ep);
    }
    if (virtualStages > 1 && pp == 1) {
      throw new IllegalArgumentException("virtualStages must be 1 without pipeline parallelism, was " + virtualStages);
    }
  }

  /**
   * Returns data, tensor and pipeline parallelism with sequence parallelism on when {@code tp >
   * 1}, no context or expert parallelism and the plain 1F1B schedule.
   *
   * @param dp data-parallel degree
   * @param tp tensor-parallel degree
   * @param pp pipeline-parallel degree
   * @return the parallelism
   */
  public static Parallelism of(int dp, int tp, int pp) {
    return new Parallelism(dp, tp, pp, 1, 1, 1, tp > 1);
  }

  /** Returns pure data parallelism over {@code gpus} GPUs. */
  public static Parallelism dataParallel(int gpus) {
    return of(gpus, 1, 1);
  }

  /** Returns the GPUs this parallelism needs: dp × tp × pp × cp. */
  public int gpus() {
    return dp * tp * pp * cp;
  }

  /** Returns a copy with sequence parallelism on or off. */
  public Parallelism withSequenceParallel(boolean on) {
    return on == sequenceParallel ? this : new Parallelism(dp, tp, pp, cp, ep, virtualStages, on);
  }

  /** Returns a copy with {@code v} model chunks per pipeline rank (interleaved schedule). */
  public Parallelism withVirtualStages(int v) {
    return v == virtualStages ? this : new Parallelism(dp, tp, pp, cp, ep, v, sequenceParallel);
  }

  /** Returns a copy with context-parallel degree {@code value}. */
  public Parallelism withContextParallel(int value) {
    return value == cp ? this : new Parallelism(dp, tp, pp, value, ep, virtualStages, sequenceParallel);
  }

  /** Returns a copy with expert-parallel degree {@code value}. */
  public Parallelism withExpertParallel(int value) {
    return value == ep ? this : new Parallelism(dp, tp, pp, cp, value, virtualStages, sequenceParallel);
  }

  /** Returns, for example, {@code dp=32 tp=8 pp=4 cp=1 ep=1 v=1 sp}. */
  @Override
  public String toString() {
    return "dp=" + dp + " tp=" + tp + " pp=" + pp + " cp=" + cp + " ep=" + ep + " v=" + virtualStages
        + (sequenceParallel ? " sp" : "");
  }
}
