package dev.llmcost.costmodel.internal.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.LayerMixer;
import dev.llmcost.core.model.LayerSpec;
import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.inference.InferenceAttentionKernel;
import dev.llmcost.costmodel.inference.InferenceCalibration;
import dev.llmcost.costmodel.inference.KvCacheSize;
import dev.llmcost.costmodel.inference.ServingOverheads;
import dev.llmcost.costmodel.inference.TunedGemmTimes;
import dev.llmcost.costmodel.internal.ExpertReach;
import dev.llmcost.costmodel.internal.efficiency.ExpertTokenCurve;
import dev.llmcost.costmodel.internal.efficiency.GemmShape;
import dev.llmcost.costmodel.internal.efficiency.GemmTiles;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import dev.llmcost.costmodel.internal.efficiency.SpecKeyedCache;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * The roofline of one forward pass on one GPU of the slowest pipeline stage, for a fixed model,
 * accelerator, parallelism, data types, attention kernel and overheads; the batch and lengths are
 * arguments, so one instance serves many batches (the capacity search, the throughput curve).
 *
 * <p>Each operator group's kernels are costed as {@code max(FLOPs / (peak · efficiency), bytes /
 * (bandwidth · fraction))} (Williams et al. 2009, "Roofline"); a weight GEMM's compute ceiling is
 * the {@link EfficiencyProfile}'s large-GEMM fraction times the useful share of its tiles over the
 * SMs ({@link GemmTiles}), the attention cores' the profile's saturating curve; an all-reduce costs {@code 2(t − 1)} ring steps of the profile's
 * latency plus the ring volume {@code 2(t − 1)/t · bytes} over the link (Patarasuk and Yuan 2009),
 * as in the training model, except where the engines' one-stage custom kernel has a measured per-call time that
 * replaces the ring's latency steps ({@link CustomAllReduce}: Blackwell, tp 8, messages below 256 KiB; s24i). Everything is in doubles and no object
 * is allocated unless a breakdown array is passed, so a pass costs a few hundred nanoseconds.
 */
public final class Roofline {

  /** Group index: Q/K/V projections. */
  public static final int G_QKV = 0;
  /** Group index: attention core. */
  public static final int G_ATTENTION = 1;
  /** Group index: output projection. */
  public static final int G_OUT = 2;
  /** Group index: dense MLP and shared experts. */
  public static final int G_MLP = 3;
  /** Group index: router and routed experts. */
  public static final int G_EXPERTS = 4;
  /** Group index: elementwise work. */
  public static final int G_ELEMENTWISE = 5;
  /** Group index: output head. */
  public static final int G_HEAD = 6;
  /** Group index: tensor-parallel all-reduce. */
  public static final int G_ALL_REDUCE = 7;
  /** Group index: pipeline transfer. */
  public static final int G_PIPELINE = 8;
  /** Group index: overhead. */
  public static final int G_OVERHEAD = 9;
  /** Group index: expert-parallel all-to-all (dispatch and combine). */
  public static final int G_ALL_TO_ALL = 10;
  /** Group index: linear-attention and state-space mixers (projections, scan, state traffic). */
  public static final int G_RECURRENT = 11;
  /** Number of groups. */
  public static final int GROUPS = 12;

  /** Slot: FLOPs. */
  public static final int S_FLOPS = 0;
  /** Slot: bytes. */
  public static final int S_BYTES = 1;
  /** Slot: compute seconds. */
  public static final int S_COMPUTE = 2;
  /** Slot: memory seconds. */
  public static final int S_MEMORY = 3;
  /** Slot: seconds. */
  public static final int S_TIME = 4;
  /** Slots per group. */
  public static final int SLOTS = 5;

  private static final long WIDE = 1L << 20;
  /** The MMA's row granule a decode kernel pads a query group to (PTX ISA: N a multiple of 8). */
  private static final double DECODE_MMA_ROWS = 8;
  /**
   * The query rows of one FlashMLA decode block: a {@code 64 × 512} output matrix per block, split
   * between two warpgroups (deepseek-ai/FlashMLA docs/20250422-new-kernel-deep-dive.md, "High-Level
   * Design of the New Kernel").
   */
  public static final int MLA_DECODE_BLOCK_ROWS = 64;

  /**
   * The fused attention kernel whose measured causal forward pass prices prefill attention: cuDNN's
   * fused attention, NVIDIA's own flash-style kernel, measured forward-only on H100 (attention.csv:
   * 484 TFLOP/s at 2,048 tokens, 539 at 16,384, FP16, head dimension 128) and B200 (479 at 2,048,
   * 1,171 at 8,192, 1,332 at 16,384, BF16, NVIDIA/cudnn-frontend's SDPA benchmark artifacts). It
   * stands for the serving engines' prefill kernels on that silicon (TensorRT-LLM's context FMHA;
   * FlashAttention-3, which vLLM and SGLang run on Hopper, measures 521–616 TFLOP/s in the same H100
   * table, within 8–14% of cuDNN). Accelerators without forward rows of it keep the GEMM curve at the
   * head dimension.
   */
  public static final String PREFILL_ATTENTION_KERNEL = "cudnn";

  private final EfficiencyProfile profile;
  private final int tp;
  private final int pp;
  private final int ep;
  private final int attnTp;
  private final double share;
  private final double imbalance;
  private final int localExperts;
  /** The share of the routed experts one token pick misses, {@code 1 − topK / experts} (1 without experts). */
  private final double missShare;
  /** The token picks from which every expert is reached to the last bit ({@link #allReachedExponent(double)}). */
  private final double allReachedExponent;
  /**
   * {@code missShare^n} for whole {@code n} below {@link #MISS_POWERS_LENGTH}, as raw bits, each computed with
   * {@code Math.pow} the first time {@link #reached} needs it (0: not yet), shared by the configurations of one
   * share ({@link #MISS_POWERS}); null without routed experts.
   */
  private final @Nullable AtomicLongArray missPowers;
  private final double dispatchBytes;
  private final double gatherBytes;
  private final boolean allGather;
  private final double a2aUpBandwidth;
  private final double a2aOutBandwidth;
  private final double a2aUpLatency;
  private final double a2aOutLatency;
  /**
   * Copies of a token that DeepEP's normal kernels send across the network (one per other node holding one of its
   * experts, {@link ExpertReach#expectedOtherParts}) and over NVLink (one per other rank holding one, less one per
   * node: the RDMA receiver's own), 0 where the expert-parallel group fits the scale-up domain.
   */
  private final double normalOffCopies;
  private final double normalUpCopies;
  private final int domain;
  private final double stageLayers;
  private final double windowLayers;
  private final double fullLayers;
  private final double denseLayers;
  private final double moeLayers;
  private final int window;
  /** Layers of the stage whose attention projections run (all but linear-attention and state-space layers). */
  private final double projectionLayers;
  private final RecurrentMixers recurrent;

  private final double hidden;
  private final double act;
  private final double wq;
  /**
   * Bytes per weight of the attention input projections (q/k/v, latent attention's q_a/kv_a and q_b/kv_b):
   * {@code InferenceScenario#attentionWeights}, {@link #wq} unless given.
   */
  private final double wqAttention;
  /** The compute rate of the attention input projections: their storage type's math, as {@link #gemmRate}. */
  private final double attentionGemmRate;
  /** Bytes per weight and GEMM compute rate of the attention output projection (o_proj): {@code attentionOutputWeights}. */
  private final double wqAttentionOut;
  private final double attentionOutGemmRate;
  /** Bytes per routed-expert weight, block scales included. */
  private final double wqExpert;
  private final double wo;
  private final double kvBytes;

  private final double gemmRate;
  /** The compute rate of the routed experts' grouped GEMMs: their storage type's math, as {@link #gemmRate}. */
  private final double expertGemmRate;
  /**
   * The compute ceiling of the routed experts' grouped GEMMs where they run NVFP4 on a silicon family with a
   * measured compute-bound fused NVFP4 MoE layer: FP4 peak × {@link Microbenchmarks#fusedMoeFp4Fraction}
   * (grouped-gemm.csv); infinite elsewhere.
   */
  private final double expertFusedCeiling;
  /**
   * The family's measured fused-MoE weight-read fractions, prepared once ({@link
   * Microbenchmarks#fusedMoeBandwidthCurve}); null where the family has none.
   */
  private final @Nullable ExpertTokenCurve fusedMoeCurve;
  /**
   * The family's measured FP8 grouped-GEMM compute fractions where the routed experts run FP8 math, prepared once
   * ({@link Microbenchmarks#groupedGemmFp8Curve}); null elsewhere.
   */
  private final @Nullable ExpertTokenCurve fp8GroupedCurve;
  /** The FP8 dense peak, FLOP/s, where {@link #fp8GroupedCurve} is set; 0 elsewhere. */
  private final double fp8Peak;
  /** The datasheet memory bandwidth, bytes/s. */
  private final double datasheetBandwidth;
  private final double peak16;
  private final double bandwidth;
  private final double allReduceBandwidth;
  private final double pipelineBandwidth;
  private final double latency;

  private final double[] projN;
  private final double[] projK;
  private final double outN;
  private final double outK;
  private final double mlpUpN;
  private final double mlpDownK;
  private final double sharedUpN;
  private final double sharedDownK;
  private final int experts;
  private final int topK;
  private final double expertUpN;
  private final double expertDownK;
  private final double upDepth;
  private final double downDepth;
  private final double headN;
  /**
   * The weight GEMMs of a pass with their tiles prepared on the accelerator's SMs ({@link GemmShape}), in
   * the order of {@link #projN}, and then one per matrix; null where the matrix is absent (no dense
   * layers, no shared experts, a dense model's router).
   */
  private final GemmShape[] projections;
  private final GemmShape outProjection;
  private final @Nullable GemmShape mlpUp;
  private final @Nullable GemmShape mlpDown;
  private final @Nullable GemmShape router;
  private final @Nullable GemmShape sharedUp;
  private final @Nullable GemmShape sharedDown;
  private final @Nullable GemmShape expertUp;
  private final @Nullable GemmShape expertDown;
  private final GemmShape head;
  /** The recurrent kinds' projections, in the order of {@link RecurrentMixers#kinds()} and their GEMMs. */
  private final @Nullable GemmShape[][] recurrentProjections;

  private final double qHeads;
  private final double qkDim;
  private final double vDim;
  private final double kvElementsPerTokenLayer;
  private final double prefillKvReadPerToken;
  private final double decodeFlopsPerContext;
  private final double decodeReadPerContext;
  private final double decodeConstantBytes;
  private final double decodeAttentionRate;
  /**
   * The measured forward-only curve {@code {f, s½}} of the fused attention kernel prefill runs at
   * ({@link #PREFILL_ATTENTION_KERNEL}), or null where that kernel's forward pass was not measured on
   * the accelerator's silicon family (the GEMM curve then stands for it).
   */
  private final double @Nullable [] prefillCurve;
  /** Decode attention of the sliding-window and chunked layers: their KV bytes per context token and compute rate. */
  private final double windowDecodeReadPerContext;
  private final double windowDecodeAttentionRate;
  private final boolean eager;
  private final double elementwisePerTokenDense;
  private final double elementwisePerTokenMoe;
  private final double elementwisePerRoutedToken;
  private final double workingWidth;
  private final double denseWorkingWidth;

  private final double perLayerOverhead;
  private final double perStepOverhead;
  /*
   * Per-configuration parts of the pass's terms, each computed as the term's own expression computes it (the same
   * operations in the same order, so the same bits), once here rather than on every pass.
   */
  /** {@code perLayerOverhead · stageLayers + perStepOverhead}: a pass's overheads. */
  private final double passOverhead;
  /** {@code 2.0 · (tp − 1) / tp}: the ring all-reduce's share of the message on each link. */
  private final double ringShare;
  /** {@code 2 · stageLayers}: the stage's all-reduces (two per layer). */
  private final double allReduces;
  /** {@code 2.0 · (tp − 1) · latency}: the ring all-reduce's latency. */
  private final double ringLatency;
  /** Whether a small all-reduce runs the engines' one-stage custom kernel at its measured time ({@link
   * CustomAllReduce}, s24i). */
  private final boolean customAllReduce;
  /** Whether the engine's fused one-shot all-reduce runs from 256 KiB to its limit ({@link CustomAllReduce}, s24l). */
  private final boolean fusedOneShotAllReduce;
  /** {@code elementwisePerTokenDense · denseLayers + elementwisePerTokenMoe · moeLayers}: per local token. */
  private final double elementwisePerLocalToken;
  /** {@code expertUpN · hidden} and {@code hidden · expertDownK}: one routed expert's parameters per GPU. */
  private final double expertUpParams;
  private final double expertDownParams;
  /** {@code 2 · hidden + expertUpN + expertDownK}: the 16-bit values each routed copy reads and writes. */
  private final double expertRowWidth;
  /** {@code headN · hidden · wo}: the output head's weight bytes. */
  private final double headWeightBytes;
  private final boolean fp8Math;
  private final boolean fp4Math;
  private final boolean expertFp8Math;
  private final boolean expertFp4Math;
  private final double matmulPeakFraction;
  private final int computeUnits;
  private final double overlapLoss;
  private final double vectorRate;
  /** The measured FP8 weight GEMM times of the scenario's deployment, where its weight GEMMs run FP8; else null. */
  private final @Nullable TunedGemmTimes tunedGemms;

  /**
   * Prepares the roofline of a serving configuration.
   *
   * @param model the model
   * @param accelerator the accelerator
   * @param tp tensor-parallel degree (validated by the scenario)
   * @param pp pipeline stages
   * @param weights the weight storage of every quantizable linear layer but the routed experts
   * @param expertWeights the weight storage of the routed experts
   * @param attentionWeights the weight storage of the attention input projections (q/k/v; not o_proj)
   * @param attentionOutputWeights the weight storage of the attention output projection (o_proj)
   * @param kvCache the KV-cache type
   * @param attention the attention kernel
   * @param overheads serving overheads
   * @param calibration calibrated factors
   * @param profile the efficiency profile of the accelerator
   * @param ep expert-parallel degree (divides {@code tp}; 1 without expert parallelism)
   * @param attentionDataParallel whether attention, dense MLPs, shared experts and the head run
   *     data-parallel over the {@code tp} GPUs ({@code ep = tp})
   * @param imbalance tokens of the busiest expert-parallel rank over the mean, at least 1
   * @param allGather whether the MoE layers under attention data parallelism gather every rank's
   *     tokens and reduce-scatter the outputs (TensorRT-LLM's fallback) instead of an all-to-all
   * @param tunedGemms measured FP8 weight GEMM times that replace the roofline's terms where they time a GEMM
   *     ({@link dev.llmcost.costmodel.inference.InferenceScenario#tunedGemms}), or null
   * @param fusedOneShotAllReduce whether the engine's fused one-shot all-reduce prices a message from 256 KiB to
   *     its limit ({@link CustomAllReduce#callSeconds}; s24l)
   */
  public Roofline(
      ModelArchitecture model,
      AcceleratorSpec accelerator,
      int tp,
      int pp,
      QuantizationScheme weights,
      QuantizationScheme expertWeights,
      QuantizationScheme attentionWeights,
      QuantizationScheme attentionOutputWeights,
      DType kvCache,
      InferenceAttentionKernel attention,
      ServingOverheads overheads,
      InferenceCalibration calibration,
      EfficiencyProfile profile,
      int ep,
      boolean attentionDataParallel,
      double imbalance,
      boolean allGather,
      @Nullable TunedGemmTimes tunedGemms,
      boolean fusedOneShotAllReduce) {
    this.profile = profile;
    this.allGather = allGather;
    this.tp = tp;
    this.pp = pp;
    this.ep = ep;
    boolean dp = attentionDataParallel && tp > 1;
    this.attnTp = dp ? 1 : tp;
    this.share = dp ? 1.0 / tp : 1;
    this.imbalance = ep > 1 ? imbalance : 1;
    int layers = model.layers();
    int stage = KvCacheSize.layersPerStage(model, pp);
    double share = (double) stage / layers;
    this.stageLayers = stage;
    this.windowLayers = KvCacheSize.windowLayersPerStage(model, pp);
    this.fullLayers = Math.max(0, KvCacheSize.attentionLayersPerStage(model, pp) - windowLayers);
    this.moeLayers = model.moeLayers() * share;
    this.denseLayers = stage - moeLayers;
    this.projectionLayers = model.attentionLayers() * share;

    int h = model.hidden();
    this.hidden = h;
    this.act = 2;
    this.wq = weights.effectiveBitsPerWeight() / 8.0;
    this.wqExpert = expertWeights.effectiveBitsPerWeight() / 8.0;
    this.wo = weights.otherType().bits() / 8.0;
    this.kvBytes = kvCache.bits() / 8.0;

    double sixteen = peak16(accelerator);
    this.peak16 = sixteen;
    this.fp8Math = fp8Math(accelerator, weights, calibration);
    this.fp4Math = fp4Math(accelerator, weights, calibration);
    this.gemmRate = gemmRate(accelerator, calibration, fp8Math, fp4Math, sixteen);
    this.tunedGemms = fp8Math && !fp4Math ? tunedGemms : null;
    this.expertFp8Math = fp8Math(accelerator, expertWeights, calibration);
    this.expertFp4Math = fp4Math(accelerator, expertWeights, calibration);
    this.expertGemmRate = gemmRate(accelerator, calibration, expertFp8Math, expertFp4Math, sixteen);
    // the attention input projections at their own storage and math where given apart (the MLPerf v5.1
    // DeepSeek-R1 NVFP4 checkpoint keeps them in bf16: InferenceScenario.Builder#attentionWeights)
    boolean sameAttention = attentionWeights.equals(weights);
    this.wqAttention = sameAttention ? wq : attentionWeights.effectiveBitsPerWeight() / 8.0;
    this.attentionGemmRate = sameAttention ? gemmRate : gemmRate(accelerator, calibration, attentionWeights, sixteen);
    boolean sameOut = attentionOutputWeights.equals(weights);
    this.wqAttentionOut = sameOut ? wq : attentionOutputWeights.effectiveBitsPerWeight() / 8.0;
    this.attentionOutGemmRate = sameOut ? gemmRate : gemmRate(accelerator, calibration, attentionOutputWeights, sixteen);
    // the measured fused-MoE series of the experts' format: Hopper's bf16 and fp8 ones, Blackwell's NVFP4 ones
    // (s14g); int4, int8, MXFP4 and NF4 experts keep the dense path
    this.fusedMoeCurve = Microbenchmarks.bundled().fusedMoeBandwidthCurve(accelerator, expertWeights);
    this.fp8GroupedCurve = expertFp8Math ? Microbenchmarks.bundled().groupedGemmFp8Curve(accelerator) : null;
    this.fp8Peak = fp8GroupedCurve != null ? accelerator.requirePeak(DType.FP8_E4M3).flopsPerSecond() : 0;
    this.datasheetBandwidth = accelerator.memoryBandwidth().bytesPerSecond();
    OptionalDouble fused = Microbenchmarks.bundled().fusedMoeFp4Fraction(accelerator);
    this.expertFusedCeiling = expertFp4Math && fused.isPresent()
        ? accelerator.requirePeak(DType.FP4).flopsPerSecond() * fused.getAsDouble()
        : Double.POSITIVE_INFINITY;
    // the compute ceiling of the weight GEMMs: the large-GEMM fraction measured for the accelerator
    // times the useful share of the tiles the kernel issues over its SMs (GemmTiles); the bandwidth
    // side is the memory term of each GEMM, counted once
    this.matmulPeakFraction = profile.matmulPeakFraction();
    this.computeUnits = accelerator.computeUnits();
    this.overlapLoss = calibration.gemmOverlapLoss();
    FlopRate vector = accelerator.densePeaks().get(DType.FP32);
    // a GEMM of a few rows runs as a GEMV on the vector units (CUDA cores), not padded to
    // tensor-core tiles: its compute rate never falls below the fp32 vector peak (0 without one)
    this.vectorRate = vector != null ? vector.flopsPerSecond() : 0;
    this.bandwidth = profile.memoryBandwidth(accelerator.memoryBandwidth()).bytesPerSecond();
    double scaleUp =
        accelerator.scaleUpBandwidthPerDirection().bytesPerSecond() * profile.scaleUpBandwidthFraction();
    double scaleOut =
        accelerator.scaleOutBandwidth().bytesPerSecond() * profile.scaleOutBandwidthFraction();
    int domain = accelerator.scaleUpDomain();
    this.allReduceBandwidth = link(tp <= domain, scaleUp, scaleOut);
    this.pipelineBandwidth = link(tp * pp <= domain, scaleUp, scaleOut);
    this.latency = profile.collectiveLatencySeconds();
    this.domain = domain;
    Microbenchmarks mb = Microbenchmarks.bundled();
    // DeepEP's intranode kernels need NVLink; over a PCIe server the dispatch and combine are NCCL
    // transfers at the PCIe fraction collectives.csv measures (the profile's scale-up fraction)
    this.a2aUpBandwidth =
        Math.max(1, accelerator.scaleUpBandwidthPerDirection().bytesPerSecond()
            * (accelerator.scaleUpOverPcie() ? profile.scaleUpBandwidthFraction() : mb.allToAllScaleUpFraction()));
    this.a2aOutBandwidth =
        Math.max(1, accelerator.scaleOutBandwidth().bytesPerSecond() * mb.allToAllScaleOutFraction());
    this.a2aUpLatency = latency;
    this.a2aOutLatency = mb.allToAllScaleOutLatencySeconds();
    // DeepEP dispatches in FP8 when the expert GEMMs take FP8 (or FP4) inputs, else in 16 bits;
    // combine is always 16-bit
    this.dispatchBytes = expertFp8Math || expertFp4Math ? 1 : 2;
    // TensorRT-LLM quantizes the MoE input before its all-gather: FP8 per tensor (1 byte) or NVFP4
    // (half a byte plus one 8-bit scale per 16 values), else 16 bits
    this.gatherBytes = expertFp4Math ? 0.5 + 1.0 / 16 : expertFp8Math ? 1 : 2;

    // attention projections, per GPU
    double ropeWidth;
    if (model.attention() instanceof MultiHeadAttention m) {
      int kvg = KvCacheSize.kvHeadsPerGpu(model, attnTp);
      double hg = (double) m.heads() / attnTp;
      this.qHeads = hg;
      this.qkDim = m.headDim();
      this.vDim = m.headDim();
      // Qwen3-Next's output gate doubles q_proj (a sigmoid gate per query feature)
      double qWidth = model.attentionOutputGate() ? 2 * hg : hg;
      this.projN = new double[] {(qWidth + 2.0 * kvg) * m.headDim()};
      this.projK = new double[] {h};
      this.outN = h;
      this.outK = hg * m.headDim();
      this.window = KvCacheSize.window(model);
      this.kvElementsPerTokenLayer = 2.0 * kvg * m.headDim();
      this.prefillKvReadPerToken = 2.0 * kvg * m.headDim() * act;
      this.decodeFlopsPerContext = hg * 4.0 * m.headDim();
      double group = hg / kvg;
      boolean shared = attention == InferenceAttentionKernel.FLASH || attention == InferenceAttentionKernel.TRTLLM_XQA;
      this.decodeReadPerContext =
          kvElementsPerTokenLayer * kvBytes * (shared ? 1 : group)
              + (attention == InferenceAttentionKernel.EAGER ? hg * act * 4 : 0);
      this.decodeConstantBytes = kvElementsPerTokenLayer * kvBytes + 2 * hg * m.headDim() * act;
      this.decodeAttentionRate = decodeRate(accelerator, shared ? group : 1, shared);
      // TensorRT-LLM's XQA rejects chunked attention: those layers decode per query head (MMHA); the kernel
      // arrives here as TRTLLM_XQA only where that fallback applies (ServingConfig.decodeKernel)
      boolean perHead = attention == InferenceAttentionKernel.TRTLLM_XQA && chunkedWindows(model);
      this.windowDecodeReadPerContext = perHead ? kvElementsPerTokenLayer * kvBytes * group : decodeReadPerContext;
      this.windowDecodeAttentionRate = perHead ? decodeRate(accelerator, 1, false) : decodeAttentionRate;
      ropeWidth = (hg + kvg) * m.headDim();
    } else {
      LatentAttention l = (LatentAttention) model.attention();
      double hg = (double) l.heads() / attnTp;
      this.qHeads = hg;
      this.qkDim = l.qkHeadDim();
      this.vDim = l.vHeadDim();
      double latent = l.kvLoraRank() + l.qkRopeHeadDim();
      if (l.qLoraRank() > 0) {
        this.projN =
            new double[] {l.qLoraRank(), hg * l.qkHeadDim(), latent, hg * (l.qkNopeHeadDim() + l.vHeadDim())};
        this.projK = new double[] {h, l.qLoraRank(), h, l.kvLoraRank()};
      } else {
        this.projN = new double[] {hg * l.qkHeadDim(), latent, hg * (l.qkNopeHeadDim() + l.vHeadDim())};
        this.projK = new double[] {h, h, l.kvLoraRank()};
      }
      this.outN = h;
      this.outK = hg * l.vHeadDim();
      this.window = 0;
      this.kvElementsPerTokenLayer = latent;
      this.prefillKvReadPerToken = hg * (l.qkHeadDim() + l.vHeadDim()) * act;
      // absorbed decode (DeepSeek-V2 §2.1.2): scores and values in the latent space of every head
      this.decodeFlopsPerContext = hg * (2.0 * latent + 2.0 * l.kvLoraRank());
      this.decodeReadPerContext =
          latent * kvBytes + (attention == InferenceAttentionKernel.EAGER ? hg * act * 4 : 0);
      this.decodeConstantBytes = latent * kvBytes + hg * (latent + l.kvLoraRank()) * act;
      // absorbed decode under FLASH runs a FlashMLA-class kernel (latentDecodeRate); TensorRT-LLM's
      // attention backend keeps the GEMM curve at its heads' rows: its MLA generation runs FlashMLA only
      // on SM90 with 64-token KV blocks, not at its default of 32 (thop/attentionOp.cpp), and its own
      // generation kernels have no published rate (infer9g, infer10b: inference-multi-source.md)
      this.decodeAttentionRate = attention == InferenceAttentionKernel.FLASH
          ? latentDecodeRate(accelerator, hg)
          : decodeRate(accelerator, attention == InferenceAttentionKernel.TRTLLM_XQA ? hg : 1, false);
      this.windowDecodeReadPerContext = decodeReadPerContext;
      this.windowDecodeAttentionRate = decodeAttentionRate;
      ropeWidth = (hg + 1) * l.qkRopeHeadDim();
    }
    this.eager = attention == InferenceAttentionKernel.EAGER;
    this.prefillCurve = eager ? null
        : Microbenchmarks.bundled().attentionForwardCurve(accelerator, PREFILL_ATTENTION_KERNEL,
            (int) Math.round(qkDim), FlopRate.of(sixteen)).orElse(null);

    int matrices = model.feedForward().gated() ? 2 : 1;
    double ffn = Math.ceil((double) model.feedForward().intermediateSize() / attnTp);
    this.mlpUpN = matrices * ffn;
    this.mlpDownK = ffn;
    MixtureOfExperts moe = model.moe();
    double shared = Math.ceil((double) moe.sharedIntermediateSize() / attnTp);
    this.sharedUpN = matrices * shared;
    this.sharedDownK = shared;
    this.experts = moe.routedExperts();
    this.topK = moe.expertsPerToken();
    // DeepEP's normal kernels across nodes: one copy per other node and per other rank holding one of the token's
    // experts, under the model's (group-limited) routing; computed once per configuration (ExpertReach caches
    // the general count)
    if (experts > 0 && ep > domain) {
      int nodes = (ep + domain - 1) / domain;
      int groups = moe.routingGroups();
      int perToken = moe.groupsPerToken();
      this.normalOffCopies = ExpertReach.expectedOtherParts(experts, topK, groups, perToken, nodes);
      this.normalUpCopies = (ep - nodes) * ExpertReach.hitProbability(experts, topK, groups, perToken, ep);
    } else {
      this.normalOffCopies = 0;
      this.normalUpCopies = 0;
    }
    // each routed expert is sharded over tp / ep GPUs; each GPU holds experts / ep of them
    double expert = Math.ceil((double) moe.expertIntermediateSize() / (tp / ep));
    this.localExperts = (experts + ep - 1) / ep;
    this.missShare = experts > 0 ? 1 - (double) topK / experts : 1;
    this.allReachedExponent = experts > 0 ? allReachedExponent(missShare) : Double.POSITIVE_INFINITY;
    this.missPowers = experts > 0 && missShare > 0 && missShare < 1
        ? MISS_POWERS.get(Double.doubleToLongBits(missShare), false, k -> new AtomicLongArray(MISS_POWERS_LENGTH))
        : null;
    this.expertUpN = matrices * expert;
    this.expertDownK = expert;
    this.upDepth = GemmTiles.depthShare(h);
    this.downDepth = GemmTiles.depthShare(Math.max(1, expert));
    this.headN = Math.ceil((double) model.vocabSize() / attnTp);

    // two norms (read, write: 4h), two residual adds (read 2h, write h: 6h), rotary on q and k
    double fixedWidth = 10.0 * h + 2 * ropeWidth;
    this.elementwisePerTokenDense = act * (fixedWidth + 3 * ffn);
    this.elementwisePerTokenMoe = act * (fixedWidth + 3 * shared);
    this.elementwisePerRoutedToken = act * 3 * topK * expert / ep * this.imbalance;
    double widest = Math.max(projN.length == 1 ? projN[0] : sum(projN), Math.max(mlpUpN, sharedUpN));
    // without the routed experts, whose outputs live in the fused MoE's own workspace
    this.denseWorkingWidth = hidden + widest;
    widest = Math.max(widest, topK * expertUpN);
    // the residual stream and the widest projection output (the activation overwrites it)
    this.workingWidth = hidden + widest;

    this.perLayerOverhead = overheads.perLayerSeconds();
    this.perStepOverhead = overheads.perStepSeconds();
    this.passOverhead = perLayerOverhead * stageLayers + perStepOverhead;
    this.ringShare = 2.0 * (tp - 1) / tp;
    this.allReduces = 2 * stageLayers;
    this.ringLatency = 2.0 * (tp - 1) * latency;
    this.customAllReduce = CustomAllReduce.applies(accelerator, tp);
    this.fusedOneShotAllReduce = fusedOneShotAllReduce;
    this.elementwisePerLocalToken = elementwisePerTokenDense * denseLayers + elementwisePerTokenMoe * moeLayers;
    this.expertUpParams = expertUpN * hidden;
    this.expertDownParams = hidden * expertDownK;
    this.expertRowWidth = 2 * hidden + expertUpN + expertDownK;
    this.headWeightBytes = headN * hidden * wo;
    this.recurrent = new RecurrentMixers(model, attnTp, share, kvBytes, act, peak16, vectorRate, bandwidth,
        accelerator.memoryBandwidth().bytesPerSecond(), profile);

    this.projections = new GemmShape[projN.length];
    for (int i = 0; i < projN.length; i++) {
      projections[i] = new GemmShape(projN[i], projK[i], computeUnits);
    }
    this.outProjection = new GemmShape(outN, outK, computeUnits);
    this.mlpUp = shape(mlpUpN, h);
    this.mlpDown = shape(h, mlpDownK);
    this.router = shape(experts, h);
    this.sharedUp = shape(sharedUpN, h);
    this.sharedDown = shape(h, sharedDownK);
    this.expertUp = shape(expertUpN, h);
    this.expertDown = shape(h, expertDownK);
    this.head = new GemmShape(headN, h, computeUnits);
    RecurrentMixers.Kind[] kinds = recurrent.kinds();
    this.recurrentProjections = new GemmShape[kinds.length][];
    for (int j = 0; j < kinds.length; j++) {
      recurrentProjections[j] = new GemmShape[kinds[j].gemmN().length];
      for (int i = 0; i < kinds[j].gemmN().length; i++) {
        recurrentProjections[j][i] = shape(kinds[j].gemmN()[i], kinds[j].gemmK()[i]);
      }
    }
  }

  /** Returns a weight GEMM with its tiles prepared, or null where it has no columns or no depth (absent). */
  private @Nullable GemmShape shape(double n, double k) {
    return n > 0 && k > 0 ? new GemmShape(n, k, computeUnits) : null;
  }

  /** Returns whether every windowed layer of the model is a chunked-attention layer (and there is one). */
  private static boolean chunkedWindows(ModelArchitecture model) {
    boolean any = false;
    for (LayerSpec l : model.layerPattern()) {
      if (l.mixer() == LayerMixer.SLIDING_ATTENTION) {
        return false;
      }
      any |= l.mixer() == LayerMixer.CHUNKED_ATTENTION;
    }
    return any;
  }

  /** Returns the GEMM compute rate of weights stored as {@code q}: in the FP4 or FP8 math it runs in, else 16 bits. */
  private static double gemmRate(
      AcceleratorSpec accelerator, InferenceCalibration calibration, QuantizationScheme q, double sixteen) {
    return gemmRate(accelerator, calibration, fp8Math(accelerator, q, calibration), fp4Math(accelerator, q, calibration),
        sixteen);
  }

  /** Returns the GEMM compute rate of weights whose math runs in FP4, FP8 or 16 bits. */
  private static double gemmRate(
      AcceleratorSpec accelerator, InferenceCalibration calibration, boolean fp8, boolean fp4, double sixteen) {
    return fp4
        ? accelerator.requirePeak(DType.FP4).flopsPerSecond() * calibration.fp8MatmulRelativeEfficiency()
            * InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8
        : fp8
            ? accelerator.requirePeak(DType.FP8_E4M3).flopsPerSecond() * calibration.fp8MatmulRelativeEfficiency()
            : sixteen;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  private static double link(boolean inside, double scaleUp, double scaleOut) {
    if (inside && scaleUp > 0) {
      return scaleUp;
    }
    return scaleOut > 0 ? scaleOut : Math.max(scaleUp, 1);
  }

  /**
   * Returns whether GEMMs of {@code weights} run in FP8 (W8A8) on {@code accelerator}: the weights
   * are FP8 and the accelerator has an FP8 peak that, at the calibrated FP8 efficiency, beats its
   * 16-bit peak. Otherwise FP8 weights are dequantized to 16-bit math (weight-only W8A16); the
   * inference model states which.
   *
   * @param accelerator the accelerator
   * @param weights the weight storage
   * @param calibration the calibrated factors
   * @return whether GEMMs run in FP8
   */
  public static boolean fp8Math(
      AcceleratorSpec accelerator, QuantizationScheme weights, InferenceCalibration calibration) {
    boolean fp8Weights =
        weights.weightType() == DType.FP8_E4M3 || weights.weightType() == DType.FP8_E5M2;
    FlopRate fp8 = accelerator.densePeaks().get(DType.FP8_E4M3);
    return fp8Weights
        && fp8 != null
        && fp8.flopsPerSecond() * calibration.fp8MatmulRelativeEfficiency() > peak16(accelerator);
  }

  /**
   * Returns whether GEMMs of {@code weights} run in FP4 (both operands 4-bit, as NVFP4 and MXFP4 GEMMs
   * run on Blackwell): the weights are FP4 and the accelerator has an FP4 peak that, at the
   * calibrated FP8 efficiency times the measured NVFP4-to-FP8 rate ({@link
   * InferenceCalibration#FP4_GEMM_RATE_VERSUS_FP8}), beats its 16-bit peak. Otherwise FP4 weights are dequantized
   * to 16-bit math (weight-only W4A16).
   *
   * @param accelerator the accelerator
   * @param weights the weight storage
   * @param calibration the calibrated factors
   * @return whether GEMMs run in FP4
   */
  public static boolean fp4Math(
      AcceleratorSpec accelerator, QuantizationScheme weights, InferenceCalibration calibration) {
    FlopRate fp4 = accelerator.densePeaks().get(DType.FP4);
    return weights.weightType() == DType.FP4
        && fp4 != null
        && fp4.flopsPerSecond() * calibration.fp8MatmulRelativeEfficiency()
            * InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8 > peak16(accelerator);
  }

  /**
   * Returns the compute ceiling of the routed experts' NVFP4 grouped GEMMs from the measured fused MoE layer
   * of the silicon, in FLOP/s, or empty where none applies ({@link Microbenchmarks#fusedMoeFp4Fraction}).
   */
  public OptionalDouble expertFusedCeiling() {
    return Double.isInfinite(expertFusedCeiling)
        ? OptionalDouble.empty() : OptionalDouble.of(expertFusedCeiling);
  }

  /**
   * Returns the compute ceiling of the routed experts' FP8 grouped GEMMs at {@code exp(logTokensPerExpert)} token
   * rows per expert, in FLOP/s: FP8 peak × {@link Microbenchmarks#groupedGemmFp8Fraction} (its fraction at that many
   * tokens per expert) where the experts run FP8
   * math on a silicon family with measured compute-bound FP8 grouped GEMMs (DeepGEMM's H800 rows for Hopper,
   * grouped-gemm.csv); infinite elsewhere.
   *
   * @param logTokensPerExpert the natural logarithm of the token rows per reached expert, at least 0 (one
   *     logarithm serves both measured curves, {@link #expertReadBandwidth})
   * @return FLOP/s, or positive infinity
   */
  public double expertFp8Ceiling(double logTokensPerExpert) {
    ExpertTokenCurve curve = fp8GroupedCurve;
    return curve == null ? Double.POSITIVE_INFINITY : fp8Peak * curve.atLogarithm(logTokensPerExpert);
  }

  /**
   * Returns the bandwidth at which the routed experts' grouped GEMMs read their weights and token rows when each
   * reached expert multiplies {@code exp(logTokensPerExpert)} rows, in bytes/s: the calibrated HBM bandwidth, but no more
   * than the datasheet bandwidth times the fraction measured fused MoE layers of the silicon family reach at
   * that many tokens per expert ({@link Microbenchmarks#fusedMoeBandwidthFraction}: on Hopper the fastest of
   * vLLM's and SGLang's Triton fused MoE series, 0.73 of the datasheet at 1 token per expert, 0.87-0.88 at 2-16,
   * 0.79 at 64 and held there above, grouped-gemm.csv, infer10f; on Blackwell, for NVFP4 experts, FlashInfer's
   * DeepSeek-V3 EP8 layers on B300, 0.63 at 4 tokens per expert, held at every count (the rows at more tokens
   * include the compute this roofline adds itself), s14g:
   * {@link Microbenchmarks#fusedMoeNvfp4BandwidthFraction}); the calibrated bandwidth where the family has no series
   * of the experts' format ({@link Microbenchmarks#fusedMoeBandwidthCurve(AcceleratorSpec, QuantizationScheme)}).
   *
   * @param logTokensPerExpert the natural logarithm of the token rows per reached expert, at least 0
   * @return bytes/s
   */
  public double expertReadBandwidth(double logTokensPerExpert) {
    ExpertTokenCurve curve = fusedMoeCurve;
    return curve == null ? bandwidth : Math.min(bandwidth, datasheetBandwidth * curve.atLogarithm(logTokensPerExpert));
  }

  /** Returns whether GEMMs run in FP4 (FP4 weights on an accelerator with an FP4 peak). */
  public boolean fp4Math() {
    return fp4Math;
  }

  /** Returns the 16-bit dense peak (bf16, else fp16, else fp32) in FLOP/s. */
  static double peak16(AcceleratorSpec a) {
    FlopRate r = a.densePeaks().get(DType.BF16);
    if (r == null) {
      r = a.densePeaks().get(DType.FP16);
    }
    if (r == null) {
      r = a.densePeaks().get(DType.FP32);
    }
    if (r == null) {
      throw new IllegalArgumentException(
          "accelerator " + a.id() + " has no bf16, fp16 or fp32 peak; it has " + a.densePeaks().keySet());
    }
    return r.flopsPerSecond();
  }

  /**
   * Returns the compute rate of decode attention whose kernel reads each KV head once for {@code
   * queriesPerKvHead} query rows (1 for kernels that re-read it per query head).
   *
   * <p>{@code groupedQueryKernel}: a grouped-query (GQA/MQA) decode kernel that shares each KV head
   * over its group (XQA, trtllm-gen, FlashInfer with tensor cores); latent attention is not one here.
   *
   * <p>Where {@code decode-attention.csv} measures a tensor-core decode kernel for the accelerator's
   * silicon family ({@link Microbenchmarks#decodeAttentionTensorFraction}: FlashMLA's 660 TFLOP/s on
   * H800, 66.7% of the bf16 peak, Blackwell taking Hopper's fraction), the group's query rows run on
   * tensor cores at that fraction times their useful share after padding to the MMA's 8-row granule
   * (Hopper's {@code wgmma.mma_async} and Blackwell's {@code tcgen05.mma} take N in multiples of 8,
   * PTX ISA; the decode kernels put the KV tokens on the 64/128-row side and the group on the
   * other): {@code peak16 × f × g / ⌈g⌉₈}. The measured decode rows agree: TensorRT-LLM's
   * trtllm-gen kernel on B200 in Llama 3 70B's shape (group 8, FP8 cache; vLLM pull request 23647)
   * moves 537 MB in 0.111 ms, memory-bound at 7.1-7.7 TB/s above its one-sequence floor, where the
   * FP32 peak (75 TFLOP/s) would need 0.115 ms for its 8.6 GFLOP. Elsewhere, and never below it,
   * the FP32 vector peak or the GEMM curve at the group's rows (the former model).
   */
  private double decodeRate(AcceleratorSpec a, double queriesPerKvHead, boolean groupedQueryKernel) {
    FlopRate vector = a.densePeaks().get(DType.FP32);
    double v = vector == null ? 0 : vector.flopsPerSecond();
    long rows = Math.max(1, Math.round(queriesPerKvHead));
    double rate = Math.max(v, peak16 * profile.matmulEfficiency(rows, WIDE, WIDE));
    OptionalDouble tensor = Microbenchmarks.bundled().decodeAttentionTensorFraction(a);
    if (groupedQueryKernel && tensor.isPresent()) {
      double padded = Math.ceil(queriesPerKvHead / DECODE_MMA_ROWS) * DECODE_MMA_ROWS;
      rate = Math.max(rate, peak16 * tensor.getAsDouble() * queriesPerKvHead / padded);
    }
    return rate;
  }

  /**
   * Returns the compute rate of absorbed latent-attention decode (DeepSeek-V2 §2.1.2) under a
   * FlashMLA-class kernel, in FLOP/s: the query rows of all heads share the one latent KV head
   * ({@code kv_lora_rank + qk_rope_head_dim} per token, read once: FlashMLA's own memory volume in its
   * test), and the kernel tiles them in blocks of {@value #MLA_DECODE_BLOCK_ROWS} rows, each a
   * {@code 64 × 512} output block (deepseek-ai/FlashMLA docs/20250422-new-kernel-deep-dive.md). The
   * ceiling is the family's computation-bound fraction of the 16-bit peak from {@code
   * decode-attention.csv} ({@link Microbenchmarks#decodeAttentionTensorFraction}: FlashMLA's 660
   * TFLOP/s on H800 SXM5, 0.667 of 989.4; Blackwell takes Hopper's) times the useful share of the row
   * blocks: {@code peak16 × f × h / (⌈h/64⌉·64)} for {@code h} heads on the GPU. The H100 rows of the same
   * dataset (FlashMLA's test at 128 × 4,096 tokens: 16, 32 and 64 query rows in 0.215, 0.218 and
   * 0.223 ms, 2.7-2.8 TB/s) are memory-bound under that ceiling, as the roofline makes them; at
   * DeepSeek-V3's 128 heads without tensor parallelism the kernel is computation-bound (241.8 FLOP per
   * byte of a bf16 latent against 197 for 660 TFLOP/s over 3.35 TB/s; the deep dive's own analysis,
   * section "A Theoretical Analysis"). Never below the former rate (the FP32 peak or the GEMM curve at
   * the heads' rows); families without a tensor-core decode measurement keep it.
   */
  private double latentDecodeRate(AcceleratorSpec a, double heads) {
    double rate = decodeRate(a, heads, false);
    OptionalDouble tensor = Microbenchmarks.bundled().decodeAttentionTensorFraction(a);
    if (tensor.isPresent()) {
      double padded = Math.ceil(heads / MLA_DECODE_BLOCK_ROWS) * MLA_DECODE_BLOCK_ROWS;
      rate = Math.max(rate, peak16 * tensor.getAsDouble() * heads / padded);
    }
    return rate;
  }

  /** Returns whether GEMMs run in FP8 (FP8 weights on an accelerator with an FP8 peak). */
  public boolean fp8Math() {
    return fp8Math;
  }

  /** Returns whether the routed experts' GEMMs run in FP8 (FP8 expert weights on an accelerator with an FP8 peak). */
  public boolean expertFp8Math() {
    return expertFp8Math;
  }

  /** Returns whether the routed experts' GEMMs run in FP4 (FP4 expert weights on an accelerator with an FP4 peak). */
  public boolean expertFp4Math() {
    return expertFp4Math;
  }

  /** Returns the share of a pass's sequences one GPU attends for: {@code 1/tp} with attention data parallelism, else 1. */
  public double attentionShare() {
    return share;
  }

  /**
   * Returns the measured forward curve {@code {f, s½}} prefill attention runs at ({@code peak16 × f ×
   * s/(s + s½)} for an {@code s}-token prompt), or empty where the GEMM curve stands for it.
   *
   * @return a copy of the curve, or empty
   */
  public java.util.Optional<double[]> prefillAttentionCurve() {
    return prefillCurve == null ? java.util.Optional.empty() : java.util.Optional.of(prefillCurve.clone());
  }

  /**
   * Returns the compute rate decode attention runs at on the full-attention layers, in FLOP/s: for latent attention
   * under {@link InferenceAttentionKernel#FLASH} the higher of FlashMLA's block rate and the GEMM curve at the
   * heads' rows ({@link #latentDecodeRate}), so that an assumption line can print the rate the roofline uses.
   *
   * @return FLOP/s
   */
  public double decodeAttentionRate() {
    return decodeAttentionRate;
  }

  /** Returns the layers of the slowest stage. */
  public double stageLayers() {
    return stageLayers;
  }

  /** Returns the achieved HBM bandwidth in bytes per second. */
  public double bandwidth() {
    return bandwidth;
  }

  /**
   * Returns the seconds of one forward pass on one GPU of the slowest stage.
   *
   * @param decodeSeqs sequences decoding one token each (may be fractional in a steady state)
   * @param context the context a decoding token attends to, in tokens
   * @param prefillSeqs sequences whose prompts are prefilled in this pass
   * @param prompt the prompt length of a prefilled sequence, in tokens
   * @param out per-group breakdown {@code [GROUPS × SLOTS]} to add to, or null
   * @param withDecodeAttention whether to include the decode attention (false for the closed-form
   *     sum over contexts)
   * @return seconds
   */
  public double forward(
      double decodeSeqs,
      double context,
      double prefillSeqs,
      int prompt,
      double @Nullable [] out,
      boolean withDecodeAttention) {
    return pass(decodeSeqs, context, prefillSeqs, prompt, out, withDecodeAttention, PART_ALL);
  }

  /** {@link #pass}'s parts: the terms a rank runs for its own tokens. */
  private static final int PART_LOCAL = 1;

  /** {@link #pass}'s parts: the terms over the whole pass's tokens. */
  private static final int PART_ROUTED = 2;

  /** {@link #pass}'s parts: all of {@link #forward}. */
  private static final int PART_ALL = PART_LOCAL | PART_ROUTED;

  /**
   * Returns one part of {@link #forward}'s pass, split as attention data parallelism splits it (s15a): the
   * <b>local</b> part is what each rank runs for its own share of the pass ({@code tokens / tp} under attention
   * data parallelism): the attention projections and attention, the dense MLPs, routers and shared experts, their
   * elementwise work, the output head and the pipeline send; the <b>routed</b> part is what the pass runs over all
   * its tokens at once: the routed experts, the MoE layers' all-gather/reduce-scatter or all-to-all, the routed
   * tokens' elementwise work, tensor-parallel all-reduces, and the per-layer and per-step overheads. The two sum to
   * {@link #forward} (to rounding). Under attention data parallelism every rank runs each layer in lock step, the
   * MoE collective joining them, so a step whose ranks carry unequal work takes the slowest rank's local part plus
   * the routed part (TensorRT-LLM's ADP-balance blog: "the iteration time is dominated by the slowest rank",
   * docs/source/blogs/tech_blog/blog10_ADP_Balance_Strategy.md, NVIDIA/TensorRT-LLM @ 011cfc2c).
   *
   * @param decodeSeqs sequences decoding one token each
   * @param context the context a decoding token attends to, in tokens
   * @param prefillSeqs sequences whose prompts are prefilled in this pass
   * @param prompt the prompt length of a prefilled sequence, in tokens
   * @param out per-group breakdown {@code [GROUPS × SLOTS]} to add to, or null
   * @param withDecodeAttention whether to include the decode attention
   * @param local the local part if true, else the routed part
   * @return seconds
   */
  public double forwardPart(
      double decodeSeqs,
      double context,
      double prefillSeqs,
      int prompt,
      double @Nullable [] out,
      boolean withDecodeAttention,
      boolean local) {
    return pass(decodeSeqs, context, prefillSeqs, prompt, out, withDecodeAttention, local ? PART_LOCAL : PART_ROUTED);
  }

  private double pass(
      double decodeSeqs,
      double context,
      double prefillSeqs,
      int prompt,
      double @Nullable [] out,
      boolean withDecodeAttention,
      int parts) {
    double tokens = decodeSeqs + prefillSeqs * prompt;
    if (tokens <= 0) {
      return 0;
    }
    if (parts != PART_ALL) {
      return (parts & PART_LOCAL) != 0
          ? localPart(decodeSeqs, context, prefillSeqs, prompt, out, withDecodeAttention)
          : routedPart(tokens, prefillSeqs * share > 0, out);
    }
    // with attention data parallelism one GPU attends for its share of the sequences; the routed
    // experts see every token of the pass (through the all-to-all)
    double local = tokens * share;
    double localDecode = decodeSeqs * share;
    double localPrefill = prefillSeqs * share;
    double rows = localDecode + localPrefill;
    double t = rankTerms(out, local, localDecode, localPrefill, prompt, context, withDecodeAttention);
    if (moeLayers > 0) {
      t += routedExperts(out, tokens);
      if (share < 1) {
        t += allGather ? allGatherReduceScatter(out, tokens) : allToAll(out, local, localPrefill > 0);
      }
    }
    double elementwise =
        local * elementwisePerLocalToken
            + tokens * elementwisePerRoutedToken * moeLayers
            + local * hidden * act;
    t += add(out, G_ELEMENTWISE, 0, elementwise, 0, elementwise / bandwidth, elementwise / bandwidth);
    t += lmHead(out, rows);
    if (attnTp > 1) {
      double message = tokens * hidden * act;
      double volume = ringShare * message;
      double seconds =
          allReduces * CustomAllReduce.callSeconds(
              customAllReduce, fusedOneShotAllReduce, message, ringLatency, volume / allReduceBandwidth);
      t += add(out, G_ALL_REDUCE, 0, allReduces * volume, 0, 0, seconds);
    }
    if (pp > 1) {
      double message = local * hidden * act;
      t += add(out, G_PIPELINE, 0, message, 0, 0, latency + message / pipelineBandwidth);
    }
    t += add(out, G_OVERHEAD, 0, 0, 0, 0, passOverhead);
    return t;
  }

  /**
   * The terms of a pass a rank runs for its own tokens, summed in {@link #pass}'s order from zero: attention
   * projections, recurrent mixers, prefill and decode attention, the output projection, dense MLPs, routers and
   * shared experts ({@link #pass} and {@link #localPart} share them; the routed experts and collectives follow).
   */
  private double rankTerms(
      double @Nullable [] out,
      double local,
      double localDecode,
      double localPrefill,
      int prompt,
      double context,
      boolean withDecodeAttention) {
    double t = 0;
    for (GemmShape projection : projections) {
      t += gemm(out, G_QKV, projectionLayers, local, projection, wqAttention, attentionGemmRate);
    }
    if (recurrent.present()) {
      t += recurrentMixers(out, local, localDecode, localPrefill, prompt);
    }
    if (localPrefill > 0) {
      t += prefillAttention(out, localPrefill, prompt);
    }
    if (localDecode > 0 && withDecodeAttention) {
      t += decodeAttention(out, localDecode, context);
    }
    t += gemm(out, G_OUT, projectionLayers, local, outProjection, wqAttentionOut, attentionOutGemmRate);
    if (denseLayers > 0) {
      t += gemm(out, G_MLP, denseLayers, local, mlpUp, wq, gemmRate);
      t += gemm(out, G_MLP, denseLayers, local, mlpDown, wq, gemmRate);
    }
    if (moeLayers > 0) {
      t += gemm(out, G_EXPERTS, moeLayers, local, router, wo, peak16);
      if (sharedUpN > 0) {
        t += gemm(out, G_MLP, moeLayers, local, sharedUp, wq, gemmRate);
        t += gemm(out, G_MLP, moeLayers, local, sharedDown, wq, gemmRate);
      }
    }
    return t;
  }

  /** {@link #forwardPart}'s local part: the terms of {@link #pass} a rank runs for its own tokens, in its order. */
  private double localPart(
      double decodeSeqs,
      double context,
      double prefillSeqs,
      int prompt,
      double @Nullable [] out,
      boolean withDecodeAttention) {
    double tokens = decodeSeqs + prefillSeqs * prompt;
    double local = tokens * share;
    double localDecode = decodeSeqs * share;
    double localPrefill = prefillSeqs * share;
    double t = rankTerms(out, local, localDecode, localPrefill, prompt, context, withDecodeAttention);
    double elementwise = local * elementwisePerLocalToken + local * hidden * act;
    t += add(out, G_ELEMENTWISE, 0, elementwise, 0, elementwise / bandwidth, elementwise / bandwidth);
    t += lmHead(out, localDecode + localPrefill);
    if (pp > 1) {
      double message = local * hidden * act;
      t += add(out, G_PIPELINE, 0, message, 0, 0, latency + message / pipelineBandwidth);
    }
    return t;
  }

  /** {@link #forwardPart}'s routed part: the terms of {@link #pass} over all the pass's tokens, in its order. */
  private double routedPart(double tokens, boolean prefills, double @Nullable [] out) {
    double local = tokens * share;
    double t = 0;
    if (moeLayers > 0) {
      t += routedExperts(out, tokens);
      if (share < 1) {
        t += allGather ? allGatherReduceScatter(out, tokens) : allToAll(out, local, prefills);
      }
    }
    double elementwise = tokens * elementwisePerRoutedToken * moeLayers;
    t += add(out, G_ELEMENTWISE, 0, elementwise, 0, elementwise / bandwidth, elementwise / bandwidth);
    if (attnTp > 1) {
      double message = tokens * hidden * act;
      double volume = ringShare * message;
      double seconds =
          allReduces * CustomAllReduce.callSeconds(
              customAllReduce, fusedOneShotAllReduce, message, ringLatency, volume / allReduceBandwidth);
      t += add(out, G_ALL_REDUCE, 0, allReduces * volume, 0, 0, seconds);
    }
    t += add(out, G_OVERHEAD, 0, 0, 0, 0, passOverhead);
    return t;
  }

  /**
   * Costs the linear-attention and state-space layers of the stage: their input and output
   * projections as GEMMs on the same curve as every other projection, then the token mixing
   * itself ({@link RecurrentMixers}): for decoding sequences one recurrent step that reads and
   * writes each sequence's state, for prefilled prompts the chunked scan.
   */
  private double recurrentMixers(double @Nullable [] out, double local, double decodeSeqs, double prefillSeqs, int prompt) {
    double t = 0;
    RecurrentMixers.Kind[] kinds = recurrent.kinds();
    for (int j = 0; j < kinds.length; j++) {
      for (GemmShape projection : recurrentProjections[j]) {
        t += gemm(out, G_RECURRENT, kinds[j].layers(), local, projection, wq, gemmRate);
      }
    }
    return t + recurrent.mix(decodeSeqs, prefillSeqs, prompt, out);
  }

  private double gemm(
      double @Nullable [] out, int g, double layers, double m, @Nullable GemmShape w, double wBytes, double rate) {
    if (layers <= 0 || m <= 0 || w == null) {
      return 0;
    }
    double n = w.n();
    double k = w.k();
    double flops = 2 * m * n * k;
    double bytes = n * k * wBytes + (m * k + m * n) * act;
    double tm = bytes / bandwidth;
    // s19k: only a GEMM at the weights' FP8 rate takes the tuned table (the projections whose own precision is 16-bit
    // run at another rate and keep the roofline)
    if (tunedGemms != null && rate == gemmRate) {
      double t = tunedSeconds(n, k, m);
      if (t >= 0) {
        return add(out, g, flops * layers, bytes * layers, t * layers, tm * layers, t * layers);
      }
    }
    double tc = flops / Math.max(rate * gemmEfficiency(w, m), vectorRate);
    return add(out, g, flops * layers, bytes * layers, tc * layers, tm * layers, gemmTime(tc, tm) * layers);
  }

  /**
   * Returns the deployment's own tuned kernel time for an FP8 weight GEMM (s19k: shape and token count timed), which
   * replaces the compute and memory terms and their overlap loss and counts as compute; −1 where the table does not
   * time it. Kept out of {@link #gemm} so that the common path stays small.
   */
  private double tunedSeconds(double n, double k, double m) {
    OptionalDouble measured = Objects.requireNonNull(tunedGemms).seconds((int) Math.round(n), (int) Math.round(k), m);
    return measured.isPresent() ? measured.getAsDouble() : -1;
  }

  /**
   * Costs the routed experts of the MoE layers for {@code tokens} tokens in one pass.
   *
   * <p>Each token picks {@code topK} of {@code experts}; the pass reaches {@link #expectedExperts}
   * distinct experts, each of whose weights is read once (in the experts' own storage, {@code
   * InferenceScenario#expertWeights}), and each reached expert multiplies the
   * {@code tokens · topK / reached} tokens routed to it (a grouped GEMM per projection). The grouped
   * GEMMs' compute ceiling is the accelerator's large-GEMM fraction times the useful share of
   * their tiles ({@link GemmTiles#utilization}: each reached expert's tokens padded to the MMA
   * granule, the tiles of all reached experts scheduled in waves over the SMs), times the share
   * their short inner dimensions keep after each tile's fixed cost ({@link GemmTiles#depthShare}:
   * the hidden size for the up projection, the expert's FFN width per GPU for the down
   * projection); where they run NVFP4 on a silicon family with a measured compute-bound fused NVFP4 MoE
   * layer, their compute rate is at most that layer's fraction of the FP4 peak ({@link
   * Microbenchmarks#fusedMoeFp4Fraction}: 0.140 on Blackwell, SGLang's CUTLASS fused MoE at 1,262 TFLOP/s
   * on B200 with 512 tokens per expert, grouped-gemm.csv), which the tile model alone overstates about
   * threefold at such shapes; where they run FP8 on a silicon family with measured compute-bound FP8 grouped
   * GEMMs, their compute rate is at most the FP8 peak times the fraction those reach at no more tokens per
   * expert ({@link #expertFp8Ceiling}, {@link Microbenchmarks#groupedGemmFp8Fraction}: DeepGEMM's H800 grouped
   * GEMMs, 0.526 of the FP8 peak up to 512 tokens per expert rising to 0.680 at 4,096: the tile model's rate,
   * up to the 1,183 TFLOP/s large-GEMM rate on H100 where the tiles are full, exceeds it below about 750 tokens
   * per expert, infer10c);
   * their bandwidth
   * side is the weight and activation reads, at the calibrated HBM bandwidth or, where lower, the fraction of the
   * datasheet bandwidth measured fused MoE layers reach at this many tokens per expert ({@link
   * #expertReadBandwidth}, Hopper, infer10f). Time is {@code max(compute, weight and activation reads)}
   * of the GEMMs plus the permutation kernels, which run apart from the GEMMs: gathering each
   * routed copy of a token into its expert's rows and combining the weighted outputs back (read
   * and write of {@code hidden} 16-bit values each way per routed copy).
   */
  private double routedExperts(double @Nullable [] out, double tokens) {
    GemmShape upShape = expertUp;
    GemmShape downShape = expertDown;
    if (upShape == null || downShape == null) {
      return 0; // no routed experts (MoE layers always have them)
    }
    // one GPU holds experts / ep experts and receives the busiest rank's tokens · k / ep copies
    // (imbalance: InferenceScenario#unbalancedImbalance unless given)
    double assigned = tokens * topK / ep * imbalance;
    double active = experts == 0 ? 0 : localExperts * reached(tokens * imbalance);
    double perExpert = Math.max(1, assigned / Math.max(1, active));
    // the measured curves are read in the logarithm of the count: one for both, and none where each holds the
    // fraction of its end (at or beyond its lowest or highest count)
    ExpertTokenCurve fused = fusedMoeCurve;
    ExpertTokenCurve fp8Grouped = fp8GroupedCurve;
    double logPerExpert = (fused != null && fused.needsLogarithm(perExpert))
        || (fp8Grouped != null && fp8Grouped.needsLogarithm(perExpert)) ? Math.log(perExpert) : 0;
    double upParams = expertUpParams;
    double downParams = expertDownParams;
    double flops = 2 * assigned * (upParams + downParams);
    double gemmBytes = active * (upParams + downParams) * wqExpert + assigned * expertRowWidth * act;
    double groups = Math.max(1, active);
    double up = matmulPeakFraction * upShape.utilization(perExpert, groups, GemmTiles.EXPERT_TOKEN_TILE);
    double down = matmulPeakFraction * downShape.utilization(perExpert, groups, GemmTiles.EXPERT_TOKEN_TILE);
    up *= upDepth;
    down *= downDepth;
    double tc =
        2 * assigned * upParams / (expertGemmRate * up) + 2 * assigned * downParams / (expertGemmRate * down);
    // never faster than the measured fused NVFP4 MoE layer of the silicon (grouped-gemm.csv)
    tc = Math.max(tc, flops / expertFusedCeiling);
    // nor than the measured FP8 grouped GEMMs of the silicon at this many tokens per expert (grouped-gemm.csv)
    tc = Math.max(tc, flops / (fp8Grouped == null ? Double.POSITIVE_INFINITY
        : fp8Peak * fp8Grouped.atCount(perExpert, logPerExpert)));
    // weights and token rows at the bandwidth measured fused MoE layers reach at this many tokens per expert
    // (grouped-gemm.csv, infer10f), at most the calibrated HBM bandwidth
    double tRead = gemmBytes / (fused == null ? bandwidth
        : Math.min(bandwidth, datasheetBandwidth * fused.atCount(perExpert, logPerExpert)));
    double tGemm = gemmTime(tc, tRead);
    double moveBytes = assigned * 4 * hidden * act;
    double tMove = moveBytes / bandwidth;
    double bytes = gemmBytes + moveBytes;
    return add(out, G_EXPERTS, flops * moeLayers, bytes * moeLayers, tc * moeLayers,
        (tRead + tMove) * moeLayers, (tGemm + tMove) * moeLayers);
  }

  /**
   * Costs the expert-parallel all-to-all of the MoE layers under attention data parallelism: every
   * GPU sends each of its {@code local} tokens to its {@code k} experts' GPUs (dispatch, in FP8 when
   * the expert GEMMs take FP8 or FP4 inputs, as DeepEP does; else 16-bit) and receives the weighted
   * outputs back (combine, 16-bit); a {@code (ep − 1)/ep} share of the copies leaves the GPU and the
   * busiest rank receives {@code imbalance ×} the mean. Within the scale-up domain the copies cross
   * NVLink at the DeepEP-measured fraction of its per-direction bandwidth, after one ring-step latency.
   * Across nodes, a pass without prefill runs DeepEP's low-latency kernels, which send one copy per
   * routed expert ({@code internode_ll.cu} at deepseek-ai/DeepEP dd758ca: a message per top-k slot to
   * rank {@code expert / num_local_experts}): the {@code (ep − domain)/(ep − 1)} share bound for other
   * nodes crosses the NIC at the DeepEP low-latency fraction after its fitted fixed time, while the rest
   * crosses NVLink concurrently ({@link Microbenchmarks#allToAllScaleOutFraction()}). A pass with prefill
   * runs the normal kernels (SGLang's default {@code --deepep-mode auto} resolves to {@code normal} when
   * the batch has an extend, to {@code low_latency} otherwise: {@code DeepEPMode.resolve},
   * {@code python/sglang/srt/layers/moe/utils.py} at sgl-project/sglang d737979c; its PD-disaggregated
   * prefill servers set {@code normal}), which send a token once to each other node holding one of its
   * experts over RDMA and forward it there over NVLink (DeepEP {@code docs/legacy.md} "Normal kernels with
   * NVLink and RDMA forwarding"; {@code get_dispatch_layout} counts a token once per RDMA rank; DeepSeek-V3
   * arXiv 2412.19437 §3.2.2): {@link #normalOffCopies} over the NIC and {@link #normalUpCopies} over NVLink
   * per token, with the model's group-limited routing bounding the nodes ({@link ExpertReach}), the same
   * count the training model's flex dispatcher uses. Not overlapped with compute (no two-batch overlap).
   */
  private double allToAll(double @Nullable [] out, double local, boolean normalKernels) {
    double copies = local * topK * (ep - 1.0) / ep * imbalance;
    double tokenBytes = hidden * (dispatchBytes + act);
    double bytes = copies * tokenBytes;
    double seconds;
    if (ep <= domain) {
      seconds = 2 * a2aUpLatency + bytes / a2aUpBandwidth;
    } else if (normalKernels) {
      double offBytes = local * normalOffCopies * imbalance * tokenBytes;
      double upBytes = local * normalUpCopies * imbalance * tokenBytes;
      bytes = offBytes + upBytes;
      seconds = 2 * a2aOutLatency + Math.max(offBytes / a2aOutBandwidth, upBytes / a2aUpBandwidth);
    } else {
      double off = (double) (ep - domain) / (ep - 1);
      seconds = 2 * a2aOutLatency + Math.max(off * bytes / a2aOutBandwidth, (1 - off) * bytes / a2aUpBandwidth);
    }
    return add(out, G_ALL_TO_ALL, 0, bytes * moeLayers, 0, 0, seconds * moeLayers);
  }

  /**
   * Costs the all-gather and reduce-scatter that replace the all-to-all of the MoE layers when the
   * engine has no all-to-all ({@link dev.llmcost.costmodel.inference.ExpertCommunication#ALL_GATHER}):
   * every GPU receives the other ranks' share {@code (tp − 1)/tp} of the pass's {@code tokens},
   * quantized to the expert GEMMs' input type, and sends as much back in 16 bits for the reduction;
   * each is a ring collective of {@code tp − 1} steps at the all-reduce's bus bandwidth (NCCL's
   * all-gather and reduce-scatter move {@code (n − 1)/n} of the data over each link). The fused MoE
   * kernel also reads every gathered token and writes a 16-bit output row for each (the rows of
   * other experts' tokens are zeros the reduce-scatter sums). Not overlapped with compute.
   */
  private double allGatherReduceScatter(double @Nullable [] out, double tokens) {
    double moved = (tp - 1.0) / tp * tokens * hidden * (gatherBytes + act);
    double seconds = 2 * (tp - 1) * latency + moved / allReduceBandwidth;
    double kernelBytes = tokens * hidden * (gatherBytes + act);
    double kernel = add(out, G_EXPERTS, 0, kernelBytes * moeLayers, 0, kernelBytes / bandwidth * moeLayers,
        kernelBytes / bandwidth * moeLayers);
    return kernel + add(out, G_ALL_TO_ALL, 0, moved * moeLayers, 0, 0, seconds * moeLayers);
  }

  /**
   * Returns a GEMM kernel's time from its compute and memory ceilings: the longer of the two plus
   * the calibrated share of the shorter that the kernel does not overlap with it ({@link
   * InferenceCalibration#gemmOverlapLoss()}; 0 is the ideal roofline {@code max}).
   */
  private double gemmTime(double compute, double memory) {
    return compute >= memory ? compute + overlapLoss * memory : memory + overlapLoss * compute;
  }

  /**
   * Returns the fraction of the dense peak a weight GEMM's compute reaches: the accelerator's
   * large-GEMM fraction (measured, {@code gemm.csv}) times the useful share of its tiles over the
   * SMs ({@link GemmTiles#utilization}, prepared per weight matrix: {@link GemmShape}). Small token counts
   * lose only their padding to the MMA granule and idle SMs; that they stream their weights far below this
   * ceiling is the memory term.
   */
  private double gemmEfficiency(GemmShape w, double m) {
    return matmulPeakFraction * w.utilization(m);
  }

  /**
   * Returns the expected number of distinct routed experts that {@code tokens} tokens reach in one
   * MoE layer when each picks {@code topK} of {@code experts} uniformly: {@code E · (1 − (1 −
   * k/E)^tokens)} (each expert is missed by a token with probability {@code 1 − k/E}). Every expert
   * reached has its weights read once per pass.
   *
   * @param experts routed experts per layer; 0 for a dense model
   * @param topK experts per token
   * @param tokens tokens in the pass
   * @return experts, 0 for a dense model or no tokens
   */
  public static double expectedExperts(int experts, int topK, double tokens) {
    if (experts <= 0 || tokens <= 0) {
      return 0;
    }
    return experts * (1 - Math.pow(1 - (double) topK / experts, tokens));
  }

  /**
   * Returns the share of the routed experts that {@code exponent} token picks reach, {@code 1 − (1 − k/E)^exponent}
   * ({@link #expectedExperts}): exactly 1 without the power from {@link #allReachedExponent} on.
   */
  private double reached(double exponent) {
    if (exponent >= allReachedExponent) {
      return 1;
    }
    // a whole number of picks (one per decoding sequence without imbalance) reads the power computed the first
    // time, with the same Math.pow call: the same bits, without the power's cost on every estimate
    AtomicLongArray powers = missPowers;
    int n = (int) exponent;
    if (powers != null && n == exponent && n >= 0 && n < MISS_POWERS_LENGTH) {
      long bits = powers.getAcquire(n);
      if (bits == 0) {
        double p = Math.pow(missShare, exponent);
        powers.setRelease(n, Double.doubleToRawLongBits(p));
        return 1 - p;
      }
      return 1 - Double.longBitsToDouble(bits);
    }
    return 1 - Math.pow(missShare, exponent);
  }

  /** The whole exponents {@link #reached} keeps the powers of: picks of up to 1,023 tokens. */
  private static final int MISS_POWERS_LENGTH = 1024;

  /** The tables of {@link #missPowers}, by the bits of the miss share; bounded (a least-recently-used side). */
  private static final SpecKeyedCache<Long, AtomicLongArray> MISS_POWERS = new SpecKeyedCache<>();

  /**
   * Returns the exponent from which {@code 1 − missShare^exponent} is exactly 1 in doubles: where the exact power is
   * at most {@code 2^-60}, {@code Math.pow} (within 1 ulp) returns less than {@code 2^-54}, which leaves {@code 1}
   * unchanged when subtracted from it (round to nearest), and the power only falls as the exponent grows. Positive
   * infinity (the power always taken) where the share is not in (0, 1) or the check at the exponent found fails.
   */
  private static double allReachedExponent(double missShare) {
    if (!(missShare > 0 && missShare < 1)) {
      return Double.POSITIVE_INFINITY;
    }
    double exponent = 60 * Math.log(2) / -Math.log(missShare);
    // the exponent is rounded up by one in a million against the logarithms' rounding
    exponent *= 1 + 1e-6;
    return Double.isFinite(exponent) && 1 - Math.pow(missShare, exponent) == 1 ? exponent : Double.POSITIVE_INFINITY;
  }

  private double lmHead(double @Nullable [] out, double rows) {
    if (rows <= 0) {
      return 0;
    }
    double flops = 2 * rows * headN * hidden;
    double bytes = headWeightBytes + rows * hidden * act + rows * headN * 4;
    double tc = flops / Math.max(peak16 * gemmEfficiency(head, rows), vectorRate);
    double tm = bytes / bandwidth;
    return add(out, G_HEAD, flops, bytes, tc, tm, gemmTime(tc, tm));
  }

  private double prefillAttention(double @Nullable [] out, double seqs, int s) {
    double full = eager ? (double) s * s : s * (s + 1.0) / 2;
    double windowed;
    if (eager || window == 0 || s <= window) {
      windowed = full;
    } else {
      windowed = window * (window + 1.0) / 2 + (double) (s - window) * window;
    }
    double perPair = qHeads * (2 * qkDim + 2 * vDim);
    long sl = s;
    // a fused kernel's causal forward at the prompt length where it was measured (attention.csv);
    // else, and for eager attention's plain matmuls, the GEMM curve at the head dimension
    double rate = prefillCurve != null
        ? peak16 * prefillCurve[0] * s / (s + prefillCurve[1])
        : peak16 * profile.matmulEfficiency(sl, sl, (long) qkDim);
    double bytesPerLayer =
        seqs * s * (qHeads * qkDim * act + prefillKvReadPerToken + qHeads * vDim * act
            + kvElementsPerTokenLayer * kvBytes)
            + (eager ? seqs * qHeads * (double) s * s * act * 4 : 0);
    double tm = bytesPerLayer / bandwidth;
    double tcFull = seqs * perPair * full / rate;
    double tcWin = seqs * perPair * windowed / rate;
    double flops = seqs * perPair * (full * fullLayers + windowed * windowLayers);
    double bytes = bytesPerLayer * stageLayers;
    double seconds = fullLayers * Math.max(tcFull, tm) + windowLayers * Math.max(tcWin, tm);
    return add(out, G_ATTENTION, flops, bytes, tcFull * fullLayers + tcWin * windowLayers,
        tm * stageLayers, seconds);
  }

  /**
   * Returns the decode attention's seconds in a {@link #forward} pass of {@code decodeSeqs} decoding sequences at
   * {@code context} with the decode attention and without prefill: the same figure as the attention group's time
   * in that pass's breakdown.
   *
   * @param decodeSeqs sequences decoding one token each
   * @param context the context a decoding token attends to, in tokens
   * @return seconds, 0 without decoding sequences
   */
  public double decodeAttentionSeconds(double decodeSeqs, double context) {
    double localDecode = decodeSeqs * share;
    return decodeSeqs > 0 && localDecode > 0 ? decodeAttention(null, localDecode, context) : 0;
  }

  private double decodeAttention(double @Nullable [] out, double seqs, double context) {
    double cw = window == 0 ? context : Math.min(context, window);
    double flopsFull = seqs * decodeFlopsPerContext * context;
    double flopsWin = seqs * decodeFlopsPerContext * cw;
    double bytesFull = seqs * (decodeConstantBytes + decodeReadPerContext * context);
    double bytesWin = seqs * (decodeConstantBytes + windowDecodeReadPerContext * cw);
    double tcF = flopsFull / decodeAttentionRate;
    double tcW = flopsWin / windowDecodeAttentionRate;
    double tmF = bytesFull / bandwidth;
    double tmW = bytesWin / bandwidth;
    double seconds = fullLayers * Math.max(tcF, tmF) + windowLayers * Math.max(tcW, tmW);
    return add(out, G_ATTENTION, flopsFull * fullLayers + flopsWin * windowLayers,
        bytesFull * fullLayers + bytesWin * windowLayers, tcF * fullLayers + tcW * windowLayers,
        tmF * fullLayers + tmW * windowLayers, seconds);
  }

  /**
   * Returns the seconds of a speculative-decoding verification pass on one GPU of the slowest
   * stage: every one of {@code seqs} sequences scores {@code queries} tokens (the last accepted and
   * the draft's) at context {@code context}. Projections, MLPs, experts, recurrent layers and the
   * output head see {@code seqs × queries} rows; attention reads each sequence's KV cache once for
   * all its queries (FlashInfer's and FlashAttention's multi-query decode) while its FLOPs grow
   * with the queries.
   *
   * @param seqs sequences
   * @param queries tokens scored per sequence, at least 1
   * @param context tokens each attends to
   * @param out per-group breakdown to add to, or null
   * @return seconds
   */
  public double verify(double seqs, int queries, double context, double @Nullable [] out) {
    double t = forward(seqs * queries, context, 0, 0, out, false);
    double local = seqs * share;
    if (local <= 0) {
      return t;
    }
    double cw = window == 0 ? context : Math.min(context, window);
    double flopsFull = local * queries * decodeFlopsPerContext * context;
    double flopsWin = local * queries * decodeFlopsPerContext * cw;
    double bytesFull = local * (queries * decodeConstantBytes + decodeReadPerContext * context);
    double bytesWin = local * (queries * decodeConstantBytes + windowDecodeReadPerContext * cw);
    double tcF = flopsFull / decodeAttentionRate;
    double tcW = flopsWin / windowDecodeAttentionRate;
    double tmF = bytesFull / bandwidth;
    double tmW = bytesWin / bandwidth;
    double seconds = fullLayers * Math.max(tcF, tmF) + windowLayers * Math.max(tcW, tmW);
    return t + add(out, G_ATTENTION, flopsFull * fullLayers + flopsWin * windowLayers,
        bytesFull * fullLayers + bytesWin * windowLayers, tcF * fullLayers + tcW * windowLayers,
        tmF * fullLayers + tmW * windowLayers, seconds);
  }

  /**
   * Returns the seconds of one more weight GEMM of the stage's kind on one GPU ({@code m} rows, a
   * {@code k × n} weight matrix in the weights' storage type), on the same roofline as the
   * projections: a multi-token-prediction module's {@code 2h × h} input projection.
   *
   * @param m rows
   * @param n output features
   * @param k input features
   * @param out per-group breakdown to add to (as a Q/K/V projection), or null
   * @return seconds
   */
  public double projection(double m, double n, double k, double @Nullable [] out) {
    return n > 0 && k > 0 ? gemm(out, G_QKV, 1, m, new GemmShape(n, k, computeUnits), wq, gemmRate) : 0;
  }

  /**
   * Returns the decode attention time summed over every context from {@code lo} to {@code hi}
   * (inclusive), in closed form: per layer the time is {@code max(a·c, b0 + b1·c)} with {@code c}
   * capped at the window on sliding-window layers.
   *
   * @param seqs decoding sequences
   * @param lo first context, in tokens
   * @param hi last context, in tokens
   * @return seconds summed over the steps
   */
  public double decodeAttentionSum(double seqs, long lo, long hi) {
    double localSeqs = seqs * share;
    double a = localSeqs * decodeFlopsPerContext / decodeAttentionRate;
    double b0 = localSeqs * decodeConstantBytes / bandwidth;
    double b1 = localSeqs * decodeReadPerContext / bandwidth;
    double full = AffineSums.sumOfMax(0, a, b0, b1, lo, hi);
    double total = fullLayers * full;
    if (windowLayers > 0) {
      double aw = localSeqs * decodeFlopsPerContext / windowDecodeAttentionRate;
      double b1w = localSeqs * windowDecodeReadPerContext / bandwidth;
      double win;
      if (hi <= window) {
        win = AffineSums.sumOfMax(0, aw, b0, b1w, lo, hi);
      } else if (lo > window) {
        win = (hi - lo + 1) * Math.max(aw * window, b0 + b1w * window);
      } else {
        win = AffineSums.sumOfMax(0, aw, b0, b1w, lo, window)
            + (hi - window) * Math.max(aw * window, b0 + b1w * window);
      }
      total += windowLayers * win;
    }
    return total;
  }

  private static double add(
      double @Nullable [] out, int g, double flops, double bytes, double compute, double memory, double time) {
    if (out != null) {
      int o = g * SLOTS;
      out[o + S_FLOPS] += flops;
      out[o + S_BYTES] += bytes;
      out[o + S_COMPUTE] += compute;
      out[o + S_MEMORY] += memory;
      out[o + S_TIME] += time;
    }
    return time;
  }

  /**
   * Returns the activation peak on one GPU of an engine's memory-profiling forward, in which each
   * rank prefills {@code tokensPerRank} tokens: TensorRT-LLM's PyTorch backend sizes its KV cache
   * from the peak of a dummy forward of {@code max_num_tokens} tokens, repeated on every
   * attention-data-parallel rank ({@code KvCacheCreator} in
   * tensorrt_llm/_torch/pyexecutor/_util.py: {@code _create_dummy_context_requests},
   * {@code requests * tp_size} under attention DP; {@code estimate_max_tokens} takes
   * {@code torch.cuda.memory_stats()["allocated_bytes.all.peak"]}). Besides every token's
   * residual stream and widest projection output, a mixture-of-experts layer holds its fused
   * kernel's workspace for every routed copy of every token it sees: the gate/up output in the
   * GEMM output type (16 bits), the activation's output in the GEMM input type and the down
   * projection's 16-bit output ({@code CutlassMoeFCRunner::getWorkspaceDeviceBufferSizes},
   * cpp/tensorrt_llm/kernels/cutlass_kernels/moe_gemm/moe_kernels.cu: {@code glu_inter_size},
   * {@code fc1_result_size}, {@code fc2_result_size} for {@code k × num_rows} rows; the permuted
   * input shares a buffer). Under attention data parallelism with the all-gather fallback the
   * layer sees every rank's tokens, so the workspace is {@code tp} times a rank's, with the
   * gathered input and the 16-bit output the reduce-scatter sums.
   *
   * @param tokensPerRank tokens each rank prefills in the profiling forward
   * @return bytes
   */
  public double profilingPeakBytes(double tokensPerRank) {
    if (tokensPerRank <= 0) {
      return 0;
    }
    // the residual stream and the widest projection output of every token on this GPU, and one
    // sampled row per dummy request (a prompt of at most the budget: one row is the floor)
    double a = tokensPerRank * denseWorkingWidth * act + headN * 4;
    if (moeLayers > 0 && experts > 0) {
      boolean dp = share < 1;
      // routed copies in this GPU's fused-MoE workspace: every gathered token's k copies (the
      // all-gather fallback permutes them all), the copies an all-to-all delivers, or, without
      // attention data parallelism, the k copies of each of the group's tokens
      double copies = dp
          ? allGather ? tp * tokensPerRank * topK : tokensPerRank * topK * imbalance
          : tokensPerRank * topK;
      double inner = expertDownK;
      // gate/up GEMM output in 16 bits, the activation's output in the GEMM input type, the
      // down GEMM output in 16 bits (the permuted input shares its buffer)
      a += copies * (expertUpN * act + inner * gatherBytes + hidden * act);
      if (dp && allGather) {
        // the gathered input (quantized) and the 16-bit output the reduce-scatter sums
        a += tp * tokensPerRank * hidden * (gatherBytes + act);
      }
    }
    return a;
  }

  /**
   * Returns the activation memory of one forward pass: for every token the residual stream and the
   * widest projection output ({@code hidden + widest} 16-bit values; the activation function writes
   * over its input and buffers are reused layer after layer), fp32 logits for every row, and for
   * eager attention two score matrices per prefilled sequence.
   *
   * @param tokens tokens in the pass
   * @param rows sequences that produce logits
   * @param prefillSeqs sequences prefilled (eager score matrices)
   * @param prompt prompt length
   * @return bytes
   */
  public double activationBytes(double tokens, double rows, double prefillSeqs, int prompt) {
    double a = tokens * workingWidth * act + rows * headN * 4;
    if (eager) {
      a += prefillSeqs * qHeads * (double) prompt * prompt * act * 2;
    }
    return a * share;
  }
}
