package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * Gated DeltaNet linear attention (Yang, Kautz and Hatamizadeh 2024, "Gated Delta Networks",
 * arXiv:2412.06464) as Qwen3-Next builds it: a fused {@code in_proj_qkvz} ({@code hidden × (2 ·
 * keyHeads · keyHeadDim + 2 · valueHeads · valueHeadDim)}), {@code in_proj_ba} ({@code hidden × 2 ·
 * valueHeads}), a depthwise causal convolution over q, k and v ({@code convKernel} taps, no bias),
 * {@code dt_bias} and {@code A_log} per value head, a gated RMSNorm over one value head and {@code
 * out_proj} ({@code valueHeads · valueHeadDim × hidden}); no biases.
 *
 * <p>Its state per sequence does not grow with the context: {@code valueHeads · keyHeadDim ·
 * valueHeadDim} for the recurrence plus {@code convChannels · (convKernel − 1)} for the
 * convolution.
 */
public final class LinearAttention {
  private final int keyHeads;
  private final int valueHeads;
  private final int keyHeadDim;
  private final int valueHeadDim;
  private final int convKernel;

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  private LinearAttention(
      int keyHeads,
      int valueHeads,
      int keyHeadDim,
      int valueHeadDim,
      int convKernel) {
    Require.positive("keyHeads", keyHeads);
    Require.positive("valueHeads", valueHeads);
    Require.positive("keyHeadDim", keyHeadDim);
    Require.positive("valueHeadDim", valueHeadDim);
    Require.positive("convKernel", convKernel);
    this.keyHeads = keyHeads;
    this.valueHeads = valueHeads;
    this.keyHeadDim = keyHeadDim;
    this.valueHeadDim = valueHeadDim;
    this.convKernel = convKernel;
  }

  /** Returns the width of the queries (and of the keys): {@code keyHeads × keyHeadDim}. */
  public long keyWidth() {
    return (long) keyHeads * keyHeadDim;
  }

  /** Returns the width of the values: {@code valueHeads × valueHeadDim}. */
  public long valueWidth() {
    return (long) valueHeads * valueHeadDim;
  }

  /** Returns the channels of the short convolution: q, k and v. */
  public long convChannels() {
    return 2 * keyWidth() + valueWidth();
  }

  /**
   * Returns the parameters of one layer at model width {@code hidden}.
   *
   * @param hidden the model width
   * @return parameters
   */
  public long parameters(int hidden) {
    long qkvz = Math.multiplyExact((long) hidden, 2 * keyWidth() + 2 * valueWidth());
    long ba = (long) hidden * 2 * valueHeads;
    long conv = convChannels() * convKernel;
    long out = valueWidth() * hidden;
    return qkvz + ba + conv + 2L * valueHeads + valueHeadDim + out;
  }

  /** Returns the elements of one sequence's state in one layer (recurrence and convolution). */
  public long stateElements() {
    return (long) valueHeads * keyHeadDim * valueHeadDim + convChannels() * (convKernel - 1);
  }

  /**
   * Returns the forward matmul FLOPs per token of one layer outside the projections: the delta-rule
   * state update and readout, about {@code 4} multiply-adds per state element.
   *
   * @return FLOP per token
   */
  public double recurrenceFlopsPerToken() {
    return 4.0 * 2 * valueHeads * (double) keyHeadDim * valueHeadDim;
  }

  /** Returns query/key heads ({@code linear_num_key_heads}). */
  public int keyHeads() {
    return keyHeads;
  }

  /** Returns value heads ({@code linear_num_value_heads}). */
  public int valueHeads() {
    return valueHeads;
  }

  /** Returns features of one key head ({@code linear_key_head_dim}). */
  public int keyHeadDim() {
    return keyHeadDim;
  }

  /** Returns features of one value head ({@code linear_value_head_dim}). */
  public int valueHeadDim() {
    return valueHeadDim;
  }

  /** Returns taps of the short convolution ({@code linear_conv_kernel_dim}). */
  public int convKernel() {
    return convKernel;
  }

  /**
   * Returns a builder of {@code LinearAttention}. Every size must be set.
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

  /** Builds a {@link LinearAttention}; {@link #build()} validates. */
  public static final class Builder {
    private int keyHeads;
    private int valueHeads;
    private int keyHeadDim;
    private int valueHeadDim;
    private int convKernel;

    private Builder() {}

    private Builder(LinearAttention from) {
      this.keyHeads = from.keyHeads;
      this.valueHeads = from.valueHeads;
      this.keyHeadDim = from.keyHeadDim;
      this.valueHeadDim = from.valueHeadDim;
      this.convKernel = from.convKernel;
    }

    /**
     * Sets query/key heads ({@code linear_num_key_heads}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder keyHeads(int value) {
      this.keyHeads = value;
      return this;
    }

    /**
     * Sets value heads ({@code linear_num_value_heads}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder valueHeads(int value) {
      this.valueHeads = value;
      return this;
    }

    /**
     * Sets features of one key head ({@code linear_key_head_dim}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder keyHeadDim(int value) {
      this.keyHeadDim = value;
      return this;
    }

    /**
     * Sets features of one value head ({@code linear_value_head_dim}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder valueHeadDim(int value) {
      this.valueHeadDim = value;
      return this;
    }

    /**
     * Sets taps of the short convolution ({@code linear_conv_kernel_dim}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder convKernel(int value) {
      this.convKernel = value;
      return this;
    }

    /**
     * Returns the {@code LinearAttention}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public LinearAttention build() {
      return new LinearAttention(keyHeads, valueHeads, keyHeadDim, valueHeadDim, convKernel);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof LinearAttention o
          && keyHeads == o.keyHeads
          && valueHeads == o.valueHeads
          && keyHeadDim == o.keyHeadDim
          && valueHeadDim == o.valueHeadDim
          && convKernel == o.convKernel;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(keyHeads);
    h = 31 * h + Integer.hashCode(valueHeads);
    h = 31 * h + Integer.hashCode(keyHeadDim);
    h = 31 * h + Integer.hashCode(valueHeadDim);
    h = 31 * h + Integer.hashCode(convKernel);
    return h;
  }

  @Override
  public String toString() {
    return "LinearAttention[keyHeads=" + keyHeads + ", valueHeads=" + valueHeads
        + ", keyHeadDim=" + keyHeadDim + ", valueHeadDim=" + valueHeadDim
        + ", convKernel=" + convKernel + "]";
  }
}
