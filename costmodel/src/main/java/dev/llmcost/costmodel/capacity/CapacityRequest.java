package dev.llmcost.costmodel.capacity;

import dev.llmcost.core.DType;
import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.ExpertCommunication;
import dev.llmcost.costmodel.inference.InferenceAttentionKernel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.ServingOverheads;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A serving load and its latency objectives: requests per second of fixed input and output
 * lengths, to be served by one kind of accelerator within a time-to-first-token and a
 * time-per-output-token objective. Build one with {@link #builder(ModelArchitecture,
 * AcceleratorSpec)}.
 */
public final class CapacityRequest {
  private final ModelArchitecture model;
  private final AcceleratorSpec accelerator;
  private final double requestsPerSecond;
  private final int inputTokens;
  private final int outputTokens;
  private final double ttftSloSeconds;
  private final double tpotSloSeconds;
  private final QuantizationScheme weights;
  private final DType kvCache;
  private final InferenceAttentionKernel attention;
  private final ServingOverheads overheads;
  private final double memoryReserveFraction;
  private final List<Integer> tpCandidates;
  private final int maxBatch;
  private final Money pricePerGpuHour;
  private final QuantizationScheme expertWeights;
  private final boolean expertWeightsGiven;
  private final QuantizationScheme attentionWeights;
  private final boolean attentionWeightsGiven;
  private final QuantizationScheme attentionOutputWeights;
  private final boolean attentionOutputWeightsGiven;
  private final boolean attentionDataParallel;
  private final ExpertCommunication expertCommunication;
  private final boolean allowLongContext;
  private final boolean fusedOneShotAllReduce;
  private final int decodeTp;
  private final int decodeMaxNumSeqs;
  private final int decodeMaxBatchedTokens;

  /** The default cap on concurrent sequences per replica. */
  public static final int DEFAULT_MAX_BATCH = 1024;
  /**
   * Validates the request and copies the candidates.
   *
   * @throws IllegalArgumentException if a rate, length, objective or cap is not positive, a
   *     candidate is not positive, the price is negative, expert weights or attention data
   *     parallelism are given for a dense model, an expert communication without attention data
   *     parallelism, or input + output exceed the model's context without {@code allowLongContext}
   *     (or with it, for a learned position table; {@link InferenceScenario.Builder#allowLongContext}), or a decode
   *     tp or decode limits out of range ({@link Builder#decodeTp}, {@link Builder#decodeLimits})
   */
  private CapacityRequest(
      ModelArchitecture model,
      AcceleratorSpec accelerator,
      double requestsPerSecond,
      int inputTokens,
      int outputTokens,
      double ttftSloSeconds,
      double tpotSloSeconds,
      QuantizationScheme weights,
      DType kvCache,
      InferenceAttentionKernel attention,
      ServingOverheads overheads,
      double memoryReserveFraction,
      List<Integer> tpCandidates,
      int maxBatch,
      Money pricePerGpuHour,
      @Nullable QuantizationScheme expertWeights,
      @Nullable QuantizationScheme attentionWeights,
      @Nullable QuantizationScheme attentionOutputWeights,
      boolean attentionDataParallel,
      @Nullable ExpertCommunication expertCommunication,
      boolean allowLongContext,
      boolean fusedOneShotAllReduce,
      @Nullable Integer decodeTp,
      int @Nullable [] decodeLimits) {
    Require.positive("requestsPerSecond", requestsPerSecond);
    Require.positive("inputTokens", inputTokens);
    Require.positive("outputTokens", outputTokens);
    Require.positive("ttftSloSeconds", ttftSloSeconds);
    Require.positive("tpotSloSeconds", tpotSloSeconds);
    Require.positive("maxBatch", maxBatch);
    tpCandidates = List.copyOf(tpCandidates);
    if (tpCandidates.isEmpty()) {
      throw new IllegalArgumentException("tpCandidates must not be empty");
    }
    for (int tp : tpCandidates) {
      Require.positive("tp candidate", tp);
    }
    if (pricePerGpuHour.isNegative()) {
      throw new IllegalArgumentException("pricePerGpuHour must be >= 0, was " + pricePerGpuHour.toExactString());
    }
    if (attentionDataParallel && !model.isMoe()) {
      throw new IllegalArgumentException(
          "attentionDataParallel needs an MoE model (a dense model is served by data-parallel replicas), was "
              + model.id());
    }
    if (expertCommunication != null && !attentionDataParallel) {
      throw new IllegalArgumentException("expertCommunication applies with attentionDataParallel, was "
          + expertCommunication + " without it");
    }
    // validates the model, reserve, lengths and expert weights once
    InferenceScenario.Builder check = InferenceScenario.builder(model, accelerator)
        .weights(weights)
        .kvCache(kvCache)
        .inputTokens(inputTokens)
        .outputTokens(outputTokens)
        .memoryReserveFraction(memoryReserveFraction)
        .allowLongContext(allowLongContext);
    if (expertWeights != null) {
      check.expertWeights(expertWeights);
    }
    if (attentionWeights != null) {
      check.attentionWeights(attentionWeights);
    }
    if (attentionOutputWeights != null) {
      check.attentionOutputWeights(attentionOutputWeights);
    }
    check.build();
    this.model = model;
    this.accelerator = accelerator;
    this.requestsPerSecond = requestsPerSecond;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.ttftSloSeconds = ttftSloSeconds;
    this.tpotSloSeconds = tpotSloSeconds;
    this.weights = weights;
    this.kvCache = kvCache;
    this.attention = attention;
    this.overheads = overheads;
    this.memoryReserveFraction = memoryReserveFraction;
    this.tpCandidates = tpCandidates;
    this.maxBatch = maxBatch;
    this.pricePerGpuHour = pricePerGpuHour;
    this.expertWeights = expertWeights != null ? expertWeights : weights;
    this.expertWeightsGiven = expertWeights != null;
    this.attentionWeights = attentionWeights != null ? attentionWeights : weights;
    this.attentionWeightsGiven = attentionWeights != null;
    this.attentionOutputWeights = attentionOutputWeights != null ? attentionOutputWeights : weights;
    this.attentionOutputWeightsGiven = attentionOutputWeights != null;
    this.attentionDataParallel = attentionDataParallel;
    this.expertCommunication = expertCommunication != null ? expertCommunication : ExpertCommunication.ALL_TO_ALL;
    this.allowLongContext = allowLongContext;
    this.fusedOneShotAllReduce = fusedOneShotAllReduce;
    // s21b: the decode pool of its own tensor parallelism and limits (disaggregated plans only)
    if (decodeLimits != null) {
      if (decodeLimits[0] < 1) {
        throw new IllegalArgumentException("decodeLimits: maxNumSeqs must be >= 1, was " + decodeLimits[0]);
      }
      if (decodeLimits[1] < decodeLimits[0]) {
        throw new IllegalArgumentException("decodeLimits: maxBatchedTokens (" + decodeLimits[1]
            + ") must be >= maxNumSeqs (" + decodeLimits[0] + ")");
      }
    }
    this.decodeMaxNumSeqs = decodeLimits == null ? 0 : decodeLimits[0];
    this.decodeMaxBatchedTokens = decodeLimits == null ? 0 : decodeLimits[1];
    if (decodeTp != null) {
      if (decodeTp < 1) {
        throw new IllegalArgumentException("decodeTp must be >= 1, was " + decodeTp);
      }
      if (decodeTp > Math.max(1, accelerator.scaleUpDomain())) {
        throw new IllegalArgumentException("decodeTp " + decodeTp + ": exceeds the scale-up domain of "
            + Math.max(1, accelerator.scaleUpDomain()) + " GPUs");
      }
      try {
        scenario(decodeTp, 1);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("decodeTp " + decodeTp + ": " + e.getMessage(), e);
      }
    }
    this.decodeTp = decodeTp == null ? 0 : decodeTp;
  }

  /**
   * Starts a builder: 16-bit weights and KV cache, FlashAttention kernels, calibrated overheads, a
   * 10% memory reserve, tensor parallelism 1, 2, 4, 8 … up to the accelerator's scale-up domain,
   * at most 1,024 concurrent sequences per replica, no price; 1 request per second of 1,000 input
   * and 250 output tokens within 1 s TTFT and 50 ms TPOT until set.
   *
   * @param model the model
   * @param accelerator the accelerator
   * @return a builder
   */
  public static Builder builder(ModelArchitecture model, AcceleratorSpec accelerator) {
    return new Builder(model, accelerator);
  }

  /**
   * Returns a builder that starts from this request, to change a few settings.
   *
   * @return a builder holding every setting of this request
   */
  public Builder toBuilder() {
    Builder b = new Builder(model, accelerator)
        .requestsPerSecond(requestsPerSecond)
        .inputTokens(inputTokens)
        .outputTokens(outputTokens)
        .ttftSloSeconds(ttftSloSeconds)
        .tpotSloSeconds(tpotSloSeconds)
        .weights(weights)
        .kvCache(kvCache)
        .attention(attention)
        .overheads(overheads)
        .memoryReserveFraction(memoryReserveFraction)
        .tpCandidates(tpCandidates)
        .maxBatch(maxBatch)
        .pricePerGpuHour(pricePerGpuHour)
        .attentionDataParallel(attentionDataParallel)
        .allowLongContext(allowLongContext)
        .fusedOneShotAllReduce(fusedOneShotAllReduce);
    if (expertWeightsGiven) {
      b.expertWeights(expertWeights);
    }
    if (attentionWeightsGiven) {
      b.attentionWeights(attentionWeights);
    }
    if (attentionOutputWeightsGiven) {
      b.attentionOutputWeights(attentionOutputWeights);
    }
    if (attentionDataParallel) {
      b.expertCommunication(expertCommunication);
    }
    if (decodeTp > 0) {
      b.decodeTp(decodeTp);
    }
    if (decodeMaxNumSeqs > 0) {
      b.decodeLimits(decodeMaxNumSeqs, decodeMaxBatchedTokens);
    }
    return b;
  }

  /**
   * Returns the scenario of one replica with tensor parallelism {@code tp} and batch {@code batch};
   * with {@link #attentionDataParallel()} and {@code tp > 1}, expert parallelism {@code ep = tp}.
   */
  public InferenceScenario scenario(int tp, int batch) {
    InferenceScenario.Builder b = InferenceScenario.builder(model, accelerator)
        .tp(tp)
        .weights(weights)
        .kvCache(kvCache)
        .batch(batch)
        .inputTokens(inputTokens)
        .outputTokens(outputTokens)
        .attention(attention)
        .overheads(overheads)
        .memoryReserveFraction(memoryReserveFraction)
        .allowLongContext(allowLongContext)
        .fusedOneShotAllReduce(fusedOneShotAllReduce);
    if (expertWeightsGiven) {
      b.expertWeights(expertWeights);
    }
    if (attentionWeightsGiven) {
      b.attentionWeights(attentionWeights);
    }
    if (attentionOutputWeightsGiven) {
      b.attentionOutputWeights(attentionOutputWeights);
    }
    if (attentionDataParallel && tp > 1) {
      b.ep(tp).attentionDataParallel(true).expertCommunication(expertCommunication);
    }
    return b.build();
  }

  /** Builds a {@link CapacityRequest}; every setter returns the builder. */
  public static final class Builder {
    private final ModelArchitecture model;
    private final AcceleratorSpec accelerator;
    private double requestsPerSecond = 1;
    private int inputTokens = 1000;
    private int outputTokens = 250;
    private double ttftSloSeconds = 1.0;
    private double tpotSloSeconds = 0.050;
    private QuantizationScheme weights;
    private DType kvCache;
    private InferenceAttentionKernel attention = InferenceAttentionKernel.FLASH;
    private ServingOverheads overheads = ServingOverheads.calibrated();
    private double memoryReserveFraction = InferenceScenario.DEFAULT_RESERVE;
    private List<Integer> tpCandidates;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Money pricePerGpuHour = Money.zero(Money.USD);
    private @Nullable QuantizationScheme expertWeights;
    private @Nullable QuantizationScheme attentionWeights;
    private @Nullable QuantizationScheme attentionOutputWeights;
    private boolean attentionDataParallel;
    private @Nullable ExpertCommunication expertCommunication;
    private boolean allowLongContext;
    private boolean fusedOneShotAllReduce;
    private @Nullable Integer decodeTp;
    private int @Nullable [] decodeLimits;

    private Builder(ModelArchitecture model, AcceleratorSpec accelerator) {
      this.model = model;
      this.accelerator = accelerator;
      DType sixteen = model.dtype() == DType.FP16 ? DType.FP16 : DType.BF16;
      this.weights = QuantizationScheme.uniform(sixteen);
      this.kvCache = sixteen;
      int domain = Math.max(1, accelerator.scaleUpDomain());
      List<Integer> tps = new java.util.ArrayList<>();
      for (int tp = 1; tp <= domain; tp *= 2) {
        tps.add(tp);
      }
      this.tpCandidates = tps;
    }

    /** Sets the arriving requests per second. */
    public Builder requestsPerSecond(double value) {
      this.requestsPerSecond = value;
      return this;
    }

    /** Sets the prompt tokens per request. */
    public Builder inputTokens(int value) {
      this.inputTokens = value;
      return this;
    }

    /** Sets the generated tokens per request. */
    public Builder outputTokens(int value) {
      this.outputTokens = value;
      return this;
    }

    /** Sets the time-to-first-token objective in seconds. */
    public Builder ttftSloSeconds(double value) {
      this.ttftSloSeconds = value;
      return this;
    }

    /** Sets the time-per-output-token objective in seconds. */
    public Builder tpotSloSeconds(double value) {
      this.tpotSloSeconds = value;
      return this;
    }

    /** Sets the weight storage. */
    public Builder weights(QuantizationScheme value) {
      this.weights = value;
      return this;
    }

    /**
     * Sets how an MoE model's routed experts are stored, apart from the other linear layers
     * (default: like {@link #weights}); see {@link InferenceScenario.Builder#expertWeights}.
     */
    public Builder expertWeights(QuantizationScheme value) {
      this.expertWeights = Objects.requireNonNull(value, "expertWeights");
      return this;
    }

    /**
     * Sets how the attention layers' input projections (q/k/v; latent attention's q_a, q_b, kv_a, kv_b) are
     * stored, apart from the other linear layers (default: like {@link #weights}); see {@link
     * InferenceScenario.Builder#attentionWeights}.
     */
    public Builder attentionWeights(QuantizationScheme value) {
      this.attentionWeights = Objects.requireNonNull(value, "attentionWeights");
      return this;
    }

    /**
     * Sets how the attention layers' output projection (o_proj) is stored, apart from the other linear layers
     * (default: like {@link #weights}); see {@link InferenceScenario.Builder#attentionOutputWeights}.
     */
    public Builder attentionOutputWeights(QuantizationScheme value) {
      this.attentionOutputWeights = Objects.requireNonNull(value, "attentionOutputWeights");
      return this;
    }

    /**
     * Sets attention data parallelism for an MoE model (default off): every candidate {@code tp > 1}
     * is served with expert parallelism {@code ep = tp}, each GPU attending for its own sequences
     * ({@link InferenceScenario.Builder#attentionDataParallel}).
     */
    public Builder attentionDataParallel(boolean value) {
      this.attentionDataParallel = value;
      return this;
    }

    /**
     * Sets how the MoE layers exchange tokens under attention data parallelism (default {@link
     * ExpertCommunication#ALL_TO_ALL}); needs {@link #attentionDataParallel}.
     */
    public Builder expertCommunication(ExpertCommunication value) {
      this.expertCommunication = Objects.requireNonNull(value, "expertCommunication");
      return this;
    }

    /**
     * Sets whether the request may run past the model's configured context, {@code
     * max_position_embeddings} (default false: input + output beyond it are refused), for every
     * scenario the request builds; see {@link InferenceScenario.Builder#allowLongContext}. An engine
     * can be told to serve past it, as vLLM does with {@code VLLM_ALLOW_LONG_MAX_MODEL_LEN=1}
     * ({@code _get_and_verify_max_len}, vllm/config/model.py at vllm-project/vllm@18ec6629); the
     * plan then states the context it exceeds among its assumptions. A model with a learned
     * position table is refused all the same.
     */
    public Builder allowLongContext(boolean value) {
      this.allowLongContext = value;
      return this;
    }

    /**
     * Prices the engine's fused one-shot all-reduce in every candidate's scenario (s24m); see {@link
     * InferenceScenario.Builder#fusedOneShotAllReduce}: Blackwell at tp 8 in one NVLink domain only, elsewhere it
     * changes nothing. Default off.
     */
    public Builder fusedOneShotAllReduce(boolean value) {
      this.fusedOneShotAllReduce = value;
      return this;
    }

    /**
     * Fixes the tensor-parallel degree of a disaggregated plan's decode instances (s21b; default: searched, over
     * {@link #tpCandidates} by {@link CapacityPlanner#planDisaggregated}, the prefill replicas' degree by {@code
     * ServingSimulator.searchCapacity}). The decode instances then run the request's engine at this degree (same
     * model, accelerator, formats and expert layout), as DistServe (Zhong et al., OSDI 2024) chooses each phase's
     * parallelism apart. Co-located plans ignore it.
     *
     * @param value GPUs per decode instance, at least 1 and at most the accelerator's scale-up domain; the build
     *     refuses a degree the model cannot be split over ({@code decodeTp 3: ...})
     * @return this builder
     */
    public Builder decodeTp(int value) {
      this.decodeTp = value;
      return this;
    }

    /**
     * Sets a disaggregated plan's decode instances' own limits (s21b; default: {@link #maxBatch} for the analytic
     * plan, the simulator's batch limits by simulation): the most sequences one decode instance runs and the token
     * budget of its step, as {@code Disaggregation.withDecodePool} takes them. A decode step spends one token per
     * sequence, so the analytic plan searches the decode batch up to {@code maxNumSeqs}. Co-located plans ignore
     * them.
     *
     * @param maxNumSeqs most sequences per decode instance, at least 1
     * @param maxBatchedTokens token budget of a decode instance's step, at least {@code maxNumSeqs}
     * @return this builder
     */
    public Builder decodeLimits(int maxNumSeqs, int maxBatchedTokens) {
      this.decodeLimits = new int[] {maxNumSeqs, maxBatchedTokens};
      return this;
    }

    /** Sets the KV-cache element type. */
    public Builder kvCache(DType value) {
      this.kvCache = value;
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

    /** Sets the fraction of device memory kept free. */
    public Builder memoryReserveFraction(double value) {
      this.memoryReserveFraction = value;
      return this;
    }

    /** Sets the tensor-parallel degrees to consider. */
    public Builder tpCandidates(List<Integer> value) {
      this.tpCandidates = value;
      return this;
    }

    /** Sets the most concurrent sequences per replica. */
    public Builder maxBatch(int value) {
      this.maxBatch = value;
      return this;
    }

    /** Sets the price of one GPU for an hour. */
    public Builder pricePerGpuHour(Money value) {
      this.pricePerGpuHour = value;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException as {@link CapacityRequest}'s constructor
     */
    public CapacityRequest build() {
      return new CapacityRequest(
          model,
          accelerator,
          requestsPerSecond,
          inputTokens,
          outputTokens,
          ttftSloSeconds,
          tpotSloSeconds,
          weights,
          kvCache,
          attention,
          overheads,
          memoryReserveFraction,
          tpCandidates,
          maxBatch,
          pricePerGpuHour,
          expertWeights,
          attentionWeights,
          attentionOutputWeights,
          attentionDataParallel,
          expertCommunication,
          allowLongContext,
          fusedOneShotAllReduce,
          decodeTp,
          decodeLimits);
    }
  }

  /** Returns the model. */
  public ModelArchitecture model() {
    return model;
  }

  /** Returns the accelerator. */
  public AcceleratorSpec accelerator() {
    return accelerator;
  }

  /** Returns arriving requests per second (Poisson). */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /** Returns prompt tokens per request. */
  public int inputTokens() {
    return inputTokens;
  }

  /** Returns generated tokens per request. */
  public int outputTokens() {
    return outputTokens;
  }

  /** Returns objective for the mean time to first token, seconds. */
  public double ttftSloSeconds() {
    return ttftSloSeconds;
  }

  /** Returns objective for the time per output token, seconds. */
  public double tpotSloSeconds() {
    return tpotSloSeconds;
  }

  /**
   * Returns whether the TPOT objective applies: a request of one output token has no time between output tokens
   * (its only token is the first, counted in the TTFT), so with {@code outputTokens} 1 the objective neither bounds
   * the batch nor rejects a configuration.
   */
  public boolean tpotObjectiveApplies() {
    return outputTokens > 1;
  }

  /** Returns weight storage. */
  public QuantizationScheme weights() {
    return weights;
  }

  /** Returns how the routed experts are stored: the scheme given to the builder, else {@link #weights()}. */
  public QuantizationScheme expertWeights() {
    return expertWeights;
  }

  /** Returns whether the routed experts' storage was given apart from the other weights. */
  public boolean expertWeightsGiven() {
    return expertWeightsGiven;
  }

  /** Returns how the attention input projections are stored: the scheme given to the builder, else {@link #weights()}. */
  public QuantizationScheme attentionWeights() {
    return attentionWeights;
  }

  /** Returns whether the attention input projections' storage was given apart from the other weights. */
  public boolean attentionWeightsGiven() {
    return attentionWeightsGiven;
  }

  /** Returns how the attention output projection is stored: the scheme given to the builder, else {@link #weights()}. */
  public QuantizationScheme attentionOutputWeights() {
    return attentionOutputWeights;
  }

  /** Returns whether the attention output projection's storage was given apart from the other weights. */
  public boolean attentionOutputWeightsGiven() {
    return attentionOutputWeightsGiven;
  }

  /** Returns whether candidates above tp 1 attend data-parallel with expert parallelism {@code ep = tp}. */
  public boolean attentionDataParallel() {
    return attentionDataParallel;
  }

  /** Returns how the MoE layers exchange tokens under attention data parallelism. */
  public ExpertCommunication expertCommunication() {
    return expertCommunication;
  }

  /** Returns whether the request may run past the model's configured context ({@link Builder#allowLongContext}). */
  public boolean allowLongContext() {
    return allowLongContext;
  }

  /** Returns whether candidates price the engine's fused one-shot all-reduce ({@link Builder#fusedOneShotAllReduce}). */
  public boolean fusedOneShotAllReduce() {
    return fusedOneShotAllReduce;
  }

  /** Returns the decode instances' fixed tensor-parallel degree ({@link Builder#decodeTp}); empty when searched. */
  public OptionalInt decodeTp() {
    return decodeTp > 0 ? OptionalInt.of(decodeTp) : OptionalInt.empty();
  }

  /** Returns the decode instances' own sequence limit ({@link Builder#decodeLimits}); empty when not given. */
  public OptionalInt decodeMaxNumSeqs() {
    return decodeMaxNumSeqs > 0 ? OptionalInt.of(decodeMaxNumSeqs) : OptionalInt.empty();
  }

  /** Returns the decode instances' own token budget per step ({@link Builder#decodeLimits}); empty when not given. */
  public OptionalInt decodeMaxBatchedTokens() {
    return decodeMaxNumSeqs > 0 ? OptionalInt.of(decodeMaxBatchedTokens) : OptionalInt.empty();
  }

  /** Returns whether a decode tp or decode limits were given ({@link Builder#decodeTp}, {@link Builder#decodeLimits}). */
  public boolean decodePoolGiven() {
    return decodeTp > 0 || decodeMaxNumSeqs > 0;
  }

  /** Returns KV-cache element type. */
  public DType kvCache() {
    return kvCache;
  }

  /** Returns attention kernel. */
  public InferenceAttentionKernel attention() {
    return attention;
  }

  /** Returns serving overheads. */
  public ServingOverheads overheads() {
    return overheads;
  }

  /** Returns fraction of device memory kept free, in [0, 1). */
  public double memoryReserveFraction() {
    return memoryReserveFraction;
  }

  /** Returns tensor-parallel degrees to consider (invalid ones are skipped with a reason). */
  public List<Integer> tpCandidates() {
    return tpCandidates;
  }

  /** Returns the most concurrent sequences a replica may run (the engine's {@code max_num_seqs} / {@code max_batch_size}). */
  public int maxBatch() {
    return maxBatch;
  }

  /** Returns the price of one GPU for an hour (zero when costs are not wanted). */
  public Money pricePerGpuHour() {
    return pricePerGpuHour;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CapacityRequest o
        && Objects.equals(model, o.model)
        && Objects.equals(accelerator, o.accelerator)
        && Double.compare(requestsPerSecond, o.requestsPerSecond) == 0
        && inputTokens == o.inputTokens
        && outputTokens == o.outputTokens
        && Double.compare(ttftSloSeconds, o.ttftSloSeconds) == 0
        && Double.compare(tpotSloSeconds, o.tpotSloSeconds) == 0
        && Objects.equals(weights, o.weights)
        && Objects.equals(kvCache, o.kvCache)
        && Objects.equals(attention, o.attention)
        && Objects.equals(overheads, o.overheads)
        && Double.compare(memoryReserveFraction, o.memoryReserveFraction) == 0
        && Objects.equals(tpCandidates, o.tpCandidates)
        && maxBatch == o.maxBatch
        && Objects.equals(pricePerGpuHour, o.pricePerGpuHour)
        && Objects.equals(expertWeights, o.expertWeights)
        && expertWeightsGiven == o.expertWeightsGiven
        && Objects.equals(attentionWeights, o.attentionWeights)
        && attentionWeightsGiven == o.attentionWeightsGiven
        && Objects.equals(attentionOutputWeights, o.attentionOutputWeights)
        && attentionOutputWeightsGiven == o.attentionOutputWeightsGiven
        && attentionDataParallel == o.attentionDataParallel
        && expertCommunication == o.expertCommunication
        && allowLongContext == o.allowLongContext
        && fusedOneShotAllReduce == o.fusedOneShotAllReduce
        && decodeTp == o.decodeTp
        && decodeMaxNumSeqs == o.decodeMaxNumSeqs
        && decodeMaxBatchedTokens == o.decodeMaxBatchedTokens;
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, accelerator, requestsPerSecond, inputTokens, outputTokens, ttftSloSeconds, tpotSloSeconds, weights, kvCache, attention, overheads, memoryReserveFraction, tpCandidates, maxBatch, pricePerGpuHour, expertWeights, expertWeightsGiven, attentionWeights, attentionWeightsGiven, attentionOutputWeights, attentionOutputWeightsGiven, attentionDataParallel, expertCommunication, allowLongContext, fusedOneShotAllReduce, decodeTp, decodeMaxNumSeqs, decodeMaxBatchedTokens);
  }

  @Override
  public String toString() {
    return "CapacityRequest[model=" + model + ", accelerator=" + accelerator + ", requestsPerSecond=" + requestsPerSecond + ", inputTokens=" + inputTokens + ", outputTokens=" + outputTokens + ", ttftSloSeconds=" + ttftSloSeconds + ", tpotSloSeconds=" + tpotSloSeconds + ", weights=" + weights + ", kvCache=" + kvCache + ", attention=" + attention + ", overheads=" + overheads + ", memoryReserveFraction=" + memoryReserveFraction + ", tpCandidates=" + tpCandidates + ", maxBatch=" + maxBatch + ", pricePerGpuHour=" + pricePerGpuHour + ", expertWeights=" + expertWeights + ", expertWeightsGiven=" + expertWeightsGiven + ", attentionWeights=" + attentionWeights + ", attentionWeightsGiven=" + attentionWeightsGiven + ", attentionOutputWeights=" + attentionOutputWeights + ", attentionOutputWeightsGiven=" + attentionOutputWeightsGiven + ", attentionDataParallel=" + attentionDataParallel + ", expertCommunication=" + expertCommunication + ", allowLongContext=" + allowLongContext + ", fusedOneShotAllReduce=" + fusedOneShotAllReduce + ", decodeTp=" + decodeTp + ", decodeMaxNumSeqs=" + decodeMaxNumSeqs + ", decodeMaxBatchedTokens=" + decodeMaxBatchedTokens + "]";
  }
}
