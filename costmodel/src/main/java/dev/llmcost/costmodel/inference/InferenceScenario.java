package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ArchitectureKind;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.QuantizationScheme;
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

  /** The default memory reserve: 10% of device memory. */
  public static final double DEFAULT_RESERVE = 0.10;

  /**
   * The default routing imbalance: 1, uniform routing (every expert-parallel rank receives the mean
   * number of tokens), the same default as the training model's {@code expertLoadImbalance}. The
   * published figures depend on the model, the data and the expert-placement balancer:
   * TensorRT-LLM's examples/ep_load_balancer/README.md (commit 1cf5f035) measures DeepSeek-R1 at
   * EP32 without a balancer at max/mean 2.56 per rank ((max − mean)/mean 1.56) and with EPLB's
   * redundant experts (EP36, 288 slots) at 1.12; a deployment's measured figure is an input.
   */
  public static final double DEFAULT_EXPERT_IMBALANCE = 1.0;
  /**
   * Validates the scenario.
   *
   * @throws IllegalArgumentException if the model is not a decoder, if a count is not positive, if
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
      double expertImbalance) {
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
  }

  /**
   * Starts a builder with tp 1, pp 1, 16-bit weights (MXFP4 for a checkpoint that ships MXFP4
   * experts, such as gpt-oss) and KV cache in the model's published type
   * (bf16 unless it is fp16), batch 1, 1,024 input and 256 output tokens, {@link
   * InferenceAttentionKernel#FLASH}, the calibrated overheads and a 10% memory reserve.
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
    private double expertImbalance = DEFAULT_EXPERT_IMBALANCE;

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
      expertImbalance = s.expertImbalance;
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
     * and the MoE layers exchange tokens by all-to-all (DeepSeek-V3 §3.4, SGLang's
     * {@code --enable-dp-attention}, TensorRT-LLM's {@code enable_attention_dp}); needs {@code ep =
     * tp}.
     */
    public Builder attentionDataParallel(boolean value) {
      this.attentionDataParallel = value;
      return this;
    }

    /**
     * Sets the routing imbalance: tokens routed to the busiest expert-parallel rank over the mean, at
     * least 1 (default {@link #DEFAULT_EXPERT_IMBALANCE}); the expert GEMMs and the all-to-all wait
     * for the busiest rank.
     */
    public Builder expertImbalance(double value) {
      this.expertImbalance = value;
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
          expertImbalance);
    }
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

  /** Returns tokens routed to the busiest expert-parallel rank over the mean, at least 1. */
  public double expertImbalance() {
    return expertImbalance;
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
        && Double.compare(expertImbalance, o.expertImbalance) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, accelerator, tp, pp, weights, kvCache, batch, inputTokens, outputTokens, attention, overheads, memoryReserveFraction, ep,
        attentionDataParallel, expertImbalance);
  }

  @Override
  public String toString() {
    return "InferenceScenario[model=" + model + ", accelerator=" + accelerator + ", tp=" + tp + ", pp=" + pp + ", weights=" + weights + ", kvCache=" + kvCache + ", batch=" + batch + ", inputTokens=" + inputTokens + ", outputTokens=" + outputTokens + ", attention=" + attention + ", overheads=" + overheads + ", memoryReserveFraction=" + memoryReserveFraction + ", ep=" + ep + ", attentionDataParallel=" + attentionDataParallel + ", expertImbalance=" + expertImbalance + "]";
  }
}
