package dev.llmcost.costmodel.internal.training;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.Architecture;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.core.model.RotaryScaling;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.internal.efficiency.Fp8Attention;
import dev.llmcost.costmodel.internal.efficiency.Fp8Gemm;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import dev.llmcost.costmodel.internal.efficiency.RocmSdpaAttention;
import dev.llmcost.costmodel.training.Fp8Scaling;
import dev.llmcost.costmodel.training.TrainingAttentionKernel;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.CudaGraphScope;
import dev.llmcost.costmodel.training.FsdpBackwardPrefetch;
import dev.llmcost.costmodel.training.MoeDispatcher;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.OptionalDouble;

/** Fills the evaluator's primitive inputs from a validated {@link TrainingJob}. */
public final class JobMapping {
  private JobMapping() {}

  /**
   * Copies the job's configuration into {@code c}.
   *
   * @param job the job
   * @param c the configuration to fill
   * @return {@code c}
   */
  public static EvalConfig config(TrainingJob job, EvalConfig c) {
    Parallelism p = job.parallelism();
    PrecisionRecipe r = job.precision();
    c.seq = job.sequenceLength();
    c.globalBatch = job.globalBatchSize();
    c.micro = job.microBatchSize();
    c.dp = p.dp();
    c.tp = p.tp();
    c.pp = p.pp();
    c.cp = p.cp();
    c.ep = p.ep();
    c.etp = p.etp();
    c.expertLoadImbalance = job.expertCapacity().busiestLoad(job.expertLoadImbalance());
    c.expertTokenShare = job.expertCapacity().processedShare();
    c.expertParallelOverlap = job.expertParallelOverlap();
    c.schedule =
        switch (p.schedule()) {
          case ZERO_BUBBLE -> EvalConfig.SCHEDULE_ZERO_BUBBLE;
          case DUALPIPE -> EvalConfig.SCHEDULE_DUALPIPE;
          case ONE_F_ONE_B, INTERLEAVED -> EvalConfig.SCHEDULE_1F1B;
        };
    c.virtualStages = p.virtualStages();
    c.sequenceParallel = p.sequenceParallel() && p.tp() > 1;
    zeroStage(job, job.zero().stage(), c);
    c.zeroShardGroup = job.shardGroupSize();
    c.recompute =
        job.recompute() == Recompute.FULL
            ? EvalConfig.RECOMPUTE_FULL
            : job.recompute() == Recompute.SELECTIVE
                ? EvalConfig.RECOMPUTE_SELECTIVE
                : job.recompute() == Recompute.OP_SELECTIVE ? EvalConfig.RECOMPUTE_OP_SELECTIVE : EvalConfig.RECOMPUTE_NONE;
    c.flashAttention = job.attention() != TrainingAttentionKernel.UNFUSED;
    c.attentionKernel =
        job.attention() == TrainingAttentionKernel.FLASH_1 ? EvalConfig.ATTENTION_FLASH_1 : EvalConfig.ATTENTION_FLASH_2;
    c.dropout = job.dropout();
    c.fp8Gemms = r.mathType().bits() < 16;
    c.fp8Scaling = fp8Scaling(r.fp8Scaling());
    c.fp8WeightsPerStep = !job.framework().pytorchNative();
    // layers kept in bf16 (Megatron's first_last_layers_bf16): that share of the layers runs and saves in 16 bits
    c.lowPrecisionLayerFraction = c.fp8Gemms ? 1 - (double) r.bf16Layers() / job.model().layers() : 1;
    c.fp8SavedInputBytes = c.fp8Gemms && job.framework() == TrainingFramework.MEGATRON
        ? c.lowPrecisionLayerFraction * Evaluator.fp8SavedInputBytes(c.fp8Scaling)
            + (1 - c.lowPrecisionLayerFraction) * r.activationBytes()
        : 0;
    c.dataParallelOverlap = job.dataParallelOverlap() ? 1 : 0;
    c.tensorParallelOverlap = job.tensorParallelOverlap();
    c.userbuffers = job.framework() == TrainingFramework.MEGATRON;
    c.eagerElementwise = job.framework() == TrainingFramework.PYTORCH_EAGER;
    // torch.compile (torchtitan) and XLA (TPUs) fuse relu(x)² into its neighbours; Megatron-Core and eager PyTorch do not
    c.unfusedSquaredRelu = job.framework() != TrainingFramework.PYTORCH_NATIVE
        && !"Google".equalsIgnoreCase(job.cluster().accelerator().vendor());
    // Megatron-Core's grouped experts (TEGroupedMLP, experts.py at b0cc2706d): expert biases and the activation clamp
    // as PyTorch operators of their own (Evaluator.EXPERT_BIAS_FORWARD_BYTES, ACTIVATION_CLAMP_FORWARD_BYTES)
    c.megatronGroupedExperts = job.framework() == TrainingFramework.MEGATRON;
    c.unfusedYarnRotary = unfusedYarnRotary(job);
    c.bf16Optimizer = job.framework() == TrainingFramework.MEGATRON_DEEPSPEED
        && r.mathType() == DType.BF16 && r.masterWeightBytes() > 0;
    c.scatterGather = job.pipelineScatterGather();
    c.pipelineOverlap = job.pipelineOverlap();
    c.crossEntropyFusion = job.crossEntropyFusion();
    c.trainingMetricCrossEntropies = job.trainingMetricCrossEntropies();
    c.gradientAccumulationFusion = job.gradientAccumulationFusion();
    c.fsdpPrefetchAfterBackward = job.fsdpBackwardPrefetch() == FsdpBackwardPrefetch.POST;
    c.offloadLayers = job.activationOffloadLayers();
    c.flexDispatcher = job.moeDispatcher() == MoeDispatcher.FLEX;
    c.fp8Dispatch = job.fp8Dispatch();
    c.normUpProjectionRecompute = job.recomputeNormsAndUpProjections();
    c.distributeCheckpoints = job.distributeCheckpointedActivations();
    c.fp8ActivationStore = job.fp8ActivationCache();
    c.moeActivationRecompute = job.recomputeMoeActivation();
    c.layerCudaGraphs = job.cudaGraphs() == CudaGraphScope.FULL_LAYER;
    c.fp8Attention = job.fp8Attention();
    c.moeDropAndPad = job.expertCapacity().isPadded();
    c.weightBytes = r.weightBytes();
    c.gradientBytes = r.gradientBytes();
    c.masterBytes = r.masterWeightBytes();
    c.optimizerBytes = job.optimizer().stateBytesPerParameter(job.model().hidden());
    c.gradientCopyBytes = r.gradientCopyBytes();
    c.gradientBucketBytes = job.framework().pytorchNative() ? Evaluator.TORCHTITAN_DDP_BUCKET_BYTES : 0;
    c.ddpBucketParameters = job.ddpBucketParameters().orElse(0);
    c.activationBytes = r.activationBytes();
    c.gradientCommBytes = r.gradientReduceBytes();
    c.reserveFraction = job.memoryReserveFraction();
    c.accounting =
        switch (job.accounting()) {
          case MATMUL_WEIGHTS -> EvalConfig.ACCOUNTING_MATMUL_WEIGHTS;
          case ALL_PARAMETERS -> EvalConfig.ACCOUNTING_ALL_PARAMETERS;
          case SIX_N -> EvalConfig.ACCOUNTING_SIX_N;
        };
    c.causalHalving = job.causalAttentionFlops();
    c.mtp = job.multiTokenPrediction() ? job.model().multiTokenPredictionLayers() : 0;
    c.lastStageLayers = job.lastPipelineStageLayers();
    c.layoutChunks = job.pipelineLayout().map(dev.llmcost.costmodel.training.PipelineLayout::rankChunks).orElse(null);
    return c;
  }

  /**
   * Sets the fields of {@code c} that follow the ZeRO stage, for the job {@code job} run at stage {@code stage}: the
   * stage itself, the bytes of the parameter all-gathers ({@link EvalConfig#parameterCommBytes}, MXFP8 parameters in
   * bf16 under Megatron-Core's distributed optimizer, s23o) and Megatron-Core's merged last bucket group under FP8
   * parameters ({@link EvalConfig#fp8ParameterBuckets}, s23j) with the MXFP8 buffer's copy and zeroing
   * ({@link EvalConfig#mxfp8ParamBufferCopy}, s24d). {@link #config} calls it with the job's own stage; the
   * planner, whose request carries a placeholder stage, maps each stage it searches once through it and copies the
   * result into each candidate ({@link EvalConfig#setZeroStage}), so that every candidate is ranked with its own
   * stage's mapping (s24h). {@link EvalConfig#setZeroStage} copies exactly the fields set here.
   *
   * @param job the job (its own ZeRO stage is not read)
   * @param stage the ZeRO stage, 0 to 3
   * @param c the configuration to fill
   * @return {@code c}
   */
  public static EvalConfig zeroStage(TrainingJob job, int stage, EvalConfig c) {
    c.zero = stage;
    c.parameterCommBytes = parameterGatherBytes(job, stage);
    // Megatron-Core's distributed optimizer with FP8 parameters (fp8_param_gather; every Megatron-Core release since
    // it arrived with the bucket-group merge, NVIDIA/Megatron-LM 033d8b0de5, 2024-09-05): s23j. NeMo 1's Apex
    // DistributedFusedAdam (MLPerf v4.0/v4.1 GPT-3) has no such groups; the job does not name the implementation.
    // FP8 parameters, not the all-gather's bytes: MXFP8 parameters are bucketed as FP8 but gathered in bf16 (s23l)
    c.fp8ParameterBuckets = job.framework() == TrainingFramework.MEGATRON && stage == 1
        && job.precision().fp8Parameters();
    // the copy out of the shared buffer after each all-gather and the buffer's zeroing (s24d, Evaluator.layerCosts)
    c.mxfp8ParamBufferCopy = mxfp8GatheredInBf16(job, stage);
    return c;
  }

  /**
   * Returns the bytes per parameter of ZeRO's all-gathers, averaged over the model: a recipe that
   * gathers in fewer bytes than it stores weights (torchao's float8 all-gather, {@code
   * enable_fsdp_float8_all_gather}) casts the transformer layers' linear weights only; embeddings
   * and an untied output head are gathered in their stored precision.
   *
   * @param job the job
   * @param stage the ZeRO stage it runs at
   * @return bytes per parameter element, averaged
   */
  static double parameterGatherBytes(TrainingJob job, int stage) {
    PrecisionRecipe r = job.precision();
    if (mxfp8GatheredInBf16(job, stage)) {
      return 2;
    }
    if (r.parameterGatherBytes() >= r.weightBytes()) {
      return r.parameterGatherBytes();
    }
    ParameterCounts counts = job.model().parameterCounts();
    double total = counts.total().value();
    double embedding = counts.embedding().value();
    return (r.parameterGatherBytes() * (total - embedding) + r.weightBytes() * embedding) / total;
  }

  /**
   * Returns the evaluator's code of an FP8 scaling ({@code EvalConfig.FP8_*}).
   *
   * @param s the scaling
   * @return the code
   */
  public static int fp8Scaling(Fp8Scaling s) {
    return switch (s) {
      case TENSOR_CURRENT -> EvalConfig.FP8_TENSOR_CURRENT;
      case TENSOR_DELAYED -> EvalConfig.FP8_TENSOR_DELAYED;
      case MXFP8 -> EvalConfig.FP8_MXFP8;
      case BLOCKWISE -> EvalConfig.FP8_BLOCKWISE;
      case ROWWISE -> EvalConfig.FP8_ROWWISE;
      case NVFP4 -> EvalConfig.FP8_NVFP4;
    };
  }

  /**
   * Fills {@code hw} from a cluster, its profile and the math type of a precision recipe, at the
   * kernel rates of {@link TrainingFramework#MEGATRON}.
   *
   * @param cluster the cluster
   * @param precision the recipe (its math type picks the peak)
   * @param hw the constants to fill
   * @return {@code hw}
   */
  public static HardwareConstants hardware(Cluster cluster, PrecisionRecipe precision, HardwareConstants hw) {
    return hardware(cluster, precision, TrainingFramework.MEGATRON, hw);
  }

  /**
   * Returns the factor on the microbenchmark kernel rates that a framework sustains beyond the
   * profile's: 1 for {@link TrainingFramework#MEGATRON}, {@link
   * EfficiencyProfiles#FITTED_PYTORCH_NATIVE_COMPUTE} for PyTorch-native training, compiled or eager.
   *
   * @param framework the framework
   * @return the factor
   */
  public static double frameworkCompute(TrainingFramework framework) {
    return framework.pytorchNative() ? EfficiencyProfiles.FITTED_PYTORCH_NATIVE_COMPUTE : 1;
  }

  /**
   * Returns the factor on the profile's attention kernel fraction that a framework's own attention kernel runs at: a
   * PyTorch-native job calls PyTorch's SDPA, which on CDNA3 runs AOTriton's kernels rather than the AITER kernels the
   * profile's curve measured ({@link RocmSdpaAttention}: AMD's latencies of the two in one TorchTitan job, s23f); 1
   * elsewhere.
   *
   * @param a the accelerator
   * @param framework the framework
   * @return the factor
   */
  public static double frameworkAttention(AcceleratorSpec a, TrainingFramework framework) {
    return framework.pytorchNative() ? RocmSdpaAttention.relativeToAiter(a) : 1;
  }

  /**
   * Fills {@code hw} from a cluster, its profile, the math type of a precision recipe and the
   * framework whose kernel rates the step runs at ({@link #frameworkCompute}).
   *
   * @param cluster the cluster
   * @param precision the recipe (its math type picks the peak)
   * @param framework the software stack
   * @param hw the constants to fill
   * @return {@code hw}
   */
  public static HardwareConstants hardware(
      Cluster cluster, PrecisionRecipe precision, TrainingFramework framework, HardwareConstants hw) {
    AcceleratorSpec a = cluster.accelerator();
    EfficiencyProfile p = cluster.profile();
    DType math = precision.mathType();
    hw.matmulPeak = a.requirePeak(math).flopsPerSecond();
    DType attentionType = math.bits() < 16 ? DType.BF16 : math;
    hw.attentionPeak = a.peak(attentionType).orElse(a.requirePeak(math)).flopsPerSecond();
    hw.memoryBandwidth = a.memoryBandwidth().bytesPerSecond() * p.memoryBandwidthFraction();
    hw.scaleUpBandwidth = cluster.intraNodeBandwidth().bytesPerSecond() * p.scaleUpBandwidthFraction();
    hw.scaleOutBandwidth = cluster.interNodeBandwidth().bytesPerSecond() * p.scaleOutBandwidthFraction();
    hw.latency = cluster.intraNodeLatencySeconds();
    hw.interNodeLatency = cluster.interNodeLatencySeconds();
    hw.gpusPerNode = cluster.gpusPerNode();
    hw.ringCollectives = ringCollectives(a);
    hw.torusAxes = torusAxes(a);
    hw.memoryCapacity = a.memory().bytes();
    hw.hostLinkBandwidth = HostLinks.bytesPerSecond(a);
    // FP8 attention runs only under an FP8 or FP4 recipe (TrainingJob refuses it with a 16-bit one)
    hw.fp8Attention = math.bits() < 16 ? Fp8Attention.bundled().curve(a) : Fp8Attention.Curve.NONE;
    hw.computeUnits = a.computeUnits();
    // the profile's FP8 fraction is the per-tensor kernel's; other scalings run other kernels, measured at
    // transformer-layer shapes against the per-tensor one (Fp8Gemm)
    // (looked up only for FP8 math: the lookups are by accelerator family, and a 16-bit estimate never reads them)
    OptionalDouble blockwiseTraining = OptionalDouble.empty();
    if (math.bits() < 16) {
      Fp8Gemm fp8 = Fp8Gemm.bundled();
      int scaling = fp8Scaling(precision.fp8Scaling());
      // the blockwise recipe on a part whose FP8 rows are DeepGEMM's blockwise kernels at DeepSeek-V3's training
      // shapes runs at those measurements (Fp8Gemm.blockwiseTrainingShapeFactor), without the per-tensor ratio
      blockwiseTraining = scaling == EvalConfig.FP8_BLOCKWISE
          ? fp8.blockwiseTrainingShapeFactor(a) : OptionalDouble.empty();
      hw.matmulPeakFraction = p.fp8MatmulPeakFraction()
          * (blockwiseTraining.isPresent() ? 1 : fp8.relativeToPerTensor(a, scaling));
      hw.fp8QuantizeBandwidth = a.memoryBandwidth().bytesPerSecond() * fp8.quantizeEfficiency(a, scaling);
      hw.fp8Transposes = Fp8Gemm.transposes(Microbenchmarks.family(a));
      // a recipe whose whole linear layers were measured against bf16 by shape runs its own GEMM curve (Fp8Gemm)
      hw.fp8HalfSaturationDim = fp8.halfSaturationDim(a, scaling);
    } else {
      hw.fp8HalfSaturationDim = 0;
      hw.matmulPeakFraction = p.matmulPeakFraction();
      hw.fp8QuantizeBandwidth = a.memoryBandwidth().bytesPerSecond();
      hw.fp8Transposes = true;
    }
    hw.matmulPeakFraction16 = p.matmulPeakFraction();
    // GEMMs at transformer-layer shapes against the best-shape curve, where a layer benchmark measured it (Fp8Gemm)
    hw.layerShapeFactor16 = Fp8Gemm.bundled().layerShapeFactor(a, false);
    hw.layerShapeFactor = blockwiseTraining.isPresent() ? blockwiseTraining.getAsDouble()
        : math.bits() < 16 ? Fp8Gemm.bundled().layerShapeFactor(a, true) : hw.layerShapeFactor16;
    hw.matmulHalfSaturationDim = p.matmulHalfSaturationDim();
    hw.attentionKernelFraction = p.attentionKernelFraction() * frameworkAttention(a, framework);
    hw.attentionHalfSaturationSeq = p.attentionHalfSaturationSeq();
    double[] flash1 = Microbenchmarks.bundled().flash1RelativeToFlash2(a);
    hw.flash1Scale = flash1[0];
    hw.flash1HalfSaturationSeq = flash1[1];
    hw.overlapEfficiency = p.overlapEfficiency();
    hw.layerOverheadSeconds = p.layerOverheadSeconds();
    hw.sustainedCompute = p.sustainedComputeFactor() * frameworkCompute(framework);
    return hw;
  }

  /**
   * Returns whether the job applies a YaRN-scaled rotary embedding in PyTorch operators rather than a fused kernel:
   * the model's {@code rope_scaling} is YaRN on ordinary (not latent) attention and the framework is Megatron-Core.
   * Megatron-Bridge's {@code GPTModelProvider.provide} turns {@code apply_rope_fusion} off unless {@code
   * position_embedding_type == "rope"} ({@code validate_rope_fusion_compatibility}, {@code
   * src/megatron/bridge/utils/fusions.py} at NVIDIA-NeMo/Megatron-Bridge v0.3.0 21b02e0cf; {@code GPTOSSProvider}
   * sets {@code "yarn"}), and Megatron-Core's {@code apply_rotary_pos_emb} takes the unfused path whenever YaRN's
   * concentration factor ({@code mscale}) is not 1, fusion on or not ("mscale ... is not supported by TE's fused
   * RoPE", {@code megatron/core/models/common/embeddings/rope_utils.py} at NVIDIA/Megatron-LM b0cc2706d, called with
   * {@code _yarn_get_concentration_factor_from_config} by {@code attention.py}; 0.1 ln(factor) + 1 = 1.35 for
   * gpt-oss's factor 32). Latent attention (DeepSeek-V3) is excluded: Megatron-Core applies its YaRN rotary in the
   * fused MLA kernels ({@code fused_apply_mla_rope_for_q}/{@code _kv}, {@code multi_latent_attention.py} at
   * b0cc2706d) under {@code apply_rope_fusion}, which every Megatron-Bridge performance script sets ({@code
   * scripts/performance/utils/overrides.py} at v0.3.0, {@code helpers.py} at v0.2.0, {@code run_script.py} at
   * v0.1.0rc4) and its DeepSeek provider keeps ({@code position_embedding_type "rope"}).
   *
   * @param job the job
   * @return whether the unfused YaRN rotary is costed
   */
  public static boolean unfusedYarnRotary(TrainingJob job) {
    return job.framework() == TrainingFramework.MEGATRON
        && job.model().embeddings().positions() == PositionEncoding.ROTARY
        && job.model().embeddings().rotaryScaling() == RotaryScaling.YARN
        && !(job.model().attention() instanceof LatentAttention);
  }

  /**
   * Returns whether an accelerator's collectives are rings of per-unit collectives (NCCL, RCCL on GPUs) rather than
   * XLA's over a TPU's ICI torus; {@link HardwareConstants#ringCollectives} and the estimate's text both read it.
   *
   * @param a the accelerator
   * @return whether its collectives are rings
   */
  public static boolean ringCollectives(AcceleratorSpec a) {
    return !"Google".equalsIgnoreCase(a.vendor());
  }

  /**
   * Returns the axes of the ICI torus an accelerator's chips are linked in ({@link HardwareConstants#torusAxes}):
   * "TPU v4 and TPU v5p are connected to the nearest 6 neighbors (forming a 3D torus)", TPU v5e and v6e (Trillium)
   * to "the 4 nearest neighbors ... a 2D torus" (jax-ml/scaling-book tpus.md, commit 0819a7d); 0 for a switched
   * fabric or an accelerator whose architecture is not catalogued.
   *
   * @param a the accelerator
   * @return 3, 2 or 0
   */
  public static int torusAxes(AcceleratorSpec a) {
    Architecture arch = a.architecture().orElse(null);
    if (arch == null) {
      return 0;
    }
    return switch (arch) {
      case TPU_V4, TPU_V5P -> 3;
      case TPU_V5E, TPU_V6E -> 2;
      default -> 0;
    };
  }

  /**
   * Returns whether Megatron-Core's distributed optimizer all-gathers this job's FP8 parameters in bf16 rather than in
   * the recipe's gather bytes (s23o): with {@code use_distributed_optimizer} and any MXFP8 parameter in a buffer, the
   * buffer's {@code param_data} is a {@code shared_buffer} allocated in the gradients' dtype (or its first half viewed
   * as {@code torch.bfloat16} under fp32 gradients), and {@code start_param_sync} all-gathers that
   * ({@code megatron/core/distributed/param_and_grad_buffer.py} l.695-712 and l.248-249 at NVIDIA/Megatron-LM
   * 0d8e0714c; the same at core_v0.14.0 l.681-698 through 2d1fa8d37 l.1038-1057, held-out-runs.md "## s23l"). Other
   * FP8 parameters (per-tensor, blockwise) take the {@code else} branch there, a {@code param_data} in the
   * parameters' own dtype ({@code torch.uint8}): 1 byte, unchanged. Megatron framework, ZeRO 1 (the distributed
   * optimizer), MXFP8 scaling, FP8 parameters ({@link PrecisionRecipe#fp8Parameters()}). Not ZeRO 3: Megatron-FSDP
   * keeps MXFP8 parameters as uint8 rowwise data plus a uint8 columnwise "transpose" buffer and gathers those, 1 byte
   * per element (megatron/core/distributed/fsdp/src/megatron_fsdp/param_and_grad_buffer.py l.1942-1995 at b0cc2706d;
   * before it Transformer Engine 2.6-2.9 refuse MXFP8 in {@code replace_raw_data}; held-out-runs.md "## s24d").
   *
   * @param job the job
   * @return true where the parameters travel as bf16 whatever the recipe's gather bytes
   */
  public static boolean mxfp8GatheredInBf16(TrainingJob job) {
    return mxfp8GatheredInBf16(job, job.zero().stage());
  }

  private static boolean mxfp8GatheredInBf16(TrainingJob job, int stage) {
    PrecisionRecipe r = job.precision();
    return job.framework() == TrainingFramework.MEGATRON && stage == 1
        && r.fp8Scaling() == Fp8Scaling.MXFP8 && r.fp8Parameters();
  }

  /**
   * Returns the bytes per element in which the job's layer weights are all-gathered: 2 (bf16) where
   * {@link #mxfp8GatheredInBf16(TrainingJob)}, else the recipe's {@link PrecisionRecipe#parameterGatherBytes()}.
   *
   * @param job the job
   * @return bytes per gathered element
   */
  public static int gatherElementBytes(TrainingJob job) {
    return mxfp8GatheredInBf16(job) ? 2 : job.precision().parameterGatherBytes();
  }
}
