package dev.llmcost.costmodel.internal.planner;

import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import dev.llmcost.costmodel.planner.BatchPolicy;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.training.TrainingAttentionKernel;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.CudaGraphScope;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PipelineSchedule;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A planning request turned into what the search loop reads: the model and hardware constants,
 * the base configuration, the FLOPs of each recomputation mode, and the valid configurations as
 * partitions in canonical order. Immutable; shared by the worker threads.
 */
public final class SearchProblem {
  final PlanRequest request;
  final ModelConstants model;
  final int[] gpuCounts;
  final Cluster[] clusters;
  final HardwareConstants[] hardware;
  final Partition[] partitions;
  /** The index of each (GPU count, tp, pp) split's first partition in {@link #partitions}. */
  final int[] splitStart;
  /** Recomputation modes searched, as {@link EvalConfig} constants, ascending. */
  final int[] recomputes;
  final EvalConfig base;
  /**
   * The fields that follow the ZeRO stage, mapped from the recipe once per stage ({@link JobMapping#zeroStage}) and
   * copied into each candidate with {@link EvalConfig#setZeroStage} (s24h: the recipe's own stage is a placeholder).
   */
  final EvalConfig[] zeroStages = new EvalConfig[ZeroStage.values().length];
  final double[] modelFlops = new double[Recompute.values().length];
  final double[] hardwareFlops = new double[Recompute.values().length];
  final double tokens;
  final int objective;
  /** Device memory with a relative margin of 1e-9 for rounding (bytes). */
  final double memoryLimit;
  /** Whether memory grows with the micro-batch at fixed everything else (then larger ones are pruned). */
  final boolean microPruning;
  final long total;
  /**
   * Partition indexes in the order threads take them: the largest first (longest-processing-time
   * scheduling), so that the last partitions handed out are the smallest and no thread is left
   * alone with a large one at the end. The answer does not depend on the order.
   */
  final int[] dispatchOrder;

  private SearchProblem(PlanRequest r, @Nullable Crew crew) {
    request = r;
    TrainingJob recipe = r.recipe();
    model = ModelConstants.of(recipe.model());
    List<Integer> counts = r.gpuCounts();
    gpuCounts = new int[counts.size()];
    for (int i = 0; i < gpuCounts.length; i++) {
      gpuCounts[i] = counts.get(i);
    }
    clusters = new Cluster[gpuCounts.length];
    hardware = new HardwareConstants[gpuCounts.length];
    for (int i = 0; i < gpuCounts.length; i++) {
      clusters[i] = r.clusterOf(gpuCounts[i]);
    }
    // the first GPU count's hardware constants now (the memory limit), the others' in the parallel
    // part of the set-up, beside the partitions
    hardware[0] = JobMapping.hardware(clusters[0], recipe.precision(), recipe.framework(), new HardwareConstants());
    base = JobMapping.config(recipe, new EvalConfig());
    // s21f: the request's pipeline layout (the placeholder recipe has pp 1 and carries none); only its pp is searched
    base.layoutChunks = request.pipelineLayout().map(dev.llmcost.costmodel.training.PipelineLayout::rankChunks)
        .orElse(null);
    for (ZeroStage stage : ZeroStage.values()) {
      zeroStages[stage.stage()] = JobMapping.zeroStage(recipe, stage.stage(), new EvalConfig().set(base));
    }
    SearchSpace space = r.space();
    boolean flash = recipe.attention() != TrainingAttentionKernel.UNFUSED;
    List<Recompute> modes = space.recomputes();
    recomputes =
        modes.stream()
            .filter(m -> !(flash && m == Recompute.SELECTIVE && modes.contains(Recompute.NONE)))
            // activation offloading replaces recomputation (Megatron-Core rejects the two together)
            .filter(m -> recipe.activationOffloadLayers() == 0 || m == Recompute.NONE)
            // CUDA graphs: whole-layer ones beside no recomputation, partial ones beside none or selective
            // (Megatron-Core rejects the others, TrainingJob.cudaGraphs)
            .filter(m -> recipe.cudaGraphs() == CudaGraphScope.NONE || m == Recompute.NONE
                || (recipe.cudaGraphs() == CudaGraphScope.PARTIAL && m == Recompute.SELECTIVE))
            // the expert-parallel overlap (combined 1F1B) beside no full recomputation (Megatron-Core rejects the two
            // together, TrainingJob.expertParallelOverlap)
            .filter(m -> !recipe.expertParallelOverlap() || m != Recompute.FULL)
            .mapToInt(Recompute::ordinal)
            .toArray();
    Evaluation e = new Evaluation();
    EvalConfig c = new EvalConfig().set(base);
    for (int mode = 0; mode < modelFlops.length; mode++) {
      c.recompute = mode;
      Evaluator.flops(model, c, e);
      modelFlops[mode] = e.modelFlopsPerToken;
      hardwareFlops[mode] = e.hardwareFlopsPerToken;
    }
    tokens = recipe.trainingTokens().value();
    objective = r.objective().ordinal();
    memoryLimit = hardware[0].memoryCapacity * (1 + 1e-9);
    microPruning = space.microBatches().isEmpty() || r.batchPolicy() == BatchPolicy.EXACT;
    Listing listing = enumerate(r, model, clusters, hardware, gpuCounts, recomputes.length, crew);
    partitions = listing.partitions;
    splitStart = listing.splitStart;
    long sum = 0;
    for (long[] totals : listing.totals) {
      for (long t : totals) {
        sum += t;
      }
    }
    total = sum;
    dispatchOrder = largestFirst(listing.totals, partitions.length);
  }

  /**
   * The partitions of every split in canonical order, where each split's start is, and each
   * split's partition sizes in a primitive array: what the calling thread reads after the parallel
   * set-up, without touching the partitions the helpers built (each such touch moves a cache line
   * over from the helper's core).
   */
  private record Listing(Partition[] partitions, int[] splitStart, long[][] totals) {}

  /**
   * Returns the position of a partition in the canonical order (the partition's part of its
   * configurations' keys).
   *
   * @param p a partition of this problem
   * @return its index in {@link #partitions}
   */
  int indexOf(Partition p) {
    return splitStart[p.split] + p.local;
  }

  /**
   * Prepares the search of a request.
   *
   * @param r the request
   * @return the problem
   * @throws IllegalArgumentException if the model is not a decoder
   */
  public static SearchProblem of(PlanRequest r) {
    return new SearchProblem(r, null);
  }

  /**
   * Prepares the search of a request, enumerating the partitions on the crew's threads too (the
   * same partitions, in the same order, as {@link #of(PlanRequest)}).
   *
   * @param r the request
   * @param crew helper threads, or null for the calling thread alone
   * @return the problem
   * @throws IllegalArgumentException if the model is not a decoder
   */
  public static SearchProblem of(PlanRequest r, @Nullable Crew crew) {
    return new SearchProblem(r, crew);
  }

  /**
   * Returns whether a request's set-up and search are worth helper threads: a cheap count of its
   * (GPU count, tp, pp) splits, which the partitions and configurations grow with, against
   * {@link #HELPERS_FROM}. The 530B model on 5,128 GPUs (5,128 = 8 × 641) has 20 such splits and
   * searches in tens of microseconds, less than starting a thread takes.
   *
   * @param r the request
   * @return whether to start helper threads
   */
  public static boolean worthHelpers(PlanRequest r) {
    int nodeSize = r.recipe().cluster().gpusPerNode();
    long splits = 0;
    for (int g : r.gpuCounts()) {
      for (int tp = 1; tp <= nodeSize; tp++) {
        if (nodeSize % tp == 0 && g % tp == 0) {
          splits += divisorCount(g / tp);
        }
      }
      if (splits >= HELPERS_FROM) {
        return true;
      }
    }
    return false;
  }

  /** The least (GPU count, tp, pp) splits for which a plan starts helper threads. */
  static final int HELPERS_FROM = 48;

  private static int divisorCount(long n) {
    int count = 0;
    for (long d = 1; d * d <= n; d++) {
      if (n % d == 0) {
        count += d * d == n ? 1 : 2;
      }
    }
    return count;
  }

  /**
   * Forgets the set-up options kept from the last plan, so that the next set-up works them out
   * afresh (for tests comparing kept and fresh options).
   */
  static void forgetKeptOptions() {
    Options.forget();
  }

  /** Returns the valid configurations: the size of the search. */
  public long total() {
    return total;
  }

  /** Returns the partitions (GPU count, tp, pp, cp, ep splits). */
  public int partitionCount() {
    return partitions.length;
  }

  /** Returns the model's constants. */
  public ModelConstants model() {
    return model;
  }

  /**
   * Returns the job of a configuration key.
   *
   * @param key a key from the search
   * @return the validated job
   */
  public TrainingJob job(long key) {
    Partition p = partitions[Keys.partition(key)];
    int mi = Keys.microIndex(key);
    int v = p.virtualStages[mi][Keys.virtualIndex(key)];
    PipelineSchedule schedule = switch (p.schedule) {
      case EvalConfig.SCHEDULE_ZERO_BUBBLE -> PipelineSchedule.ZERO_BUBBLE;
      case EvalConfig.SCHEDULE_DUALPIPE -> PipelineSchedule.DUALPIPE;
      default -> v > 1 ? PipelineSchedule.INTERLEAVED : PipelineSchedule.ONE_F_ONE_B;
    };
    return request.recipe().toBuilder()
        .pipelineLayout(request.pipelineLayout().orElse(null))
        .cluster(clusters[p.gpuIndex])
        .parallelism(Parallelism.builder().dp(p.dp).tp(p.tp).pp(p.pp).cp(p.cp).ep(p.ep).etp(p.etp).virtualStages(v)
            .schedule(schedule).sequenceParallel(Keys.sequenceParallel(key)).build())
        .microBatchSize(p.micros[mi])
        .globalBatchSize(p.batches[mi])
        .zero(ZeroStage.of(Keys.zero(key)))
        .shardGroupSize(p.shardGroup)
        .recompute(Recompute.values()[Keys.recompute(key)])
        .build();
  }

  /**
   * Calls {@code visitor} with the key of every configuration of the search, in canonical order
   * (for tests and the reference benchmark; the search itself never materialises keys).
   *
   * @param visitor receives each key
   */
  public void forEachKey(LongConsumer visitor) {
    for (Partition p : partitions) {
      for (int z : p.zeros) {
        for (int i = 0; i < p.micros.length; i++) {
          for (int r : recomputes) {
            for (boolean sp : p.sequenceParallel) {
              for (int v = 0; v < p.virtualStages[i].length; v++) {
                visitor.accept(Keys.of(indexOf(p), v, i, z, r, sp));
              }
            }
          }
        }
      }
    }
  }

  private static int[] largestFirst(long[][] totalsPerSplit, int count) {
    // largest first by the bit length of the total (within a factor of two), canonical order
    // within a length: a counting sort, linear in the partitions (it runs on the calling thread
    // alone, between the parallel set-up and the search), over the splits' primitive arrays
    int[] start = new int[65];
    for (long[] totals : totalsPerSplit) {
      for (long t : totals) {
        start[bitLength(t)]++;
      }
    }
    int pos = 0;
    for (int b = 64; b >= 0; b--) {
      int c = start[b];
      start[b] = pos;
      pos += c;
    }
    int[] order = new int[count];
    int i = 0;
    for (long[] totals : totalsPerSplit) {
      for (long t : totals) {
        order[start[bitLength(t)]++] = i++;
      }
    }
    return order;
  }

  private static int bitLength(long n) {
    return 64 - Long.numberOfLeadingZeros(n);
  }

  /**
   * The divisors of numbers asked for so far, kept for the process: a pure function of the number,
   * and the set-up asks for the same GPU counts and quotients in every plan. Bounded: past
   * {@link #DIVISOR_CACHE_SIZE} numbers, new ones are computed and not kept.
   */
  private static final ConcurrentHashMap<Integer, int[]> DIVISOR_CACHE = new ConcurrentHashMap<>();

  private static final int DIVISOR_CACHE_SIZE = 1 << 14;

  /** The divisors of {@code n} (at least 1), ascending; the array is shared: read only. */
  static int[] divisorsCached(int n) {
    int[] d = DIVISOR_CACHE.get(n);
    if (d == null) {
      d = divisorArray(n);
      if (DIVISOR_CACHE.size() < DIVISOR_CACHE_SIZE) {
        DIVISOR_CACHE.putIfAbsent(n, d);
      }
    }
    return d;
  }

  /** The divisors of {@code n}, ascending ({@link #divisorsCached} keeps them). */
  static int[] divisorArray(long n) {
    int count = 0;
    int[] small = new int[64];
    int[] large = new int[64];
    int nl = 0;
    for (long d = 1; d * d <= n; d++) {
      if (n % d == 0) {
        if (count == small.length) {
          small = java.util.Arrays.copyOf(small, 2 * count);
          large = java.util.Arrays.copyOf(large, 2 * count);
        }
        small[count++] = (int) d;
        if (d * d != n) {
          large[nl++] = (int) (n / d);
        }
      }
    }
    int[] out = java.util.Arrays.copyOf(small, count + nl);
    for (int i = 0; i < nl; i++) {
      out[count + i] = large[nl - 1 - i];
    }
    return out;
  }

  static List<Integer> divisors(long n) {
    List<Integer> small = new ArrayList<>();
    List<Integer> large = new ArrayList<>();
    for (long d = 1; d * d <= n; d++) {
      if (n % d == 0) {
        small.add((int) d);
        if (d * d != n) {
          large.add(0, (int) (n / d));
        }
      }
    }
    small.addAll(large);
    return small;
  }

  private static boolean allowed(List<Integer> listed, int value) {
    return listed.isEmpty() || listed.contains(value);
  }

  /** Enumerations of at least this many (GPU count, tp, pp) splits are shared with the crew. */
  private static final int PARALLEL_SPLITS_FROM = 48;

  /**
   * Enumerates the partitions in canonical order. The (GPU count, tp, pp) splits are listed first
   * (cheap), then each split's partitions are built, on the crew's threads too when there are
   * enough splits (each thread with its own {@link Options} caches), and finally concatenated in
   * split order and numbered: the same partitions in the same order on any number of threads.
   */
  private static Listing enumerate(PlanRequest r, ModelConstants m, Cluster[] clusters, HardwareConstants[] hardware,
      int[] gpuCounts, int recomputeCount, @Nullable Crew crew) {
    SearchSpace s = r.space();
    int layers = m.layers;
    List<Integer> etpList = s.expertTensorParallel();
    Options shared = Options.forRequest(r, layers, recomputeCount);
    // {gpu index, tp, pp} of each split, in canonical order
    int[] splits = new int[3 * 64];
    int n = 0;
    for (int gi = 0; gi < gpuCounts.length; gi++) {
      int g = gpuCounts[gi];
      int nodeSize = clusters[gi].gpusPerNode();
      for (int tp : shared.divisorsOf(nodeSize)) {
        if (!allowed(s.tensorParallel(), tp) || g % tp != 0 || m.heads % tp != 0 || (m.kvHeads % tp != 0 && tp % m.kvHeads != 0)
            || (m.denseLayers > 0 && m.ffn % tp != 0) || (m.isMoe() && etpList.isEmpty() && m.expertFfn % tp != 0)) {
          continue;
        }
        for (int pp : shared.divisorsOf(g / tp)) {
          if (pp > layers) {
            break;
          }
          if (!allowed(s.pipelineParallel(), pp) || (pp > 1 && r.recipe().activationOffloadLayers() > 0)) {
            continue; // Megatron-Core offloads activations without pipeline parallelism only
          }
          if (!shared.lastStagePlaceable(pp)) {
            continue; // a given last stage leaves the other stages an uneven share (s20o; TrainingJob refuses it)
          }
          if (3 * n + 3 > splits.length) {
            splits = java.util.Arrays.copyOf(splits, 2 * splits.length);
          }
          splits[3 * n] = gi;
          splits[3 * n + 1] = tp;
          splits[3 * n + 2] = pp;
          n++;
        }
      }
    }
    int[] split = splits;
    Partition[][] perSplit = new Partition[n][];
    long[][] totals = new long[n][];
    // pieces: the hardware constants of each GPU count after the first, then the splits
    int moreCounts = gpuCounts.length - 1;
    TrainingJob recipe = r.recipe();
    Crew.forEach(crew, moreCounts + n, PARALLEL_SPLITS_FROM, () -> {
      // one set of option caches for every thread: each value is worked out once per plan, by
      // whichever thread needs it first
      Options options = shared;
      List<Partition> out = new ArrayList<>();
      List<int[]> experts = new ArrayList<>();
      return piece -> {
        if (piece < moreCounts) {
          int c = piece + 1;
          hardware[c] = JobMapping.hardware(clusters[c], recipe.precision(), recipe.framework(), new HardwareConstants());
          return;
        }
        int i = piece - moreCounts;
        out.clear();
        int gi = split[3 * i];
        enumerateSplit(r, m, options, i, gi, gpuCounts[gi], clusters[gi].gpusPerNode(), split[3 * i + 1],
            split[3 * i + 2], experts, out);
        Partition[] ps = out.toArray(new Partition[0]);
        long[] t = new long[ps.length];
        for (int j = 0; j < ps.length; j++) {
          t[j] = ps[j].total;
        }
        perSplit[i] = ps;
        totals[i] = t;
      };
    });
    // concatenated in split order: the partitions' references only, each split's start recorded
    int[] splitStart = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      splitStart[i] = count;
      count += perSplit[i].length;
    }
    Partition[] all = new Partition[count];
    for (int i = 0; i < n; i++) {
      System.arraycopy(perSplit[i], 0, all, splitStart[i], perSplit[i].length);
    }
    return new Listing(all, splitStart, totals);
  }

  /** Adds the partitions of one (GPU count, tp, pp) split to {@code out}, in canonical order. */
  private static void enumerateSplit(PlanRequest r, ModelConstants m, Options options, int splitIndex, int gi, int g,
      int nodeSize, int tp, int pp, List<int[]> experts, List<Partition> out) {
    SearchSpace s = r.space();
    int seq = r.recipe().sequenceLength();
    List<Integer> etpList = s.expertTensorParallel();
    int[] schedules = options.schedules(pp);
    for (int cp : options.divisorsOf(g / tp / pp)) {
      if (!allowed(s.contextParallel(), cp) || seq % cp != 0) {
        continue;
      }
      int dp = g / tp / pp / cp;
      if (!allowed(s.dataParallel(), dp)) {
        continue;
      }
      int dataRanks = dp * cp;
      int[] shardGroups = options.shardGroups(dataRanks, nodeSize / tp);
      if (shardGroups.length == 0) {
        continue;
      }
      experts.clear(); // {ep, etp}
      if (m.isMoe()) {
        for (int ep : options.divisorsOf(m.experts)) {
          if (!allowed(s.expertParallel(), ep) || (ep == 1 && r.recipe().expertParallelOverlap())) {
            continue; // the expert-parallel overlap needs ep > 1 (Megatron-Core, TrainingJob.expertParallelOverlap)
          }
          if (etpList.isEmpty()) {
            if (dataRanks % ep == 0) {
              experts.add(new int[] {ep, tp});
            }
            continue;
          }
          for (int etp : etpList) {
            // Megatron-Core's folding: etp = tp keeps the experts on the dp × cp ranks, any other
            // etp folds ep × etp over tp × cp × dp (Parallelism's rule)
            boolean fits = etp == tp ? dataRanks % ep == 0 : ((long) tp * dataRanks) % ((long) ep * etp) == 0;
            if (fits && m.expertFfn % etp == 0) {
              experts.add(new int[] {ep, etp});
            }
          }
        }
      } else if (allowed(s.expertParallel(), 1)) {
        experts.add(new int[] {1, tp});
      }
      for (int[] x : experts) {
        for (int shard : shardGroups) {
          for (int schedule : schedules) {
            Partition p = options.partition(splitIndex, out.size(), gi, g, tp, pp, cp, x[0], dp, x[1], shard, schedule);
            if (p != null) {
              out.add(p);
            }
          }
        }
      }
    }
  }

  /**
   * The options searched inside a partition, each worked out once per value of what it depends
   * on and shared (read-only) by the partitions: the ZeRO stages depend only on whether there is
   * one data-parallel rank, the micro-batches and their global batch on dp, the virtual stages on
   * dp and pp, sequence parallelism on whether tp is 1.
   *
   * <p>One instance serves every thread of the parallel set-up (so no helper works out again what
   * another thread already has): the few values that depend on one bit (ZeRO stages, schedule
   * families) are worked out in the constructor, before any helper sees the instance, and the
   * others live in concurrent maps, filled by whichever thread asks first. Two threads asking for
   * the same value at once may both work it out; they get equal values, and each value is a pure
   * function of the request, so the partitions are the same whoever built them.
   */
  private static final class Options {
    private final PlanRequest r;
    private final SearchSpace s;
    private final int layers;
    /** ZeRO stages by (one data rank, HSDP) slot (see {@link #zeros(boolean, boolean)}). */
    private final int[][] zeros = new int[4][];
    private final Map<Integer, List<int[]>> microBatches = new ConcurrentHashMap<>();
    private final Map<Integer, List<Integer>> interleavings = new ConcurrentHashMap<>();
    /** Per (dp, pp, schedule): {micros, batches} and the virtual stages of each, or {@link #NONE} when none is valid. */
    private final Map<Long, Object[]> perPipeline = new ConcurrentHashMap<>();
    /** Plain 1F1B only (shared, read-only). */
    private static final int[] PLAIN = {1};
    /** No virtual-stage setting (shared, read-only). */
    private static final int[] NO_STAGES = {};
    /** Marks a (dp, pp, schedule) without a valid micro-batch in {@link #perPipeline}. */
    private static final Object[] NONE = {};
    private final boolean[] noSequenceParallel = {false};
    /** A prime above any pipeline size (pp never exceeds the layers). */
    private static final long PIPELINE_KEY = 1_048_583;
    private final boolean[] sequenceParallel;

    private final int recomputeCount;
    /** The recipe's given last-stage layers ({@code TrainingJob.lastPipelineStageLayers}), 0 for the default placement. */
    private final int lastStageLayers;
    /** The request's pipeline layout (s21f), fixing pp and the virtual stages; null for none. */
    private final dev.llmcost.costmodel.training.@Nullable PipelineLayout layout;
    /** Whether the recipe asks for the expert-parallel overlap (then no pipeline of one chunk a rank, but DualPipe). */
    private final boolean overlap;

    /**
     * The options of the request planned last, kept for the next plan of a request with the same
     * inputs to them, so that planning one request again, as a benchmark or a service re-planning
     * does, works none of them out again. Every option is a pure function of the (immutable)
     * search space, global batch, batch policy, fixed shard group, layers, recomputation modes and expert-parallel overlap,
     * which {@link #sameInputs} compares; the rest of the request (model, cluster, threads, ...)
     * does not enter them. One entry: a plan of another request replaces it. Concurrent plans may
     * share the entry (it is thread-safe) or replace it under each other (each then works out its
     * own).
     */
    private static volatile @Nullable Options last;

    /** Returns the options of {@code r}, kept from the last plan when its inputs were the same. */
    static Options forRequest(PlanRequest r, int layers, int recomputeCount) {
      Options o = last;
      if (o == null || !o.sameInputs(r, layers, recomputeCount)) {
        o = new Options(r, layers, recomputeCount);
        last = o;
      }
      return o;
    }

    private boolean sameInputs(PlanRequest other, int otherLayers, int otherRecomputes) {
      return layers == otherLayers && recomputeCount == otherRecomputes
          && overlap == other.recipe().expertParallelOverlap()
          && lastStageLayers == other.recipe().lastPipelineStageLayers()
          && java.util.Objects.equals(layout, other.pipelineLayout().orElse(null))
          && (r == other
              || r.globalBatchSize() == other.globalBatchSize() && r.batchPolicy() == other.batchPolicy()
                  && r.shardGroupSize() == other.shardGroupSize() && s.equals(other.space()));
    }

    /** Forgets the options kept from the last plan (for tests: the next plan works them out afresh). */
    static void forget() {
      last = null;
    }

    Options(PlanRequest r, int layers, int recomputeCount) {
      this.r = r;
      this.recomputeCount = recomputeCount;
      this.overlap = r.recipe().expertParallelOverlap();
      this.lastStageLayers = r.recipe().lastPipelineStageLayers();
      this.layout = r.pipelineLayout().orElse(null);
      this.s = r.space();
      this.layers = layers;
      sequenceParallel = new boolean[s.sequenceParallel().size()];
      for (int i = 0; i < sequenceParallel.length; i++) {
        sequenceParallel[i] = s.sequenceParallel().get(i);
      }
      for (int slot = 0; slot < zeros.length; slot++) {
        zeros[slot] = zeroStages((slot & 1) != 0, (slot & 2) != 0);
      }
      // the families depend only on whether pp is 1, even or odd (slots 0, 1, 2)
      scheduleFamilies = new int[][] {families(1), families(2), families(3)};
    }

    /** The divisors of {@code n}, ascending; the array is shared: read only. */
    int[] divisorsOf(int n) {
      return divisorsCached(n);
    }

    private final int[][] scheduleFamilies;

    /** The schedule families of a pipeline of {@code pp} stages (see {@link Partition#schedule}). */
    int[] schedules(int pp) {
      return scheduleFamilies[pp == 1 ? 0 : pp % 2 == 0 ? 1 : 2];
    }

    private int[] families(int pp) {
      List<PipelineSchedule> listed = s.schedules();
      if (pp == 1 || layout != null) {
        // no pipeline, no schedule; a pipeline layout runs 1F1B or the interleaved schedule (s21f)
        return new int[] {EvalConfig.SCHEDULE_1F1B};
      }
      List<Integer> families = new ArrayList<>();
      if (listed.contains(PipelineSchedule.ONE_F_ONE_B) || (listed.contains(PipelineSchedule.INTERLEAVED) && s.interleaved())) {
        families.add(EvalConfig.SCHEDULE_1F1B);
      }
      if (listed.contains(PipelineSchedule.ZERO_BUBBLE)) {
        families.add(EvalConfig.SCHEDULE_ZERO_BUBBLE);
      }
      if (listed.contains(PipelineSchedule.DUALPIPE) && pp % 2 == 0) {
        families.add(EvalConfig.SCHEDULE_DUALPIPE);
      }
      return families.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * HSDP shard groups of {@code dataRanks} data ranks, 0 (all of them) first: the request's fixed
     * group, the listed ones, or by default 0 and the data ranks of one scale-up domain.
     */
    int[] shardGroups(int dataRanks, int dataRanksPerDomain) {
      // not dataRanks << 32 | perDomain: Long.hashCode would be their xor, and the map would treeify
      long key = dataRanks * PIPELINE_KEY + dataRanksPerDomain;
      int[] cached = shardGroupCache.get(key);
      if (cached == null) {
        cached = groups(dataRanks, dataRanksPerDomain);
        int[] raced = shardGroupCache.putIfAbsent(key, cached);
        if (raced != null) {
          cached = raced;
        }
      }
      return cached;
    }

    private final Map<Long, int[]> shardGroupCache = new ConcurrentHashMap<>();

    private int[] groups(int dataRanks, int dataRanksPerDomain) {
      if (r.shardGroupSize() > 0) {
        return dataRanks % r.shardGroupSize() == 0 ? new int[] {r.shardGroupSize()} : new int[0];
      }
      List<Integer> groups = new ArrayList<>();
      if (s.shardGroups().isEmpty()) {
        groups.add(0);
        if (dataRanksPerDomain > 1 && dataRanksPerDomain < dataRanks && dataRanks % dataRanksPerDomain == 0) {
          groups.add(dataRanksPerDomain);
        }
      } else {
        for (int g : s.shardGroups()) {
          int group = g >= dataRanks && g % dataRanks == 0 ? 0 : g; // a group of all of them is plain sharding
          if ((group == 0 || dataRanks % group == 0) && !groups.contains(group)) {
            groups.add(group);
          }
        }
        groups.sort(null);
      }
      return groups.stream().mapToInt(Integer::intValue).toArray();
    }

    /** ZeRO stages: above 0 only with more than one data-parallel rank (when 0 is searched), never 0 with HSDP. */
    private int[] zeros(boolean oneDataRank, boolean hsdp) {
      return zeros[(oneDataRank ? 1 : 0) + (hsdp ? 2 : 0)];
    }

    private int[] zeroStages(boolean oneDataRank, boolean hsdp) {
      List<Integer> zeroList = new ArrayList<>();
      for (ZeroStage stage : s.zeroStages()) {
        if (hsdp && stage == ZeroStage.NONE) {
          continue;
        }
        if (stage != ZeroStage.NONE && oneDataRank && s.zeroStages().contains(ZeroStage.NONE)) {
          continue;
        }
        zeroList.add(stage.stage());
      }
      int[] z = new int[zeroList.size()];
      for (int i = 0; i < z.length; i++) {
        z[i] = zeroList.get(i);
      }
      return z;
    }

    /** Micro-batches and their global batch for {@code dp} data-parallel ranks. */
    private List<int[]> microBatches(int dp) {
      List<int[]> cached = microBatches.get(dp);
      if (cached == null) {
        cached = microBatchesOf(dp);
        List<int[]> raced = microBatches.putIfAbsent(dp, cached);
        if (raced != null) {
          cached = raced;
        }
      }
      return cached;
    }

    private List<int[]> microBatchesOf(int d) {
      List<int[]> microBatch = new ArrayList<>();
      long target = r.globalBatchSize();
      if (s.microBatches().isEmpty()) {
        long batch = r.batchPolicy().batchFor(target, d);
        if (batch > 0 && batch <= Integer.MAX_VALUE) {
          for (int micro : divisors(batch / d)) {
            microBatch.add(new int[] {micro, (int) batch});
          }
        }
      } else {
        for (int micro : s.microBatches()) {
          long batch = r.batchPolicy().batchFor(target, (long) d * micro);
          if (batch > 0 && batch <= Integer.MAX_VALUE) {
            microBatch.add(new int[] {micro, (int) batch});
          }
        }
      }
      if (microBatch.size() > Keys.MAX_INDEX + 1) {
        throw new IllegalStateException("too many micro-batch sizes: " + microBatch.size());
      }
      return microBatch;
    }

    /** Virtual stages above 1: chunks as even as the largest stage allows, at least one layer in each chunk of the smallest. */
    private List<Integer> interleavings(int pp) {
      List<Integer> cached = interleavings.get(pp);
      if (cached == null) {
        cached = interleavingsOf(pp);
        List<Integer> raced = interleavings.putIfAbsent(pp, cached);
        if (raced != null) {
          cached = raced;
        }
      }
      return cached;
    }

    /**
     * Whether {@code pp} stages can hold the recipe's given last stage: with one the setting is ignored, with more the
     * other stages must split the rest evenly, one layer or more each (Megatron-Core's {@code
     * num_layers_in_last_pipeline_stage}; {@code TrainingJob.validateLastPipelineStage}).
     */
    boolean lastStagePlaceable(int pp) {
      if (layout != null) {
        return pp == layout.pipelineStages(); // a pipeline layout fixes pp (s21f)
      }
      int rest = layers - lastStageLayers;
      return lastStageLayers == 0 || pp == 1 || (rest >= pp - 1 && rest % (pp - 1) == 0);
    }

    /**
     * Virtual stages above 1 for {@code p} stages: the divisors of the largest stage's layers, and under a given last
     * stage also the common divisors of its layers and the other stages' even share, the counts Megatron-Core's
     * num_layers_in_last_pipeline_stage accepts ({@code TransformerConfig.__post_init__},
     * megatron/core/transformer/transformer_config.py at NVIDIA/Megatron-LM core_v0.15.0 103851dc, l.1110-1150:
     * "number of layers at last stage ... must be divisible by virtual pipeline parallel degree", "number of layers on
     * each middle pipeline rank ... must be divisible by virtual pipeline parallel degree") (s20o). The first set is
     * kept beside them: a pipeline_model_parallel_layout of that shape may split a stage into unequal chunks, as
     * Megatron-Bridge's DeepSeek-V3 recipes do (13 layers in 4 chunks), which the training runs' rows give as vpp.
     */
    private List<Integer> interleavingsOf(int p) {
      if (layout != null) {
        // a pipeline layout fixes the chunks per rank (s21f)
        int v = layout.virtualStages();
        return v > 1 && p == layout.pipelineStages() ? List.of(v) : List.of();
      }
      java.util.TreeSet<Integer> candidates = new java.util.TreeSet<>();
      if ((s.interleaved() || !s.virtualStages().isEmpty()) && p > 1 && lastStagePlaceable(p)) {
        candidates.addAll(divisors(Evaluator.largestStageLayers(layers, p)));
        if (lastStageLayers > 0) {
          int others = (layers - lastStageLayers) / (p - 1);
          for (int v : divisors(lastStageLayers)) {
            if (others % v == 0) {
              candidates.add(v);
            }
          }
        }
      }
      List<Integer> list = new ArrayList<>();
      for (int v : candidates) {
        if (v > 1 && v <= Evaluator.maxVirtualStages(layers, p) && allowed(s.virtualStages(), v)) {
          list.add(v);
        }
      }
      return list;
    }

    /** {micros, batches, virtual stages} for (dp, pp, schedule), or null when no micro-batch is valid. */
    private Object @Nullable [] perPipeline(int dp, int pp, int schedule) {
      // not dp << 32 | pp: Long.hashCode would be dp ^ pp
      long key = ((long) dp * PIPELINE_KEY + pp) * 3 + schedule;
      Object[] cached = perPipeline.get(key);
      if (cached != null) {
        return cached == NONE ? null : cached;
      }
      List<int[]> microBatch = microBatches(dp);
      boolean family1f1b = schedule == EvalConfig.SCHEDULE_1F1B;
      List<Integer> inter = family1f1b && s.schedules().contains(PipelineSchedule.INTERLEAVED) ? interleavings(pp) : List.of();
      // with the expert-parallel overlap a pipeline needs virtual stages (Megatron-Core's combined 1F1B runs only
      // in the interleaved schedule; DualPipe, the model's own overlapped schedule, keeps one chunk a rank)
      boolean plain = allowed(s.virtualStages(), 1) && (layout == null || layout.virtualStages() == 1)
          && (pp == 1 || !family1f1b || s.schedules().contains(PipelineSchedule.ONE_F_ONE_B))
          && (pp == 1 || !overlap || schedule == EvalConfig.SCHEDULE_DUALPIPE);
      List<int[]> kept = new ArrayList<>();
      List<int[]> keptVirtual = new ArrayList<>();
      // the virtual stages of a micro-batch are one of two arrays (it can interleave or not),
      // shared read-only by the micro-batches
      int[] plainOnly = plain ? PLAIN : NO_STAGES;
      int @Nullable [] interleaving = null;
      for (int[] mb : microBatch) {
        int perPipe = mb[1] / (mb[0] * dp);
        if (schedule == EvalConfig.SCHEDULE_DUALPIPE && (perPipe % 2 != 0 || perPipe < 2 * pp)) {
          continue; // DualPipe feeds micro-batches from both ends in pairs, at least two per rank (TrainingJob)
        }
        boolean canInterleave = perPipe % pp == 0 && !inter.isEmpty();
        if (canInterleave && interleaving == null) {
          interleaving = new int[(plain ? 1 : 0) + inter.size()];
          int j = 0;
          if (plain) {
            interleaving[j++] = 1;
          }
          for (int v : inter) {
            interleaving[j++] = v;
          }
        }
        int[] vs = canInterleave ? interleaving : plainOnly;
        if (vs.length == 0) {
          continue;
        }
        kept.add(mb);
        keptVirtual.add(vs);
      }
      Object[] result = null;
      if (!kept.isEmpty()) {
        int[] micros = new int[kept.size()];
        int[] batches = new int[micros.length];
        int[][] virtual = new int[micros.length][];
        for (int i = 0; i < micros.length; i++) {
          micros[i] = kept.get(i)[0];
          batches[i] = kept.get(i)[1];
          virtual[i] = keptVirtual.get(i);
        }
        result = new Object[] {micros, batches, virtual, fromMicro(virtual, 1), fromMicro(virtual, sequenceParallel.length)};
      }
      Object[] raced = perPipeline.putIfAbsent(key, result == null ? NONE : result);
      return raced == null ? result : raced == NONE ? null : raced;
    }

    /** Configurations of one ZeRO stage from each micro-batch index on (see {@link Partition#fromMicro}). */
    private long[] fromMicro(int[][] virtual, int sequenceParallelSettings) {
      long[] from = new long[virtual.length + 1];
      for (int i = virtual.length - 1; i >= 0; i--) {
        from[i] = from[i + 1] + (long) virtual[i].length * recomputeCount * sequenceParallelSettings;
      }
      return from;
    }

    @Nullable Partition partition(int splitIndex, int local, int gi, int g, int tp, int pp, int cp, int ep, int dp, int etp, int shard,
        int schedule) {
      int[] zeroStages = zeros(dp * cp == 1, shard > 0);
      if (zeroStages.length == 0) {
        return null;
      }
      Object[] mb = perPipeline(dp, pp, schedule);
      if (mb == null) {
        return null;
      }
      boolean[] sps = tp == 1 ? noSequenceParallel : sequenceParallel;
      return new Partition(splitIndex, local, gi, g, tp, pp, cp, ep, dp, etp, shard, schedule, zeroStages, (int[]) mb[0],
          (int[]) mb[1], (int[][]) mb[2], sps, (long[]) mb[tp == 1 ? 3 : 4]);
    }
  }
}
