package dev.llmcost.costmodel.training;

import dev.llmcost.core.DType;
import dev.llmcost.core.internal.Require;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a training run stores and moves numbers: the math type of its GEMMs and the bytes per
 * parameter of each model state.
 *
 * <p>Mixed precision (Micikevicius et al. 2018) keeps fp32 master weights next to 16-bit working
 * weights; Megatron-LM accumulates and reduces gradients in fp32 (with Adam: {@code 2 + 4 + 4 + 8
 * = 18} bytes per parameter, "Reducing Activation Recomputation", Korthikanti et al. 2022 §2, and
 * the Megatron distributed optimizer's {@code 6 + 12/d}); the ZeRO paper counts 16-bit gradients
 * ({@code 2 + 2 + K}, {@code K = 12} for Adam); DeepSpeed's mixed-precision optimizer also keeps an
 * fp32 copy of its gradient partition ({@code 2P + 18P/N} under ZeRO-2). FP8 recipes (Micikevicius
 * et al. 2022) run the GEMMs in FP8 and keep bf16 weights and fp32 masters; the NVFP4 recipe runs them in FP4.
 */
public final class PrecisionRecipe {
  private final String id;
  private final DType mathType;
  private final int weightBytes;
  private final int gradientBytes;
  private final int masterWeightBytes;
  private final int gradientCopyBytes;
  private final int activationBytes;
  private final int gradientReduceBytes;
  private final int parameterGatherBytes;
  private final Fp8Scaling fp8Scaling;
  private final int bf16Layers;
  private final boolean fp8Parameters;

  /**
   * Validates the recipe.
   *
   * @throws IllegalArgumentException if a byte count is negative or a required one is zero, or if layers are kept
   *     in bf16 by a recipe whose math is 16 bits or wider, or if FP8 parameters are set on a recipe whose math is
   *     wider than 8 bits
   */
  private PrecisionRecipe(
      String id,
      DType mathType,
      int weightBytes,
      int gradientBytes,
      int masterWeightBytes,
      int gradientCopyBytes,
      int activationBytes,
      int gradientReduceBytes,
      int parameterGatherBytes,
      Fp8Scaling fp8Scaling,
      int bf16Layers,
      boolean fp8Parameters) {
    Require.nonBlank("id", id);
    Require.positive("weightBytes", weightBytes);
    Require.positive("gradientBytes", gradientBytes);
    Require.nonNegative("masterWeightBytes", masterWeightBytes);
    Require.nonNegative("gradientCopyBytes", gradientCopyBytes);
    Require.positive("activationBytes", activationBytes);
    Require.positive("gradientReduceBytes", gradientReduceBytes);
    Require.positive("parameterGatherBytes", parameterGatherBytes);
    this.id = id;
    this.mathType = mathType;
    this.weightBytes = weightBytes;
    this.gradientBytes = gradientBytes;
    this.masterWeightBytes = masterWeightBytes;
    this.gradientCopyBytes = gradientCopyBytes;
    this.activationBytes = activationBytes;
    this.gradientReduceBytes = gradientReduceBytes;
    this.parameterGatherBytes = parameterGatherBytes;
    this.fp8Scaling = Objects.requireNonNull(fp8Scaling, "fp8Scaling");
    Require.nonNegative("bf16Layers", bf16Layers);
    if (bf16Layers > 0 && mathType.bits() >= 16) {
      throw new IllegalArgumentException("bf16Layers needs an FP8 or FP4 recipe, was " + bf16Layers + " with " + id);
    }
    this.bf16Layers = bf16Layers;
    if (fp8Parameters && mathType.bits() > 8) {
      throw new IllegalArgumentException("fp8Parameters needs an FP8 recipe, was true with " + id);
    }
    this.fp8Parameters = fp8Parameters;
  }

  /** fp32 everywhere: no master copy, 4-byte activations. */
  public static final PrecisionRecipe FP32 =
      new PrecisionRecipe("fp32", DType.FP32, 4, 4, 0, 0, 4, 4, 4, Fp8Scaling.TENSOR_CURRENT, 0, false);

  /**
   * fp32 storage with the GEMMs on TensorFloat-32 tensor cores (NVIDIA Ampere and later; PyTorch's
   * {@code allow_tf32}): memory as {@link #FP32}, math at the TF32 peak.
   */
  public static final PrecisionRecipe TF32 =
      new PrecisionRecipe("tf32", DType.TF32, 4, 4, 0, 0, 4, 4, 4, Fp8Scaling.TENSOR_CURRENT, 0, false);

  /**
   * bf16 GEMMs and weights, fp32 gradient accumulation and reduction, fp32 master weights
   * (Megatron-LM; 18 bytes per parameter with Adam).
   */
  public static final PrecisionRecipe BF16_MIXED =
      new PrecisionRecipe("bf16", DType.BF16, 2, 4, 4, 0, 2, 4, 2, Fp8Scaling.TENSOR_CURRENT, 0, false);

  /** As {@link #BF16_MIXED} with fp16 math (and loss scaling). */
  public static final PrecisionRecipe FP16_MIXED =
      new PrecisionRecipe("fp16", DType.FP16, 2, 4, 4, 0, 2, 4, 2, Fp8Scaling.TENSOR_CURRENT, 0, false);

  /**
   * bf16 weights and gradients, fp32 master weights: the ZeRO paper's {@code 2 + 2 + K} bytes
   * (16 with Adam), PyTorch FSDP with bf16 reduction.
   */
  public static final PrecisionRecipe BF16_MIXED_HALF_GRADIENTS =
      new PrecisionRecipe("bf16-half-grads", DType.BF16, 2, 2, 4, 0, 2, 2, 2, Fp8Scaling.TENSOR_CURRENT, 0, false);

  /**
   * fp16 weights and gradients (all-reduced in fp16), fp32 master weights: Megatron-LM 2021 with
   * {@code --fp16} and its default gradient buffers.
   */
  public static final PrecisionRecipe FP16_MIXED_HALF_GRADIENTS =
      new PrecisionRecipe("fp16-half-grads", DType.FP16, 2, 2, 4, 0, 2, 2, 2, Fp8Scaling.TENSOR_CURRENT, 0, false);

  /**
   * DeepSpeed's fp16 optimizer: fp16 weights and gradients, fp32 master weights, and an fp32
   * gradient partition ({@code 2P + 18P/N} under ZeRO-2 with Adam).
   */
  public static final PrecisionRecipe DEEPSPEED_FP16 =
      new PrecisionRecipe("deepspeed-fp16", DType.FP16, 2, 2, 4, 4, 2, 2, 2, Fp8Scaling.TENSOR_CURRENT, 0, false);

  /**
   * FP8 (E4M3) GEMMs with per-tensor current scaling ({@link Fp8Scaling#TENSOR_CURRENT}:
   * Transformer Engine's {@code Float8CurrentScaling}, torchao's {@code tensorwise}), bf16 weights
   * and activations, fp32 gradients and master weights.
   */
  public static final PrecisionRecipe FP8_MIXED =
      new PrecisionRecipe("fp8", DType.FP8_E4M3, 2, 4, 4, 0, 2, 4, 2, Fp8Scaling.TENSOR_CURRENT, 0, false);

  /** As {@link #FP8_MIXED} with per-tensor delayed scaling ({@link Fp8Scaling#TENSOR_DELAYED}). */
  public static final PrecisionRecipe FP8_DELAYED =
      new PrecisionRecipe("fp8-delayed", DType.FP8_E4M3, 2, 4, 4, 0, 2, 4, 2, Fp8Scaling.TENSOR_DELAYED, 0, false);

  /** As {@link #FP8_MIXED} with MXFP8 block scales ({@link Fp8Scaling#MXFP8}). */
  public static final PrecisionRecipe MXFP8 =
      new PrecisionRecipe("mxfp8", DType.FP8_E4M3, 2, 4, 4, 0, 2, 4, 2, Fp8Scaling.MXFP8, 0, false);

  /** As {@link #FP8_MIXED} with 1×128 and 128×128 block scales ({@link Fp8Scaling#BLOCKWISE}). */
  public static final PrecisionRecipe FP8_BLOCKWISE =
      new PrecisionRecipe("fp8-blockwise", DType.FP8_E4M3, 2, 4, 4, 0, 2, 4, 2, Fp8Scaling.BLOCKWISE, 0, false);

  /** As {@link #FP8_MIXED} with torchao's rowwise scales ({@link Fp8Scaling#ROWWISE}). */
  public static final PrecisionRecipe FP8_ROWWISE =
      new PrecisionRecipe("fp8-rowwise", DType.FP8_E4M3, 2, 4, 4, 0, 2, 4, 2, Fp8Scaling.ROWWISE, 0, false);

  /**
   * NVFP4 training ({@link Fp8Scaling#NVFP4}): the Fprop, Dgrad and Wgrad GEMMs of every transformer layer's linear
   * layers in FP4 on Blackwell's FP4 tensor cores, bf16 weights and activations, fp32 gradients and master weights, as
   * Megatron-Bridge's {@code bf16_with_nvfp4_mixed} ({@code src/megatron/bridge/training/mixed_precision.py} at
   * c0b9a0003, 2026-02-25: {@code fp4 = "e2m1"}, {@code fp4_recipe = "nvfp4"}, no FP4 parameter gather; its
   * {@code first_last_layers_bf16} off, so no transformer block stays in bf16, Megatron-Core {@code fp4_utils.py}
   * {@code get_fp4_context}). The attention core, the output head and the MoE router stay in bf16, as under the FP8
   * recipes. Needs an accelerator with a dense FP4 peak.
   */
  public static final PrecisionRecipe NVFP4 =
      new PrecisionRecipe("nvfp4", DType.FP4, 2, 4, 4, 0, 2, 4, 2, Fp8Scaling.NVFP4, 0, false);

  /** The named recipes, for parsing and listing. */
  public static final List<PrecisionRecipe> BUNDLED =
      List.of(
          FP32, TF32, BF16_MIXED, FP16_MIXED, BF16_MIXED_HALF_GRADIENTS, FP16_MIXED_HALF_GRADIENTS, DEEPSPEED_FP16, FP8_MIXED,
          FP8_DELAYED, MXFP8, FP8_BLOCKWISE, FP8_ROWWISE, NVFP4);

  /**
   * Finds a bundled recipe by id ({@code fp32}, {@code tf32}, {@code bf16}, {@code fp16}, {@code
   * bf16-half-grads}, {@code fp16-half-grads}, {@code deepspeed-fp16}, {@code fp8}, {@code
   * fp8-delayed}, {@code mxfp8}, {@code fp8-blockwise}, {@code fp8-rowwise}, {@code nvfp4}), ignoring case.
   *
   * @param name the id
   * @return the recipe
   * @throws IllegalArgumentException if the id is unknown
   */
  public static PrecisionRecipe parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (PrecisionRecipe r : BUNDLED) {
      if (r.id.equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "precision must be one of fp32, tf32, bf16, fp16, bf16-half-grads, fp16-half-grads, deepspeed-fp16, fp8,"
            + " fp8-delayed, mxfp8, fp8-blockwise, fp8-rowwise, nvfp4, was \""
            + name + "\"");
  }

  /**
   * Returns the model-state bytes per parameter without sharding: weights, gradients, master
   * weights, gradient copy and optimizer states.
   *
   * @param optimizerStateBytes optimizer bytes per parameter
   * @return bytes per parameter
   */
  public double bytesPerParameter(double optimizerStateBytes) {
    return weightBytes + gradientBytes + masterWeightBytes + gradientCopyBytes + optimizerStateBytes;
  }

  /** Returns a short name ({@code bf16}, {@code fp8} ...). */
  public String id() {
    return id;
  }

  /** Returns the type the GEMMs run in (its dense peak is the MFU denominator). */
  public DType mathType() {
    return mathType;
  }

  /** Returns bytes per working weight. */
  public int weightBytes() {
    return weightBytes;
  }

  /** Returns bytes per gradient as accumulated. */
  public int gradientBytes() {
    return gradientBytes;
  }

  /** Returns bytes per master weight (0 when the working weights are the master). */
  public int masterWeightBytes() {
    return masterWeightBytes;
  }

  /** Returns bytes per parameter of an extra fp32 gradient partition (DeepSpeed), 0 otherwise. */
  public int gradientCopyBytes() {
    return gradientCopyBytes;
  }

  /** Returns bytes per stored activation element. */
  public int activationBytes() {
    return activationBytes;
  }

  /** Returns bytes per gradient element in the data-parallel reduction. */
  public int gradientReduceBytes() {
    return gradientReduceBytes;
  }

  /**
   * Returns bytes per parameter element in ZeRO's all-gathers. Fewer than {@link #weightBytes()}
   * (1 for torchao's float8 all-gather, {@code enable_fsdp_float8_all_gather}) applies to the
   * transformer layers' weights only; embeddings and an untied output head are gathered in their
   * stored precision.
   */
  public int parameterGatherBytes() {
    return parameterGatherBytes;
  }

  /**
   * Returns whether the linear layers' weights are held as FP8 tensors (Transformer Engine's {@code fp8_model_init};
   * Megatron-Core's {@code fp8_param_gather}): set explicitly, or implied by an all-gather in fewer bytes than the
   * stored weights ({@link #parameterGatherBytes()}). The two differ under MXFP8: Megatron-Core 0.14-0.17 keeps MXFP8
   * parameters in its FP8 ({@code torch.uint8}) buffer, so they form its FP8 bucket groups, but all-gathers them in
   * bf16 through a buffer shared with the gradients ({@code reuse_grad_buf_for_mxfp8_param_ag};
   * {@code megatron/core/distributed/param_and_grad_buffer.py} l.695-712 and l.303-321 at NVIDIA/Megatron-LM
   * 0d8e0714c, Megatron-Bridge v0.2.0's pin; s23l).
   */
  public boolean fp8Parameters() {
    return fp8Parameters || parameterGatherBytes < weightBytes;
  }

  /**
   * Returns how FP8 (or FP4) GEMM inputs are scaled ({@link Fp8Scaling}); meaningless when the math type is
   * 16 bits or wider.
   */
  public Fp8Scaling fp8Scaling() {
    return fp8Scaling;
  }

  /**
   * Returns the transformer layers kept in bf16 under an FP8 or FP4 recipe, the first and the last together (Megatron-Core's
   * {@code first_last_layers_bf16} with {@code num_layers_at_start_in_bf16} and {@code num_layers_at_end_in_bf16},
   * {@code get_fp8_context} / {@code get_fp4_context}); 0 by default. "Pretraining Large Language Models with NVFP4"
   * (arXiv:2509.25149) keeps a few blocks in bf16; Megatron-Bridge's {@code nemotron_3_super_bf16_with_nvfp4_mixed}
   * keeps the last 14.
   */
  public int bf16Layers() {
    return bf16Layers;
  }

  /**
   * Returns this recipe with {@code n} transformer layers kept in bf16 ({@link #bf16Layers()}), or this when nothing
   * changes.
   *
   * @param n layers, at least 0
   * @return the recipe
   * @throws IllegalArgumentException if {@code n} is negative, or positive for a recipe whose math is 16 bits or wider
   */
  public PrecisionRecipe withBf16Layers(int n) {
    return n == bf16Layers ? this : toBuilder().bf16Layers(n).build();
  }

  /**
   * Returns a builder of {@code PrecisionRecipe}. The id, math type and
   * byte counts must be set; unset, there are no master weights and no gradient copy. {@code
   * BF16_MIXED.toBuilder()} starts from a named recipe.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this value.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link PrecisionRecipe}; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable DType mathType;
    private int weightBytes;
    private int gradientBytes;
    private int masterWeightBytes = 0;
    private int gradientCopyBytes = 0;
    private int activationBytes;
    private int gradientReduceBytes;
    private int parameterGatherBytes;
    private Fp8Scaling fp8Scaling = Fp8Scaling.TENSOR_CURRENT;
    private int bf16Layers = 0;
    private boolean fp8Parameters = false;

    private Builder() {}

    private Builder(PrecisionRecipe from) {
      this.id = from.id;
      this.mathType = from.mathType;
      this.weightBytes = from.weightBytes;
      this.gradientBytes = from.gradientBytes;
      this.masterWeightBytes = from.masterWeightBytes;
      this.gradientCopyBytes = from.gradientCopyBytes;
      this.activationBytes = from.activationBytes;
      this.gradientReduceBytes = from.gradientReduceBytes;
      this.parameterGatherBytes = from.parameterGatherBytes;
      this.fp8Scaling = from.fp8Scaling;
      this.bf16Layers = from.bf16Layers;
      this.fp8Parameters = from.fp8Parameters;
    }

    /**
     * Sets a short name ({@code bf16}, {@code fp8} ...).
     *
     * @param value the value
     * @return this builder
     */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /**
     * Sets the type the GEMMs run in (its dense peak is the MFU denominator).
     *
     * @param value the value
     * @return this builder
     */
    public Builder mathType(DType value) {
      this.mathType = value;
      return this;
    }

    /**
     * Sets bytes per working weight.
     *
     * @param value the value
     * @return this builder
     */
    public Builder weightBytes(int value) {
      this.weightBytes = value;
      return this;
    }

    /**
     * Sets bytes per gradient as accumulated.
     *
     * @param value the value
     * @return this builder
     */
    public Builder gradientBytes(int value) {
      this.gradientBytes = value;
      return this;
    }

    /**
     * Sets bytes per master weight (0 when the working weights are the master).
     *
     * @param value the value
     * @return this builder
     */
    public Builder masterWeightBytes(int value) {
      this.masterWeightBytes = value;
      return this;
    }

    /**
     * Sets bytes per parameter of an extra fp32 gradient partition (DeepSpeed), 0 otherwise.
     *
     * @param value the value
     * @return this builder
     */
    public Builder gradientCopyBytes(int value) {
      this.gradientCopyBytes = value;
      return this;
    }

    /**
     * Sets bytes per stored activation element.
     *
     * @param value the value
     * @return this builder
     */
    public Builder activationBytes(int value) {
      this.activationBytes = value;
      return this;
    }

    /**
     * Sets bytes per gradient element in the data-parallel reduction.
     *
     * @param value the value
     * @return this builder
     */
    public Builder gradientReduceBytes(int value) {
      this.gradientReduceBytes = value;
      return this;
    }

    /**
     * Sets bytes per parameter element in ZeRO's all-gathers.
     *
     * @param value the value
     * @return this builder
     */
    public Builder parameterGatherBytes(int value) {
      this.parameterGatherBytes = value;
      return this;
    }

    /**
     * Sets how FP8 GEMM inputs are scaled; unset, {@link Fp8Scaling#TENSOR_CURRENT}.
     *
     * @param value the value
     * @return this builder
     */
    public Builder fp8Scaling(Fp8Scaling value) {
      this.fp8Scaling = Objects.requireNonNull(value, "fp8Scaling");
      return this;
    }

    /**
     * Sets the transformer layers kept in bf16 under an FP8 or FP4 recipe; unset, 0.
     *
     * @param value the value
     * @return this builder
     */
    public Builder bf16Layers(int value) {
      this.bf16Layers = value;
      return this;
    }

    /**
     * Sets whether the linear layers' weights are held as FP8 tensors whatever the all-gather's bytes ({@link
     * PrecisionRecipe#fp8Parameters()}); unset, false (then only an all-gather in fewer bytes than the weights
     * implies them).
     *
     * @param value the value
     * @return this builder
     */
    public Builder fp8Parameters(boolean value) {
      this.fp8Parameters = value;
      return this;
    }

    /**
     * Returns the {@code PrecisionRecipe}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public PrecisionRecipe build() {
      return new PrecisionRecipe(
          required("id", id),
          required("mathType", mathType),
          weightBytes,
          gradientBytes,
          masterWeightBytes,
          gradientCopyBytes,
          activationBytes,
          gradientReduceBytes,
          parameterGatherBytes,
          fp8Scaling,
          bf16Layers,
          fp8Parameters);
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on PrecisionRecipe.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof PrecisionRecipe o
          && Objects.equals(id, o.id)
          && Objects.equals(mathType, o.mathType)
          && weightBytes == o.weightBytes
          && gradientBytes == o.gradientBytes
          && masterWeightBytes == o.masterWeightBytes
          && gradientCopyBytes == o.gradientCopyBytes
          && activationBytes == o.activationBytes
          && gradientReduceBytes == o.gradientReduceBytes
          && parameterGatherBytes == o.parameterGatherBytes
          && fp8Scaling == o.fp8Scaling
          && bf16Layers == o.bf16Layers
          && fp8Parameters == o.fp8Parameters;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(id);
    h = 31 * h + Objects.hashCode(mathType);
    h = 31 * h + Integer.hashCode(weightBytes);
    h = 31 * h + Integer.hashCode(gradientBytes);
    h = 31 * h + Integer.hashCode(masterWeightBytes);
    h = 31 * h + Integer.hashCode(gradientCopyBytes);
    h = 31 * h + Integer.hashCode(activationBytes);
    h = 31 * h + Integer.hashCode(gradientReduceBytes);
    h = 31 * h + Integer.hashCode(parameterGatherBytes);
    h = 31 * h + fp8Scaling.hashCode();
    h = 31 * h + Integer.hashCode(bf16Layers);
    h = 31 * h + Boolean.hashCode(fp8Parameters);
    return h;
  }

  @Override
  public String toString() {
    return "PrecisionRecipe[id=" + id + ", mathType=" + mathType + ", weightBytes=" + weightBytes
        + ", gradientBytes=" + gradientBytes + ", masterWeightBytes=" + masterWeightBytes
        + ", gradientCopyBytes=" + gradientCopyBytes + ", activationBytes=" + activationBytes
        + ", gradientReduceBytes=" + gradientReduceBytes
        + ", parameterGatherBytes=" + parameterGatherBytes + ", fp8Scaling=" + fp8Scaling
        + ", bf16Layers=" + bf16Layers + ", fp8Parameters=" + fp8Parameters + "]";
  }
}
