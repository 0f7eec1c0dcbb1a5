package dev.llmcost.costmodel.internal.training;

import dev.llmcost.costmodel.internal.ExpertReach;
import dev.llmcost.costmodel.internal.efficiency.Fp8Gemm;

/**
 * The training cost model: memory per GPU and time per step of one configuration, from primitive
 * inputs, without allocating. Every public estimate and the planner go through these methods, so
 * they can never disagree.
 *
 * <p>Formulas and sources:
 *
 * <ul>
 *   <li>FLOPs: forward weight-matrix FLOPs {@code 2 × weights} per token plus the attention term
 *       {@code 4·s·h} per layer, backward twice the forward (Narayanan et al. 2021 eq. 2-3;
 *       Chowdhery et al. 2022 App. B); hardware FLOPs add the recomputed forward.
 *   <li>Activations per layer: Korthikanti et al. 2022 Table 2 ({@code sbh(34 + 5as/h)} without
 *       parallelism, {@code sbh(10 + 24/t + 5as/(ht))} with TP, {@code sbh/t·(34 + 5as/h)} with
 *       SP, the {@code 5as/h} term dropped by selective recompute or FlashAttention, {@code 2sbh}
 *       per layer under full recompute), generalised to GQA, gated MLPs and models without dropout;
 *       under Transformer Engine's FP8 the linear layers keep their quantized inputs ({@link
 *       #fp8SavedInputBytes}). Pipeline rank r holds {@code min(p − r, m)} micro-batches under 1F1B; under
 *       the interleaved schedule the chunks of Megatron-Core's {@code 2(p − r − 1) + (v − 1)p + 1} warm-up
 *       forwards ({@link #inFlightLayerMicroBatches}), which on rank 0 with equal chunks is Korthikanti's
 *       {@code p(1 + (p−1)/(pv))} micro-batches (§4.2.3).
 *   <li>Recomputation: full reruns each layer's forward; selective reruns the attention core
 *       (free under FlashAttention, which recomputes it anyway); torchtitan's per-operator policy
 *       reruns every second matmul of a layer's forward (key and output projections and one MLP
 *       matrix; torchtitan {@code parallelize_llama.py}, {@code selective_ac_option = "op"}).
 *   <li>Model states: bytes per parameter of the precision recipe, sharded by ZeRO stage
 *       (Rajbhandari et al. 2020 §5).
 *   <li>Time: each GEMM at the slower of {@code peak × e(min dim)} and its operands at the achieved
 *       memory bandwidth, fused attention at {@code peak × f × s/(s + s½)} for {@code s} keys per
 *       query (backward 2.5× forward: FlashAttention recomputes the scores), memory-bound
 *       kernels at achieved bandwidth (backward twice the forward, except the unfused attention core's
 *       softmax and dropout, counted from their kernels: {@link #softmaxForwardBytes}, {@link
 *       #softmaxBackwardBytes}), ring collectives as {@code (n−1)} latency steps plus {@code
 *       (n−1)/n × size / bandwidth} (twice for all-reduce), pipeline bubble {@code (p−1)/v} stage
 *       times (Narayanan et al. 2021 §2.2), or {@code (p−1)(F+B−2W)} for zero-bubble ZB-H1 (Qi et
 *       al. 2024) and {@code (p/2−1)(F&B+B−3W)} for DualPipe (DeepSeek-V3 Table 2, with {@code p+1}
 *       micro-batches in flight and two copies of the stage's parameters; rank r runs stages r and
 *       p−1−r for half the micro-batches each, {@link #dualPipeRankLayers}), optimizer step as memory
 *       traffic.
 *   <li>Gradient accumulation: inside the weight-gradient GEMM by default (Megatron-LM's {@code
 *       --gradient-accumulation-fusion}, merged 2022-02-22); without it ({@code
 *       EvalConfig.gradientAccumulationFusion} false: Megatron-LM's {@code main_grad.add_} hook of
 *       2021, DeepSpeed's engine) every micro-batch moves {@code 2 + 2 × gradient bytes} per parameter
 *       of the rank at the achieved memory bandwidth.
 *   <li>Loss: the output head's GEMMs, then the cross entropy over the rank's vocabulary shard as memory
 *       traffic per logit: {@link #FUSED_LOSS_BYTES_PER_LOGIT} for a fused kernel, {@link
 *       #UNFUSED_LOSS_BYTES_PER_LOGIT} for Megatron's unfused vocab-parallel cross entropy (counted from
 *       its code; {@code TrainingJob.crossEntropyFusion}).
 *   <li>Overlap as Megatron-Core schedules it: with ZeRO 0–2 and data-parallel overlap on, gradients
 *       are reduced in buckets of {@link #bucketParameters(int)} (PyTorch-native stacks: torchtitan's
 *       {@link #TORCHTITAN_DDP_BUCKET_BYTES}) as the last micro-batch's backward
 *       produces them and (distributed optimizer) parameters all-gathered bucket by bucket before
 *       the next forward; the last gradient bucket, the first parameter bucket and whatever exceeds
 *       the backward (forward) window are exposed; with FP8 parameters ({@code fp8_param_gather}) that
 *       first/last bucket also carries every non-FP8 parameter, Megatron-Core's merged last bucket group
 *       ({@link #firstStageNonFp8Parameters}, s23j). The routed experts' gradients and parameters travel over
 *       their expert-data-parallel group ({@link #expertDataParallelGroup}), the rest over dp × cp; the
 *       optimizer shards each over its group. Tied embeddings under pipeline parallelism: the first
 *       and last stages all-reduce the shared matrix's gradients after the last micro-batch, exposed.
 *       DeepSpeed's {@code BF16_Optimizer} ({@code TrainingFramework.MEGATRON_DEEPSPEED} in bf16) adds each
 *       micro-batch's gradients into fp32 ones in a pass of its own ({@link
 *       #BF16_OPTIMIZER_ACCUMULATION_BYTES}) and all-reduces the whole fp32 gradients. Under the interleaved schedule each chunk's
 *       pipeline sends and receives are posted before its compute and waited after it
 *       ({@code --overlap-p2p-communication}, Megatron-LM's default with virtual stages). The hidden
 *       gradient and parameter collectives still slow the compute beside them by {@link
 *       #OVERLAP_COMPUTE_SLOWDOWN} of their duration (arXiv:2507.03114).
 *   <li>MoE: experts split over {@code ep × etp} ranks folded onto the stage's tp × cp × dp ranks
 *       (Liu et al. 2025, arXiv:2504.14960); expert GEMMs and all-to-alls sized for the busiest
 *       expert ({@code imbalance ×} the average). Token routing is memory traffic per token and MoE
 *       layer: the router's fp32 logits and top-k ({@code 24·experts} bytes), permute and weighted
 *       unpermute around the all-to-all ({@code 3·k·e·h + e·h} over tp) and the regrouping by local
 *       expert and back on the busiest rank ({@code 4·k·e·h·imbalance·etp/tp}), each gather reading and
 *       writing every routed copy once (Megatron-Core's all-to-all dispatcher). The flex dispatcher
 *       (DeepEP, HybridEP) permutes inside its dispatch kernel and sums inside its combine kernel, so
 *       only the router and the regrouping on the receiving rank remain (Megatron-Core {@code
 *       token_dispatcher.py}, {@code _DeepepManager}, at 0014f13713b). An MoE layer takes per
 *       micro-batch the longer of its device time and the host time of its eagerly issued kernels
 *       ({@link #moeHostSeconds}): fine-grained experts at small micro-batches leave the GPU waiting
 *       for the host; the fitted layer overhead is charged to an MoE layer once, as to a dense one. The
 *       host time grows by the attention core that the dispatcher's synchronisation leaves unhidden
 *       ({@link #moeSyncDrainSeconds}) unless an overlap schedule interleaves another micro-batch there.
 *   <li>FP8 recipes: GEMMs at the FP8 peak times the 16-bit GEMM curve times the measured rate of
 *       the recipe's FP8 kernels at transformer-layer shapes ({@link Fp8Gemm#kernelRatio}), or, for a
 *       recipe whose whole linear layers were measured against bf16 by shape (torchao's rowwise float8
 *       on Hopper), on the curve fitted to those measurements ({@link Fp8Gemm#halfSaturationDim}); every
 *       FP8 layer's input, output gradient and weight quantized at the recipe's bytes per element and
 *       the measured bandwidth of quantization kernels ({@link Fp8Gemm}); the output head stays in 16
 *       bits (Transformer Engine converts only its own layers; torchtitan's float8 conversion skips the
 *       output projection).
 *   <li>Tensor parallelism wider than the KV heads: each rank keeps {@code ceil(kv/tp)} whole KV
 *       heads, so K/V projections are replicated.
 *   <li>Context parallelism: ring attention (Liu et al. 2023, "Ring Attention with Blockwise
 *       Transformers"; Megatron-Core's context parallelism on TransformerEngine) with the sequence
 *       in {@code 2·cp} load-balanced causal chunks: {@code cp} attention kernels per layer and
 *       pass, the first on the causal local block of {@code s/cp} keys, the others on blocks of
 *       {@code s/(2cp)} keys, each at the fused kernel's measured rate for its block length ({@link
 *       HardwareConstants#attentionEfficiency(double, int)}); {@code cp − 1} sends of the local K/V chunk forward (K/V and their
 *       gradients backward), each overlapped only with the kernel of its own step: exposed {@code
 *       max(0, transfer − kernel)} plus the step's latency. Llama 3 (Dubey et al. 2024 §3.3.2)
 *       all-gathers K/V instead; the bytes are the same. The GEMMs see {@code micro·s/cp} tokens.
 *   <li>FSDP / ZeRO-3: parameters gathered for the forward and again for the backward of every
 *       micro-batch and gradients reduce-scattered after it, layer by layer as FSDP2 and
 *       Megatron-FSDP prefetch them (see {@link #fsdpLayerwiseExposed(double, double, int, double, double,
 *       double)}: the first all-gather, the root unit's two collectives, the last reduce-scatter and what outlasts
 *       a layer's compute exposed), or, for FSDP1 with {@code
 *       BACKWARD_POST}, hidden behind the micro-batch's compute by the fitted overlap efficiency; either way
 *       every transformer block's collectives are NCCL rings of their own, each paying its ring's step latencies
 *       ({@link #fsdpUnitLatency}, {@link #fsdp2UnitLatency}); with
 *       pipeline parallelism one all-gather and one
 *       reduce-scatter per unit and step ({@link #fsdpPipelinedUnitLatency}), as torchtitan keeps the stage gathered through the step ({@code
 *       reshard_after_forward=False} with PP, {@code parallelize_llama.py} at 9dec370) and PyTorch's
 *       pipeline stage reduces gradients after the last micro-batch's backward only; the stage's
 *       weights and gradients are then held unsharded through the step (as ZeRO-1), only master
 *       weights and optimizer states sharded.
 *   <li>Tensor-parallel overlap {@code f} (async TP, TransformerEngine's userbuffers): a fraction
 *       {@code f} of each pass's collectives runs decomposed into {@code tp} chunks beside the
 *       matmuls; {@code (tp−1)/tp} of it hides, up to the pass's matmul time. PyTorch's async TP
 *       decomposes the forward's collectives (forward-pass speed-ups of 20-29% against 8% end to end,
 *       "[Distributed w/ TorchTitan] Introducing Async Tensor Parallelism in PyTorch",
 *       discuss.pytorch.org/t/209487), so its {@code f} is the forward passes' share of the passes.
 *       Megatron-Core's {@code --tp-comm-overlap} (Transformer Engine's userbuffers, sequence
 *       parallelism) is costed as Transformer Engine runs it ({@code userbuffersGemmCost}): the
 *       all-gathers by ring exchange over {@code tp} GEMM chunks, {@code 1/tp} exposed, the hidden
 *       rest slowing the GEMMs by {@link #OVERLAP_COMPUTE_SLOWDOWN} of its duration; the
 *       reduce-scatters pipelined in {@link #UB_PIPELINE_SPLITS} chunks on {@link #UB_PIPELINE_SMS}
 *       SMs taken from the GEMM, the last chunk's exposed.
 * </ul>
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Graphs the host replays per transformer layer and micro-batch under Megatron-Core's whole-layer CUDA graphs: 2,
   * the layer's forward graph and its backward graph ({@code CudaGraphManager}, {@code
   * megatron/core/transformer/cuda_graphs.py} at core_v0.14.0: one forward and one backward graph per layer and
   * micro-batch, replayed by {@code TransformerLayer.__call__}; recomputation is refused beside them).
   */
  public static final double LAYER_GRAPH_REPLAYS = 2;

  /**
   * Host time of one MoE layer per micro-batch under whole-layer CUDA graphs, seconds: {@link #LAYER_GRAPH_REPLAYS}
   * replays at {@link #MOE_HOST_SECONDS_PER_KERNEL} each, as if each replay cost the host what one eager operator
   * does (its Python call, the copy of the inputs into the graph's static buffers, and {@code cudaGraphLaunch}); an
   * upper bound, no measurement of a replay's host time having been found. The captured kernels cost the host
   * nothing more, and the padded dispatcher the graph requires reads nothing back to the host ({@code
   * drop_and_pad}: split sizes from the capacity, {@code cuda_sync_point} "no_sync", {@code
   * MoEAlltoAllTokenDispatcher} in {@code megatron/core/transformer/moe/token_dispatcher.py} at core_v0.14.0), so
   * no drain of the device's queue is exposed either.
   *
   * @return the host time, seconds
   */
  public static double moeGraphHostSeconds() {
    return LAYER_GRAPH_REPLAYS * MOE_HOST_SECONDS_PER_KERNEL;
  }

  /**
   * Kernels one MoE layer of Megatron-Core issues per micro-batch, forward and backward, at {@link
   * #MOE_KERNELS_REFERENCE_EXPERTS} local experts: 151, measured (463,348 kernels on rank 0 in one step of
   * Qwen3-30B-A3B, BF16, TP 1, PP 1, EP 16, MBS 1, GBS 1024 on 16 H100s, flex dispatcher with HybridEP, Transformer
   * Engine CUDA graphs of {@code moe_router} and {@code moe_preprocess}; embedding, head and optimizer kernels
   * included, so an upper bound), Megatron-Bridge {@code skills/nemo-mbridge-perf-moe-comm-overlap/SKILL.md} and
   * {@code skills/nemo-mbridge-perf-expert-parallel-overlap/SKILL.md} (7ded17dae, 2026-07-25; read at 067f987df). That
   * run is no validation row.
   */
  public static final double MOE_LAYER_KERNELS = 151;

  /** The local experts of the run that counted {@link #MOE_LAYER_KERNELS}: 128 experts over EP 16. */
  public static final double MOE_KERNELS_REFERENCE_EXPERTS = 8;

  /**
   * Kernels one more local expert adds to an MoE layer per micro-batch, forward and backward: 6. Transformer Engine's
   * {@code GroupedLinear} issues one cuBLAS GEMM per local expert ({@code general_grouped_gemm} ->
   * {@code nvte_multi_stream_cublas_gemm}, {@code transformer_engine/common/gemm/cublaslt_gemm.cu}, spread over four
   * compute streams but issued one by one from the host), for the forward, the data gradient and the weight gradient
   * of each of the two expert linear layers (fc1, fc2). Quantization kernels per expert (FP8) are not counted:
   * Transformer Engine's {@code GroupedLinear} quantizes the experts' inputs and output gradients with {@code
   * tex.split_quantize}, one C++ call per tensor that loops over the experts (four tensors per expert and micro-batch:
   * fc1's and fc2's inputs forward, their output gradients backward), launching per expert under current scaling a
   * zeroing of the amax, the amax, the scale and the cast-transpose ({@code Float8CurrentScalingQuantizer::quantize_impl},
   * {@code csrc/quantizer.cpp}; {@code zero_amax_kernel}, {@code compute_scale_from_amax_kernel}, {@code
   * common/recipe/current_scaling.cu}), one quantization under MXFP8 and blockwise FP8, and under delayed scaling one
   * fused {@code nvte_multi_cast_transpose} for all experts ({@code multi_tensor_quantize_impl}, {@code
   * csrc/extensions/cast.cpp}; all at NVIDIA/TransformerEngine 5671fd367, the TE 2.12 of Megatron-Bridge v0.3.0); the
   * weights are quantized on the first micro-batch only ({@code is_first_microbatch}, {@code get_weight_workspace}).
   * Those launches come from C++ with Python's lock released, so {@link #MOE_HOST_SECONDS_PER_KERNEL} (an eager
   * operator's host time, Python included) does not measure them, and no published measurement does: at that rate
   * the 16 current-scaling kernels per expert would put the 26.04 H100 Qwen3-30B-A3B FP8 run (8 local experts) 41%
   * too slow (held-out-runs.md, s13j). Their memory traffic is costed ({@code Fp8Gemm}).
   */
  public static final double MOE_KERNELS_PER_LOCAL_EXPERT = 6;

  /**
   * Host time per kernel of an eager Megatron-Core / Transformer Engine MoE training step, seconds: 53.3 µs, the
   * step of the run that counted {@link #MOE_LAYER_KERNELS} (24.714 s without the all-to-all overlap) over its
   * 463,348 kernels. That run's GPU was active 22.821 s of it (same source), idle 7.6%: host and device were near
   * balance, so the step bounds the host's time per kernel from above and the small idle share puts it near the
   * bound. A PyTorch eager operator, with Transformer Engine's Python around each GEMM and quantization (per-expert
   * {@code torch.split} and {@code torch.empty}, NVIDIA/TransformerEngine #1499), costs tens of microseconds of host time.
   */
  public static final double MOE_HOST_SECONDS_PER_KERNEL = 24.714 / 463_348;

  /**
   * Kernels the host issues between an MoE layer's attention core and the dispatcher's synchronisation, forward: 5.
   * After the core attention kernel Megatron-Core runs the output projection ({@code linear_proj}, one GEMM,
   * {@code megatron/core/transformer/attention.py}), the fused bias-dropout-add ({@code self_attn_bda}) and the pre-MLP
   * RMSNorm ({@code pre_mlp_layernorm}, {@code megatron/core/transformer/transformer_layer.py}, both at core_v0.15.0),
   * then the MoE layer's router and the dispatcher's preprocessing, which the Megatron-Bridge recipes capture in
   * Transformer Engine CUDA graphs of scopes {@code moe_router} and {@code moe_preprocess}, one launch each
   * ({@code scripts/performance/configs/qwen/qwen3_workload_base_configs.py} at v0.3.0). Not counted: FP8's quantization
   * of the projection's input (1 kernel under MXFP8, 3 under current scaling) and, where the router runs without a
   * graph, its own kernels; both make the host's share of the tail larger and the exposed device time smaller.
   */
  public static final double MOE_SYNC_TAIL_KERNELS = 5;

  /**
   * Forward memory traffic of the squared-ReLU MLP activation per element of the MLP's inner width, bytes, as
   * Megatron-Core runs it for Nemotron: NeMo's {@code NemotronConfig} sets {@code activation_func = squared_relu},
   * {@code torch.pow(torch.nn.functional.relu(x), 2)} without {@code torch.jit.script} ("remove until we have
   * serialization"; NVIDIA/NeMo {@code nemo/collections/llm/fn/activation.py} and {@code
   * nemo/collections/llm/gpt/model/nemotron.py} at v2.2.0, 7192a2c944, and v2.3.0, 2b03b748bb), and leaves {@code
   * bias_activation_fusion} at Megatron-Core's default {@code False}, so {@code MLP.forward} calls the function as
   * given (its fused paths cover only GeLU and SwiGLU: "Only support fusion of gelu and swiglu"; {@code
   * megatron/core/transformer/mlp.py} and {@code transformer_config.py} at NVIDIA/Megatron-LM 791b70e031, the
   * commit NeMo v2.2.0's {@code requirements/manifest.json} pins, and 3cdfd613e6 for v2.3.0). Two kernels of 16-bit
   * elements: {@code relu} (read 2, write 2) and {@code pow(·, 2)} (read 2, write 2). A fused activation reads and
   * writes once (4).
   */
  public static final double SQUARED_RELU_FORWARD_BYTES = 8;

  /**
   * Backward memory traffic of the same unfused squared ReLU per element, bytes: PyTorch's {@code pow_backward}
   * computes {@code grad * (2 * self.pow(1))} ({@code torch/csrc/autograd/FunctionsManual.cpp}, and {@code pow}
   * with exponent 1 is a copy, {@code pow_Tensor_Scalar_out} in {@code aten/src/ATen/native/Pow.cpp}, both at
   * pytorch/pytorch 002ca6715b): the copy (read 2, write 2), the scaling by 2 (read 2, write 2) and the product with
   * the incoming gradient (read 4, write 2); then ReLU's {@code threshold_backward} on its saved output (read 4,
   * write 2). 20 bytes, where the model's backward counts twice the forward's.
   */
  public static final double SQUARED_RELU_BACKWARD_BYTES = 20;

  /**
   * Forward memory traffic of the routed experts' down-projection bias per element of a routed token's output
   * ({@code hidden} elements per routed copy), bytes, as Megatron-Core adds it: {@code TEGroupedMLP} builds {@code
   * linear_fc2} with {@code skip_bias_add=True} (Transformer Engine's {@code GroupedLinear} then returns the biases
   * unapplied, {@code return_bias}) and {@code _apply_bias} adds them in PyTorch operators, expert by expert: {@code
   * torch.split} of the output and of the routing probabilities by tokens per expert, {@code t + b * p} per expert
   * (the product {@code b * p} written, 2; the sum reading both and writing, 6) and {@code torch.cat} of the experts'
   * results (read 2, write 2) ({@code megatron/core/transformer/moe/experts.py} at NVIDIA/Megatron-LM b0cc2706d, the
   * Megatron-LM commit Megatron-Bridge v0.3.0 pins, the 26.02 container's). 16-bit elements: the probabilities are
   * the router logits' dtype (Transformer Engine's fused top-k, {@code csrc/extensions/router.cpp} at
   * NVIDIA/TransformerEngine 5671fd367, the TE 2.12 that v0.3.0 pins) and the GPT-OSS recipes set no fp32 router. The
   * up projection's bias is applied inside the grouped GEMM ({@code skip_bias_add=False}; bias epilogue forward, its
   * gradient in the weight-gradient GEMM's epilogue, {@code module/grouped_linear.py} at 5671fd367): no traffic.
   */
  public static final double EXPERT_BIAS_FORWARD_BYTES = 12;

  /**
   * Backward memory traffic of the same bias addition per element, bytes: the product's backward, {@code grad * p}
   * (read 2, write 2) summed over the expert's tokens for the bias gradient (read 2) and {@code grad * b} (read 2,
   * write 2) summed over the hidden dimension for the probabilities' gradient (read 2); the split's backward
   * concatenates the experts' output gradients (read 2, write 2). 16 bytes, where the model's backward counts twice the
   * forward's.
   */
  public static final double EXPERT_BIAS_BACKWARD_BYTES = 16;

  /**
   * Kernels the expert bias adds per local expert and micro-batch: 8. The product and the sum forward (2), the two
   * products and two reductions backward (4), and the accumulation of each of the expert's two bias gradients (up and
   * down projections) into its fp32 {@code main_grad} by Megatron-Core's data-parallel backward hook ({@code
   * param.main_grad.add_(param.grad.data)}, {@code megatron/core/distributed/distributed_data_parallel.py} at b0cc2706d;
   * Transformer Engine's fused weight-gradient accumulation covers the weights only) (2).
   */
  public static final double EXPERT_BIAS_KERNELS_PER_LOCAL_EXPERT = 8;

  /**
   * Kernels the expert bias adds per MoE layer and micro-batch whatever the local experts: 3. The concatenation
   * forward, and the split backwards of the outputs and of the probabilities (one concatenation each).
   */
  public static final double EXPERT_BIAS_KERNELS_PER_LAYER = 3;

  /**
   * Forward memory traffic of a clamped gated activation's clamp per element of the expert's inner width, bytes, as
   * Megatron-Core runs it (gpt-oss, {@code activation_func_clamp_value} 7.0, Megatron-Bridge {@code GPTOSSProvider}
   * at v0.3.0): {@code weighted_bias_quick_geglu_impl} clamps before its fused kernel, in PyTorch operators: the gate
   * half {@code clamp(max=limit)} (read 2, write 2), the linear half {@code clamp(-limit, limit)} (read 2, write 2),
   * and {@code torch.cat} of the two (read 4, write 4) ({@code megatron/core/fusions/fused_bias_geglu.py} at
   * b0cc2706d). The fused weighted quick-GeGLU itself reads and writes what the fused SwiGLU does.
   */
  public static final double ACTIVATION_CLAMP_FORWARD_BYTES = 16;

  /**
   * Backward memory traffic of the same clamp per element of the inner width, bytes: PyTorch's {@code clamp_backward}
   * ({@code torch/csrc/autograd/FunctionsManual.cpp}) is {@code where(self <= max, grad, 0)} for the gate half (the
   * comparison reads 2 and writes a 1-byte mask, the select reads 3 and writes 2: 8) and {@code where((self >=
   * min).logical_and_(self <= max), grad, 0)} for the linear half (two comparisons 6, the in-place and 3, the select
   * 5: 14); the chunk's backward concatenates the two halves' gradients (read 4, write 4). 30 bytes.
   */
  public static final double ACTIVATION_CLAMP_BACKWARD_BYTES = 30;

  /**
   * Kernels the clamp adds per MoE layer and micro-batch: 12. Forward two clamps and the concatenation (3); backward
   * the gate half's zero scalar, comparison and select (3), the linear half's zero scalar, two comparisons, logical and
   * and select (5), and the concatenation of the halves' gradients (1).
   */
  public static final double ACTIVATION_CLAMP_KERNELS = 12;

  /**
   * Of {@link #ACTIVATION_CLAMP_KERNELS}, the forward ones: the two clamps and the concatenation (3), which a recomputed
   * activation issues again ({@link EvalConfig#moeActivationRecompute}).
   */
  public static final double ACTIVATION_CLAMP_FORWARD_KERNELS = 3;

  /**
   * Kernels a recomputed routed-expert activation issues again per MoE layer and micro-batch, the clamp's aside: the
   * fused (weighted) activation's one forward kernel (Megatron-Core's {@code bias_act_func} rerun by {@code
   * CheckpointWithoutOutput}, {@code megatron/core/transformer/moe/experts.py} l. 680-750 at NVIDIA/Megatron-LM
   * b0cc2706d; s22c).
   */
  public static final double MOE_ACTIVATION_RECOMPUTE_KERNELS = 1;

  /**
   * Forward memory traffic of a YaRN-scaled rotary embedding per element of the queries and keys, bytes, as
   * Megatron-Core applies it outside the fused kernel ({@code _apply_rotary_pos_emb_bshd}, {@code
   * megatron/core/models/common/embeddings/rope_utils.py} at NVIDIA/Megatron-LM b0cc2706d, the Megatron-LM commit
   * Megatron-Bridge v0.3.0 pins; queries and keys each in a call of their own, {@code attention.py}): {@code t * cos_}
   * (read 2, write 2), {@code _rotate_half}'s negation of one half (read 1, write 1 per element of {@code t}) and
   * {@code torch.cat} of the halves (read 2, write 2), the product with {@code sin_} (read 2, write 2), the sum (read 4,
   * write 2) and the final {@code torch.cat((t, t_pass))} with an empty pass-through part (read 2, write 2). 24 bytes of
   * 16-bit elements; the fused kernel the model counts otherwise reads and writes once (4).
   */
  public static final double YARN_ROTARY_FORWARD_BYTES = 24;

  /**
   * Backward memory traffic of the same unfused rotary embedding per element, bytes: the two products' backwards,
   * {@code grad * cos_} and {@code grad * sin_} (read 2, write 2 each; the tables need no gradient), the negation's
   * backward on one half (2), {@code torch.chunk}'s backward concatenating the halves' gradients (read 2, write 2), the
   * accumulation of the two paths into {@code t}'s gradient (read 4, write 2), and the empty pass-through slice's
   * backward, which writes a zero gradient of {@code t}'s full size (PyTorch's {@code slice_backward}: {@code
   * at::zeros} of the input's sizes, then the slice copied in; 2) that is accumulated too (6). 28 bytes, where the
   * model's backward counts twice the forward's.
   */
  public static final double YARN_ROTARY_BACKWARD_BYTES = 28;

  /**
   * Forward memory traffic of the unfused rotary embedding's cos and sin tables per position and rotary dimension,
   * bytes, per layer and micro-batch: in each of the two calls (queries, keys) {@code (torch.cos(freqs) * mscale).to(
   * t.dtype)} and the same with {@code sin} on the fp32 frequencies (cos or sin read 4 write 4, the scaling read 4
   * write 4, the cast read 4 write 2: 22 per table), 2 × 2 × 22. The tables have one row per position of the
   * micro-batch's sequence, shared by its sequences, and no gradient.
   */
  public static final double YARN_ROTARY_TABLE_BYTES = 88;

  /**
   * Kernels the unfused YaRN rotary embedding issues per layer and micro-batch, forward and backward: 38. Per call
   * (queries, keys) forward cos, scaling, cast, sin, scaling, cast, two products, negation, two concatenations and the
   * sum (12), backward two products, the negation, the chunk's concatenation, the zero gradient of the pass-through
   * slice and two accumulations (7).
   */
  public static final double YARN_ROTARY_KERNELS = 38;

  /**
   * Kernels of the fused rotary embedding per layer and micro-batch that the unfused YaRN path replaces: 4 (Transformer
   * Engine's fused RoPE forward and backward for queries and keys), already inside {@link #MOE_LAYER_KERNELS}, whose
   * run took Megatron-Bridge's performance-script setting {@code apply_rope_fusion = True} ({@code
   * scripts/performance/utils/overrides.py} at v0.3.0) on Qwen3's plain RoPE.
   */
  public static final double FUSED_ROTARY_KERNELS = 4;

  /**
   * Forward memory traffic of the quantization padding of Megatron-Core's grouped experts per element of a routed
   * token's hidden vector, bytes (16-bit elements): under FP8 or FP4 {@code TEGroupedMLP.forward} pads each local
   * expert's rows to a multiple of the quantized GEMMs' alignment before {@code linear_fc1} ({@code
   * self.quantization_padding}, Transformer Engine's {@code Fp8Padding}) and removes the padding from {@code
   * linear_fc2}'s output ({@code Fp8Unpadding}) ({@code megatron/core/transformer/moe/experts.py} at NVIDIA/Megatron-LM
   * b0cc2706d and 0d8e0714c, the commits Megatron-Bridge v0.3.0 and v0.2.0 pin; {@code self.fp8_padding} under FP8 at
   * core_v0.14.0). Each is one copy of every routed row ({@code tex.fused_multi_row_padding} / {@code
   * fused_multi_row_unpadding} into a new {@code torch.empty} tensor, {@code module/fp8_padding.py} and {@code
   * module/fp8_unpadding.py} at NVIDIA/TransformerEngine 5671fd367): the input read and written (4) and the output
   * read and written (4). The routing probabilities are padded the same way (one fp32 value per row, not counted).
   * {@code Fp8Padding.forward} returns the input untouched only when no expert's row count needs padding ({@code if
   * m_splits == padded_m_splits}); the Megatron-Bridge recipes leave {@code moe_router_padding_for_quantization}
   * (which pads the routing map instead) at its default {@code False} (v0.1.0rc4, v0.2.0, v0.3.0: set nowhere).
   */
  public static final double QUANTIZATION_PADDING_FORWARD_BYTES = 8;

  /**
   * Backward memory traffic of the same padding per element, bytes: the gradient of the unpadded output padded again
   * ({@code _Fp8Unpadding.backward}: read 2, write 2) and the gradient of the padded input unpadded ({@code
   * _Fp8Padding.backward}: read 2, write 2). 8 bytes, where the model's backward counts twice the forward's.
   */
  public static final double QUANTIZATION_PADDING_BACKWARD_BYTES = 8;

  /**
   * Kernels the quantization padding adds per MoE layer and micro-batch: 6. Forward the padding of the input and of
   * the routing probabilities and the unpadding of the output (3), backward one copy for each of their gradients (3);
   * each issued from Python by its own autograd function, as the kernels {@link #MOE_LAYER_KERNELS} counted (a BF16
   * run, which pads nothing).
   */
  public static final double QUANTIZATION_PADDING_KERNELS = 6;

  /**
   * Rows each local expert's share is padded to a multiple of under MXFP8 and NVFP4 (32) and under the other FP8
   * recipes (16): Megatron-Core's {@code get_align_size_for_quantization} / {@code get_fp8_align_size} ({@code
   * megatron/core/fp8_utils.py} at b0cc2706d), as Transformer Engine's {@code get_align_size_for_quantization}.
   */
  public static final int QUANTIZATION_ALIGNMENT_BLOCK_SCALED = 32;

  /** As {@link #QUANTIZATION_ALIGNMENT_BLOCK_SCALED}, for per-tensor and 128-blockwise FP8 (16). */
  public static final int QUANTIZATION_ALIGNMENT_PER_TENSOR = 16;

  /**
   * Returns whether Megatron-Core's grouped experts copy their rows into and out of a padded buffer for quantized GEMMs
   * ({@link #QUANTIZATION_PADDING_FORWARD_BYTES}): an FP8 or FP4 recipe on {@code TEGroupedMLP}, unless every local
   * expert's rows are already a multiple of the alignment. Dropless routing gives each expert whatever count the router
   * gives it (the benchmark recipes' forced load balancing draws random logits, {@code apply_random_logits}), so a
   * dropless layer pads; a layer padded to capacity gives each local expert {@code capacity} rows from each of the
   * {@code ep} ranks ({@code get_capacity}: {@code ceil(tokens · k / experts · factor)}), which pads only when that
   * count is not a multiple of the alignment. A layer that dispatches in FP8 (DeepSeek-V3's recipe, {@link
   * EvalConfig#fp8Dispatch}) pads nothing here: its tokens are quantized before the dispatch and arrive as FP8 tiles,
   * not as the 16-bit rows {@code Fp8Padding} copies, and DeepEP's dispatch aligns each local expert's received count
   * itself ({@code Buffer.dispatch(..., expert_alignment)}: "align the number of tokens received by each local expert
   * to this variable", {@code deep_ep/buffer.py} at deepseek-ai/DeepEP ebfe47e46, its first release).
   *
   * @param m the model
   * @param c the configuration
   * @param tokens tokens of one micro-batch on one GPU
   * @return whether the padding copies run
   */
  public static boolean quantizationPadding(ModelConstants m, EvalConfig c, double tokens) {
    if (!c.megatronGroupedExperts || !c.fp8Gemms || !m.isMoe() || c.fp8Dispatch) {
      return false;
    }
    if (!c.moeDropAndPad) {
      return true;
    }
    int align = c.fp8Scaling == EvalConfig.FP8_MXFP8 || c.fp8Scaling == EvalConfig.FP8_NVFP4
        ? QUANTIZATION_ALIGNMENT_BLOCK_SCALED
        : QUANTIZATION_ALIGNMENT_PER_TENSOR;
    // the dispatcher's tokens per rank: the sequence-parallel shard of the micro-batch
    double capacity = Math.ceil(tokens / c.tp * m.topK / m.experts * c.expertLoadImbalance - 1e-9);
    double rows = capacity * c.ep;
    return rows % align != 0;
  }

  /**
   * Memory traffic of a fused cross-entropy kernel per logit of a micro-batch, bytes: the fp32
   * logits read and written once in the forward pass and once in the backward pass.
   */
  public static final double FUSED_LOSS_BYTES_PER_LOGIT = 16;

  /**
   * Memory traffic of Megatron's unfused vocab-parallel cross entropy per logit of a micro-batch,
   * bytes, counted from {@code megatron/core/tensor_parallel/cross_entropy.py} at Megatron-LM tag
   * {@code core_r0.8.0} (the path taken without {@code --cross-entropy-loss-fusion}; Megatron-LM
   * 2021 and Megatron-DeepSpeed run the same operations): forward, the 16-bit logits copied to fp32
   * ({@code .float()}: 2 + 4), the maximum (4), the in-place subtraction (8), exponential (8), the
   * sum (4) and the in-place normalisation to the softmax kept for the backward (8); backward, the
   * in-place scaling by the loss gradient (8) and the cast back to 16 bits for the output layer's
   * GEMMs (4 + 2).
   */
  public static final double UNFUSED_LOSS_BYTES_PER_LOGIT = 52;

  /**
   * Memory traffic per logit of a micro-batch of one training-metric cross entropy that a trainer computes after the
   * backward pass, without gradients ({@code TrainingJob.trainingMetricCrossEntropies}: Composer's {@code
   * LanguageCrossEntropy} and {@code LanguagePerplexity}, each a {@code torch.nn.CrossEntropyLoss(reduction='sum')}
   * over the 16-bit logits under the precision's autocast, composer/metrics/nlp.py and composer/trainer/trainer.py
   * {@code _eval_train_metrics} at v0.16.4), bytes, counted from PyTorch's operators (2.x): {@code
   * cross_entropy_loss} is not on CUDA autocast's lists and runs {@code log_softmax(self, class_dim,
   * self.scalar_type())} (aten/src/ATen/native/LossNLL.cpp), whose explicit dtype autocast's {@code
   * fp32_set_opt_dtype} policy keeps, so the log-probabilities are computed in 16 bits (read 2, write 2); {@code
   * nll_loss} is on the fp32 list (aten/src/ATen/autocast_mode.cpp), so autocast copies them to fp32 first (read 2,
   * write 4) before the loss gathers one element per token. Each tensor counted once per kernel, as {@link
   * #FUSED_LOSS_BYTES_PER_LOGIT} is: the blockwise softmax kernel's second and third reads of a 50,368-wide row are
   * left to the cache. A lower bound: were the logits cast to fp32 before the softmax, 14.
   */
  public static final double TRAINING_METRIC_BYTES_PER_LOGIT = 10;

  /**
   * Forward memory traffic of the unfused attention core's softmax and attention dropout per element of
   * the score matrix, bytes. Megatron-LM's {@code FusedScaleMaskSoftmax} runs the causal case as one kernel,
   * {@code scaled_upper_triang_masked_softmax_warp_forward}, which reads only the {@code blockIdx.x + 1}
   * unmasked keys of each query row and writes the whole row, zeros above the diagonal ({@code
   * megatron/fused_kernels/scaled_upper_triang_masked_softmax.h}, {@code megatron/model/fused_softmax.py}: the
   * kernel is taken for 16-bit scores with {@code 16 < sk <= 2048}, at NVIDIA/Megatron-LM f32a638d2d, 2021-04-12,
   * the code of Narayanan et al. 2021; the same kernel for causal masks up to {@code sk <= 4096} in BigScience's
   * Megatron-DeepSpeed, {@code megatron/model/fused_softmax.py} at 038bddcb6d); a padding or bidirectional mask
   * reads the whole row. The attention
   * dropout ({@code torch.nn.Dropout} on the probabilities, {@code megatron/model/transformer.py} at the same
   * commit) is PyTorch's {@code fused_dropout_cuda}: reads the probabilities, writes the output and a one-byte
   * mask ({@code dtype(kByte)}, {@code aten/src/ATen/native/cuda/Dropout.cu}, PyTorch 1.8).
   *
   * @param e bytes per activation element
   * @param causal whether the mask is causal (the kernel reads the lower triangle only)
   * @param dropout whether attention dropout runs
   * @return bytes per element of the {@code s × s} score matrix
   */
  static double softmaxForwardBytes(double e, boolean causal, boolean dropout) {
    double read = causal ? 0.5 : 1;
    return e * (read + 1) + (dropout ? 2 * e + 1 : 0);
  }

  /**
   * Backward memory traffic of the same softmax and dropout per element of the score matrix, bytes, counted from
   * the kernels rather than as twice the forward: the dropout's {@code masked_scale_kernel} reads the gradient and
   * the one-byte mask and writes the gradient ({@code aten/src/ATen/native/cuda/Dropout.cu}, PyTorch 1.8);
   * {@code scaled_upper_triang_masked_softmax_warp_backward} reads the output gradient and the saved probabilities
   * of the unmasked keys only and writes the whole row (same Megatron-LM file and commit as {@link
   * #softmaxForwardBytes}).
   *
   * @param e bytes per activation element
   * @param causal whether the mask is causal
   * @param dropout whether attention dropout runs
   * @return bytes per element of the {@code s × s} score matrix
   */
  static double softmaxBackwardBytes(double e, boolean causal, boolean dropout) {
    double read = causal ? 0.5 : 1;
    return e * (2 * read + 1) + (dropout ? 2 * e + 1 : 0);
  }

  /**
   * Memory traffic of DeepSpeed's {@code BF16_Optimizer} per parameter of the stage and micro-batch, bytes:
   * after every micro-batch's backward pass it adds the bf16 gradients into fp32 gradients ({@code
   * hp_grad.add_(lp.grad.to(float32))}: the copy reads 2 and writes 4 bytes, the addition reads 4 + 4 and
   * writes 4), in {@code update_hp_grads} (microsoft/DeepSpeed {@code deepspeed/runtime/bf16_optimizer.py},
   * called for every micro-batch by the pipeline engine's {@code _exec_backward_pass}). Megatron-LM
   * accumulates its fp32 gradients in the weight-gradient GEMMs instead ({@code
   * gradient_accumulation_fusion}), with no pass of its own. Used for {@code TrainingFramework.MEGATRON_DEEPSPEED}
   * with bf16 math and fp32 master weights.
   */
  public static final double BF16_OPTIMIZER_ACCUMULATION_BYTES = 18;

  /**
   * Evaluates memory, FLOPs and time of {@code c} into {@code out}.
   *
   * @param m the model
   * @param hw the hardware
   * @param c the configuration (assumed valid)
   * @param out where the results go
   */
  public static void evaluate(ModelConstants m, HardwareConstants hw, EvalConfig c, Evaluation out) {
    memory(m, hw, c, out);
    flops(m, c, out);
    time(m, hw, c, out);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * Returns the layers of the largest pipeline stage: {@link #largestStageLayers}, or under a given last stage
   * ({@link EvalConfig#lastStageLayers}) the larger of it and the even share of the other stages.
   */
  static int stageLayers(ModelConstants m, EvalConfig c) {
    int[][] layout = c.layoutChunks;
    if (layout != null && c.pp > 1) {
      int most = 0;
      for (int r = 0; r < c.pp; r++) {
        most = Math.max(most, layoutRankLayers(layout, r));
      }
      return most;
    }
    if (c.lastStageLayers > 0 && c.pp > 1) {
      return Math.max(c.lastStageLayers, evenStageLayers(m, c));
    }
    return ceilDiv(m.layers, c.pp);
  }

  /**
   * Returns the layers of each of the stages other than the last when the last holds {@link
   * EvalConfig#lastStageLayers}: Megatron-Core's {@code num_layers_in_last_pipeline_stage} splits the remaining layers
   * evenly over the other stages and requires that they divide ({@code TransformerConfig.__post_init__} and {@code
   * get_num_layers_to_build} in {@code megatron/core/transformer/transformer_config.py} / {@code transformer_block.py}
   * at core_v0.15.0); the per-stage layouts of Megatron-Bridge's DeepSeek-V3 recipes are of that form (s20m).
   */
  private static int evenStageLayers(ModelConstants m, EvalConfig c) {
    return (m.layers - c.lastStageLayers) / (c.pp - 1);
  }

  /** Returns the transformer layers of rank {@code r} of a pipeline layout ({@link EvalConfig#layoutChunks}). */
  static int layoutRankLayers(int[][] layout, int r) {
    int sum = 0;
    for (int n : layout[r]) {
      sum += n;
    }
    return sum;
  }

  /** Returns the layers of the first stage of {@code c} (see {@link #firstStageLayers}, {@link EvalConfig#lastStageLayers}). */
  static int firstStageLayers(ModelConstants m, EvalConfig c) {
    if (c.pp == 1) {
      return m.layers;
    }
    int[][] layout = c.layoutChunks;
    if (layout != null) {
      return layoutRankLayers(layout, 0);
    }
    return c.lastStageLayers > 0 ? evenStageLayers(m, c) : firstStageLayers(m.layers, c.pp);
  }

  /** Returns the layers of the last stage of {@code c} (see {@link #lastStageLayers}, {@link EvalConfig#lastStageLayers}). */
  static int lastStageLayers(ModelConstants m, EvalConfig c) {
    if (c.pp == 1) {
      return m.layers;
    }
    int[][] layout = c.layoutChunks;
    if (layout != null) {
      return layoutRankLayers(layout, c.pp - 1);
    }
    return c.lastStageLayers > 0 ? c.lastStageLayers : lastStageLayers(m.layers, c.pp);
  }

  /**
   * Returns the index of the first stage that holds {@link #stageLayers} layers under {@code c}: under a given last
   * stage, the first stage when the others are the largest, else the last.
   */
  static int firstFullStage(ModelConstants m, EvalConfig c) {
    int[][] layout = c.layoutChunks;
    if (layout != null && c.pp > 1) {
      int most = stageLayers(m, c);
      for (int r = 0; r < c.pp; r++) {
        if (layoutRankLayers(layout, r) == most) {
          return r;
        }
      }
    }
    if (c.lastStageLayers > 0 && c.pp > 1) {
      return evenStageLayers(m, c) >= c.lastStageLayers ? 0 : c.pp - 1;
    }
    return firstFullStage(m.layers, c.pp);
  }

  /**
   * Returns the layers of the largest of {@code pp} pipeline stages: {@code ⌈layers/pp⌉}.
   *
   * <p>Layers that {@code pp} does not divide are placed as Llama 3 placed its 126 layers on 16
   * stages (Dubey et al. 2024 §3.3.2): every stage holds {@code ⌈layers/pp⌉} except the {@code
   * pp·⌈layers/pp⌉ − layers} stages that hold one fewer, taken alternately from the end (the last
   * stage, which also runs the output head and the loss), then the beginning (the first, which
   * also holds the embedding and the most micro-batches in flight), then the second-last, the
   * second...
   *
   * @param layers transformer layers
   * @param pp pipeline stages
   * @return layers
   */
  public static int largestStageLayers(int layers, int pp) {
    return ceilDiv(layers, pp);
  }

  /** Returns the layers of the first of {@code pp} stages (see {@link #largestStageLayers}). */
  public static int firstStageLayers(int layers, int pp) {
    int most = ceilDiv(layers, pp);
    return pp * most - layers >= 2 ? most - 1 : most;
  }

  /** Returns the layers of the last of {@code pp} stages (see {@link #largestStageLayers}). */
  public static int lastStageLayers(int layers, int pp) {
    int most = ceilDiv(layers, pp);
    return pp * most - layers >= 1 ? most - 1 : most;
  }

  /** Returns the layers of the smallest of {@code pp} stages (see {@link #largestStageLayers}). */
  public static int smallestStageLayers(int layers, int pp) {
    return layers / pp;
  }

  /**
   * Returns the most model chunks per rank the interleaved schedule can cut {@code layers} on {@code pp}
   * stages into: the layers of the largest stage when only the first and the last stages hold a layer
   * fewer, whose first (last) chunk then holds the embedding (the output head and the loss) and no
   * transformer layer; else the layers of the smallest stage. Llama 3 405B ran that way: "we reduce one
   * Transformer layer each from the first and the last stages [...] the first model chunk on the first
   * stage has only the embedding, and the last model chunk on the last stage has only output projection
   * and loss calculation" (Dubey et al. 2024 §3.3.2), 126 layers on 16 stages in chunks of one layer, 8
   * per rank; Megatron-Core builds such a chunk under {@code account_for_embedding_in_pipeline_split} and
   * {@code account_for_loss_in_pipeline_split} ({@code get_num_layers_to_build} in {@code
   * megatron/core/transformer/transformer_block.py} at d98e8a64, 2026-08-22: {@code num_layers_to_build}
   * may reach 0 in the first virtual stage of the first rank and the last of the last).
   *
   * @param layers transformer layers
   * @param pp pipeline stages
   * @return model chunks per rank, at most
   */
  public static int maxVirtualStages(int layers, int pp) {
    return pp * ceilDiv(layers, pp) - layers <= 2 ? largestStageLayers(layers, pp) : smallestStageLayers(layers, pp);
  }

  /** Returns the index of the first stage that holds {@link #largestStageLayers} layers. */
  static int firstFullStage(int layers, int pp) {
    return (pp * ceilDiv(layers, pp) - layers) / 2;
  }

  private static double mlpActivationBytes(boolean gated, double width, double e, double f) {
    // plain: activation input and the second GEMM's input; gated: gate, up and their product. The
    // activation function keeps its 16-bit input (Megatron-Core's bias_swiglu_impl / bias_gelu_impl,
    // activation_func_fp8_input_store false by default); the second GEMM keeps its input at f bytes
    return (gated ? 2 : 1) * e * width + f * width;
  }

  /**
   * Returns the bytes per element of the copy Transformer Engine keeps of an FP8 linear layer's input for
   * the backward pass: the quantized input, 1 byte, plus its scales (MXFP8: one E8M0 byte per 32
   * elements; blockwise: one fp32 scale per 1×128 block; per-tensor: one scale per tensor; NVFP4: half a byte
   * and one E4M3 scale per 16 elements). Transformer
   * Engine's {@code Linear}, {@code LayerNormLinear} and {@code GroupedLinear} quantize the input (for
   * {@code LayerNormLinear} the norm's output) and save the quantized tensor, keeping only the usage the
   * weight-gradient GEMM needs ({@code transformer_engine/pytorch/module/linear.py}, {@code
   * layernorm_linear.py}, {@code grouped_linear.py} at v2.9, 70f5366; the same in v1.8's {@code linear.py},
   * 3ec998e, for delayed scaling).
   *
   * @param scaling one of the {@code EvalConfig.FP8_*} constants
   * @return bytes per element
   */
  public static double fp8SavedInputBytes(int scaling) {
    return switch (scaling) {
      case EvalConfig.FP8_MXFP8 -> 1 + 1.0 / 32;
      case EvalConfig.FP8_BLOCKWISE -> 1 + 4.0 / 128;
      // NVFP4: the Wgrad GEMM's columnwise FP4 copy, half a byte, and one E4M3 scale per 16 elements
      case EvalConfig.FP8_NVFP4 -> 0.5 + 1.0 / 16;
      default -> 1;
    };
  }

  /**
   * Returns the layer-micro-batches of activations pipeline rank {@code rank} holds at its peak, Megatron-Core's
   * schedules counted: under 1F1B the rank runs {@code p − rank − 1} warm-up forwards and one more before its
   * first backward, so holds {@code min(p − rank, m)} micro-batches of all its layers (Narayanan et al. 2021
   * §2.2); under the interleaved schedule it runs {@code 2(p − rank − 1) + (v − 1)·p} warm-up forwards of
   * model chunks (and one more), taken in groups of {@code p} micro-batches per chunk, chunk after chunk
   * ({@code get_pp_rank_microbatches} and {@code get_schedule_table} in {@code
   * megatron/core/pipeline_parallel/schedules.py}, Megatron-LM d5a9645, 2025-10; {@code
   * microbatch_group_size_per_vp_stage} defaults to {@code p}), or all {@code m·v} chunk-micro-batches when
   * fewer. With equal chunks of {@code L/v} layers on rank 0 this is Korthikanti et al.'s {@code L·p·(1 +
   * (p−1)/(p·v))} (§4.2.3); a first chunk with fewer layers (Megatron-Core's {@code
   * account_for_embedding_in_pipeline_split}, which builds one layer fewer in the first stage's first chunk,
   * {@code get_num_layers_to_build} in {@code megatron/core/transformer/transformer_block.py}) is the chunk
   * held {@code 2p − 1} times, so that stage holds fewer.
   *
   * @param rank the pipeline rank, 0 to p − 1
   * @param p pipeline stages
   * @param v model chunks per rank (1 for 1F1B)
   * @param m micro-batches per step
   * @param stageLayers layers of the rank
   * @param firstChunk layers of its first chunk, the rest split evenly (ignored when v = 1)
   * @param lastChunk layers of its last chunk (ignored when v = 1)
   * @return layer-micro-batches
   */
  public static double inFlightLayerMicroBatches(int rank, int p, int v, int m, double stageLayers, double firstChunk,
      double lastChunk) {
    if (v == 1) {
      return Math.min(p - rank, m) * stageLayers;
    }
    double middle = v > 2 ? (stageLayers - firstChunk - lastChunk) / (v - 2) : 0;
    long forwards = Math.min((long) m * v, 2L * (p - rank - 1) + (long) (v - 1) * p + 1);
    long round = (long) p * v;
    if (forwards >= round) {
      return p * stageLayers + (forwards - round) * firstChunk;
    }
    long chunks = forwards / p;
    double held = 0;
    for (int j = 0; j < chunks; j++) {
      held += p * (j == 0 ? firstChunk : j == v - 1 ? lastChunk : middle);
    }
    int next = (int) chunks;
    return held + (forwards - chunks * p) * (next == 0 ? firstChunk : next == v - 1 ? lastChunk : middle);
  }

  /**
   * Returns {@link #inFlightLayerMicroBatches} for a rank whose chunks hold the layers {@code chunks} (a pipeline
   * layout, s21f): the same count of chunk-micro-batches held at the peak, each weighed by its own chunk's layers.
   *
   * @param rank the pipeline rank, 0 to p − 1
   * @param p pipeline stages
   * @param m micro-batches per step
   * @param chunks layers of each of the rank's v chunks
   * @return layer-micro-batches
   */
  public static double inFlightLayerMicroBatches(int rank, int p, int m, int[] chunks) {
    int v = chunks.length;
    double stageLayers = 0;
    for (int n : chunks) {
      stageLayers += n;
    }
    if (v == 1) {
      return inFlightLayerMicroBatches(rank, p, 1, m, stageLayers, stageLayers, stageLayers);
    }
    long forwards = Math.min((long) m * v, 2L * (p - rank - 1) + (long) (v - 1) * p + 1);
    long round = (long) p * v;
    if (forwards >= round) {
      return p * stageLayers + (forwards - round) * chunks[0];
    }
    long full = forwards / p;
    double held = 0;
    for (int j = 0; j < full; j++) {
      held += (double) p * chunks[j];
    }
    return held + (forwards - full * p) * (double) chunks[(int) full];
  }

  /**
   * Fills the memory figures of {@code out} (per GPU, worst pipeline stage).
   *
   * @param m the model
   * @param hw the hardware (memory capacity)
   * @param c the configuration
   * @param out where the results go
   */
  public static void memory(ModelConstants m, HardwareConstants hw, EvalConfig c, Evaluation out) {
    final double t = c.tp;
    final double e = c.activationBytes;
    final double h = m.hidden;
    final double tokens = (double) c.micro * c.seq / c.cp;
    final double spDiv = c.sequenceParallel ? t : 1;
    final int layersFirst = firstStageLayers(m, c);
    final int layersLast = lastStageLayers(m, c);
    final int layersMost = stageLayers(m, c);
    final int fullStage = firstFullStage(m, c);
    final double copies = parameterCopies(c);

    // activations of one layer for one micro-batch
    double storedLayer = layerActivationBytes(m, c, true);

    int micros = c.microBatches();
    int inFlight = Math.min(c.schedule == EvalConfig.SCHEDULE_DUALPIPE ? c.pp + 1 : c.pp, micros);
    final int v = c.virtualStages;
    // chunks of L/v layers; a stage with a layer fewer has it fewer in its first chunk (the embedding's,
    // first stage) or its last (the loss's, last stage), as account_for_*_in_pipeline_split builds them
    final double chunk = (double) layersMost / v;
    double workingSet = c.recompute == EvalConfig.RECOMPUTE_FULL ? layerActivationBytes(m, c, false) : 0;
    double embeddingMasks = c.dropout ? tokens * h / spDiv : 0;
    double lossAndHead = tokens * e * h / spDiv + 4.0 * tokens * m.vocab / t; // final norm input, fp32 logits

    // buffers
    double commonBuffers = 0;
    if (c.sequenceParallel && c.tp > 1) {
      commonBuffers += e * tokens * h; // the all-gathered activation
    }
    if (c.pp > 1) {
      commonBuffers += 2 * e * tokens * h / (c.scatterGather || c.sequenceParallel ? t : 1);
    }
    if (c.zero >= 3 && !stageGathered(c)) {
      commonBuffers += zero3LayerBuffer(m, c);
    }
    if (c.cp > 1) {
      commonBuffers += 2 * e * tokens * (m.kvWidth + m.valueWidth) / t; // ring attention's K/V send and receive buffers
    }

    double shard = c.zeroShardGroup > 0 ? c.zeroShardGroup : (double) c.dp * c.cp;
    double expertShard = expertShard(c, shard);
    double best = -1;
    out.offloadedBytes = 0;
    if (c.pp == 1) {
      // activations offloaded to host memory (Megatron-Core's cpu_offloading, pp = 1 only): the first N layers'
      // saved tensors leave the GPU once copied; at the peak (the last forward layer, the first backward one)
      // the L − N kept layers and the one offloaded layer whose copy is in flight are resident (see offloadExposed)
      int resident = c.offloadLayers > 0 ? layersFirst - c.offloadLayers + 1 : layersFirst;
      out.offloadedBytes = (double) (layersFirst - resident) * storedLayer;
      double act = resident * storedLayer + workingSet + embeddingMasks + lossAndHead;
      best = stage(c, copies * firstStageDenseParams(m, c), copies * stageExpertParams(m, c, layersFirst), act, shard,
          expertShard, commonBuffers, best, out);
    } else if (c.layoutChunks != null && c.schedule != EvalConfig.SCHEDULE_DUALPIPE) {
      // a pipeline layout (s21f): every rank from its own chunks; the embedding (and its dropout masks) on the first,
      // the output head and the loss on the last, as Megatron-Core's layout requires them (pipeline_parallel_layer_layout.py)
      int[][] layout = c.layoutChunks;
      for (int r = 0; r < c.pp; r++) {
        int layers = layoutRankLayers(layout, r);
        double act = storedLayer * inFlightLayerMicroBatches(r, c.pp, micros, layout[r]) + workingSet
            + (r == 0 ? embeddingMasks * inFlight : 0) + (r == c.pp - 1 ? lossAndHead : 0);
        double dense = r == 0 ? firstStageDenseParams(m, c)
            : r == c.pp - 1 ? lastStageDenseParams(m, c) : layers * layerDenseParams(m, c.tp);
        best = stage(c, copies * dense, copies * stageExpertParams(m, c, layers), act, shard, expertShard,
            commonBuffers, best, out);
      }
    } else {
      // the first stage (embedding, the most micro-batches in flight), the first stage with the most
      // layers (one micro-batch fewer in flight per stage before it) and the last (output head, loss)
      double firstAct;
      if (c.schedule == EvalConfig.SCHEDULE_DUALPIPE) {
        firstAct = layersFirst * storedLayer * inFlight + workingSet + embeddingMasks * inFlight;
      } else {
        double firstChunk = Math.max(0, layersFirst - (v - 1) * chunk);
        firstAct = storedLayer * inFlightLayerMicroBatches(0, c.pp, v, micros, layersFirst, firstChunk, chunk)
            + workingSet + embeddingMasks * inFlight;
      }
      best = stage(c, copies * firstStageDenseParams(m, c), copies * stageExpertParams(m, c, layersFirst), firstAct,
          shard, expertShard, commonBuffers, best, out);
      if (fullStage > 0 && fullStage < c.pp - 1) {
        double midAct = c.schedule == EvalConfig.SCHEDULE_DUALPIPE
            ? layersMost * storedLayer * Math.min(c.pp + 1 - fullStage, micros) + workingSet
            : storedLayer * inFlightLayerMicroBatches(fullStage, c.pp, v, micros, layersMost, chunk, chunk) + workingSet;
        best = stage(c, copies * layersMost * layerDenseParams(m, c.tp), copies * stageExpertParams(m, c, layersMost),
            midAct, shard, expertShard, commonBuffers, best, out);
      }
      double lastChunk = Math.max(0, layersLast - (v - 1) * chunk);
      double lastAct = (c.schedule == EvalConfig.SCHEDULE_DUALPIPE
              ? layersLast * storedLayer
              : storedLayer * inFlightLayerMicroBatches(c.pp - 1, c.pp, v, micros, layersLast, chunk, lastChunk))
          + workingSet + lossAndHead;
      best = stage(c, copies * lastStageDenseParams(m, c), copies * stageExpertParams(m, c, layersLast), lastAct, shard,
          expertShard, commonBuffers, best, out);
    }
    out.buffersBytes = commonBuffers;
    out.totalBytes = best;
    // whole bytes, as the public breakdown reports them, so that both always agree on fits
    double rounded =
        Math.ceil(out.weightsBytes) + Math.ceil(out.gradientsBytes) + Math.ceil(out.masterBytes)
            + Math.ceil(out.optimizerBytes) + Math.ceil(out.activationsBytes) + Math.ceil(commonBuffers);
    out.reserveBytes = Math.ceil(rounded * c.reserveFraction);
    out.fits = rounded <= hw.memoryCapacity;
  }

  /**
   * Sums the memory of one pipeline stage and, when it is above {@code best}, writes its parts
   * into {@code out}; returns the larger total.
   */
  private static double stage(
      EvalConfig c, double dense, double experts, double act, double shard, double expertShard, double buffers,
      double best, Evaluation out) {
    boolean gathered = stageGathered(c);
    double w = c.weightBytes * (dense / (c.zero >= 3 && !gathered ? shard : 1)
        + experts / (c.zero >= 3 && !gathered ? expertShard : 1));
    double g =
        c.gradientBytes * (dense / (c.zero >= 2 && !gathered ? shard : 1)
            + experts / (c.zero >= 2 && !gathered ? expertShard : 1))
            + c.gradientCopyBytes * (dense / (c.zero >= 1 ? shard : 1) + experts / (c.zero >= 1 ? expertShard : 1));
    double perParamSharded = dense / (c.zero >= 1 ? shard : 1) + experts / (c.zero >= 1 ? expertShard : 1);
    double master = c.masterBytes * perParamSharded;
    double opt = c.optimizerBytes * perParamSharded;
    double total = w + g + master + opt + act + buffers;
    if (total <= best) {
      return best;
    }
    out.weightsBytes = w;
    out.gradientsBytes = g;
    out.masterBytes = master;
    out.optimizerBytes = opt;
    out.activationsBytes = act;
    out.parametersPerGpu = dense + experts;
    out.expertParametersPerGpu = experts;
    return total;
  }

  /** Returns the dense (replicated across expert ranks) parameters on one GPU of the first stage. */
  private static double firstStageDenseParams(ModelConstants m, EvalConfig c) {
    final double t = c.tp;
    double layerDense = layerDenseParams(m, c.tp);
    if (c.pp == 1) {
      return m.layers * layerDense + m.embedding / t + m.positions + m.head / t + m.otherParams;
    }
    return firstStageLayers(m, c) * layerDense + m.embedding / t + m.positions;
  }

  /** Returns the dense parameters on one GPU of the last stage (the first when pp = 1). */
  private static double lastStageDenseParams(ModelConstants m, EvalConfig c) {
    if (c.pp == 1) {
      return firstStageDenseParams(m, c);
    }
    final double t = c.tp;
    return lastStageLayers(m, c) * layerDenseParams(m, c.tp)
        + m.head / t
        + m.otherParams
        + (m.tiedEmbeddings && c.pp > 1 ? m.embedding / t : 0);
  }

  /**
   * Returns the parameters on one GPU of the first pipeline stage's first model chunk that Megatron-Core does not
   * hold as FP8 under {@code fp8_param_gather} (s23j): what Transformer Engine's linear layers do not own — the
   * embedding (and learned positions), with one stage also the output layer (Megatron-Core's {@code
   * tensor_parallel.ColumnParallelLinear}) and the final norm, and per layer the norms, biases and in-block
   * norms beside the weight matrices and the MoE router's matrix ({@code TopKRouter.weight}, a plain parameter
   * in {@code params_dtype}, not split by tensor parallelism: megatron/core/transformer/moe/router.py l.51-69 at
   * NVIDIA/Megatron-LM core_v0.15.0). A model chunk after the first is a DDP instance without bucketing (one
   * group), so only the first chunk's layers join the merged group.
   */
  static double firstStageNonFp8Parameters(ModelConstants m, EvalConfig c) {
    final double t = c.tp;
    final double moeFraction = (double) m.moeLayers / m.layers;
    final double denseFraction = 1 - moeFraction;
    double router = m.experts > 0 ? (double) m.hidden * m.experts : 0;
    double layer = m.normParams + (m.attnParams - m.attnMatmul) / t
        + denseFraction * (m.mlpParams - m.mlpMatmul) / t
        + moeFraction * ((m.sharedParams - m.sharedMatmul) / t + router);
    if (c.pp == 1) {
      return m.layers * layer + m.embedding / t + m.positions + m.head / t + m.otherParams;
    }
    return firstStageLayers(m, c) / (double) Math.max(1, c.virtualStages) * layer + m.embedding / t + m.positions;
  }

  private static double layerDenseParams(ModelConstants m, int tp) {
    final double t = tp;
    final double moeFraction = (double) m.moeLayers / m.layers;
    final double denseFraction = 1 - moeFraction;
    // K/V projections: ceil(kv/tp) heads per rank, replicated when tp exceeds the KV heads
    double attn = (m.attnParams - m.kvProjParams) / t + m.kvProjParams * m.kvShare(tp);
    return attn + m.normParams + denseFraction * m.mlpParams / t + moeFraction * m.sharedParams / t;
  }

  /**
   * Returns the routed-expert parameters on one GPU of a stage of {@code layers} layers: the
   * experts of a layer split over ep × etp ranks (Liu et al. 2025, MoE parallel folding).
   */
  private static double stageExpertParams(ModelConstants m, EvalConfig c, int layers) {
    final double moeFraction = (double) m.moeLayers / m.layers;
    double layerExpert = moeFraction * m.experts * m.expertParams / (c.ep * (double) c.etp);
    return layers * layerExpert;
  }

  /**
   * Returns the ranks over which ZeRO shards the expert states: the expert data-parallel degree
   * tp·(dp·cp or the HSDP group)/(ep·etp), at least 1.
   */
  private static double expertShard(EvalConfig c, double shard) {
    return Math.max(1, shard * c.tp / ((double) c.ep * c.etp));
  }

  /** Returns the copies of its stage's parameters a rank keeps: 2 under DualPipe (DeepSeek-V3 Table 2), else 1. */
  private static double parameterCopies(EvalConfig c) {
    return c.schedule == EvalConfig.SCHEDULE_DUALPIPE ? 2 : 1;
  }

  /**
   * Returns whether ZeRO-3 keeps the stage's parameters gathered and its gradients unsharded
   * through the step: with pipeline parallelism (torchtitan's {@code reshard_after_forward=False}
   * with PP; gradients reduce-scattered after the last micro-batch's backward), which holds weights
   * and gradients as ZeRO-1 does and shards only master weights and optimizer states.
   */
  private static boolean stageGathered(EvalConfig c) {
    return c.zero >= 3 && c.pp > 1;
  }

  /** Returns ZeRO-3's buffer of one gathered layer (weights and gradients), bytes. */
  private static double zero3LayerBuffer(ModelConstants m, EvalConfig c) {
    double replicatedKv = m.kvProjParams * (m.kvShare(c.tp) - 1.0 / c.tp);
    return (c.weightBytes + c.gradientBytes) * (m.largestLayerParams() / c.tp + replicatedKv);
  }

  /**
   * Returns a lower bound of {@link #memory}'s total for {@code c} that does not depend on the
   * micro-batch, the recomputation, sequence parallelism or the virtual stages: the model states
   * (weights, gradients, master weights, optimizer states, sharded by the ZeRO stage) of the stage
   * that holds the most, plus ZeRO-3's gathered-layer buffer. The planner skips every
   * configuration of a split whose bound exceeds the memory (as {@code fits} does, without the
   * fragmentation reserve).
   *
   * <p>The parts are the same expressions {@link #memory} sums, so {@code memory(...).totalBytes
   * ≥ modelStateBytes(...)} up to rounding (a test checks it over many configurations).
   *
   * @param m the model
   * @param c the configuration (tp, pp, dp, cp, ep, ZeRO stage, shard group and byte widths)
   * @return bytes per GPU
   */
  public static double modelStateBytes(ModelConstants m, EvalConfig c) {
    double shard = c.zeroShardGroup > 0 ? c.zeroShardGroup : (double) c.dp * c.cp;
    double expertShard = expertShard(c, shard);
    double buffers = c.zero >= 3 && !stageGathered(c) ? zero3LayerBuffer(m, c) : 0;
    double k = parameterCopies(c);
    if (c.pp == 1) {
      return states(c, k * firstStageDenseParams(m, c), k * stageExpertParams(m, c, m.layers), shard, expertShard)
          + buffers;
    }
    int[][] layout = c.layoutChunks;
    if (layout != null) {
      // a pipeline layout (s21f): every rank's own layers; the embedding on the first, the head on the last
      double best = 0;
      for (int r = 0; r < c.pp; r++) {
        int layers = layoutRankLayers(layout, r);
        double dense = r == 0 ? firstStageDenseParams(m, c)
            : r == c.pp - 1 ? lastStageDenseParams(m, c) : layers * layerDenseParams(m, c.tp);
        best = Math.max(best, states(c, k * dense, k * stageExpertParams(m, c, layers), shard, expertShard));
      }
      return best + buffers;
    }
    int first = firstStageLayers(m, c);
    int last = lastStageLayers(m, c);
    int most = stageLayers(m, c);
    double best = states(c, k * firstStageDenseParams(m, c), k * stageExpertParams(m, c, first), shard, expertShard);
    best = Math.max(best,
        states(c, k * lastStageDenseParams(m, c), k * stageExpertParams(m, c, last), shard, expertShard));
    int full = firstFullStage(m, c);
    if (full > 0 && full < c.pp - 1) {
      best = Math.max(best,
          states(c, k * most * layerDenseParams(m, c.tp), k * stageExpertParams(m, c, most), shard, expertShard));
    }
    return best + buffers;
  }

  /** Returns the model-state bytes of one GPU holding {@code dense} and {@code experts} parameters. */
  private static double states(EvalConfig c, double dense, double experts, double shard, double expertShard) {
    boolean gathered = stageGathered(c);
    double w = c.weightBytes * (dense / (c.zero >= 3 && !gathered ? shard : 1)
        + experts / (c.zero >= 3 && !gathered ? expertShard : 1));
    double g =
        c.gradientBytes * (dense / (c.zero >= 2 && !gathered ? shard : 1)
            + experts / (c.zero >= 2 && !gathered ? expertShard : 1))
            + c.gradientCopyBytes * (dense / (c.zero >= 1 ? shard : 1) + experts / (c.zero >= 1 ? expertShard : 1));
    double perParamSharded = dense / (c.zero >= 1 ? shard : 1) + experts / (c.zero >= 1 ? expertShard : 1);
    return w + g + (c.masterBytes + c.optimizerBytes) * perParamSharded;
  }

  /**
   * Returns the activation bytes one transformer layer keeps for one micro-batch on one GPU:
   * Korthikanti et al. 2022 Table 2 generalised to GQA, gated MLPs, MoE layers and models without
   * dropout. Per token: {@code 10h} (norm inputs, QKV and MLP inputs, dropout masks; divided by
   * {@code t} only with sequence parallelism), {@code 24h/t} (Q, K, V, the output projection's
   * input and the MLP's inner activations), {@code 5as/t} (scores, dropout mask and output; dropped
   * by selective recomputation and by FlashAttention), for a GPT layer with dropout and 2-byte
   * activations; under full recomputation only the layer input, {@code 2h} (divided by {@code t}
   * with sequence parallelism).
   *
   * <p>Under Transformer Engine's FP8 recipes ({@code EvalConfig.fp8SavedInputBytes} > 0) each linear layer
   * keeps its quantized input instead ({@link #fp8SavedInputBytes}): the QKV and fc1 inputs (the norms'
   * outputs, kept by {@code LayerNormLinear}), fc2's input (the activation function's output) and each routed
   * expert's input ({@code GroupedLinear}). The norms' inputs, Q, K, V, the attention output and softmax
   * statistics (kept by the fused attention, {@code FusedAttnFunc} in {@code
   * transformer_engine/pytorch/attention/dot_product_attention/backends.py} at v2.9) and the SwiGLU/GeLU
   * input (Megatron-Core's {@code bias_swiglu_impl}, {@code activation_func_fp8_input_store} off by default,
   * {@code megatron/core/fusions/fused_bias_swiglu.py} at d5a9645) stay 16-bit. The output projection saves
   * the attention output itself, except under delayed scaling, where its quantized copy is kept besides
   * (Megatron-Core's {@code set_save_original_input}, 781e765).
   *
   * @param m the model
   * @param c the configuration (micro-batch, sequence, tp, cp, sp, recompute, attention, dropout)
   * @param stored true for what is kept across the pipeline (the layer input under full
   *     recomputation), false for the layer's full working set
   * @return bytes
   */
  public static double layerActivationBytes(ModelConstants m, EvalConfig c, boolean stored) {
    final double t = c.tp;
    final double e = c.activationBytes;
    final double h = m.hidden;
    final double tokens = (double) c.micro * c.seq / c.cp;
    final double spDiv = c.sequenceParallel ? t : 1;
    if (stored && c.recompute == EvalConfig.RECOMPUTE_FULL) {
      // metaseq's --distribute-checkpointed-activations keeps 1/tp of the input (split_tensor_into_1d_equal_chunks)
      return tokens * e * h / (c.distributeCheckpoints ? t : spDiv);
    }
    final double moeFraction = (double) m.moeLayers / m.layers;
    final double denseFraction = 1 - moeFraction;
    final boolean gated = m.mlpMatrices == 3;
    double sKv = averageKeys(m, c.seq);
    // bytes of a saved linear-layer input: Transformer Engine's FP8 copy, else the 16-bit tensor
    final double f = c.fp8SavedInputBytes > 0 ? c.fp8SavedInputBytes : e;
    // 2 norm inputs (16-bit), the QKV and MLP inputs (the norms' outputs, saved by the linear layers), masks
    // recomputed norms (DeepSeek-V3 §3.2.3) keep neither output: the linear layers after them recompute their input
    // a parallel block's norms both read the layer's input (kept once), and one shared norm keeps one output
    double normOutputs = c.normUpProjectionRecompute ? 0 : m.parallelBlockNorms * f * h;
    double replicated = (m.parallelBlock ? 1 : 2) * e * h + normOutputs + (c.dropout ? 2 * h : 0);
    // the output projection's input is the attention output, which the fused kernel keeps at 16 bits; under
    // FP8 the projection saves its quantized copy besides, except where Megatron-Core has it save the 16-bit
    // tensor (every recipe but delayed scaling, Transformer Engine >= 2.6: set_save_original_input in
    // megatron/core/transformer/attention.py, 781e765, 2025-08-19)
    double projInput =
        c.fp8SavedInputBytes == 0 || c.fp8Scaling != EvalConfig.FP8_TENSOR_DELAYED ? e : c.flashAttention ? e + f : f;
    if (c.fp8ActivationStore) {
      projInput = E5M6_CACHE_BYTES; // one 12-bit copy for the projection and the attention's backward (§3.3.3)
    }
    double splitAttn = e * m.queryWidth + projInput * m.attnOutWidth;
    double kvAttn = e * (m.kvWidth + m.valueWidth) * m.kvShare(c.tp); // K and V, replicated when tp > kv heads
    double latents = 0;
    if (c.normUpProjectionRecompute && m.latentStoredWidth > 0) {
      // latent attention's up-projections recomputed (DeepSeek-V3 §3.2.3; Megatron-Core's mla_up_proj): the
      // queries, keys and values are expanded again from the latents (kept as the inputs of their norms)
      splitAttn = (m.latentQuery ? 0 : e * m.queryWidth) + projInput * m.attnOutWidth;
      kvAttn = 0;
      latents = e * m.latentStoredWidth;
    }
    // the routed experts' SwiGLU keeps only its FP8 inputs, its output recomputed (§3.3.3 (2))
    double expertMlp = c.fp8ActivationStore && gated
        ? 2 * (c.fp8SavedInputBytes > 0 ? c.fp8SavedInputBytes : FP8_DISPATCH_BYTES) * m.expertFfn
        : mlpActivationBytes(gated, m.expertFfn, e, f);
    if (c.moeActivationRecompute && !c.fp8ActivationStore) {
      // moe_act recomputed: the activation's output, the down projection's saved input, is discarded after the
      // forward (CheckpointWithoutOutput.discard_output_and_register_recompute) and rebuilt in the backward
      expertMlp -= f * m.expertFfn;
    }
    double splitMlp =
        denseFraction * mlpActivationBytes(gated, m.ffn, e, f)
            + moeFraction
                * (m.topK * (f * h + expertMlp)
                    + mlpActivationBytes(gated, m.sharedFfn, e, f)
                    + 4.0 * m.experts);
    double scores = 0;
    if (!c.flashAttention && c.recompute != EvalConfig.RECOMPUTE_SELECTIVE
        && c.recompute != EvalConfig.RECOMPUTE_OP_SELECTIVE) {
      scores = m.heads * sKv * (e + (c.dropout ? 1 + e : 0)); // softmax output, dropout mask and output
    }
    double flashStats = c.flashAttention ? 4.0 * m.heads : 0; // fp32 log-sum-exp per head
    return tokens * (replicated / spDiv + (splitAttn + splitMlp + scores + flashStats) / t + kvAttn + latents);
  }

  /** Returns the keys an average query attends to, with sliding-window layers counted. */
  private static double averageKeys(ModelConstants m, int seq) {
    if (m.slidingLayers == 0 && m.attentionLayers == m.layers) {
      return seq;
    }
    // averaged over all layers: linear-attention and state-space layers attend to no keys
    double win = Math.min(seq, m.slidingWindow);
    return ((m.attentionLayers - m.slidingLayers) * (double) seq + m.slidingLayers * win) / m.layers;
  }

  /**
   * Fills the FLOPs per token of {@code out}.
   *
   * @param m the model
   * @param c the configuration (accounting, causal halving, recompute)
   * @param out where the results go
   */
  public static void flops(ModelConstants m, EvalConfig c, Evaluation out) {
    // a capacity factor below 1 drops routed tokens: the experts compute only the share kept (ExpertCapacity
    // .processedShare; Fedus et al. 2021 §2.2), and the step is costed at that load, so the FLOPs counted in
    // utilization leave the dropped ones out (else a tiny factor reports more than the peak)
    double droppedExpertMatmul = (1 - c.expertTokenShare) * 2.0 * m.moeLayers * m.topK * m.expertMatmul;
    double droppedExpertParams = (1 - c.expertTokenShare) * (double) m.moeLayers * m.topK * m.expertParams;
    double matmul = m.forwardMatmulFlopsPerToken() - droppedExpertMatmul;
    double attention = m.forwardAttentionFlopsPerToken(c.seq, c.causalHalving);
    // multi-token-prediction modules (DeepSeek-V3 §2.2): one block, a 2h×h projection and the
    // shared head each, with one attention layer's score term
    double mtpAttention = c.mtp == 0 || m.attentionLayers == 0 ? 0 : c.mtp * attention / m.attentionLayers;
    double mtpMatmul = c.mtp * m.mtpForwardMatmul;
    switch (c.accounting) {
      case EvalConfig.ACCOUNTING_SIX_N ->
          out.modelFlopsPerToken = 6.0 * (m.activeParameters - droppedExpertParams + c.mtp * m.mtpActiveParams);
      case EvalConfig.ACCOUNTING_ALL_PARAMETERS ->
          out.modelFlopsPerToken = 6.0 * (m.activeParameters - droppedExpertParams + c.mtp * m.mtpActiveParams)
              + 3 * (attention + mtpAttention);
      default -> out.modelFlopsPerToken = 3 * (matmul + attention + mtpMatmul + mtpAttention);
    }
    // K/V projections computed again on every rank that holds a replica (tp > kv heads)
    double replicatedKv = 2.0 * m.layers * m.kvProjParams * (m.kvShare(c.tp) * c.tp - 1);
    double hardware = 3 * (matmul + attention + replicatedKv + mtpMatmul + mtpAttention);
    if (c.recompute == EvalConfig.RECOMPUTE_FULL) {
      // the output head is not recomputed, nor the modules' shared head
      hardware += matmul - 2.0 * m.vocab * m.hidden + attention + replicatedKv
          + mtpMatmul - c.mtp * 2.0 * m.vocab * m.hidden + mtpAttention;
    } else if (c.recompute == EvalConfig.RECOMPUTE_SELECTIVE) {
      hardware += attention + mtpAttention;
    } else if (c.recompute == EvalConfig.RECOMPUTE_OP_SELECTIVE) {
      hardware += 2.0 * opRecomputedParams(m) + (c.flashAttention ? 0 : attention); // an unfused core is recomputed
    }
    if (c.normUpProjectionRecompute && c.recompute != EvalConfig.RECOMPUTE_FULL) {
      // latent attention's up-projections run again in the backward pass (DeepSeek-V3 §3.2.3), MTP modules' too
      hardware += 2.0 * m.latentUpMatmul * (m.attentionLayers + c.mtp);
    }
    out.hardwareFlopsPerToken = hardware;
  }

  /**
   * Returns the weight-matrix parameters (summed over layers) whose forward matmuls per-operator
   * selective checkpointing recomputes: in each attention layer the key projection and the output
   * projection, in each layer one MLP matrix of {@code hidden × ffn} (for MoE layers one routed
   * expert matrix per selected expert and one of the shared experts). Latent attention's
   * projections are not counted (no key projection of its own).
   */
  private static double opRecomputedParams(ModelConstants m) {
    double moeFraction = (double) m.moeLayers / m.layers;
    double attention = (m.kvProjParams / 2 + m.outProjMatmul) * m.attentionLayers;
    double mlp = m.layers * (double) m.hidden
        * ((1 - moeFraction) * m.ffn + moeFraction * ((double) m.topK * m.expertFfn + m.sharedFfn));
    return attention + mlp;
  }

  /**
   * Returns the time of a GEMM whose three dimensions are {@code a}, {@code b} and {@code k} (in any
   * order): the slower of the compute roof on the matmul curve and the memory roof (each operand
   * and the result moved once in 16 bits at the achieved HBM bandwidth).
   */
  private static double gemm(HardwareConstants hw, double flops, double a, double b, double k) {
    double d = Math.min(a, Math.min(b, k));
    double compute = flops / (hw.matmulPeak * hw.matmulEfficiency(d));
    double memory = 2 * (a * b + b * k + a * k) / hw.memoryBandwidth;
    return Math.max(compute, memory);
  }

  /**
   * SMs that Transformer Engine's pipelined reduce-scatter kernels take from the GEMM they overlap: 16,
   * {@code initialize_ub}'s default {@code num_sm} for the {@code pipeline} method (the output projection's
   * and the MLP down projection's forward, {@code proj_fprop} and {@code fc2_fprop}), NVIDIA/TransformerEngine
   * {@code transformer_engine/pytorch/module/base.py} at 0004dbd0 (2024) and at fecb10bd, where {@code
   * set_sm_margin} also defaults on for it. NeMo's tuned per-model configurations take 8 to 32
   * ({@code nemo/collections/llm/recipes/tp_overlap_configs/userbuffers.py} at 0594a700: 24 and 16 for
   * Llama 3 70B at tp 4 on H100, 24 and 8 for Llama 3.1 405B at tp 8).
   */
  public static final int UB_PIPELINE_SMS = 16;

  /**
   * Chunks a pipelined userbuffers reduce-scatter splits its GEMM into: 4, {@code initialize_ub}'s default
   * {@code num_splits} for the {@code pipeline} method (same sources as {@link #UB_PIPELINE_SMS}; every NeMo
   * configuration keeps 4). The last chunk's reduce-scatter has no GEMM left beside it.
   */
  public static final int UB_PIPELINE_SPLITS = 4;

  /**
   * Returns what running a layer's tensor-parallel GEMMs as Transformer Engine's userbuffers overlap runs
   * them adds to one pass, seconds: the query/key/value and MLP up projections behind a ring-exchange
   * all-gather run as {@code tp} GEMMs of {@code tokens/tp} rows (the {@code ring_exchange} method
   * computes on each received chunk: {@code num_splits = tp_size}), the output and MLP down projections
   * before a pipelined reduce-scatter as {@link #UB_PIPELINE_SPLITS} GEMMs of {@code tokens/4} rows on
   * the SMs the communication kernels leave ({@link #UB_PIPELINE_SMS}), each on the measured GEMM curve.
   * The backward pass is charged the forward's cost: its ring-exchange GEMMs (the output and down
   * projections' input gradients) are chunked the same way, and its bulk overlaps (the gathered input
   * for the weight gradients, the reduce-scatter of the input gradients) share the SMs as the pipelined
   * reduce-scatter does. Latent attention and MoE experts' GEMMs are not decomposed.
   */
  private static double userbuffersGemmCost(
      ModelConstants m, HardwareConstants hw, double tokens, int tp, double denseFraction) {
    final double h = m.hidden;
    final double t = tp;
    final double chunk = tokens / tp;
    final double split = tokens / UB_PIPELINE_SPLITS;
    final double margin =
        hw.computeUnits > UB_PIPELINE_SMS ? hw.computeUnits / (double) (hw.computeUnits - UB_PIPELINE_SMS) : 1;
    double cost = 0;
    if (m.latentRank == 0) {
      double qkvOut = m.queryWidth / t + (m.kvWidth + m.valueWidth) * m.kvShare(tp);
      cost += tp * gemm(hw, 2 * chunk * h * qkvOut, chunk, h, qkvOut) - gemm(hw, 2 * tokens * h * qkvOut, tokens, h, qkvOut);
    }
    double outWidth = m.attnOutWidth / t;
    cost += margin * UB_PIPELINE_SPLITS * gemm(hw, 2 * split * m.outProjMatmul / t, split, h, outWidth)
        - gemm(hw, 2 * tokens * m.outProjMatmul / t, tokens, h, outWidth);
    if (denseFraction > 0) {
      double up = (m.mlpMatrices - 1.0) * m.ffn / t;
      double down = m.ffn / t;
      cost += denseFraction * (tp * gemm(hw, 2 * chunk * h * up, chunk, h, up)
          - gemm(hw, 2 * tokens * h * up, tokens, h, up)
          + margin * UB_PIPELINE_SPLITS * gemm(hw, 2 * split * h * down, split, h, down)
          - gemm(hw, 2 * tokens * h * down, tokens, h, down));
    }
    return cost;
  }

  /** As {@link #gemm}, at the 16-bit peak and 16-bit GEMM curve whatever the recipe's math type. */
  private static double gemm16(HardwareConstants hw, double flops, double a, double b, double k) {
    double d = Math.min(a, Math.min(b, k));
    double compute = flops / (hw.attentionPeak * hw.matmulEfficiency16(d));
    double memory = 2 * (a * b + b * k + a * k) / hw.memoryBandwidth;
    return Math.max(compute, memory);
  }

  /**
   * The slowdown of compute that runs beside an overlapped collective, as a share of the
   * collective's hidden duration: 18.9%, the mean computational slowdown measured when compute and
   * communication of GPT and Llama training overlap on A100, H100, MI250 and MI210
   * ("Characterizing Compute-Communication Overlap in GPU-Accelerated Distributed Deep Learning:
   * Performance and Power Implications", arXiv:2507.03114, July 2025, abstract; maximum 40%).
   */
  public static final double OVERLAP_COMPUTE_SLOWDOWN = 0.189;

  /**
   * Returns the time that FSDP's (ZeRO-3's) collectives of one micro-batch add to it when they are
   * scheduled layer by layer as Megatron-FSDP and PyTorch FSDP2 schedule them: the all-gather of
   * layer {@code i+1}'s parameters is issued (prefetched) while layer {@code i}'s forward runs; in
   * the backward the all-gather of layer {@code i−1} and the reduce-scatter of layer {@code i+1}'s
   * gradients share the communication stream while layer {@code i}'s backward runs. Exposed: the
   * first layer's all-gather (nothing to hide it behind), the last layer's reduce-scatter (issued
   * after the last backward), and in every other layer what its collectives take beyond its
   * compute ({@code max(0, ag − F)} forward, {@code max(0, ag + rs − B)} backward, with the stage's
   * collectives and compute spread evenly over its layers). The hidden rest slows the compute
   * beside it by {@link #OVERLAP_COMPUTE_SLOWDOWN} of its duration, as the bucketed data-parallel
   * overlap does. Nothing here is fitted: the schedule is Megatron-FSDP's ({@code
   * megatron/core/distributed/fsdp/src/megatron_fsdp}, parameter prefetch one bucket ahead in the
   * forward and backward, gradient reduce-scatter as each bucket's backward completes) and
   * FSDP2's ({@code fully_shard}: implicit forward prefetch of the next module's all-gather,
   * backward prefetch of the previous one, reduce-scatter on its own stream after each module's
   * backward).
   *
   * <p>Not used for PyTorch FSDP1 with {@code BACKWARD_POST} (Composer's default, the llm-foundry
   * calibration runs): there the next layer's all-gather is issued from the current layer's
   * post-backward hook, after its gradients are computed, so the backward waits for every
   * all-gather (PyTorch's {@code BackwardPrefetch} documentation: "BACKWARD_POST ... overlaps the
   * current reduce-scatter and the next gradient computation"), and those runs are costed with the
   * fitted overlap efficiency, which they set: costing their forward prefetch and reduce-scatter as
   * hidden by this schedule predicts their 13–70B runs at 2K tokens on H100 15–23% too fast.
   *
   * <p>Each layer's collectives are collectives of their own, as in FSDP1 ({@link #fsdpUnitLatency}): torchtitan
   * calls {@code fully_shard} on every {@code TransformerBlock} and then on the model, the root unit holding the
   * embedding, the final norm and the output head ({@code apply_fsdp} in {@code
   * torchtitan/parallelisms/parallelize_llama.py} at 9dec370, {@code torchtitan/models/llama3/parallelize_llama.py}
   * at e7c0cae), and Megatron-FSDP makes every {@code fsdp_unit_modules} module (the transformer layer) a bucket
   * of its own, gathered and reduced as one ({@code megatron_fsdp/param_and_grad_buffer.py}). So with {@code
   * unitLatency} λ, one ring's step latencies, each layer's all-gather and reduce-scatter take their share of
   * the stage's bytes plus λ, and the root unit adds two more: its forward all-gather before the first block's,
   * and its reduce-scatter after the last backward, both exposed (FSDP2 does not reshard the root after the
   * forward, {@code FSDPState._lazy_init}: "For the root, do not reshard after forward"; torchtitan does not
   * reshard the last block either, so the backward gathers {@code layers − 1} blocks): {@code 3·layers + 1}
   * collectives per micro-batch ({@link #fsdp2UnitLatency}). λ = 0 keeps the one stage-wide latency that {@code
   * ag} and {@code rs} carry, spread over the layers.
   *
   * @param ag one all-gather of the stage's parameters, seconds
   * @param rs one reduce-scatter of the stage's gradients, seconds
   * @param layers layers of the stage (the units gathered one at a time)
   * @param forward the stage's forward compute of one micro-batch, seconds
   * @param backward the stage's backward compute (with recomputation) of one micro-batch, seconds
   * @param unitLatency the step latencies of one ring collective over the sharding group, seconds, which {@code ag}
   *     and {@code rs} each hold once; 0 when the collectives are not per-unit rings
   * @return seconds added to the micro-batch
   */
  static double fsdpLayerwiseExposed(
      double ag, double rs, int layers, double forward, double backward, double unitLatency) {
    int n = Math.max(1, layers);
    double a = (ag - unitLatency) / n + unitLatency;
    double r = (rs - unitLatency) / n + unitLatency;
    double f = forward / n;
    double b = backward / n;
    double exposed = 2 * unitLatency + a + (n - 1) * Math.max(0, a - f) + (n - 1) * Math.max(0, a + r - b) + r;
    double total = 2 * ag + rs + (3.0 * n - 2) * unitLatency;
    double hidden = Math.max(0, total - exposed);
    return Math.min(total, exposed + OVERLAP_COMPUTE_SLOWDOWN * hidden);
  }

  /**
   * Returns whether an HSDP run (ZeRO-3 sharded within {@code zeroShardGroup} ranks, the groups replicas of each
   * other) all-reduces its gradient shards across the replicas unit by unit inside the last micro-batch's backward:
   * ZeRO-3 without pipeline parallelism on NCCL ring collectives, with the layer-by-layer schedule of FSDP2 and
   * Megatron-FSDP. Megatron-FSDP with {@code num_distributed_optimizer_instances > 1} issues, as each bucket (a
   * transformer layer) finishes its reduce-scatter within the instance's ranks, the all-reduce of that bucket's
   * gradient shard over the instances on a stream of its own ({@code hsdp_all_reduce_stream} in {@code
   * GradReducePipeline}, {@code megatron/core/distributed/custom_fsdp/param_and_grad_buffer.py} at Megatron-LM
   * 03f7793114, the commit NeMo v2.4.0 pins), on the last micro-batch only ({@code inter_fsdp_group_grad_reduce and
   * is_last_microbatch}, {@code fully_sharded_data_parallel.py}). FSDP2's HSDP (a 2-D device mesh) is taken to issue
   * it the same way, unit by unit after each reduce-scatter; its source was not read. TPU runs (MaxText's slices over the
   * data-centre network) and pipelined FSDP keep the step-level charge of the fitted overlap efficiency.
   *
   * @param c the configuration
   * @param hw the hardware constants
   * @return whether the cross-replica all-reduce is costed unit by unit
   */
  static boolean hsdpReducePerUnit(EvalConfig c, HardwareConstants hw) {
    return hsdpReducePerUnit(c, hw.ringCollectives);
  }

  private static boolean hsdpReducePerUnit(EvalConfig c, boolean ringCollectives) {
    return c.zero >= 3 && c.pp == 1 && c.dataParallelOverlap > 0 && !c.fsdpPrefetchAfterBackward && ringCollectives;
  }

  /**
   * Returns whether a run is HSDP (sharded within {@code zeroShardGroup} ranks, fewer than {@code dp × cp}) and its
   * replicas' all-reduce is costed unit by unit ({@link #hsdpReducePerUnit(EvalConfig, HardwareConstants)}): the
   * condition under which the step charges {@link #hsdpReduceExposed}, for the estimate's text to state it.
   *
   * @param c the configuration
   * @param ringCollectives whether the collectives are NCCL rings ({@link HardwareConstants#ringCollectives})
   * @return whether the cross-replica all-reduce is costed unit by unit
   */
  public static boolean hsdpReplicasReducePerUnit(EvalConfig c, boolean ringCollectives) {
    return c.zeroShardGroup > 0 && c.zeroShardGroup < c.dp * c.cp && hsdpReducePerUnit(c, ringCollectives);
  }

  /**
   * Returns the exposed time of HSDP's cross-replica all-reduce issued unit by unit ({@link #hsdpReducePerUnit}): each
   * layer's share runs beside the backward of the layers after it, over the scale-out links, which the reduce-scatter
   * and the all-gather within the instance (scale-up links) do not share; the last layer's share and what outlasts a
   * layer's backward are exposed, and the hidden rest slows the compute beside it by {@link #OVERLAP_COMPUTE_SLOWDOWN}
   * of its duration, as in {@link #fsdpLayerwiseExposed(double, double, int, double, double, double)}.
   *
   * @param allReduce the all-reduce of the rank's whole gradient shard, seconds per step
   * @param layers transformer blocks in the stage
   * @param backward the backward pass of the stage's layers (one micro-batch), seconds
   * @return exposed seconds per step
   */
  static double hsdpReduceExposed(double allReduce, int layers, double backward) {
    int n = Math.max(1, layers);
    double perLayer = allReduce / n;
    double exposed = perLayer + (n - 1) * Math.max(0, perLayer - backward / n);
    double hidden = Math.max(0, allReduce - exposed);
    return Math.min(allReduce, exposed + OVERLAP_COMPUTE_SLOWDOWN * hidden);
  }

  /** As {@link #fsdpLayerwiseExposed(double, double, int, double, double, double)} with no per-unit latency. */
  static double fsdpLayerwiseExposed(double ag, double rs, int layers, double forward, double backward) {
    return fsdpLayerwiseExposed(ag, rs, layers, forward, backward, 0);
  }

  /**
   * Returns the ring latency that FSDP2's (Megatron-FSDP's) per-unit collectives add to one micro-batch beyond the
   * one all-gather, all-gather and reduce-scatter of the stage that {@link #gatherOrScatter} already charges: {@code
   * 3·layers + 1} collectives (see {@link #fsdpLayerwiseExposed(double, double, int, double, double, double)}), each
   * paying a ring's {@code (n − 1)} step latencies, as {@link #fsdpUnitLatency} for FSDP1.
   *
   * @param layers transformer blocks in the stage
   * @param group ranks of the sharding group
   * @param latency latency of one ring step over the links the group spans, seconds
   * @return seconds added per micro-batch
   */
  static double fsdp2UnitLatency(int layers, int group, double latency) {
    return ringLatencies(3.0 * layers - 2, group, latency);
  }

  /**
   * Returns the ring latency that per-unit FSDP collectives add to one step under pipeline parallelism beyond the one
   * all-gather and reduce-scatter of the stage already charged: torchtitan keeps every unit gathered through the
   * step ({@code reshard_after_forward=False} with PP) and reduces gradients after the last micro-batch only, so each
   * of the rank's {@code layers} blocks and {@code chunks} root units (one per model chunk of the interleaved
   * schedule, each {@code fully_shard}ed) is all-gathered and reduce-scattered once a step: {@code 2·(layers +
   * chunks)} collectives, each paying a ring's {@code (n − 1)} step latencies.
   *
   * @param layers transformer blocks of the rank's stage (all its chunks)
   * @param chunks model chunks on the rank (virtual stages)
   * @param group ranks of the sharding group
   * @param latency latency of one ring step over the links the group spans, seconds
   * @return seconds added per step
   */
  static double fsdpPipelinedUnitLatency(int layers, int chunks, int group, double latency) {
    return ringLatencies(2.0 * (layers + chunks) - 2, group, latency);
  }

  /**
   * Whether a ZeRO-2 configuration is PyTorch FSDP1's {@code SHARD_GRAD_OP} (ZeRO 2 with {@code
   * FsdpBackwardPrefetch.POST}, the FSDP1 charge; s21a, 2026-12-07), costed per FSDP unit rather than in
   * Megatron-Core's buckets. Under {@code SHARD_GRAD_OP} FSDP1 does not reshard after the forward ({@code
   * SHARD_GRAD_OP} is among {@code NO_RESHARD_AFTER_FORWARD_HANDLE_STRATEGIES}, {@code flat_param.py}) but frees
   * each unit in its post-backward hook when gradients sync ({@code _should_free_in_backward}, {@code
   * _runtime_utils.py}), so every step runs one all-gather per unit in the forward and one reduce-scatter per unit in
   * the backward: {@code layers + 1} of each, every transformer block (llm-foundry's {@code fsdp_wrap_fn}) and the
   * root unit, each a ring of its own on the device's one NCCL stream, paying its ring's step latencies
   * ({@code held-out-runs.md}, s20l (d), s21a). What hides behind compute is the profile's fitted overlap efficiency,
   * fitted on FSDP1 runs, as under {@code FULL_SHARD} with {@code POST}. Pipeline-parallel jobs keep the bucketed
   * charge.
   *
   * @param c the configuration
   * @return whether its data-parallel collectives are FSDP1 SHARD_GRAD_OP's per-unit ones
   */
  public static boolean fsdp1ShardGradOp(EvalConfig c) {
    return c.zero == 2 && c.fsdpPrefetchAfterBackward && c.dataParallelOverlap > 0 && c.pp == 1;
  }

  /**
   * Megatron-Core's default gradient bucket, parameters: {@code max(40 M, 1 M × data-parallel
   * size)} (Megatron-Core {@code DistributedDataParallel}, used when {@code --ddp-bucket-size} is
   * not given), so that buckets stay large enough for the ring's bandwidth as the group grows.
   *
   * @param dataParallel the data-parallel (sharding) group size
   * @return parameters per bucket
   */
  public static double bucketParameters(int dataParallel) {
    return Math.max(40e6, 1e6 * dataParallel);
  }

  /**
   * The gradient bucket of PyTorch-native data parallelism, bytes: 100 MiB, torchtitan's {@code
   * replicate(model, device_mesh=dp_mesh, bucket_cap_mb=100)} ({@code apply_ddp} in
   * {@code torchtitan/parallelisms/parallelize_llama.py} at 582fe7d; PyTorch DDP's own default is 25 MiB, pytorch
   * issue 118421), in place of Megatron-Core's {@link #bucketParameters(int)}, whose {@code 1 M × data-parallel size}
   * parameters grow to gigabytes at thousands of data ranks.
   */
  public static final double TORCHTITAN_DDP_BUCKET_BYTES = 100 * 1048576.0;

  /**
   * Returns the parameters per data-parallel gradient bucket of a configuration: its framework's bucket in
   * gradient elements when it sets one ({@link EvalConfig#gradientBucketBytes}), else the job's own bucket size when
   * given ({@link EvalConfig#ddpBucketParameters}, Megatron-Core's {@code bucket_size}; s23l), else Megatron-Core's
   * default.
   *
   * @param c the configuration
   * @param dataParallel the data-parallel (sharding) group size
   * @return parameters per bucket
   */
  public static double bucketParameters(EvalConfig c, int dataParallel) {
    if (c.gradientBucketBytes > 0) {
      return c.gradientBucketBytes / c.gradientCommBytes;
    }
    return c.ddpBucketParameters > 0 ? c.ddpBucketParameters : bucketParameters(dataParallel);
  }

  private static double allReduce(double bytes, int n, double bw, double latency) {
    return n <= 1 ? 0 : 2.0 * (n - 1) / n * bytes / bw + 2.0 * (n - 1) * latency;
  }

  /**
   * Returns the ring latency that PyTorch FSDP1's per-unit collectives add to one micro-batch beyond
   * the one all-gather, all-gather and reduce-scatter of the stage that {@link #gatherOrScatter}
   * already charges: FSDP1 issues each collective once per FSDP unit, and llm-foundry wraps every
   * transformer block as a unit of its own ({@code fsdp_wrap_fn} returns {@code isinstance(module,
   * MPTBlock)} in {@code llmfoundry/models/mpt/modeling_mpt.py} at v0.3.0, {@code GPTBlock} in {@code
   * mosaic_gpt.py} at 300cc5c58), the embedding and output head forming the root unit, which FSDP does
   * not reshard after the forward ({@code _post_forward_reshard} in PyTorch's {@code
   * torch/distributed/fsdp/_runtime_utils.py}: "Do not free the root's parameters in the post-forward for
   * FULL_SHARD"); so a micro-batch runs {@code layers + 1} all-gathers forward, {@code layers} backward
   * and {@code layers + 1} reduce-scatters, {@code 3·layers + 2} collectives where the stage-wide charge
   * counts 3, each paying a ring's {@code (n − 1)} step latencies (the step latency is the one {@code
   * collectives.csv} pins down for the link the group crosses).
   *
   * <p>Linear in {@code n} whatever the message size: NCCL's tuner (NVIDIA/nccl {@code src/graph/tuning.cc},
   * {@code ncclTopoTuneModel}) costs an all-gather or reduce-scatter only as a ring ({@code nsteps = nRanks − 1}
   * step latencies), NVLink SHARP or CollNet (in-network reduction, absent without a SHARP plugin across nodes),
   * or, from 2.23 on, PAT, which it enables only for communicators of one rank per node and whose latency still
   * grows by 2.8 µs per rank; the tree and its {@code log2(nNodes)} network latencies are costed for all-reduce
   * only (v2.14.3: "if (coll != ncclFuncAllReduce &amp;&amp; a != NCCL_ALGO_RING) continue"; v2.21.5 adds NVLS and
   * CollNet to the ring, 5067397 PAT).
   *
   * @param layers transformer blocks in the stage
   * @param group ranks of the sharding group
   * @param latency latency of one ring step over the links the group spans, seconds
   * @return seconds added per micro-batch
   */
  static double fsdpUnitLatency(int layers, int group, double latency) {
    return ringLatencies(3.0 * layers - 1, group, latency);
  }

  /** The step latencies of {@code collectives} ring collectives over {@code group} ranks: {@code n − 1} steps each. */
  private static double ringLatencies(double collectives, int group, double latency) {
    return group <= 1 ? 0 : collectives * (group - 1.0) * latency;
  }

  private static double gatherOrScatter(double bytes, int n, double bw, double latency) {
    return n <= 1 ? 0 : (n - 1.0) / n * bytes / bw + (n - 1.0) * latency;
  }

  /**
   * Returns the expert-data-parallel group over which a ZeRO-0..2 data-parallel step reduces (and, sharded, gathers)
   * the routed experts' gradients and parameters, or 0 where they go with the dense ones. Megatron-Core's
   * {@code DistributedDataParallel} keeps the expert-parallel parameters ({@code allreduce} False) in buffers of
   * their own, reduced over the expert-data-parallel group ({@code expert_parallel_buffers} over {@code
   * intra_expt_dp_group}; {@code finish_grad_sync} and the parameter all-gather run over both buffer sets:
   * {@code megatron/core/distributed/distributed_data_parallel.py} l.109-125 and 295-300 at NVIDIA/Megatron-LM
   * b0cc2706d, the 26.02 pin), and the distributed optimizer shards their states over it. That group has
   * {@code tp·cp·dp/(etp·ep)} ranks, consecutive members {@code etp·ep} ranks apart: the expert rank grid is {@code
   * RankGenerator(tp=etp, ep=ep, dp=expert_data_parallel_size, cp=1, order="tp-cp-ep-dp-pp")} ({@code
   * megatron/core/parallel_state.py} l.800-808 at b0cc2706d), so with 8 expert ranks filling an 8-GPU node every
   * member sits on another node and the group runs over one network link per rank (s21c). Where the expert grid is
   * the dense one (ep 1, etp = tp), or under HSDP (a shard group below dp·cp, priced as before), 0.
   *
   * @param c the configuration
   * @param shardGroup the data-parallel (sharding) group of the dense parameters
   * @param dpGroup dp·cp
   * @return the expert-data-parallel group size, or 0
   */
  static int expertDataParallelGroup(EvalConfig c, int shardGroup, int dpGroup) {
    if ((c.ep <= 1 && c.etp == c.tp) || shardGroup != dpGroup) {
      return 0;
    }
    long ranks = (long) c.tp * dpGroup;
    long expertRanks = (long) c.etp * c.ep;
    return (int) Math.max(1, ranks / expertRanks);
  }

  /**
   * Returns the time of an all-to-all in which each of {@code n} ranks, {@code stride} ranks apart,
   * sends {@code (n−1)/n} of {@code bytes} to the others. Within one scale-up domain it runs at the
   * scale-up bandwidth. Across domains each rank's off-domain share {@code (n−m)/n} (with {@code m}
   * group members per domain) leaves through its own network link, the NIC of its rail (DGX
   * H100/B200: one 400 Gb/s NIC per GPU), while its on-domain share {@code (m−1)/n} crosses the
   * scale-up fabric at the same time: unlike a ring collective, whose one inter-node hop per domain
   * can spread over all the domain's NICs, an all-to-all's off-domain traffic is as large as the
   * group's, so the domain's NICs are not pooled for one rank.
   */
  private static double allToAll(HardwareConstants hw, double bytes, int n, int stride) {
    if (n <= 1) {
      return 0;
    }
    if ((long) n * stride <= hw.gpusPerNode) {
      return gatherOrScatter(bytes, n, hw.scaleUpBandwidth, hw.latency);
    }
    int perDomain = Math.min(n, Math.max(1, hw.gpusPerNode / stride));
    double offDomain = (n - perDomain) / (double) n * bytes / hw.scaleOutBandwidth;
    double onDomain = (perDomain - 1.0) / n * bytes / hw.scaleUpBandwidth;
    return Math.max(offDomain, onDomain) + (n - 1.0) * hw.interNodeLatency;
  }

  /**
   * Returns the probability that a token's {@code k} experts, drawn without replacement from {@code
   * experts} split evenly into {@code groups} groups (ranks or scale-up domains), include at least one
   * of a given group: {@code 1 − C(E − E/g, k) / C(E, k)}. Uniform routing is what the force-balanced
   * benchmark runs use (Megatron-Core's {@code --moe-router-force-load-balancing}).
   *
   * @param experts routed experts E
   * @param k experts per token
   * @param groups groups g
   * @return probability in [0, 1]
   */
  public static double groupHitProbability(int experts, int k, double groups) {
    return ExpertReach.uniformHitProbability(experts, k, groups);
  }

  /**
   * Returns the probability that a token's {@code k} experts include at least one of a given part of {@code parts}
   * equal parts of the expert-parallel group (ranks or scale-up domains) under group-limited routing: the {@code
   * experts} split into {@code groups} groups of consecutive experts, the token's experts drawn uniformly from the
   * experts of {@code perToken} groups it picks (Megatron-Core {@code moe_router_num_groups} and {@code
   * moe_router_group_topk}, {@code megatron/core/transformer/transformer_config.py} at d98e8a64: "Node-limited
   * routing: Set 'moe_router_num_groups' equal to number of nodes in EP group to limit each token to experts on a
   * subset of nodes (See DeepSeek-V3)"; DeepSeek-V3 arXiv 2412.19437 §3.2.2: "each token will be sent to at most 4
   * nodes"). Experts lie on the expert ranks in order, so a part that holds whole groups ({@code groups} a multiple
   * of {@code parts}) is reached when one of its {@code j} picked groups (hypergeometric) gets an expert, {@code 1 −
   * C(S − j·E/G, k)/C(S, k)} with {@code S = perToken·E/G}; a part inside one group ({@code parts} a multiple of
   * {@code groups}) only when its group is picked, {@code perToken/G}, and then {@code 1 − C(S − E/parts, k)/C(S,
   * k)}. So at most {@code min(perToken, parts)} parts are reached per token. Without limit ({@code perToken ≥
   * groups}) it is {@link #groupHitProbability}; where groups and parts do not nest, the count over the picked
   * groups' overlaps with each part. Computed by {@link ExpertReach#hitProbability}, which the inference model
   * shares.
   *
   * @param experts routed experts E
   * @param k experts per token
   * @param groups routing groups G
   * @param perToken groups per token
   * @param parts equal parts of the group, at least 1
   * @return probability in [0, 1]
   */
  public static double routedHitProbability(int experts, int k, int groups, int perToken, int parts) {
    return ExpertReach.hitProbability(experts, k, groups, perToken, parts);
  }

  /**
   * Returns the time of one dispatch (or combine) of the flex dispatcher (DeepEP / HybridEP) over
   * {@code n} expert ranks {@code stride} apart, each holding {@code tokenBytes} of tokens: a token
   * travels once to each other rank that holds one of its experts ({@code (n − D)·p(n)} copies over
   * the scale-up fabric, with {@code D} scale-up domains in the group and {@code p} the {@link
   * #groupHitProbability}) and once to each other domain that does ({@code (D − 1)·p(D)} copies over
   * the rank's own NIC, forwarded inside that domain over NVLink): DeepEP's normal kernels
   * (deepseek-ai/DeepEP {@code docs/legacy.md}: "NVLink and RDMA forwarding", 153–158 GB/s of ~160
   * GB/s NVLink on H800 within a node, 43–58 GB/s of ~50 GB/s RDMA across 2–8 nodes, i.e. the link
   * rates this model already uses). The two fabrics run at the same time. Under group-limited routing the
   * probabilities are {@link #routedHitProbability}'s: with the groups on whole domains (node-limited routing)
   * a token crosses the network to at most {@code perToken} domains.
   */
  static double flexAllToAll(HardwareConstants hw, double tokenBytes, int n, int stride, int experts, int k,
      int groups, int perToken) {
    if (n <= 1) {
      return 0;
    }
    int perDomain = (long) n * stride <= hw.gpusPerNode ? n : Math.min(n, Math.max(1, hw.gpusPerNode / stride));
    int domains = (int) Math.ceil((double) n / perDomain);
    double onDomain =
        tokenBytes * (n - domains) * routedHitProbability(experts, k, groups, perToken, n) / hw.scaleUpBandwidth;
    if (domains <= 1) {
      return onDomain + (n - 1.0) * hw.latency;
    }
    double offDomain = tokenBytes * (domains - 1) * routedHitProbability(experts, k, groups, perToken, domains)
        / hw.scaleOutBandwidth;
    return Math.max(offDomain, onDomain) + (n - 1.0) * hw.interNodeLatency;
  }

  /**
   * Bytes per element of a token dispatched in FP8: one E4M3 byte and one fp32 scale per 1×128 tile (DeepSeek-V3
   * §3.3.2 "Fine-Grained Quantization", §3.3.3; deepseek-ai/DeepEP {@code README.md} at dd758ca: dispatch "Supports
   * both BF16 and FP8 (x as a tuple of [data, scale_factors]) inputs", benchmarked "Following V3's configuration
   * [...] FP8 dispatching, and BF16 combining").
   */
  public static final double FP8_DISPATCH_BYTES = 1 + 4.0 / 128;

  /**
   * Bytes per element of the attention output DeepSeek-V3 caches for the output projection's and the attention's
   * backward pass: "a customized E5M6 data format" (12 bits) with a power-of-two scale per 1×128 tile, counted as
   * an fp32 (§3.3.3 "Low-Precision Activation" (1)).
   */
  public static final double E5M6_CACHE_BYTES = 1.5 + 4.0 / 128;

  /**
   * Host time of one MoE layer per micro-batch, forward and backward (and the recomputed forward, a third of the
   * kernels, under full recomputation), seconds: its kernels ({@link #MOE_LAYER_KERNELS} at {@link
   * #MOE_KERNELS_REFERENCE_EXPERTS} local experts, {@link #MOE_KERNELS_PER_LOCAL_EXPERT} per local expert more or
   * fewer, {@link #QUANTIZATION_PADDING_KERNELS} more where the grouped experts pad for quantized GEMMs, {@link
   * #quantizationPadding}) at {@link #MOE_HOST_SECONDS_PER_KERNEL} each.
   *
   * @param m the model
   * @param c the configuration
   * @return the host time, seconds
   */
  public static double moeHostSeconds(ModelConstants m, EvalConfig c) {
    double localExperts = (double) m.experts / c.ep;
    double kernels = MOE_LAYER_KERNELS + MOE_KERNELS_PER_LOCAL_EXPERT * (localExperts - MOE_KERNELS_REFERENCE_EXPERTS)
        + groupedExpertExtraKernels(m, c, localExperts) + unfusedRotaryExtraKernels(m, c)
        + moeActivationRecomputeKernels(m, c)
        + (quantizationPadding(m, c, (double) c.micro * c.seq / c.cp) ? QUANTIZATION_PADDING_KERNELS : 0);
    double recomputed = c.recompute == EvalConfig.RECOMPUTE_FULL ? 1.0 / 3 : 0;
    return Math.max(0, kernels) * MOE_HOST_SECONDS_PER_KERNEL * (1 + recomputed);
  }

  /**
   * Kernels per MoE layer and micro-batch that the recomputed routed-expert activation issues again ({@link
   * EvalConfig#moeActivationRecompute}): {@link #MOE_ACTIVATION_RECOMPUTE_KERNELS}, plus {@link
   * #ACTIVATION_CLAMP_FORWARD_KERNELS} for a clamped activation in Megatron-Core's grouped experts; 0 when it is not
   * recomputed or under full recomputation, which {@link #moeHostSeconds} counts as a whole.
   *
   * @param m the model
   * @param c the configuration
   * @return kernels
   */
  static double moeActivationRecomputeKernels(ModelConstants m, EvalConfig c) {
    if (!c.moeActivationRecompute || !m.isMoe() || c.recompute == EvalConfig.RECOMPUTE_FULL) {
      return 0;
    }
    return MOE_ACTIVATION_RECOMPUTE_KERNELS
        + (m.activationClamp && c.megatronGroupedExperts ? ACTIVATION_CLAMP_FORWARD_KERNELS : 0);
  }

  /**
   * Kernels per layer and micro-batch that the unfused YaRN rotary embedding adds to a layer whose rotary runs fused:
   * {@link #YARN_ROTARY_KERNELS} less {@link #FUSED_ROTARY_KERNELS}; 0 when it is not costed ({@link
   * EvalConfig#unfusedYarnRotary}).
   *
   * @param m the model
   * @param c the configuration
   * @return kernels
   */
  static double unfusedRotaryExtraKernels(ModelConstants m, EvalConfig c) {
    return m.yarnRotary && c.unfusedYarnRotary ? YARN_ROTARY_KERNELS - FUSED_ROTARY_KERNELS : 0;
  }

  /**
   * Kernels per MoE layer and micro-batch that Megatron-Core's grouped experts issue for a biased or clamped expert MLP
   * beyond those of the bias-free, unclamped layer that {@link #MOE_LAYER_KERNELS} counted: {@link
   * #EXPERT_BIAS_KERNELS_PER_LOCAL_EXPERT} per local expert plus {@link #EXPERT_BIAS_KERNELS_PER_LAYER} with expert
   * biases, {@link #ACTIVATION_CLAMP_KERNELS} with a clamped activation; 0 for other models and stacks.
   *
   * @param m the model
   * @param c the configuration
   * @param localExperts routed experts per expert-parallel rank
   * @return kernels
   */
  static double groupedExpertExtraKernels(ModelConstants m, EvalConfig c, double localExperts) {
    if (!c.megatronGroupedExperts || !m.isMoe()) {
      return 0;
    }
    return (m.expertBias ? EXPERT_BIAS_KERNELS_PER_LOCAL_EXPERT * localExperts + EXPERT_BIAS_KERNELS_PER_LAYER : 0)
        + (m.activationClamp ? ACTIVATION_CLAMP_KERNELS : 0);
  }

  /**
   * Streaming multiprocessors DeepSeek-V3's all-to-all kernels take while they overlap the computation: "only 20 SMs
   * are sufficient to fully utilize the bandwidths of IB and NVLink" (DeepSeek-V3, arXiv 2412.19437 §3.2.2, on the
   * H800's 132).
   */
  public static final int DUALPIPE_COMMUNICATION_SMS = 20;

  /**
   * Returns the fraction of a DualPipe rank's forward chunks that run paired with a backward chunk, their
   * all-to-alls hidden behind each other's computation. The reference schedule ({@code DualPipe.step} in
   * deepseek-ai/DualPipe {@code dualpipe/dualpipe.py} at 3da1bbe, 2025-03-06) runs on rank {@code r} of {@code p}
   * ({@code h = min(r, p − 1 − r)}) {@code 2(m/2 − p + h + 1)} paired chunks in its main step ({@code nF0B1F1B0})
   * and {@code p/2 − h − 1} in the next ({@code nB1F1B0}); the other forward chunks (warm-up) and backward chunks
   * (cool-down) run alone. Of its {@code m} forward chunks, {@code m − 1.5p + h + 1} are paired; the first and the
   * last ranks ({@code h = 0}, the ranks with the embedding and the output head) have the fewest.
   *
   * @param microBatches micro-batches per step and pipeline ({@code m}, both directions together)
   * @param pp pipeline stages ({@code p})
   * @return the paired fraction of the end ranks, in [0, 1]
   */
  public static double dualPipePairedFraction(int microBatches, int pp) {
    if (microBatches <= 0) {
      return 0;
    }
    return Math.max(0, Math.min(1, (microBatches - 1.5 * pp + 1) / microBatches));
  }

  /**
   * Returns the transformer layers of pipeline stage {@code i} of {@code pp} under the placement of {@link
   * #largestStageLayers}: {@code ⌈layers/pp⌉}, or one fewer for the first {@code pp·⌈layers/pp⌉ − layers} stages of
   * the order last, first, second-last, second, ...
   *
   * @param layers transformer layers
   * @param pp pipeline stages
   * @param i the stage, 0 to {@code pp − 1}
   * @return layers
   * @throws IllegalArgumentException if {@code i} is not a stage of {@code pp}
   */
  public static int stageLayersAt(int layers, int pp, int i) {
    if (i < 0 || i >= pp) {
      throw new IllegalArgumentException("stage must be in [0, " + pp + "), was " + i);
    }
    int most = ceilDiv(layers, pp);
    int fewer = pp * most - layers;
    int fromEnd = pp - 1 - i;
    int order = fromEnd <= i ? 2 * fromEnd : 2 * i + 1;
    return order < fewer ? most - 1 : most;
  }

  /**
   * Returns the transformer layers DualPipe rank {@code r} runs per micro-batch, on average: the rank holds stages
   * {@code r} and {@code p − 1 − r} ({@code nn.Sequential(full_modules[rank], full_modules[pp_size - 1 - rank])} in
   * deepseek-ai/DualPipe {@code examples/example_dualpipe.py} at 3da1bbe; "we deploy the shallowest layers (including
   * the embedding layer) and deepest layers (including the output head) of the model on the same PP rank",
   * DeepSeek-V3 §3.2.3), and each stage runs half the micro-batches ({@code DualPipe.step} scatters {@code
   * num_chunks // 2} to each direction), so the rank's time per micro-batch is the mean of its two stages'.
   *
   * @param layers transformer layers
   * @param pp pipeline stages (even)
   * @param rank the rank, 0 to {@code pp/2 − 1} (the others mirror them)
   * @return layers per micro-batch, a multiple of ½
   * @throws IllegalArgumentException if {@code rank} is not one of the first {@code pp/2} ranks
   */
  public static double dualPipeRankLayers(int layers, int pp, int rank) {
    if (rank < 0 || rank >= pp / 2) {
      throw new IllegalArgumentException("rank must be in [0, " + pp / 2 + "), was " + rank);
    }
    return (stageLayersAt(layers, pp, rank) + stageLayersAt(layers, pp, pp - 1 - rank)) / 2.0;
  }

  /** Returns the DualPipe rank other than the end ranks with the most layers per micro-batch (the first such). */
  static int dualPipeBusiestMiddleRank(int layers, int pp) {
    int busiest = Math.min(1, pp / 2 - 1);
    for (int r = 1; r < pp / 2; r++) {
      if (dualPipeRankLayers(layers, pp, r) > dualPipeRankLayers(layers, pp, busiest)) {
        busiest = r;
      }
    }
    return busiest;
  }

  /**
   * Returns the share of the computation's rate that DualPipe's overlapped all-to-alls take: {@link
   * #DUALPIPE_COMMUNICATION_SMS} of the device's SMs, 0 where the catalog gives no SM count.
   *
   * @param hw the hardware constants
   * @return the share, in [0, 1)
   */
  static double dualPipeCommunicationShare(HardwareConstants hw) {
    return hw.computeUnits > DUALPIPE_COMMUNICATION_SMS ? DUALPIPE_COMMUNICATION_SMS / (double) hw.computeUnits : 0;
  }

  /**
   * SMs that DeepEP's dispatch and combine kernels occupy while they run beside the computation: 20, Megatron-Core's
   * default {@code moe_deepep_num_sms} ({@code megatron/core/transformer/transformer_config.py} at core_v0.15.0), the
   * figure DeepSeek-V3 gives for its own all-to-all kernels (arXiv 2412.19437 §3.2.2).
   */
  public static final int DEEPEP_COMMUNICATION_SMS = 20;

  /**
   * Returns whether the job runs Megatron-Core's combined 1F1B schedule: the expert-parallel overlap asked for, expert
   * parallelism, not DualPipe, and no pipeline or an interleaved one (Megatron-Core refuses the overlap with {@code pp >
   * 1} and no virtual pipeline size, {@code TransformerConfig.__post_init__} at core_v0.15.0; such a job is costed as
   * without it).
   *
   * @param c the configuration
   * @return whether the combined schedule runs
   */
  public static boolean combinedOneFOneB(EvalConfig c) {
    return c.expertParallelOverlap && c.ep > 1 && c.schedule != EvalConfig.SCHEDULE_DUALPIPE
        && (c.pp <= 1 || c.virtualStages > 1);
  }

  /**
   * Returns the fraction of a rank's virtual micro-batches whose forward runs paired with another's backward in
   * Megatron-Core's combined 1F1B schedule ({@code --overlap-moe-expert-parallel-comm}); the rest run alone, their
   * all-to-alls exposed. Without a pipeline ({@code combined_1f1b_schedule_for_no_pipelining}) the first forward and
   * the last backward run alone: {@code (m − 1)/m}. With an interleaved pipeline the rank runs {@code 2(p − r − 1) +
   * (v − 1)·p + 1} warm-up forwards alone (the interleaved schedule's warm-up with the micro-batch group of {@code p},
   * "one extra micro-batch forward step before the 1f1b stages" for the combined schedule) and as many cool-down
   * backwards, of {@code m·v} ({@code get_pp_rank_microbatches}, {@code megatron/core/pipeline_parallel/schedules.py}
   * at core_v0.15.0). A pipeline without virtual stages pairs nothing: Megatron-Core refuses the overlap there
   * ("virtual_pipeline_model_parallel_size must be specified when pipeline_model_parallel_size > 1", {@code
   * TransformerConfig.__post_init__} at core_v0.15.0).
   *
   * @param microBatches micro-batches per step and pipeline ({@code m})
   * @param pp pipeline stages ({@code p})
   * @param virtualStages model chunks per rank ({@code v})
   * @param rank the pipeline rank ({@code r}, 0 the first)
   * @return the paired fraction, in [0, 1]
   */
  public static double combinedOneFOneBPairedFraction(int microBatches, int pp, int virtualStages, int rank) {
    if (microBatches <= 0) {
      return 0;
    }
    if (pp <= 1) {
      return (microBatches - 1.0) / microBatches;
    }
    if (virtualStages <= 1) {
      return 0;
    }
    double total = (double) microBatches * virtualStages;
    double warmUp = 2.0 * (pp - rank - 1) + (virtualStages - 1.0) * pp + 1;
    return Math.max(0, total - warmUp) / total;
  }

  /**
   * Returns the all-to-all time left exposed when one layer's forward runs paired with another micro-batch's backward
   * of a layer in Megatron-Core's combined 1F1B schedule, seconds. {@code TransformerLayerSchedulePlan.run} ({@code
   * megatron/core/models/common/model_chunk_schedule_plan.py} at core_v0.15.0) issues, on a communication stream and
   * the computation stream:
   * <pre>
   * comm: combine_bwd            | dispatch_fwd -> dispatch_bwd      | combine_fwd
   * comp: attn_fwd -> post_attn  | mlp_bwd -> mlp_bwd_dw -> mlp_fwd  | post_attn_bwd -> attn_bwd
   * </pre>
   * with the data dependencies each node has: the experts' backward waits for the backward combine, the forward
   * dispatch for the forward router, the backward dispatch for the experts' data gradient, the experts' forward for
   * the forward dispatch, the forward combine for the experts' forward, the attention's backward for the backward
   * dispatch. The experts' node is {@link LayerCosts#expertLinear} forward, once for the data gradient and once for
   * the weight gradient; the attention node is the rest of the layer's computation and its memory-bound kernels. The
   * dispatch and combine of each direction take the sizes {@link LayerCosts#epDispatch} and the rest of {@link
   * LayerCosts#epPass} (the backward combine carries the gradient towards the experts as the forward dispatch does).
   * Exposed is the pair's critical path less its computation.
   *
   * @param l the layer costs
   * @param forward the layer's forward computation and memory-bound time, seconds
   * @param backward the layer's backward computation and memory-bound time, seconds
   * @param allToAll the layer's four all-to-alls (forward and backward), seconds
   * @return the exposed all-to-all time of the pair, seconds, in [0, allToAll]
   */
  public static double combinedOneFOneBExposedSeconds(LayerCosts l, double forward, double backward, double allToAll) {
    if (allToAll <= 0) {
      return 0;
    }
    double dispatch = l.epDispatch;
    double combine = Math.max(0, l.epPass - l.epDispatch);
    double mlp = Math.min(l.expertLinear, forward);
    double attnF = Math.max(0, forward - mlp);
    double attnB = Math.max(0, backward - 2 * mlp);
    double start = Math.max(attnF, dispatch); // attn_fwd beside combine_bwd
    double dispatchFwdEnd = start + dispatch;
    double dgradEnd = start + mlp;
    double wgradEnd = dgradEnd + mlp;
    double dispatchBwdEnd = Math.max(dispatchFwdEnd, dgradEnd) + combine;
    double mlpFwdEnd = Math.max(wgradEnd, dispatchFwdEnd) + mlp;
    double attnBwdEnd = Math.max(mlpFwdEnd, dispatchBwdEnd) + attnB;
    double combineFwdEnd = Math.max(dispatchBwdEnd, mlpFwdEnd) + combine;
    double pair = Math.max(attnBwdEnd, combineFwdEnd);
    return Math.min(allToAll, Math.max(0, pair - (attnF + 3 * mlp + attnB)));
  }

  /**
   * Returns the share of the hidden all-to-all time that Megatron-Core's combined 1F1B overlap still costs the
   * computation beside it: DeepEP's kernels (the flex dispatcher) hold {@link #DEEPEP_COMMUNICATION_SMS} of the
   * device's SMs while they run; NCCL's all-to-all (the all-to-all dispatcher) slows the computation it overlaps by
   * {@link #OVERLAP_COMPUTE_SLOWDOWN} of its duration, as the other overlapped NCCL collectives here do.
   *
   * @param hw the hardware constants
   * @param c the configuration
   * @return the share, in [0, 1)
   */
  static double combinedOneFOneBCommunicationShare(HardwareConstants hw, EvalConfig c) {
    if (c.flexDispatcher) {
      return hw.computeUnits > DEEPEP_COMMUNICATION_SMS ? DEEPEP_COMMUNICATION_SMS / (double) hw.computeUnits : 0;
    }
    return OVERLAP_COMPUTE_SLOWDOWN;
  }

  /**
   * Device time per MoE layer and micro-batch that no host work can hide, seconds: the attention core's forward
   * kernel less the host time of the {@link #MOE_SYNC_TAIL_KERNELS} kernels issued after it, once per forward (twice
   * under full recomputation, which runs the dispatcher again). Each MoE layer's forward blocks the host on a
   * device-to-host read: the all-to-all dispatcher's {@code d2h_event.synchronize()} at {@code before_ep_alltoall}
   * waits for the copy of the split sizes enqueued after the router and the count gather ({@code
   * cuda_dtoh_point = "before_permutation_1"}, {@code MoEAlltoAllTokenDispatcher}, {@code
   * megatron/core/transformer/moe/token_dispatcher.py} at core_v0.15.0); the flex dispatcher's expert layer reads
   * {@code tokens_per_expert.tolist()} after the dispatch ({@code TEGroupedMLP.forward}, {@code
   * megatron/core/transformer/moe/experts.py} at core_v0.15.0). At that point the device has drained its queue:
   * the attention core, the last long kernel the host issued before it, ran while the host had only the few
   * kernels after it to issue, and the next layer's expert kernels cannot be issued before it ends. Where the
   * layer is host-bound, its time is the host time plus this drain. Combined-1F1B overlap and DualPipe interleave
   * another micro-batch's backward there ({@code TransformerLayerSchedulePlan.run}, {@code
   * megatron/core/models/common/model_chunk_schedule_plan.py} at core_v0.15.0: the other micro-batch's
   * {@code mlp.backward} is issued between this one's attention and its dispatch), so they expose none. Nor does a
   * layer whose experts' input is padded to capacity: the all-to-all dispatcher then takes its split sizes from the
   * capacity and skips the device-to-host copy and its synchronisation ({@code drop_and_pad}, {@code
   * _maybe_dtoh_and_synchronize} runs only {@code if not self.drop_and_pad}, {@code cuda_sync_point} stays
   * "no_sync"; {@code token_dispatcher.py} at core_v0.14.0).
   *
   * @param c the configuration
   * @param attentionForward the attention core's forward time per layer and micro-batch, seconds
   * @return the exposed drain per MoE layer and micro-batch, seconds
   */
  public static double moeSyncDrainSeconds(EvalConfig c, double attentionForward) {
    if (c.schedule == EvalConfig.SCHEDULE_DUALPIPE || combinedOneFOneB(c) || c.moeDropAndPad) {
      return 0;
    }
    double forwards = c.recompute == EvalConfig.RECOMPUTE_FULL ? 2 : 1;
    return forwards * Math.max(0, attentionForward - MOE_SYNC_TAIL_KERNELS * MOE_HOST_SECONDS_PER_KERNEL);
  }

  /**
   * Fills the time figures of {@code out}; {@link #memory} and {@link #flops} must have run. The
   * same as {@link #layerCosts} into {@code out.layer} followed by {@link #time(ModelConstants,
   * HardwareConstants, EvalConfig, LayerCosts, Evaluation)}.
   *
   * @param m the model
   * @param hw the hardware
   * @param c the configuration
   * @param out where the results go
   */
  public static void time(ModelConstants m, HardwareConstants hw, EvalConfig c, Evaluation out) {
    layerCosts(m, hw, c, out.layer);
    time(m, hw, c, out.layer, out);
  }

  /**
   * Fills {@code l.linear} and {@code l.opRecomputed}: the forward time of one layer's linear GEMMs for one micro-batch
   * on one GPU (QKV or latent projections, output projection, dense MLP, router, routed and shared experts, each
   * averaged over the dense and MoE layers), and of the GEMMs per-operator selective checkpointing recomputes, in the
   * recipe's low-precision math or, with {@code low} false, in 16 bits.
   */
  /**
   * Returns a layer's tensor-parallel collectives in the forward pass as a share of a serial block's (two
   * all-reduces, or two all-gathers and two reduce-scatters under sequence parallelism). A parallel block sums
   * its attention and MLP output projections before one reduction, "a simple allreduce for pure Tensor
   * Parallel, but ... a reduce-scatter when using Megatron-style Sequence Parallel" (EleutherAI/gpt-neox {@code
   * megatron/model/transformer.py} at ea7aefd, {@code ParallelTransformerLayer}, {@code gpt_j_residual}: "we
   * can do a single allreduce after we add mlp / attn outputs"): ½ without sequence parallelism. With it, the
   * two input projections still all-gather their input each (two {@code ColumnParallelLinear}s), so ¾; one
   * fused input projection (PaLM) gathers once: ½.
   *
   * @param m the model
   * @param sequenceParallel whether sequence parallelism is on
   * @return the share, 1 for a serial block
   */
  static double parallelBlockForwardCollectives(ModelConstants m, boolean sequenceParallel) {
    if (!m.parallelBlock) {
      return 1;
    }
    return m.fusedParallelInput || !sequenceParallel ? 0.5 : 0.75;
  }

  /**
   * Returns a layer's tensor-parallel collectives in the backward pass as a share of a serial block's: each
   * column-parallel input projection reduces its own input gradient (all-reduce, or reduce-scatter under
   * sequence parallelism, in the backward of Megatron's copy/gather to the model-parallel region), and the
   * summed output's reduction becomes one all-gather under sequence parallelism. GPT-NeoX's parallel block: 1
   * without sequence parallelism (two all-reduces, as serial), ¾ with it; a fused input projection (PaLM) has
   * one input gradient: ½.
   *
   * @param m the model
   * @param sequenceParallel whether sequence parallelism is on
   * @return the share, 1 for a serial block
   */
  static double parallelBlockBackwardCollectives(ModelConstants m, boolean sequenceParallel) {
    if (!m.parallelBlock) {
      return 1;
    }
    return m.fusedParallelInput ? 0.5 : sequenceParallel ? 0.75 : 1;
  }

  private static void linearGemms(ModelConstants m, HardwareConstants hw, EvalConfig c, double tokens, boolean low,
      LayerCosts l) {
    final int tp = c.tp;
    final double t = tp;
    final double h = m.hidden;
    final double moeFraction = (double) m.moeLayers / m.layers;
    final double denseFraction = 1 - moeFraction;
    double outProj = gemm(hw, low, 2 * tokens * m.outProjMatmul / t, tokens, h, m.attnOutWidth / t);
    double linear;
    if (m.latentRank > 0) {
      // latent attention: low-rank query and key/value projections, bounded by their rank
      linear = gemm(hw, low, 2 * tokens * (m.attnMatmul - m.outProjMatmul) / t, tokens, h, m.latentRank) + outProj;
    } else {
      double qkvOut = m.queryWidth / t + (m.kvWidth + m.valueWidth) * m.kvShare(tp);
      linear = gemm(hw, low, 2 * tokens * h * qkvOut, tokens, h, qkvOut) + outProj;
    }
    // per-operator selective checkpointing recomputes the key projection, the output projection and
    // one MLP matrix (see opRecomputedParams)
    double opRecomputed = outProj;
    if (m.latentRank == 0) {
      double kOut = m.kvWidth * m.kvShare(tp);
      opRecomputed += gemm(hw, low, 2 * tokens * h * kOut, tokens, h, kOut);
    }
    if (denseFraction > 0) {
      double up = (m.mlpMatrices - 1.0) * m.ffn / t;
      double down = m.ffn / t;
      double downTime = gemm(hw, low, 2 * tokens * h * down, tokens, h, down);
      if (m.fusedParallelInput && m.latentRank == 0 && moeFraction == 0) {
        // PaLM's parallel block: the query/key/value and the MLP's up projections are one GEMM of their
        // summed widths on the shared norm output (Chowdhery et al. 2022 §2, "the MLP and Attention input
        // matrix multiplications can be fused"): the two input GEMMs above and here become one
        double qkvOut = m.queryWidth / t + (m.kvWidth + m.valueWidth) * m.kvShare(tp);
        linear += gemm(hw, low, 2 * tokens * h * (qkvOut + up), tokens, h, qkvOut + up)
            - gemm(hw, low, 2 * tokens * h * qkvOut, tokens, h, qkvOut) + downTime;
      } else {
        linear += denseFraction * (gemm(hw, low, 2 * tokens * h * up, tokens, h, up) + downTime);
      }
      opRecomputed += denseFraction * downTime;
    }
    double expertLinear = 0;
    if (moeFraction > 0) {
      double router = gemm(hw, low, 2 * tokens * h * m.experts, tokens, h, m.experts);
      // experts/ep local experts of width expertFfn/etp share the tokens of tp·cp·dp ranks; the
      // busiest expert gets imbalance × the average and every rank waits for it
      final double etp = c.etp;
      double perExpertTokens =
          Math.max(1, tokens * m.topK * c.ep * etp / (m.experts * t)) * c.expertLoadImbalance;
      double upE = (m.mlpMatrices - 1.0) * m.expertFfn / etp;
      double downE = m.expertFfn / etp;
      double expertsLocal = (double) m.experts / c.ep;
      double routed =
          expertsLocal
              * (gemm(hw, low, 2 * perExpertTokens * h * upE, perExpertTokens, h, upE)
                  + gemm(hw, low, 2 * perExpertTokens * h * downE, perExpertTokens, h, downE));
      double routedOne = expertsLocal * gemm(hw, low, 2 * perExpertTokens * h * downE, perExpertTokens, h, downE);
      double shared = 0;
      double sharedOne = 0;
      if (m.sharedFfn > 0) {
        double upS = (m.mlpMatrices - 1.0) * m.sharedFfn / t;
        double downS = m.sharedFfn / t;
        sharedOne = gemm(hw, low, 2 * tokens * h * downS, tokens, h, downS);
        shared = gemm(hw, low, 2 * tokens * h * upS, tokens, h, upS) + sharedOne;
      }
      linear += moeFraction * (router + routed + shared);
      opRecomputed += moeFraction * (routedOne + sharedOne);
      expertLinear = moeFraction * (routed + shared);
    }
    l.linear = linear;
    l.opRecomputed = opRecomputed;
    l.expertLinear = expertLinear;
  }

  private static double gemm(HardwareConstants hw, boolean low, double flops, double a, double b, double k) {
    return low ? gemm(hw, flops, a, b, k) : gemm16(hw, flops, a, b, k);
  }

  /**
   * Fills the costs of one transformer layer and of the output head for one micro-batch on one
   * GPU: what a step repeats, which depends only on the model, the hardware, the micro-batch, the
   * sequence, tp, cp, ep, sequence parallelism and the kernels, not on the pipeline, data
   * parallelism, ZeRO stage, recomputation or schedule (so a planner can compute it once for many
   * configurations).
   *
   * @param m the model
   * @param hw the hardware
   * @param c the configuration
   * @param l where the costs go
   */
  public static void layerCosts(ModelConstants m, HardwareConstants hw, EvalConfig c, LayerCosts l) {
    final int tp = c.tp;
    final double t = tp;
    final double e = c.activationBytes;
    final double h = m.hidden;
    final double tokens = (double) c.micro * c.seq / c.cp;
    final double spDiv = c.sequenceParallel ? t : 1;
    final double moeFraction = (double) m.moeLayers / m.layers;
    final double denseFraction = 1 - moeFraction;
    final boolean gated = m.mlpMatrices == 3;
    final double bw = hw.memoryBandwidth;

    // --- forward GEMMs of one layer (one micro-batch, one GPU); under an FP8 or FP4 recipe with layers kept in bf16
    // (Megatron's first_last_layers_bf16) the average layer runs that share of its linear GEMMs at the 16-bit rates
    linearGemms(m, hw, c, tokens, true, l);
    double linear = l.linear;
    double opRecomputed = l.opRecomputed;
    double expertLinear = l.expertLinear;
    if (c.fp8Gemms && c.lowPrecisionLayerFraction < 1) {
      linearGemms(m, hw, c, tokens, false, l);
      double f = c.lowPrecisionLayerFraction;
      linear = f * linear + (1 - f) * l.linear;
      opRecomputed = f * opRecomputed + (1 - f) * l.opRecomputed;
      expertLinear = f * expertLinear + (1 - f) * l.expertLinear;
    }

    // --- attention core
    double sKv = averageKeys(m, c.seq);
    double attnFlops = 2.0 * tokens * sKv * (m.queryWidth + m.attnOutWidth) / t;
    double attnFwd;
    double attnBwdFactor;
    if (c.flashAttention) {
      // masked blocks skipped (none in an encoder's bidirectional attention); the kernel's measured
      // rate at this key length (attention.csv)
      attnFwd = (m.bidirectional ? 1.0 : 0.5) * attnFlops
          / (hw.attentionPeak * hw.attentionEfficiency(sKv, c.attentionKernel));
      attnBwdFactor = 2.5;
    } else {
      double q = (double) c.seq / c.cp;
      attnFwd = attnFlops / (hw.attentionPeak * hw.matmulEfficiency16(Math.min(q, Math.min(sKv, m.headDim))));
      attnBwdFactor = 2.0;
    }
    // FP8 attention (Transformer Engine's fp8_dpa; Megatron-Core fp8_dot_product_attention): the layers that run in
    // FP8 call cuDNN's FP8 fused attention (FusedAttnBackend["FP8"] in FusedAttnFunc, backends.py at
    // NVIDIA/TransformerEngine v2.9 70f536662a; the layers kept in bf16 run outside fp8_autocast), forward and
    // backward each at the 16-bit rate times the FP8/BF16 ratio cuDNN's SDPA benchmark measured in one run at the
    // kernel's sequence length (attention-fp8.csv, Fp8Attention; a ring-attention step sees seq/cp keys)
    final boolean fp8Attention = c.fp8Attention && c.flashAttention && !hw.fp8Attention.isEmpty();
    if (fp8Attention) {
      double[] r = hw.fp8Attention.at(sKv / c.cp);
      double f = c.lowPrecisionLayerFraction;
      double fwd = f * attnFwd / r[0] + (1 - f) * attnFwd;
      double bwd = f * attnBwdFactor * attnFwd / r[1] + (1 - f) * attnBwdFactor * attnFwd;
      attnFwd = fwd;
      attnBwdFactor = bwd / fwd;
    }

    // --- memory-bound kernels, forward bytes per token
    // 2 norms (each reads and writes h), 2 residual adds (each reads 2h, writes h); a parallel block with one shared
    // norm runs one (GPT-J's ln_1, PaLM §2) and still adds twice (GPT-NeoX adds the attention output to the MLP's,
    // then the sum to the residual: megatron/model/transformer.py at ea7aefd, gpt_j_residual)
    double replicatedBytes = e * (2 * h * m.parallelBlockNorms + 6 * h) + (c.dropout ? 2 * (1 + e) * h : 0);
    double activationFn =
        denseFraction * (gated ? 3 : 2) * e * m.ffn
            + moeFraction * ((gated ? 3 : 2) * e * (m.topK * (double) m.expertFfn + m.sharedFfn));
    // the squared ReLU as separate PyTorch operators (Megatron-Core, eager PyTorch): two forward kernels and
    // four backward kernels instead of one fused kernel each way (16-bit activations, e = 2)
    double activationBwdExtra = 0;
    if (m.squaredRelu && !gated && c.unfusedSquaredRelu) {
      double elements = denseFraction * m.ffn + moeFraction * (m.topK * (double) m.expertFfn + m.sharedFfn);
      double scale = e / 2; // the constants count 2-byte elements
      activationFn = SQUARED_RELU_FORWARD_BYTES * scale * elements;
      activationBwdExtra = (SQUARED_RELU_BACKWARD_BYTES - 2 * SQUARED_RELU_FORWARD_BYTES) * scale * elements;
    }
    // Megatron-Core's grouped experts with expert biases (the down projection's added expert by expert) or a clamped
    // activation (clamped in kernels of their own): bytes per routed copy on the busiest rank, 16-bit constants
    double expertExtraFwd = 0;
    double expertExtraBwd = 0;
    if (moeFraction > 0 && c.megatronGroupedExperts && (m.expertBias || m.activationClamp)) {
      double copies = moeFraction * m.topK * c.expertLoadImbalance * c.etp / t;
      double scale = e / 2;
      double inner = (double) m.expertFfn / c.etp;
      if (m.expertBias) {
        expertExtraFwd += copies * scale * EXPERT_BIAS_FORWARD_BYTES * h;
        expertExtraBwd += copies * scale * EXPERT_BIAS_BACKWARD_BYTES * h;
      }
      if (m.activationClamp) {
        expertExtraFwd += copies * scale * ACTIVATION_CLAMP_FORWARD_BYTES * inner;
        expertExtraBwd += copies * scale * ACTIVATION_CLAMP_BACKWARD_BYTES * inner;
      }
    }
    // Megatron-Core's selective recomputation of the routed experts' activation (recompute_modules moe_act,
    // CheckpointWithoutOutput around bias_act_func, experts.py l. 738-750 at b0cc2706d): before the down projection's
    // backward the activation's forward runs again on the stored up-projection output, the clamp's too where the
    // activation is clamped; bytes per routed copy on the busiest rank, as the forward counts them (s22c)
    double moeActRecompute = 0;
    if (moeFraction > 0 && c.moeActivationRecompute) {
      double copies = moeFraction * m.topK * c.expertLoadImbalance * c.etp / t;
      double scale = e / 2;
      double inner = (double) m.expertFfn / c.etp;
      double activation = m.squaredRelu && !gated && c.unfusedSquaredRelu
          ? SQUARED_RELU_FORWARD_BYTES * scale
          : (gated ? 3 : 2) * e;
      moeActRecompute = copies * inner * (activation
          + (m.activationClamp && c.megatronGroupedExperts ? scale * ACTIVATION_CLAMP_FORWARD_BYTES : 0));
    }
    // Megatron-Core's grouped experts under FP8 or FP4: every routed row copied into a buffer padded to the quantized
    // GEMMs' alignment and the output copied back out of it (QUANTIZATION_PADDING_FORWARD_BYTES), on the busiest rank
    if (moeFraction > 0 && quantizationPadding(m, c, tokens)) {
      double copies = moeFraction * m.topK * c.expertLoadImbalance * c.etp / t;
      double scale = e / 2;
      expertExtraFwd += copies * scale * QUANTIZATION_PADDING_FORWARD_BYTES * h;
      expertExtraBwd += copies * scale * QUANTIZATION_PADDING_BACKWARD_BYTES * h;
    }
    double rotaryBytes = m.rotary ? 2 * e * (m.queryWidth / t + m.kvWidth * m.kvShare(tp)) : 0;
    // a YaRN rotary on ordinary attention that Megatron-Core applies in PyTorch operators (JobMapping.unfusedYarnRotary):
    // its forward and backward traffic per query and key element, 16-bit constants, and the fp32 cos/sin tables per
    // position, rebuilt in every call; the backward beyond twice the forward goes to elementwiseBackwardExtra
    double rotaryBwdExtra = 0;
    if (m.yarnRotary && c.unfusedYarnRotary) {
      double elements = m.queryWidth / t + m.kvWidth * m.kvShare(tp);
      double scale = e / 2;
      double tables = YARN_ROTARY_TABLE_BYTES * m.headDim / c.micro;
      rotaryBytes = YARN_ROTARY_FORWARD_BYTES * scale * elements + tables;
      rotaryBwdExtra = (YARN_ROTARY_BACKWARD_BYTES - 2 * YARN_ROTARY_FORWARD_BYTES) * scale * elements - 2 * tables;
    }
    // FP8 quantization (Fp8Gemm): every FP8 linear layer quantizes its input in the forward pass and its
    // output gradient in the backward pass, each in both usages (rowwise for one GEMM, columnwise for the
    // other), at the bytes per element of the scaling and the measured bandwidth of quantization kernels;
    // Transformer Engine's LayerNormLinear writes the norm output quantized (QKV and the dense MLP's up
    // projection) where the scaling allows: delayed scaling only, MXFP8 not without cuDNN's normalization
    // (Fp8Gemm.fusedBytesPerElement). Under sequence parallelism the gathered inputs and the
    // gradients that are gathered are quantized before the all-gather, on the rank's 1/tp of the tokens.
    // The router stays in 16 bits. Weights are quantized once per step (Transformer Engine's cache) or
    // every forward (torchao): fp8WeightQuant, scaled in time().
    double fp8QuantFwd = 0;
    double fp8QuantBwd = 0;
    double fp8WeightQuant = 0;
    double mxfp8BufferZero = 0;
    double fp8OpRecompute = 0;
    if (c.fp8Gemms) {
      boolean tr = hw.fp8Transposes;
      double both = Fp8Gemm.bytesPerElement(c.fp8Scaling, tr, true);
      // norm-fused quantization is Transformer Engine's (LayerNormLinear); torchao casts in kernels of its own
      double fused = c.fp8WeightsPerStep ? Fp8Gemm.fusedBytesPerElement(c.fp8Scaling, tr) : both;
      final double etp = c.etp;
      final double imb = c.expertLoadImbalance;
      final double shared = m.sharedFfn > 0 ? 1 : 0;
      // torchao's rowwise recipe gathers in 16 bits and quantizes the gathered input, in every linear layer
      // that reads it: torchtitan applies its float8 tensor-parallel styles (PrepareFloat8ModuleInput: one cast
      // of the norm output, before the all-gather, shared by the query, key and value projections, or by the
      // MLP's up projections) to tensorwise float8 only, and each torchao Float8Linear casts its own
      // 16-bit input (torchtitan models/llama3/parallelize_llama.py at 820504e, 2025-06-13: "For rowwise
      // recipes, we use regular TP and all-gather happens in high precision"). Measured: leaving the key
      // and value projections of Llama 3 70B (TP 8) in bf16 took the rowwise run from ~600 to ~660
      // tokens/s/GPU (torchtitan PR 1319, commit b0902b29a, 2025-07-01).
      boolean rowwise = c.fp8Scaling == EvalConfig.FP8_ROWWISE;
      double gatheredDiv = rowwise ? 1 : spDiv;
      double normFed = rowwise
          ? (m.latentRank > 0 ? 2 : 3) * h + denseFraction * (m.mlpMatrices - 1.0) * h
          : (h + denseFraction * h) / gatheredDiv;
      double other = m.attnOutWidth / t + denseFraction * m.ffn / t
          + moeFraction * (m.topK * imb * (h + m.expertFfn / etp) + shared * (h / gatheredDiv + m.sharedFfn / t));
      double qkvOut = m.queryWidth / t + (m.kvWidth + m.valueWidth) * m.kvShare(tp);
      double grads = qkvOut + h / gatheredDiv
          + denseFraction * ((m.mlpMatrices - 1.0) * m.ffn / t + h / gatheredDiv)
          + moeFraction * (m.topK * imb * ((m.mlpMatrices - 1.0) * m.expertFfn / etp + h)
              + shared * ((m.mlpMatrices - 1.0) * m.sharedFfn / t + h / gatheredDiv));
      double qbw = hw.fp8QuantizeBandwidth;
      fp8QuantFwd = tokens * (normFed * fused + other * both) / qbw;
      if (rowwise && m.latentRank == 0) {
        // per-operator selective checkpointing recomputes the key projection, the output projection and the
        // MLP's second up projection (every second matmul, see opRecomputedParams) and none of the casts
        // (not in torchtitan's save list): each recomputed rowwise GEMM casts its 16-bit input again, the
        // usage along rows only (read 2, write 1)
        fp8OpRecompute = tokens * (h + m.attnOutWidth / t + denseFraction * h) * 3 / qbw;
      }
      fp8QuantBwd = tokens * grads * both / qbw;
      if (rowwise) {
        // torchao runs the gradient GEMMs of rowwise scaling on the tensorwise kernel and rescales the
        // outputs in a kernel of their own (read and write 16 bits): the input gradients here, the
        // weight gradients with the weights
        fp8QuantBwd += tokens * (normFed + other) * 2 * e / bw;
      }
      double weights = m.attnMatmul / t + denseFraction * m.mlpMatmul / t
          + moeFraction * ((double) m.experts / c.ep * m.expertMatmul / etp + m.sharedMatmul / t);
      fp8WeightQuant = weights * Fp8Gemm.weightBytesPerElement(c.fp8Scaling, tr) / qbw
          + (rowwise ? weights * 2 * e / bw : 0);
      {
        // charged in time() only where c.mxfp8ParamBufferCopy holds: that flag follows the ZeRO stage, which the
        // planner varies over cached layer costs (s24h), so the cost is computed whatever the flag.
        // Megatron-Core's MXFP8 parameters under the distributed optimizer (reuse_grad_buf_for_mxfp8_param_ag): once
        // the bucket's bf16 all-gather has landed in the buffer it shares with the gradients, finish_param_sync (with
        // overlap_param_gather; DistributedDataParallel.start_param_sync without it) copies each parameter's slice into
        // the MXFP8 parameter (param.data.copy_, which Transformer Engine's QuantizedTensor dispatches to quantize_ →
        // MXFP8Quantizer.update_quantized → tex.quantize, both usages: the weight cast fp8WeightQuant already charges
        // once per step, since Transformer Engine's Linear then uses the quantized parameter as it is,
        // get_weight_workspace) and then zeroes the bucket's bf16 slice for the gradients to accumulate into:
        // bucket.param_data.zero_(), 2 bytes written per weight, once per step, on the compute stream
        // (megatron/core/distributed/param_and_grad_buffer.py l.303-320 and distributed_data_parallel.py l.503-522 at
        // NVIDIA/Megatron-LM 0d8e0714c; the same at core_v0.14.0 l.304-321, b0cc2706d and 55ac70825 l.340-354,
        // d7288711b l.469-491, 2d1fa8d37 l.483-505; TransformerEngine transformer_engine/pytorch/tensor/
        // quantized_tensor.py l.469-474, mxfp8_tensor.py l.50-70, module/base.py l.1370-1380 at 70f536662, v2.9).
        // At the streaming bandwidth (the profile's memoryBandwidthFraction of the datasheet). Up to 55ac70825
        // the bf16 buckets (embedding, output layer, norms, router) are copied and zeroed too; from d7288711b
        // they are mapped to their parameters and skipped: not costed, the rows do not name their Megatron-Core.
        mxfp8BufferZero = weights * 2 / bw;
      }
    }
    if (fp8Attention) {
      // the casts around cuDNN's FP8 attention, memory-bound kernels at the achieved bandwidth, on the rank's
      // queries, keys and values (qkv) and attention output (o), 16-bit in and out (FusedAttnFunc, backends.py at
      // TransformerEngine v2.9): forward combine_and_quantize(Q, K, V); backward dO_quantizer(d_out). Delayed scaling
      // also dequantizes the FP8 output O (forward) and dQ, dK, dV (backward) to 16 bits (3 bytes each: read 1,
      // write 2). Current scaling (the DPA recipe of every other FP8 recipe: NVTE_DPA_FP8_RECIPE
      // "Float8CurrentScaling" in MLPerf v5.1's config_common_fp4.sh) takes an amax pass before each cast (5 bytes,
      // Fp8Gemm.bytesPerElement) and returns O and dQ, dK, dV in 16 bits from the kernel (NVTE_DPA_FP8CS_O_in_F16,
      // default "1"). In the FP8 layers only (scaled with fp8QuantFwd by lowPrecisionLayerFraction below).
      double qkv = m.queryWidth / t + (m.kvWidth + m.valueWidth) * m.kvShare(tp);
      double o = m.attnOutWidth / t;
      boolean delayed = c.fp8Scaling == EvalConfig.FP8_TENSOR_DELAYED;
      double cast = Fp8Gemm.bytesPerElement(delayed ? EvalConfig.FP8_TENSOR_DELAYED : EvalConfig.FP8_TENSOR_CURRENT,
          false, false);
      double dequantize = 3;
      fp8QuantFwd += tokens * (cast * qkv + (delayed ? dequantize * o : 0)) / bw;
      fp8QuantBwd += tokens * (cast * o + (delayed ? dequantize * qkv : 0)) / bw;
    }
    // token routing of a dropless MoE layer (Megatron-Core's all-to-all dispatcher, its permute and
    // sort kernels fused or not, each a gather that reads and writes every routed copy once): the
    // router's fp32 logits, scores and top-k (read and written about three times); permute before
    // the all-to-all and unpermute after it (with the weighted sum of the top-k copies: read k
    // copies, write one token); the regrouping of received tokens by local expert and back, on the
    // busiest rank (imbalance × the average) and over the etp ranks that all-gather them. The flex
    // dispatcher (DeepEP, HybridEP) has no permute before its all-to-all nor unpermute after it: its
    // dispatch kernel reads each token from the layer's input and its combine kernel sums a token's
    // expert outputs ("fused kernel to permute tokens and perform all-to-all communication in single
    // step", Megatron-Core's _DeepepManager); the regrouping by local expert on the receiving rank stays
    double routing = 0;
    if (moeFraction > 0) {
      double routed = m.topK * e * h;
      double senderSide = c.flexDispatcher ? 0 : 3 * routed + e * h;
      routing = moeFraction * ((3 * 2 * 4.0 * m.experts + senderSide) / t
          + 4 * routed * c.expertLoadImbalance * c.etp / t);
    }
    // PyTorch eager mode (torchtitan's Llama without torch.compile): each RMSNorm upcasts to fp32 in
    // six kernels (36 bytes per element against 4 fused), rotary goes through complex64 (20 against
    // 4 per query and key element), SiLU and the gate product run apart (10 against 6 per element)
    double eager = 0;
    if (c.eagerElementwise) {
      eager = 2 * 32.0 * h / spDiv
          + (m.rotary ? 16.0 * (m.queryWidth / t + m.kvWidth * m.kvShare(tp)) : 0)
          + (gated ? 4.0 : 0) * (denseFraction * m.ffn + moeFraction * (m.topK * (double) m.expertFfn + m.sharedFfn)) / t;
    }
    double elementwise =
        tokens * (replicatedBytes / spDiv + activationFn / t + rotaryBytes + routing + eager + expertExtraFwd) / bw;
    double softmax = 0;
    double softmaxBackward = 0;
    if (!c.flashAttention) {
      // Megatron's attention core: the fused scale-mask-softmax kernel, then PyTorch's dropout on the
      // probabilities (bytes per score element: softmaxForwardBytes, softmaxBackwardBytes)
      double scores = tokens * (m.heads / t) * sKv;
      softmax = scores * softmaxForwardBytes(e, !m.bidirectional, c.dropout) / bw;
      softmaxBackward = scores * softmaxBackwardBytes(e, !m.bidirectional, c.dropout) / bw;
    }

    // --- tensor-parallel communication per layer and pass
    double tpPass = 0;
    if (tp > 1) {
      // on a TPU's ICI torus the tensor-parallel mesh axis has only its torus axes' links (HardwareConstants#torusShare)
      double tpBw = hw.groupBandwidth(tp, 1, hw.torusShare(tp, true));
      double tpLat = hw.groupLatency(tp, 1);
      double size = e * tokens * h;
      tpPass =
          c.sequenceParallel
              ? 2 * (gatherOrScatter(size, tp, tpBw, tpLat) + gatherOrScatter(size, tp, tpBw, tpLat))
              : 2 * allReduce(size, tp, tpBw, tpLat);
      // decomposed (asynchronous) tensor parallelism: the collective split into tp chunks, each
      // transferred while the matmul of another runs; the one chunk with nothing to compute beside
      // it stays exposed, and no more can hide than the matmuls take
      // Under torchao's rowwise float8 the all-gathers are not decomposed, only the reduce-scatters: the
      // gathered 16-bit input reaches its scaled matmuls through the rowwise casts, which PyTorch's async-TP
      // pass does not match (pytorch/pytorch issue 149990, "all-gather-matmuls not fusing properly when
      // rowwise scales are used", 2025-03-25, open; matmul-reduce-scatter with rowwise scales fused since
      // PR 149247), so half of a sequence-parallel pass's collectives (two all-gathers, two reduce-scatters
      // of one size) can hide
      double decomposed = c.fp8Gemms && c.fp8Scaling == EvalConfig.FP8_ROWWISE && c.sequenceParallel ? 0.5 : 1;
      if (c.userbuffers && c.sequenceParallel && c.tensorParallelOverlap > 0) {
        // Transformer Engine's userbuffers: the all-gathers (half of a sequence-parallel pass's collectives)
        // by ring exchange (copy engines), 1/tp exposed and the hidden rest slowing the GEMMs beside it as
        // overlapped communication does (OVERLAP_COMPUTE_SLOWDOWN); the reduce-scatters pipelined in
        // UB_PIPELINE_SPLITS chunks, the last one exposed, on SMs taken from the GEMM; the GEMMs' chunking
        // and lost SMs in userbuffersGemmCost
        double shared = c.tensorParallelOverlap * Math.min(tpPass, linear);
        double ringHidden = shared * 0.5 * (tp - 1.0) / tp;
        double pipelineHidden = shared * 0.5 * (1 - 1.0 / UB_PIPELINE_SPLITS);
        tpPass = tpPass - (1 - OVERLAP_COMPUTE_SLOWDOWN) * ringHidden - pipelineHidden
            + c.tensorParallelOverlap * userbuffersGemmCost(m, hw, tokens, tp, denseFraction);
      } else {
        tpPass -= decomposed * c.tensorParallelOverlap * Math.min(tpPass, linear) * (tp - 1.0) / tp;
      }
    }
    if (moeFraction > 0 && c.etp != tp) {
      // MoE parallel folding: MoE layers keep the attention half of the tp collectives and gather
      // and scatter their routed tokens over the etp ranks of each expert instead of the MLP half
      double etpPass = 0;
      if (c.etp > 1) {
        double routedSize = e * tokens * m.topK * c.expertLoadImbalance * h * c.etp / t;
        etpPass =
            2 * gatherOrScatter(routedSize, c.etp, hw.groupBandwidth(c.etp, 1), hw.groupLatency(c.etp, 1))
                * (1 - c.tensorParallelOverlap * (c.etp - 1.0) / c.etp);
      }
      tpPass = denseFraction * tpPass + moeFraction * (0.5 * tpPass + etpPass);
    }

    // --- context-parallel ring attention per layer (see ringAttention)
    double cpFwd = 0;
    double cpBwd = 0;
    if (c.cp > 1) {
      final int cp = c.cp;
      // load-balanced causal chunks: every step does 1/cp of the rank's attention work, step 0 on the
      // causal local block of seq/cp keys, the others on a block with seq/(2cp) keys or queries
      double perStep = attnFwd / cp;
      double step0 = perStep;
      double stepI = perStep;
      if (c.flashAttention) {
        // each block runs at the kernel's measured rate for its length, not the whole sequence's
        double full = hw.attentionEfficiency(sKv, c.attentionKernel);
        step0 = perStep * full / hw.attentionEfficiency(sKv / cp, c.attentionKernel);
        stepI = perStep * full / hw.attentionEfficiency(sKv / (2.0 * cp), c.attentionKernel);
      }
      attnFwd = step0 + (cp - 1) * stepI;
      double cpBw = hw.groupBandwidth(cp, tp);
      double cpLat = hw.groupLatency(cp, tp);
      double transfer = e * tokens * (m.kvWidth + m.valueWidth) * m.kvShare(tp) / cpBw; // the local K and V chunk
      // transfer i (of cp − 1) overlaps only the attention kernel of step i; its latency never hides
      cpFwd = (cp - 1) * cpLat + Math.max(0, transfer - step0) + (cp - 2) * Math.max(0, transfer - stepI);
      // backward: K/V and their gradients travel, against the backward kernels of each step
      cpBwd =
          2 * (cp - 1) * cpLat
              + Math.max(0, 2 * transfer - attnBwdFactor * step0)
              + (cp - 2) * Math.max(0, 2 * transfer - attnBwdFactor * stepI);
    }

    // --- expert-parallel all-to-all per MoE layer and pass (dispatch and combine)
    double epPass = 0;
    double epDispatch = 0; // the dispatch's share of epPass
    if (moeFraction > 0 && c.ep > 1) {
      // expert ranks laid out etp first, then ep (Megatron-Core's expert grid "tp-ep-dp-pp" with
      // etp as its tp): ep ranks etp apart; the busiest rank receives imbalance × the average
      if (c.flexDispatcher) {
        // dispatch and combine; under FP8 dispatch the tokens travel to the experts in FP8 with one fp32 scale per
        // 1×128 tile and come back in 16 bits, and the backward pass sends the gradient before the down-projections
        // the same way (DeepSeek-V3 §3.3.3: "we quantize the activation before MoE up-projections into FP8 and then
        // apply dispatch components [...] A similar strategy is applied to the activation gradient before MoE
        // down-projections. For both the forward and backward combine components, we retain them in BF16")
        double combineBytes = e * tokens * h / t * c.expertLoadImbalance;
        double dispatchBytes = c.fp8Dispatch ? FP8_DISPATCH_BYTES * tokens * h / t * c.expertLoadImbalance : combineBytes;
        epDispatch = moeFraction
            * flexAllToAll(hw, dispatchBytes, c.ep, c.etp, m.experts, m.topK, m.routingGroups, m.groupsPerToken);
        epPass = epDispatch + moeFraction
            * flexAllToAll(hw, combineBytes, c.ep, c.etp, m.experts, m.topK, m.routingGroups, m.groupsPerToken);
      } else {
        double size = e * tokens * m.topK * h / t * c.expertLoadImbalance;
        epPass = moeFraction * 2 * allToAll(hw, size, c.ep, c.etp);
        epDispatch = 0.5 * epPass;
      }
    }

    // output head and loss on the last stage, embedding on the first (the same GPU when pp = 1)
    double vocabShard = m.vocab / t;
    // the output head stays in 16 bits under FP8 recipes (Transformer Engine casts only its own
    // layers, and Megatron-Core's output layer is not one; torchtitan's float8 conversion skips the
    // "output" projection), so its GEMMs run at the 16-bit peak and GEMM curve
    l.headCompute = 3 * gemm16(hw, 2 * tokens * h * vocabShard, tokens, h, vocabShard);
    double lossBytes = c.crossEntropyFusion ? FUSED_LOSS_BYTES_PER_LOGIT : UNFUSED_LOSS_BYTES_PER_LOGIT;
    // training metrics over the logits after the backward pass (Composer's), each a cross entropy of its own
    double metricBytes = c.trainingMetricCrossEntropies * TRAINING_METRIC_BYTES_PER_LOGIT;
    l.headMemory = ((lossBytes + metricBytes) * tokens * vocabShard + 3 * e * tokens * h) / bw;
    l.linear = linear;
    l.opRecomputed = opRecomputed;
    l.expertLinear = expertLinear;
    l.attnFwd = attnFwd;
    l.attnBwdFactor = attnBwdFactor;
    l.elementwise = elementwise;
    l.elementwiseBackwardExtra =
        tokens * (activationBwdExtra / t + expertExtraBwd - 2 * expertExtraFwd + rotaryBwdExtra) / bw;
    l.moeActivationRecompute = tokens * moeActRecompute / bw;
    // layers kept in bf16 quantize nothing (lowPrecisionLayerFraction, the average layer's share in FP8 or FP4)
    l.fp8QuantFwd = c.lowPrecisionLayerFraction * fp8QuantFwd;
    l.fp8QuantBwd = c.lowPrecisionLayerFraction * fp8QuantBwd;
    l.fp8WeightQuant = c.lowPrecisionLayerFraction * fp8WeightQuant;
    // layers kept in bf16 hold no MXFP8 parameter (their weights sit in the bf16 buckets)
    l.mxfp8ParamBufferZero = c.lowPrecisionLayerFraction * mxfp8BufferZero;
    l.fp8OpRecompute = c.lowPrecisionLayerFraction * fp8OpRecompute;
    l.softmax = softmax;
    l.softmaxBackward = softmaxBackward;
    l.tpPass = parallelBlockForwardCollectives(m, c.sequenceParallel) * tpPass;
    l.tpBackwardPass = parallelBlockBackwardCollectives(m, c.sequenceParallel) * tpPass;
    l.cpFwd = cpFwd;
    l.cpBwd = cpBwd;
    l.epPass = epPass;
    l.epDispatch = epDispatch;
    // latent attention's up-projections, which normUpProjectionRecompute runs again in the backward pass
    l.latentUpProjection = m.latentUpMatmul == 0 ? 0
        : (double) m.attentionLayers / m.layers
            * gemm(hw, 2 * tokens * m.latentUpMatmul / t, tokens, (double) m.queryWidth / t, m.latentRank);
  }

  /**
   * Fills the time figures of {@code out} from the layer costs {@code l} of the same configuration
   * ({@link #layerCosts}); {@link #memory} and {@link #flops} must have run.
   *
   * @param m the model
   * @param hw the hardware
   * @param c the configuration
   * @param l the layer costs of {@code c}'s micro-batch, tp, cp, ep and sequence parallelism
   * @param out where the results go
   */
  public static void time(ModelConstants m, HardwareConstants hw, EvalConfig c, LayerCosts l, Evaluation out) {
    final int tp = c.tp;
    final double e = c.activationBytes;
    final double h = m.hidden;
    final double tokens = (double) c.micro * c.seq / c.cp;
    final double t = tp;
    final double bw = hw.memoryBandwidth;
    final double linear = l.linear;
    final double attnFwd = l.attnFwd;
    final double attnBwdFactor = l.attnBwdFactor;
    final double elementwise = l.elementwise;
    final double softmax = l.softmax;
    final double tpPass = l.tpPass;
    final double tpBackwardPass = l.tpBackwardPass;
    final double cpFwd = l.cpFwd;
    final double cpBwd = l.cpBwd;
    final double epPass = l.epPass;

    // --- one layer: forward, backward, recomputation
    double computeF = linear + attnFwd;
    double computeB = 2 * linear + attnBwdFactor * attnFwd;
    double memF = elementwise + softmax + l.fp8QuantFwd;
    double memB = 2 * elementwise + l.softmaxBackward + l.elementwiseBackwardExtra + l.fp8QuantBwd;
    double computeR = 0;
    double memR = 0;
    if (c.recompute == EvalConfig.RECOMPUTE_FULL) {
      computeR = computeF;
      memR = memF;
    } else if (c.recompute == EvalConfig.RECOMPUTE_SELECTIVE && !c.flashAttention) {
      computeR = attnFwd;
      memR = softmax;
    } else if (c.recompute == EvalConfig.RECOMPUTE_OP_SELECTIVE) {
      // an unfused attention core is no saved operator: it is recomputed too
      computeR = l.opRecomputed + (c.flashAttention ? 0 : attnFwd);
      memR = softmax + l.fp8OpRecompute;
    }
    if (c.moeActivationRecompute && c.recompute != EvalConfig.RECOMPUTE_FULL) {
      memR += l.moeActivationRecompute; // full recomputation reruns the activation with the whole layer
    }
    if (c.normUpProjectionRecompute && c.recompute != EvalConfig.RECOMPUTE_FULL) {
      computeR += l.latentUpProjection; // DeepSeek-V3 §3.2.3; the norms' memory traffic is not counted
    }
    double layerCompute = computeF + computeB + computeR;
    // launch gaps and framework code per layer and pass (forward, backward, recomputation): fitted
    double passes = 2 + (c.recompute == EvalConfig.RECOMPUTE_FULL ? 1 : 0);
    double moeFraction = (double) m.moeLayers / m.layers;
    // FP8 weights: quantized once per step and reused by every micro-batch (Transformer Engine), or at every
    // forward, the recomputed one included (torchao); gathered in FP8 under ZeRO-3 (parameterCommBytes 1),
    // each rank quantizes its own shard before the all-gather (torchao's float8 all-gather, Megatron's
    // fp8_param_gather)
    int microsPerStep = c.microBatches();
    double fp8WeightShare = c.zero >= 3 && c.parameterCommBytes < 2
        ? 1.0 / (c.zeroShardGroup > 0 ? c.zeroShardGroup : (double) c.dp * c.cp)
        : 1;
    double fp8Weights = fp8WeightShare * (c.fp8WeightsPerStep
        ? l.fp8WeightQuant / microsPerStep
        : l.fp8WeightQuant * (c.recompute == EvalConfig.RECOMPUTE_FULL ? 2 : 1));
    // the MXFP8 parameters' buffer zeroed once per step after their all-gather (s24d; ZeRO 1 only, every weight)
    double layerMemory = memF + memB + memR + fp8Weights
        + (c.mxfp8ParamBufferCopy ? l.mxfp8ParamBufferZero / microsPerStep : 0) + passes * hw.layerOverheadSeconds;
    // per-operator selective checkpointing saves the reduce-scatters of sequence parallelism but not its
    // all-gathers (torchtitan's _save_list: mm, the attention kernels, reduce_scatter_tensor and max;
    // models/llama3/parallelize_llama.py at 820504e, 2025-06-13), so the backward pass gathers the norm
    // outputs that feed the attention and the MLP again: half a pass of collectives more
    double layerTp = tpPass + tpBackwardPass + (c.recompute == EvalConfig.RECOMPUTE_FULL ? tpPass
        : c.recompute == EvalConfig.RECOMPUTE_OP_SELECTIVE && c.sequenceParallel ? 0.5 * tpPass : 0);
    if (c.distributeCheckpoints && c.recompute == EvalConfig.RECOMPUTE_FULL && !c.sequenceParallel && tp > 1) {
      // metaseq's --distribute-checkpointed-activations (checkpoint_activations.py at f7ffa5fd): the forward
      // copies its 1/tp chunk of the layer input (read the input, write the chunk), the backward all-gathers the
      // input before recomputing the layer, which waits for it
      layerTp += gatherOrScatter(e * tokens * h, tp, hw.groupBandwidth(tp, 1), hw.groupLatency(tp, 1));
      layerMemory += tokens * e * h * (1 + 1 / t) / bw;
    }
    double layerCp = cpFwd + cpBwd + (c.recompute == EvalConfig.RECOMPUTE_FULL ? cpFwd : 0);
    double layerEp = 2 * epPass + (c.recompute == EvalConfig.RECOMPUTE_FULL ? epPass : 0);
    // an MoE layer issued eagerly: the host issues its kernels one by one (moeHostSeconds), and the dropless
    // dispatcher's device-to-host read of the tokens per expert keeps the host from running ahead into the next
    // layer, so the layer takes the longer of its device time and its host time. The device time counts the
    // collectives the host issues past: the all-to-all dispatcher synchronises before its dispatch all-to-all
    // (cuda_sync_point "before_ep_alltoall", token_dispatcher.py at core_v0.15.0), so all four of a micro-batch's
    // all-to-alls run while the host issues; the flex dispatcher's counts come out of the dispatch itself and
    // TEGroupedMLP.forward reads them to the host (tokens_per_expert.tolist(), experts.py at core_v0.15.0), so the
    // host waits out the forward dispatch. An all-to-all that an overlap already hides behind compute is not counted.
    // At that synchronisation the device has drained its queue, so the attention core issued just before it is not
    // hidden behind host work either (moeSyncDrainSeconds): a host-bound layer takes its host time plus that drain.
    // Megatron-Core's combined 1F1B: a paired step runs one virtual micro-batch's forward beside another's backward,
    // layer by layer, each all-to-all behind one named part of the other's computation (combinedOneFOneBExposedSeconds);
    // the warm-up forwards and cool-down backwards run alone, their all-to-alls exposed (combinedOneFOneBPairedFraction,
    // for the first rank, which has the most); what is hidden still takes SMs from the computation beside it
    // (combinedOneFOneBCommunicationShare). layerEpCombined is what of layerEp a layer pays on average.
    boolean combined = combinedOneFOneB(c);
    double layerEpCombined = layerEp;
    if (combined) {
      double paired = combinedOneFOneBPairedFraction(c.microBatches(), c.pp, c.virtualStages, 0);
      double pairExposed = combinedOneFOneBExposedSeconds(l, computeF + memF, computeB + memB, 2 * epPass);
      layerEpCombined = layerEp
          - paired * Math.max(0, 2 * epPass - pairExposed) * (1 - combinedOneFOneBCommunicationShare(hw, c));
    }
    if (moeFraction > 0) {
      boolean dualPipeHidden = c.schedule == EvalConfig.SCHEDULE_DUALPIPE;
      double forwardDispatches = (c.recompute == EvalConfig.RECOMPUTE_FULL ? 2 : 1) * l.epDispatch;
      double epBesideHost = dualPipeHidden ? 0
          : combined ? layerEpCombined
          : layerEp - (c.flexDispatcher ? forwardDispatches : 0);
      double device = layerCompute + layerMemory + layerTp + layerCp + epBesideHost;
      // whole-layer CUDA graphs: the host replays two graphs per layer and micro-batch and no longer waits on the
      // dispatcher (drop-and-pad has no synchronisation), so the layer runs at its device time
      double host = c.layerCudaGraphs
          ? moeGraphHostSeconds()
          : moeHostSeconds(m, c) + moeSyncDrainSeconds(c, attnFwd);
      layerMemory += moeFraction * Math.max(0, host - device);
    }
    // the slowest stage: the last (its layers, the output head and the loss) or one with the most layers
    int layersInStage = m.layers;
    // the layers the slowest rank runs per micro-batch: its stage's, or under DualPipe the mean of its two stages'
    double rankLayers = m.layers;
    double head = 1;
    final boolean dualPipe = c.schedule == EvalConfig.SCHEDULE_DUALPIPE;
    // multi-token-prediction modules sit with the head (DeepSeek-V3 §3.2.1): one average layer, its
    // projection (a GEMM of 2h × h) and another pass through the head and loss each
    double mtpProjection = c.mtp == 0 ? 0 : 3 * gemm(hw, 4 * tokens * h * h / t, tokens, 2 * h, h / t);
    if (c.pp > 1) {
      int last = lastStageLayers(m, c);
      int most = stageLayers(m, c);
      double perLayer = layerCompute + layerMemory + layerTp + layerCp + layerEp;
      double mtp = c.mtp * (perLayer + l.headCompute + l.headMemory + mtpProjection);
      if (dualPipe) {
        // DualPipe: rank r holds stages r and p − 1 − r, and each takes half the micro-batches (dualPipeRankLayers):
        // the end ranks run the output head, the loss and the MTP module for half of theirs
        double end = dualPipeRankLayers(m.layers, c.pp, 0);
        double middle = 0;
        for (int r = 1; r < c.pp / 2; r++) {
          middle = Math.max(middle, dualPipeRankLayers(m.layers, c.pp, r));
        }
        boolean endSlowest = end * perLayer + 0.5 * (l.headCompute + l.headMemory + mtp) >= middle * perLayer;
        int rank = endSlowest ? 0 : dualPipeBusiestMiddleRank(m.layers, c.pp);
        rankLayers = endSlowest ? end : middle;
        head = endSlowest ? 0.5 : 0;
        // the layers the rank holds (both stages), for the per-unit collectives of a sharded stage
        layersInStage = stageLayersAt(m.layers, c.pp, rank) + stageLayersAt(m.layers, c.pp, c.pp - 1 - rank);
      } else {
        boolean lastSlowest = last * perLayer + l.headCompute + l.headMemory + mtp >= most * perLayer;
        layersInStage = lastSlowest ? last : most;
        rankLayers = layersInStage;
        head = lastSlowest ? 1 : 0;
      }
    }
    double stageCompute = rankLayers * layerCompute;
    double stageMemory = rankLayers * layerMemory;
    double stageTp = rankLayers * layerTp;
    double stageCp = rankLayers * layerCp;
    double stageEp = rankLayers * layerEp;
    if (combined && !dualPipe) {
      stageEp = rankLayers * layerEpCombined;
    }

    // output head and loss on the last stage, embedding on the first (the same GPU when pp = 1),
    // and the multi-token-prediction modules with the head
    stageCompute += head * (l.headCompute + c.mtp * (layerCompute + l.headCompute + mtpProjection));
    stageMemory += head * (l.headMemory + c.mtp * (layerMemory + l.headMemory));
    stageTp += head * c.mtp * layerTp;
    stageEp += head * c.mtp * layerEp;
    if (dualPipe) {
      // DualPipe runs a forward and a backward chunk together and hides both chunks' all-to-alls behind their
      // computation ("both all-to-all and PP communication can be fully hidden", DeepSeek-V3 §3.2.1, Figure 4),
      // the MTP module's with the rest of its chunk; only the paired chunks do (dualPipePairedFraction), and the
      // communication kernels take 20 SMs from the computation beside them (§3.2.2)
      double hidden = dualPipePairedFraction(c.microBatches(), c.pp) * Math.min(stageEp, stageCompute + stageMemory);
      stageEp -= hidden * (1 - dualPipeCommunicationShare(hw));
    }
    if (c.bf16Optimizer) {
      // DeepSpeed's BF16_Optimizer adds each micro-batch's bf16 gradients into fp32 ones after its backward
      // (it stands for the accumulation outside the GEMM below: DeepSpeed's engine does nothing else)
      stageMemory += out.parametersPerGpu * BF16_OPTIMIZER_ACCUMULATION_BYTES / bw;
    } else if (!c.gradientAccumulationFusion) {
      // weight gradients accumulated by a kernel of their own after the GEMM wrote them: every micro-batch
      // reads the 16-bit gradient and reads and writes the accumulated one, over the rank's parameters
      // (its shard under ZeRO-2/3, which reduce-scatter every micro-batch)
      double accumulated = out.parametersPerGpu
          / (c.zero >= 2 && !stageGathered(c) ? (c.zeroShardGroup > 0 ? c.zeroShardGroup : (double) c.dp * c.cp) : 1);
      stageMemory += (e + 2.0 * c.gradientBytes) * accumulated / bw;
      if (c.zero >= 3 && !stageGathered(c)) {
        // ZeRO-3 with sharded gradients (Megatron-FSDP's optim_grads_params): without the fused accumulation the
        // wgrad GEMM writes param.grad, which the post-accumulate-grad hook copies into the unit's unsharded
        // main_grad bucket before the bucket is reduce-scattered (megatron_fsdp.py _grad_acc at Megatron-LM
        // d98e8a64: "Copy the gradient into the allocated main gradient bucket"): every micro-batch reads the
        // 16-bit gradient and writes the bucket's element, over the rank's unsharded parameters
        stageMemory += (e + c.gradientBytes) * out.parametersPerGpu / bw;
      }
    }

    // activations offloaded to host memory: copied out in the forward, back in the backward, on streams of
    // their own beside the compute; what the copies outlast is exposed (see offloadExposed)
    double offloadCopy = 0;
    double offloadExposed = 0;
    if (c.offloadLayers > 0 && c.pp == 1) {
      double copy = layerActivationBytes(m, c, true) / hw.hostLinkBandwidth;
      offloadCopy = 2.0 * c.offloadLayers * copy;
      offloadExposed = offloadExposed(m.layers, c.offloadLayers, copy, computeF + memF, true)
          + offloadExposed(m.layers, c.offloadLayers, copy, computeB + memB, false);
      stageMemory += offloadExposed;
    }

    // pipeline messages: forward activation and backward gradient per chunk
    double stageP2p = 0;
    if (c.pp > 1) {
      double neighbourStride = (double) tp * c.cp * c.dp;
      boolean sameNode = neighbourStride < hw.gpusPerNode;
      double p2pBw = sameNode ? hw.scaleUpBandwidth : hw.scaleOutBandwidth;
      double p2pLat = sameNode ? hw.latency : hw.interNodeLatency;
      double size = e * tokens * h / (c.scatterGather || c.sequenceParallel ? t : 1);
      double transfer = size / p2pBw;
      if (c.virtualStages > 1 && c.pipelineOverlap && combined) {
        // the combined 1F1B step posts its chunk's send and the next chunk's receive after the paired layers
        // and waits for the receive as the next step begins; between the two only the first layer's
        // attention weight gradient runs, delayed there "for overlapping with the p2p comm"
        // (TransformerModelChunkSchedulePlan.run, megatron/core/models/common/model_chunk_schedule_plan.py, and
        // pp_post_forward / pp_pre_forward in forward_backward_pipelining_with_interleaving,
        // megatron/core/pipeline_parallel/schedules.py, both at core_v0.15.0)
        transfer = Math.max(0, transfer - (l.linear - l.expertLinear));
      } else if (c.virtualStages > 1 && c.pipelineOverlap) {
        // the interleaved schedule posts each chunk's sends and receives before the chunk's compute
        // and waits after it (Megatron-LM's --overlap-p2p-communication, on by default with virtual
        // stages; PyTorch pipelining's runtime alike): only what outlasts a chunk's forward shows
        transfer = Math.max(0, transfer - stageCompute / (3.0 * c.virtualStages));
      }
      stageP2p = 2.0 * c.virtualStages * (p2pLat + transfer);
      if (dualPipe) {
        stageP2p -= hw.overlapEfficiency * Math.min(stageP2p, stageCompute);
      }
    }

    // data parallelism (over dp × cp, or the HSDP shard group)
    int dpGroup = c.dp * c.cp;
    int shardGroup = c.zeroShardGroup > 0 ? c.zeroShardGroup : dpGroup;
    double paramsPerGpu = out.parametersPerGpu;
    // within a TPU slice, the data-parallel axes beside a tensor-parallel one have the other torus axes' links
    double dpBw = hw.groupBandwidth(shardGroup, tp, hw.torusShare(tp, false));
    double lat = hw.groupLatency(shardGroup, tp);
    double overlap = hw.overlapEfficiency * c.dataParallelOverlap;
    double stageWithoutFsdp = stageCompute + stageMemory + stageTp + stageCp + stageEp + stageP2p;
    int micros = c.microBatches();
    double fsdpPerMicro = 0;
    double fsdpPerStep = 0;
    double fsdpTotal = 0;
    if (c.zero >= 3 && shardGroup > 1) {
      double ag = gatherOrScatter(c.parameterCommBytes * paramsPerGpu, shardGroup, dpBw, lat);
      double rs = gatherOrScatter(c.gradientCommBytes * paramsPerGpu, shardGroup, dpBw, lat);
      if (c.pp > 1) {
        // with pipeline parallelism the gathered stage is kept through the step (torchtitan sets
        // reshard_after_forward=False with PP) and gradients are reduced after the last micro-batch's
        // backward only (PyTorch's pipeline stage turns FSDP's gradient sync off before it): one
        // all-gather and one reduce-scatter per step, against one micro-batch's compute
        fsdpTotal = ag + rs;
        if (hw.ringCollectives) {
          // every unit (block and chunk root) gathered and reduced once a step, each its own ring
          fsdpTotal += fsdpPipelinedUnitLatency(layersInStage, c.virtualStages, shardGroup, lat);
        }
        fsdpPerStep = fsdpTotal - overlap * Math.min(fsdpTotal, stageWithoutFsdp);
      } else {
        // resharded after the forward: gathered again for the backward, every micro-batch
        fsdpTotal = 2 * ag + rs;
        if (c.dataParallelOverlap > 0 && !c.fsdpPrefetchAfterBackward) {
          // FSDP2 / Megatron-FSDP: layer-by-layer prefetch, derived (see fsdpLayerwiseExposed)
          // each block and the root unit run collectives of their own, each paying its ring's step latencies
          double unit = hw.ringCollectives ? (shardGroup - 1.0) * lat : 0;
          fsdpPerMicro = fsdpLayerwiseExposed(ag, rs, layersInStage,
              layersInStage * (computeF + memF), layersInStage * (computeB + memB + computeR + memR), unit);
          if (hw.ringCollectives) {
            fsdpTotal += fsdp2UnitLatency(layersInStage, shardGroup, lat);
          }
        } else {
          // FSDP1 with BACKWARD_POST (Composer, llm-foundry), or with BACKWARD_PRE (the same collectives on
          // the same NCCL stream, issued in another order; FsdpBackwardPrefetch.POST, s20l): the backward
          // all-gathers wait for the gradient computation; what else hides is the fitted overlap efficiency,
          // fitted on these runs.
          // Each FSDP unit (one per block, see fsdpUnitLatency) is a collective of its own: its ring latency
          // (not overlapped: the same per-unit collectives, FSDP1's or FSDP2's count)
          if (hw.ringCollectives) {
            fsdpTotal += c.fsdpPrefetchAfterBackward
                ? fsdpUnitLatency(layersInStage, shardGroup, lat)
                : fsdp2UnitLatency(layersInStage, shardGroup, lat);
          }
          fsdpPerMicro = fsdpTotal - overlap * Math.min(fsdpTotal, stageWithoutFsdp);
        }
      }
    }
    double stage = stageWithoutFsdp + fsdpPerMicro;
    // bubble (DeepSeek-V3 Table 2): 1F1B (p−1)(F+B), interleaved (p−1)(F+B)/v, ZB-H1 (p−1)(F+B−2W),
    // DualPipe (p/2−1)(F&B+B−3W); W, the weight-gradient GEMMs, cost one forward pass of the GEMMs
    double bubble = (c.pp - 1.0) / c.virtualStages * stage;
    if (c.pp > 1 && c.schedule != EvalConfig.SCHEDULE_1F1B) {
      double w = rankLayers * linear;
      if (c.schedule == EvalConfig.SCHEDULE_ZERO_BUBBLE) {
        bubble = (c.pp - 1.0) * Math.max(0, stage - 2 * w);
      } else {
        double backward = rankLayers * (computeB + memB + computeR + memR);
        bubble = (c.pp / 2.0 - 1) * Math.max(0, stage + backward - 3 * w);
      }
    }
    double pipeline = micros * stage + bubble;

    double dpComm = 0;
    double dpGather = 0; // the distributed optimizer's parameter all-gather, part of dpComm
    double denseGather = 0; // its dense (not routed-expert) part
    double denseReduce = 0; // the dense parameters' gradient reduce-scatter (all-reduce), part of dpComm
    double replicaReduceLayerwise = 0; // HSDP's cross-replica all-reduce issued unit by unit (hsdpReducePerUnit)
    // the routed experts' share, reduced and gathered over the expert-data-parallel group (expertDataParallelGroup)
    int expertGroup = expertDataParallelGroup(c, shardGroup, dpGroup);
    double expertParams = expertGroup > 0 ? Math.min(paramsPerGpu, out.expertParametersPerGpu) : 0;
    double denseParams = paramsPerGpu - expertParams;
    if (c.zero < 3 && (shardGroup > 1 || expertGroup > 1)) {
      int expertStride = c.etp * c.ep;
      double expertBw = hw.groupBandwidth(expertGroup, expertStride, hw.torusShare(tp, false));
      double expertLat = hw.groupLatency(expertGroup, expertStride);
      if (c.zero == 0) {
        dpComm = allReduce(c.gradientCommBytes * denseParams, shardGroup, dpBw, lat)
            + allReduce(c.gradientCommBytes * expertParams, expertGroup, expertBw, expertLat);
      } else {
        denseGather = gatherOrScatter(c.parameterCommBytes * denseParams, shardGroup, dpBw, lat);
        dpGather = denseGather + gatherOrScatter(c.parameterCommBytes * expertParams, expertGroup, expertBw, expertLat);
        denseReduce = c.bf16Optimizer
            ? allReduce(c.gradientCommBytes * denseParams, shardGroup, dpBw, lat)
            : gatherOrScatter(c.gradientCommBytes * denseParams, shardGroup, dpBw, lat);
        // DeepSpeed's BF16_Optimizer all-reduces the whole fp32 gradients (the engine's
        // buffered_allreduce_fallback over get_grads_for_reduction()), then updates its partition
        dpComm = denseReduce
            + (c.bf16Optimizer
                ? allReduce(c.gradientCommBytes * expertParams, expertGroup, expertBw, expertLat)
                : gatherOrScatter(c.gradientCommBytes * expertParams, expertGroup, expertBw, expertLat))
            + dpGather;
      }
    }
    // PyTorch FSDP1 with SHARD_GRAD_OP (fsdp1ShardGradOp): a collective per unit and pass, not Megatron-Core's buckets
    boolean fsdp1ShardGradOp = fsdp1ShardGradOp(c) && shardGroup > 1;
    if (fsdp1ShardGradOp && hw.ringCollectives) {
      // the stage-wide all-gather and reduce-scatter above already pay one ring's latencies each
      dpComm += ringLatencies(2.0 * layersInStage, shardGroup, lat);
    }
    if (shardGroup < dpGroup) {
      // HSDP or ZeRO within a group: the replicas also all-reduce their shard across groups
      int replicas = dpGroup / shardGroup;
      double replicaBw = hw.groupBandwidth(replicas, tp * shardGroup);
      double replicaLat = hw.groupLatency(replicas, tp * shardGroup);
      double shardBytes = c.gradientCommBytes * paramsPerGpu / (c.zero >= 1 ? shardGroup : 1);
      double replicaReduce = allReduce(shardBytes, replicas, replicaBw, replicaLat);
      if (hsdpReducePerUnit(c, hw)) {
        replicaReduceLayerwise = replicaReduce;
      } else {
        dpComm += replicaReduce;
      }
    }
    double backwardWindow = rankLayers * (computeB + memB);
    double dpExposed;
    if (fsdp1ShardGradOp) {
      // what hides is FSDP1's fitted overlap efficiency, against the step's compute, as under FULL_SHARD
      dpExposed = dpComm - overlap * Math.min(dpComm, stageWithoutFsdp);
    } else if (c.zero < 3 && c.dataParallelOverlap > 0 && dpComm > 0) {
      // Megatron-Core's bucketed overlap (--overlap-grad-reduce, --overlap-param-gather): each bucket
      // of gradients is reduced (reduce-scattered under the distributed optimizer) as soon as the
      // last micro-batch's backward has produced it, and each bucket of parameters is all-gathered
      // just before the next step's first forward needs it; the last gradient bucket and the first
      // parameter bucket cannot overlap, nor what exceeds the backward (forward) window
      double buckets = Math.max(1, paramsPerGpu / bucketParameters(c, shardGroup));
      double reduce = dpComm - dpGather;
      double forwardWindow = rankLayers * (computeF + memF);
      double lastReduce = reduce / buckets;
      double firstGather = dpGather / buckets;
      if (c.fp8ParameterBuckets && buckets > 1 && denseParams > 0) {
        // FP8 parameters (fp8_param_gather): Megatron-Core puts the FP8 weights in a uint8 buffer and everything
        // else (embedding, output layer, norms, biases, router) in a buffer of its own dtype, makes each FP8
        // bucket a bucket group and merges every non-FP8 bucket into the last FP8 group, the one holding the
        // model's first layer (partition_buckets, case 3, megatron/core/distributed/param_and_grad_buffer.py
        // l.822-927 at NVIDIA/Megatron-LM core_v0.13.1; unchanged from 033d8b0de5, 2024-09-05, the commit that
        // added fp8_param_gather, to core_v0.19.0). That group's reduce-scatter can start only once the
        // embedding's gradient exists, at the end of the backward; its all-gather is the one the next
        // forward's first pre-hook dispatches and waits for (_make_forward_pre_hook → finish_param_sync, which
        // starts an undispatched group's all-gather and waits on it; distributed_data_parallel.py l.450-484,
        // param_and_grad_buffer.py l.253-289 at core_v0.13.1; DistributedOptimizer.step_with_ready_grads
        // leaves the first all-gather to the forward pre-hook, distrib_optimizer.py l.2147-2172). So the
        // exposed tail is a mean bucket plus the non-FP8 parameters, reduced in the gradients' precision and
        // gathered in their stored one (s23j)
        double merged = Math.min(firstStageNonFp8Parameters(m, c), denseParams * (1 - 1 / buckets));
        lastReduce = Math.min(reduce, lastReduce + denseReduce * merged / denseParams);
        firstGather = Math.min(dpGather,
            firstGather + denseGather * c.weightBytes * merged / (c.parameterCommBytes * denseParams));
      }
      double bucketed = Math.max(lastReduce, reduce - backwardWindow)
          + (dpGather > 0 ? Math.max(firstGather, dpGather - forwardWindow) : 0);
      // the hidden part still slows the compute it runs beside (SMs and HBM shared with the
      // collective's kernels) by OVERLAP_COMPUTE_SLOWDOWN of its duration
      double hidden = dpComm - Math.min(dpComm, bucketed);
      dpExposed = dpComm - c.dataParallelOverlap * (1 - OVERLAP_COMPUTE_SLOWDOWN) * hidden;
    } else {
      dpExposed = dpComm - overlap * Math.min(dpComm, backwardWindow);
    }
    if (replicaReduceLayerwise > 0) {
      dpExposed += hsdpReduceExposed(replicaReduceLayerwise, layersInStage,
          rankLayers * (computeB + memB + computeR + memR));
      dpComm += replicaReduceLayerwise;
    }
    // tied embeddings under pipeline parallelism: the first stage's embedding and the last stage's output
    // head are one matrix held twice, whose gradients the two stages all-reduce after the last micro-batch's
    // backward, in the gradients' reduction precision and outside the overlapped buckets (Megatron-LM's
    // _allreduce_word_embedding_grads in finalize_model_grads; DeepSpeed's pipeline ReduceTiedGrads, on the
    // fp32 gradients of its BF16_Optimizer). Multi-token-prediction modules on the last stage share the
    // first stage's embedding the same way: Megatron-Core reduces the shared weight "if weights are duplicated
    // across stages", share_embeddings_and_output_weights "or" mtp_num_layers (_get_shared_word_embedding_weight,
    // megatron/core/distributed/finalize_model_grads.py l.145-148 at NVIDIA/Megatron-LM b0cc2706d; s21c). DualPipe
    // holds the first and last stages on one rank, so nothing is duplicated there.
    double tiedEmbeddingSync = 0;
    boolean embeddingOnTwoRanks = m.tiedEmbeddings || (c.mtp > 0 && c.schedule != EvalConfig.SCHEDULE_DUALPIPE);
    if (embeddingOnTwoRanks && c.pp > 1) {
      int stride = tp * c.cp * c.dp * (c.pp - 1);
      tiedEmbeddingSync = allReduce(c.gradientCommBytes * m.embedding / t, 2, hw.groupBandwidth(2, stride),
          hw.groupLatency(2, stride));
      dpExposed += tiedEmbeddingSync;
    }

    // optimizer step: read and write master weights and states, read gradients, write weights
    double shardedParams = c.zero >= 1 ? denseParams / shardGroup + expertParams / Math.max(1, expertGroup) : paramsPerGpu;
    double stepBytes =
        shardedParams
            * (2 * (c.masterBytes + c.optimizerBytes)
                + c.gradientBytes
                + 2 * c.gradientCopyBytes
                + c.weightBytes * (c.masterBytes > 0 ? 1 : 2));
    double optimizer = stepBytes / bw;

    double perMicroScale = micros;
    out.computeSeconds = perMicroScale * stageCompute;
    out.memoryBoundSeconds = perMicroScale * stageMemory;
    out.tensorParallelSeconds = perMicroScale * stageTp;
    out.contextParallelSeconds = perMicroScale * stageCp;
    out.expertParallelSeconds = perMicroScale * stageEp;
    out.pipelineP2pSeconds = perMicroScale * stageP2p;
    out.fsdpSeconds = perMicroScale * fsdpPerMicro + fsdpPerStep;
    out.bubbleSeconds = bubble;
    out.dataParallelSeconds = dpExposed;
    out.dataParallelTotalSeconds = dpComm + tiedEmbeddingSync + (c.pp > 1 ? fsdpTotal : micros * fsdpTotal);
    out.optimizerSeconds = optimizer;
    out.offloadExposedSeconds = perMicroScale * offloadExposed;
    out.offloadCopySeconds = perMicroScale * offloadCopy;
    out.stepSeconds = pipeline + fsdpPerStep + dpExposed + optimizer;

    double gpus = c.gpus();
    double tokensPerStep = (double) c.globalBatch * c.seq;
    out.tokensPerSecondPerGpu = tokensPerStep / (out.stepSeconds * gpus);
    out.achievedFlopsPerGpu = out.modelFlopsPerToken * out.tokensPerSecondPerGpu;
    out.hardwareFlopsPerGpu = out.hardwareFlopsPerToken * out.tokensPerSecondPerGpu;
    out.mfu = out.achievedFlopsPerGpu / hw.matmulPeak;
    out.hfu = out.hardwareFlopsPerGpu / hw.matmulPeak;
  }
  /**
   * Returns the exposed time of one pass's activation copies to or from host memory, seconds per
   * micro-batch, as Transformer Engine schedules them for Megatron-Core's {@code cpu_offloading}
   * ({@code AsyncDoubleBufferGroupOffloadHandler} in {@code transformer_engine/pytorch/cpu_offload.py},
   * called from {@code TransformerBlock} through {@code get_cpu_offload_context} with the model's layer
   * count). The first {@code n} layers are offload groups; group i must be copied by the end of layer
   * {@code w(i) = (L/n)(i + 1) − 1} (plus {@code i + 1} for the first {@code L mod n} groups, the remainder
   * spread over them), its {@code layer_window_map}. Forward: group 0's device-to-host copy starts after
   * layer 0; at the end of layer {@code w(i)} the compute waits for group i's copy, frees it and starts
   * group i + 1's, one copy in flight at a time. Backward: before layer {@code w(i)}'s backward the compute
   * waits for the previous host-to-device reload and starts group i's; before layer 0's it waits for the
   * last. Each copy hides behind the layers between two windows; what it outlasts stalls the compute.
   *
   * @param layers L, the model's layers
   * @param n the offloaded layers, 0 < n < L
   * @param copy one layer's copy, seconds (its saved activations over the link, one direction)
   * @param layerTime one layer's forward (backward) time, seconds
   * @param forward whether the pass is the forward one (device to host) or the backward one (host to device)
   * @return the exposed seconds of the pass
   */
  static double offloadExposed(int layers, int n, double copy, double layerTime, boolean forward) {
    int[] window = new int[n];
    int constant = 0;
    for (int i = 0; i < n; i++) {
      window[i] = layers / n * (i + 1) - 1;
      if (i < layers % n) {
        window[i] += i + 1;
        constant = i + 1;
      } else {
        window[i] += constant;
      }
    }
    double t = 0;
    double copyEnd = 0;
    if (forward) {
      int j = 0;
      for (int k = 0; k < layers; k++) {
        t += layerTime;
        if (k == 0) {
          copyEnd = t + copy;
        }
        if (j < n && window[j] == k) {
          t = Math.max(t, copyEnd);
          copyEnd = t + copy;
          j++;
        }
      }
    } else {
      int j = n - 1;
      for (int k = layers - 1; k >= 0; k--) {
        if (j >= 0 && window[j] == k) {
          t = Math.max(t, copyEnd);
          copyEnd = t + copy;
          j--;
        }
        if (k == 0) {
          t = Math.max(t, copyEnd);
        }
        t += layerTime;
      }
    }
    return Math.max(0, t - layers * layerTime);
  }
}
