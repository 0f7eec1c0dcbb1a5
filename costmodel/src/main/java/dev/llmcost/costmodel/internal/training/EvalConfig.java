package dev.llmcost.costmodel.internal.training;

/**
 * One training configuration as primitive fields: what the evaluator reads. Mutable so that a
 * planner can change a few fields and evaluate again without allocating; the public {@code
 * TrainingJob} fills one from its validated values.
 */
public final class EvalConfig {
  /** No activation recomputation. */
  public static final int RECOMPUTE_NONE = 0;
  /** Recompute the attention core only (Korthikanti et al. 2022 §5). */
  public static final int RECOMPUTE_SELECTIVE = 1;
  /** Recompute every layer from its input. */
  public static final int RECOMPUTE_FULL = 2;
  /** Recompute every second matmul of a layer's forward (torchtitan's per-operator selective checkpointing). */
  public static final int RECOMPUTE_OP_SELECTIVE = 3;

  /** Sequence length, tokens. */
  public int seq;
  /** Global batch, sequences. */
  public int globalBatch;
  /** Micro-batch, sequences. */
  public int micro;
  /** Data-parallel degree. */
  public int dp = 1;
  /** Tensor-parallel degree. */
  public int tp = 1;
  /** Pipeline-parallel degree. */
  public int pp = 1;
  /** Context-parallel degree. */
  public int cp = 1;
  /** Expert-parallel degree. */
  public int ep = 1;
  /** Expert-tensor-parallel degree: ways each routed expert is split (Megatron's default: tp). */
  public int etp = 1;
  /** Tokens of the busiest expert over the average (routing imbalance), at least 1. */
  public double expertLoadImbalance = 1;
  /**
   * Share of the routed tokens the experts compute, at most 1: 1 dropless; {@code min(1, c)} under a capacity factor
   * c, as no expert computes more than c times the average (ExpertCapacity.processedShare).
   */
  public double expertTokenShare = 1;
  /** Whether one micro-batch's expert-parallel all-to-alls run behind another's computation (combined 1F1B). */
  public boolean expertParallelOverlap;
  /** Virtual pipeline stages per GPU (1 = plain 1F1B). */
  public int virtualStages = 1;
  /** Pipeline schedule: one of the {@code SCHEDULE_*} constants (interleaving follows virtualStages). */
  public int schedule;
  /** Megatron sequence parallelism. */
  public boolean sequenceParallel;
  /** ZeRO stage 0-3. */
  public int zero;
  /** Ranks over which ZeRO shards (HSDP); 0 = the whole data-parallel group. */
  public int zeroShardGroup;
  /** One of the {@code RECOMPUTE_*} constants. */
  public int recompute;
  /** Fused (FlashAttention) or unfused attention. */
  public boolean flashAttention = true;
  /** Which fused kernel: {@link #ATTENTION_FLASH_2} or {@link #ATTENTION_FLASH_1}. */
  public int attentionKernel = ATTENTION_FLASH_2;
  /** FlashAttention-2 (and the default fused kernel). */
  public static final int ATTENTION_FLASH_2 = 0;
  /** FlashAttention-1 or its Triton port. */
  public static final int ATTENTION_FLASH_1 = 1;
  /** Dropout layers present (masks stored). */
  public boolean dropout;
  /** Whether the GEMMs run in FP8, with a cast of every GEMM input. */
  public boolean fp8Gemms;
  /** How FP8 GEMM inputs are scaled: one of the {@code FP8_*} constants. */
  public int fp8Scaling = FP8_TENSOR_CURRENT;
  /**
   * Whether FP8 weights are quantized once per step and reused by every micro-batch (Transformer
   * Engine's weight cache, which Megatron-Core keys on {@code is_first_microbatch}) rather than at
   * every micro-batch's forward (torchao).
   */
  public boolean fp8WeightsPerStep = true;
  /**
   * Bytes per element of the copy that Transformer Engine keeps of each FP8 linear layer's input for the
   * backward pass (the quantized input instead of the 16-bit one: 1, plus the block scales of MXFP8 or
   * blockwise scaling), or 0 when linear layers keep their 16-bit inputs (16-bit recipes; torchao's float8,
   * which saves the high-precision input, {@code torchao/float8/float8_linear.py}).
   */
  public double fp8SavedInputBytes;
  /**
   * Share of the transformer layers whose linear GEMMs run in the recipe's FP8 or FP4 math (1 unless layers are kept
   * in bf16, Megatron's {@code first_last_layers_bf16}); the rest run at the 16-bit rates and quantize nothing.
   */
  public double lowPrecisionLayerFraction = 1;

  /** FP8 scaling: per-tensor current scaling. */
  public static final int FP8_TENSOR_CURRENT = 0;
  /** FP8 scaling: per-tensor delayed scaling. */
  public static final int FP8_TENSOR_DELAYED = 1;
  /** FP8 scaling: MXFP8 (32-element blocks). */
  public static final int FP8_MXFP8 = 2;
  /** FP8 scaling: 1×128 and 128×128 blocks. */
  public static final int FP8_BLOCKWISE = 3;
  /** FP8 scaling: torchao's rowwise. */
  public static final int FP8_ROWWISE = 4;
  /** Low-precision scaling: NVFP4 (FP4 GEMMs, 16-element E4M3 block scales, Transformer Engine's NVFP4BlockScaling). */
  public static final int FP8_NVFP4 = 5;
  /** Whether the framework overlaps data-parallel communication with compute (0 or 1). */
  public double dataParallelOverlap = 1;
  /** Fraction of tensor-parallel communication overlapped with compute. */
  public double tensorParallelOverlap;
  /**
   * Whether overlapped tensor-parallel collectives run as Transformer Engine's userbuffers (Megatron-Core):
   * ring-exchange all-gathers, pipelined reduce-scatters on SMs of their own ({@code Evaluator#UB_PIPELINE_SMS}).
   */
  public boolean userbuffers;
  /** Whether elementwise ops run unfused, one kernel each (PyTorch eager mode). */
  public boolean eagerElementwise;
  /** Whether a squared-ReLU MLP activation runs as separate PyTorch operators (not under torch.compile or XLA). */
  public boolean unfusedSquaredRelu;
  /**
   * Whether the routed experts run as Megatron-Core's {@code TEGroupedMLP}: a biased model's down-projection bias
   * added expert by expert in PyTorch operators and a clamped gated activation clamped in kernels of its own
   * ({@code Evaluator#EXPERT_BIAS_FORWARD_BYTES}, {@code Evaluator#ACTIVATION_CLAMP_FORWARD_BYTES}).
   */
  public boolean megatronGroupedExperts;
  /**
   * Whether a YaRN-scaled rotary embedding on ordinary attention runs as PyTorch operators, not a fused kernel
   * (Megatron-Core: {@code apply_rotary_pos_emb} takes the unfused path for a concentration factor other than 1, and
   * Megatron-Bridge turns {@code apply_rope_fusion} off for {@code position_embedding_type "yarn"};
   * {@code Evaluator#YARN_ROTARY_FORWARD_BYTES}).
   */
  public boolean unfusedYarnRotary;
  /**
   * Whether the step runs DeepSpeed's {@code BF16_Optimizer}: every micro-batch's bf16 gradients added into
   * fp32 gradients in a pass of their own after its backward ({@code Evaluator#BF16_OPTIMIZER_ACCUMULATION_BYTES}),
   * the fp32 gradients all-reduced whole over the data-parallel group (its own ZeRO-1 partitions only the
   * optimizer states and master weights, then all-gathers the updated bf16 weights).
   */
  public boolean bf16Optimizer;
  /** Megatron's scatter/gather of pipeline messages across tensor-parallel ranks. */
  public boolean scatterGather = true;
  /** Whether the interleaved schedule overlaps pipeline sends and receives with each chunk's compute. */
  public boolean pipelineOverlap = true;
  /** Whether the loss over the vocabulary runs as one fused kernel (else Megatron's unfused cross entropy). */
  public boolean crossEntropyFusion = true;
  /** Cross entropies over each micro-batch's logits computed for training metrics, without gradients (Composer's). */
  public int trainingMetricCrossEntropies;
  /** Whether weight gradients are accumulated inside the weight-gradient GEMM (else by a kernel of their own). */
  public boolean gradientAccumulationFusion = true;
  /**
   * Whether FSDP all-gathers the next layer's parameters only after the current layer's gradient
   * computation (PyTorch FSDP1's {@code BACKWARD_POST}), so that the backward waits for it.
   */
  public boolean fsdpPrefetchAfterBackward;
  /** Whether MoE tokens travel once per destination rank and domain (DeepEP / HybridEP) instead of once per routed copy. */
  public boolean flexDispatcher;
  /**
   * Whether the flex dispatcher sends tokens to their experts in FP8 (1×128 tiles, one fp32 scale each) and
   * combines in 16 bits, both ways (DeepSeek-V3 arXiv 2412.19437 §3.3.3 "Low-Precision Communication").
   */
  public boolean fp8Dispatch;
  /**
   * Whether the backward pass recomputes the norms and latent attention's up-projections, so that neither their
   * outputs nor the queries, keys and values expanded from the latents are stored (DeepSeek-V3 §3.2.3;
   * Megatron-Core {@code recompute_modules} {@code layernorm} and {@code mla_up_proj}).
   */
  public boolean normUpProjectionRecompute;
  /**
   * Whether each layer's checkpointed input is split over the tp ranks and all-gathered before its recomputation
   * (metaseq's {@code --distribute-checkpointed-activations}); without effect under sequence parallelism.
   */
  public boolean distributeCheckpoints;
  /**
   * Whether the attention output is cached in a 12-bit format (E5M6) and the routed experts' SwiGLU inputs in FP8,
   * their output recomputed in the backward pass (DeepSeek-V3 §3.3.3 "Low-Precision Activation").
   */
  public boolean fp8ActivationStore;
  /**
   * Whether the routed experts' activation is rerun in the backward pass and its output not stored (Megatron-Core's
   * {@code recompute_modules} {@code moe_act}; {@link dev.llmcost.costmodel.training.TrainingJob.Builder#recomputeMoeActivation}).
   */
  public boolean moeActivationRecompute;
  /**
   * Whether each transformer layer's forward and backward are replayed from whole-layer CUDA graphs (Megatron-Core's
   * {@code enable_cuda_graph}), so that an MoE layer's kernels cost the host one launch per graph.
   */
  public boolean layerCudaGraphs;
  /**
   * Whether the attention core runs in FP8 (Transformer Engine's {@code fp8_dpa}, Megatron-Core's {@code
   * fp8_dot_product_attention}): cuDNN's FP8 fused attention at the same-run FP8/BF16 rate ratio of {@code
   * attention-fp8.csv} ({@link HardwareConstants#fp8Attention}), plus the casts around it.
   */
  public boolean fp8Attention;
  /**
   * Whether every expert's input is padded to its capacity (Megatron-Core's {@code moe_pad_expert_input_to_capacity}),
   * so that the all-to-all dispatcher takes its split sizes from the capacity and reads nothing back to the host.
   */
  public boolean moeDropAndPad;
  /** Bytes per low-precision weight. */
  public double weightBytes = 2;
  /** Bytes per gradient element kept through the step. */
  public double gradientBytes = 4;
  /** Bytes per fp32 master weight (0 when the weights are the master copy). */
  public double masterBytes = 4;
  /** Bytes of optimizer state per parameter. */
  public double optimizerBytes = 8;
  /** Bytes per parameter of an extra fp32 gradient partition kept by the optimizer (DeepSpeed). */
  public double gradientCopyBytes;
  /**
   * Bytes per data-parallel gradient bucket of a framework that sets its own (PyTorch DDP's {@code bucket_cap_mb}
   * in torchtitan), or 0 for Megatron-Core's rule ({@code Evaluator#bucketParameters}).
   */
  public double gradientBucketBytes;
  /**
   * Parameters per data-parallel gradient bucket the job sets (Megatron-Core's {@code bucket_size}, {@code
   * TrainingJob.ddpBucketParameters}), or 0 for Megatron-Core's rule (s23l).
   */
  public double ddpBucketParameters;
  /** Bytes per activation element. */
  public double activationBytes = 2;
  /** Bytes per gradient element in the data-parallel reduction. */
  public double gradientCommBytes = 4;
  /** Bytes per parameter element in ZeRO's all-gather. */
  public double parameterCommBytes = 2;
  /**
   * Whether Megatron-Core's distributed optimizer holds the transformer layers' linear weights as FP8 parameters
   * ({@code fp8_param_gather}): its bucket groups are then the FP8 buckets, the last of them merged with every
   * non-FP8 bucket (embedding, output layer, norms, biases, router), s23j ({@code Evaluator#time}).
   */
  public boolean fp8ParameterBuckets;
  /**
   * Whether the MXFP8 parameters are all-gathered in bf16 through the gradient buffer and copied out of it after each
   * all-gather (Megatron-Core's {@code reuse_grad_buf_for_mxfp8_param_ag}, {@code JobMapping#mxfp8GatheredInBf16}):
   * the copy quantizes every MXFP8 weight (the once-per-step weight cast, {@link LayerCosts#fp8WeightQuant}) and the
   * bucket's bf16 slice is then zeroed for the gradients, {@link LayerCosts#mxfp8ParamBufferZero} (s24d).
   */
  public boolean mxfp8ParamBufferCopy;
  /** Fraction of the total memory reserved for fragmentation. */
  public double reserveFraction = 0.10;
  /** Model FLOP accounting: one of the {@code ACCOUNTING_*} constants. */
  public int accounting;
  /** Whether the attention term of the model FLOPs is halved for causal masking. */
  public boolean causalHalving;
  /** Multi-token-prediction modules trained with the model (0 for none). */
  public int mtp;
  /**
   * Transformer layers on the last pipeline stage, the others splitting the rest evenly (Megatron-Core's {@code
   * num_layers_in_last_pipeline_stage}); 0 for the default placement ({@code Evaluator.largestStageLayers}).
   */
  public int lastStageLayers;
  /**
   * Transformer layers of each model chunk of each pipeline rank, {@code [rank][chunk]}, from a pipeline layout
   * ({@code TrainingJob.pipelineLayout}, Megatron-Core's {@code pipeline_model_parallel_layout}; s21f), or null for the
   * placement of {@link #lastStageLayers} or the default. Shared read-only between copies.
   */
  public int @org.jspecify.annotations.Nullable [][] layoutChunks;
  /** Transformer layers whose activations are offloaded to host memory (Megatron-Core's cpu_offloading_num_layers; 0 for none). */
  public int offloadLayers;

  /** Schedule: 1F1B, interleaved when virtualStages > 1. */
  public static final int SCHEDULE_1F1B = 0;
  /** Schedule: zero-bubble ZB-H1 (Qi et al. 2024). */
  public static final int SCHEDULE_ZERO_BUBBLE = 1;
  /** Schedule: DualPipe (DeepSeek-V3 §3.2.1). */
  public static final int SCHEDULE_DUALPIPE = 2;

  /** Accounting: 6 × weight-matrix parameters plus the attention term (Megatron, Narayanan eq. 2). */
  public static final int ACCOUNTING_MATMUL_WEIGHTS = 0;
  /** Accounting: 6 × all parameters plus the attention term (PaLM, llm-foundry). */
  public static final int ACCOUNTING_ALL_PARAMETERS = 1;
  /** Accounting: 6 × parameters (Kaplan et al. 2020; GPT-3 Table D.1). */
  public static final int ACCOUNTING_SIX_N = 2;

  /** Returns the GPUs: dp × tp × pp × cp. */
  public int gpus() {
    return dp * tp * pp * cp;
  }

  /** Returns the micro-batches each pipeline runs per step. */
  public int microBatches() {
    return globalBatch / (micro * dp);
  }

  /**
   * Copies the fields that follow the ZeRO stage ({@code JobMapping#zeroStage}: the stage, {@link #parameterCommBytes},
   * {@link #fp8ParameterBuckets}, {@link #mxfp8ParamBufferCopy}) from {@code o}, a configuration mapped for that stage,
   * into this one; allocates nothing (the planner's search loop calls it once per candidate ZeRO stage of a partition,
   * s24h).
   *
   * @param o the configuration mapped at the stage
   * @return this
   */
  public EvalConfig setZeroStage(EvalConfig o) {
    zero = o.zero;
    parameterCommBytes = o.parameterCommBytes;
    fp8ParameterBuckets = o.fp8ParameterBuckets;
    mxfp8ParamBufferCopy = o.mxfp8ParamBufferCopy;
    return this;
  }

  /**
   * Copies every field of {@code o} into this configuration.
   *
   * @param o the configuration to copy
   * @return this
   */
  public EvalConfig set(EvalConfig o) {
    seq = o.seq;
    globalBatch = o.globalBatch;
    micro = o.micro;
    dp = o.dp;
    tp = o.tp;
    pp = o.pp;
    cp = o.cp;
    ep = o.ep;
    etp = o.etp;
    expertLoadImbalance = o.expertLoadImbalance;
    expertTokenShare = o.expertTokenShare;
    expertParallelOverlap = o.expertParallelOverlap;
    schedule = o.schedule;
    virtualStages = o.virtualStages;
    sequenceParallel = o.sequenceParallel;
    zero = o.zero;
    zeroShardGroup = o.zeroShardGroup;
    recompute = o.recompute;
    flashAttention = o.flashAttention;
    attentionKernel = o.attentionKernel;
    dropout = o.dropout;
    fp8Gemms = o.fp8Gemms;
    fp8Scaling = o.fp8Scaling;
    fp8WeightsPerStep = o.fp8WeightsPerStep;
    fp8SavedInputBytes = o.fp8SavedInputBytes;
    lowPrecisionLayerFraction = o.lowPrecisionLayerFraction;
    dataParallelOverlap = o.dataParallelOverlap;
    tensorParallelOverlap = o.tensorParallelOverlap;
    userbuffers = o.userbuffers;
    eagerElementwise = o.eagerElementwise;
    megatronGroupedExperts = o.megatronGroupedExperts;
    unfusedYarnRotary = o.unfusedYarnRotary;
    unfusedSquaredRelu = o.unfusedSquaredRelu;
    bf16Optimizer = o.bf16Optimizer;
    scatterGather = o.scatterGather;
    pipelineOverlap = o.pipelineOverlap;
    crossEntropyFusion = o.crossEntropyFusion;
    trainingMetricCrossEntropies = o.trainingMetricCrossEntropies;
    gradientAccumulationFusion = o.gradientAccumulationFusion;
    fsdpPrefetchAfterBackward = o.fsdpPrefetchAfterBackward;
    flexDispatcher = o.flexDispatcher;
    fp8Dispatch = o.fp8Dispatch;
    normUpProjectionRecompute = o.normUpProjectionRecompute;
    distributeCheckpoints = o.distributeCheckpoints;
    fp8ActivationStore = o.fp8ActivationStore;
    moeActivationRecompute = o.moeActivationRecompute;
    layerCudaGraphs = o.layerCudaGraphs;
    fp8Attention = o.fp8Attention;
    moeDropAndPad = o.moeDropAndPad;
    weightBytes = o.weightBytes;
    gradientBytes = o.gradientBytes;
    masterBytes = o.masterBytes;
    optimizerBytes = o.optimizerBytes;
    gradientCopyBytes = o.gradientCopyBytes;
    gradientBucketBytes = o.gradientBucketBytes;
    ddpBucketParameters = o.ddpBucketParameters;
    activationBytes = o.activationBytes;
    gradientCommBytes = o.gradientCommBytes;
    parameterCommBytes = o.parameterCommBytes;
    fp8ParameterBuckets = o.fp8ParameterBuckets;
    mxfp8ParamBufferCopy = o.mxfp8ParamBufferCopy;
    reserveFraction = o.reserveFraction;
    accounting = o.accounting;
    causalHalving = o.causalHalving;
    mtp = o.mtp;
    lastStageLayers = o.lastStageLayers;
    layoutChunks = o.layoutChunks;
    offloadLayers = o.offloadLayers;
    return this;
  }
}
