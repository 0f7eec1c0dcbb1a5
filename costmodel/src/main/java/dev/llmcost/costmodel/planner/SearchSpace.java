package dev.llmcost.costmodel.planner;

import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.training.PipelineSchedule;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.ZeroStage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which values of each dimension the planner may try. An empty list of degrees means every value
 * the rules allow; a non-empty list restricts the search to those values (still subject to the
 * rules, so a listed degree that cannot divide the model is skipped, not an error).
 *
 * <p>The rules, applied to every combination: GPUs = dp × tp × pp × cp; tp divides the heads, the
 * KV heads and the MLP widths and the GPUs of a node (tensor parallelism stays within the scale-up
 * domain); pp ≤ layers (stages as even as whole layers allow, the first and last holding one fewer
 * when pp does not divide the layers, the slowest timed); cp divides the
 * sequence; ep divides the routed experts and dp × cp (1 for dense models); the micro-batch divides
 * the per-replica batch; the interleaved schedule needs pp > 1, v dividing the layers of the largest stage and at most
 * those of the smallest, and a number
 * of micro-batches that pp divides; sequence parallelism needs tp > 1. Redundant combinations are
 * not enumerated: a ZeRO stage above 0 with a single data-parallel rank, and selective
 * recomputation with a fused attention kernel (which never stores the scores, so selective
 * recomputes nothing: the same step as none), each only when the equivalent (stage 0, no
 * recomputation) is in the space.
 *
 * <p>Sharding (FSDP/HSDP, combined with tp, pp and cp as torchtitan's 2D/3D/4D meshes do): a ZeRO
 * stage above 0 shards over all dp × cp data ranks, or, with a shard group, within groups of that
 * many data ranks while the groups replicate (hybrid sharding, PyTorch {@code
 * ShardingStrategy.HYBRID_SHARD} / FSDP2 {@code fully_shard} on a 2D device mesh). The schedules
 * constrain only configurations with pp > 1 (without a pipeline there is no schedule); the
 * interleaved one needs {@code interleaved} too, zero-bubble (ZB-H1) and DualPipe run one model
 * chunk per rank, DualPipe an even pp and an even number of micro-batches. Expert tensor
 * parallelism folds the experts over tp × cp × dp ranks (Megatron-Core MoE parallel folding):
 * ep × etp divides tp × cp × dp and etp divides the expert MLP width (dense models ignore it). A job with the
 * expert-parallel overlap ({@link dev.llmcost.costmodel.training.TrainingJob#expertParallelOverlap()}) keeps what
 * Megatron-Core's combined 1F1B accepts: ep > 1, no full recomputation, and with a pipeline the interleaved schedule
 * (v > 1; or DualPipe, which overlaps by itself).
 */
public final class SearchSpace {
  private final List<Integer> gpuCounts;
  private final List<Integer> tensorParallel;
  private final List<Integer> pipelineParallel;
  private final List<Integer> contextParallel;
  private final List<Integer> expertParallel;
  private final List<Integer> microBatches;
  private final boolean interleaved;
  private final List<Boolean> sequenceParallel;
  private final List<ZeroStage> zeroStages;
  private final List<Recompute> recomputes;
  private final List<Integer> dataParallel;
  private final List<Integer> virtualStages;
  private final List<Integer> shardGroups;
  private final List<Integer> expertTensorParallel;
  private final List<PipelineSchedule> schedules;

  /**
   * Validates the space, sorting each list and removing repeats.
   *
   * @throws IllegalArgumentException if a degree or count is below 1, a shard group below 0, or if
   *     the sequence-parallel settings, ZeRO stages, recomputation modes or schedules are empty
   */
  private SearchSpace(
      List<Integer> gpuCounts,
      List<Integer> tensorParallel,
      List<Integer> pipelineParallel,
      List<Integer> contextParallel,
      List<Integer> expertParallel,
      List<Integer> microBatches,
      boolean interleaved,
      List<Boolean> sequenceParallel,
      List<ZeroStage> zeroStages,
      List<Recompute> recomputes,
      List<Integer> dataParallel,
      List<Integer> virtualStages,
      List<Integer> shardGroups,
      List<Integer> expertTensorParallel,
      List<PipelineSchedule> schedules) {
    gpuCounts = degrees("gpuCounts", gpuCounts);
    tensorParallel = degrees("tensorParallel", tensorParallel);
    pipelineParallel = degrees("pipelineParallel", pipelineParallel);
    contextParallel = degrees("contextParallel", contextParallel);
    expertParallel = degrees("expertParallel", expertParallel);
    microBatches = degrees("microBatches", microBatches);
    sequenceParallel = List.copyOf(nonEmpty("sequenceParallel", new TreeSet<>(sequenceParallel)));
    zeroStages = List.copyOf(nonEmpty("zeroStages", new TreeSet<>(zeroStages)));
    recomputes = List.copyOf(nonEmpty("recomputes", new TreeSet<>(recomputes)));
    dataParallel = degrees("dataParallel", dataParallel);
    virtualStages = degrees("virtualStages", virtualStages);
    TreeSet<Integer> groups = new TreeSet<>();
    for (Integer g : shardGroups) {
      groups.add(Require.nonNegative("shardGroups", g));
    }
    shardGroups = List.copyOf(groups);
    expertTensorParallel = degrees("expertTensorParallel", expertTensorParallel);
    schedules = List.copyOf(nonEmpty("schedules", new TreeSet<>(schedules)));
    this.gpuCounts = gpuCounts;
    this.tensorParallel = tensorParallel;
    this.pipelineParallel = pipelineParallel;
    this.contextParallel = contextParallel;
    this.expertParallel = expertParallel;
    this.microBatches = microBatches;
    this.interleaved = interleaved;
    this.sequenceParallel = sequenceParallel;
    this.zeroStages = zeroStages;
    this.recomputes = recomputes;
    this.dataParallel = dataParallel;
    this.virtualStages = virtualStages;
    this.shardGroups = shardGroups;
    this.expertTensorParallel = expertTensorParallel;
    this.schedules = schedules;
  }

  /** The schedules searched unless asked otherwise: 1F1B and interleaved 1F1B. */
  public static final List<PipelineSchedule> DEFAULT_SCHEDULES =
      List.of(PipelineSchedule.ONE_F_ONE_B, PipelineSchedule.INTERLEAVED);

  /** Every configuration the rules allow, on the cluster's GPUs. */
  public static final SearchSpace ALL =
      new SearchSpace(
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), true,
          List.of(false, true), List.of(ZeroStage.values()),
          List.of(Recompute.NONE, Recompute.SELECTIVE, Recompute.FULL), List.of(), List.of(),
          List.of(), List.of(), DEFAULT_SCHEDULES);

  private static List<Integer> degrees(String name, Collection<Integer> values) {
    TreeSet<Integer> sorted = new TreeSet<>();
    for (Integer v : values) {
      sorted.add(Require.positive(name, v));
    }
    return List.copyOf(sorted);
  }

  private static <T> TreeSet<T> nonEmpty(String name, TreeSet<T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " must name at least one value, was empty");
    }
    return values;
  }

  /**
   * Returns the GPU counts of whole nodes from {@code min} to {@code max} GPUs: every multiple of
   * {@code gpusPerNode} in that range, and below one node every divisor of the node size.
   *
   * @param gpusPerNode GPUs in one node
   * @param min the fewest GPUs, at least 1
   * @param max the most GPUs, at least {@code min}
   * @return the counts, ascending
   * @throws IllegalArgumentException if a bound is below 1 or {@code min > max}
   */
  public static List<Integer> wholeNodes(int gpusPerNode, int min, int max) {
    Require.positive("gpusPerNode", gpusPerNode);
    Require.positive("min", min);
    Require.positive("max", max);
    if (min > max) {
      throw new IllegalArgumentException("min must be <= max (" + max + "), was " + min);
    }
    List<Integer> counts = new ArrayList<>();
    for (int d = 1; d < gpusPerNode && d <= max; d++) {
      if (gpusPerNode % d == 0 && d >= min) {
        counts.add(d);
      }
    }
    for (long g = gpusPerNode; g <= max; g += gpusPerNode) {
      if (g >= min) {
        counts.add((int) g);
      }
    }
    return counts;
  }

  /** Returns a copy that tries these GPU counts (empty: the cluster's GPUs). */
  public SearchSpace withGpuCounts(List<Integer> value) {
    return new SearchSpace(value, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these tensor-parallel degrees (empty: all). */
  public SearchSpace withTensorParallel(List<Integer> value) {
    return new SearchSpace(gpuCounts, value, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these pipeline-parallel degrees (empty: all). */
  public SearchSpace withPipelineParallel(List<Integer> value) {
    return new SearchSpace(gpuCounts, tensorParallel, value, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these context-parallel degrees (empty: all; {@code List.of(1)}: none). */
  public SearchSpace withContextParallel(List<Integer> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, value, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these expert-parallel degrees (empty: all). */
  public SearchSpace withExpertParallel(List<Integer> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, value, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these micro-batch sizes (empty: every divisor of the per-replica batch). */
  public SearchSpace withMicroBatches(List<Integer> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, value,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that does or does not try the interleaved schedule. */
  public SearchSpace withInterleaved(boolean value) {
    return value == interleaved ? this : new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel,
        expertParallel, microBatches, value, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these sequence-parallel settings when tp > 1. */
  public SearchSpace withSequenceParallel(List<Boolean> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, value, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these ZeRO stages. */
  public SearchSpace withZeroStages(List<ZeroStage> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, value, recomputes, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these data-parallel degrees (empty: what the GPUs leave). */
  public SearchSpace withDataParallel(List<Integer> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, value, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these virtual-stage counts (empty: 1 and, when interleaved, all). */
  public SearchSpace withVirtualStages(List<Integer> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, value, shardGroups, expertTensorParallel, schedules);
  }

  /** Returns a copy that tries these recomputation modes. */
  public SearchSpace withRecomputes(List<Recompute> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, value, dataParallel, virtualStages, shardGroups, expertTensorParallel, schedules);
  }

  /**
   * Returns a copy that tries these HSDP shard-group sizes in data-parallel ranks (0: all of dp ×
   * cp; empty: 0 and the data ranks of one scale-up domain).
   */
  public SearchSpace withShardGroups(List<Integer> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, value, expertTensorParallel,
        schedules);
  }

  /** Returns a copy that tries these expert-tensor-parallel degrees for MoE models (empty: etp = tp). */
  public SearchSpace withExpertTensorParallel(List<Integer> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups, value,
        schedules);
  }

  /** Returns a copy that tries these pipeline schedules when pp > 1. */
  public SearchSpace withSchedules(List<PipelineSchedule> value) {
    return new SearchSpace(gpuCounts, tensorParallel, pipelineParallel, contextParallel, expertParallel, microBatches,
        interleaved, sequenceParallel, zeroStages, recomputes, dataParallel, virtualStages, shardGroups,
        expertTensorParallel, value);
  }

  /** Returns the GPU counts to try (each a whole number of nodes or a divisor of the node size); empty for exactly the cluster's GPUs. */
  public List<Integer> gpuCounts() {
    return gpuCounts;
  }

  /** Returns tensor-parallel degrees; empty for every divisor of the node size. */
  public List<Integer> tensorParallel() {
    return tensorParallel;
  }

  /** Returns pipeline-parallel degrees; empty for 1 up to the layers. */
  public List<Integer> pipelineParallel() {
    return pipelineParallel;
  }

  /** Returns context-parallel degrees; empty for every divisor of the sequence length. */
  public List<Integer> contextParallel() {
    return contextParallel;
  }

  /** Returns expert-parallel degrees; empty for every divisor of the routed experts. */
  public List<Integer> expertParallel() {
    return expertParallel;
  }

  /** Returns micro-batch sizes in sequences; empty for every divisor of the per-replica batch (global batch / dp). */
  public List<Integer> microBatches() {
    return microBatches;
  }

  /** Returns whether to try the interleaved 1F1B schedule (virtual stages) besides plain 1F1B. */
  public boolean interleaved() {
    return interleaved;
  }

  /** Returns the settings of Megatron sequence parallelism to try when tp > 1 (off, on, or both). */
  public List<Boolean> sequenceParallel() {
    return sequenceParallel;
  }

  /** Returns the ZeRO stages to try. */
  public List<ZeroStage> zeroStages() {
    return zeroStages;
  }

  /** Returns the activation recomputation modes to try. */
  public List<Recompute> recomputes() {
    return recomputes;
  }

  /** Returns data-parallel degrees; empty for whatever the GPUs leave. */
  public List<Integer> dataParallel() {
    return dataParallel;
  }

  /** Returns virtual pipeline stages (1 is plain 1F1B); empty for 1 and, when {@code interleaved}, every value the rules allow; a non-empty list is tried as given (subject to the rules). */
  public List<Integer> virtualStages() {
    return virtualStages;
  }

  /** Returns HSDP shard-group sizes in data-parallel ranks, each dividing dp × cp, 0 for all of dp × cp (plain FSDP/ZeRO); empty for 0 and the data ranks of one scale-up domain (scale-up domain / tp, when that is above 1 and below dp × cp: PyTorch FSDP's {@code HYBRID_SHARD}, "shard within a node, replicate across nodes"). */
  public List<Integer> shardGroups() {
    return shardGroups;
  }

  /** Returns expert-tensor-parallel degrees for MoE models; empty for etp = tp (Megatron's default). */
  public List<Integer> expertTensorParallel() {
    return expertTensorParallel;
  }

  /** Returns the pipeline schedules to try when pp > 1. */
  public List<PipelineSchedule> schedules() {
    return schedules;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof SearchSpace o
          && Objects.equals(gpuCounts, o.gpuCounts)
          && Objects.equals(tensorParallel, o.tensorParallel)
          && Objects.equals(pipelineParallel, o.pipelineParallel)
          && Objects.equals(contextParallel, o.contextParallel)
          && Objects.equals(expertParallel, o.expertParallel)
          && Objects.equals(microBatches, o.microBatches)
          && interleaved == o.interleaved
          && Objects.equals(sequenceParallel, o.sequenceParallel)
          && Objects.equals(zeroStages, o.zeroStages)
          && Objects.equals(recomputes, o.recomputes)
          && Objects.equals(dataParallel, o.dataParallel)
          && Objects.equals(virtualStages, o.virtualStages)
          && Objects.equals(shardGroups, o.shardGroups)
          && Objects.equals(expertTensorParallel, o.expertTensorParallel)
          && Objects.equals(schedules, o.schedules);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(gpuCounts);
    h = 31 * h + Objects.hashCode(tensorParallel);
    h = 31 * h + Objects.hashCode(pipelineParallel);
    h = 31 * h + Objects.hashCode(contextParallel);
    h = 31 * h + Objects.hashCode(expertParallel);
    h = 31 * h + Objects.hashCode(microBatches);
    h = 31 * h + Boolean.hashCode(interleaved);
    h = 31 * h + Objects.hashCode(sequenceParallel);
    h = 31 * h + Objects.hashCode(zeroStages);
    h = 31 * h + Objects.hashCode(recomputes);
    h = 31 * h + Objects.hashCode(dataParallel);
    h = 31 * h + Objects.hashCode(virtualStages);
    h = 31 * h + Objects.hashCode(shardGroups);
    h = 31 * h + Objects.hashCode(expertTensorParallel);
    h = 31 * h + Objects.hashCode(schedules);
    return h;
  }

  @Override
  public String toString() {
    return "SearchSpace[gpuCounts=" + gpuCounts + ", tensorParallel=" + tensorParallel
        + ", pipelineParallel=" + pipelineParallel + ", contextParallel=" + contextParallel
        + ", expertParallel=" + expertParallel + ", microBatches=" + microBatches
        + ", interleaved=" + interleaved + ", sequenceParallel=" + sequenceParallel
        + ", zeroStages=" + zeroStages + ", recomputes=" + recomputes + ", dataParallel=" + dataParallel
        + ", virtualStages=" + virtualStages + ", shardGroups=" + shardGroups
        + ", expertTensorParallel=" + expertTensorParallel + ", schedules=" + schedules + "]";
  }
}
