package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.planner.BatchPolicy;
import dev.llmcost.costmodel.planner.Objective;
import dev.llmcost.costmodel.planner.Plan;
import dev.llmcost.costmodel.planner.PlanProgress;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.planner.TrainingPlanner;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.PipelineLayout;
import dev.llmcost.costmodel.training.PipelineSchedule;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcost plan}: searches every training configuration of a model on a cluster (data,
 * tensor, pipeline, context and expert parallelism, micro-batch, schedule, ZeRO stage,
 * recomputation, sequence parallelism) and prints the best by time, cost or MFU, with the Pareto
 * front of time against GPUs and cost. A progress bar goes to stderr for searches longer than a
 * second.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Search every parallelism configuration for training and print the best (and the Pareto front).")
public final class PlanCommand implements Callable<Integer> {

  @Option(names = "--model", required = true,
      description = "Catalog id (see 'llmcost catalog models') or path to a HuggingFace config.json.")
  String model;

  @Option(names = "--accelerator", defaultValue = "h100-sxm", description = "Accelerator id (default: ${DEFAULT-VALUE}), or a JSON file in the catalog's format: of one accelerator, or FILE.json#ID for one of several.")
  String accelerator;

  @Option(names = "--gpus", defaultValue = "8", description = "GPUs of the cluster (default: ${DEFAULT-VALUE}).")
  int gpus;

  @Option(names = "--min-gpus",
      description = "Also try every whole number of nodes from this many GPUs up to --gpus (default: exactly --gpus).")
  @Nullable Integer minGpus;

  @Option(names = "--seq", description = "Sequence length in tokens (default: 2048, or the model's learned position table if shorter).")
  @Nullable Integer seq;

  @Option(names = "--global-batch", description = "Global batch in sequences (default: at least 512).")
  @Nullable Integer globalBatch;

  @Option(names = "--batch-policy",
      description = "exact, at-most or at-least: how a configuration's batch follows from --global-batch (default: exact).")
  @Nullable String batchPolicy;

  @Option(names = "--tokens", description = "Training tokens, e.g. 300B or 2T (default: 20 per parameter).")
  @Nullable String tokens;

  @Option(names = "--top", defaultValue = "5", description = "Best configurations to print (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--objective", defaultValue = "time", description = "time, cost or mfu (default: ${DEFAULT-VALUE}).")
  String objective;

  @Option(names = "--precision", defaultValue = "bf16",
      description = "fp32, tf32, bf16, fp16, bf16-half-grads, fp16-half-grads, deepspeed-fp16, fp8 (per-tensor current scaling),"
          + " fp8-delayed, mxfp8, fp8-blockwise, fp8-rowwise or nvfp4 (FP4 GEMMs, Blackwell only) (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--zero", split = ",", description = "ZeRO stages to try, e.g. 1 or 0,1,2 (default: 0-3).")
  @Nullable List<String> zero;

  @Option(names = "--recompute", split = ",", description = "Recomputation modes to try: none, selective, full (default: all).")
  @Nullable List<String> recompute;

  @Option(names = "--micro-batch", split = ",", description = "Micro-batch sizes to try (default: every divisor of the per-replica batch).")
  @Nullable List<Integer> microBatch;

  @Option(names = "--tp", split = ",", description = "Tensor-parallel degrees to try (default: every divisor of the node).")
  @Nullable List<Integer> tp;

  @Option(names = "--pp", split = ",", description = "Pipeline-parallel degrees to try (default: 1 to the layers).")
  @Nullable List<Integer> pp;

  @Option(names = "--cp", split = ",", description = "Context-parallel degrees to try (default: every divisor of the sequence).")
  @Nullable List<Integer> cp;

  @Option(names = "--ep", split = ",", description = "Expert-parallel degrees to try for MoE models (default: every divisor of the experts).")
  @Nullable List<Integer> ep;

  @Option(names = {"--hsdp-shard", "--shard-group"}, split = ",",
      description = "HSDP shard groups to try: data-parallel ranks a ZeRO/FSDP shard spans, the groups replicating;"
          + " one value fixes it for every candidate (default: all of dp × cp and the data ranks of one scale-up"
          + " domain, PyTorch FSDP's HYBRID_SHARD).")
  @Nullable List<Integer> shardGroup;

  @Option(names = "--schedule", split = ",",
      description = "Pipeline schedules to try when pp > 1: 1f1b, interleaved, zb (zero-bubble ZB-H1), dualpipe"
          + " (default: 1f1b,interleaved).")
  @Nullable List<String> schedule;

  @Option(names = "--virtual-stages", split = ",",
      description = "Virtual pipeline stages to try (default: 1 and every count the layers allow).")
  @Nullable List<Integer> virtualStages;

  @Option(names = "--pp-last-stage-layers",
      description = "Transformer layers of the last pipeline stage of every candidate, the other pp - 1 stages splitting"
          + " the rest evenly (Megatron-Core's num_layers_in_last_pipeline_stage): needs one --pp above 1; not with"
          + " --schedule dualpipe; only virtual stages that divide every stage's layers are tried (default: the layers as"
          + " even as they divide).")
  @Nullable Integer ppLastStageLayers;

  @Option(names = "--pp-layout",
      description = "Layers of each pipeline stage and virtual stage of every candidate as Megatron-Core's"
          + " pipeline_model_parallel_layout string (E, t, m, L, |, x*N, (...)*N; e.g. 'Et*4|(t*4|)*14tmL'): needs one"
          + " --pp above 1; fixes the virtual stages and the schedule (1f1b or interleaved); not with"
          + " --pp-last-stage-layers (default: no layout).")
  @Nullable String ppLayout;

  @Option(names = "--etp", split = ",",
      description = "Expert-tensor-parallel degrees to try for MoE models: ways each expert is split, ep × etp"
          + " dividing tp × cp × dp (MoE parallel folding; default: etp = tp, as Megatron).")
  @Nullable List<Integer> etp;

  @Option(names = "--tp-overlap",
      description = "Fraction of tensor-parallel communication run decomposed beside the matmuls, of which (tp-1)/tp"
          + " hides (async TP decomposes the forward: 0.5, or 0.667 with full recomputation), 0 to 1 (default: 0).")
  @Nullable Double tpOverlap;

  @Option(names = "--framework",
      description = "Kernel rates of megatron (Megatron-Core, NeMo, DeepSpeed: the calibration's) or pytorch-native"
          + " (torchtitan: its GEMM and attention at the fitted factor on the microbenchmark rates) or pytorch-eager"
          + " (the same without torch.compile: unfused elementwise kernels) or megatron-deepspeed (Megatron's kernels"
          + " under DeepSpeed's pipeline engine; in bf16 its BF16_Optimizer's fp32 gradient pass; default: megatron).")
  @Nullable String framework;

  @Option(names = "--attention", defaultValue = "flash", description = "flash or unfused (default: ${DEFAULT-VALUE}).")
  String attention;

  @Option(names = "--price-per-gpu-hour", defaultValue = "2.00",
      description = "Price of one GPU-hour in USD (default: ${DEFAULT-VALUE}, an illustrative figure).")
  String pricePerGpuHour;

  @Option(names = "--threads", description = "Worker threads (default: one per processor).")
  @Nullable Integer threads;

  @Option(names = "--progress-after-ms", defaultValue = "1000", hidden = true,
      description = "Show the progress bar once a search has run this long (default: ${DEFAULT-VALUE}).")
  long progressAfterMs;

  @Mixin StackOptions stack;

  @Mixin ClusterOptions clusterOptions;

  @Mixin JsonOption json;

  @Mixin AssumeLlamaOption assumeLlama;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PlanRequest request = OptionNames.prefixed(this::request, OptionNames.concat(new String[] {"min", "--min-gpus",
        "top", "--top", "tensorParallel", "--tp", "pipelineParallel", "--pp", "contextParallel", "--cp",
        "microBatches", "--micro-batch", "expertParallel", "--ep", "expertTensorParallel", "--etp"},
        OptionNames.renamed(TrainCommand.JOB_FIELDS, "--hsdp-shard", OptionNames.typed(spec, "--hsdp-shard"))));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = new ProgressBar(err, progressAfterMs * 1_000_000L);
    Plan plan;
    try {
      plan = TrainingPlanner.calibrated().plan(request, bar, () -> false);
    } catch (IllegalArgumentException none) {
      throw shardGroupRefusal(request).orElse(none);
    } finally {
      bar.finish();
    }
    if (json.enabled()) {
      out.println(JsonOutput.write(toJson(plan)));
    } else {
      out.print(report(plan));
    }
    return 0;
  }

  /**
   * The precise refusal of an {@code --hsdp-shard} no candidate can use, as {@code train} gives it
   * ({@code TrainingJob}: the shard group must divide dp × cp): empty when some GPU count and
   * tp × pp of the search leaves data ranks (dp × cp = GPUs / (tp × pp)) that a shard group divides.
   */
  java.util.Optional<IllegalArgumentException> shardGroupRefusal(PlanRequest request) {
    if (shardGroup == null) {
      return java.util.Optional.empty();
    }
    java.util.SortedSet<Integer> ranks = new java.util.TreeSet<>();
    for (int n : request.gpuCounts()) {
      for (int d = 1; (long) d * d <= n; d++) {
        if (n % d == 0) {
          for (int r : new int[] {d, n / d}) {
            if (layoutLeaves(n / r)) {
              ranks.add(r);
            }
          }
        }
      }
    }
    for (int g : shardGroup) {
      for (int r : ranks) {
        if (r % g == 0) {
          return java.util.Optional.empty();
        }
      }
    }
    String shown = ranks.stream().limit(12).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
        + (ranks.size() > 12 ? ", ..." : "");
    List<Integer> counts = request.gpuCounts();
    String on = counts.size() == 1 ? String.format(Locale.ROOT, "%,d", counts.get(0))
        : String.format(Locale.ROOT, "%,d-%,d", counts.get(0), counts.get(counts.size() - 1));
    String was = shardGroup.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    return java.util.Optional.of(new IllegalArgumentException(OptionNames.typed(spec, "--hsdp-shard")
        + ": shardGroupSize must divide dp × cp of some configuration on " + on + " GPUs (dp × cp: " + shown
        + "), was " + was));
  }

  /** Whether some --tp and --pp of the search (any degree when not given) multiply to {@code product}. */
  private boolean layoutLeaves(int product) {
    if (tp != null) {
      return tp.stream().anyMatch(t -> product % t == 0 && (pp == null || pp.contains(product / t)));
    }
    return pp == null || pp.stream().anyMatch(q -> product % q == 0);
  }

  PlanRequest request() {
    ModelArchitecture m = Models.resolve(model, assumeLlama.policy());
    AcceleratorSpec acc = Accelerators.resolve(accelerator);
    Cluster cluster = clusterOptions.cluster(acc, gpus);
    PlanRequest.Builder b =
        PlanRequest.builder(m, cluster)
            .precision(stack.precision(precision))
            .attention(TrainCommand.parseAttention(attention))
            .pricePerGpuHour(InferCommand.usd("--price-per-gpu-hour", pricePerGpuHour))
            .objective(Objective.parse(objective))
            .top(top);
    if (seq != null) {
      b.sequenceLength(seq);
    }
    if (globalBatch != null) {
      if (globalBatch < 1) {
        throw new IllegalArgumentException("--global-batch must be >= 1, was " + globalBatch);
      }
      b.globalBatchSize(globalBatch);
    }
    if (batchPolicy != null) {
      b.batchPolicy(BatchPolicy.parse(batchPolicy));
    }
    if (tokens != null) {
      b.trainingTokens(TrainCommand.parseTokens(tokens));
    }
    if (threads != null) {
      b.threads(threads);
    }
    if (shardGroup != null) {
      for (int g : shardGroup) {
        if (g < 1) {
          throw new IllegalArgumentException(OptionNames.typed(spec, "--hsdp-shard") + " must be >= 1, was " + g);
        }
      }
    }
    if (shardGroup != null && shardGroup.size() == 1) {
      b.shardGroupSize(shardGroup.get(0));
    }
    if (tpOverlap != null) {
      if (!(tpOverlap >= 0 && tpOverlap <= 1)) {
        throw new IllegalArgumentException("--tp-overlap must be in [0, 1], was " + tpOverlap);
      }
      b.tensorParallelOverlap(tpOverlap);
    }
    if (framework != null) {
      b.framework(TrainCommand.parseFramework(framework));
    }
    stack.requireMoeFor(m);
    stack.applyTo(b);
    SearchSpace space = SearchSpace.ALL;
    if (minGpus != null) {
      if (minGpus > gpus) {
        throw new IllegalArgumentException("min-gpus must be <= gpus (" + gpus + "), was " + minGpus);
      }
      space = space.withGpuCounts(SearchSpace.wholeNodes(cluster.gpusPerNode(), minGpus, gpus));
    }
    if (zero != null) {
      space = space.withZeroStages(zero.stream().map(ZeroStage::parse).toList());
    }
    if (stack.fsdpBackwardPrefetch != null) {
      // the option shapes ZeRO 2's (FSDP1 SHARD_GRAD_OP, s21a) and ZeRO 3's per-unit collectives: a --zero list keeps
      // its stages 2 and 3 (refused when it has neither, s21j); without --zero the search keeps ZeRO 3, as before
      List<ZeroStage> sharded = zero == null ? List.of(ZeroStage.PARAMETERS)
          : space.zeroStages().stream().filter(z -> z.stage() >= 2).toList();
      if (sharded.isEmpty()) {
        throw new IllegalArgumentException("--fsdp-backward-prefetch " + stack.fsdpBackwardPrefetch + " applies with"
            + " ZeRO 2 (FSDP SHARD_GRAD_OP) or 3 (FULL_SHARD), was --zero " + String.join(",", zero));
      }
      space = space.withZeroStages(sharded);
    }
    if (recompute != null) {
      space = space.withRecomputes(recompute.stream().map(Recompute::parse).toList());
      if (stack.epOverlap && space.recomputes().stream().allMatch(r -> r == Recompute.FULL)) {
        // as train (TrainCommand.requireOverlappableExperts; Megatron-Core's TransformerConfig, NVIDIA/Megatron-LM
        // d98e8a64dd): every candidate would run full recomputation beside the overlap (s14j)
        throw new IllegalArgumentException("--ep-overlap excludes --recompute full (Megatron-Core: \"disable full"
            + " recomputation when enabling overlap_moe_expert_parallel_comm\"); add selective or none");
      }
    }
    if (microBatch != null) {
      space = space.withMicroBatches(microBatch);
    }
    if (tp != null) {
      space = space.withTensorParallel(tp);
    }
    if (pp != null) {
      space = space.withPipelineParallel(pp);
    }
    if (cp != null) {
      space = space.withContextParallel(cp);
    }
    if (ep != null) {
      space = space.withExpertParallel(ep);
      if (stack.epOverlap && ep.stream().allMatch(x -> x == 1)) {
        throw new IllegalArgumentException("--ep-overlap hides the expert-parallel all-to-alls; needs an --ep above 1,"
            + " was --ep " + ep.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
      }
    }
    if (shardGroup != null && shardGroup.size() > 1) {
      space = space.withShardGroups(shardGroup);
    }
    if (schedule != null) {
      space = space.withSchedules(schedule.stream().map(PipelineSchedule::parse).toList());
    }
    if (stack.epOverlap && pp != null && pp.stream().allMatch(x -> x > 1)) {
      // as train (TrainCommand.requireOverlappableExperts): every pipeline runs one chunk a rank, which Megatron-Core
      // refuses beside the overlap; the search would find nothing (s14q)
      boolean oneChunk = virtualStages != null && virtualStages.stream().allMatch(v -> v == 1);
      boolean noInterleaving = schedule != null && schedule.stream().map(PipelineSchedule::parse)
          .noneMatch(x -> x == PipelineSchedule.INTERLEAVED || x == PipelineSchedule.DUALPIPE);
      if (oneChunk || noInterleaving) {
        throw new IllegalArgumentException("--ep-overlap with --pp " + pp.stream().map(String::valueOf)
            .collect(java.util.stream.Collectors.joining(",")) + " needs the interleaved schedule (--virtual-stages"
            + " > 1), was " + (oneChunk ? "--virtual-stages 1" : "--schedule " + String.join(",", schedule))
            + " (Megatron-Core: virtual_pipeline_model_parallel_size must be specified when"
            + " pipeline_model_parallel_size > 1)");
      }
    }
    if (virtualStages != null && schedule != null && virtualStages.stream().allMatch(v -> v == 1)
        && schedule.stream().map(PipelineSchedule::parse).allMatch(x -> x == PipelineSchedule.INTERLEAVED)) {
      // interleaving needs two chunks or more: the search would keep only pp 1, where no schedule applies
      throw new IllegalArgumentException("--schedule interleaved needs --virtual-stages > 1, was 1");
    }
    if (ppLayout != null) {
      // s21f: Megatron-Core's pipeline_model_parallel_layout fixes the pipeline, its chunks and their schedule
      @Nullable Integer q = pp != null && pp.size() == 1 ? pp.get(0) : null;
      PipelineLayout layout = PipelineLayoutOption.parse(ppLayout, m, q, pp == null ? "--pp not given"
              : "--pp " + pp.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
          ppLastStageLayers != null, virtualStages,
          schedule == null ? null : schedule.stream().map(PipelineSchedule::parse).toList(), !stack.noMtp);
      b.pipelineLayout(layout);
      space = space.withVirtualStages(List.of(layout.virtualStages()))
          .withSchedules(List.of(PipelineLayoutOption.schedule(layout)));
    }
    if (ppLastStageLayers != null) {
      space = lastStage(m, b, space);
    }
    if (virtualStages != null && ppLayout == null) {
      space = space.withVirtualStages(virtualStages);
    }
    if (etp != null) {
      if (!m.isMoe()) {
        throw new IllegalArgumentException("--etp applies to MoE models only; " + m.id() + " is dense");
      }
      space = space.withExpertTensorParallel(etp);
    }
    return b.space(space).build();
  }

  /**
   * Applies {@code --pp-last-stage-layers} as {@code train} does (TrainCommand.requirePlaceableLastStage, s20o): one
   * pipeline degree above 1, an even rest, no DualPipe, and virtual stages dividing every stage's layers, refused by
   * option and value otherwise; without {@code --virtual-stages} the search gets the counts that divide.
   */
  private SearchSpace lastStage(ModelArchitecture m, PlanRequest.Builder b, SearchSpace space) {
    int last = ppLastStageLayers;
    PipelineLastStage.requireAtLeastOne(last);
    if (pp == null || pp.size() != 1 || pp.get(0) == 1) {
      throw new IllegalArgumentException("--pp-last-stage-layers " + last + " places the layers of a given pipeline;"
          + " needs one --pp above 1, was " + (pp == null ? "--pp not given"
              : "--pp " + pp.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))));
    }
    int q = pp.get(0);
    PipelineLastStage.requireNotDualPipe(schedule != null
        && schedule.stream().map(PipelineSchedule::parse).anyMatch(x -> x == PipelineSchedule.DUALPIPE), last);
    int others = PipelineLastStage.otherStagesLayers(m, q, last);
    List<Integer> divide = PipelineLastStage.chunkCounts(last, others);
    String placement = PipelineLastStage.placement(m, q, last, others);
    if (virtualStages != null) {
      for (int v : virtualStages) {
        if (!divide.contains(v)) {
          throw PipelineLastStage.chunksRefused(placement, v);
        }
      }
    }
    if (virtualStages == null && divide.size() == 1 && schedule != null
        && schedule.stream().map(PipelineSchedule::parse).allMatch(x -> x == PipelineSchedule.INTERLEAVED)) {
      throw PipelineLastStage.interleavingRefused(placement);
    }
    b.lastPipelineStageLayers(last);
    return virtualStages != null ? space : space.withVirtualStages(divide);
  }

  /** Draws a one-line progress bar on stderr once the search has run past a threshold. */
  static final class ProgressBar implements PlanProgress {
    private final PrintWriter err;
    private final long afterNanos;
    private final long start = System.nanoTime();
    private boolean drawn;
    private int lastLength;

    ProgressBar(PrintWriter err, long afterNanos) {
      this.err = err;
      this.afterNanos = afterNanos;
    }

    @Override
    public void update(long searched, long total, long feasible) {
      if (System.nanoTime() - start < afterNanos) {
        return;
      }
      int width = 30;
      double fraction = total == 0 ? 1 : (double) searched / total;
      int filled = (int) Math.round(fraction * width);
      String line = String.format(Locale.ROOT, "searching [%s%s] %3.0f%%  %,d of %,d configurations, %,d fit",
          "#".repeat(filled), " ".repeat(width - filled), 100 * fraction, searched, total, feasible);
      err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = line.length();
      err.flush();
      drawn = true;
    }

    void finish() {
      if (drawn) {
        err.println();
        err.flush();
      }
    }
  }

  static ObjectNode entry(TrainingEstimate e, int rank) {
    ObjectNode n = TrainCommand.toJson(e, TrainCommand.Layout.allChosen(e.job()));
    n.remove("configurationChosen");
    n.remove("assumptions");
    ObjectNode ranked = JsonOutput.object();
    if (rank > 0) {
      ranked.put("rank", rank);
    }
    ranked.setAll(n);
    return ranked;
  }

  static ObjectNode toJson(Plan plan) {
    PlanRequest r = plan.request();
    TrainingJob recipe = r.recipe();
    ObjectNode n = JsonOutput.object();
    n.put("model", recipe.model().id());
    n.put("accelerator", recipe.cluster().accelerator().id());
    n.put("gpus", recipe.cluster().gpus());
    n.put("scaleUpDomain", recipe.cluster().gpusPerNode());
    ClusterOptions.json(n, recipe.cluster());
    n.put("shardGroup", r.shardGroupSize());
    ArrayNode groups = n.putArray("shardGroupsSearched");
    r.space().shardGroups().forEach(groups::add);
    ArrayNode schedules = n.putArray("schedulesSearched");
    r.space().schedules().forEach(x -> schedules.add(x.id()));
    n.put("tensorParallelOverlap", recipe.tensorParallelOverlap());
    n.put("framework", recipe.framework().id());
    n.put("cudaGraphs", recipe.cudaGraphs().id());
    n.put("fp8Attention", recipe.fp8Attention());
    if (recipe.model().isMoe()) {
      n.put("recomputeMoeActivation", recipe.recomputeMoeActivation());
    }
    ArrayNode counts = n.putArray("gpuCounts");
    r.gpuCounts().forEach(counts::add);
    n.put("seq", recipe.sequenceLength());
    n.put("globalBatch", r.globalBatchSize());
    n.put("batchPolicy", r.batchPolicy().id());
    n.put("tokens", recipe.trainingTokens().value());
    n.put("objective", r.objective().id());
    n.put("searched", plan.searched());
    n.put("evaluated", plan.evaluated());
    n.put("pruned", plan.pruned());
    n.put("feasible", plan.feasible());
    n.put("seconds", plan.seconds());
    n.put("searchedPerSecond", plan.searchedPerSecond());
    n.put("evaluatedPerSecond", plan.evaluatedPerSecond());
    ArrayNode best = n.putArray("best");
    for (int i = 0; i < plan.best().size(); i++) {
      best.add(entry(plan.best().get(i), i + 1));
    }
    ArrayNode front = n.putArray("paretoFront");
    plan.paretoFront().forEach(e -> front.add(entry(e, 0)));
    ArrayNode costFront = n.putArray("paretoFrontByCost");
    plan.paretoFrontByCost().forEach(e -> costFront.add(entry(e, 0)));
    plan.leastMemory().ifPresent(e -> n.set("leastMemory", entry(e, 0)));
    ArrayNode as = n.putArray("assumptions");
    plan.assumptions().forEach(as::add);
    return n;
  }

  private static String row(TrainingEstimate e, String rank) {
    TrainingJob j = e.job();
    var p = j.parallelism();
    return String.format(Locale.ROOT, "%5s %,6d %,5d %3d %3d %3d %3d %3d %-3s %-11s %6d %5d %5s  %-9s %8.3f %5.1f%% %7.1f %8.1f %,12.0f %,13d%n",
        rank, j.gpus(), p.dp(), p.tp(), p.pp(), p.cp(), p.ep(), p.virtualStages(), p.sequenceParallel() ? "on" : "off",
        p.pp() > 1 ? p.schedule().id() : "-", j.microBatchSize(), j.zero().stage(),
        j.zero().stage() == 0 ? "-" : TrainCommand.shardGroupText(j), j.recompute().id(), e.stepSeconds(), 100 * e.mfu(),
        e.memory().total().bytes() / (double) (1L << 30), Seconds.of(e.wallClock()) / 86400, e.gpuHours(),
        e.cost().amount().setScale(0, RoundingMode.HALF_UP).longValue());
  }

  private static final String HEADER = String.format(Locale.ROOT,
      "%5s %6s %5s %3s %3s %3s %3s %3s %-3s %-11s %6s %5s %5s  %-9s %8s %6s %7s %8s %12s %13s%n", "rank", "gpus", "dp",
      "tp", "pp", "cp", "ep", "v", "sp", "schedule", "micro", "zero", "shard", "recompute", "step s", "MFU", "GiB/GPU", "days", "GPU-hours", "USD");

  static String report(Plan plan) {
    PlanRequest r = plan.request();
    TrainingJob recipe = r.recipe();
    StringBuilder sb = new StringBuilder();
    List<Integer> counts = r.gpuCounts();
    sb.append(String.format(Locale.ROOT,
        "%s on %s × %s (scale-up domains of %d), sequence %,d, global batch %,d (%s), %,d tokens, best by %s%n",
        recipe.model().id(), counts.size() == 1 ? Text.grouped(counts.get(0))
            : Text.grouped(counts.get(0)) + "-" + Text.grouped(counts.get(counts.size() - 1)),
        recipe.cluster().accelerator().id(), recipe.cluster().gpusPerNode(), recipe.sequenceLength(), r.globalBatchSize(), r.batchPolicy().id(),
        recipe.trainingTokens().value(), r.objective().id()));
    if (r.shardGroupSize() > 0 || recipe.tensorParallelOverlap() > 0) {
      sb.append(String.format(Locale.ROOT, "HSDP shard group %s, tensor-parallel overlap %s%n",
          r.shardGroupSize() > 0 ? String.valueOf(r.shardGroupSize()) : "all of dp × cp",
          Text.fixed(recipe.tensorParallelOverlap(), 2)));
    }
    sb.append(String.format(Locale.ROOT,
        "searched %,d configurations in %.3f s (%,.0f/s): %,d evaluated, %,d pruned by memory bounds, %,d fit%n%n",
        plan.searched(), plan.seconds(), plan.searchedPerSecond(), plan.evaluated(), plan.pruned(), plan.feasible()));
    if (plan.best().isEmpty()) {
      sb.append("no configuration fits in memory");
      plan.leastMemory().ifPresent(e -> {
        TrainingJob j = e.job();
        var p = j.parallelism();
        sb.append(String.format(Locale.ROOT, "; the one needing the least memory needs %s per GPU, of %.1f GiB:%n",
            TrainCommand.needs(e.memory()), e.memory().capacity().bytes() / (double) (1L << 30)));
        sb.append(String.format(Locale.ROOT, "%6s %5s %3s %3s %3s %3s %3s %-3s %6s %5s  %-9s %8s%n", "gpus", "dp", "tp", "pp",
            "cp", "ep", "v", "sp", "micro", "zero", "recompute", "GiB/GPU"));
        sb.append(String.format(Locale.ROOT, "%,6d %,5d %3d %3d %3d %3d %3d %-3s %6d %5d  %-9s %8.1f%n", j.gpus(), p.dp(), p.tp(),
            p.pp(), p.cp(), p.ep(), p.virtualStages(), p.sequenceParallel() ? "on" : "off", j.microBatchSize(),
            j.zero().stage(), j.recompute().id(), e.memory().total().bytes() / (double) (1L << 30)));
        sb.append("  ").append(TrainCommand.NOT_RUN).append('\n');
      });
      return sb.toString();
    }
    sb.append(HEADER);
    for (int i = 0; i < plan.best().size(); i++) {
      sb.append(row(plan.best().get(i), String.valueOf(i + 1)));
    }
    if (counts.size() > 1) {
      sb.append(String.format(Locale.ROOT, "%nPareto front, wall clock against GPUs:%n")).append(HEADER);
      plan.paretoFront().forEach(e -> sb.append(row(e, "")));
      sb.append(String.format(Locale.ROOT, "%nPareto front, wall clock against cost:%n")).append(HEADER);
      plan.paretoFrontByCost().forEach(e -> sb.append(row(e, "")));
    }
    sb.append("\n  assumptions\n");
    plan.assumptions().forEach(a -> sb.append("    - ").append(a).append('\n'));
    return sb.toString();
  }
}
