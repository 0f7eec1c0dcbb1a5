package dev.llmcost.costmodel.training;

import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import org.jspecify.annotations.Nullable;

/**
 * Picks a sensible parallelism for a job whose tensor, pipeline and data-parallel degrees were not
 * given: the configuration with the highest throughput that fits, among a small conventional set.
 *
 * <p>Searched: tensor parallelism within a node (powers of two that divide the heads, KV heads and
 * MLP width), pipeline parallelism over divisors of the layers and powers of two (uneven stages, the
 * first ones one layer longer), data parallelism over the rest,
 * micro-batches 1, 2, 4 and 8, and no, selective or full recomputation, with sequence parallelism
 * whenever tp > 1 and the plain 1F1B schedule; precision, optimizer, ZeRO stage and everything else
 * come from the template. Without a global batch, each candidate gets the builder's default (the
 * smallest multiple of micro-batch × dp of at least 512 sequences), so candidates are ranked by
 * tokens per second per GPU. The full search (context and expert parallelism, interleaving, every
 * ZeRO stage) is the planner's job.
 */
public final class ParallelismChooser {
  private ParallelismChooser() {}

  private static final int[] MICRO_BATCHES = {1, 2, 4, 8};
  private static final Recompute[] RECOMPUTES = {Recompute.NONE, Recompute.SELECTIVE, Recompute.FULL};

  /**
   * Returns the job with the chosen parallelism, micro-batch and recomputation (see {@link
   * #choose(TrainingJob.Builder)}).
   *
   * @param job a job whose configuration is to be replaced
   * @return the chosen job
   * @throws IllegalArgumentException if no candidate is valid, naming the reason
   */
  public static TrainingJob choose(TrainingJob job) {
    return choose(job.toBuilder());
  }

  /**
   * Chooses tensor, pipeline and data parallelism, micro-batch and recomputation for the job the
   * template describes: the fastest (tokens per second per GPU) that fits; if nothing fits, the one
   * that needs the least memory, whose estimate then says {@code fits = false}.
   *
   * @param template the job without (or with a provisional) parallelism
   * @return the chosen job
   * @throws IllegalArgumentException if no candidate is valid (for example a global batch that no
   *     data-parallel degree divides), naming the reason
   */
  public static TrainingJob choose(TrainingJob.Builder template) {
    return choose(template, true, true);
  }

  /**
   * Chooses as {@link #choose(TrainingJob.Builder)}, keeping the template's micro-batch or
   * recomputation when they are not to be chosen.
   *
   * @param template the job without (or with a provisional) parallelism
   * @param chooseMicroBatch whether to search micro-batches 1, 2, 4 and 8
   * @param chooseRecompute whether to search the recomputation modes
   * @return the chosen job
   * @throws IllegalArgumentException if no candidate is valid, naming the reason
   */
  public static TrainingJob choose(TrainingJob.Builder template, boolean chooseMicroBatch, boolean chooseRecompute) {
    int[] microBatches = chooseMicroBatch ? MICRO_BATCHES : new int[] {template.microBatchSize()};
    Recompute[] recomputes = chooseRecompute ? RECOMPUTES : new Recompute[] {template.recompute()};
    ModelArchitecture arch = template.model();
    ModelConstants m = ModelConstants.of(arch);
    Cluster cluster = template.cluster();
    int gpus = cluster.gpus();
    int kv = arch.attention() instanceof MultiHeadAttention mha ? mha.kvHeads() : arch.heads();
    int ffn = arch.feedForward().intermediateSize();
    int expertFfn = arch.moe().expertIntermediateSize();
    int fixedBatch = template.globalBatchSize();
    @Nullable Parallelism given = template.parallelismOrNull();
    int ep = given == null ? 1 : given.ep();

    EvalConfig base = null;
    HardwareConstants hw = null;
    EvalConfig c = new EvalConfig();
    Evaluation e = new Evaluation();
    double bestRate = -1;
    double leastMemory = Double.MAX_VALUE;
    int[] best = null;
    int[] smallest = null;
    for (int tp = 1; tp <= Math.min(cluster.gpusPerNode(), gpus); tp *= 2) {
      if (gpus % tp != 0 || m.heads % tp != 0 || kv % tp != 0
          || (m.denseLayers > 0 && ffn % tp != 0) || (m.isMoe() && expertFfn % tp != 0)) {
        continue;
      }
      for (int pp = 1; pp <= Math.min(m.layers, gpus / tp); pp++) {
        if ((gpus / tp) % pp != 0 || (m.layers % pp != 0 && Integer.bitCount(pp) != 1)) {
          continue;
        }
        int dp = gpus / (tp * pp);
        if (dp % ep != 0) {
          continue;
        }
        for (int micro : microBatches) {
          int unit = micro * dp;
          int batch =
              fixedBatch > 0 ? fixedBatch : unit * Math.max(1, (TrainingJob.DEFAULT_GLOBAL_BATCH + unit - 1) / unit);
          if (batch % unit != 0) {
            continue;
          }
          if (base == null) {
            TrainingJob first =
                template.parallelism(new Parallelism(dp, tp, pp, 1, ep, 1, tp > 1)).microBatchSize(micro)
                    .globalBatchSize(batch).build();
            base = JobMapping.config(first, new EvalConfig());
            hw = JobMapping.hardware(cluster, first.precision(), new HardwareConstants());
          }
          for (Recompute r : recomputes) {
            c.set(base);
            c.tp = tp;
            c.pp = pp;
            c.dp = dp;
            c.cp = 1;
            c.ep = ep;
            c.virtualStages = 1;
            c.sequenceParallel = tp > 1;
            c.micro = micro;
            c.globalBatch = batch;
            c.recompute = r.ordinal();
            Evaluator.evaluate(m, hw, c, e);
            int[] choice = {tp, pp, dp, micro, r.ordinal(), batch};
            if (e.fits && e.tokensPerSecondPerGpu > bestRate) {
              bestRate = e.tokensPerSecondPerGpu;
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
      throw new IllegalArgumentException(
          "no tensor/pipeline/data split of " + gpus + " GPUs fits the heads (" + m.heads + "), layers ("
              + m.layers + ") and global batch (" + (fixedBatch > 0 ? fixedBatch : "default") + ") of " + arch.id());
    }
    return template
        .parallelism(new Parallelism(pick[2], pick[0], pick[1], 1, ep, 1, pick[0] > 1))
        .microBatchSize(pick[3])
        .recompute(Recompute.values()[pick[4]])
        .globalBatchSize(pick[5])
        .build();
  }
}
