package dev.llmcost.costmodel.training;

import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import dev.llmcost.core.model.MultiHeadAttention;

/**
 * Picks a sensible parallelism for a job whose tensor, pipeline and data-parallel degrees were not
 * given: the fastest configuration that fits among a small, conventional set.
 *
 * <p>Searched: tensor parallelism within a node (powers of two that divide the heads, KV heads and
 * MLP width), pipeline parallelism over divisors of the layers, data parallelism over the rest,
 * micro-batches 1, 2, 4 and 8, and no, selective or full recomputation, with sequence parallelism
 * whenever tp > 1, the plain 1F1B schedule, and the job's precision, optimizer and ZeRO stage. A
 * full search (context and expert parallelism, interleaving, every ZeRO stage) is the planner's job.
 */
public final class ParallelismChooser {
  private ParallelismChooser() {}

  private static final int[] MICRO_BATCHES = {1, 2, 4, 8};
  private static final Recompute[] RECOMPUTES = {Recompute.NONE, Recompute.SELECTIVE, Recompute.FULL};

  /**
   * Returns {@code job} with the fastest fitting parallelism, micro-batch and recomputation; if
   * nothing fits, the configuration that needs the least memory (its estimate says {@code fits =
   * false}).
   *
   * @param job the job whose parallelism, micro-batch and recomputation are to be chosen
   * @return the job with the chosen configuration
   */
  public static TrainingJob choose(TrainingJob job) {
    ModelConstants m = ModelConstants.of(job.model());
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), new HardwareConstants());
    EvalConfig base = JobMapping.config(job, new EvalConfig());
    EvalConfig c = new EvalConfig();
    Evaluation e = new Evaluation();
    int gpus = job.gpus();
    int kv = job.model().attention() instanceof MultiHeadAttention mha ? mha.kvHeads() : job.model().heads();
    int ffn = job.model().feedForward().intermediateSize();
    int expertFfn = job.model().moe().expertIntermediateSize();
    double bestTime = Double.MAX_VALUE;
    double leastMemory = Double.MAX_VALUE;
    int[] best = null;
    int[] smallest = null;
    for (int tp = 1; tp <= Math.min(job.cluster().gpusPerNode(), gpus); tp *= 2) {
      if (gpus % tp != 0 || m.heads % tp != 0 || kv % tp != 0
          || (m.denseLayers > 0 && ffn % tp != 0) || (m.isMoe() && expertFfn % tp != 0)) {
        continue;
      }
      for (int pp = 1; pp <= Math.min(m.layers, gpus / tp); pp++) {
        if ((gpus / tp) % pp != 0 || m.layers % pp != 0) {
          continue;
        }
        int dp = gpus / (tp * pp);
        if (job.globalBatchSize() % dp != 0 || (dp * 1) % job.parallelism().ep() != 0) {
          continue;
        }
        for (int micro : MICRO_BATCHES) {
          if (job.globalBatchSize() % (micro * dp) != 0) {
            continue;
          }
          for (Recompute r : RECOMPUTES) {
            c.set(base);
            c.tp = tp;
            c.pp = pp;
            c.dp = dp;
            c.cp = 1;
            c.virtualStages = 1;
            c.sequenceParallel = tp > 1;
            c.micro = micro;
            c.recompute = r.ordinal();
            Evaluator.evaluate(m, hw, c, e);
            int[] choice = {tp, pp, dp, micro, r.ordinal()};
            if (e.fits && e.stepSeconds < bestTime) {
              bestTime = e.stepSeconds;
              best = choice;
            }
            if (e.totalBytes < leastMemory) {
              leastMemory = e.totalBytes;
              smallest = choice;
            }
          }
        }
      }
    }
    int[] pick = best != null ? best : smallest;
    if (pick == null) {
      return job;
    }
    Parallelism p =
        new Parallelism(pick[2], pick[0], pick[1], 1, job.parallelism().ep(), 1, pick[0] > 1);
    return job.toBuilder()
        .parallelism(p)
        .microBatchSize(pick[3])
        .recompute(RECOMPUTES[pick[4]])
        .build();
  }
}
