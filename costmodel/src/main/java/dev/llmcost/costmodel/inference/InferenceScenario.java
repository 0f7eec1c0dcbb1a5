package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ArchitectureKind;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.internal.inference.OrderStatistics;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is served and how: a model on an accelerator with tensor and pipeline parallelism, weight
 * and KV-cache types, a batch of requests of fixed input and output lengths, an attention kernel
 * and the serving overheads.
 *
 * <p>The batch is served as one static batch: the {@code batch} prompts are prefilled together,
 * then decoded one token per step for all of them (which is also what in-flight batching does when
 * every request has the same lengths). A mixture-of-experts model can spread its routed experts
 * over {@code ep} groups of GPUs ({@link Builder#ep}) and attend data-parallel ({@link
 * Builder#attentionDataParallel}), as DeepSeek-V3/R1 deployments do. Build one with {@link #builder(ModelArchitecture,
 * AcceleratorSpec)}.
 */
public final class InferenceScenario {
  private final ModelArchitecture model;
  private final AcceleratorSpec accelerator;
  private final int tp;
  private final int pp;
  private final QuantizationScheme weights;
  private final DType kvCache;
  private final int batch;
  private final int inputTokens;
  private final int outputTokens;
  private final InferenceAttentionKernel attention;
  private final ServingOverheads overheads;
  private final double memoryReserveFraction;
  private final int ep;
  private final boolean attentionDataParallel;
  private final double expertImbalance;
  private final boolean expertImbalanceGiven;
  private final ExpertCommunication expertCommunication;
  private final QuantizationScheme expertWeights;
  private final boolean expertWeightsGiven;
  private final QuantizationScheme attentionWeights;
  private final boolean attentionWeightsGiven;
  private final QuantizationScheme attentionOutputWeights;
  private final boolean attentionOutputWeightsGiven;
  private final boolean allowLongContext;
  private final @Nullable TunedGemmTimes tunedGemms;
  private final boolean fusedOneShotAllReduce;

  /** The default memory reserve: 10% of device memory. */
  public static final double DEFAULT_RESERVE = 0.10;

  /**
   * Uniform routing: every expert-parallel rank receives the mean number of routed tokens (the
   * training model's default {@code expertLoadImbalance}); what a placement balancer approaches.
   */
  public static final double UNIFORM_EXPERT_IMBALANCE = 1.0;

  /**
   * The routing imbalance TensorRT-LLM measured with DeepSeek's expert-placement load balancer
   * (EPLB): DeepSeek-R1 at EP36 with 288 slots for its 256 experts, the hottest rank receiving
   * 0.115 more routed tokens than the mean (examples/ep_load_balancer/README.md, commit 1cf5f035,
   * "average" row of the second report); for deployments that run EPLB (SGLang's EP72 blog).
   */
  public static final double EPLB_EXPERT_IMBALANCE = 1.115;

  /**
   * The spread of routed tokens over the experts of one MoE layer without a load balancer: the
   * coefficient of variation of the per-expert token counts of a step, 2.14, from the one
   * published serving measurement (TensorRT-LLM examples/ep_load_balancer/README.md, commit
   * 1cf5f035: DeepSeek-R1 at EP32, 8 of its 256 experts per rank, the hottest rank receiving on
   * average 1.564 more routed tokens than the mean): {@code 1.564 = z(32) · spread · √(32/256)}
   * with {@code z(n)} the expected largest of {@code n} standard normal draws (2.067). See {@link
   * #unbalancedImbalance}.
   */
  public static final double ROUTED_LOAD_SPREAD = 2.14;

  /**
   * The fewest routed experts of a fine-grained MoE, to which {@link #unbalancedImbalance} applies
   * the spread measured on DeepSeek-R1 (256 experts): DeepSeek-V3/R1, Qwen3 MoE and Llama 4
   * Maverick (128), gpt-oss-120b (128). Coarser MoE models (Mixtral's 8, Llama 4 Scout's 16,
   * gpt-oss-20b's 32) are assumed to route uniformly: the Mixtral paper finds no topic-based
   * pattern in its expert assignment (Jiang et al. 2024, "Mixtral of Experts", §5), and no
   * serving measurement of their rank loads was found.
   */
  public static final int FINE_GRAINED_EXPERTS = 64;
  /**
   * Validates the scenario.
   *
   * @throws IllegalArgumentException if the model is not a decoder, if a count is not positive, if
   *     {@code inputTokens + outputTokens} exceeds the model's context ({@link #requireWithinContext};
   *     beyond a context that is not a learned table only without {@link Builder#allowLongContext}), if
   *     {@code tp} does not divide the query heads, if it neither divides nor is a multiple of the KV
   *     heads, if {@code pp} exceeds the layers, or if the reserve is outside [0, 1)
   */
  private InferenceScenario(
      ModelArchitecture model,
      AcceleratorSpec accelerator,
      int tp,
      int pp,
      QuantizationScheme weights,
      DType kvCache,
      int batch,
      int inputTokens,
      int outputTokens,
      InferenceAttentionKernel attention,
      ServingOverheads overheads,
      double memoryReserveFraction,
      int ep,
      boolean attentionDataParallel,
      double expertImbalance,
      boolean expertImbalanceGiven,
      ExpertCommunication expertCommunication,
      @Nullable QuantizationScheme expertWeights,
      @Nullable QuantizationScheme attentionWeights,
      @Nullable QuantizationScheme attentionOutputWeights,
      boolean allowLongContext,
      @Nullable TunedGemmTimes tunedGemms,
      boolean fusedOneShotAllReduce) {
    if (model.kind() != ArchitectureKind.DECODER_ONLY) {
      throw new IllegalArgumentException(
          "model must be a decoder-only transformer to generate tokens, was "
              + model.kind()
              + " "
              + model.id());
    }
    Require.positive("tp", tp);
    Require.positive("pp", pp);
    Require.positive("batch", batch);
    Require.positive("inputTokens", inputTokens);
    Require.positive("outputTokens", outputTokens);
    requireWithinContext(model, inputTokens, outputTokens, allowLongContext);
    Require.finite("memoryReserveFraction", memoryReserveFraction);
    if (memoryReserveFraction < 0 || memoryReserveFraction >= 1) {
      throw new IllegalArgumentException(
          "memoryReserveFraction must be in [0, 1), was " + memoryReserveFraction);
    }
    int heads = model.heads();
    boolean dpAttention = attentionDataParallel && tp > 1; // whole heads on every GPU: tp need not divide them
    if (!dpAttention && heads % tp != 0) {
      throw new IllegalArgumentException("tp must divide heads (" + heads + "), was " + tp);
    }
    if (!dpAttention
        && model.attention() instanceof MultiHeadAttention m
        && m.kvHeads() % tp != 0
        && tp % m.kvHeads() != 0) {
      throw new IllegalArgumentException(
          "tp must divide kvHeads (" + m.kvHeads() + ") or be a multiple of it, was " + tp);
    }
    if (pp > model.layers()) {
      throw new IllegalArgumentException("pp must be <= layers (" + model.layers() + "), was " + pp);
    }
    Require.positive("ep", ep);
    Require.finite("expertImbalance", expertImbalance);
    if (expertImbalance < 1) {
      throw new IllegalArgumentException(
          "expertImbalance (busiest over mean tokens per expert-parallel rank) must be >= 1, was " + expertImbalance);
    }
    int routed = model.isMoe() ? model.moe().routedExperts() : 0;
    if (ep > 1) {
      if (routed == 0) {
        throw new IllegalArgumentException("ep must be 1 for a dense model (" + model.id() + "), was " + ep);
      }
      if (ep > routed) {
        throw new IllegalArgumentException("ep must be at most the routed experts (" + routed + "), was " + ep);
      }
      if (tp % ep != 0) {
        throw new IllegalArgumentException(
            "ep must divide tp (" + tp + "): ep × expert tensor parallelism = tp, was " + ep);
      }
    }
    if (attentionDataParallel && tp > 1) {
      if (routed == 0) {
        throw new IllegalArgumentException(
            "attentionDataParallel needs an MoE model (a dense model is served by data-parallel replicas), was "
                + model.id());
      }
      if (ep != tp) {
        throw new IllegalArgumentException(
            "attentionDataParallel needs ep = tp (" + tp + "): every GPU attends for its own sequences and holds"
                + " whole experts, was ep " + ep);
      }
    }
    if (expertWeights != null && routed == 0) {
      throw new IllegalArgumentException("expertWeights applies to the routed experts of an MoE model; "
          + model.id() + " is dense, was " + expertWeights.name());
    }
    if (attentionWeights != null && model.attentionLayers() == 0) {
      throw new IllegalArgumentException("attentionWeights applies to the attention layers' input projections; "
          + model.id() + " has no attention layer, was " + attentionWeights.name());
    }
    if (attentionOutputWeights != null && model.attentionLayers() == 0) {
      throw new IllegalArgumentException("attentionOutputWeights applies to the attention layers' output projection; "
          + model.id() + " has no attention layer, was " + attentionOutputWeights.name());
    }
    if ((long) inputTokens + outputTokens > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "inputTokens + outputTokens must fit an int, was " + ((long) inputTokens + outputTokens));
    }
    this.model = model;
    this.accelerator = accelerator;
    this.tp = tp;
    this.pp = pp;
    this.weights = weights;
    this.kvCache = kvCache;
    this.batch = batch;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.attention = attention;
    this.overheads = overheads;
    this.memoryReserveFraction = memoryReserveFraction;
    this.ep = ep;
    this.attentionDataParallel = attentionDataParallel;
    this.expertImbalance = expertImbalance;
    this.expertImbalanceGiven = expertImbalanceGiven;
    this.expertCommunication = expertCommunication;
    this.expertWeights = expertWeights != null ? expertWeights : weights;
    this.expertWeightsGiven = expertWeights != null;
    this.attentionWeights = attentionWeights != null ? attentionWeights : weights;
    this.attentionWeightsGiven = attentionWeights != null;
    this.attentionOutputWeights = attentionOutputWeights != null ? attentionOutputWeights : weights;
    this.attentionOutputWeightsGiven = attentionOutputWeights != null;
    this.allowLongContext = allowLongContext;
    if (tunedGemms != null) {
      if (!tunedGemms.accelerator().equals(accelerator.id())) {
        throw new IllegalArgumentException("tunedGemms were measured on " + tunedGemms.accelerator()
            + " and apply to that accelerator only, was " + accelerator.id());
      }
      if (weights.weightType() != DType.FP8_E4M3 && weights.weightType() != DType.FP8_E5M2) {
        throw new IllegalArgumentException("tunedGemms are FP8 GEMM times and need FP8 weights, weights were "
            + weights.name());
      }
    }
    this.tunedGemms = tunedGemms;
    this.fusedOneShotAllReduce = fusedOneShotAllReduce;
  }

  /**
   * Starts a builder with tp 1, pp 1, 16-bit weights (MXFP4 for a checkpoint that ships MXFP4
   * experts, such as gpt-oss) and KV cache in the model's published type
   * (bf16 unless it is fp16), batch 1, 1,024 input and 256 output tokens, {@link
   * InferenceAttentionKernel#FLASH}, the calibrated overheads, a 10% memory reserve, the routed
   * experts stored like the other weights and, with expert parallelism, the routing imbalance of
   * {@link #unbalancedImbalance}.
   *
   * @param model the model
   * @param accelerator the accelerator
   * @return a builder
   */
  public static Builder builder(ModelArchitecture model, AcceleratorSpec accelerator) {
    return new Builder(model, accelerator);
  }

  /** Returns a builder initialised with this scenario. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Refuses a prompt and output longer together than the model's configured context: {@code
   * max_position_embeddings} ({@link dev.llmcost.core.model.Embeddings#maxPositions()}), the positions
   * the model was trained and configured for. A learned position table has no row beyond it (GPT-2's
   * {@code wpe}, as {@code TrainingJob} refuses a longer training sequence); for rotary and other
   * encodings a longer context is a configuration of its own (a {@code config.json} whose {@code
   * max_position_embeddings}, with {@code rope_scaling}, extends it), not this model served past its
   * limit, where the KV cache and attention times grow without bound (vLLM refuses a {@code
   * max_model_len} past it in the same way, {@code _get_and_verify_max_len} in vllm/config/model.py at
   * vllm-project/vllm@18ec6629). A model that declares no context ({@code maxPositions} 0) is not
   * checked. Every scenario is checked when it is built, where {@link Builder#allowLongContext} lifts
   * the limit for positions that are not a learned table; this method lets a caller check lengths
   * before building one.
   *
   * @param model the model
   * @param inputTokens prompt tokens per sequence
   * @param outputTokens generated tokens per sequence
   * @throws IllegalArgumentException naming {@code inputTokens} and {@code outputTokens}, their
   *     values, the model and its limit, if {@code inputTokens + outputTokens} exceeds the context
   */
  public static void requireWithinContext(ModelArchitecture model, int inputTokens, int outputTokens) {
    String refusal = contextRefusal(model, inputTokens, outputTokens);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  /**
   * Refuses {@code input + output} tokens beyond the model's configured context as a scenario built
   * with {@link Builder#allowLongContext} set to {@code allowLongContext} does: a learned position
   * table always, any other context unless {@code allowLongContext}; the refusal of a context that is
   * not a learned table also names {@code allowLongContext} as the second way past it.
   *
   * @param model the model
   * @param inputTokens prompt tokens
   * @param outputTokens generated tokens
   * @param allowLongContext whether a context that is not a learned table may be exceeded
   * @throws IllegalArgumentException naming the fields, their values, the model and its limit
   */
  public static void requireWithinContext(ModelArchitecture model, int inputTokens, int outputTokens,
      boolean allowLongContext) {
    String beyond = contextRefusal(model, inputTokens, outputTokens);
    if (beyond == null) {
      return;
    }
    if (model.embeddings().positions() == PositionEncoding.LEARNED) {
      throw new IllegalArgumentException(beyond);
    }
    if (!allowLongContext) {
      throw new IllegalArgumentException(beyond + "; or set allowLongContext to cost this model run past it"
          + " (as vLLM's VLLM_ALLOW_LONG_MAX_MODEL_LEN permits)");
    }
  }

  /** Returns why {@code input + output} tokens exceed the model's context, or null when they do not. */
  private static @Nullable String contextRefusal(ModelArchitecture model, int inputTokens, int outputTokens) {
    long context = (long) inputTokens + outputTokens;
    int limit = model.embeddings().maxPositions();
    if (limit <= 0 || context <= limit) {
      return null;
    }
    if (model.embeddings().positions() == PositionEncoding.LEARNED) {
      return String.format(Locale.ROOT,
          "inputTokens + outputTokens (%,d + %,d = %,d tokens) must be <= %s's learned position table (%,d"
              + " positions); a learned table has no row beyond it, so a longer context needs another model",
          inputTokens, outputTokens, context, model.id(), limit);
    }
    return String.format(Locale.ROOT,
        "inputTokens + outputTokens (%,d + %,d = %,d tokens) must be <= %s's context length (%,d tokens,"
            + " max_position_embeddings); to cost a longer context, load a config.json whose"
            + " max_position_embeddings (and rope_scaling) extend it", inputTokens, outputTokens, context,
        model.id(), limit);
  }

  /** Returns the GPUs one replica uses: {@code tp × pp}. */
  public int gpus() {
    return tp * pp;
  }

  /** Returns a copy with another batch (concurrent sequences). */
  public InferenceScenario withBatch(int newBatch) {
    return newBatch == batch ? this : toBuilder().batch(newBatch).build();
  }

  /** Returns a copy with another tensor-parallel degree. */
  public InferenceScenario withTp(int newTp) {
    return newTp == tp ? this : toBuilder().tp(newTp).build();
  }

  /**
   * Returns whether tensor parallelism replicates KV heads: {@code tp} exceeds the KV heads of
   * grouped- or multi-query attention, so each GPU holds one KV head that {@code tp / kvHeads} GPUs
   * share (as vLLM and TensorRT-LLM do).
   */
  public boolean replicatesKvHeads() {
    return model.attention() instanceof MultiHeadAttention m && attentionTp() > m.kvHeads();
  }

  /** Builds an {@link InferenceScenario}; every setter returns the builder. */
  public static final class Builder {
    private ModelArchitecture model;
    private AcceleratorSpec accelerator;
    private int tp = 1;
    private int pp = 1;
    private QuantizationScheme weights;
    private DType kvCache;
    private int batch = 1;
    private int inputTokens = 1024;
    private int outputTokens = 256;
    private InferenceAttentionKernel attention = InferenceAttentionKernel.FLASH;
    private ServingOverheads overheads = ServingOverheads.calibrated();
    private double memoryReserveFraction = DEFAULT_RESERVE;
    private int ep = 1;
    private boolean attentionDataParallel;
    private double expertImbalance = Double.NaN;
    private ExpertCommunication expertCommunication = ExpertCommunication.ALL_TO_ALL;
    private @Nullable QuantizationScheme expertWeights;
    private @Nullable QuantizationScheme attentionWeights;
    private @Nullable QuantizationScheme attentionOutputWeights;
    private boolean allowLongContext;
    private @Nullable TunedGemmTimes tunedGemms;
    private boolean fusedOneShotAllReduce;
    /** The default imbalance of the scenario this builder copies, reused while model and ep stay its own. */
    private double copiedDefault = Double.NaN;
    private @Nullable InferenceScenario copiedFrom;

    private Builder(ModelArchitecture model, AcceleratorSpec accelerator) {
      this.model = model;
      this.accelerator = accelerator;
      DType sixteen = model.dtype() == DType.FP16 ? DType.FP16 : DType.BF16;
      // a checkpoint that ships MXFP4 experts (gpt-oss) is served as shipped
      this.weights =
          model.expertDtype() == DType.FP4 && model.expertScaleBlock() == 32
              ? QuantizationScheme.mxfp4()
              : QuantizationScheme.uniform(sixteen);
      this.kvCache = sixteen;
    }

    private Builder(InferenceScenario s) {
      model = s.model;
      accelerator = s.accelerator;
      tp = s.tp;
      pp = s.pp;
      weights = s.weights;
      kvCache = s.kvCache;
      batch = s.batch;
      inputTokens = s.inputTokens;
      outputTokens = s.outputTokens;
      attention = s.attention;
      overheads = s.overheads;
      memoryReserveFraction = s.memoryReserveFraction;
      ep = s.ep;
      attentionDataParallel = s.attentionDataParallel;
      expertImbalance = s.expertImbalanceGiven ? s.expertImbalance : Double.NaN;
      copiedDefault = s.expertImbalanceGiven ? Double.NaN : s.expertImbalance;
      expertCommunication = s.expertCommunication;
      expertWeights = s.expertWeightsGiven ? s.expertWeights : null;
      attentionWeights = s.attentionWeightsGiven ? s.attentionWeights : null;
      attentionOutputWeights = s.attentionOutputWeightsGiven ? s.attentionOutputWeights : null;
      allowLongContext = s.allowLongContext;
      tunedGemms = s.tunedGemms;
      fusedOneShotAllReduce = s.fusedOneShotAllReduce;
      copiedFrom = s;
    }

    /** Sets the model. */
    public Builder model(ModelArchitecture value) {
      this.model = value;
      return this;
    }

    /** Sets the accelerator. */
    public Builder accelerator(AcceleratorSpec value) {
      this.accelerator = value;
      return this;
    }

    /** Sets the tensor-parallel degree. */
    public Builder tp(int value) {
      this.tp = value;
      return this;
    }

    /** Sets the pipeline-parallel stages. */
    public Builder pp(int value) {
      this.pp = value;
      return this;
    }

    /** Sets how weights are stored. */
    public Builder weights(QuantizationScheme value) {
      this.weights = value;
      return this;
    }

    /** Sets the KV-cache element type. */
    public Builder kvCache(DType value) {
      this.kvCache = value;
      return this;
    }

    /** Sets the concurrent sequences. */
    public Builder batch(int value) {
      this.batch = value;
      return this;
    }

    /** Sets the prompt tokens per sequence. */
    public Builder inputTokens(int value) {
      this.inputTokens = value;
      return this;
    }

    /** Sets the generated tokens per sequence. */
    public Builder outputTokens(int value) {
      this.outputTokens = value;
      return this;
    }

    /** Sets the attention kernel. */
    public Builder attention(InferenceAttentionKernel value) {
      this.attention = value;
      return this;
    }

    /** Sets the serving overheads. */
    public Builder overheads(ServingOverheads value) {
      this.overheads = value;
      return this;
    }

    /** Sets the fraction of device memory kept free, in [0, 1). */
    public Builder memoryReserveFraction(double value) {
      this.memoryReserveFraction = value;
      return this;
    }

    /**
     * Sets the expert-parallel degree (default 1): the routed experts are spread over {@code ep}
     * groups of GPUs, each expert sharded over {@code tp / ep} GPUs; {@code ep} divides {@code tp}
     * and is at most the routed experts. Each group holds {@code ⌈experts / ep⌉} experts: where
     * {@code ep} does not divide the experts the remaining slots hold redundant copies of busy
     * experts (SGLang's and DeepSeek's EPLB: 288 slots for 256 experts at EP72).
     */
    public Builder ep(int value) {
      this.ep = value;
      return this;
    }

    /**
     * Sets attention data parallelism (default off): each of the {@code tp} GPUs attends for its own
     * {@code batch / tp} sequences with whole attention, dense-MLP, shared-expert and head weights,
     * and the MoE layers exchange tokens by all-to-all or all-gather ({@link #expertCommunication}) (DeepSeek-V3 §3.4, SGLang's
     * {@code --enable-dp-attention}, TensorRT-LLM's {@code enable_attention_dp}); needs {@code ep =
     * tp}.
     */
    public Builder attentionDataParallel(boolean value) {
      this.attentionDataParallel = value;
      return this;
    }

    /**
     * Sets the routing imbalance: tokens routed to the busiest expert-parallel rank over the mean, at
     * least 1 (default {@link #unbalancedImbalance}: routing without a load balancer, 1 without
     * expert parallelism; {@link #EPLB_EXPERT_IMBALANCE} with EPLB, {@link
     * #UNIFORM_EXPERT_IMBALANCE} for uniform routing); the expert GEMMs and the all-to-all wait for
     * the busiest rank.
     */
    public Builder expertImbalance(double value) {
      if (Double.isNaN(value)) {
        throw new IllegalArgumentException("expertImbalance must be a number >= 1, was NaN");
      }
      this.expertImbalance = value;
      return this;
    }

    /**
     * Sets how the MoE layers of an attention-data-parallel deployment exchange tokens (default
     * {@link ExpertCommunication#ALL_TO_ALL}); without attention data parallelism it is unused.
     */
    public Builder expertCommunication(ExpertCommunication value) {
      this.expertCommunication = Objects.requireNonNull(value, "expertCommunication");
      return this;
    }

    /**
     * Sets how the routed experts' weights are stored, apart from the other linear layers ({@link
     * #weights}): MXFP4 experts with bf16 attention as gpt-oss ships, or FP8 attention with 16-bit
     * experts as TensorRT-LLM v0.9.0 ran Mixtral. Their bytes per weight set what a step reads of
     * each expert it reaches, and their type the rate of the expert GEMMs (native FP8 or FP4 math
     * where the accelerator has it, else dequantized to 16 bits), as for {@link #weights}. Default:
     * the routed experts stored like the other weights. Only an MoE model has routed experts.
     */
    public Builder expertWeights(QuantizationScheme value) {
      this.expertWeights = Objects.requireNonNull(value, "expertWeights");
      return this;
    }

    /**
     * Sets how the attention layers' input projections are stored, apart from the other linear layers
     * ({@link #weights}): the query and key/value projections (q_proj, k_proj, v_proj; latent attention's
     * q_a/kv_a down projections and q_b/kv_b up projections), not the output projection o_proj, which
     * {@link #attentionOutputWeights} sets. That is the split the MLPerf Inference v5.1 DeepSeek-R1 NVFP4 checkpoint
     * ships: its {@code hf_quant_config.json} excludes {@code *fused_a*}, {@code *q_b_proj*} and
     * {@code *kv_b_proj*} (with the routers and {@code lm_head}) from NVFP4, while o_proj, the dense and
     * shared MLPs and the routed experts are NVFP4 (mlcommons/inference_results_v5.1 at 965182b0,
     * closed/NVIDIA/code/deepseek-r1/tensorrt/; NVIDIA/TensorRT-Model-Optimizer examples/deepseek/ptq.py at
     * 2017cd90). Their bytes per weight set what a step reads of those projections, and their type the rate
     * of their GEMMs (native FP8 or FP4 math where the accelerator has it, else dequantized to 16 bits), as
     * for {@link #weights}. Default: stored like the other weights. The output head and the routers stay
     * in the weights' other type (16 bits) whatever is set here. A model needs an attention layer.
     */
    public Builder attentionWeights(QuantizationScheme value) {
      this.attentionWeights = Objects.requireNonNull(value, "attentionWeights");
      return this;
    }

    /**
     * Sets how the attention layers' output projection (o_proj, DeepSeek's wo) is stored, apart from the other
     * linear layers ({@link #weights}). nvidia/DeepSeek-R1-FP4 and nvidia/DeepSeek-R1-0528-FP4 keep it in 16 bits
     * with the input projections (ModelOpt's DeepSeek recipe disables every {@code *attn*} quantizer:
     * NVIDIA/TensorRT-Model-Optimizer examples/deepseek/ptq.py at 2017cd90; their "-v2" model cards state that
     * v2 "additionally quantizes the wo module in attention layers"); the MLPerf v5.1 checkpoint, a v2 one,
     * quantizes it ({@link #attentionWeights}). Bytes read and GEMM math as for {@link #attentionWeights}.
     * Default: stored like the other weights. A model needs an attention layer.
     */
    public Builder attentionOutputWeights(QuantizationScheme value) {
      this.attentionOutputWeights = Objects.requireNonNull(value, "attentionOutputWeights");
      return this;
    }

    /**
     * Sets whether a model whose positions are not a learned table may be costed past its configured
     * context, {@code max_position_embeddings} (default false: such a scenario is refused, see {@link
     * InferenceScenario#requireWithinContext}). An engine can be told to run past it, as vLLM does with {@code
     * VLLM_ALLOW_LONG_MAX_MODEL_LEN=1}, "with extreme caution" because rotary positions past it lead to
     * NaN and a learned table's to an out-of-bounds error ({@code _get_and_verify_max_len},
     * vllm/config/model.py at vllm-project/vllm@18ec6629); published benchmarks ran models so, Llama 2
     * 70B at 128 + 4,096 tokens past its 4,096 (NVIDIA/TensorRT-LLM docs/source/blogs/Falcon180B-H200.md
     * at commit 3c44cb97, the validation's {@code trt07a-h200-llama2-70b-tp1-128-4096}). The estimate
     * then states the context it exceeds among its assumptions. A learned position table is refused
     * all the same: it has no row past its end.
     */
    public Builder allowLongContext(boolean value) {
      this.allowLongContext = value;
      return this;
    }

    /**
     * Sets the measured FP8 weight GEMM times of a deployment known to run those kernels (s19k; default none: the
     * roofline's own GEMM terms). Where the table times a weight GEMM's shape and token count, the roofline takes that
     * time; the estimate prints the table's source among its assumptions. The bundled tables are AMD's MLPerf
     * Inference v5.1 MI325X tuning files ({@link TunedGemmTimes#amdMlperfV51Server}), which a stock vLLM does not load.
     *
     * @param value the table, measured on this scenario's accelerator (checked when built), or null for none
     */
    public Builder tunedGemms(@Nullable TunedGemmTimes value) {
      this.tunedGemms = value;
      return this;
    }

    /**
     * Sets whether the serving engine runs a fused one-shot all-reduce (all-reduce + residual add + RMSNorm) for
     * the tensor-parallel decode all-reduces up to 2.625 MiB, FlashInfer's one-shot limit at 8 ranks (s24l; default
     * false: the ring from 256 KiB). It applies only where the Blackwell tp 8 rule does (Blackwell, tp 8, one NVLink
     * domain), and prices a message from 256 KiB to that limit at the line through tokenspeed PR 860's two 8-rank
     * one-shot times (8.8 µs + 11.8 µs a MiB a call) instead of the ring's steps; the estimate prints it among its
     * assumptions. SGLang turns FlashInfer's
     * {@code trtllm_allreduce_fusion} on by default for DeepSeek-V3-architecture models on SM100 (sgl-project/sglang
     * PR 12724); other engines and models run their custom two-stage kernel there.
     *
     * @param value whether the engine's fused one-shot all-reduce runs up to the limit
     */
    public Builder fusedOneShotAllReduce(boolean value) {
      this.fusedOneShotAllReduce = value;
      return this;
    }

    /**
     * Builds the scenario.
     *
     * @return the scenario
     * @throws IllegalArgumentException as {@link InferenceScenario}'s constructor
     */
    public InferenceScenario build() {
      return new InferenceScenario(
          model,
          accelerator,
          tp,
          pp,
          weights,
          kvCache,
          batch,
          inputTokens,
          outputTokens,
          attention,
          overheads,
          memoryReserveFraction,
          ep,
          attentionDataParallel,
          Double.isNaN(expertImbalance) ? defaultImbalance() : expertImbalance,
          !Double.isNaN(expertImbalance),
          expertCommunication,
          expertWeights,
          attentionWeights,
          attentionOutputWeights,
          allowLongContext,
          tunedGemms,
          fusedOneShotAllReduce);
    }

    /** Returns the default imbalance, the copied scenario's when model and ep are unchanged (no recomputation per batch). */
    private double defaultImbalance() {
      InferenceScenario from = copiedFrom;
      if (from != null && !Double.isNaN(copiedDefault) && from.model == model && from.ep == ep) {
        return copiedDefault;
      }
      return unbalancedImbalance(model, ep);
    }
  }

  /** Returns the measured FP8 weight GEMM times the roofline takes where they time a GEMM, or null for none. */
  public @Nullable TunedGemmTimes tunedGemms() {
    return tunedGemms;
  }

  /** Returns the model; decoder-only. */
  public ModelArchitecture model() {
    return model;
  }

  /** Returns the accelerator every GPU is. */
  public AcceleratorSpec accelerator() {
    return accelerator;
  }

  /** Returns tensor-parallel degree: divides the query heads; KV heads are split when it divides them and replicated when it is a multiple of them. */
  public int tp() {
    return tp;
  }

  /** Returns pipeline-parallel stages, at most the layers. */
  public int pp() {
    return pp;
  }

  /** Returns how weights are stored (bf16, fp8, int8, int4 with group scales ...). */
  public QuantizationScheme weights() {
    return weights;
  }

  /**
   * Returns how the routed experts' weights are stored: the scheme given to {@link
   * Builder#expertWeights}, else {@link #weights()}.
   */
  public QuantizationScheme expertWeights() {
    return expertWeights;
  }

  /**
   * Returns how the attention layers' input projections are stored: the scheme given to {@link
   * Builder#attentionWeights}, else {@link #weights()}.
   */
  public QuantizationScheme attentionWeights() {
    return attentionWeights;
  }

  /** Returns whether the attention input projections' storage was given apart from the other weights. */
  public boolean attentionWeightsGiven() {
    return attentionWeightsGiven;
  }

  /**
   * Returns how the attention layers' output projection is stored: the scheme given to {@link
   * Builder#attentionOutputWeights}, else {@link #weights()}.
   */
  public QuantizationScheme attentionOutputWeights() {
    return attentionOutputWeights;
  }

  /** Returns whether the attention output projection's storage was given apart from the other weights. */
  public boolean attentionOutputWeightsGiven() {
    return attentionOutputWeightsGiven;
  }

  /** Returns whether the scenario may run past the model's configured context ({@link Builder#allowLongContext}). */
  public boolean allowLongContext() {
    return allowLongContext;
  }

  /** Returns whether the engine's fused one-shot all-reduce is priced up to its limit ({@link Builder#fusedOneShotAllReduce}). */
  public boolean fusedOneShotAllReduce() {
    return fusedOneShotAllReduce;
  }

  /** Returns whether the routed experts' storage was given apart from the other weights. */
  public boolean expertWeightsGiven() {
    return expertWeightsGiven;
  }

  /** Returns the KV-cache element type. */
  public DType kvCache() {
    return kvCache;
  }

  /** Returns concurrent sequences. */
  public int batch() {
    return batch;
  }

  /** Returns prompt tokens per sequence. */
  public int inputTokens() {
    return inputTokens;
  }

  /** Returns generated tokens per sequence (the first comes out of the prefill). */
  public int outputTokens() {
    return outputTokens;
  }

  /** Returns the attention kernel. */
  public InferenceAttentionKernel attention() {
    return attention;
  }

  /** Returns serving overheads outside the kernels. */
  public ServingOverheads overheads() {
    return overheads;
  }

  /** Returns fraction of device memory kept free for the runtime, CUDA context and fragmentation, in [0, 1) (0.10 as vLLM's default {@code gpu_memory_utilization} 0.9). */
  public double memoryReserveFraction() {
    return memoryReserveFraction;
  }

  /** Returns the expert-parallel degree: 1, or a divisor of {@code tp} at most the routed experts. */
  public int ep() {
    return ep;
  }

  /** Returns the expert tensor-parallel degree, {@code tp / ep}: the GPUs one routed expert is sharded over. */
  public int expertTp() {
    return tp / ep;
  }

  /** Returns whether attention (with the dense MLPs, shared experts and head) is data-parallel over the {@code tp} GPUs. */
  public boolean attentionDataParallel() {
    return attentionDataParallel && tp > 1;
  }

  /** Returns the tensor-parallel degree of attention: 1 with attention data parallelism, else {@code tp}. */
  public int attentionTp() {
    return attentionDataParallel() ? 1 : tp;
  }

  /**
   * Returns tokens routed to the busiest expert-parallel rank over the mean, at least 1: the value
   * given to the builder, else {@link #unbalancedImbalance} of the model and {@code ep}.
   */
  public double expertImbalance() {
    return expertImbalance;
  }

  /** Returns how the MoE layers exchange tokens under attention data parallelism. */
  public ExpertCommunication expertCommunication() {
    return expertCommunication;
  }

  /** Returns whether the routing imbalance was given to the builder (false: {@link #unbalancedImbalance}). */
  public boolean expertImbalanceGiven() {
    return expertImbalanceGiven;
  }

  /**
   * Returns the routing imbalance of expert parallelism without a load balancer: the busiest of
   * {@code ep} ranks, each holding {@code E / ep} of the {@code E} routed experts, receives {@code 1
   * + z(ep) · s · √(ep / E)} times the mean routed tokens, where {@code s} = {@link
   * #ROUTED_LOAD_SPREAD} is the spread of the per-expert token counts (calibrated on DeepSeek-R1 at
   * EP32, where the formula gives the measured 2.56), {@code s · √(ep / E)} the spread of a rank's
   * sum of {@code E / ep} independent experts, and {@code z(ep)} the expected largest of {@code ep}
   * standard normal draws (Blom's approximation). At most what the busiest rank can receive, {@code
   * ep · min(k, E / ep) / k}. It grows with {@code ep} and with fewer experts: DeepSeek-V3 (256
   * experts) 1.54 at EP8 and 3.7 at EP72, a 128-expert model 1.77 at EP8; 1 without expert
   * parallelism and for models with fewer than {@link #FINE_GRAINED_EXPERTS} routed experts
   * (uniform routing assumed). The spread is one model's on one dataset; a deployment's measured
   * figure, or {@link #EPLB_EXPERT_IMBALANCE} under EPLB, is an input.
   *
   * @param model the model
   * @param ep expert-parallel degree, at least 1
   * @return the imbalance, at least 1
   */
  public static double unbalancedImbalance(ModelArchitecture model, int ep) {
    if (ep <= 1 || !model.isMoe() || model.moe().routedExperts() < FINE_GRAINED_EXPERTS) {
      return UNIFORM_EXPERT_IMBALANCE;
    }
    int experts = model.moe().routedExperts();
    int k = Math.max(1, model.moe().expertsPerToken());
    int ranks = Math.min(ep, experts);
    double local = Math.ceil((double) experts / ranks);
    double cap = ranks * Math.min(k, local) / k;
    double spread = ROUTED_LOAD_SPREAD * Math.sqrt((double) ranks / experts);
    return Math.max(1, Math.min(cap, 1 + OrderStatistics.expectedMaxOfNormals(ranks) * spread));
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof InferenceScenario o
        && Objects.equals(model, o.model)
        && Objects.equals(accelerator, o.accelerator)
        && tp == o.tp
        && pp == o.pp
        && Objects.equals(weights, o.weights)
        && Objects.equals(kvCache, o.kvCache)
        && batch == o.batch
        && inputTokens == o.inputTokens
        && outputTokens == o.outputTokens
        && Objects.equals(attention, o.attention)
        && Objects.equals(overheads, o.overheads)
        && Double.compare(memoryReserveFraction, o.memoryReserveFraction) == 0
        && ep == o.ep
        && attentionDataParallel == o.attentionDataParallel
        && Double.compare(expertImbalance, o.expertImbalance) == 0
        && expertCommunication == o.expertCommunication
        && Objects.equals(expertWeights, o.expertWeights)
        && expertWeightsGiven == o.expertWeightsGiven
        && Objects.equals(attentionWeights, o.attentionWeights)
        && attentionWeightsGiven == o.attentionWeightsGiven
        && Objects.equals(attentionOutputWeights, o.attentionOutputWeights)
        && attentionOutputWeightsGiven == o.attentionOutputWeightsGiven
        && allowLongContext == o.allowLongContext
        && Objects.equals(tunedGemms, o.tunedGemms)
        && fusedOneShotAllReduce == o.fusedOneShotAllReduce;
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, accelerator, tp, pp, weights, kvCache, batch, inputTokens, outputTokens, attention, overheads, memoryReserveFraction, ep,
        attentionDataParallel, expertImbalance, expertCommunication, expertWeights, expertWeightsGiven, attentionWeights, attentionWeightsGiven,
        attentionOutputWeights, attentionOutputWeightsGiven,
        allowLongContext, tunedGemms, fusedOneShotAllReduce);
  }

  @Override
  public String toString() {
    return "InferenceScenario[model=" + model + ", accelerator=" + accelerator + ", tp=" + tp + ", pp=" + pp + ", weights=" + weights + ", kvCache=" + kvCache + ", batch=" + batch + ", inputTokens=" + inputTokens + ", outputTokens=" + outputTokens + ", attention=" + attention + ", overheads=" + overheads + ", memoryReserveFraction=" + memoryReserveFraction + ", ep=" + ep + ", attentionDataParallel=" + attentionDataParallel + ", expertImbalance=" + expertImbalance + ", expertCommunication=" + expertCommunication + ", expertWeights=" + expertWeights + ", expertWeightsGiven=" + expertWeightsGiven + ", attentionWeights=" + attentionWeights + ", attentionWeightsGiven=" + attentionWeightsGiven + ", attentionOutputWeights=" + attentionOutputWeights + ", attentionOutputWeightsGiven=" + attentionOutputWeightsGiven + ", allowLongContext=" + allowLongContext
        + (tunedGemms != null ? ", tunedGemms=" + tunedGemms : "")
        + (fusedOneShotAllReduce ? ", fusedOneShotAllReduce=true" : "") + "]";
  }
}
