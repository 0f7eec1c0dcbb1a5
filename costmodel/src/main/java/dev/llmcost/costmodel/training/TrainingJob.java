package dev.llmcost.costmodel.training;

import dev.llmcost.core.DType;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.costmodel.internal.efficiency.Fp8Attention;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.JobMapping;
import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A training job: the model, the data, the batch, the numerics, the parallelism and the cluster,
 * validated as a whole so that every combination that reaches the cost model is one a framework
 * could run.
 *
 * <p>Build one with {@link #builder(ModelArchitecture, Cluster)}; {@link TrainingCostModel#estimate}
 * turns it into numbers. A configuration that does not fit in memory is still a valid job: its
 * estimate says {@code fits = false} and shows the breakdown.
 */
public final class TrainingJob {
  private final ModelArchitecture model;
  private final Cluster cluster;
  private final Parallelism parallelism;
  private final TokenCount trainingTokens;
  private final int sequenceLength;
  private final int globalBatchSize;
  private final int microBatchSize;
  private final PrecisionRecipe precision;
  private final Optimizer optimizer;
  private final ZeroStage zero;
  private final int shardGroupSize;
  private final Recompute recompute;
  private final TrainingAttentionKernel attention;
  private final boolean dropout;
  private final boolean dataParallelOverlap;
  private final double tensorParallelOverlap;
  private final boolean pipelineScatterGather;
  private final boolean pipelineOverlap;
  private final boolean crossEntropyFusion;
  private final boolean gradientAccumulationFusion;
  private final FlopsAccounting accounting;
  private final boolean causalAttentionFlops;
  private final boolean multiTokenPrediction;
  private final Money pricePerGpuHour;
  private final double pue;
  private final double memoryReserveFraction;
  private final double expertLoadImbalance;
  private final boolean expertParallelOverlap;
  private final FsdpBackwardPrefetch fsdpBackwardPrefetch;
  private final MoeDispatcher moeDispatcher;
  private final ExpertCapacity expertCapacity;
  private final TrainingFramework framework;
  private final int activationOffloadLayers;
  private final boolean fp8Dispatch;
  private final boolean recomputeNormsAndUpProjections;
  private final boolean fp8ActivationCache;
  private final boolean recomputeMoeActivation;
  private final CudaGraphScope cudaGraphs;
  private final boolean distributeCheckpointedActivations;
  private final boolean fp8Attention;
  private final int trainingMetricCrossEntropies;
  private final int lastPipelineStageLayers;
  private final @Nullable PipelineLayout pipelineLayout;
  private final long ddpBucketParameters;

  /** Default sequence length, tokens. */
  public static final int DEFAULT_SEQUENCE_LENGTH = 2048;
  /** Default global batch target, sequences (rounded up to a multiple of dp × micro-batch). */
  public static final int DEFAULT_GLOBAL_BATCH = 512;
  /** Default price of one GPU-hour when none is given: USD 2.00, an illustrative figure. */
  public static final Money DEFAULT_PRICE_PER_GPU_HOUR = Money.usd("2.00");
  /** Default power usage effectiveness. */
  public static final double DEFAULT_PUE = 1.2;
  /** Default fragmentation reserve, as a share of the memory total. */
  public static final double DEFAULT_MEMORY_RESERVE = 0.10;
  /** Tokens per parameter of the default training length (Hoffmann et al. 2022: about 20). */
  public static final long DEFAULT_TOKENS_PER_PARAMETER = 20;
  /**
   * Validates the job as a whole.
   *
   * @throws IllegalArgumentException naming the field and its value when a combination is
   *     impossible: the GPUs differ from dp × tp × pp × cp; tp does not divide the heads or the MLP
   *     width, or neither divides nor is a multiple of the KV heads (wider tp replicates them); a
   *     pipeline stage has fewer layers than virtual stages; the global batch is not a multiple of
   *     micro-batch × dp; cp does not divide the sequence; ep is set for a
   *     dense model or does not divide the experts; the sequence exceeds a learned position table;
   *     the accelerator has no peak for the precision's math type; or a number is out of range
   */
  private TrainingJob(
      ModelArchitecture model,
      Cluster cluster,
      Parallelism parallelism,
      TokenCount trainingTokens,
      int sequenceLength,
      int globalBatchSize,
      int microBatchSize,
      PrecisionRecipe precision,
      Optimizer optimizer,
      ZeroStage zero,
      int shardGroupSize,
      Recompute recompute,
      TrainingAttentionKernel attention,
      boolean dropout,
      boolean dataParallelOverlap,
      double tensorParallelOverlap,
      boolean pipelineScatterGather,
      boolean pipelineOverlap,
      boolean crossEntropyFusion,
      boolean gradientAccumulationFusion,
      FlopsAccounting accounting,
      boolean causalAttentionFlops,
      boolean multiTokenPrediction,
      Money pricePerGpuHour,
      double pue,
      double memoryReserveFraction,
      double expertLoadImbalance,
      boolean expertParallelOverlap,
      FsdpBackwardPrefetch fsdpBackwardPrefetch,
      MoeDispatcher moeDispatcher,
      ExpertCapacity expertCapacity,
      TrainingFramework framework,
      int activationOffloadLayers,
      boolean fp8Dispatch,
      boolean recomputeNormsAndUpProjections,
      boolean fp8ActivationCache,
      boolean recomputeMoeActivation,
      CudaGraphScope cudaGraphs,
      boolean distributeCheckpointedActivations,
      boolean fp8Attention,
      int trainingMetricCrossEntropies,
      int lastPipelineStageLayers,
      @Nullable PipelineLayout pipelineLayout,
      long ddpBucketParameters) {
    Require.positive("sequenceLength", sequenceLength);
    if (ddpBucketParameters < 0) {
      throw new IllegalArgumentException("ddpBucketParameters must be > 0, was " + ddpBucketParameters);
    }
    if (ddpBucketParameters > 0 && framework.pytorchNative()) {
      throw new IllegalArgumentException("ddpBucketParameters sets Megatron-Core's bucket_size and needs framework"
          + " megatron (PyTorch-native jobs use torchtitan's 100 MiB DDP bucket), was " + framework.id());
    }
    Require.nonNegative("trainingMetricCrossEntropies", trainingMetricCrossEntropies);
    Require.positive("globalBatchSize", globalBatchSize);
    Require.positive("microBatchSize", microBatchSize);
    Require.nonNegative("shardGroupSize", shardGroupSize);
    Require.fraction("tensorParallelOverlap", tensorParallelOverlap);
    Require.finite("pue", pue);
    if (pue < 1) {
      throw new IllegalArgumentException("pue must be >= 1, was " + pue);
    }
    Require.finite("memoryReserveFraction", memoryReserveFraction);
    if (memoryReserveFraction < 0 || memoryReserveFraction >= 1) {
      throw new IllegalArgumentException("memoryReserveFraction must be in [0, 1), was " + memoryReserveFraction);
    }
    Require.finite("expertLoadImbalance", expertLoadImbalance);
    if (expertLoadImbalance < 1) {
      throw new IllegalArgumentException("expertLoadImbalance must be >= 1, was " + expertLoadImbalance);
    }
    if (pricePerGpuHour.isNegative()) {
      throw new IllegalArgumentException("pricePerGpuHour must be >= 0, was " + pricePerGpuHour.toExactString());
    }
    validate(model, cluster, parallelism, sequenceLength, globalBatchSize, microBatchSize, zero, shardGroupSize,
        pipelineLayout != null);
    validateOffload(model, parallelism, recompute, activationOffloadLayers);
    validateLastPipelineStage(model, parallelism, lastPipelineStageLayers);
    if (pipelineLayout != null) {
      validatePipelineLayout(model, parallelism, pipelineLayout, lastPipelineStageLayers,
          multiTokenPrediction && model.multiTokenPredictionLayers() > 0 ? model.multiTokenPredictionLayers() : 0);
    }
    if (expertParallelOverlap) {
      validateExpertParallelOverlap(model, parallelism, recompute, multiTokenPrediction);
    }
    requireLowPrecisionTensorCores(precision, cluster.accelerator());
    if (precision.bf16Layers() > model.layers()) {
      throw new IllegalArgumentException("bf16Layers must be <= the layers of " + model.id() + " (" + model.layers()
          + "), was " + precision.bf16Layers());
    }
    validateDeepSeekMemoryAndDispatch(model, precision, moeDispatcher, fp8Dispatch, recomputeNormsAndUpProjections,
        fp8ActivationCache);
    if (recomputeMoeActivation && !model.isMoe()) {
      throw new IllegalArgumentException(
          "recomputeMoeActivation needs a mixture-of-experts model, was " + model.id());
    }
    validateCudaGraphs(model, Objects.requireNonNull(cudaGraphs, "cudaGraphs"), recompute, expertCapacity,
        moeDispatcher, framework, activationOffloadLayers);
    cluster.accelerator().requirePeak(precision.mathType());
    if (fp8Attention) {
      validateFp8Attention(precision, cluster, attention, framework);
    }
    this.model = model;
    this.cluster = cluster;
    this.parallelism = parallelism;
    this.trainingTokens = trainingTokens;
    this.sequenceLength = sequenceLength;
    this.globalBatchSize = globalBatchSize;
    this.microBatchSize = microBatchSize;
    this.precision = precision;
    this.optimizer = optimizer;
    this.zero = zero;
    this.shardGroupSize = shardGroupSize;
    this.recompute = recompute;
    this.attention = attention;
    this.dropout = dropout;
    this.dataParallelOverlap = dataParallelOverlap;
    this.tensorParallelOverlap = tensorParallelOverlap;
    this.pipelineScatterGather = pipelineScatterGather;
    this.pipelineOverlap = pipelineOverlap;
    this.crossEntropyFusion = crossEntropyFusion;
    this.gradientAccumulationFusion = gradientAccumulationFusion;
    this.accounting = accounting;
    this.causalAttentionFlops = causalAttentionFlops;
    this.multiTokenPrediction = multiTokenPrediction && model.multiTokenPredictionLayers() > 0;
    this.pricePerGpuHour = pricePerGpuHour;
    this.framework = framework;
    this.pue = pue;
    this.memoryReserveFraction = memoryReserveFraction;
    this.expertLoadImbalance = expertLoadImbalance;
    this.expertParallelOverlap = expertParallelOverlap;
    this.fsdpBackwardPrefetch = Objects.requireNonNull(fsdpBackwardPrefetch, "fsdpBackwardPrefetch");
    this.moeDispatcher = Objects.requireNonNull(moeDispatcher, "moeDispatcher");
    this.expertCapacity = Objects.requireNonNull(expertCapacity, "expertCapacity");
    this.activationOffloadLayers = activationOffloadLayers;
    this.fp8Dispatch = fp8Dispatch;
    this.recomputeNormsAndUpProjections = recomputeNormsAndUpProjections;
    this.fp8ActivationCache = fp8ActivationCache;
    this.recomputeMoeActivation = recomputeMoeActivation;
    this.cudaGraphs = cudaGraphs;
    this.distributeCheckpointedActivations = distributeCheckpointedActivations;
    this.fp8Attention = fp8Attention;
    this.trainingMetricCrossEntropies = trainingMetricCrossEntropies;
    this.lastPipelineStageLayers = lastPipelineStageLayers;
    this.pipelineLayout = pipelineLayout;
    this.ddpBucketParameters = ddpBucketParameters;
  }

  /**
   * Refuses a last pipeline stage that Megatron-Core would not build: the other stages must split the remaining
   * layers evenly ({@code TransformerConfig.__post_init__} in {@code megatron/core/transformer/transformer_config.py}
   * at core_v0.15.0, l.1084-1133). Without pipeline parallelism the setting has nothing to place and is ignored.
   * DualPipe places stages of its own (stage r and p − 1 − r on one rank), so it takes the default placement.
   */
  private static void validateLastPipelineStage(ModelArchitecture model, Parallelism p, int layers) {
    if (layers < 0) {
      throw new IllegalArgumentException("lastPipelineStageLayers must be >= 0, was " + layers);
    }
    if (layers == 0 || p.pp() == 1) {
      // one stage has no last stage to place (and the layout search's data-parallel placeholder is pp 1)
      return;
    }
    if (p.schedule() == PipelineSchedule.DUALPIPE) {
      throw new IllegalArgumentException("lastPipelineStageLayers cannot be set with the DualPipe schedule, was "
          + layers);
    }
    int rest = model.layers() - layers;
    if (rest < p.pp() - 1 || rest % (p.pp() - 1) != 0) {
      throw new IllegalArgumentException("lastPipelineStageLayers must leave the other " + (p.pp() - 1)
          + " stages an equal share (at least one each) of the " + model.layers() + " layers of " + model.id()
          + ", was " + layers);
    }
  }

  /**
   * Refuses a pipeline layout (s21f) that Megatron-Core would not build for this job: its transformer layers must be the
   * model's ({@code validate_layer_layout} in {@code megatron/core/transformer/pipeline_parallel_layer_layout.py} at
   * core_v0.15.0: "Number of decoder layers ... must match num_layers"), its multi-token-prediction layers those the job
   * trains ("Number of mtp layers in layout must match mtp_num_layers"), its pipeline ranks the job's pp and its chunks
   * per rank the job's virtual stages (the layout's length over pp is the virtual pipeline size, {@code __init__}). It
   * cannot be combined with a given last stage (one placement each) nor with DualPipe, which places stages of its own.
   */
  private static void validatePipelineLayout(ModelArchitecture model, Parallelism p, PipelineLayout layout,
      int lastStageLayers, int mtp) {
    if (lastStageLayers > 0) {
      throw new IllegalArgumentException("pipelineLayout cannot be combined with lastPipelineStageLayers (one placement"
          + " each), was " + layout + " with " + lastStageLayers);
    }
    if (p.schedule() == PipelineSchedule.DUALPIPE) {
      throw new IllegalArgumentException("pipelineLayout cannot be set with the DualPipe schedule, was " + layout);
    }
    if (layout.decoderLayers() != model.layers()) {
      throw new IllegalArgumentException("pipelineLayout must place the " + model.layers() + " transformer layers of "
          + model.id() + ", placed " + layout.decoderLayers() + " (" + layout + ")");
    }
    if (layout.pipelineStages() != p.pp()) {
      throw new IllegalArgumentException("pipelineLayout " + layout + " is for pp " + layout.pipelineStages()
          + ", pp was " + p.pp());
    }
    if (p.pp() < 2) {
      throw new IllegalArgumentException("pipelineLayout needs pp >= 2 (one stage has nothing to place), was " + layout);
    }
    if (layout.virtualStages() != p.virtualStages()) {
      throw new IllegalArgumentException("pipelineLayout " + layout + " has " + layout.virtualStages()
          + " virtual stages per rank, virtualStages was " + p.virtualStages());
    }
    if (layout.mtpLayers() != mtp) {
      throw new IllegalArgumentException("pipelineLayout must place the " + mtp + " multi-token-prediction layer(s) the"
          + " job trains, placed " + layout.mtpLayers() + " (" + layout + ")");
    }
  }

  /**
   * Refuses FP8 attention where it cannot run or cannot be costed: Transformer Engine runs the attention core in FP8
   * ({@code fp8_dpa}) only inside an FP8 (or FP4) autocast, so a 16-bit recipe is refused; the accelerator needs
   * FP8 tensor cores (an FP8 dense peak in the catalog); the core must be the fused kernel ({@link
   * TrainingAttentionKernel#FLASH}: cuDNN's FP8 fused attention, {@code FusedAttnBackend["FP8"]}); the stack must be
   * Megatron-Core's, whose Transformer Engine layers run it ({@link TrainingFramework#MEGATRON}); and {@code
   * attention-fp8.csv} must hold FP8-against-BF16 rows of the accelerator or its silicon family (Hopper, Blackwell).
   */
  private static void validateFp8Attention(PrecisionRecipe precision, Cluster cluster,
      TrainingAttentionKernel attention, TrainingFramework framework) {
    AcceleratorSpec a = cluster.accelerator();
    if (precision.mathType().bits() >= 16) {
      throw new IllegalArgumentException("fp8Attention needs an FP8 or FP4 precision recipe (Transformer Engine runs"
          + " fp8_dpa inside fp8_autocast only), was precision " + precision.mathType().id());
    }
    if (a.peak(DType.FP8_E4M3).isEmpty()) {
      throw new IllegalArgumentException("fp8Attention needs FP8 tensor cores, was accelerator " + a.id()
          + " (no FP8 peak)");
    }
    if (attention != TrainingAttentionKernel.FLASH) {
      throw new IllegalArgumentException("fp8Attention needs the fused attention kernel (attention flash: cuDNN's FP8"
          + " fused attention), was attention " + attention.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (framework != TrainingFramework.MEGATRON) {
      throw new IllegalArgumentException("fp8Attention needs the Megatron-Core stack (Transformer Engine's fp8_dpa;"
          + " framework megatron), was framework " + framework.id());
    }
    if (!Fp8Attention.bundled().covers(a)) {
      throw new IllegalArgumentException("fp8Attention has no FP8 attention measurements (attention-fp8.csv) for"
          + " accelerator " + a.id() + " or its silicon family");
    }
  }

  /**
   * Refuses DeepSeek-V3's dispatch and memory settings where they mean nothing: FP8 dispatch needs an MoE model,
   * the flex dispatcher (DeepEP takes FP8 tokens; Megatron-Core's all-to-all dispatcher and HybridEP send 16 bits:
   * HybridEP's {@code assert not fp8_dispatch}: "HybridEP dispatcher does not support fp8 dispatch now", {@code
   * megatron/core/transformer/moe/fused_a2a.py} at d98e8a64) and FP8 GEMMs (the tokens arrive in the FP8 the
   * up-projection's forward GEMM reads, DeepSeek-V3 §3.3.3); the recomputation of latent attention's
   * up-projections needs latent attention; FP8 activation caching needs FP8 GEMMs.
   */
  private static void validateDeepSeekMemoryAndDispatch(ModelArchitecture model, PrecisionRecipe precision,
      MoeDispatcher dispatcher, boolean fp8Dispatch, boolean normsAndUpProjections, boolean fp8Cache) {
    boolean fp8 = precision.mathType().bits() < 16;
    if (fp8Dispatch) {
      if (!model.isMoe()) {
        throw new IllegalArgumentException("fp8Dispatch needs an MoE model, was " + model.id());
      }
      if (dispatcher != MoeDispatcher.FLEX) {
        throw new IllegalArgumentException(
            "fp8Dispatch needs the flex dispatcher (DeepEP), was moeDispatcher " + dispatcher.id());
      }
      if (!fp8) {
        throw new IllegalArgumentException("fp8Dispatch needs an FP8 precision, was " + precision.id());
      }
    }
    if (normsAndUpProjections && !(model.attention() instanceof LatentAttention)) {
      throw new IllegalArgumentException(
          "recomputeNormsAndUpProjections needs latent attention (MLA), was " + model.id());
    }
    if (fp8Cache && !fp8) {
      throw new IllegalArgumentException("fp8ActivationCache needs an FP8 precision, was " + precision.id());
    }
  }

  /**
   * Refuses CUDA graphs where Megatron-Core refuses them ({@code TransformerConfig.__post_init__}, {@code
   * megatron/core/transformer/transformer_config.py}): "CUDA graphs not supported with CPU offloading." and "CUDA
   * graphs not supported with activation recomputation." (core_v0.14.0 for {@code enable_cuda_graph}; core_v0.15.0
   * lets only Transformer Engine graphs of scope {@code attn} sit beside selective recomputation); "moe cuda graph is
   * only supported with drop-padding MoE." (NVIDIA/Megatron-LM 2b343d739f, #1920, core_v0.16.0: a dropless layer's
   * dispatcher reads the tokens per expert to the host, which no graph can capture), with the all-to-all dispatcher
   * that Megatron-Bridge's token-drop recipes assert ({@code apply_moe_token_drop}, {@code
   * src/megatron/bridge/training/utils/moe_token_drop.py} at 6725f7049). Graphs are modelled for the Megatron-Core
   * stack only.
   */
  private static void validateCudaGraphs(ModelArchitecture model, CudaGraphScope graphs, Recompute recompute,
      ExpertCapacity capacity, MoeDispatcher dispatcher, TrainingFramework framework, int offloadLayers) {
    if (graphs == CudaGraphScope.NONE) {
      return;
    }
    if (framework != TrainingFramework.MEGATRON) {
      throw new IllegalArgumentException("cudaGraphs " + graphs.id() + " needs the Megatron-Core stack (framework "
          + "megatron), was framework " + framework.id());
    }
    if (offloadLayers > 0) {
      throw new IllegalArgumentException("cudaGraphs " + graphs.id() + " cannot run beside activation offloading"
          + " (Megatron-Core: CUDA graphs not supported with CPU offloading), was activationOffloadLayers "
          + offloadLayers);
    }
    boolean recomputeAllowed = recompute == Recompute.NONE
        || (graphs == CudaGraphScope.PARTIAL && recompute == Recompute.SELECTIVE);
    if (!recomputeAllowed) {
      throw new IllegalArgumentException("cudaGraphs " + graphs.id() + " needs recompute none"
          + (graphs == CudaGraphScope.PARTIAL ? " or selective" : "")
          + " (Megatron-Core: CUDA graphs not supported with activation recomputation), was recompute "
          + recompute.id());
    }
    if (graphs == CudaGraphScope.FULL_LAYER && model.isMoe()
        && (!capacity.isPadded() || dispatcher != MoeDispatcher.ALL_TO_ALL)) {
      throw new IllegalArgumentException("cudaGraphs full needs every expert's input padded to capacity with the"
          + " alltoall dispatcher (Megatron-Core: moe cuda graph is only supported with drop-padding MoE), was "
          + capacity.describe() + " with moeDispatcher " + dispatcher.id());
    }
  }

  /**
   * Checks activation offloading as Megatron-Core's {@code TransformerConfig.__post_init__} does
   * ({@code megatron/core/transformer/transformer_config.py}): {@code cpu_offloading_num_layers} in
   * {@code [0, num_layers)}, no pipeline parallelism and no recomputation beside it.
   */
  /**
   * Refuses an FP4 recipe ({@code nvfp4}) on an accelerator without FP4 tensor cores: NVFP4 GEMMs run on Blackwell's
   * FP4 tensor cores only (Transformer Engine's {@code NVFP4BlockScaling}; Hopper and Ampere have none). A part of
   * another vendor's architecture with an FP4 peak is refused too: AMD CDNA 4's (MI355X, MI350X) is the OCP MXFP4
   * format's (CDNA 4 whitepaper), not NVFP4's, and the recipe's measured speed-ups are Blackwell's (s13o).
   *
   * @throws IllegalArgumentException if the recipe computes in FP4 and the accelerator has no dense FP4 peak, or
   *     declares a non-NVIDIA architecture
   */
  private static void requireLowPrecisionTensorCores(PrecisionRecipe precision, AcceleratorSpec a) {
    if (precision.mathType() == DType.FP4 && a.peak(DType.FP4).isEmpty()) {
      throw new IllegalArgumentException("precision " + precision.id() + " needs FP4 tensor cores (NVIDIA Blackwell,"
          + " e.g. b200 or gb200); accelerator " + a.id() + " has none (its dense peaks: "
          + java.util.Arrays.stream(DType.values()).filter(d -> a.peak(d).isPresent())
              .map(DType::id).collect(java.util.stream.Collectors.joining(", "))
          + ")");
    }
    if (precision.mathType() == DType.FP4 && a.architecture().filter(arch -> !arch.nvidia()).isPresent()) {
      throw new IllegalArgumentException("precision " + precision.id() + " needs NVIDIA's FP4 tensor cores (NVFP4 block"
          + " scaling, NVIDIA Blackwell, e.g. b200 or gb200); accelerator " + a.id() + " is "
          + a.architecture().orElseThrow().id() + ", whose FP4 peak is the OCP MXFP4 format's");
    }
  }

  /**
   * Refuses the expert-parallel overlap (Megatron-Core's combined 1F1B, {@code overlap_moe_expert_parallel_comm})
   * beside what Megatron-Core's {@code TransformerConfig.__post_init__} asserts against ({@code
   * megatron/core/transformer/transformer_config.py} at NVIDIA/Megatron-LM d98e8a64dd, and the same asserts at the
   * Megatron-Bridge rows' commits 0d8e0714c, v0.2.0, and b0cc2706d, v0.3.0): "overlap_moe_expert_parallel_comm is
   * only supported with expert model parallelism" (a dense model, whose ep is 1); "disable full recomputation when
   * enabling overlap_moe_expert_parallel_comm" ({@code recompute_granularity != 'full'}, no {@code recompute_method}:
   * {@link Recompute#FULL}; selective recomputation of modules other than {@code moe} is accepted, and none of this
   * model's selective settings recomputes the MoE layer); "If enabling EP A2A overlap,
   * virtual_pipeline_model_parallel_size must be specified when pipeline_model_parallel_size > 1" (Megatron's
   * {@code arguments.py} sets a virtual size of 1 to None, so pp > 1 needs v > 1; DualPipe, which overlaps its
   * all-to-alls by itself, is not Megatron-Core's and is kept); "MTP supports at most one layer when enabling
   * overlap_moe_expert_parallel_comm". An MoE job at ep 1 is refused as the command line refuses it (the
   * overlap hides all-to-alls that ep 1 does not have; the planner's and the chooser's placeholder layouts take
   * {@link Parallelism#dataParallelWithExperts}, and the planner never searches ep 1 beside it).
   */
  private static void validateExpertParallelOverlap(ModelArchitecture model, Parallelism p, Recompute recompute,
      boolean multiTokenPrediction) {
    if (!model.isMoe()) {
      throw new IllegalArgumentException("expertParallelOverlap needs an MoE model with ep > 1 (Megatron-Core:"
          + " overlap_moe_expert_parallel_comm is only supported with expert model parallelism), was " + model.id());
    }
    if (p.ep() == 1) {
      throw new IllegalArgumentException("expertParallelOverlap needs ep > 1 (Megatron-Core:"
          + " overlap_moe_expert_parallel_comm is only supported with expert model parallelism), was ep 1");
    }
    if (recompute == Recompute.FULL) {
      throw new IllegalArgumentException("expertParallelOverlap excludes recompute full (Megatron-Core: \"disable full"
          + " recomputation when enabling overlap_moe_expert_parallel_comm\"), was recompute full; use selective or"
          + " none");
    }
    if (p.pp() > 1 && p.virtualStages() <= 1 && p.schedule() != PipelineSchedule.DUALPIPE) {
      throw new IllegalArgumentException("expertParallelOverlap with pp " + p.pp() + " needs virtual stages > 1 (the"
          + " interleaved schedule; Megatron-Core: virtual_pipeline_model_parallel_size must be specified when"
          + " pipeline_model_parallel_size > 1), was virtualStages " + p.virtualStages() + " with schedule "
          + p.schedule().id());
    }
    if (multiTokenPrediction && model.multiTokenPredictionLayers() > 1) {
      throw new IllegalArgumentException("expertParallelOverlap trains at most one multi-token-prediction layer"
          + " (Megatron-Core: MTP supports at most one layer when enabling overlap_moe_expert_parallel_comm), was "
          + model.multiTokenPredictionLayers() + " layers of " + model.id() + " with multiTokenPrediction true");
    }
  }

  private static void validateOffload(ModelArchitecture model, Parallelism p, Recompute recompute, int layers) {
    if (layers < 0) {
      throw new IllegalArgumentException("activationOffloadLayers must be >= 0, was " + layers);
    }
    if (layers == 0) {
      return;
    }
    if (layers >= model.layers()) {
      throw new IllegalArgumentException("activationOffloadLayers must be less than the layers of " + model.id()
          + " (" + model.layers() + "), was " + layers);
    }
    if (p.pp() > 1) {
      throw new IllegalArgumentException(
          "activationOffloadLayers needs pp 1 (Megatron-Core offloads without pipeline parallelism), was pp " + p.pp()
              + " with " + layers + " layers offloaded");
    }
    if (recompute != Recompute.NONE) {
      throw new IllegalArgumentException("activationOffloadLayers needs recompute none (Megatron-Core offloads"
          + " instead of recomputing), was recompute " + recompute.id() + " with " + layers + " layers offloaded");
    }
  }

  private static void validate(
      ModelArchitecture model,
      Cluster cluster,
      Parallelism p,
      int seq,
      int globalBatch,
      int micro,
      ZeroStage zero,
      int shardGroup,
      boolean layoutGiven) {
    if (p.gpus() != cluster.gpus()) {
      throw new IllegalArgumentException(
          "gpus (" + cluster.gpus() + ") must equal dp × tp × pp × cp = " + p.dp() + " × " + p.tp() + " × "
              + p.pp() + " × " + p.cp() + " = " + p.gpus());
    }
    int heads = model.heads();
    if (heads % p.tp() != 0) {
      throw new IllegalArgumentException("tp must divide heads (" + heads + "), was " + p.tp());
    }
    // Megatron-Core divides both the heads and the query groups by tp (divide() in
    // megatron/core/transformer/attention.py); wider tensor parallelism replicates the KV heads, one
    // or more whole heads per rank (PaLM's multi-query attention at model parallelism 12)
    if (model.attention() instanceof MultiHeadAttention mha
        && mha.kvHeads() % p.tp() != 0 && p.tp() % mha.kvHeads() != 0) {
      throw new IllegalArgumentException(
          "tp must divide kv heads (" + mha.kvHeads() + ") or be a multiple of them, was " + p.tp());
    }
    if (model.denseLayers() > 0 && model.feedForward().intermediateSize() % p.tp() != 0) {
      throw new IllegalArgumentException(
          "tp must divide the MLP width (" + model.feedForward().intermediateSize() + "), was " + p.tp());
    }
    if (model.isMoe()) {
      if (model.moe().expertIntermediateSize() % p.etp() != 0) {
        throw new IllegalArgumentException(
            (p.etp() == p.tp() ? "tp" : "etp") + " must divide the expert MLP width ("
                + model.moe().expertIntermediateSize() + "), was " + p.etp());
      }
      if (model.moe().routedExperts() % p.ep() != 0) {
        throw new IllegalArgumentException(
            "ep must divide the experts (" + model.moe().routedExperts() + "), was " + p.ep());
      }
    } else if (p.ep() > 1) {
      throw new IllegalArgumentException("ep must be 1 for a dense model (" + model.id() + "), was " + p.ep());
    } else if (p.etp() != p.tp()) {
      throw new IllegalArgumentException(
          "etp must equal tp (" + p.tp() + ") for a dense model (" + model.id() + "), was " + p.etp());
    }
    if (p.pp() > model.layers()) {
      throw new IllegalArgumentException("pp must be <= layers (" + model.layers() + "), was " + p.pp());
    }
    // a chunk holds at least one layer, but the first (last) stage's first (last) chunk may hold only the embedding
    // (the output head and loss) when that stage has a layer fewer (Llama 3 §3.3.2; Evaluator.maxVirtualStages)
    int maxVirtual = Evaluator.maxVirtualStages(model.layers(), p.pp());
    if (!layoutGiven && p.virtualStages() > 1 && p.virtualStages() > maxVirtual) {
      throw new IllegalArgumentException(
          "virtualStages must be <= " + maxVirtual + " for " + model.layers() + " layers on " + p.pp() + " stages (a"
              + " chunk of one layer or more; only the first stage's first and the last stage's last may hold none),"
              + " was " + p.virtualStages());
    }
    if (globalBatch % ((long) micro * p.dp()) != 0) {
      throw new IllegalArgumentException(
          "globalBatchSize must be a multiple of microBatchSize × dp (" + micro + " × " + p.dp() + " = "
              + (long) micro * p.dp() + "), was " + globalBatch);
    }
    int micros = globalBatch / (micro * p.dp());
    if (p.virtualStages() > 1 && micros % p.pp() != 0) {
      throw new IllegalArgumentException(
          "micro-batches per step (" + micros + ") must be a multiple of pp (" + p.pp()
              + ") for the interleaved schedule, was " + micros);
    }
    if (p.schedule() == PipelineSchedule.DUALPIPE && micros % 2 != 0) {
      throw new IllegalArgumentException(
          "micro-batches per step must be even for the dualpipe schedule, was " + micros);
    }
    // DualPipe feeds half the micro-batches from each end and needs at least two per rank in flight:
    // "num_chunks >= num_ranks * 2" (deepseek-ai/DualPipe dualpipe/dualpipe.py at 3da1bbe, DualPipe.step)
    if (p.schedule() == PipelineSchedule.DUALPIPE && micros < 2 * p.pp()) {
      throw new IllegalArgumentException(
          "micro-batches per step must be at least 2 × pp (" + 2 * p.pp() + ") for the dualpipe schedule, was "
              + micros);
    }
    if (seq % p.cp() != 0) {
      throw new IllegalArgumentException("cp must divide sequenceLength (" + seq + "), was " + p.cp());
    }
    if (model.embeddings().positions() == PositionEncoding.LEARNED && seq > model.embeddings().maxPositions()) {
      throw new IllegalArgumentException(
          "sequenceLength must be <= the learned position table of " + model.id() + " ("
              + model.embeddings().maxPositions() + "), was " + seq);
    }
    if (shardGroup > 0) {
      if (zero == ZeroStage.NONE) {
        throw new IllegalArgumentException("shardGroupSize needs a ZeRO stage >= 1, was " + shardGroup);
      }
      int group = p.dp() * p.cp();
      if (group % shardGroup != 0) {
        throw new IllegalArgumentException("shardGroupSize must divide dp × cp (" + group + "), was " + shardGroup);
      }
    }
  }

  /**
   * Starts a builder for {@code model} on {@code cluster}, with pure data parallelism over all its
   * GPUs and the defaults listed on {@link Builder}.
   *
   * @param model the architecture
   * @param cluster the GPUs
   * @return a builder
   */
  public static Builder builder(ModelArchitecture model, Cluster cluster) {
    return new Builder(model, cluster);
  }

  /**
   * Starts a builder for {@code model} on {@code gpus} GPUs of {@code accelerator} ({@link
   * Cluster#of}).
   *
   * @param model the architecture
   * @param accelerator the accelerator
   * @param gpus the GPUs
   * @return a builder
   */
  public static Builder builder(ModelArchitecture model, AcceleratorSpec accelerator, int gpus) {
    return new Builder(model, Cluster.of(accelerator, gpus));
  }

  /** Returns a builder initialised with this job. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the GPUs of the job. */
  public int gpus() {
    return cluster.gpus();
  }

  /** Returns the micro-batches one pipeline runs per step: global / (micro × dp). */
  public int microBatchesPerStep() {
    return globalBatchSize / (microBatchSize * parallelism.dp());
  }

  /** Returns the tokens of one optimizer step. */
  public long tokensPerStep() {
    return (long) globalBatchSize * sequenceLength;
  }

  /** Returns a copy with another parallelism (and the same everything else). */
  public TrainingJob withParallelism(Parallelism value) {
    return toBuilder().parallelism(value).build();
  }

  /**
   * Builds a {@link TrainingJob}. Defaults: sequence length 2048; global batch the smallest
   * multiple of micro-batch × dp that is at least 512 sequences; micro-batch 1; bf16 mixed
   * precision ({@link PrecisionRecipe#BF16_MIXED}); AdamW; no ZeRO; no recomputation;
   * FlashAttention; no dropout; overlapped data-parallel communication; no tensor-parallel
   * overlap; pipeline scatter/gather; {@link FlopsAccounting#MATMUL_WEIGHTS} without causal
   * halving; 20 tokens per parameter (Hoffmann et al. 2022); USD 2.00 per GPU-hour; PUE 1.2; a 10%
   * fragmentation reserve; balanced expert routing (imbalance 1); {@link TrainingFramework#MEGATRON}
   * kernel rates.
   */
  public static final class Builder implements StackSettings<Builder> {
    private ModelArchitecture model;
    private Cluster cluster;
    private @Nullable Parallelism parallelism;
    private @Nullable TokenCount trainingTokens;
    private int sequenceLength = DEFAULT_SEQUENCE_LENGTH;
    private int globalBatchSize;
    private int microBatchSize = 1;
    private PrecisionRecipe precision = PrecisionRecipe.BF16_MIXED;
    private Optimizer optimizer = Optimizer.ADAMW;
    private ZeroStage zero = ZeroStage.NONE;
    private int shardGroupSize;
    private Recompute recompute = Recompute.NONE;
    private TrainingAttentionKernel attention = TrainingAttentionKernel.FLASH;
    private boolean dropout;
    private boolean dataParallelOverlap = true;
    private double tensorParallelOverlap;
    private boolean pipelineScatterGather = true;
    private boolean pipelineOverlap = true;
    private boolean crossEntropyFusion = true;
    private boolean gradientAccumulationFusion = true;
    private FlopsAccounting accounting = FlopsAccounting.MATMUL_WEIGHTS;
    private boolean causalAttentionFlops;
    private boolean multiTokenPrediction = true;
    private Money pricePerGpuHour = DEFAULT_PRICE_PER_GPU_HOUR;
    private double pue = DEFAULT_PUE;
    private double memoryReserveFraction = DEFAULT_MEMORY_RESERVE;
    private double expertLoadImbalance = 1;
    private boolean expertParallelOverlap;
    private FsdpBackwardPrefetch fsdpBackwardPrefetch = FsdpBackwardPrefetch.PRE;
    private MoeDispatcher moeDispatcher = MoeDispatcher.ALL_TO_ALL;
    private ExpertCapacity expertCapacity = ExpertCapacity.DROPLESS;
    private TrainingFramework framework = TrainingFramework.MEGATRON;
    private int activationOffloadLayers;
    private boolean fp8Dispatch;
    private boolean recomputeNormsAndUpProjections;
    private boolean fp8ActivationCache;
    private boolean recomputeMoeActivation;
    private CudaGraphScope cudaGraphs = CudaGraphScope.NONE;
    private boolean distributeCheckpointedActivations;
    private boolean fp8Attention;
    private int trainingMetricCrossEntropies;
    private int lastPipelineStageLayers;
    private @Nullable PipelineLayout pipelineLayout;
    private long ddpBucketParameters;

    private Builder(ModelArchitecture model, Cluster cluster) {
      this.model = model;
      this.cluster = cluster;
    }

    private Builder(TrainingJob j) {
      model = j.model;
      cluster = j.cluster;
      parallelism = j.parallelism;
      trainingTokens = j.trainingTokens;
      sequenceLength = j.sequenceLength;
      globalBatchSize = j.globalBatchSize;
      microBatchSize = j.microBatchSize;
      precision = j.precision;
      optimizer = j.optimizer;
      zero = j.zero;
      shardGroupSize = j.shardGroupSize;
      recompute = j.recompute;
      attention = j.attention;
      dropout = j.dropout;
      dataParallelOverlap = j.dataParallelOverlap;
      tensorParallelOverlap = j.tensorParallelOverlap;
      pipelineScatterGather = j.pipelineScatterGather;
      pipelineOverlap = j.pipelineOverlap;
      crossEntropyFusion = j.crossEntropyFusion;
      gradientAccumulationFusion = j.gradientAccumulationFusion;
      accounting = j.accounting;
      causalAttentionFlops = j.causalAttentionFlops;
      multiTokenPrediction = j.multiTokenPrediction || j.model.multiTokenPredictionLayers() == 0;
      pricePerGpuHour = j.pricePerGpuHour;
      pue = j.pue;
      memoryReserveFraction = j.memoryReserveFraction;
      expertLoadImbalance = j.expertLoadImbalance;
      expertParallelOverlap = j.expertParallelOverlap;
      fsdpBackwardPrefetch = j.fsdpBackwardPrefetch;
      moeDispatcher = j.moeDispatcher;
      expertCapacity = j.expertCapacity;
      framework = j.framework;
      activationOffloadLayers = j.activationOffloadLayers;
      fp8Dispatch = j.fp8Dispatch;
      recomputeNormsAndUpProjections = j.recomputeNormsAndUpProjections;
      fp8ActivationCache = j.fp8ActivationCache;
      recomputeMoeActivation = j.recomputeMoeActivation;
      cudaGraphs = j.cudaGraphs;
      distributeCheckpointedActivations = j.distributeCheckpointedActivations;
      fp8Attention = j.fp8Attention;
      trainingMetricCrossEntropies = j.trainingMetricCrossEntropies;
      lastPipelineStageLayers = j.lastPipelineStageLayers;
      pipelineLayout = j.pipelineLayout;
      ddpBucketParameters = j.ddpBucketParameters;
    }

    /** Sets the model. */
    public Builder model(ModelArchitecture value) {
      this.model = value;
      return this;
    }

    /** Sets the cluster. */
    public Builder cluster(Cluster value) {
      this.cluster = value;
      return this;
    }

    /** Sets the parallelism. */
    public Builder parallelism(Parallelism value) {
      this.parallelism = value;
      return this;
    }

    /** Sets the tokens to train on. */
    public Builder trainingTokens(TokenCount value) {
      this.trainingTokens = value;
      return this;
    }

    /** Sets the sequence length in tokens. */
    public Builder sequenceLength(int value) {
      this.sequenceLength = value;
      return this;
    }

    /**
     * Sets the global batch in sequences; left unset, {@link #build} takes the smallest multiple of
     * micro-batch × dp of at least {@value #DEFAULT_GLOBAL_BATCH}.
     *
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public Builder globalBatchSize(int value) {
      this.globalBatchSize = Require.positive("globalBatchSize", value);
      return this;
    }

    /** Sets the micro-batch in sequences. */
    public Builder microBatchSize(int value) {
      this.microBatchSize = value;
      return this;
    }

    /** Sets the precision recipe. */
    public Builder precision(PrecisionRecipe value) {
      this.precision = value;
      return this;
    }

    /** Sets the optimizer. */
    public Builder optimizer(Optimizer value) {
      this.optimizer = value;
      return this;
    }

    /** Sets the ZeRO stage. */
    public Builder zero(ZeroStage value) {
      this.zero = value;
      return this;
    }

    /** Sets the HSDP shard group size (0: shard over all of dp × cp). */
    public Builder shardGroupSize(int value) {
      this.shardGroupSize = value;
      return this;
    }

    /** Sets the activation recomputation. */
    public Builder recompute(Recompute value) {
      this.recompute = value;
      return this;
    }

    /** Sets the attention kernel. */
    public Builder attention(TrainingAttentionKernel value) {
      this.attention = value;
      return this;
    }

    /** Sets whether the model trains with dropout. */
    public Builder dropout(boolean value) {
      this.dropout = value;
      return this;
    }

    /** Sets whether data-parallel communication overlaps with compute. */
    public Builder dataParallelOverlap(boolean value) {
      this.dataParallelOverlap = value;
      return this;
    }

    /**
     * Sets the software stack whose kernel rates the step is costed at (default {@link
     * TrainingFramework#MEGATRON}).
     */
    public Builder framework(TrainingFramework value) {
      this.framework = java.util.Objects.requireNonNull(value, "framework");
      return this;
    }

    /**
     * Sets the fraction of tensor-parallel communication run decomposed beside the matmuls (async
     * TP, TransformerEngine's userbuffers), of which {@code (tp−1)/tp} hides, up to each pass's
     * matmul time; PyTorch's async TP decomposes the forward only, so its share is the forward
     * passes' (1/2, or 2/3 under full recomputation). For {@link TrainingFramework#MEGATRON} with
     * sequence parallelism ({@code --tp-comm-overlap}, 1 for every pass) it is costed as Transformer
     * Engine's userbuffers run it: ring-exchange all-gathers over tp GEMM chunks, reduce-scatters
     * pipelined in 4 chunks on 16 SMs taken from the GEMM, the last chunk's exposed.
     */
    public Builder tensorParallelOverlap(double value) {
      this.tensorParallelOverlap = value;
      return this;
    }

    /** Sets whether pipeline messages are scattered across tensor-parallel ranks. */
    public Builder pipelineScatterGather(boolean value) {
      this.pipelineScatterGather = value;
      return this;
    }

    /**
     * Sets whether the interleaved schedule overlaps each chunk's pipeline sends and receives with
     * its compute (Megatron-LM's {@code --overlap-p2p-communication}, on by default with virtual
     * stages since 2023; Megatron-LM 2021 waited for them).
     */
    public Builder pipelineOverlap(boolean value) {
      this.pipelineOverlap = value;
      return this;
    }

    /**
     * Sets whether the loss over the vocabulary runs as one fused kernel (the default: Megatron-Core's
     * {@code --cross-entropy-loss-fusion}, Transformer Engine's parallel cross entropy, llm-foundry's
     * {@code fused_crossentropy}) or, with {@code false}, as Megatron's unfused vocab-parallel cross
     * entropy, which Megatron-LM until Megatron-Core 0.8 (without that flag) and Megatron-DeepSpeed
     * run: about 52 bytes of memory traffic per logit against 16 ({@link #crossEntropyFusion()}).
     */
    public Builder crossEntropyFusion(boolean value) {
      this.crossEntropyFusion = value;
      return this;
    }

    /**
     * Sets whether each micro-batch's weight gradients are accumulated inside the weight-gradient
     * GEMM (the default: Megatron-LM's {@code --gradient-accumulation-fusion}, merged 2022-02-22 and on
     * by default since; PyTorch FSDP, which reduce-scatters every micro-batch's gradients) or, with
     * {@code false}, added to the accumulated gradients by a kernel of their own after the GEMM has
     * written them, as Megatron-LM before that merge ({@code param.main_grad.add_(param.grad)} in its
     * DDP hook) and DeepSpeed's engine (autograd's accumulation into {@code param.grad}) do ({@link
     * #gradientAccumulationFusion()}).
     */
    public Builder gradientAccumulationFusion(boolean value) {
      this.gradientAccumulationFusion = value;
      return this;
    }

    /** Sets the model-FLOP accounting. */
    public Builder accounting(FlopsAccounting value) {
      this.accounting = value;
      return this;
    }

    /**
     * Sets whether the model's multi-token-prediction modules ({@link
     * ModelArchitecture#multiTokenPredictionLayers()}) are trained with it; the default, true, is
     * how DeepSeek-V3 (arXiv:2412.19437 §2.2, one module of depth 1) and GLM-4.5 were trained. Each
     * module runs one transformer block, a {@code 2h × h} projection and the shared output head per
     * token; a model without such modules ignores the setting.
     */
    public Builder multiTokenPrediction(boolean value) {
      this.multiTokenPrediction = value;
      return this;
    }

    /** Sets whether the attention term of model FLOPs is halved for causal masking. */
    public Builder causalAttentionFlops(boolean value) {
      this.causalAttentionFlops = value;
      return this;
    }

    /** Sets the price of one GPU-hour. */
    public Builder pricePerGpuHour(Money value) {
      this.pricePerGpuHour = value;
      return this;
    }

    /** Sets the data centre's power usage effectiveness. */
    public Builder pue(double value) {
      this.pue = value;
      return this;
    }

    /** Sets the fragmentation reserve as a share of the memory total. */
    public Builder memoryReserveFraction(double value) {
      this.memoryReserveFraction = value;
      return this;
    }

    /**
     * Sets the tokens routed to the busiest expert over the average (1 for balanced routing, the
     * default).
     */
    public Builder expertLoadImbalance(double value) {
      this.expertLoadImbalance = value;
      return this;
    }

    /**
     * Sets whether the expert-parallel all-to-alls of one micro-batch run behind the computation of
     * another, as Megatron-Core's combined 1F1B schedule does ({@code
     * --overlap-moe-expert-parallel-comm}, Megatron-Core v0.14): in the steady phase it pairs one
     * micro-batch's forward with another's backward and issues the dispatch and combine of each while
     * the other computes, each behind one part of the other's layer; the warm-up and cool-down micro-batches
     * run alone, and the hidden communication still takes SMs from the computation beside it. Megatron-Core
     * runs it only with expert parallelism, without full recomputation and, with a pipeline, interleaved (virtual
     * stages): {@link #build()} refuses it on a dense model, beside {@link Recompute#FULL}, with pp &gt; 1 and one
     * chunk a rank (but DualPipe) and beside more than one trained MTP layer; an MoE job at ep 1 is costed as
     * without it (the planner never searches ep 1 beside it). The default, false, leaves them exposed
     * (Megatron-Core's default). DualPipe ({@link PipelineSchedule#DUALPIPE}) overlaps them in any case.
     */
    public Builder expertParallelOverlap(boolean value) {
      this.expertParallelOverlap = value;
      return this;
    }

    /**
     * Sets when a fully sharded job (ZeRO-3 / FSDP) all-gathers the next layer's parameters in the
     * backward pass: {@link FsdpBackwardPrefetch#PRE} (the default: PyTorch FSDP2, Megatron-FSDP)
     * hides it behind the current layer's backward, {@link FsdpBackwardPrefetch#POST} (PyTorch FSDP1,
     * with {@code BACKWARD_POST}, Composer's default, or {@code BACKWARD_PRE}) leaves it to the
     * profile's fitted overlap efficiency. With ZeRO 2, {@code POST} costs FSDP1's {@code SHARD_GRAD_OP}: a
     * collective per FSDP unit and pass, hidden by the same fitted overlap efficiency, where {@code PRE} keeps
     * Megatron-Core's bucketed overlap.
     *
     * @param value the prefetch mode
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder fsdpBackwardPrefetch(FsdpBackwardPrefetch value) {
      this.fsdpBackwardPrefetch = Objects.requireNonNull(value, "fsdpBackwardPrefetch");
      return this;
    }

    /**
     * Sets how an MoE job's routed tokens travel to their experts: {@link MoeDispatcher#ALL_TO_ALL}
     * (the default, Megatron-Core's default: every routed copy through an NCCL all-to-all) or {@link
     * MoeDispatcher#FLEX} (DeepEP / HybridEP: once per destination rank, and once per destination
     * scale-up domain across the network).
     *
     * @param value the dispatcher
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder moeDispatcher(MoeDispatcher value) {
      this.moeDispatcher = Objects.requireNonNull(value, "moeDispatcher");
      return this;
    }

    /**
     * Sets how many tokens each expert of an MoE layer processes: {@link ExpertCapacity#DROPLESS}
     * (the default) or a capacity factor that drops, or pads to, {@code factor} times the average
     * (Megatron-Core's {@code --moe-expert-capacity-factor} and {@code
     * --moe-pad-expert-input-to-capacity}). The busiest expert is then costed at {@link
     * ExpertCapacity#busiestLoad(double)} times the average instead of the routing imbalance.
     *
     * @param value the capacity
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder expertCapacity(ExpertCapacity value) {
      this.expertCapacity = Objects.requireNonNull(value, "expertCapacity");
      return this;
    }

    /**
     * Sets how many transformer layers keep their activations in host memory instead of the GPU's, 0
     * (the default) for none: Megatron-Core's {@code cpu_offloading} with {@code
     * cpu_offloading_num_layers} = {@code value}, activations only ({@code cpu_offloading_activations},
     * not {@code cpu_offloading_weights}), as Megatron-Bridge's performance recipes set it. The first
     * {@code value} layers' saved tensors are copied to the host over its link (the accelerator catalog's
     * {@code host_link}, {@code HostLinks}: NVLink-C2C on GB200, PCIe elsewhere at the measured pinned-copy
     * share) during the forward pass and back during the backward pass, on
     * streams of their own beside the compute (Transformer Engine's {@code cpu_offload.py}); only what
     * the copies outlast is exposed. The GPU then holds L − N + 1 layers' activations at its peak.
     *
     * @param value the offloaded layers, 0 to one fewer than the model's layers
     * @return this builder
     */
    public Builder activationOffloadLayers(int value) {
      this.activationOffloadLayers = value;
      return this;
    }

    int activationOffloadLayers() {
      return activationOffloadLayers;
    }

    /**
     * Sets whether the flex dispatcher sends tokens to their experts in FP8 (one E4M3 byte per element and an
     * fp32 scale per 1×128 tile) and combines them in 16 bits, the activation gradient before the
     * down-projections likewise in the backward pass: DeepSeek-V3 (arXiv 2412.19437 §3.3.3, "Low-Precision
     * Communication"), DeepEP's FP8 dispatch. Off by default: Megatron-Core dispatches in 16 bits (HybridEP
     * refuses FP8, {@code fused_a2a.py} at d98e8a64). Needs an MoE model, {@link MoeDispatcher#FLEX} and FP8.
     *
     * @param value whether tokens are dispatched in FP8
     * @return this builder
     */
    public Builder fp8Dispatch(boolean value) {
      this.fp8Dispatch = value;
      return this;
    }

    /**
     * Sets whether the backward pass recomputes every norm and latent attention's up-projections instead of
     * keeping their outputs: DeepSeek-V3 §3.2.3 ("We recompute all RMSNorm operations and MLA up-projections
     * during back-propagation, thereby eliminating the need to persistently store their output activations");
     * Megatron-Core's {@code recompute_modules} {@code layernorm} and {@code mla_up_proj} ({@code
     * megatron/core/transformer/transformer_config.py} at d98e8a64). The layer then keeps the latents instead of
     * the queries, keys and values, and no norm output; the up-projections' forward GEMMs run again. Applies
     * beside {@link Recompute#NONE} or {@link Recompute#SELECTIVE}; full recomputation already recomputes both.
     * Off by default (never searched). Needs latent attention.
     *
     * @param value whether norms and up-projections are recomputed
     * @return this builder
     */
    public Builder recomputeNormsAndUpProjections(boolean value) {
      this.recomputeNormsAndUpProjections = value;
      return this;
    }

    /**
     * Sets whether each layer's checkpointed input is split over the tensor-parallel ranks and gathered again
     * before its recomputation, as metaseq's {@code --distribute-checkpointed-activations} does (OPT-175B;
     * facebookresearch/metaseq {@code metaseq/modules/checkpoint_activation_wrapper/checkpoint_activations.py}
     * at f7ffa5fd: the forward keeps {@code mpu.split_tensor_into_1d_equal_chunks} of the input, the backward
     * runs {@code mpu.gather_split_1d_tensor} before recomputing the layer). The stored layer inputs take
     * 1/tp of the memory; each layer's backward waits for one all-gather of its input. Applies under full
     * recomputation only (the planner may still search the recomputation: other modes keep no checkpointed
     * input to split); does nothing under sequence parallelism, whose stored inputs are split already
     * (metaseq refuses the two together). Off by default (never searched).
     *
     * @param value whether checkpointed inputs are distributed
     * @return this builder
     */
    public Builder distributeCheckpointedActivations(boolean value) {
      this.distributeCheckpointedActivations = value;
      return this;
    }

    /**
     * Sets whether activations are cached as DeepSeek-V3 caches them beyond the FP8 copies of the linear layers'
     * inputs (§3.3.3, "Low-Precision Activation"): the attention output, which the output projection and the
     * attention's backward pass share, in a 12-bit format (E5M6), and the routed experts' SwiGLU inputs in FP8,
     * the SwiGLU output recomputed in the backward pass (Megatron-Core's {@code activation_func_fp8_input_store}
     * with {@code recompute_modules} {@code moe_act} for the experts). Off by default (never searched). Needs FP8.
     *
     * @param value whether activations are cached so
     * @return this builder
     */
    public Builder fp8ActivationCache(boolean value) {
      this.fp8ActivationCache = value;
      return this;
    }

    /**
     * Sets whether the backward pass reruns the routed experts' activation instead of keeping its output:
     * Megatron-Core's selective recomputation {@code recompute_modules} {@code moe_act} ({@code TEGroupedMLP.forward}
     * wraps {@code bias_act_func} in {@code CheckpointWithoutOutput}, discards its output once the down projection has
     * run and reruns it before the down projection's backward: {@code megatron/core/transformer/moe/experts.py} l.
     * 588-591 and 738-750, {@code megatron/core/tensor_parallel/random.py} l. 664-706 at NVIDIA/Megatron-LM
     * b0cc2706d). The activation's forward memory traffic (and a clamped activation's clamp, {@code
     * weighted_bias_quick_geglu_impl}) runs again per routed copy and its kernels are issued again; the activation's
     * output is not stored. Applies beside {@link Recompute#NONE}, {@link Recompute#SELECTIVE} or {@link
     * Recompute#OP_SELECTIVE}; full recomputation already reruns it. Off by default (never searched). Needs a
     * mixture-of-experts model.
     *
     * @param value whether the routed experts' activation is recomputed
     * @return this builder
     */
    public Builder recomputeMoeActivation(boolean value) {
      this.recomputeMoeActivation = value;
      return this;
    }

    /**
     * Sets which part of each transformer layer is replayed from captured CUDA graphs ({@link CudaGraphScope}):
     * {@link CudaGraphScope#NONE} (the default, never searched), {@link CudaGraphScope#PARTIAL} (Transformer
     * Engine graphs of the router, the dispatcher's preprocessing and possibly the attention) or {@link
     * CudaGraphScope#FULL_LAYER} (Megatron-Core's whole-layer graphs). Whole-layer graphs take an MoE layer's
     * kernels off the host: its host time becomes one launch per graph and the dispatcher no longer synchronises,
     * so a host-bound MoE layer becomes device-bound. Refused as Megatron-Core refuses it: whole-layer graphs of an
     * MoE layer need its input padded to capacity ({@link ExpertCapacity#padded}) and the all-to-all dispatcher;
     * whole-layer graphs need recompute none, partial graphs recompute none or selective; no graphs beside
     * activation offloading; graphs only in the Megatron-Core stack ({@link TrainingFramework#MEGATRON}).
     *
     * @param value the graph scope
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder cudaGraphs(CudaGraphScope value) {
      this.cudaGraphs = Objects.requireNonNull(value, "cudaGraphs");
      return this;
    }

    /**
     * Sets whether the attention core runs in FP8 (Transformer Engine's {@code fp8_dpa}, Megatron-Core's {@code
     * fp8_dot_product_attention}, MLPerf's {@code FP8_DPA=True}): cuDNN's FP8 fused attention, costed at the
     * job's 16-bit attention rate times the FP8/BF16 ratio that cuDNN's SDPA benchmark measured in one run on the
     * accelerator (or its silicon family) at the kernel's sequence length, forward and backward apart ({@code
     * attention-fp8.csv}), plus the casts of Q, K, V and dO to FP8 around it (and of O, dQ, dK, dV back to 16 bits
     * under delayed scaling), in the layers that run in FP8. Off by default and never searched. Refused with a
     * 16-bit recipe, on an accelerator without FP8 tensor cores or without such rows, with an unfused attention core
     * or outside the Megatron-Core stack.
     *
     * @param value whether attention runs in FP8
     * @return this builder
     */
    public Builder fp8Attention(boolean value) {
      this.fp8Attention = value;
      return this;
    }

    /**
     * Sets how many cross entropies over each micro-batch's logits the trainer computes for its training metrics,
     * beside the loss: the work of a trainer that updates metrics on the training batches, without gradients, after
     * each micro-batch's backward pass. MosaicML Composer does so whenever the model defines training metrics
     * ({@code Trainer._train_microbatch} calls {@code _eval_train_metrics} after the backward, under {@code
     * torch.no_grad()} and the precision's autocast, composer/trainer/trainer.py at v0.16.4 and v0.13.5), and
     * llm-foundry's MPT ({@code ComposerMPTCausalLM}, llmfoundry/models/mpt/modeling_mpt.py at v0.3.0; {@code
     * ComposerMosaicGPT} in mosaicml/examples before it) defines two, {@code LanguageCrossEntropy} and {@code
     * LanguagePerplexity}, each a {@code torch.nn.CrossEntropyLoss(reduction='sum')} over the full logits
     * (composer/metrics/nlp.py): 2 for llm-foundry's runs. Each costs {@code
     * TRAINING_METRIC_BYTES_PER_LOGIT} of memory traffic per logit (Evaluator). 0 by default (Megatron-Core,
     * torchtitan and MaxText compute no metric over the logits) and never searched.
     *
     * @param value the cross entropies per micro-batch, at least 0
     * @return this builder
     */
    public Builder trainingMetricCrossEntropies(int value) {
      this.trainingMetricCrossEntropies = Require.nonNegative("trainingMetricCrossEntropies", value);
      return this;
    }

    /**
     * Sets the transformer layers of the last pipeline stage (with virtual stages: of the last rank's chunks), the
     * other stages splitting the rest evenly: Megatron-Core's {@code num_layers_in_last_pipeline_stage}, or a {@code
     * pipeline_model_parallel_layout} of that shape. Megatron-Bridge's DeepSeek-V3 recipes place 61 layers as
     * {@code [embedding + 4 decoders] + [4 decoders] × 14 + [1 decoder + mtp + loss]} over 16 (virtual) stages
     * ({@code set_deepseek_v3_pipeline_model_parallel_layout}, {@code src/megatron/bridge/recipes/deepseek/deepseek_v3.py}
     * at v0.3.1 9c9dd8489 l.29-49; the same map from v0.1.0rc4 to v0.4.x): at pp 16 the last stage holds 1 layer
     * beside the MTP module and the loss, at pp 8 (pp 4 with 4 chunks) 5 (13), the others 4 (16). The last stage
     * also runs the output head, the loss and the multi-token-prediction modules as always. 0, the default,
     * places the layers as {@code Evaluator.largestStageLayers} describes; never searched; ignored at pp 1. With pp
     * above 1 the other stages must split the rest evenly, and the DualPipe schedule is refused.
     *
     * @param value the last stage's layers, 0 for the default placement
     * @return this builder
     */
    public Builder lastPipelineStageLayers(int value) {
      this.lastPipelineStageLayers = Require.nonNegative("lastPipelineStageLayers", value);
      return this;
    }

    /**
     * Sets the layers of each pipeline stage and each of its model chunks as Megatron-Core's {@code
     * pipeline_model_parallel_layout} gives them (s21f; {@link PipelineLayout}); null, the default, places them as
     * {@link #lastPipelineStageLayers(int)} or {@code Evaluator.largestStageLayers} describe. Each stage's time and
     * memory come from its own layers; the embedding sits on the first rank, the output head, the loss and the
     * multi-token-prediction modules on the last; the step's schedule and bubble follow the slowest rank. At {@link
     * #build()} the layout must place the model's layers and the trained multi-token-prediction layers, and match the
     * parallelism's pp (2 or more) and virtual stages; it cannot be combined with a last stage given or the DualPipe
     * schedule.
     *
     * @param value the layout, or null for none
     * @return this builder
     */
    public Builder pipelineLayout(@Nullable PipelineLayout value) {
      this.pipelineLayout = value;
      return this;
    }

    /**
     * Sets the parameters per data-parallel gradient bucket, as Megatron-Core's {@code DistributedDataParallelConfig
     * .bucket_size} (Megatron-LM {@code --ddp-bucket-size}; NeMo's {@code MegatronCommOverlapCallback} sets 128 Mi,
     * NVIDIA's MLPerf Training v5.1 Llama 3.1 8B 768 M, s23l). Unset, Megatron-Core's own rule, {@code max(40 M, 1 M ×
     * data-parallel size)} ({@code distributed_data_parallel.py} l.62-65 at NVIDIA/Megatron-LM core_v0.13.1; stages after the first pipeline stage
     * get no bucketing whatever the setting, l.181-189). The
     * model's bucketed data-parallel overlap exposes one mean bucket of gradients and one of parameters
     * ({@code Evaluator}); PyTorch-native jobs keep torchtitan's 100 MiB DDP bucket. Never searched.
     *
     * @param value parameters per bucket, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public Builder ddpBucketParameters(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("ddpBucketParameters must be > 0, was " + value);
      }
      this.ddpBucketParameters = value;
      return this;
    }

    ModelArchitecture model() {
      return model;
    }

    @Nullable PipelineLayout givenPipelineLayout() {
      return pipelineLayout;
    }

    Cluster cluster() {
      return cluster;
    }

    int globalBatchSize() {
      return globalBatchSize;
    }

    int microBatchSize() {
      return microBatchSize;
    }

    boolean expertParallelOverlap() {
      return expertParallelOverlap;
    }

    Recompute recompute() {
      return recompute;
    }

    ZeroStage zero() {
      return zero;
    }

    int shardGroupSize() {
      return shardGroupSize;
    }

    @Nullable Parallelism parallelismOrNull() {
      return parallelism;
    }

    /**
     * Builds and validates the job.
     *
     * @return the job
     * @throws IllegalArgumentException naming the field and its value when a combination is
     *     impossible: the GPUs differ from dp × tp × pp × cp; tp does not divide the heads or the MLP
     *     width, or neither divides nor is a multiple of the KV heads; a pipeline stage has fewer
     *     layers than virtual stages; the global batch is not a multiple of micro-batch × dp; cp does
     *     not divide the sequence; ep is set for a dense model or does not divide the experts; the
     *     sequence exceeds a learned position table; the accelerator has no peak for the precision's
     *     math type; activation offloading names as many layers as the model has or more, or runs with
     *     pipeline parallelism or recomputation; or a number is out of range
     */
    public TrainingJob build() {
      Parallelism p = parallelism != null ? parallelism : Parallelism.dataParallel(cluster.gpus());
      int batch = globalBatchSize;
      if (batch == 0) {
        int unit = Require.positive("microBatchSize", microBatchSize) * p.dp();
        batch = unit * Math.max(1, (DEFAULT_GLOBAL_BATCH + unit - 1) / unit);
      }
      TokenCount tokens =
          trainingTokens != null
              ? trainingTokens
              : TokenCount.of(Math.multiplyExact(model.parameterCounts().active().value(), DEFAULT_TOKENS_PER_PARAMETER));
      return new TrainingJob(
          model,
          cluster,
          p,
          tokens,
          sequenceLength,
          batch,
          microBatchSize,
          precision,
          optimizer,
          zero,
          shardGroupSize,
          recompute,
          attention,
          dropout,
          dataParallelOverlap,
          tensorParallelOverlap,
          pipelineScatterGather,
          pipelineOverlap,
          crossEntropyFusion,
          gradientAccumulationFusion,
          accounting,
          causalAttentionFlops,
          multiTokenPrediction,
          pricePerGpuHour,
          pue,
          memoryReserveFraction,
          expertLoadImbalance,
          expertParallelOverlap,
          fsdpBackwardPrefetch,
          moeDispatcher,
          expertCapacity,
          framework,
          activationOffloadLayers,
          fp8Dispatch,
          recomputeNormsAndUpProjections,
          fp8ActivationCache,
          recomputeMoeActivation,
          cudaGraphs,
          distributeCheckpointedActivations,
          fp8Attention,
          trainingMetricCrossEntropies,
          lastPipelineStageLayers,
          pipelineLayout,
          ddpBucketParameters);
    }
  }

  /** Returns the architecture (decoder-only). */
  public ModelArchitecture model() {
    return model;
  }

  /** Returns the GPUs. */
  public Cluster cluster() {
    return cluster;
  }

  /** Returns how the work is split; {@code gpus()} equals the cluster's GPUs. */
  public Parallelism parallelism() {
    return parallelism;
  }

  /** Returns tokens to train on (for wall clock, GPU-hours, cost and energy). */
  public TokenCount trainingTokens() {
    return trainingTokens;
  }

  /** Returns tokens per sequence. */
  public int sequenceLength() {
    return sequenceLength;
  }

  /** Returns sequences per optimizer step. */
  public int globalBatchSize() {
    return globalBatchSize;
  }

  /** Returns sequences per micro-batch on one data-parallel rank. */
  public int microBatchSize() {
    return microBatchSize;
  }

  /** Returns the mixed-precision recipe. */
  public PrecisionRecipe precision() {
    return precision;
  }

  /**
   * Returns the bytes per element in which the model costs this job's parameter all-gathers of the transformer
   * layers' weights: the recipe's {@link PrecisionRecipe#parameterGatherBytes()}, except 2 for MXFP8 parameters under
   * Megatron-Core's distributed optimizer (framework Megatron, ZeRO 1, {@link PrecisionRecipe#fp8Parameters()}), which
   * gathers them in bf16 through the gradient buffer whatever the recipe asks ({@code
   * megatron/core/distributed/param_and_grad_buffer.py} l.695-712 at NVIDIA/Megatron-LM 0d8e0714c; s23o).
   *
   * @return bytes per gathered element
   */
  public int parameterGatherElementBytes() {
    return JobMapping.gatherElementBytes(this);
  }

  /** Returns the optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** Returns zeRO / FSDP sharding stage. */
  public ZeroStage zero() {
    return zero;
  }

  /** Returns data-parallel ranks a ZeRO shard spans (HSDP); 0 for all of dp × cp. */
  public int shardGroupSize() {
    return shardGroupSize;
  }

  /** Returns activation recomputation. */
  public Recompute recompute() {
    return recompute;
  }

  /** Returns the attention kernel. */
  public TrainingAttentionKernel attention() {
    return attention;
  }

  /** Returns whether the model trains with dropout (stores masks; GPT-3 era models did, most current pre-training does not). */
  public boolean dropout() {
    return dropout;
  }

  /** Returns the software stack whose kernel rates the step is costed at. */
  public TrainingFramework framework() {
    return framework;
  }

  /** Returns whether gradient reduction (or ZeRO-3's gathers) is overlapped with compute (PyTorch DDP and FSDP do; Megatron-LM 2021 did not). */
  public boolean dataParallelOverlap() {
    return dataParallelOverlap;
  }

  /** Returns the fraction of tensor-parallel communication run decomposed beside the matmuls, in [0, 1] (0: none, as Megatron-LM without communication overlap). */
  public double tensorParallelOverlap() {
    return tensorParallelOverlap;
  }

  /** Returns whether pipeline messages are split across tensor-parallel ranks (Megatron-LM's scatter/gather, Narayanan et al. 2021 §4.1); DeepSpeed's pipeline sends whole activations. */
  public boolean pipelineScatterGather() {
    return pipelineScatterGather;
  }

  /**
   * Returns whether the interleaved schedule overlaps each chunk's pipeline sends and receives with
   * its compute (Megatron-LM's {@code --overlap-p2p-communication}, on by default with virtual
   * stages; Megatron-LM 2021 and the non-interleaved 1F1B schedule wait for them).
   */
  public boolean pipelineOverlap() {
    return pipelineOverlap;
  }

  /**
   * Returns whether the loss over the vocabulary runs as one fused kernel (16 bytes of memory
   * traffic per logit of a micro-batch: the fp32 logits read and written once forward and once
   * backward) rather than as Megatron's unfused vocab-parallel cross entropy (52 bytes per logit:
   * {@code megatron/core/tensor_parallel/cross_entropy.py} at {@code core_r0.8.0}, as Megatron-LM
   * 2021 and Megatron-DeepSpeed: the 16-bit logits copied to fp32 (2 + 4), the maximum (4), the
   * subtraction (8), the exponential (8), the sum (4) and the normalisation (8) forward; the scaling
   * by the loss gradient (8) and the cast back to 16 bits (6) backward).
   */
  public boolean crossEntropyFusion() {
    return crossEntropyFusion;
  }

  /**
   * Returns whether weight gradients are accumulated inside the weight-gradient GEMM. When not, every
   * micro-batch reads the 16-bit gradient the GEMM wrote and reads and writes the accumulated
   * gradient (in the recipe's gradient bytes) once more: {@code 2 + 2 × 4 = 10} bytes per parameter
   * of the rank for fp32 accumulation, {@code 6} for 16-bit, at the achieved memory bandwidth
   * (Megatron-LM's DDP hook {@code param.main_grad.add_(param.grad.data)}, commit b4bc51b of
   * 2021-03-08, until the fused kernel {@code fused_weight_gradient_dense} of commit 83b1e42, merged
   * into main on 2022-02-22).
   */
  public boolean gradientAccumulationFusion() {
    return gradientAccumulationFusion;
  }

  /** Returns which operations model FLOPs count. */
  public FlopsAccounting accounting() {
    return accounting;
  }

  /**
   * Returns whether multi-token-prediction modules are trained: true when the model has some and
   * {@link Builder#multiTokenPrediction(boolean)} did not turn them off.
   */
  public boolean multiTokenPrediction() {
    return multiTokenPrediction;
  }

  /** Returns whether the model FLOPs' attention term is halved for causal masking. */
  public boolean causalAttentionFlops() {
    return causalAttentionFlops;
  }

  /** Returns price of one GPU for one hour. */
  public Money pricePerGpuHour() {
    return pricePerGpuHour;
  }

  /** Returns power usage effectiveness of the data centre (facility energy / IT energy), at least 1. */
  public double pue() {
    return pue;
  }

  /** Returns share of the memory total reserved for allocator fragmentation, in [0, 1). */
  public double memoryReserveFraction() {
    return memoryReserveFraction;
  }

  /** Returns tokens routed to the busiest expert over the average, at least 1 (1: balanced routing; a capacity factor of 1.25 bounds it at 1.25, Fedus et al. 2021 §2.1): the expert GEMMs and the all-to-alls of the step wait for the busiest rank. */
  public double expertLoadImbalance() {
    return expertLoadImbalance;
  }

  /**
   * Returns whether one micro-batch's expert-parallel all-to-alls run behind another's computation
   * (Megatron-Core's combined 1F1B overlap; see {@link Builder#expertParallelOverlap(boolean)}).
   */
  public boolean expertParallelOverlap() {
    return expertParallelOverlap;
  }

  /**
   * Returns when a fully sharded job all-gathers the next layer's parameters in the backward pass
   * (see {@link Builder#fsdpBackwardPrefetch(FsdpBackwardPrefetch)}).
   */
  public FsdpBackwardPrefetch fsdpBackwardPrefetch() {
    return fsdpBackwardPrefetch;
  }

  /** Returns how many tokens each expert processes (see {@link Builder#expertCapacity(ExpertCapacity)}). */
  public ExpertCapacity expertCapacity() {
    return expertCapacity;
  }

  /**
   * Returns the transformer layers whose activations are offloaded to host memory, 0 for none (see
   * {@link Builder#activationOffloadLayers(int)}).
   */
  public int activationOffloadLayers() {
    return activationOffloadLayers;
  }

  /** Returns whether tokens are dispatched in FP8 (see {@link Builder#fp8Dispatch(boolean)}). */
  public boolean fp8Dispatch() {
    return fp8Dispatch;
  }

  /** Returns whether norms and MLA up-projections are recomputed (see {@link Builder#recomputeNormsAndUpProjections}). */
  public boolean recomputeNormsAndUpProjections() {
    return recomputeNormsAndUpProjections;
  }

  /**
   * Returns whether checkpointed layer inputs are split over the tensor-parallel ranks (see {@link
   * Builder#distributeCheckpointedActivations(boolean)}).
   */
  public boolean distributeCheckpointedActivations() {
    return distributeCheckpointedActivations;
  }

  /** Returns whether activations are cached in FP8/E5M6 (see {@link Builder#fp8ActivationCache(boolean)}). */
  public boolean fp8ActivationCache() {
    return fp8ActivationCache;
  }

  /** Returns whether the routed experts' activation is recomputed (see {@link Builder#recomputeMoeActivation}). */
  public boolean recomputeMoeActivation() {
    return recomputeMoeActivation;
  }

  /** Returns whether the attention core runs in FP8 (see {@link Builder#fp8Attention(boolean)}). */
  public boolean fp8Attention() {
    return fp8Attention;
  }

  /**
   * Returns the cross entropies over each micro-batch's logits computed for training metrics (see {@link
   * Builder#trainingMetricCrossEntropies(int)}).
   */
  public int trainingMetricCrossEntropies() {
    return trainingMetricCrossEntropies;
  }

  /**
   * Returns the transformer layers of the last pipeline stage, 0 for the default placement (see {@link
   * Builder#lastPipelineStageLayers(int)}).
   */
  public int lastPipelineStageLayers() {
    return lastPipelineStageLayers;
  }

  /**
   * Returns the parameters per data-parallel gradient bucket given (see {@link Builder#ddpBucketParameters(long)}),
   * empty for Megatron-Core's default rule.
   */
  public java.util.OptionalLong ddpBucketParameters() {
    return ddpBucketParameters > 0 ? java.util.OptionalLong.of(ddpBucketParameters) : java.util.OptionalLong.empty();
  }

  /** Returns the pipeline layout given (see {@link Builder#pipelineLayout(PipelineLayout)}), if any. */
  public java.util.Optional<PipelineLayout> pipelineLayout() {
    return java.util.Optional.ofNullable(pipelineLayout);
  }

  /** Returns which part of each layer is replayed from CUDA graphs (see {@link Builder#cudaGraphs(CudaGraphScope)}). */
  public CudaGraphScope cudaGraphs() {
    return cudaGraphs;
  }

  /** Returns how the MoE layers dispatch routed tokens (see {@link Builder#moeDispatcher(MoeDispatcher)}). */
  public MoeDispatcher moeDispatcher() {
    return moeDispatcher;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TrainingJob o
        && Objects.equals(model, o.model)
        && Objects.equals(cluster, o.cluster)
        && Objects.equals(parallelism, o.parallelism)
        && Objects.equals(trainingTokens, o.trainingTokens)
        && sequenceLength == o.sequenceLength
        && globalBatchSize == o.globalBatchSize
        && microBatchSize == o.microBatchSize
        && Objects.equals(precision, o.precision)
        && Objects.equals(optimizer, o.optimizer)
        && Objects.equals(zero, o.zero)
        && shardGroupSize == o.shardGroupSize
        && Objects.equals(recompute, o.recompute)
        && Objects.equals(attention, o.attention)
        && dropout == o.dropout
        && dataParallelOverlap == o.dataParallelOverlap
        && Double.compare(tensorParallelOverlap, o.tensorParallelOverlap) == 0
        && framework == o.framework
        && pipelineScatterGather == o.pipelineScatterGather
        && pipelineOverlap == o.pipelineOverlap
        && crossEntropyFusion == o.crossEntropyFusion
        && gradientAccumulationFusion == o.gradientAccumulationFusion
        && Objects.equals(accounting, o.accounting)
        && causalAttentionFlops == o.causalAttentionFlops
        && multiTokenPrediction == o.multiTokenPrediction
        && Objects.equals(pricePerGpuHour, o.pricePerGpuHour)
        && Double.compare(pue, o.pue) == 0
        && Double.compare(memoryReserveFraction, o.memoryReserveFraction) == 0
        && Double.compare(expertLoadImbalance, o.expertLoadImbalance) == 0
        && expertParallelOverlap == o.expertParallelOverlap
        && fsdpBackwardPrefetch == o.fsdpBackwardPrefetch
        && moeDispatcher == o.moeDispatcher
        && expertCapacity.equals(o.expertCapacity)
        && activationOffloadLayers == o.activationOffloadLayers
        && fp8Dispatch == o.fp8Dispatch
        && recomputeNormsAndUpProjections == o.recomputeNormsAndUpProjections
        && fp8ActivationCache == o.fp8ActivationCache
        && recomputeMoeActivation == o.recomputeMoeActivation
        && cudaGraphs == o.cudaGraphs
        && distributeCheckpointedActivations == o.distributeCheckpointedActivations
        && fp8Attention == o.fp8Attention
        && trainingMetricCrossEntropies == o.trainingMetricCrossEntropies
        && lastPipelineStageLayers == o.lastPipelineStageLayers
        && Objects.equals(pipelineLayout, o.pipelineLayout)
        && ddpBucketParameters == o.ddpBucketParameters;
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, cluster, parallelism, trainingTokens, sequenceLength, globalBatchSize, microBatchSize, precision, optimizer, zero, shardGroupSize, recompute, attention, dropout, dataParallelOverlap, tensorParallelOverlap, pipelineScatterGather, pipelineOverlap, crossEntropyFusion, gradientAccumulationFusion, accounting, causalAttentionFlops, multiTokenPrediction, pricePerGpuHour, pue, memoryReserveFraction, expertLoadImbalance, expertParallelOverlap, fsdpBackwardPrefetch, moeDispatcher, expertCapacity, framework, activationOffloadLayers, fp8Dispatch, recomputeNormsAndUpProjections, fp8ActivationCache, recomputeMoeActivation, cudaGraphs, distributeCheckpointedActivations, fp8Attention, trainingMetricCrossEntropies, lastPipelineStageLayers, pipelineLayout, ddpBucketParameters);
  }

  @Override
  public String toString() {
    return "TrainingJob[model=" + model + ", cluster=" + cluster + ", parallelism=" + parallelism + ", trainingTokens=" + trainingTokens + ", sequenceLength=" + sequenceLength + ", globalBatchSize=" + globalBatchSize + ", microBatchSize=" + microBatchSize + ", precision=" + precision + ", optimizer=" + optimizer + ", zero=" + zero + ", shardGroupSize=" + shardGroupSize + ", recompute=" + recompute + ", attention=" + attention + ", dropout=" + dropout + ", dataParallelOverlap=" + dataParallelOverlap + ", tensorParallelOverlap=" + tensorParallelOverlap + ", pipelineScatterGather=" + pipelineScatterGather + ", pipelineOverlap=" + pipelineOverlap + ", crossEntropyFusion=" + crossEntropyFusion + ", gradientAccumulationFusion=" + gradientAccumulationFusion + ", accounting=" + accounting + ", causalAttentionFlops=" + causalAttentionFlops + ", multiTokenPrediction=" + multiTokenPrediction + ", pricePerGpuHour=" + pricePerGpuHour + ", pue=" + pue + ", memoryReserveFraction=" + memoryReserveFraction + ", expertLoadImbalance=" + expertLoadImbalance + ", expertParallelOverlap=" + expertParallelOverlap + ", fsdpBackwardPrefetch=" + fsdpBackwardPrefetch + ", moeDispatcher=" + moeDispatcher + ", expertCapacity=" + expertCapacity + ", framework=" + framework + ", activationOffloadLayers=" + activationOffloadLayers + ", fp8Dispatch=" + fp8Dispatch + ", recomputeNormsAndUpProjections=" + recomputeNormsAndUpProjections + ", fp8ActivationCache=" + fp8ActivationCache + ", cudaGraphs=" + cudaGraphs + (distributeCheckpointedActivations ? ", distributeCheckpointedActivations=true" : "") + (fp8Attention ? ", fp8Attention=true" : "")
        + (trainingMetricCrossEntropies > 0 ? ", trainingMetricCrossEntropies=" + trainingMetricCrossEntropies : "")
        + (recomputeMoeActivation ? ", recomputeMoeActivation=true" : "")
        + (lastPipelineStageLayers > 0 ? ", lastPipelineStageLayers=" + lastPipelineStageLayers : "")
        + (pipelineLayout != null ? ", pipelineLayout=" + pipelineLayout : "")
        + (ddpBucketParameters > 0 ? ", ddpBucketParameters=" + ddpBucketParameters : "") + "]";
  }
}
