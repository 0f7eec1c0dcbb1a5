package dev.llmcost.costmodel.internal.planner;

import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.LayerCosts;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import java.util.Arrays;

/**
 * The search loop of one thread: evaluates the configurations of the partitions it is handed,
 * with its own reusable configuration, evaluation, top-k and best-per-GPU-count, so the loop
 * allocates nothing and shares nothing but the read-only problem and a progress counter.
 *
 * <p>Order inside a partition: ZeRO stage, micro-batch (ascending), recomputation, sequence
 * parallelism, virtual stages (plain 1F1B first). Memory is evaluated before time, and three
 * bounds skip work without changing the answer:
 *
 * <ol>
 *   <li>the model states of a ZeRO stage ({@link Evaluator#modelStateBytes}) do not depend on the
 *       options below it: when they alone exceed the memory, the whole stage is
 *       skipped;
 *   <li>the interleaved schedule only adds in-flight activations (each rank holds at least the
 *       {@code p − rank} micro-batches of 1F1B, {@link Evaluator#inFlightLayerMicroBatches}): when
 *       plain 1F1B is over the limit, its virtual-stage variants are skipped;
 *   <li>with a fixed global batch, memory never shrinks as the micro-batch grows (activations scale
 *       with {@code micro × min(pp, micro-batches)}, which grows with the micro-batch): when no
 *       setting of a micro-batch is under the limit, larger micro-batches are skipped.
 * </ol>
 *
 * <p>Each ZeRO stage's mapping (the stage, the parameter all-gather's bytes, FP8 parameters' bucket groups) comes
 * from {@link SearchProblem#zeroStages}, mapped once per stage from the request's job, not from the request's
 * placeholder stage (s24h).
 *
 * <p>The layer costs ({@link Evaluator#layerCosts}) depend only on the micro-batch and sequence
 * parallelism within a partition, so they are computed once per pair and reused across ZeRO
 * stages, recomputation modes and schedules.
 *
 * <p>Skipped configurations are counted as pruned, evaluated ones as evaluated (memory computed),
 * and those that fit as feasible (timed too); pruned + evaluated = the configurations searched.
 */
final class SearchWorker {
  /** Longs in 128 bytes (two cache lines, for the adjacent-line prefetcher). */
  private static final int PAD = 16;
  private final SearchProblem pb;
  private final ModelConstants m;
  /**
   * Allocated first, before the configuration and evaluation this thread writes for every
   * configuration, and {@link #padAfter} last, so that those and the top-k arrays share no cache
   * line with what another thread allocated next to them (each worker is allocated by its own
   * thread, in its own allocation buffer, but two buffers can meet within a line).
   */
  @SuppressWarnings("unused")
  private final long[] padBefore = new long[PAD];
  private final EvalConfig c = new EvalConfig();
  private final Evaluation e = new Evaluation();
  final TopK top;
  final double[] bestWall;
  final double[] bestMemory;
  final long[] bestKey;
  long evaluated;
  long pruned;
  long feasible;
  /** Layer costs per (micro-batch, sequence-parallel) slot of the current partition. */
  private LayerCosts[] layers = new LayerCosts[0];
  private long[] layerStamp = new long[0];
  private long stamp;

  SearchWorker(SearchProblem pb) {
    this.pb = pb;
    this.m = pb.model;
    top = new TopK(pb.request.top());
    int n = pb.gpuCounts.length;
    bestWall = new double[n];
    bestMemory = new double[n];
    bestKey = new long[n];
    Arrays.fill(bestWall, Double.POSITIVE_INFINITY);
    Arrays.fill(bestKey, -1);
    padAfter = new long[PAD];
  }

  @SuppressWarnings("unused")
  private final long[] padAfter;

  /**
   * Searches one partition.
   *
   * @param p the partition
   * @param control checked between ZeRO stages for cancellation
   * @return false if cancelled before the partition was finished
   */
  boolean run(Partition p, SearchControl control) {
    final HardwareConstants hw = pb.hardware[p.gpuIndex];
    final double limit = pb.memoryLimit;
    final int[] recomputes = pb.recomputes;
    final boolean[] sps = p.sequenceParallel;
    final int index = pb.indexOf(p);
    c.set(pb.base);
    c.tp = p.tp;
    c.pp = p.pp;
    c.cp = p.cp;
    c.dp = p.dp;
    c.ep = p.ep;
    c.etp = p.etp;
    c.schedule = p.schedule;
    c.zeroShardGroup = p.shardGroup;
    prepareLayerCache(2 * p.micros.length);
    for (int zero : p.zeros) {
      if (control.cancelled) {
        return false;
      }
      c.setZeroStage(pb.zeroStages[zero]);
      c.micro = p.micros[0];
      c.globalBatch = p.batches[0];
      c.virtualStages = 1;
      if (Evaluator.modelStateBytes(m, c) > limit) {
        pruned += p.fromMicro[0];
        continue;
      }
      for (int i = 0; i < p.micros.length; i++) {
        c.micro = p.micros[i];
        c.globalBatch = p.batches[i];
        final int[] vs = p.virtualStages[i];
        boolean anyUnderLimit = false;
        for (int r : recomputes) {
          c.recompute = r;
          for (int s = 0; s < sps.length; s++) {
            final boolean sp = sps[s];
            final int slot = 2 * i + s;
            c.sequenceParallel = sp;
            c.virtualStages = vs[0];
            Evaluator.memory(m, hw, c, e);
            evaluated++;
            if (e.fits) {
              time(p, hw, slot, Keys.of(index, 0, i, zero, r, sp));
            }
            // plain 1F1B needs the least memory of all schedules: over the limit, so are the others
            if (vs[0] == 1 && e.totalBytes > limit) {
              pruned += vs.length - 1;
              continue;
            }
            anyUnderLimit |= e.totalBytes <= limit;
            for (int vi = 1; vi < vs.length; vi++) {
              c.virtualStages = vs[vi];
              Evaluator.memory(m, hw, c, e);
              evaluated++;
              anyUnderLimit |= e.totalBytes <= limit;
              if (e.fits) {
                time(p, hw, slot, Keys.of(index, vi, i, zero, r, sp));
              }
            }
          }
        }
        if (!anyUnderLimit && pb.microPruning) {
          pruned += p.fromMicro[i + 1];
          break;
        }
      }
    }
    return true;
  }

  private void prepareLayerCache(int slots) {
    stamp++;
    if (layers.length < slots) {
      int n = Math.max(slots, 2 * layers.length);
      LayerCosts[] grown = Arrays.copyOf(layers, n);
      for (int i = layers.length; i < n; i++) {
        grown[i] = new LayerCosts();
      }
      layers = grown;
      layerStamp = Arrays.copyOf(layerStamp, n);
    }
  }

  /** Times the current configuration, its layer costs computed once per partition and slot. */
  private void time(Partition p, HardwareConstants hw, int slot, long key) {
    e.modelFlopsPerToken = pb.modelFlops[c.recompute];
    e.hardwareFlopsPerToken = pb.hardwareFlops[c.recompute];
    LayerCosts l = layers[slot];
    if (layerStamp[slot] != stamp) {
      Evaluator.layerCosts(m, hw, c, l);
      layerStamp[slot] = stamp;
    }
    Evaluator.time(m, hw, c, l, e);
    feasible++;
    double wall = pb.tokens / (e.tokensPerSecondPerGpu * p.gpus);
    double score =
        switch (pb.objective) {
          case 0 -> wall;
          case 1 -> p.gpus * wall;
          default -> -e.mfu;
        };
    double memory = e.totalBytes;
    top.offer(score, memory, key);
    int g = p.gpuIndex;
    if (TopK.before(wall, memory, key, bestWall[g], bestMemory[g], bestKey[g] < 0 ? Long.MAX_VALUE : bestKey[g])) {
      bestWall[g] = wall;
      bestMemory[g] = memory;
      bestKey[g] = key;
    }
  }

  /**
   * Returns the key of the configuration of {@code p} that needs the least memory (ties to the
   * lower key), evaluating memory only, or -1 if {@code p} is empty; {@code least[0]} holds the
   * bytes to beat and is updated.
   */
  long leastMemory(Partition p, double[] least, long bestSoFar) {
    long best = bestSoFar;
    final HardwareConstants hw = pb.hardware[p.gpuIndex];
    final int index = pb.indexOf(p);
    c.set(pb.base);
    c.tp = p.tp;
    c.pp = p.pp;
    c.cp = p.cp;
    c.dp = p.dp;
    c.ep = p.ep;
    c.etp = p.etp;
    c.schedule = p.schedule;
    c.zeroShardGroup = p.shardGroup;
    for (int zero : p.zeros) {
      c.setZeroStage(pb.zeroStages[zero]);
      for (int i = 0; i < p.micros.length; i++) {
        c.micro = p.micros[i];
        c.globalBatch = p.batches[i];
        for (int r : pb.recomputes) {
          c.recompute = r;
          for (boolean sp : p.sequenceParallel) {
            c.sequenceParallel = sp;
            for (int vi = 0; vi < p.virtualStages[i].length; vi++) {
              c.virtualStages = p.virtualStages[i][vi];
              Evaluator.memory(m, hw, c, e);
              if (e.totalBytes < least[0]) {
                least[0] = e.totalBytes;
                best = Keys.of(index, vi, i, zero, r, sp);
              }
            }
          }
        }
      }
    }
    return best;
  }
}
