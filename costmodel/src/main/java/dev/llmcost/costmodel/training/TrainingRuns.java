package dev.llmcost.costmodel.training;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.BlockLayout;
import dev.llmcost.core.model.HuggingFaceConfigs;
import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.NormKind;
import dev.llmcost.core.model.Normalization;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.internal.training.CsvTable;
import dev.llmcost.costmodel.planner.SearchSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads tables of measured training runs: the bundled calibration data, the held-out validation
 * data of the tests, and a user's own runs for {@code llmcost calibrate}.
 *
 * <p>One row is one measured configuration. Columns (a header names them; order is free):
 *
 * <ul>
 *   <li>required: {@code id}, {@code model} (a catalog id, an id of the models table given with
 *       the runs, or a path to a HuggingFace {@code config.json}), {@code accelerator} (a catalog
 *       id), {@code gpus}, {@code seq}, {@code global_batch} (sequences), and a measurement: either
 *       {@code tokens_per_second_per_gpu} or {@code measured} + {@code value} with {@code measured}
 *       one of {@code tokens_per_second_per_gpu}, {@code iteration_seconds}, {@code
 *       hardware_tflops_per_gpu} (Narayanan et al. 2021 eq. 3 accounting);
 *   <li>optional, with the default in brackets: {@code publication} or {@code group} [the id],
 *       {@code gpus_per_node} [the accelerator's scale-up domain, or its largest divisor of gpus], {@code network_gbit_per_gpu} [the accelerator's catalog
 *       network bandwidth], {@code dp} [gpus / (tp·pp·cp)], {@code tp}, {@code pp}, {@code vpp},
 *       {@code cp}, {@code ep} [1], {@code etp} [tp], {@code precision} [bf16], {@code param_gather_bytes} [the
 *       precision's: bytes per element of parameter all-gathers (ZeRO/FSDP, Megatron's distributed optimizer), 1 for Megatron's {@code fp8_param_gather} or torchao's float8
 *       all-gather, {@link PrecisionRecipe#parameterGatherBytes()}], {@code fp8_params} [false, or implied by
 *       {@code param_gather_bytes} 1: true when the linear weights are FP8 tensors however they are gathered, as
 *       Megatron-Core's MXFP8 parameters gathered in bf16, {@link PrecisionRecipe#fp8Parameters()}], {@code shard_group}
 *       [no hybrid sharding], {@code ddp_bucket_params} [Megatron-Core's max(40 M, 1 M × data-parallel size): parameters
 *       per data-parallel gradient bucket, {@link TrainingJob#ddpBucketParameters()}], {@code grad_bytes} [the precision's: bytes per gradient element as accumulated and
 *       reduced over the data ranks, 2 for Megatron-Core's {@code grad_reduce_in_fp32=False} or 4], {@code attention} [flash], {@code dropout} [false], {@code
 *       dp_overlap} [true], {@code tp_overlap} [0: the fraction of tensor-parallel communication run
 *       decomposed beside the matmuls, {@link TrainingJob#tensorParallelOverlap()}], {@code framework}
 *       [megatron; or pytorch-native, pytorch-eager, {@link TrainingFramework}], {@code scatter_gather} [true],
 *       {@code p2p_overlap} [true: the interleaved schedule overlaps pipeline sends with compute], {@code loss_fusion} [true: the loss runs as one fused kernel; false: Megatron's unfused
 *       vocab-parallel cross entropy, {@link TrainingJob#crossEntropyFusion()}], {@code grad_accum_fusion} [true:
 *       weight gradients accumulated inside the weight-gradient GEMM; false: by a kernel of their own, {@link
 *       TrainingJob#gradientAccumulationFusion()}], {@code mtp}
 *       [true: the model's multi-token-prediction modules, if it has any, are trained], {@code ep_overlap}
 *       [false: expert-parallel all-to-alls not overlapped], {@code cpu_offload_layers} [0: the layers whose
 *       activations Megatron-Core offloads to host memory, {@link TrainingJob#activationOffloadLayers()}; a
 *       blank recompute is then searched among none only], {@code schedule} [1F1B, interleaved when
 *       {@code vpp} > 1; or a {@link PipelineSchedule} id such as {@code dualpipe}, which then keeps one
 *       chunk per rank], {@code expert_capacity} [dropless; or a capacity factor, {@code 1.25}, or a factor
 *       padded to, {@code 1.0 padded}: {@link ExpertCapacity#parse}, {@link TrainingJob#expertCapacity()}],
 *       {@code cuda_graphs} [none; or partial (graphs of the router, the dispatcher's preprocessing, the
 *       attention) or full (whole-layer graphs): {@link CudaGraphScope#parse}, {@link TrainingJob#cudaGraphs()}],
 *       {@code fp8_attention} [false; true: the attention core in FP8, {@link TrainingJob#fp8Attention()}],
 *       {@code distribute_checkpoints} [false; true: checkpointed layer inputs split over the tensor-parallel ranks,
 *       {@link TrainingJob#distributeCheckpointedActivations()}],
 *       {@code train_metric_cross_entropies} [0: cross entropies over each micro-batch's logits computed for
 *       training metrics, 2 for Composer's llm-foundry runs, {@link TrainingJob#trainingMetricCrossEntropies()}],
 *       {@code pp_last_stage_layers} [blank or 0: the default placement; else the layers of the last pipeline
 *       stage, the others splitting the rest evenly, {@link TrainingJob#lastPipelineStageLayers()}],
 *       {@code pp_layout} [blank: none; else Megatron-Core's {@code pipeline_model_parallel_layout} string for the
 *       row's pp, {@link PipelineLayout#parse}; a blank vpp then takes the layout's chunks per rank (s21f)],
 *       {@code assumed}, {@code source}.
 * </ul>
 *
 * <p>The knobs a published run often leaves out — {@code vpp}, {@code micro_batch}, {@code
 * recompute}, {@code zero} and {@code sp} — are completed by search when blank ({@link
 * ParallelismChooser#complete}: the fastest configuration that fits, as the run's authors would have
 * tuned it), with the degrees fixed. Every default the reader applies and every value the search
 * chooses is appended to the run's {@link CalibrationRun#assumed()}, so a reader of an error table
 * sees which fields the source did not give.
 */
public final class TrainingRuns {
  private TrainingRuns() {}

  /** The largest table read from a file, bytes. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  /** The largest number of rows in one table. */
  public static final int MAX_ROWS = 100_000;

  /**
   * Reads a runs table from a file, resolving models in the bundled catalog or as {@code
   * config.json} paths relative to the file.
   *
   * @param csv the file
   * @return the runs, in file order
   * @throws IllegalArgumentException if a row is invalid (the message names the file, the row id
   *     and the column) or the file is larger than {@link #MAX_FILE_BYTES}
   * @throws UncheckedIOException if the file cannot be read
   */
  public static List<CalibrationRun> read(Path csv) {
    String text;
    try {
      long size = Files.size(csv);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            "runs file " + csv + " has " + size + " bytes, more than the limit of " + MAX_FILE_BYTES);
      }
      text = Files.readString(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read runs file " + csv + ": " + e.getMessage(), e);
    }
    Path dir = csv.toAbsolutePath().getParent();
    return parse(csv.toString(), text, (id, seq) -> catalogOrConfig(id, dir));
  }

  private static Optional<ModelArchitecture> catalogOrConfig(String id, Path dir) {
    Optional<ModelArchitecture> m = ModelCatalog.bundled().find(id);
    if (m.isPresent() || !id.endsWith(".json")) {
      return m;
    }
    Path p = Path.of(id);
    if (!p.isAbsolute() && dir != null) {
      p = dir.resolve(p);
    }
    return Optional.of(HuggingFaceConfigs.read(p));
  }

  /**
   * Parses a runs table.
   *
   * @param name the table's name, for messages
   * @param text the CSV text ({@code #} lines are comments)
   * @param models resolves a model id at a sequence length (the learned position table of
   *     GPT-style models); empty if unknown
   * @return the runs, in table order
   * @throws IllegalArgumentException if a row is invalid; the message names the table, the row id
   *     and the column
   */
  public static List<CalibrationRun> parse(
      String name, String text, BiFunction<String, Integer, Optional<ModelArchitecture>> models) {
    CsvTable t;
    try {
      t = CsvTable.parse(name, text);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    for (String required : List.of("id", "model", "accelerator", "gpus", "seq", "global_batch")) {
      if (!t.has(required)) {
        throw new IllegalArgumentException(name + " has no column " + required);
      }
    }
    if (t.size() > MAX_ROWS) {
      throw new IllegalArgumentException(name + " has " + t.size() + " rows, more than the limit of " + MAX_ROWS);
    }
    List<CalibrationRun> runs = new ArrayList<>(t.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < t.size(); i++) {
      String id = t.get(i, "id");
      if (!ids.add(id)) {
        throw new IllegalArgumentException(name + ": id " + id + " appears twice");
      }
      try {
        runs.add(row(t, i, models));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException(name + ", run " + id + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(runs);
  }

  /**
   * Returns a resolver over a models table (columns {@code id, style, layers, hidden, heads,
   * vocab} and optionally {@code kv_heads, head_dim, ffn, experts, top_k, shared_experts,
   * expert_ffn, tied_embeddings, block_layout}; style {@code gpt} or {@code llama}, see {@link #gptStyle} and {@link
   * #llamaStyle}; block_layout {@code serial} (blank), {@code parallel} or {@code parallel-fused-input}, see {@link
   * BlockLayout}, the last with one shared norm per layer) that falls back to the bundled catalog. The sequence length of a run sets the
   * learned position table of GPT-style models.
   *
   * @param name the table's name, for messages
   * @param text the CSV text
   * @return the resolver
   * @throws IllegalArgumentException if a row is invalid
   */
  public static BiFunction<String, Integer, Optional<ModelArchitecture>> modelsTable(String name, String text) {
    CsvTable m;
    try {
      m = CsvTable.parse(name, text);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, Integer> rowOf = new HashMap<>();
    for (int i = 0; i < m.size(); i++) {
      String id = m.get(i, "id");
      try {
        model(m, i, 2048); // validates every row now
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException(name + ", model " + id + ": " + e.getMessage(), e);
      }
      rowOf.put(id, i);
    }
    return (id, seq) -> {
      Integer i = rowOf.get(id);
      return i != null ? Optional.of(model(m, i, seq)) : ModelCatalog.bundled().find(id);
    };
  }

  private static ModelArchitecture model(CsvTable m, int i, int seq) {
    String id = m.get(i, "id");
    String style = m.get(i, "style").trim().toLowerCase(Locale.ROOT);
    int layers = m.integer(i, "layers", 0);
    int hidden = m.integer(i, "hidden", 0);
    int heads = m.integer(i, "heads", 0);
    int vocab = m.integer(i, "vocab", 0);
    switch (style) {
      case "gpt":
        ModelArchitecture gpt = gptStyle(id, layers, hidden, heads, vocab, seq);
        int gptFfn = optionalInt(m, i, "ffn", 4 * hidden);
        boolean tied = !m.has("tied_embeddings") || m.get(i, "tied_embeddings").isBlank()
            || Boolean.parseBoolean(m.get(i, "tied_embeddings"));
        if (gptFfn == 4 * hidden && tied) {
          return gpt;
        }
        return gpt.toBuilder().intermediateSize(gptFfn).tiedEmbeddings(tied).build();
      case "llama":
        int kv = optionalInt(m, i, "kv_heads", heads);
        int ffn = m.integer(i, "ffn", 0);
        ModelArchitecture.Builder b = llamaStyle(id, layers, hidden, heads, kv, ffn, vocab);
        int headDim = optionalInt(m, i, "head_dim", 0);
        if (headDim > 0) {
          b.headDim(headDim);
        }
        int experts = optionalInt(m, i, "experts", 0);
        if (experts > 0) {
          int topK = optionalInt(m, i, "top_k", 0);
          int expertFfn = optionalInt(m, i, "expert_ffn", ffn);
          int shared = optionalInt(m, i, "shared_experts", 0);
          b.moe(MixtureOfExperts.of(experts, topK, expertFfn).toBuilder()
              .sharedIntermediateSize(shared * expertFfn)
              .build());
        }
        if (m.has("tied_embeddings") && !m.get(i, "tied_embeddings").isBlank()) {
          b.tiedEmbeddings(Boolean.parseBoolean(m.get(i, "tied_embeddings")));
        }
        BlockLayout layout = blockLayout(optional(m, i, "block_layout"));
        b.blockLayout(layout);
        if (layout == BlockLayout.PARALLEL_FUSED_INPUT) {
          b.normalization(Normalization.of(NormKind.RMS_NORM, 1, true)); // the fused GEMM reads one norm's output
        }
        return b.build();
      default:
        throw new IllegalArgumentException("style must be gpt or llama, was \"" + style + "\"");
    }
  }

  private static BlockLayout blockLayout(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "", "serial" -> BlockLayout.SERIAL;
      case "parallel" -> BlockLayout.PARALLEL;
      case "parallel-fused-input" -> BlockLayout.PARALLEL_FUSED_INPUT;
      default -> throw new IllegalArgumentException(
          "block_layout must be serial, parallel or parallel-fused-input, was \"" + value + "\"");
    };
  }

  private static int optionalInt(CsvTable t, int row, String column, int fallback) {
    if (!t.has(column) || t.get(row, column).isBlank()) {
      return fallback;
    }
    return t.integer(row, column, fallback);
  }

  private static String optional(CsvTable t, int row, String column) {
    return t.has(column) ? t.get(row, column).trim() : "";
  }

  private static CalibrationRun row(CsvTable t, int i, BiFunction<String, Integer, Optional<ModelArchitecture>> models) {
    List<String> assumed = new ArrayList<>();
    String given = optional(t, i, "assumed");
    if (!given.isBlank()) {
      assumed.add(given);
    }
    String modelId = t.get(i, "model");
    ModelArchitecture arch =
        models.apply(modelId, positiveOrZero(t, i, "seq")).orElseThrow(() -> new IllegalArgumentException("model " + modelId + " is unknown"));
    String accId = t.get(i, "accelerator");
    AcceleratorSpec acc =
        AcceleratorCatalog.bundled()
            .find(accId)
            .orElseThrow(() -> new IllegalArgumentException("accelerator " + accId + " is unknown"));
    int gpus = positive(t, i, "gpus");
    int seq = positive(t, i, "seq");
    int globalBatch = positive(t, i, "global_batch");
    int perNode = Math.min(gpus, defaulted(t, i, "gpus_per_node", acc.scaleUpDomain(), assumed));
    if (gpus % perNode != 0) {
      // a partly filled scale-up domain (GB200 NVL72 racks used 64 at a time): the largest divisor
      int d = perNode;
      while (gpus % d != 0) {
        d--;
      }
      perNode = d;
      assumed.add("gpus_per_node");
    }
    Bandwidth network;
    if (optional(t, i, "network_gbit_per_gpu").isBlank()) {
      network =
          acc.scaleOutBandwidth().bytesPerSecond() > 0 ? acc.scaleOutBandwidth() : Bandwidth.ofGigabits(100);
      if (gpus > perNode) {
        assumed.add("network_gbit_per_gpu");
      }
    } else {
      network = Bandwidth.ofGigabits(t.number(i, "network_gbit_per_gpu"));
    }
    Cluster cluster =
        Cluster.of(
            acc,
            perNode,
            gpus / perNode,
            acc.scaleUpBandwidth().bytesPerSecond() > 0 ? acc.scaleUpBandwidthPerDirection() : Cluster.PCIE_BANDWIDTH,
            network,
            EfficiencyProfiles.forAccelerator(acc));
    int tp = defaulted(t, i, "tp", 1, assumed);
    int pp = defaulted(t, i, "pp", 1, assumed);
    int cp = optionalInt(t, i, "cp", 1);
    int ep = optionalInt(t, i, "ep", 1);
    int vpp = optionalInt(t, i, "vpp", 1);
    // s21f: a pipeline_model_parallel_layout in Megatron-Core's string form; blank vpp takes the layout's chunks
    String layoutText = optional(t, i, "pp_layout");
    @Nullable PipelineLayout layout = layoutText.isBlank() ? null : PipelineLayout.parse(layoutText, pp);
    if (layout != null && optional(t, i, "vpp").isBlank()) {
      vpp = layout.virtualStages();
    }
    int rest = tp * pp * cp;
    int dp;
    if (optional(t, i, "dp").isBlank()) {
      if (gpus % rest != 0) {
        throw new IllegalArgumentException("tp × pp × cp (" + rest + ") must divide gpus (" + gpus + ")");
      }
      dp = gpus / rest;
      assumed.add("dp");
    } else {
      dp = positive(t, i, "dp");
    }
    if ((long) dp * rest != gpus) {
      throw new IllegalArgumentException("dp × tp × pp × cp must equal gpus (" + gpus + "), was " + (long) dp * rest);
    }
    // knobs the source leaves blank are completed by search (the fastest configuration that fits)
    // a schedule the source names (DeepSeek-V3's DualPipe); blank: 1F1B, interleaved when vpp > 1 or searched
    String scheduleText = optional(t, i, "schedule");
    @Nullable PipelineSchedule schedule = scheduleText.isBlank() ? null : PipelineSchedule.parse(scheduleText);
    boolean blankVpp = optional(t, i, "vpp").isBlank() && pp > 1 && layout == null
        && (schedule == null || schedule == PipelineSchedule.INTERLEAVED);
    boolean blankMicro = optional(t, i, "micro_batch").isBlank();
    boolean blankRecompute = optional(t, i, "recompute").isBlank();
    boolean blankZero = optional(t, i, "zero").isBlank();
    boolean blankSp = optional(t, i, "sp").isBlank() && tp > 1;
    String spText = optional(t, i, "sp");
    boolean sp = spText.isBlank() ? tp > 1 : bool(spText, "sp");
    int etp = optionalInt(t, i, "etp", 0);
    Parallelism par;
    if (etp > 0 && ep > 1) {
      // the expert layout first, then the expert-parallel size: folded EP (etp 1 with EP over the TP ranks, as
      // Megatron-Core's MoE parallel folding allows) is valid only beside its etp, never under the default etp = tp
      par = new Parallelism(dp, tp, pp, cp, 1, vpp, sp).withExpertTensorParallel(etp).withExpertParallel(ep);
    } else {
      par = new Parallelism(dp, tp, pp, cp, ep, vpp, sp);
    }
    if (schedule != null) {
      par = par.withSchedule(schedule);
    }
    TrainingJob.Builder b =
        TrainingJob.builder(arch, cluster)
            .parallelism(par)
            .trainingTokens(TokenCount.of((long) globalBatch * seq))
            .sequenceLength(seq)
            .globalBatchSize(globalBatch)
            .microBatchSize(blankMicro ? 1 : positive(t, i, "micro_batch"))
            .recompute(Recompute.parse(text(t, i, "recompute", "none", null)))
            .precision(precision(t, i, assumed))
            .zero(ZeroStage.of(blankZero ? 0 : positiveOrZero(t, i, "zero")))
            .attention(attention(text(t, i, "attention", "flash", null)))
            .dropout(bool(text(t, i, "dropout", "false", null), "dropout"))
            .dataParallelOverlap(bool(text(t, i, "dp_overlap", "true", null), "dp_overlap"))
            .tensorParallelOverlap(fraction(t, i, "tp_overlap"))
            .framework(TrainingFramework.parse(text(t, i, "framework", "megatron", null)))
            .pipelineScatterGather(bool(text(t, i, "scatter_gather", "true", null), "scatter_gather"))
            .pipelineOverlap(bool(text(t, i, "p2p_overlap", "true", null), "p2p_overlap"))
            .crossEntropyFusion(bool(text(t, i, "loss_fusion", "true", null), "loss_fusion"))
            .gradientAccumulationFusion(bool(text(t, i, "grad_accum_fusion", "true", null), "grad_accum_fusion"))
            .multiTokenPrediction(bool(text(t, i, "mtp", "true", null), "mtp"))
            .expertParallelOverlap(bool(text(t, i, "ep_overlap", "false", null), "ep_overlap"))
            .fsdpBackwardPrefetch(FsdpBackwardPrefetch.parse(text(t, i, "fsdp_backward_prefetch", "pre", null)))
            .moeDispatcher(MoeDispatcher.parse(text(t, i, "moe_dispatcher", "alltoall", null)))
            .activationOffloadLayers(optionalInt(t, i, "cpu_offload_layers", 0))
            .expertCapacity(expertCapacity(text(t, i, "expert_capacity", "dropless", null)))
            // DeepSeek-V3's dispatch and memory settings (arXiv 2412.19437 §3.2.3, §3.3.3); blank: off
            .fp8Dispatch(bool(text(t, i, "fp8_dispatch", "false", null), "fp8_dispatch"))
            .recomputeNormsAndUpProjections(
                bool(text(t, i, "recompute_norm_up_proj", "false", null), "recompute_norm_up_proj"))
            .fp8ActivationCache(bool(text(t, i, "fp8_activation_cache", "false", null), "fp8_activation_cache"))
            // Megatron-Core recompute_modules "moe_act" (the recipe's selective recomputation); blank: off
            .recomputeMoeActivation(bool(text(t, i, "recompute_moe_act", "false", null), "recompute_moe_act"))
            .cudaGraphs(cudaGraphs(text(t, i, "cuda_graphs", "none", null)))
            // Transformer Engine's fp8_dpa (MLPerf's FP8_DPA=True); blank: off
            .fp8Attention(bool(text(t, i, "fp8_attention", "false", null), "fp8_attention"))
            // metaseq's --distribute-checkpointed-activations (OPT-175B); blank: off
            .distributeCheckpointedActivations(
                bool(text(t, i, "distribute_checkpoints", "false", null), "distribute_checkpoints"))
            // Composer's training metrics over the logits (llm-foundry: 2); blank: none
            .trainingMetricCrossEntropies(optionalInt(t, i, "train_metric_cross_entropies", 0))
            .lastPipelineStageLayers(optionalInt(t, i, "pp_last_stage_layers", 0))
            .pipelineLayout(layout);
    int shardGroup = optionalInt(t, i, "shard_group", 0);
    if (shardGroup > 0) {
      b.shardGroupSize(shardGroup);
    }
    // Megatron-Core's DistributedDataParallelConfig.bucket_size as the run set it (s23l); blank: Megatron-Core's rule
    if (!optional(t, i, "ddp_bucket_params").isBlank()) {
      b.ddpBucketParameters(positive(t, i, "ddp_bucket_params"));
    }
    TrainingJob job;
    if (blankVpp || blankMicro || blankRecompute || blankZero || blankSp) {
      SearchSpace space =
          SearchSpace.ALL
              .withTensorParallel(List.of(tp))
              .withPipelineParallel(List.of(pp))
              .withDataParallel(List.of(dp))
              .withContextParallel(List.of(cp))
              .withExpertParallel(List.of(ep))
              .withShardGroups(List.of(shardGroup)); // the source's sharding (0: all data ranks)
      if (!blankVpp) {
        space = space.withVirtualStages(List.of(vpp));
      }
      if (schedule != null) {
        space = space.withSchedules(List.of(schedule));
      }
      if (!blankMicro) {
        space = space.withMicroBatches(List.of(positive(t, i, "micro_batch")));
      }
      if (!blankRecompute) {
        space = space.withRecomputes(List.of(Recompute.parse(optional(t, i, "recompute"))));
      }
      if (!blankZero) {
        space = space.withZeroStages(List.of(ZeroStage.of(positiveOrZero(t, i, "zero"))));
      }
      if (!blankSp) {
        space = space.withSequenceParallel(List.of(sp));
      }
      job = ParallelismChooser.complete(b, space);
      Parallelism done = job.parallelism();
      if (etp > 0 && ep > 1) {
        job = job.toBuilder().parallelism(done.withExpertTensorParallel(etp)).build();
      }
      List<String> chosen = new ArrayList<>();
      if (blankVpp) {
        chosen.add("vpp=" + done.virtualStages());
      }
      if (blankMicro) {
        chosen.add("micro_batch=" + job.microBatchSize());
      }
      if (blankRecompute) {
        chosen.add("recompute=" + job.recompute().id());
      }
      if (blankZero) {
        chosen.add("zero=" + job.zero().stage());
      }
      if (blankSp) {
        chosen.add("sp=" + done.sequenceParallel());
      }
      assumed.add("searched:" + String.join(",", chosen));
    } else {
      job = b.build();
    }
    String measured;
    double value;
    String tokens = optional(t, i, "tokens_per_second_per_gpu");
    if (!tokens.isBlank()) {
      measured = CalibrationRun.TOKENS_PER_SECOND;
      value = t.number(i, "tokens_per_second_per_gpu");
    } else {
      measured = optional(t, i, "measured");
      if (measured.isBlank()) {
        throw new IllegalArgumentException("needs tokens_per_second_per_gpu or measured and value");
      }
      value = t.number(i, "value");
    }
    String group = optional(t, i, "publication");
    if (group.isBlank()) {
      group = optional(t, i, "group");
    }
    if (group.isBlank()) {
      group = t.get(i, "id");
    }
    return CalibrationRun.builder()
        .id(t.get(i, "id"))
        .group(group)
        .job(job)
        .measured(measured)
        .value(value)
        .assumed(String.join(" ", assumed))
        .source(optional(t, i, "source"))
        .build();
  }

  private static double fraction(CsvTable t, int row, String column) {
    String v = optional(t, row, column);
    if (v.isBlank()) {
      return 0;
    }
    double f = t.number(row, column);
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException(column + " must be in [0, 1], was \"" + v + "\"");
    }
    return f;
  }

  /** The row's precision recipe, with its parameter all-gather bytes when the row gives them. */
  private static PrecisionRecipe precision(CsvTable t, int i, List<String> assumed) {
    PrecisionRecipe recipe = PrecisionRecipe.parse(text(t, i, "precision", "bf16", assumed));
    if (!optional(t, i, "grad_bytes").isBlank()) {
      int grad = positive(t, i, "grad_bytes");
      if (grad != 2 && grad != 4) {
        throw new IllegalArgumentException("grad_bytes must be 2 or 4, was " + grad);
      }
      // Megatron-Core's grad_reduce_in_fp32=False: the gradient buffer holds, and the data-parallel
      // collectives reduce, the 16-bit parameters' dtype
      recipe = recipe.toBuilder().gradientBytes(grad).gradientReduceBytes(grad).build();
    }
    if (bool(text(t, i, "fp8_params", "false", null), "fp8_params")) {
      if (recipe.mathType().bits() > 8) {
        throw new IllegalArgumentException("fp8_params true needs an FP8 precision, was " + recipe.id());
      }
      recipe = recipe.toBuilder().fp8Parameters(true).build();
    }
    String gather = optional(t, i, "param_gather_bytes");
    if (gather.isBlank()) {
      return recipe;
    }
    int bytes = positive(t, i, "param_gather_bytes");
    if (bytes == 1 && recipe.mathType().bits() > 8) {
      throw new IllegalArgumentException("param_gather_bytes 1 needs an FP8 precision, was " + recipe.id());
    }
    return recipe.toBuilder().parameterGatherBytes(bytes).build();
  }

  private static CudaGraphScope cudaGraphs(String v) {
    try {
      return CudaGraphScope.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("column cuda_graphs: " + e.getMessage(), e);
    }
  }

  private static ExpertCapacity expertCapacity(String v) {
    try {
      return ExpertCapacity.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("column expert_capacity: " + e.getMessage(), e);
    }
  }

  private static TrainingAttentionKernel attention(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "flash", "flash2", "flash-2", "sdpa", "cudnn" -> TrainingAttentionKernel.FLASH;
      case "flash1", "flash-1", "triton" -> TrainingAttentionKernel.FLASH_1;
      case "unfused" -> TrainingAttentionKernel.UNFUSED;
      default -> throw new IllegalArgumentException(
          "attention must be flash, flash1, triton or unfused, was \"" + v + "\"");
    };
  }

  private static int positive(CsvTable t, int row, String column) {
    int v = t.integer(row, column, 0);
    if (v < 1) {
      throw new IllegalArgumentException(column + " must be ≥ 1, was \"" + t.get(row, column) + "\"");
    }
    return v;
  }

  private static int defaulted(CsvTable t, int row, String column, int fallback, List<String> assumed) {
    if (optional(t, row, column).isBlank()) {
      assumed.add(column);
      return fallback;
    }
    return positiveOrZero(t, row, column);
  }

  private static int positiveOrZero(CsvTable t, int row, String column) {
    int v = t.integer(row, column, 0);
    if (v < 0) {
      throw new IllegalArgumentException(column + " must be ≥ 0, was " + v);
    }
    return v;
  }

  private static String text(CsvTable t, int row, String column, String fallback, List<String> assumed) {
    String v = optional(t, row, column);
    if (v.isBlank()) {
      if (assumed != null) {
        assumed.add(column);
      }
      return fallback;
    }
    return v;
  }

  private static boolean bool(String v, String column) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(column + " must be true or false, was \"" + v + "\"");
  }

  /**
   * Builds a GPT-2-style decoder as Megatron-LM and llm-foundry's MPT benchmarks define it: pre-
   * LayerNorm with biases, a plain GELU MLP of 4 × hidden with biases, attention biases, learned
   * positions, tied embeddings.
   *
   * @param id the name
   * @param layers layers
   * @param hidden width
   * @param heads attention heads
   * @param vocab vocabulary size
   * @param positions rows of the learned position table
   * @return the architecture
   */
  public static ModelArchitecture gptStyle(String id, int layers, int hidden, int heads, int vocab, int positions) {
    return ModelArchitecture.builder(id)
        .modelType("gpt2")
        .layers(layers)
        .hidden(hidden)
        .heads(heads)
        .vocabSize(vocab)
        .intermediateSize(4 * hidden)
        .feedForward(false, "gelu", true)
        .attentionBias(true, true)
        .normalization(Normalization.LAYER_NORM_PRE_NORM)
        .positions(PositionEncoding.LEARNED, positions)
        .tiedEmbeddings(true)
        .dtype(DType.BF16)
        .build();
  }

  /**
   * Starts a Llama-style decoder: pre-RMSNorm, SwiGLU MLP, rotary positions, no biases, untied
   * embeddings (Touvron et al. 2023 §2.2).
   *
   * @param id the name
   * @param layers layers
   * @param hidden width
   * @param heads attention heads
   * @param kvHeads key/value heads (GQA)
   * @param ffn intermediate size of the gated MLP
   * @param vocab vocabulary size
   * @return a builder, to add experts or tie embeddings
   */
  public static ModelArchitecture.Builder llamaStyle(
      String id, int layers, int hidden, int heads, int kvHeads, int ffn, int vocab) {
    return ModelArchitecture.builder(id)
        .modelType("llama")
        .layers(layers)
        .hidden(hidden)
        .heads(heads)
        .kvHeads(kvHeads)
        .vocabSize(vocab)
        .intermediateSize(ffn)
        .feedForward(true, "silu", false)
        .attentionBias(false, false)
        .normalization(Normalization.RMS_PRE_NORM)
        .positions(PositionEncoding.ROTARY, 131072)
        .tiedEmbeddings(false)
        .dtype(DType.BF16);
  }
}
