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
 * every request has the same lengths). Build one with {@link #builder(ModelArchitecture,
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

  /** The default memory reserve: 10% of device memory. */
  public static final double DEFAULT_RESERVE = 0.10;
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
      double memoryReserveFraction) {
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
    if (heads % tp != 0) {
      throw new IllegalArgumentException("tp must divide heads (" + heads + "), was " + tp);
    }
    if (model.attention() instanceof MultiHeadAttention m
        && m.kvHeads() % tp != 0
        && tp % m.kvHeads() != 0) {
      throw new IllegalArgumentException(
          "tp must divide kvHeads (" + m.kvHeads() + ") or be a multiple of it, was " + tp);
    }
    if (pp > model.layers()) {
      throw new IllegalArgumentException("pp must be <= layers (" + model.layers() + "), was " + pp);
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
    return model.attention() instanceof MultiHeadAttention m && tp > m.kvHeads();
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
          memoryReserveFraction);
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
        && Double.compare(memoryReserveFraction, o.memoryReserveFraction) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, accelerator, tp, pp, weights, kvCache, batch, inputTokens, outputTokens, attention, overheads, memoryReserveFraction);
  }

  @Override
  public String toString() {
    return "InferenceScenario[model=" + model + ", accelerator=" + accelerator + ", tp=" + tp + ", pp=" + pp + ", weights=" + weights + ", kvCache=" + kvCache + ", batch=" + batch + ", inputTokens=" + inputTokens + ", outputTokens=" + outputTokens + ", attention=" + attention + ", overheads=" + overheads + ", memoryReserveFraction=" + memoryReserveFraction + "]";
  }
}
