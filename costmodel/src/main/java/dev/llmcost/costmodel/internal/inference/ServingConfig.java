package dev.llmcost.costmodel.internal.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.LayerMixer;
import dev.llmcost.core.model.LayerSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.core.model.WeightMemory;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.inference.ExpertCommunication;
import dev.llmcost.costmodel.inference.InferenceAttentionKernel;
import dev.llmcost.costmodel.inference.InferenceCalibration;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.KvCacheSize;
import dev.llmcost.costmodel.inference.InferenceMemory;
import org.jspecify.annotations.Nullable;

/**
 * A serving configuration without its batch and lengths: the roofline and the fixed memory of one
 * GPU, from which any batch's latency, throughput and memory follow.
 */
public final class ServingConfig {

  private final ModelArchitecture model;
  private final DType kvCache;
  private final int tp;
  private final int pp;
  private final int attnTp;
  private final int dpWays;
  private final Roofline roofline;
  private final EfficiencyProfile profile;
  private final long weightBytes;
  private final long capacity;
  private final long reserve;
  private final long kvBytesPerToken;
  private final long kvBytesPerTokenPerGpu;
  /** {@link #weightBytes}, {@link #reserve} and {@link #capacity} as the sizes every memory breakdown shares. */
  private final DataSize weightSize;
  private final DataSize reserveSize;
  private final DataSize capacitySize;
  private volatile LengthMemo memo = new LengthMemo(-1, -1, 0, 0, 0);
  private volatile SteadyMemo steadyMemo = new SteadyMemo(-1, -1, 0);

  /** The per-sequence KV bytes, largest batch and one-token sequence ceiling of the last lengths asked for. */
  private record LengthMemo(int input, int output, long kvPerSequence, int maxBatch, long oneTokenCeiling) {}

  /**
   * Prepares the configuration of {@code s} (its batch and lengths are ignored).
   *
   * @param s the scenario
   * @param calibration calibrated factors
   * @param profile the accelerator's efficiency profile
   * @param counts the model's parameter counts
   */
  public ServingConfig(
      InferenceScenario s, InferenceCalibration calibration, EfficiencyProfile profile, ParameterCounts counts) {
    this.model = s.model();
    this.kvCache = s.kvCache();
    this.tp = s.tp();
    this.pp = s.pp();
    this.attnTp = s.attentionTp();
    this.dpWays = s.attentionDataParallel() ? s.tp() : 1;
    this.profile = profile;
    this.roofline =
        new Roofline(
            s.model(),
            s.accelerator(),
            s.tp(),
            s.pp(),
            s.weights(),
            s.expertWeights(),
            s.attentionWeights(),
            s.attentionOutputWeights(),
            s.kvCache(),
            decodeKernel(s),
            s.overheads(),
            calibration,
            profile,
            s.ep(),
            s.attentionDataParallel(),
            s.expertImbalance(),
            s.expertCommunication() == ExpertCommunication.ALL_GATHER,
            s.tunedGemms(),
            s.fusedOneShotAllReduce());
    this.weightBytes = weightsPerGpu(
        s.model(), s.weights(), s.expertWeights(), s.attentionWeights(), s.attentionOutputWeights(), counts, tp, pp,
        attnTp, s.ep());
    this.capacity = s.accelerator().memory().bytes();
    this.reserve = (long) Math.ceil(capacity * s.memoryReserveFraction());
    this.kvBytesPerToken = KvCacheSize.bytesPerToken(s.model(), s.kvCache());
    this.kvBytesPerTokenPerGpu = KvCacheSize.bytesPerTokenPerGpu(s.model(), s.kvCache(), attnTp, pp);
    this.weightSize = DataSize.ofBytes(weightBytes);
    this.reserveSize = DataSize.ofBytes(reserve);
    this.capacitySize = DataSize.ofBytes(capacity);
  }

  /**
   * Returns the attention kernel the roofline costs for a scenario: its own, except that {@link
   * InferenceAttentionKernel#TRTLLM_XQA} becomes {@link InferenceAttentionKernel#FLASH} wherever
   * TensorRT-LLM 1.0 decodes the chunked-attention layers with its grouped-query kernels too, so that
   * only the masked multi-head attention fallback ({@link #mmhaChunkedFallback}) is costed per query head.
   * Latent attention (MLA) keeps {@link InferenceAttentionKernel#TRTLLM_XQA}: TensorRT-LLM decodes it with its
   * own generation kernels, which the roofline costs apart from FlashMLA's measured rate (infer10b).
   *
   * @param s the scenario (its input + output tokens stand for the engine's {@code max_seq_len})
   * @return the kernel
   */
  public static InferenceAttentionKernel decodeKernel(InferenceScenario s) {
    if (s.attention() == InferenceAttentionKernel.TRTLLM_XQA
        && !(s.model().attention() instanceof LatentAttention)
        && !mmhaChunkedFallback(s.model(), s.accelerator(), (long) s.inputTokens() + s.outputTokens())) {
      return InferenceAttentionKernel.FLASH;
    }
    return s.attention();
  }

  /**
   * Returns whether TensorRT-LLM 1.0 decodes a model's chunked-attention layers with its masked
   * multi-head attention (MMHA) kernel rather than a grouped-query one. All three conditions, from its
   * code:
   *
   * <ul>
   *   <li>the model has chunked-attention layers (Llama 4's local layers);
   *   <li>the GPU is not of the SM100 family: on it the generation phase runs TensorRT-LLM's
   *       trtllm-gen kernels ({@code XqaDispatcher}, cpp/tensorrt_llm/kernels/xqaDispatcher.cpp at
   *       NVIDIA/TensorRT-LLM@026da036: {@code mUseTllmGen = isSM100Family()}), whose {@code
   *       shouldUse} falls back to MMHA for beam search, StreamingLLM, cross attention without a paged
   *       cache, small KV blocks, variable windows and groups above 16 query heads, never for chunked
   *       attention, and which take {@code mChunkedAttentionSize}. Elsewhere the JIT XQA kernels decide,
   *       and their {@code supportConfigCommon} (decoderXQAImplJIT/kernelUtils.cpp) rejects any {@code
   *       chunked_attention_size} other than {@code INT_MAX} ("chunked attention is not supported
   *       yet"), which leaves MMHA. The SM100 family is compute capability major version 10 (TensorRT-LLM's
   *       trtllm-gen GEMM runners: "Redirect SM100 family (major version 10) to family kernels"), read from
   *       the accelerator catalog's {@code compute_capability} (B200 and GB200 at 10.0; B300 at 10.3), never
   *       from the id: the 12.0 Blackwell parts (GeForce RTX 50, RTX PRO) are outside it, and an accelerator
   *       of another architecture is too. An accelerator that declares no architecture is refused here,
   *       where the choice matters, rather than given either kernel;
   *   <li>the engine's maximum sequence reaches the chunk: TensorRT-LLM pull request 6306 (merged
   *       2025-07-23, before 1.0: "XQA does not support chunked attention at the moment, while MMHA
   *       supports chunked attention but is slower. In this PR we trick trtllm to select XQA kernels
   *       when we are sure that chunked attention will not be needed (i.e., max_seqlen &lt;
   *       chunked_size)"). {@code trtllm-bench} sets the PyTorch backend's {@code max_seq_len} to the
   *       dataset's longest input + output ({@code kwargs["max_seq_len"] = max_seq_len or
   *       metadata.max_sequence_length}, tensorrt_llm/bench/benchmark/throughput.py at
   *       NVIDIA/TensorRT-LLM@000a01de), which {@code maxSequenceTokens} stands for.
   * </ul>
   *
   * @param model the model
   * @param accelerator the GPU
   * @param maxSequenceTokens the engine's maximum sequence length (input + output), tokens
   * @return whether the chunked layers decode with MMHA
   * @throws IllegalArgumentException if the model has chunked layers that the sequence reaches and the
   *     accelerator declares no architecture, on which the kernel depends
   */
  public static boolean mmhaChunkedFallback(ModelArchitecture model, AcceleratorSpec accelerator,
      long maxSequenceTokens) {
    int chunk = Integer.MAX_VALUE;
    for (LayerSpec l : model.layerPattern()) {
      if (l.mixer() == LayerMixer.CHUNKED_ATTENTION) {
        chunk = Math.min(chunk, l.window());
      }
    }
    return chunk != Integer.MAX_VALUE
        && maxSequenceTokens >= chunk
        && !sm100Family(accelerator);
  }

  /** Returns whether an accelerator is of TensorRT-LLM's SM100 family: compute capability 10.x. */
  private static boolean sm100Family(AcceleratorSpec a) {
    if (a.architecture().isEmpty()) {
      throw new IllegalArgumentException("accelerator " + a.id() + " declares no architecture: TensorRT-LLM 1.0"
          + " decodes chunked attention with trtllm-gen kernels on the SM100 family (compute capability 10.x) and"
          + " with MMHA elsewhere; set architecture (and compute capability) on AcceleratorSpec.Builder");
    }
    return a.computeCapability().map(c -> c.major() == 10).orElse(false);
  }

  /** Returns the KV-cache bytes of one token across all layers and GPUs. */
  public long kvBytesPerToken() {
    return kvBytesPerToken;
  }

  /** Returns the KV-cache bytes of one token on one GPU. */
  public long kvBytesPerTokenPerGpu() {
    return kvBytesPerTokenPerGpu;
  }

  private LengthMemo lengths(int input, int output) {
    LengthMemo m = memo;
    if (m.input() == input && m.output() == output) {
      return m;
    }
    long perSequence = kvBytesPerSequence((long) input + output);
    m = new LengthMemo(input, output, perSequence, searchMaxBatch(input, output, perSequence),
        oneTokenCeiling(perSequence / ((double) input + output)));
    memo = m;
    return m;
  }

  /**
   * Returns one GPU's share of the weights: the total over {@code tp × pp}, plus what tensor
   * parallelism replicates (KV projections when {@code tp} exceeds the KV heads; latent attention's
   * down projections, which every GPU keeps whole). With attention data parallelism ({@code attnTp
   * = 1 < tp}) every GPU holds all weights but the routed experts, of which it holds {@code 1/tp}.
   * That is what TensorRT-LLM's PyTorch backend builds under {@code enable_attention_dp}
   * (tensorrt_llm/_torch/models/modeling_llama.py at commit 3a5901cd: the Llama 4 dense FFN and
   * shared expert are {@code GatedMLP(..., overridden_tp_size=1)}, the token embedding is built
   * without a tensor-parallel mapping, and attention's tensor-parallel size is 1). The embeddings and
   * the head are counted in the scheme's other type (bf16). The routed experts are counted in
   * {@code expertWeights}' bits per weight, block scales included, and the attention input projections
   * ({@link #attentionInputParameters}) in {@code attentionWeights}' (the replicated KV and latent down
   * projections among them), and the output projection ({@code heads · vHeadDim × hidden} per attention layer) in
   * {@code attentionOutputWeights}'.
   */
  static long weightsPerGpu(
      ModelArchitecture model, QuantizationScheme weights, QuantizationScheme expertWeights,
      QuantizationScheme attentionWeights, QuantizationScheme attentionOutputWeights, ParameterCounts counts,
      int tp, int pp, int attnTp, int ep) {
    long total = WeightMemory.of(counts, weights).total().bytes();
    double stage = KvCacheSize.layersPerStage(model, pp);
    double wq = weights.effectiveBitsPerWeight() / 8.0;
    double wqAttention = wq;
    if (!attentionWeights.equals(weights)) {
      // the attention input projections at their own storage in place of the other linear layers'
      wqAttention = attentionWeights.effectiveBitsPerWeight() / 8.0;
      total = (long) Math.ceil(total + attentionInputParameters(model) * (wqAttention - wq));
    }
    if (!attentionOutputWeights.equals(weights)) {
      total = (long) Math.ceil(total
          + attentionOutputParameters(model) * (attentionOutputWeights.effectiveBitsPerWeight() / 8.0 - wq));
    }
    int routed = model.isMoe() ? model.moe().routedExperts() : 0;
    double routedParams = routed == 0 ? 0 : counts.of(dev.llmcost.core.model.ComponentRole.ROUTED_EXPERTS).value();
    if (routed > 0 && !expertWeights.equals(weights)) {
      // the experts at their own storage in place of the other linear layers'
      total = (long) Math.ceil(total + routedParams * (expertWeights.effectiveBitsPerWeight() / 8.0 - wq));
    }
    if (attnTp < tp || (ep > 1 && routed % ep != 0)) {
      // each expert-parallel group holds ⌈experts / ep⌉ experts (redundant copies fill the slots
      // when ep does not divide them), each sharded over tp / ep GPUs
      double experts = routedParams * expertWeights.effectiveBitsPerWeight() / 8.0;
      double perGpuExperts = experts * ((routed + ep - 1) / ep) / routed / (tp / ep);
      double rest = (total - experts) / attnTp;
      return (long) Math.ceil((rest + perGpuExperts) / pp);
    }
    double share = (double) total / ((long) tp * pp);
    double extra = 0;
    if (model.attention() instanceof MultiHeadAttention m && tp > m.kvHeads()) {
      extra = stage * 2.0 * model.hidden() * m.headDim() * (1 - (double) m.kvHeads() / tp) * wqAttention;
    } else if (model.attention() instanceof LatentAttention l && tp > 1) {
      double replicated = (double) model.hidden() * (l.qLoraRank() + l.kvLoraRank() + l.qkRopeHeadDim());
      extra = stage * replicated * (1 - 1.0 / tp) * wqAttention;
    }
    return (long) Math.ceil(share + extra);
  }

  /**
   * Returns the weights of the model's attention output projections (o_proj, {@code heads · vHeadDim × hidden},
   * {@code heads · headDim × hidden} without latent attention) over all its attention layers, biases left out.
   */
  static double attentionOutputParameters(ModelArchitecture model) {
    double width = model.attention() instanceof MultiHeadAttention m
        ? (double) m.queryWidth()
        : (double) ((LatentAttention) model.attention()).heads() * ((LatentAttention) model.attention()).vHeadDim();
    return width * model.hidden() * model.attentionLayers();
  }

  /**
   * Returns the weights of the model's attention input projections, over all its attention layers: q_proj
   * (doubled by an output gate), k_proj and v_proj, {@code hidden × (heads·(1 or 2) + 2·kvHeads) · headDim}
   * per layer; for latent attention q_a ({@code hidden × qLoraRank}) and q_b ({@code qLoraRank × heads ·
   * qkHeadDim}), or q_proj without a query LoRA, kv_a ({@code hidden × (kvLoraRank + qkRopeHeadDim)}) and kv_b
   * ({@code kvLoraRank × heads · (qkNopeHeadDim + vHeadDim)}), the shapes of DeepSeek-V2/V3's
   * modeling_deepseek.py. Biases and the projections' norms are left out (they stay 16-bit); o_proj is not an
   * input projection.
   */
  static double attentionInputParameters(ModelArchitecture model) {
    double h = model.hidden();
    double perLayer;
    if (model.attention() instanceof MultiHeadAttention m) {
      double q = (model.attentionOutputGate() ? 2.0 : 1.0) * m.queryWidth();
      perLayer = h * (q + 2.0 * m.kvWidth());
    } else {
      LatentAttention l = (LatentAttention) model.attention();
      double qb = l.queryWidth();
      double query = l.qLoraRank() > 0 ? h * l.qLoraRank() + (double) l.qLoraRank() * qb : h * qb;
      perLayer = query + h * (l.kvLoraRank() + l.qkRopeHeadDim())
          + (double) l.kvLoraRank() * l.heads() * (l.qkNopeHeadDim() + l.vHeadDim());
    }
    return perLayer * model.attentionLayers();
  }

  /** Returns the efficiency profile the roofline uses. */
  public EfficiencyProfile profile() {
    return profile;
  }

  /** Returns the roofline. */
  public Roofline roofline() {
    return roofline;
  }

  /** Returns one GPU's weights in bytes. */
  public long weightBytes() {
    return weightBytes;
  }

  /** Returns the micro-batches a batch is split into: {@code min(pp, batch)}. */
  public int microBatches(int batch) {
    return Math.min(pp, batch);
  }

  /**
   * Returns the KV-cache bytes one GPU holds for one sequence of {@code tokens} tokens.
   *
   * @param tokens tokens in the sequence
   * @return bytes
   */
  public long kvBytesPerSequence(long tokens) {
    return KvCacheSize.bytesPerSequencePerGpu(model, kvCache, attnTp, pp, tokens);
  }

  /**
   * Returns the memory one GPU needs for a static batch.
   *
   * @param batch sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @return the breakdown
   */
  public InferenceMemory memory(int batch, int input, int output) {
    long kv = Math.multiplyExact(onOneGpu(batch), lengths(input, output).kvPerSequence());
    double seqs = (double) batch / microBatches(batch);
    double act = roofline.activationBytes(seqs * input, seqs, seqs, input);
    return InferenceMemory.of(weightSize, DataSize.ofBytes(kv), DataSize.ofBytesCeil(act), reserveSize, capacitySize);
  }

  /**
   * Returns the KV-cache bytes one token of a sequence of {@code input + output} tokens takes on one
   * GPU: the sequence's share over its tokens ({@link #kvBytesPerSequence}); a state-space layer's
   * state, which does not grow with the tokens, is spread over them, and a sliding window's cache
   * stops at the window, so this is at most the bytes a sequence of one token holds.
   *
   * @param input prompt tokens
   * @param output generated tokens
   * @return bytes, 0 for a model without KV cache or state
   */
  public double kvBytesPerTokenShare(int input, int output) {
    return lengths(input, output).kvPerSequence() / ((double) input + output);
  }

  /**
   * Returns the most sequences one GPU could hold at one token of KV cache each: its whole memory
   * over {@link #kvBytesPerTokenShare}, nothing else counted. A batch with more sequences on a GPU
   * ({@link #sequencesOnOneGpu}) cannot exist whatever the lengths; one below it that does not fit
   * is estimated and reported as not fitting.
   *
   * @param input prompt tokens
   * @param output generated tokens
   * @return sequences per GPU, {@link Long#MAX_VALUE} when a sequence holds no KV cache
   */
  public long oneTokenSequenceCeiling(int input, int output) {
    return lengths(input, output).oneTokenCeiling();
  }

  /** {@link #oneTokenSequenceCeiling} from {@link #kvBytesPerTokenShare}'s bytes per token. */
  private long oneTokenCeiling(double perToken) {
    if (!(perToken > 0)) {
      return Long.MAX_VALUE;
    }
    return (long) Math.floor(capacity / perToken);
  }

  /**
   * Returns the sequences of a batch whose KV cache the busiest GPU holds: all, or {@code ⌈batch /
   * tp⌉} with attention data parallelism.
   *
   * @param batch sequences
   * @return sequences on one GPU
   */
  public long sequencesOnOneGpu(long batch) {
    return onOneGpu(batch);
  }

  /** Returns the sequences whose KV cache the busiest GPU holds: all, or {@code ⌈batch / tp⌉} with attention data parallelism. */
  private long onOneGpu(long batch) {
    return (batch + dpWays - 1) / dpWays;
  }

  private boolean fits(long batch, int input, int output, long perSequence) {
    double seqs = (double) batch / Math.min(pp, batch);
    double total =
        weightBytes + (double) onOneGpu(batch) * perSequence
            + roofline.activationBytes(seqs * input, seqs, seqs, input) + reserve;
    return total <= capacity;
  }

  /**
   * Returns the largest static batch whose memory fits, 0 when not even one sequence fits.
   *
   * @param input prompt tokens
   * @param output generated tokens
   * @return the batch
   */
  public int maxBatch(int input, int output) {
    return lengths(input, output).maxBatch();
  }

  private int searchMaxBatch(int input, int output, long perSequence) {
    if (!fits(1, input, output, perSequence)) {
      return 0;
    }
    // from pp sequences on, memory is linear in the batch: solve, then step to the exact answer
    double slope =
        (double) perSequence / dpWays + roofline.activationBytes((double) input / pp, 1.0 / pp, 1.0 / pp, input);
    double guess = Math.floor((capacity - reserve - weightBytes) / slope);
    if (guess >= pp && guess < Integer.MAX_VALUE - 2) {
      long b = (long) guess;
      while (b > pp && !fits(b, input, output, perSequence)) {
        b--;
      }
      while (b < Integer.MAX_VALUE && fits(b + 1, input, output, perSequence)) {
        b++;
      }
      if (fits(b, input, output, perSequence)) {
        return (int) b;
      }
    }
    long lo = 1;
    long hi = 2;
    while (hi < Integer.MAX_VALUE && fits(hi, input, output, perSequence)) {
      lo = hi;
      hi = Math.min((long) Integer.MAX_VALUE, hi * 2);
    }
    if (hi == Integer.MAX_VALUE && fits(hi, input, output, perSequence)) {
      return Integer.MAX_VALUE;
    }
    while (hi - lo > 1) {
      long mid = (lo + hi) >>> 1;
      if (fits(mid, input, output, perSequence)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (int) lo;
  }

  /**
   * Returns the wall time of prefilling a static batch: {@code mb + pp − 1} slots of one
   * micro-batch's stage time (GPipe fill and drain; Huang et al. 2019).
   *
   * @param batch sequences
   * @param input prompt tokens
   * @param out per-group breakdown of one micro-batch's stage pass, or null
   * @return seconds
   */
  public double prefillSeconds(int batch, int input, double @Nullable [] out) {
    int mb = microBatches(batch);
    double stage = roofline.forward(0, 0, (double) batch / mb, input, out, true);
    return (mb + pp - 1) * stage;
  }

  /**
   * Returns the mean time per output token after the first, summed exactly over the decode steps:
   * step {@code j} (producing token {@code j + 1}) attends to {@code input + j} tokens. A decode
   * iteration takes {@code pp} stage slots: each micro-batch passes every stage once per token.
   *
   * @param batch sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @return seconds per token
   */
  public double tpot(int batch, int input, int output) {
    double seqs = (double) batch / microBatches(batch);
    return tpotFromIteration(pp * roofline.forward(seqs, 0, 0, 0, null, false), batch, input, output);
  }

  /**
   * Returns the TPOT given the decode iteration without its attention (which does not depend on
   * the context), adding the attention averaged exactly over the steps.
   *
   * @param iterationWithoutAttention seconds of a decode iteration less its attention
   * @param batch sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @return seconds per token
   */
  public double tpotFromIteration(double iterationWithoutAttention, int batch, int input, int output) {
    double seqs = (double) batch / microBatches(batch);
    long lo = (long) input + 1;
    long hi = output == 1 ? lo : (long) input + output - 1;
    double attention = roofline.decodeAttentionSum(seqs, lo, hi) / (hi - lo + 1);
    return iterationWithoutAttention + pp * attention;
  }

  /**
   * Returns the decode attention's time in one stage pass of {@link #decodeIteration} at this batch and context:
   * exactly the attention group's time in that pass's breakdown (its only term there), without the breakdown.
   *
   * @param batch sequences
   * @param context tokens attended to
   * @return seconds of one stage pass
   */
  public double decodeAttentionSeconds(int batch, double context) {
    double seqs = (double) batch / microBatches(batch);
    return roofline.decodeAttentionSeconds(seqs, context);
  }

  /** Returns the pipeline stages. */
  public int pp() {
    return pp;
  }

  /**
   * Returns one decode iteration at a given context.
   *
   * @param batch sequences
   * @param context tokens attended to
   * @param out per-group breakdown of one micro-batch's stage pass, or null
   * @return seconds of the iteration ({@code pp} stage slots)
   */
  public double decodeIteration(int batch, double context, double @Nullable [] out) {
    double seqs = (double) batch / microBatches(batch);
    return pp * roofline.forward(seqs, context, 0, 0, out, true);
  }

  /**
   * Returns one speculative-decoding verification iteration: each sequence scores {@code queries}
   * tokens at context {@code context} ({@code pp} stage slots, as a decode iteration).
   *
   * @param batch sequences
   * @param queries tokens scored per sequence
   * @param context tokens attended to
   * @param out per-group breakdown of one micro-batch's stage pass, or null
   * @return seconds
   */
  public double verifyIteration(int batch, int queries, double context, double @Nullable [] out) {
    double seqs = (double) batch / microBatches(batch);
    return pp * roofline.verify(seqs, queries, context, out);
  }

  /**
   * Returns the time of one steady-state iteration of continuous batching with chunked prefill:
   * {@code batch} sequences decode one token at the mean context {@code input + output / 2} while
   * the prompts of the {@code batch / output} requests that replace finished ones are prefilled in
   * the same pass (Agrawal et al. 2024, "Sarathi-Serve", OSDI). No steady state takes it since s22d (the capacity
   * planner was its last caller): {@code InferenceCostModel.atRequestRate} and {@code CapacityPlanner} take {@link
   * #steadyIterationWholePrompts}; kept as the form s21g replaced ({@code WholePromptSteadyStateTest} compares them).
   *
   * @param batch concurrent sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @param extraPrompts whole prompts added to the pass (1 for the iteration that admits a request)
   * @return seconds
   */
  public double steadyIteration(double batch, int input, int output, double extraPrompts) {
    double context = input + output / 2.0;
    double prompts = batch / output + extraPrompts;
    return roofline.forward(batch, context, prompts, input, null, true);
  }

  /**
   * Returns the mean time of the steady-state iterations of continuous batching when every prompt is prefilled
   * whole in the iteration that admits it (s21g): {@code batch} sequences decode one token at the mean context
   * {@code input + output / 2}, and with {@code p = batch / output + extraPrompts} prompts per iteration on average
   * a share {@code p − ⌊p⌋} of the iterations carries {@code ⌈p⌉} whole prompts and the rest {@code ⌊p⌋}: the mean
   * of those iterations, where {@link #steadyIteration} runs one iteration carrying {@code p} prompts' worth of
   * tokens. The two differ because a pass's time is not linear in its tokens: the routed experts a pass reads grow
   * concavely with them ({@code E · (1 − (1 − k/E)^tokens)} distinct experts of {@code E}, {@code k} per token), so
   * spreading a share of each prompt over every decode pass (32 prompt tokens per pass for 4 sequences of 7,373 +
   * 922 tokens) made each decode pass of DeepSeek-R1 read several times the experts its 4 tokens reach; and a
   * memory-bound pass hid the prompt's computation under its weight reads. The engine behind it: an engine whose
   * token budget holds a whole prompt and that does not chunk it (TensorRT-LLM's PyTorch backend with {@code
   * max_num_tokens} at least the prompt, as the InferenceX runs set it: {@code max(8192, ISL + CONC)}; SGLang
   * without {@code --enable-mixed-chunk}, which prefills in iterations of its own) admits a prompt in one pass, as
   * the TTFT term ({@code extraPrompts = 1}) already charges it.
   *
   * @param batch concurrent sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @param extraPrompts whole prompts added to the pass (1 for the iteration that admits a request)
   * @return seconds
   */
  public double steadyIterationWholePrompts(double batch, int input, int output, double extraPrompts) {
    return wholePromptMean(batch, input, input + output / 2.0, batch / output + extraPrompts, Double.NaN,
        Double.NaN);
  }

  /**
   * The mean of {@link #steadyIterationWholePrompts}: a share {@code p − ⌊p⌋} of the passes carries {@code ⌈p⌉}
   * whole prompts, the rest {@code ⌊p⌋}; {@code known} is the pass already costed with {@code knownPrompts} prompts
   * (NaN for none), taken instead of costing it again.
   */
  private double wholePromptMean(double batch, int input, double context, double prompts, double knownPrompts,
      double known) {
    double whole = Math.floor(prompts);
    double share = prompts - whole;
    double fewer = whole == knownPrompts ? known : roofline.forward(batch, context, whole, input, null, true);
    if (share <= 0) {
      return fewer;
    }
    return (1 - share) * fewer + share * roofline.forward(batch, context, whole + 1, input, null, true);
  }

  /**
   * Returns {@link #steadyIterationWholePrompts} at {@code extraPrompts} 0 and 1, to the last bit, costing the pass
   * the two share once (the mean iteration's iterations with one prompt more are the admitting iteration's with
   * none more): three passes costed instead of four (s22d, for the capacity planner's batch search).
   *
   * @param batch concurrent sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @param into receives the mean iteration (index 0) and the iteration that admits a request (index 1), seconds
   */
  public void steadyIterationsWholePrompts(double batch, int input, int output, double[] into) {
    double context = input + output / 2.0;
    double prompts = batch / output;
    double whole = Math.floor(prompts);
    double share = prompts - whole;
    double fewer = roofline.forward(batch, context, whole, input, null, true);
    double more = roofline.forward(batch, context, whole + 1, input, null, true);
    into[0] = share <= 0 ? fewer : (1 - share) * fewer + share * more;
    // the admitting iteration, as steadyIterationWholePrompts(batch, input, output, 1) computes it, reusing the pass
    // with one prompt more
    into[1] = wholePromptMean(batch, input, context, batch / output + 1, whole + 1, more);
  }

  /**
   * Returns one steady-state decode iteration that carries no prompt: {@code batch} sequences decode one
   * token at the mean context {@code input + output / 2} (an engine that prefills in iterations of their own).
   *
   * @param batch concurrent sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @return seconds of one stage pass
   */
  public double decodeOnlyIteration(double batch, int input, int output) {
    return roofline.forward(batch, input + output / 2.0, 0, input, null, true);
  }

  /**
   * Returns one iteration that only prefills: {@code prompts} whole prompts of {@code input} tokens (may be
   * fractional, a mean), no sequence decoding (an engine that prefills in iterations of their own).
   *
   * @param prompts prompts in the pass
   * @param input prompt tokens
   * @return seconds of one stage pass
   */
  public double prefillIteration(double prompts, int input) {
    return roofline.forward(0, 0, prompts, input, null, true);
  }

  /**
   * Returns the memory one GPU needs in the continuous-batching steady state at full concurrency:
   * the KV cache of {@code batch} sequences at full length and the activations of one iteration
   * that also prefills a whole prompt.
   *
   * @param batch concurrent sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @return the breakdown
   */
  public InferenceMemory steadyMemory(int batch, int input, int output) {
    long kv = Math.multiplyExact(onOneGpu(batch), kvBytesPerSequence((long) input + output));
    double prompts = (double) batch / output + 1;
    double act = roofline.activationBytes(batch + prompts * input, batch + prompts, prompts, input);
    return InferenceMemory.of(weightSize, DataSize.ofBytes(kv), DataSize.ofBytesCeil(act), reserveSize, capacitySize);
  }

  /**
   * Returns whether the steady state at full concurrency fits (without allocating).
   *
   * @param batch concurrent sequences
   * @param input prompt tokens
   * @param output generated tokens
   * @return whether it fits
   */
  public boolean steadyFits(int batch, int input, int output) {
    double kv = (double) onOneGpu(batch) * kvBytesPerSequence((long) input + output);
    double prompts = (double) batch / output + 1;
    double act = roofline.activationBytes(batch + prompts * input, batch + prompts, prompts, input);
    return weightBytes + kv + act + reserve <= capacity;
  }

  /**
   * Returns the most requests the continuous-batching steady state holds on one GPU's memory: the largest batch
   * for which {@link #steadyFits} holds (the KV cache of every sequence at full length and the activations of one
   * iteration that decodes them and prefills the prompts that replace finished ones, after the weights and the
   * reserve), 0 when not even one fits; beyond a batch of one and a prompt of a few tokens it is larger than {@link
   * #maxBatch}, the static batch's, which prefills every prompt of the batch in one pass (s22e).
   *
   * @param input prompt tokens
   * @param output generated tokens
   * @return the batch
   */
  public int maxSteadyBatch(int input, int output) {
    SteadyMemo m = steadyMemo;
    if (m.input() == input && m.output() == output) {
      return m.batch();
    }
    int batch = 0;
    if (steadyFits(1, input, output)) {
      long lo = 1;
      long hi = 2;
      while (hi < Integer.MAX_VALUE && steadyFits((int) hi, input, output)) {
        lo = hi;
        hi = Math.min((long) Integer.MAX_VALUE, hi * 2);
      }
      if (hi == Integer.MAX_VALUE && steadyFits(Integer.MAX_VALUE, input, output)) {
        lo = hi;
      }
      while (hi - lo > 1) {
        long mid = (lo + hi) >>> 1;
        if (steadyFits((int) mid, input, output)) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      batch = (int) lo;
    }
    steadyMemo = new SteadyMemo(input, output, batch);
    return batch;
  }

  /** The last lengths {@link #maxSteadyBatch} was asked for and its answer. */
  private record SteadyMemo(int input, int output, int batch) {}
}
