package dev.llmcost.core.model;

import dev.llmcost.core.DType;
import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How weights are stored: an element type for the quantizable linear layers, block scales (and
 * zero points) shared by groups of {@code groupSize} weights, and the type everything else stays
 * in (embeddings, norms, routers, output head).
 *
 * <p>The effective bits per quantized weight are {@code bits + (scaleBits + zeroPointBits) /
 * groupSize}: GPTQ and AWQ int4 with group 128, fp16 scales and packed 4-bit zeros store 4.156
 * bits; bitsandbytes NF4 with 64-weight blocks and fp32 absmax stores 4.5 (Dettmers et al. 2023,
 * "QLoRA", §3, before double quantization); OCP MXFP4 stores 32 FP4 values with one 8-bit scale,
 * 4.25 bits (OCP Microscaling Formats v1.0 §5); NVFP4 stores 16 values with an FP8 scale, 4.5
 * bits.
 */
public final class QuantizationScheme {
  private final DType weightType;
  private final int groupSize;
  private final int scaleBits;
  private final int zeroPointBits;
  private final DType otherType;
  private final String name;

  /**
   * Validates the scheme.
   *
   * @throws IllegalArgumentException if a size is negative, or a group has no scale
   */
  private QuantizationScheme(
      DType weightType,
      int groupSize,
      int scaleBits,
      int zeroPointBits,
      DType otherType,
      String name) {
    Require.nonNegative("groupSize", groupSize);
    Require.nonNegative("scaleBits", scaleBits);
    Require.nonNegative("zeroPointBits", zeroPointBits);
    Require.nonBlank("name", name);
    if (groupSize > 0 && scaleBits == 0) {
      throw new IllegalArgumentException("scaleBits must be > 0 when groupSize is set, was 0");
    }
    this.weightType = weightType;
    this.groupSize = groupSize;
    this.scaleBits = scaleBits;
    this.zeroPointBits = zeroPointBits;
    this.otherType = otherType;
    this.name = name;
  }

  /**
   * Returns every parameter stored in {@code dtype}, no scales: the article's "parameters × bytes".
   *
   * @param dtype the storage type of all parameters
   * @return the scheme
   */
  public static QuantizationScheme uniform(DType dtype) {
    return new QuantizationScheme(dtype, 0, 0, 0, dtype, dtype.id());
  }

  /** Smallest int4 group size accepted, in weights. */
  public static final int MIN_INT4_GROUP = 8;

  /** Largest int4 group size accepted, in weights. */
  public static final int MAX_INT4_GROUP = 8192;

  /**
   * Returns GPTQ/AWQ-style int4: groups of {@code groupSize} with an fp16 scale and a packed 4-bit
   * zero point; the rest in bf16.
   *
   * @param groupSize weights per group, a power of two from 8 to 8,192 (128 is the common choice)
   * @return the scheme
   * @throws IllegalArgumentException if {@code groupSize} is not a power of two from 8 to 8,192
   */
  public static QuantizationScheme int4(int groupSize) {
    if (groupSize < MIN_INT4_GROUP || groupSize > MAX_INT4_GROUP || Integer.bitCount(groupSize) != 1) {
      throw new IllegalArgumentException("groupSize must be a power of two from " + MIN_INT4_GROUP + " to "
          + MAX_INT4_GROUP + " (GPTQ and AWQ kernels use 32, 64 or 128), was " + groupSize);
    }
    return new QuantizationScheme(DType.INT4, groupSize, 16, 4, DType.BF16, "int4-g" + groupSize);
  }

  /** Returns weight-only int8 with per-channel scales (LLM.int8, SmoothQuant W8); the rest in bf16. */
  public static QuantizationScheme int8() {
    return new QuantizationScheme(DType.INT8, 0, 0, 0, DType.BF16, "int8");
  }

  /** Returns FP8 E4M3 weights with per-tensor scales; the rest in bf16. */
  public static QuantizationScheme fp8() {
    return new QuantizationScheme(DType.FP8_E4M3, 0, 0, 0, DType.BF16, "fp8");
  }

  /** Returns bitsandbytes NF4 with 64-weight blocks and an fp32 absmax each; the rest in bf16. */
  public static QuantizationScheme nf4() {
    return new QuantizationScheme(DType.NF4, 64, 32, 0, DType.BF16, "nf4");
  }

  /** Returns OCP MXFP4: blocks of 32 FP4 (E2M1) values with an 8-bit E8M0 scale; the rest in bf16. */
  public static QuantizationScheme mxfp4() {
    return new QuantizationScheme(DType.FP4, 32, 8, 0, DType.BF16, "mxfp4");
  }

  /** Returns NVIDIA NVFP4: blocks of 16 FP4 values with an FP8 E4M3 scale; the rest in bf16. */
  public static QuantizationScheme nvfp4() {
    return new QuantizationScheme(DType.FP4, 16, 8, 0, DType.BF16, "nvfp4");
  }

  /** Returns the bits stored per quantized weight, block scales and zero points included. */
  public double effectiveBitsPerWeight() {
    return weightType.bits() + (groupSize == 0 ? 0.0 : (double) (scaleBits + zeroPointBits) / groupSize);
  }

  /** Returns whether every parameter has one type and no group overhead. */
  public boolean isUniform() {
    return groupSize == 0 && weightType == otherType;
  }

  /**
   * Describes what this scheme stores and what it leaves unquantized, for a report's assumptions:
   * {@code "int4-g128: linear-layer weights in int4 with a 16-bit scale and a 4-bit zero point per
   * 128 weights (4.156 bits each); embeddings, output head, norms and routers stay bf16"}.
   *
   * @return one sentence
   */
  public String describe() {
    if (isUniform()) {
      return name + ": every parameter in " + weightType.id();
    }
    StringBuilder s = new StringBuilder(name).append(": linear-layer weights in ").append(weightType.id());
    if (groupSize > 0) {
      s.append(" with a ").append(scaleBits).append("-bit scale");
      if (zeroPointBits > 0) {
        s.append(" and a ").append(zeroPointBits).append("-bit zero point");
      }
      s.append(" per ").append(groupSize).append(" weights (")
          .append(String.format(java.util.Locale.ROOT, "%.3f", effectiveBitsPerWeight())).append(" bits each)");
    }
    return s.append("; embeddings, output head, norms and routers stay ").append(otherType.id()).toString();
  }

  /** Returns the type of quantized weights. */
  public DType weightType() {
    return weightType;
  }

  /** Returns weights that share one scale; 0 for per-tensor or per-channel scales (negligible). */
  public int groupSize() {
    return groupSize;
  }

  /** Returns bits of one group scale. */
  public int scaleBits() {
    return scaleBits;
  }

  /** Returns bits of one group zero point (0 for symmetric schemes). */
  public int zeroPointBits() {
    return zeroPointBits;
  }

  /** Returns the type of parameters that are not quantized. */
  public DType otherType() {
    return otherType;
  }

  /** Returns a short name for reports, such as {@code int4-g128}. */
  public String name() {
    return name;
  }

  /**
   * Returns a builder of {@code QuantizationScheme}. The weight type, the other type
   * and the name must be set; unset, there are no groups, scales or zero points.
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

  /** Builds a {@link QuantizationScheme}; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable DType weightType;
    private int groupSize = 0;
    private int scaleBits = 0;
    private int zeroPointBits = 0;
    private @Nullable DType otherType;
    private @Nullable String name;

    private Builder() {}

    private Builder(QuantizationScheme from) {
      this.weightType = from.weightType;
      this.groupSize = from.groupSize;
      this.scaleBits = from.scaleBits;
      this.zeroPointBits = from.zeroPointBits;
      this.otherType = from.otherType;
      this.name = from.name;
    }

    /**
     * Sets the type of quantized weights.
     *
     * @param value the value
     * @return this builder
     */
    public Builder weightType(DType value) {
      this.weightType = value;
      return this;
    }

    /**
     * Sets weights that share one scale; 0 for per-tensor or per-channel scales (negligible).
     *
     * @param value the value
     * @return this builder
     */
    public Builder groupSize(int value) {
      this.groupSize = value;
      return this;
    }

    /**
     * Sets bits of one group scale.
     *
     * @param value the value
     * @return this builder
     */
    public Builder scaleBits(int value) {
      this.scaleBits = value;
      return this;
    }

    /**
     * Sets bits of one group zero point (0 for symmetric schemes).
     *
     * @param value the value
     * @return this builder
     */
    public Builder zeroPointBits(int value) {
      this.zeroPointBits = value;
      return this;
    }

    /**
     * Sets the type of parameters that are not quantized.
     *
     * @param value the value
     * @return this builder
     */
    public Builder otherType(DType value) {
      this.otherType = value;
      return this;
    }

    /**
     * Sets a short name for reports, such as {@code int4-g128}.
     *
     * @param value the value
     * @return this builder
     */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * Returns the {@code QuantizationScheme}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public QuantizationScheme build() {
      return new QuantizationScheme(
          required("weightType", weightType),
          groupSize,
          scaleBits,
          zeroPointBits,
          required("otherType", otherType),
          required("name", name));
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on QuantizationScheme.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof QuantizationScheme o
          && Objects.equals(weightType, o.weightType)
          && groupSize == o.groupSize
          && scaleBits == o.scaleBits
          && zeroPointBits == o.zeroPointBits
          && Objects.equals(otherType, o.otherType)
          && Objects.equals(name, o.name);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(weightType);
    h = 31 * h + Integer.hashCode(groupSize);
    h = 31 * h + Integer.hashCode(scaleBits);
    h = 31 * h + Integer.hashCode(zeroPointBits);
    h = 31 * h + Objects.hashCode(otherType);
    h = 31 * h + Objects.hashCode(name);
    return h;
  }

  @Override
  public String toString() {
    return "QuantizationScheme[weightType=" + weightType + ", groupSize=" + groupSize
        + ", scaleBits=" + scaleBits + ", zeroPointBits=" + zeroPointBits + ", otherType=" + otherType
        + ", name=" + name + "]";
  }
}
