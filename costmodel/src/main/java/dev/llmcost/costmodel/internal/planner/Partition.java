package dev.llmcost.costmodel.internal.planner;

/**
 * One split of a GPU count into tensor, pipeline, context, expert and data parallelism, with its
 * expert-tensor-parallel degree, HSDP shard group and pipeline schedule family, and the
 * options searched inside it (ZeRO stages, micro-batches with their global batch, virtual stages
 * per micro-batch, sequence-parallel settings) and how many configurations it holds. Immutable.
 */
final class Partition {
  /**
   * The (GPU count, tp, pp) split it belongs to and its position among that split's partitions:
   * its position in the canonical order (GPUs, tp, pp, cp, ep, etp, shard group, schedule), used
   * for tie-breaking, is the split's start plus this ({@link SearchProblem#indexOf}), so that
   * nothing is written to a partition after the thread that built it has published it.
   */
  final int split;
  /** Position among its split's partitions. */
  final int local;
  /** Index of the GPU count in the problem's list. */
  final int gpuIndex;
  final int gpus;
  final int tp;
  final int pp;
  final int cp;
  final int ep;
  final int dp;
  /** Expert-tensor-parallel degree (tp for dense models and by default). */
  final int etp;
  /** HSDP shard group in data-parallel ranks; 0 for all of dp × cp. */
  final int shardGroup;
  /**
   * Schedule: {@code EvalConfig.SCHEDULE_1F1B} (plain and interleaved, by the virtual stages), or
   * zero-bubble or DualPipe (one chunk per rank).
   */
  final int schedule;
  /** ZeRO stages, ascending. */
  final int[] zeros;
  /** Micro-batch sizes, ascending. */
  final int[] micros;
  /** Global batch of each micro-batch size. */
  final int[] batches;
  /** Virtual stages of each micro-batch size, ascending (1, plain 1F1B, first when searched). */
  final int[][] virtualStages;
  /** Sequence-parallel settings (false only when tp = 1). */
  final boolean[] sequenceParallel;
  /**
   * Configurations of one ZeRO stage from micro-batch index i on ({@code [micros.length]} is 0):
   * the virtual stages of each micro-batch × the recomputation modes × the sequence-parallel
   * settings (shared by partitions of the same options).
   */
  final long[] fromMicro;
  /** Configurations in the partition: all ZeRO stages. */
  final long total;

  Partition(int split, int local, int gpuIndex, int gpus, int tp, int pp, int cp, int ep, int dp, int etp, int shardGroup,
      int schedule, int[] zeros, int[] micros, int[] batches, int[][] virtualStages, boolean[] sequenceParallel,
      long[] fromMicro) {
    this.split = split;
    this.local = local;
    this.gpuIndex = gpuIndex;
    this.gpus = gpus;
    this.tp = tp;
    this.pp = pp;
    this.cp = cp;
    this.ep = ep;
    this.dp = dp;
    this.etp = etp;
    this.shardGroup = shardGroup;
    this.schedule = schedule;
    this.zeros = zeros;
    this.micros = micros;
    this.batches = batches;
    this.virtualStages = virtualStages;
    this.sequenceParallel = sequenceParallel;
    this.fromMicro = fromMicro;
    total = fromMicro[0] * zeros.length;
  }
}
