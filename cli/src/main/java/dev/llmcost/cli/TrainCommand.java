package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.CarbonIntensity;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.costmodel.training.TrainingAttentionKernel;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingMemory;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.training.ParallelismChooser;
import dev.llmcost.costmodel.training.PipelineLayout;
import dev.llmcost.costmodel.training.PipelineSchedule;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TimeBreakdown;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcost train}: FLOPs, memory per GPU, step time, MFU, wall clock, GPU-hours, dollars and
 * energy of a training job. Without {@code --tp}, {@code --pp} and {@code --dp} it chooses the
 * fastest fitting configuration and prints it.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Training cost: FLOPs, memory per GPU, step time, MFU, GPU-hours, dollars and energy.")
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--model", required = true,
      description = "Catalog id (see 'llmcost catalog models') or path to a HuggingFace config.json.")
  String model;

  @Option(names = "--accelerator", defaultValue = "h100-sxm", description = "Accelerator id (default: ${DEFAULT-VALUE}), or a JSON file in the catalog's format: of one accelerator, or FILE.json#ID for one of several.")
  String accelerator;

  @Option(names = "--gpus", defaultValue = "8", description = "GPUs (default: ${DEFAULT-VALUE}).")
  int gpus;

  @Option(names = "--tp", description = "Tensor-parallel degree (default: chosen by search).")
  @Nullable Integer tp;

  @Option(names = "--pp", description = "Pipeline-parallel degree (default: chosen by search).")
  @Nullable Integer pp;

  @Option(names = "--dp", description = "Data-parallel degree (default: chosen by search).")
  @Nullable Integer dp;

  @Option(names = "--cp", description = "Context-parallel degree (default: chosen by search).")
  @Nullable Integer cp;

  @Option(names = "--ep", description = "Expert-parallel degree for MoE models (default: chosen by search).")
  @Nullable Integer ep;

  @Option(names = "--etp",
      description = "Expert-tensor-parallel degree for MoE models: ways each expert is split; ep × etp must divide"
          + " tp × cp × dp (MoE parallel folding; default: tp, as Megatron).")
  @Nullable Integer etp;

  @Option(names = "--schedule",
      description = "Pipeline schedule: 1f1b, interleaved (with --virtual-stages), zb (zero-bubble ZB-H1) or dualpipe;"
          + " the rest of the layout is completed for it (default: chosen by search among 1f1b and interleaved).")
  @Nullable String schedule;

  @Option(names = "--virtual-stages",
      description = "Model chunks per pipeline rank; more than 1 is the interleaved schedule (default: chosen by search).")
  @Nullable Integer virtualStages;

  @Option(names = "--pp-last-stage-layers",
      description = "Transformer layers of the last pipeline stage (with virtual stages: of the last rank's chunks); the"
          + " other pp - 1 stages split the rest evenly, as Megatron-Core's num_layers_in_last_pipeline_stage. Needs"
          + " --pp > 1 (given, or set by --tp, --dp and --cp); not with --schedule dualpipe; virtual stages must divide"
          + " every stage's layers (default: the layers as even as they divide, the end stages one fewer).")
  @Nullable Integer ppLastStageLayers;

  @Option(names = "--pp-layout",
      description = "Layers of each pipeline stage and virtual stage as Megatron-Core's pipeline_model_parallel_layout"
          + " string (E embedding, t transformer layer, m MTP layer, L loss, | between virtual stages, x*N and (...)*N"
          + " repeats; virtual stage i is chunk i/pp of rank i mod pp), e.g. 'Et*4|(t*4|)*14tmL'. Needs --pp > 1 (given, or"
          + " set by --tp, --dp and --cp); fixes the virtual stages (the stages over pp) and the schedule (1f1b or"
          + " interleaved); not with --pp-last-stage-layers (default: no layout).")
  @Nullable String ppLayout;

  @Option(names = "--sequence-parallel", description = "Keep Megatron sequence parallelism on (default: chosen by search).")
  boolean sequenceParallel;

  @Option(names = "--no-sequence-parallel", description = "Keep Megatron sequence parallelism off (default: chosen by search).")
  boolean noSequenceParallel;

  @Option(names = "--micro-batch", description = "Micro-batch in sequences (default: chosen by search).")
  @Nullable Integer microBatch;

  @Option(names = {"--hsdp-shard", "--shard-group"},
      description = "HSDP shard group: data-parallel ranks a ZeRO/FSDP shard spans, dividing dp × cp; the groups"
          + " replicate (default: chosen by search between all of dp × cp and the data ranks of one scale-up domain).")
  @Nullable Integer shardGroup;

  @Option(names = "--fp8-dispatch",
      description = "MoE with --moe-dispatcher flex and an FP8 precision: send tokens to their experts in FP8 and"
          + " combine them in 16 bits, as DeepSeek-V3 (arXiv 2412.19437 §3.3.3) and DeepEP do (default: 16-bit dispatch,"
          + " as Megatron-Core).")
  boolean fp8Dispatch;

  @Option(names = "--recompute-norm-up-proj",
      description = "Latent-attention models: recompute every norm and MLA's up-projections in the backward pass"
          + " instead of keeping their outputs (DeepSeek-V3 §3.2.3; Megatron-Core's recompute_modules layernorm,"
          + " mla_up_proj) (default: kept).")
  boolean recomputeNormUpProj;

  @Option(names = "--fp8-activation-cache",
      description = "With an FP8 precision: keep the attention output in 12 bits and the experts' SwiGLU inputs in FP8,"
          + " recomputing the SwiGLU output, as DeepSeek-V3 did (§3.3.3) (default: 16-bit activations).")
  boolean fp8ActivationCache;

  @Option(names = "--distribute-checkpoints",
      description = "With --recompute full and tensor parallelism without sequence parallelism: keep each layer's"
          + " checkpointed input split over the tensor-parallel ranks and all-gather it before its recomputation, as"
          + " metaseq's --distribute-checkpointed-activations did for OPT-175B (keeps recompute full and sequence"
          + " parallelism off when they are not given) (default: off).")
  boolean distributeCheckpoints;

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

  @Option(names = "--global-batch", description = "Global batch in sequences (default: at least 512, a multiple of micro-batch × dp).")
  @Nullable Integer globalBatch;

  @Option(names = "--seq", description = "Sequence length in tokens (default: 2048, or the model's learned position table if shorter).")
  @Nullable Integer seq;

  @Option(names = "--tokens", description = "Training tokens, e.g. 300B or 2T (default: 20 per parameter).")
  @Nullable String tokens;

  @Option(names = "--precision", defaultValue = "bf16",
      description = "fp32, tf32, bf16, fp16, bf16-half-grads, fp16-half-grads, deepspeed-fp16, fp8 (per-tensor current scaling),"
          + " fp8-delayed, mxfp8, fp8-blockwise, fp8-rowwise or nvfp4 (FP4 GEMMs, Blackwell only) (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--zero", description = "ZeRO stage 0-3 or fsdp (default: chosen by search).")
  @Nullable String zero;

  @Option(names = "--recompute", description = "none, selective or full (default: chosen by search).")
  @Nullable String recompute;

  @Option(names = "--attention", defaultValue = "flash", description = "flash or unfused (default: ${DEFAULT-VALUE}).")
  String attention;

  @Option(names = "--price-per-gpu-hour", defaultValue = "2.00",
      description = "Price of one GPU-hour in USD (default: ${DEFAULT-VALUE}, an illustrative figure).")
  String pricePerGpuHour;

  @Option(names = "--pue", defaultValue = "1.2", description = "Data centre power usage effectiveness (default: ${DEFAULT-VALUE}).")
  double pue;

  @Mixin StackOptions stack;

  @Mixin CarbonOption carbon;

  @Mixin ClusterOptions clusterOptions;

  @Mixin JsonOption json;

  @Mixin AssumeLlamaOption assumeLlama;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    java.util.Optional<CarbonIntensity> ci = carbon.intensity();
    TrainingJob job = OptionNames.prefixed(this::job,
        OptionNames.renamed(TRAIN_FIELDS, "--hsdp-shard", OptionNames.typed(spec, "--hsdp-shard")));
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
    Layout layout = layout(job);
    Defaults defaults = defaults(job);
    PrintWriter out = spec.commandLine().getOut();
    boolean fits = e.memory().fits();
    if (json.enabled()) {
      ObjectNode n = toJson(e, layout);
      if (fits) {
        energyJson(n, e, ci, carbon);
      }
      defaults.json(n);
      out.println(JsonOutput.write(n));
    } else {
      out.print(defaults.insertInto(report(e, layout, fits ? energyLines(e, ci, carbon) : "")));
    }
    return 0;
  }

  /** Returns the defaults this job took for --tokens, --seq and --global-batch, with their values. */
  Defaults defaults(TrainingJob j) {
    Defaults d = new Defaults();
    if (tokens == null) {
      d.add("--tokens", String.format(Locale.ROOT, "%,d (20 per parameter)", j.trainingTokens().value()));
    }
    if (seq == null) {
      d.add("--seq", String.format(Locale.ROOT, "%,d%s", j.sequenceLength(),
          j.sequenceLength() < 2048 ? " (the model's learned position table)" : ""));
    }
    if (!stack.noMtp && j.multiTokenPrediction()) {
      d.add("--no-mtp", "absent: " + j.model().multiTokenPredictionLayers()
          + " multi-token-prediction module(s) trained (DeepSeek-V3 §2.2)");
    }
    if (globalBatch == null) {
      d.add("--global-batch", String.format(Locale.ROOT, "%,d (at least 512, a multiple of micro-batch × dp)",
          j.globalBatchSize()));
    }
    return d;
  }

  /**
   * Adds {@code pue}, {@code energyKwhPerMillionTokens} and, with an intensity, {@code
   * carbonIntensityGramsPerKwh}, {@code co2eKg} and {@code co2eKgPerMillionTokens}.
   */
  static void energyJson(ObjectNode n, TrainingEstimate e, java.util.Optional<CarbonIntensity> ci, CarbonOption c) {
    n.put("pue", e.job().pue());
    if (!CarbonOption.hasTdp(e.job().cluster().accelerator())) {
      n.put("energyNotEstimated", CarbonOption.noTdp(e.job().cluster().accelerator()));
      return;
    }
    n.put("energyKwhPerMillionTokens", e.energyPerMillionTokens().kilowattHours());
    ci.ifPresent(i -> {
      c.json(n, i);
      n.put("co2eKg", e.co2eKg(i));
      n.put("co2eKgPerMillionTokens", e.co2eKgPerMillionTokens(i));
    });
  }

  /** The energy and, with an intensity, the carbon lines of the text report. */
  static String energyLines(TrainingEstimate e, java.util.Optional<CarbonIntensity> ci, CarbonOption c) {
    if (!CarbonOption.hasTdp(e.job().cluster().accelerator())) {
      return "  energy               " + CarbonOption.noTdp(e.job().cluster().accelerator()) + "\n";
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "  energy               %,.0f kWh at PUE %.2f, %.4g kWh per million tokens%n", e.energy().kilowattHours(), e.job().pue(),
        e.energyPerMillionTokens().kilowattHours()));
    ci.ifPresent(i -> sb.append(String.format(Locale.ROOT,
        "  carbon               %,.0f kg CO2e, %.4g kg per million tokens, at %s%n", e.co2eKg(i),
        e.co2eKgPerMillionTokens(i), c.describe(i))));
    return sb.toString();
  }

  /**
   * What the user fixed and what the search chose, by knob name ("tp", "micro-batch"...), each with
   * its value as printed.
   *
   * @param fixed the knobs given on the command line (or determined by them), in order
   * @param chosen the knobs chosen by search, in order
   */
  record Layout(Map<String, String> fixed, Map<String, String> chosen) {
    Layout {
      fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
      chosen = Collections.unmodifiableMap(new LinkedHashMap<>(chosen));
    }

    /** Returns the layout of a job whose every knob was chosen by search (as {@code plan} does). */
    static Layout allChosen(TrainingJob j) {
      Parallelism p = j.parallelism();
      Map<String, String> chosen = new LinkedHashMap<>();
      chosen.put("tp", String.valueOf(p.tp()));
      chosen.put("pp", String.valueOf(p.pp()));
      chosen.put("dp", String.valueOf(p.dp()));
      chosen.put("cp", String.valueOf(p.cp()));
      chosen.put("ep", String.valueOf(p.ep()));
      chosen.put("micro-batch", String.valueOf(j.microBatchSize()));
      chosen.put("virtual stages", String.valueOf(p.virtualStages()));
      chosen.put("recompute", j.recompute().id());
      chosen.put("ZeRO", String.valueOf(j.zero().stage()));
      chosen.put("shard group", shardGroupText(j));
      chosen.put("schedule", p.schedule().id());
      chosen.put("etp", String.valueOf(p.etp()));
      chosen.put("sequence parallel", p.sequenceParallel() ? "on" : "off");
      return new Layout(Map.of(), chosen);
    }
  }

  private static void require(String option, @Nullable Integer value) {
    if (value != null && value < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, was " + value);
    }
  }

  /** Returns whether a degree was given, or determined by the GPUs and the three others given. */
  private boolean degreeFixed(@Nullable Integer value) {
    int given = (tp != null ? 1 : 0) + (pp != null ? 1 : 0) + (dp != null ? 1 : 0) + (cp != null ? 1 : 0);
    return value != null || given == 3;
  }

  Layout layout(TrainingJob j) {
    Parallelism p = j.parallelism();
    Map<String, String> fixed = new LinkedHashMap<>();
    Map<String, String> chosen = new LinkedHashMap<>();
    put(degreeFixed(tp), fixed, chosen, "tp", String.valueOf(p.tp()));
    put(degreeFixed(pp), fixed, chosen, "pp", String.valueOf(p.pp()));
    put(degreeFixed(dp), fixed, chosen, "dp", String.valueOf(p.dp()));
    put(degreeFixed(cp), fixed, chosen, "cp", String.valueOf(p.cp()));
    if (j.model().isMoe()) {
      put(ep != null, fixed, chosen, "ep", String.valueOf(p.ep()));
    }
    put(microBatch != null, fixed, chosen, "micro-batch", String.valueOf(j.microBatchSize()));
    if (p.pp() > 1 && j.lastPipelineStageLayers() > 0) {
      fixed.put("last stage layers", String.valueOf(j.lastPipelineStageLayers()));
    }
    j.pipelineLayout().ifPresent(l -> fixed.put("pp layout", l.toString()));
    j.ddpBucketParameters().ifPresent(v -> fixed.put("ddp bucket params", String.format(Locale.ROOT, "%,d", v)));
    if (p.pp() > 1 || virtualStages != null) {
      put(virtualStages != null || ppLayout != null, fixed, chosen, "virtual stages", String.valueOf(p.virtualStages()));
    }
    put(recompute != null || distributeCheckpoints, fixed, chosen, "recompute", j.recompute().id()
        + (recompute == null && distributeCheckpoints ? " (kept for --distribute-checkpoints)" : ""));
    put(zero != null || stack.fsdpBackwardPrefetch != null, fixed, chosen, "ZeRO", j.zero().stage()
        + (zero == null && stack.fsdpBackwardPrefetch != null
            ? " (kept for --fsdp-backward-prefetch; --zero 2 for FSDP1 SHARD_GRAD_OP)" : ""));
    if (j.zero() != ZeroStage.NONE && p.dp() * p.cp() > 1) {
      put(shardGroup != null, fixed, chosen, "shard group", shardGroupText(j));
    }
    if (p.pp() > 1) {
      put(schedule != null, fixed, chosen, "schedule", p.schedule().id());
    }
    if (j.model().isMoe()) {
      put(etp != null, fixed, chosen, "etp", String.valueOf(p.etp()));
    }
    if (p.tp() > 1) {
      put(sequenceParallel || noSequenceParallel || distributeCheckpoints, fixed, chosen, "sequence parallel",
          (p.sequenceParallel() ? "on" : "off")
              + (!sequenceParallel && !noSequenceParallel && distributeCheckpoints
                  ? " (kept for --distribute-checkpoints)" : ""));
    }
    return new Layout(fixed, chosen);
  }

  /** The HSDP shard group as printed: its data ranks, or "all" for all of dp × cp. */
  static String shardGroupText(TrainingJob j) {
    return j.shardGroupSize() > 0 ? String.valueOf(j.shardGroupSize()) : "all";
  }

  private static void put(boolean isFixed, Map<String, String> fixed, Map<String, String> chosen, String k, String v) {
    (isFixed ? fixed : chosen).put(k, v);
  }

  /**
   * The fields of a training job and its cluster as their refusals name them, each with the option that sets it,
   * which {@code train} and {@code plan} share (for {@link OptionNames}).
   */
  static final String[] JOB_FIELDS = {"globalBatchSize", "--global-batch", "shardGroupSize", "--hsdp-shard",
      "sequenceLength", "--seq", "virtualStages", "--virtual-stages", "pue", "--pue", "pricePerGpuHour",
      "--price-per-gpu-hour", "expertLoadImbalance", "--expert-imbalance", "activationOffloadLayers",
      "--offload-activation-layers", "trainingTokens", "--tokens", "scaleUpDomain", "--scale-up-domain", "precision", "--precision", "bf16Layers", "--bf16-layers",
      "cudaGraphs", "--cuda-graphs", "fp8Attention", "--fp8-attention", "recomputeMoeActivation", "--recompute-moe-act",
      "ddpBucketParameters", "--ddp-bucket-params"};

  /** The job's fields as its refusals name them, each with the option that sets it (for {@link OptionNames}). */
  static final String[] TRAIN_FIELDS = OptionNames.concat(new String[] {"ep × etp", "--ep × --etp",
      "fp8Dispatch", "--fp8-dispatch", "recomputeNormsAndUpProjections", "--recompute-norm-up-proj",
      "fp8ActivationCache", "--fp8-activation-cache",
      "distributeCheckpointedActivations", "--distribute-checkpoints",
      "microBatchSize", "--micro-batch", "lastPipelineStageLayers", "--pp-last-stage-layers",
      "pipelineLayout", "--pp-layout",
      "tp", "--tp", "pp", "--pp", "cp", "--cp", "ep", "--ep", "etp", "--etp"},
      JOB_FIELDS);

  TrainingJob job() {
    for (Object[] o : new Object[][] {{"--tp", tp}, {"--pp", pp}, {"--dp", dp}, {"--cp", cp}, {"--ep", ep},
        {"--etp", etp}, {"--virtual-stages", virtualStages}, {"--micro-batch", microBatch},
        {OptionNames.typed(spec, "--hsdp-shard"), shardGroup}, {"--global-batch", globalBatch}, {"--seq", seq}}) {
      require((String) o[0], (Integer) o[1]);
    }
    if (tpOverlap != null && !(tpOverlap >= 0 && tpOverlap <= 1)) {
      throw new IllegalArgumentException("--tp-overlap must be in [0, 1], was " + tpOverlap);
    }
    if (sequenceParallel && noSequenceParallel) {
      throw new IllegalArgumentException("--sequence-parallel and --no-sequence-parallel exclude each other");
    }
    ModelArchitecture m = Models.resolve(model, assumeLlama.policy());
    AcceleratorSpec acc = Accelerators.resolve(accelerator);
    carbon.requireTdp(acc);
    int sequence = seq != null ? seq
        : m.embeddings().positions() == PositionEncoding.LEARNED ? Math.min(2048, m.embeddings().maxPositions()) : 2048;
    TrainingJob.Builder b =
        TrainingJob.builder(m, clusterOptions.cluster(acc, gpus))
            .sequenceLength(sequence)
            .precision(stack.precision(precision))
            .attention(parseAttention(attention))
            .pricePerGpuHour(InferCommand.usd("--price-per-gpu-hour", pricePerGpuHour))
            .pue(pue);
    stack.requireMoeFor(m);
    stack.applyTo(b);
    if (tokens != null) {
      b.trainingTokens(parseTokens(tokens));
    }
    if (globalBatch != null) {
      b.globalBatchSize(globalBatch);
    }
    if (tpOverlap != null) {
      b.tensorParallelOverlap(tpOverlap);
    }
    b.fp8Dispatch(fp8Dispatch).recomputeNormsAndUpProjections(recomputeNormUpProj).fp8ActivationCache(fp8ActivationCache);
    b.distributeCheckpointedActivations(distributeCheckpoints);
    if (framework != null) {
      b.framework(parseFramework(framework));
    }
    @Nullable ZeroStage zeroStage = zero == null ? null : ZeroStage.parse(zero);
    @Nullable Recompute recomputeMode = recompute == null ? null : Recompute.parse(recompute);
    if (stack.fsdpBackwardPrefetch != null && zeroStage != null && zeroStage.stage() < 2) {
      // ZeRO 2 with post is PyTorch FSDP1's SHARD_GRAD_OP, ZeRO 3 FSDP's FULL_SHARD (s21a, s21j); below 2 nothing
      // is gathered or scattered per unit, so the option would do nothing
      throw new IllegalArgumentException("--fsdp-backward-prefetch " + stack.fsdpBackwardPrefetch + " applies with"
          + " --zero 2 (FSDP SHARD_GRAD_OP) or 3 (FULL_SHARD), was --zero " + zero);
    }
    @Nullable String prefetchGiven = stack.fsdpBackwardPrefetch;
    if (prefetchGiven != null && zeroStage == ZeroStage.GRADIENTS && pp != null && pp > 1
        && prefixed(() -> dev.llmcost.costmodel.training.FsdpBackwardPrefetch.parse(prefetchGiven))
            == dev.llmcost.costmodel.training.FsdpBackwardPrefetch.POST) {
      // FSDP1's SHARD_GRAD_OP is costed per unit with pp 1 only (Evaluator.fsdp1ShardGradOp); with pipeline stages the
      // bucketed charge stays, so the option would change nothing
      throw new IllegalArgumentException("--fsdp-backward-prefetch post with --zero 2 (FSDP1 SHARD_GRAD_OP) applies"
          + " with --pp 1, was --pp " + pp);
    }
    if (distributeCheckpoints) {
      requireDistributableCheckpoints(recomputeMode);
      if (stack.epOverlap && recomputeMode == null) {
        // --distribute-checkpoints keeps full recomputation, which the overlap excludes (s14q)
        throw new IllegalArgumentException("--ep-overlap excludes --distribute-checkpoints (it splits the checkpoints"
            + " of full recomputation; Megatron-Core: \"disable full recomputation when enabling"
            + " overlap_moe_expert_parallel_comm\")");
      }
      if (recomputeMode == null) {
        // the option splits the checkpointed inputs of full recomputation: the search keeps recompute full
        recomputeMode = Recompute.FULL;
      }
    }
    if (stack.epOverlap) {
      requireOverlappableExperts(recomputeMode);
    }
    if (stack.fsdpBackwardPrefetch != null && zeroStage == null) {
      // the option is the user's fixed knob: without --zero the search keeps ZeRO 3, as before s21j (--zero 2 asks
      // for FSDP1's SHARD_GRAD_OP)
      zeroStage = ZeroStage.PARAMETERS;
    }
    if (shardGroup != null && zeroStage == ZeroStage.NONE) {
      throw new IllegalArgumentException(OptionNames.typed(spec, "--hsdp-shard") + " needs --zero 1, 2 or 3, was --zero "
          + zero);
    }
    if (dp != null && tp != null && pp != null && cp != null && dp * tp * pp * cp != gpus) {
      throw new IllegalArgumentException("gpus (" + gpus + ") must equal dp × tp × pp × cp = " + dp + " × " + tp + " × "
          + pp + " × " + cp + " = " + dp * tp * pp * cp);
    }
    if (virtualStages != null && virtualStages == 1 && schedule != null
        && PipelineSchedule.parse(schedule) == PipelineSchedule.INTERLEAVED) {
      throw new IllegalArgumentException("--schedule interleaved needs --virtual-stages > 1, was 1");
    }
    @Nullable PipelineLayout layout = null;
    if (ppLayout != null) {
      // s21f: Megatron-Core's pipeline_model_parallel_layout fixes the pipeline, its chunks and their schedule
      @Nullable Integer q = fixedPipeline();
      layout = PipelineLayoutOption.parse(ppLayout, m, q, q == null ? "--pp not given"
              : pp != null ? "--pp " + pp : "pp " + q + " (set by --tp, --dp and --cp on " + gpus + " GPUs)",
          ppLastStageLayers != null, virtualStages == null ? null : List.of(virtualStages),
          schedule == null ? null : List.of(PipelineSchedule.parse(schedule)), !stack.noMtp);
      b.pipelineLayout(layout);
    }
    if (ppLastStageLayers != null) {
      // the last stage's layers replace the even split: its own rule for the pipeline and the chunks (s20o)
      requirePlaceableLastStage(m, virtualStages);
      b.lastPipelineStageLayers(ppLastStageLayers);
    }
    if (virtualStages != null && virtualStages > 1 && pp != null && ppLastStageLayers == null && layout == null) {
      // the search interleaves only chunks of equal size: v divides the layers of the largest stage
      // (SearchProblem.interleavingsOf over Evaluator.largestStageLayers, ceil(layers / pp))
      int perStage = (m.layers() + pp - 1) / pp;
      if (pp == 1) {
        throw new IllegalArgumentException("--virtual-stages " + virtualStages + " needs --pp > 1, was --pp 1");
      }
      if (perStage % virtualStages != 0) {
        throw new IllegalArgumentException("--virtual-stages must divide the layers per stage (" + perStage + ": "
            + m.layers() + " layers of " + m.id() + " on --pp " + pp + ") into equal chunks, was " + virtualStages);
      }
    }
    if (virtualStages != null && virtualStages > 1 && pp == null && ppLastStageLayers == null && layout == null) {
      // the same rule over every pipeline degree the GPUs allow: refused when none has equal chunks
      int rest = gpus / ((tp == null ? 1 : tp) * (cp == null ? 1 : cp) * (dp == null ? 1 : dp));
      List<String> tried = new java.util.ArrayList<>();
      boolean any = false;
      for (int q = 2; q <= Math.min(rest, m.layers()); q++) {
        if (rest % q == 0) {
          int perStage = (m.layers() + q - 1) / q;
          tried.add("pp " + q + ": " + perStage);
          any |= perStage % virtualStages == 0;
        }
      }
      if (!any) {
        throw new IllegalArgumentException("--virtual-stages must divide the layers per stage of some pipeline on "
            + gpus + " GPUs (" + m.layers() + " layers of " + m.id() + (tried.isEmpty() ? "; no --pp > 1 fits beside the degrees given"
            : "; " + String.join(", ", tried)) + "), was " + virtualStages);
      }
    }
    SearchSpace space = SearchSpace.ALL;
    if (tp != null) {
      space = space.withTensorParallel(List.of(tp));
    }
    if (pp != null) {
      space = space.withPipelineParallel(List.of(pp));
    }
    if (dp != null) {
      space = space.withDataParallel(List.of(dp));
    }
    if (cp != null) {
      space = space.withContextParallel(List.of(cp));
    }
    if (ep != null) {
      space = space.withExpertParallel(List.of(ep));
    }
    if (layout != null) {
      space = space.withPipelineParallel(List.of(layout.pipelineStages()))
          .withVirtualStages(List.of(layout.virtualStages()))
          .withSchedules(List.of(PipelineLayoutOption.schedule(layout)));
    } else if (virtualStages != null) {
      space = space.withVirtualStages(List.of(virtualStages));
    } else if (ppLastStageLayers != null) {
      // the chunk counts Megatron-Core builds with the last stage given: those dividing every stage's layers (s20o)
      space = space.withVirtualStages(lastStageChunks(m, java.util.Objects.requireNonNull(fixedPipeline())));
    }
    if (microBatch != null) {
      space = space.withMicroBatches(List.of(microBatch));
    }
    if (recomputeMode != null) {
      space = space.withRecomputes(List.of(recomputeMode));
    }
    if (zeroStage != null) {
      space = space.withZeroStages(List.of(zeroStage));
    }
    if (sequenceParallel || noSequenceParallel) {
      space = space.withSequenceParallel(List.of(sequenceParallel));
    } else if (distributeCheckpoints) {
      // sequence parallelism splits the stored inputs already (metaseq refuses the two together)
      space = space.withSequenceParallel(List.of(false));
    }
    if (schedule != null) {
      PipelineSchedule s = PipelineSchedule.parse(schedule);
      if (s != PipelineSchedule.ONE_F_ONE_B && pp != null && pp == 1) {
        throw new IllegalArgumentException("--schedule " + s.id() + " needs --pp > 1, was --pp 1");
      }
      space = space.withSchedules(List.of(s));
      if (s != PipelineSchedule.ONE_F_ONE_B && pp == null && layout == null) {
        // a schedule names a pipeline: complete the layout among the pipelined ones
        space = space.withPipelineParallel(java.util.stream.IntStream.rangeClosed(2, Math.max(2, m.layers())).boxed().toList());
      }
    }
    if (etp != null && m.isMoe()) {
      space = space.withExpertTensorParallel(List.of(etp));
    }
    if (shardGroup != null) {
      b.shardGroupSize(shardGroup);
    }
    TrainingJob completed;
    try {
      completed = ParallelismChooser.complete(b, space);
    } catch (IllegalArgumentException noCompletion) {
      // name the reason: build the fixed values with the rest at their simplest
      throw direct(b, zeroStage, recomputeMode, noCompletion);
    }
    if (etp == null || m.isMoe()) {
      return completed;
    }
    // a dense model has no experts: the job names why an etp other than tp is refused
    Parallelism p = completed.parallelism();
    return completed.toBuilder()
        .parallelism(Parallelism.builder().dp(p.dp()).tp(p.tp()).pp(p.pp()).cp(p.cp()).ep(p.ep()).etp(etp)
            .virtualStages(p.virtualStages()).schedule(p.schedule()).sequenceParallel(p.sequenceParallel()).build())
        .build();
  }

  /** Returns the pipeline degree given, or set by --tp, --dp and --cp on the GPUs; null when the search chooses it. */
  private @Nullable Integer fixedPipeline() {
    if (pp != null) {
      return pp;
    }
    if (tp == null || dp == null || cp == null) {
      return null;
    }
    long rest = (long) tp * dp * cp;
    return gpus % rest == 0 ? (int) (gpus / rest) : null;
  }

  /**
   * Refuses a {@code --pp-last-stage-layers} that Megatron-Core's {@code num_layers_in_last_pipeline_stage} would not
   * build (TrainingJob.Builder#lastPipelineStageLayers): the pipeline must be fixed and above one stage, the other
   * stages must split the rest evenly, DualPipe places its stages itself, and with virtual stages every stage's layers
   * must divide into the chunks: the last stage's and each other rank's ({@code TransformerConfig.__post_init__},
   * megatron/core/transformer/transformer_config.py at NVIDIA/Megatron-LM core_v0.15.0 103851dc, l.1110-1150:
   * "number of layers at last stage ... must be divisible by virtual pipeline parallel degree", "number of layers on
   * each middle pipeline rank ... must be divisible by virtual pipeline parallel degree") (s20o).
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  private void requirePlaceableLastStage(ModelArchitecture m, @Nullable Integer chunks) {
    int last = ppLastStageLayers;
    PipelineLastStage.requireAtLeastOne(last);
    @Nullable Integer q = fixedPipeline();
    if (q == null) {
      throw new IllegalArgumentException("--pp-last-stage-layers " + last + " places the layers of a given pipeline;"
          + " needs --pp > 1, was --pp not given");
    }
    if (q == 1) {
      throw new IllegalArgumentException("--pp-last-stage-layers " + last + " needs --pp > 1, was "
          + (pp != null ? "--pp 1" : "pp 1 (set by --tp, --dp and --cp on " + gpus + " GPUs)"));
    }
    PipelineLastStage.requireNotDualPipe(schedule != null && PipelineSchedule.parse(schedule) == PipelineSchedule.DUALPIPE,
        last);
    int others = PipelineLastStage.otherStagesLayers(m, q, last);
    String placement = PipelineLastStage.placement(m, q, last, others);
    if (chunks != null && chunks > 1 && (others % chunks != 0 || last % chunks != 0)) {
      throw PipelineLastStage.chunksRefused(placement, chunks);
    }
    if (chunks == null && schedule != null && PipelineSchedule.parse(schedule) == PipelineSchedule.INTERLEAVED
        && PipelineLastStage.chunkCounts(last, others).size() == 1) {
      throw PipelineLastStage.interleavingRefused(placement);
    }
  }

  /** The virtual-stage counts that divide the last stage's layers and the other stages' even share, 1 first. */
  private List<Integer> lastStageChunks(ModelArchitecture m, int q) {
    int last = ppLastStageLayers;
    return PipelineLastStage.chunkCounts(last, (m.layers() - last) / (q - 1));
  }

  /**
   * Refuses {@code --distribute-checkpoints} beside the options given that leave it nothing to split: it splits the
   * layer inputs that full recomputation stores over the tensor-parallel ranks (metaseq's {@code
   * --distribute-checkpointed-activations}, {@code checkpoint_activations.py} at f7ffa5fd), which sequence
   * parallelism splits already (metaseq refuses the two together) and one rank keeps whole.
   *
   * @throws IllegalArgumentException naming the option and the value that excludes it
   */
  private void requireDistributableCheckpoints(@Nullable Recompute recomputeMode) {
    if (recomputeMode != null && recomputeMode != Recompute.FULL) {
      throw new IllegalArgumentException("--distribute-checkpoints splits the layer inputs that full recomputation"
          + " stores; needs --recompute full, was --recompute " + recomputeMode.id());
    }
    if (sequenceParallel) {
      throw new IllegalArgumentException("--distribute-checkpoints excludes --sequence-parallel, which splits the"
          + " stored layer inputs over the tensor-parallel ranks already (metaseq refuses the two together)");
    }
    if (tp != null && tp == 1) {
      throw new IllegalArgumentException("--distribute-checkpoints splits the stored layer inputs over the"
          + " tensor-parallel ranks; needs --tp > 1, was --tp 1");
    }
  }

  /**
   * Refuses {@code --ep-overlap} beside the options given that Megatron-Core's combined 1F1B refuses
   * ({@code TransformerConfig.__post_init__}, megatron/core/transformer/transformer_config.py at NVIDIA/Megatron-LM
   * d98e8a64dd: "disable full recomputation when enabling overlap_moe_expert_parallel_comm", "... only supported with
   * expert model parallelism", "virtual_pipeline_model_parallel_size must be specified when
   * pipeline_model_parallel_size > 1"). Given explicitly, they were accepted: --recompute full costed overlapped,
   * --ep 1 and --pp 2 --virtual-stages 1 costed as without the option.
   *
   * @throws IllegalArgumentException naming the option and the value that excludes it
   */
  private void requireOverlappableExperts(@Nullable Recompute recomputeMode) {
    if (recomputeMode == Recompute.FULL) {
      throw new IllegalArgumentException("--ep-overlap excludes --recompute full (Megatron-Core: \"disable full"
          + " recomputation when enabling overlap_moe_expert_parallel_comm\"); use --recompute selective or none");
    }
    if (ep != null && ep == 1) {
      throw new IllegalArgumentException("--ep-overlap hides the expert-parallel all-to-alls; needs --ep > 1, was --ep 1"
          + " (Megatron-Core: overlap_moe_expert_parallel_comm is only supported with expert model parallelism)");
    }
    boolean oneChunk = (virtualStages != null && virtualStages == 1)
        || (schedule != null && schedule.trim().equalsIgnoreCase("1f1b"));
    if (pp != null && pp > 1 && oneChunk) {
      throw new IllegalArgumentException("--ep-overlap with --pp " + pp + " needs the interleaved schedule (--virtual-stages"
          + " > 1), was " + (virtualStages != null ? "--virtual-stages " + virtualStages : "--schedule " + schedule)
          + " (Megatron-Core: virtual_pipeline_model_parallel_size must be specified when pipeline_model_parallel_size"
          + " > 1)");
    }
  }

  /** Returns the precise error of the fixed values, or {@code fallback} when they are valid. */
  private IllegalArgumentException direct(TrainingJob.Builder b, @Nullable ZeroStage zeroStage,
      @Nullable Recompute recomputeMode, IllegalArgumentException fallback) {
    int t = tp == null ? 1 : tp;
    int p = pp == null ? 1 : pp;
    int c = cp == null ? 1 : cp;
    int d;
    if (dp != null) {
      d = dp;
    } else {
      int rest = t * p * c;
      if (gpus % rest != 0) {
        return new IllegalArgumentException("--tp × --pp × --cp must divide --gpus (" + gpus + "), was " + rest);
      }
      d = gpus / rest;
    }
    // ParallelismChooser.complete left its placeholder's global batch (the GPUs) and shard group (0) in the
    // template: the fixed values are the user's, or the job's default batch for this micro-batch × dp
    long unit = (long) (microBatch == null ? 1 : microBatch) * d;
    if (globalBatch == null && unit > Integer.MAX_VALUE) {
      // the default global batch was clamped to 2,147,483,647 and the refusal named --global-batch, not given (s14j)
      return new IllegalArgumentException(String.format(Locale.ROOT, "--micro-batch %,d × dp %,d = %,d sequences per"
          + " step, more than the largest global batch (%,d)", microBatch == null ? 1 : microBatch, d, unit,
          Integer.MAX_VALUE));
    }
    b.globalBatchSize(globalBatch != null ? globalBatch
        : (int) Math.min(Integer.MAX_VALUE, unit * Math.max(1, (TrainingJob.DEFAULT_GLOBAL_BATCH + unit - 1) / unit)));
    if (shardGroup != null) {
      b.shardGroupSize(shardGroup);
    }
    try {
      int v = virtualStages == null ? 1 : virtualStages;
      PipelineSchedule s = schedule != null ? PipelineSchedule.parse(schedule)
          : v > 1 ? PipelineSchedule.INTERLEAVED : PipelineSchedule.ONE_F_ONE_B;
      b.parallelism(Parallelism.builder().dp(d).tp(t).pp(p).cp(c).ep(ep == null ? 1 : ep).etp(etp == null ? t : etp)
          .virtualStages(v).schedule(s).sequenceParallel(t > 1 && !noSequenceParallel && !distributeCheckpoints).build())
          .microBatchSize(microBatch == null ? 1 : microBatch)
          .zero(zeroStage == null ? (shardGroup == null ? ZeroStage.NONE : ZeroStage.OPTIMIZER_STATES) : zeroStage)
          .recompute(recomputeMode == null ? Recompute.NONE : recomputeMode)
          .build();
    } catch (IllegalArgumentException precise) {
      return precise;
    }
    return fallback;
  }

  static TrainingAttentionKernel parseAttention(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "flash", "flash2" -> TrainingAttentionKernel.FLASH;
      case "flash1", "triton" -> TrainingAttentionKernel.FLASH_1;
      case "unfused" -> TrainingAttentionKernel.UNFUSED;
      default -> throw new IllegalArgumentException("attention must be flash, flash1 or unfused, was \"" + s + "\"");
    };
  }

  /**
   * Parses a token count with an optional K, M, B or T suffix ({@code 300B}, {@code 2T}, {@code
   * 1.5T}).
   *
   * @param s the text
   * @return the count
   * @throws IllegalArgumentException if the text is not a positive count
   */
  static TokenCount parseTokens(String s) {
    String t = s.trim().toUpperCase(Locale.ROOT).replace("_", "").replace(",", "");
    long scale = 1;
    if (!t.isEmpty()) {
      char last = t.charAt(t.length() - 1);
      scale = switch (last) {
        case 'K' -> 1_000L;
        case 'M' -> 1_000_000L;
        case 'B', 'G' -> 1_000_000_000L;
        case 'T' -> 1_000_000_000_000L;
        default -> 1;
      };
      if (scale > 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    try {
      BigDecimal v = new BigDecimal(t).multiply(BigDecimal.valueOf(scale));
      if (v.signum() <= 0) {
        throw new IllegalArgumentException("--tokens must be > 0, was \"" + s + "\"");
      }
      if (v.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException("--tokens must be a whole number of tokens, was \"" + s + "\"");
      }
      return TokenCount.of(v.longValueExact());
    } catch (NumberFormatException | ArithmeticException ex) {
      throw new IllegalArgumentException(
          "--tokens must be a count such as 300B or 2T, at most 9.2E18, was \"" + s + "\"", ex);
    }
  }

  static ObjectNode toJson(TrainingEstimate e, Layout layout) {
    TrainingJob j = e.job();
    ObjectNode n = JsonOutput.object();
    n.put("model", j.model().id());
    n.put("accelerator", j.cluster().accelerator().id());
    n.put("gpus", j.gpus());
    n.put("scaleUpDomain", j.cluster().gpusPerNode());
    ClusterOptions.json(n, j.cluster());
    n.put("configurationChosen", !layout.chosen().isEmpty());
    ObjectNode chosenNode = n.putObject("chosen");
    layout.chosen().forEach(chosenNode::put);
    ArrayNode fixedNode = n.putArray("fixed");
    layout.fixed().keySet().forEach(fixedNode::add);
    Parallelism p = j.parallelism();
    n.put("dp", p.dp());
    n.put("tp", p.tp());
    n.put("pp", p.pp());
    n.put("cp", p.cp());
    n.put("ep", p.ep());
    n.put("etp", p.etp());
    n.put("schedule", p.schedule().id());
    n.put("virtualStages", p.virtualStages());
    if (p.pp() > 1 && j.lastPipelineStageLayers() > 0) {
      n.put("lastPipelineStageLayers", j.lastPipelineStageLayers());
    }
    j.pipelineLayout().ifPresent(l -> n.put("pipelineLayout", l.toString()));
    j.ddpBucketParameters().ifPresent(v -> n.put("ddpBucketParameters", v));
    n.put("sequenceParallel", p.sequenceParallel());
    n.put("microBatch", j.microBatchSize());
    n.put("globalBatch", j.globalBatchSize());
    n.put("seq", j.sequenceLength());
    n.put("tokens", j.trainingTokens().value());
    n.put("precision", j.precision().id());
    n.put("zero", j.zero().stage());
    n.put("recompute", j.recompute().id());
    n.put("shardGroup", j.shardGroupSize());
    n.put("tensorParallelOverlap", j.tensorParallelOverlap());
    n.put("framework", j.framework().id());
    if (j.model().isMoe()) {
      n.put("expertLoadImbalance", j.expertLoadImbalance());
      n.put("expertParallelOverlap", j.expertParallelOverlap());
      n.put("moeDispatcher", j.moeDispatcher().id());
      n.put("fp8Dispatch", j.fp8Dispatch());
      n.put("recomputeMoeActivation", j.recomputeMoeActivation());
      if (!j.expertCapacity().isDropless()) {
        n.put("expertCapacityFactor", j.expertCapacity().factor());
        n.put("expertPaddedToCapacity", j.expertCapacity().isPadded());
      }
    }
    if (j.zero().stage() >= 2) {
      n.put("fsdpBackwardPrefetch", j.fsdpBackwardPrefetch().id());
    }
    n.put("recomputeNormsAndUpProjections", j.recomputeNormsAndUpProjections());
    n.put("fp8ActivationCache", j.fp8ActivationCache());
    n.put("cudaGraphs", j.cudaGraphs().id());
    n.put("fp8Attention", j.fp8Attention());
    n.put("distributeCheckpointedActivations", j.distributeCheckpointedActivations());
    n.put("crossEntropyFusion", j.crossEntropyFusion());
    n.put("gradientAccumulationFusion", j.gradientAccumulationFusion());
    n.put("parameterGatherBytes", j.parameterGatherElementBytes());
    n.put("flopsPerToken", e.modelFlopsPerToken().value());
    n.put("hardwareFlopsPerToken", e.hardwareFlopsPerToken().value());
    boolean fits = e.memory().fits();
    if (fits) {
      timeJson(n, e);
    } else {
      n.put("notRun", NOT_RUN);
    }
    memoryJson(n, e.memory());
    n.put("totalFlops", e.totalFlops().value());
    if (fits) {
      n.put("wallClockSeconds", Seconds.of(e.wallClock()));
      n.put("gpuHours", e.gpuHours());
      n.put("costUsd", e.cost().amount().setScale(2, RoundingMode.HALF_UP));
    }
    n.put("pricePerGpuHourUsd", j.pricePerGpuHour().amount());
    if (fits && CarbonOption.hasTdp(j.cluster().accelerator())) {
      n.put("energyKwh", e.energy().kilowattHours());
    }
    ArrayNode as = n.putArray("assumptions");
    e.assumptions().forEach(as::add);
    return n;
  }

  /** Why a configuration that does not fit has no step time, wall clock, cost or energy. */
  static final String NOT_RUN = "does not fit in memory: no step time, wall clock, GPU-hours, cost or energy";

  private static void timeJson(ObjectNode n, TrainingEstimate e) {
    n.put("stepSeconds", e.stepSeconds());
    n.put("tokensPerSecondPerGpu", e.tokensPerSecondPerGpu());
    n.put("achievedTflopsPerGpu", e.achievedFlopsPerGpu().toTera());
    n.put("hardwareTflopsPerGpu", e.hardwareFlopsPerGpu().toTera());
    n.put("mfu", e.mfu());
    n.put("hfu", e.hfu());
    TimeBreakdown t = e.time();
    ObjectNode time = n.putObject("stepSecondsBreakdown");
    time.put("compute", t.compute());
    time.put("memoryBound", t.memoryBound());
    time.put("tensorParallel", t.tensorParallel());
    time.put("contextParallel", t.contextParallel());
    time.put("expertParallel", t.expertParallel());
    time.put("pipelineP2p", t.pipelineP2p());
    time.put("fsdp", t.fsdp());
    time.put("bubble", t.bubble());
    time.put("dataParallel", t.dataParallel());
    time.put("optimizer", t.optimizer());
  }

  private static void memoryJson(ObjectNode n, TrainingMemory m) {
    ObjectNode mem = n.putObject("memoryPerGpuBytes");
    mem.put("weights", m.weights().bytes());
    mem.put("gradients", m.gradients().bytes());
    mem.put("optimizer", m.optimizerStates().bytes());
    mem.put("masterWeights", m.masterWeights().bytes());
    mem.put("activations", m.activations().bytes());
    mem.put("communicationBuffers", m.communicationBuffers().bytes());
    mem.put("total", m.total().bytes());
    mem.put("fragmentationReserve", m.fragmentationReserve().bytes());
    mem.put("capacity", m.capacity().bytes());
    // sizes are never negative: what is missing when it does not fit is its own key
    mem.put("headroom", Math.max(0, m.headroomBytes()));
    mem.put("shortfall", Math.max(0, -m.headroomBytes()));
    n.put("fits", m.fits());
    n.put("headroomBelowReserve", m.belowReserve());
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }

  private static String list(Map<String, String> knobs) {
    StringBuilder sb = new StringBuilder();
    knobs.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return sb.toString();
  }

  static String report(TrainingEstimate e, Layout layout) {
    return report(e, layout, "");
  }

  static String report(TrainingEstimate e, Layout layout, String energy) {
    TrainingJob j = e.job();
    boolean chosen = !layout.chosen().isEmpty();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s on %,d × %s (scale-up domains of %d), %,d tokens at sequence %,d%n",
        j.model().id(), j.gpus(), j.cluster().accelerator().id(), j.cluster().gpusPerNode(), j.trainingTokens().value(),
        j.sequenceLength()));
    TrainingMemory m = e.memory();
    boolean fits = m.fits();
    if (!fits) {
      sb.append(String.format(Locale.ROOT, "  %s %s per GPU, of %s%n",
          chosen ? "nothing fits: no configuration " + (layout.fixed().isEmpty() ? "" : "with the fixed values ")
              + "holds it; the one needing the least memory needs"
              : "does not fit: this configuration needs",
          needs(m), gib(m.capacity().bytes())));
    }
    String label = fits
        ? (!chosen ? "" : layout.fixed().isEmpty() ? " (chosen: fastest that fits)" : " (completed: fastest that fits)")
        : (!chosen ? "" : " (least memory)");
    sb.append(String.format(Locale.ROOT, "  configuration%s: %s, micro-batch %,d, global batch %,d, %s, ZeRO %d, recompute %s%n",
        label, j.parallelism(), j.microBatchSize(), j.globalBatchSize(),
        j.precision().id(), j.zero().stage(), j.recompute().id()));
    if (j.shardGroupSize() > 0 || j.tensorParallelOverlap() > 0) {
      sb.append(String.format(Locale.ROOT, "  HSDP shard group %s, tensor-parallel overlap %s%n",
          j.shardGroupSize() > 0 ? String.valueOf(j.shardGroupSize()) : "all of dp × cp",
          Text.fixed(j.tensorParallelOverlap(), 2)));
    }
    if (chosen) {
      sb.append("  chosen by search: ").append(list(layout.chosen())).append('\n');
      if (!layout.fixed().isEmpty()) {
        sb.append("  fixed: ").append(list(layout.fixed())).append('\n');
      }
    }
    sb.append(String.format(Locale.ROOT, "  FLOPs per token      %s model, %s hardware; total %s%n",
        Text.sci(e.modelFlopsPerToken().value()), Text.sci(e.hardwareFlopsPerToken().value()), Text.sci(e.totalFlops().value())));
    if (!fits) {
      memoryLines(sb, m);
      sb.append("  ").append(NOT_RUN).append('\n');
      sb.append("\n  assumptions\n");
      e.assumptions().stream().filter(a -> !a.startsWith("wall clock for"))
          .forEach(a -> sb.append("    - ").append(a).append('\n'));
      return sb.toString();
    }
    sb.append(String.format(Locale.ROOT, "  step                 %.3f s, %,.0f tokens/s per GPU, %,.1f TFLOP/s per GPU, MFU %.1f%%, HFU %.1f%%%n",
        e.stepSeconds(), e.tokensPerSecondPerGpu(), e.achievedFlopsPerGpu().toTera(), 100 * e.mfu(), 100 * e.hfu()));
    TimeBreakdown t = e.time();
    sb.append(String.format(Locale.ROOT,
        "    compute %.3f, memory-bound %.3f, TP %.3f, CP %.3f, EP %.3f, PP p2p %.3f, FSDP %.3f, bubble %.3f, DP %.3f, optimizer %.3f s%n",
        t.compute(), t.memoryBound(), t.tensorParallel(), t.contextParallel(), t.expertParallel(), t.pipelineP2p(), t.fsdp(),
        t.bubble(), t.dataParallel(), t.optimizer()));
    memoryLines(sb, m);
    sb.append(String.format(Locale.ROOT, "  wall clock           %.1f days, %,.0f GPU-hours, USD %s at %s per GPU-hour%s%n",
        Seconds.of(e.wallClock()) / 86400, e.gpuHours(), String.format(Locale.ROOT, "%,d", e.cost().amount().setScale(0, RoundingMode.HALF_UP).toBigInteger()),
        j.pricePerGpuHour().amount().setScale(2, RoundingMode.HALF_UP).toPlainString(),
        CarbonOption.hasTdp(j.cluster().accelerator())
            ? String.format(Locale.ROOT, ", %,.0f kWh", e.energy().kilowattHours()) : ""));
    sb.append(energy);
    sb.append("\n  assumptions\n");
    e.assumptions().forEach(a -> sb.append("    - ").append(a).append('\n'));
    return sb.toString();
  }

  /** What a configuration needs per GPU: the total, and with the fragmentation reserve. */
  static String needs(TrainingMemory m) {
    return gib(m.total().bytes()) + " (" + gib(m.total().bytes() + m.fragmentationReserve().bytes())
        + " with the fragmentation reserve)";
  }

  private static void memoryLines(StringBuilder sb, TrainingMemory m) {
    sb.append(String.format(Locale.ROOT, "  memory per GPU       %s of %s, headroom %s: %s%n", gib(m.total().bytes()),
        gib(m.capacity().bytes()), gib(Math.max(0, m.headroomBytes())), m.fits() ? "fits" : "DOES NOT FIT"));
    if (m.belowReserve()) {
      sb.append(String.format(Locale.ROOT,
          "  warning: headroom %s is below the %s fragmentation reserve; allocator fragmentation may not fit%n",
          gib(m.headroomBytes()), gib(m.fragmentationReserve().bytes())));
    }
    sb.append(String.format(Locale.ROOT, "    weights %s, gradients %s, master %s, optimizer %s, activations %s, buffers %s%n",
        gib(m.weights().bytes()), gib(m.gradients().bytes()), gib(m.masterWeights().bytes()), gib(m.optimizerStates().bytes()),
        gib(m.activations().bytes()), gib(m.communicationBuffers().bytes())));
  }

  /** Runs a parser whose message names the option without its dashes, and adds them. */
  static <T> T prefixed(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage().replace("moe dispatcher", "moe-dispatcher")
          .replace("fsdp backward prefetch", "fsdp-backward-prefetch"), e);
    }
  }

  static TrainingFramework parseFramework(String v) {
    try {
      return TrainingFramework.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage(), e);
    }
  }
}
