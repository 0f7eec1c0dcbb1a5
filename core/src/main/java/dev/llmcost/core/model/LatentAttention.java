package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * Multi-head latent attention (DeepSeek-V2, arXiv:2405.04434 §2.1; DeepSeek-V3, arXiv:2412.19437
 * §2.1.1): keys and values are compressed to a latent of {@code kvLoraRank} features plus one
 * shared rotary key of {@code qkRopeHeadDim} features, which is all the KV cache stores.
 *
 * <p>Projections as in the reference implementation: {@code q_a_proj} (hidden × qLoraRank), its
 * RMSNorm, {@code q_b_proj} (qLoraRank × heads·(nope+rope)) — or one {@code q_proj} when {@code
 * qLoraRank} is 0 — then {@code kv_a_proj_with_mqa} (hidden × (kvLoraRank + rope)), its RMSNorm,
 * {@code kv_b_proj} (kvLoraRank × heads·(nope + v)) and {@code o_proj} (heads·v × hidden).
 */
public final class LatentAttention implements Attention {
  private final int heads;
  private final int qLoraRank;
  private final int kvLoraRank;
  private final int qkNopeHeadDim;
  private final int qkRopeHeadDim;
  private final int vHeadDim;
  private final boolean bias;

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if a size is negative or a required size is zero
   */
  private LatentAttention(
      int heads,
      int qLoraRank,
      int kvLoraRank,
      int qkNopeHeadDim,
      int qkRopeHeadDim,
      int vHeadDim,
      boolean bias) {
    Require.positive("heads", heads);
    Require.nonNegative("qLoraRank", qLoraRank);
    Require.positive("kvLoraRank", kvLoraRank);
    Require.nonNegative("qkNopeHeadDim", qkNopeHeadDim);
    Require.nonNegative("qkRopeHeadDim", qkRopeHeadDim);
    Require.positive("vHeadDim", vHeadDim);
    Require.positive("qkNopeHeadDim + qkRopeHeadDim", qkNopeHeadDim + qkRopeHeadDim);
    this.heads = heads;
    this.qLoraRank = qLoraRank;
    this.kvLoraRank = kvLoraRank;
    this.qkNopeHeadDim = qkNopeHeadDim;
    this.qkRopeHeadDim = qkRopeHeadDim;
    this.vHeadDim = vHeadDim;
    this.bias = bias;
  }

  /** Returns the per-head query/key dimension, {@code qkNopeHeadDim + qkRopeHeadDim}. */
  public int qkHeadDim() {
    return Math.addExact(qkNopeHeadDim, qkRopeHeadDim);
  }

  @Override
  public int queryWidth() {
    return Math.multiplyExact(heads, qkHeadDim());
  }

  @Override
  public long parameters(int hidden, NormKind norm) {
    long q;
    if (qLoraRank > 0) {
      q =
          Math.addExact(
              (long) hidden * qLoraRank + (bias ? qLoraRank : 0) + norm.parameters(qLoraRank),
              Math.multiplyExact((long) qLoraRank, queryWidth()));
    } else {
      q = Math.multiplyExact((long) hidden, queryWidth());
    }
    long kvWidth = (long) kvLoraRank + qkRopeHeadDim;
    long kvA = Math.multiplyExact((long) hidden, kvWidth) + (bias ? kvWidth : 0);
    long kvB =
        Math.addExact(
            norm.parameters(kvLoraRank),
            Math.multiplyExact(
                Math.multiplyExact((long) kvLoraRank, heads), (long) qkNopeHeadDim + vHeadDim));
    long o =
        Math.addExact(
            Math.multiplyExact(Math.multiplyExact((long) heads, vHeadDim), hidden), bias ? hidden : 0);
    return Math.addExact(Math.addExact(q, kvA), Math.addExact(kvB, o));
  }

  @Override
  public long kvCacheElementsPerTokenPerLayer() {
    return (long) kvLoraRank + qkRopeHeadDim;
  }

  /** Returns query heads. */
  public int heads() {
    return heads;
  }

  /** Returns rank of the query compression; 0 for an uncompressed query projection. */
  public int qLoraRank() {
    return qLoraRank;
  }

  /** Returns rank of the key/value latent. */
  public int kvLoraRank() {
    return kvLoraRank;
  }

  /** Returns per-head query/key features without rotary embedding. */
  public int qkNopeHeadDim() {
    return qkNopeHeadDim;
  }

  /** Returns per-head query/key features with rotary embedding. */
  public int qkRopeHeadDim() {
    return qkRopeHeadDim;
  }

  /** Returns per-head value features. */
  public int vHeadDim() {
    return vHeadDim;
  }

  /** Returns whether {@code q_a_proj} (or {@code q_proj}), {@code kv_a_proj_with_mqa} and {@code o_proj} have biases ({@code attention_bias}). */
  public boolean bias() {
    return bias;
  }

  /**
   * Returns a builder of {@code LatentAttention}. Unset, the query projection is
   * uncompressed ({@code qLoraRank} 0) and has no bias; the other sizes must be set.
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

  /** Builds a {@link LatentAttention}; {@link #build()} validates. */
  public static final class Builder {
    private int heads;
    private int qLoraRank = 0;
    private int kvLoraRank;
    private int qkNopeHeadDim;
    private int qkRopeHeadDim;
    private int vHeadDim;
    private boolean bias = false;

    private Builder() {}

    private Builder(LatentAttention from) {
      this.heads = from.heads;
      this.qLoraRank = from.qLoraRank;
      this.kvLoraRank = from.kvLoraRank;
      this.qkNopeHeadDim = from.qkNopeHeadDim;
      this.qkRopeHeadDim = from.qkRopeHeadDim;
      this.vHeadDim = from.vHeadDim;
      this.bias = from.bias;
    }

    /**
     * Sets query heads.
     *
     * @param value the value
     * @return this builder
     */
    public Builder heads(int value) {
      this.heads = value;
      return this;
    }

    /**
     * Sets rank of the query compression; 0 for an uncompressed query projection.
     *
     * @param value the value
     * @return this builder
     */
    public Builder qLoraRank(int value) {
      this.qLoraRank = value;
      return this;
    }

    /**
     * Sets rank of the key/value latent.
     *
     * @param value the value
     * @return this builder
     */
    public Builder kvLoraRank(int value) {
      this.kvLoraRank = value;
      return this;
    }

    /**
     * Sets per-head query/key features without rotary embedding.
     *
     * @param value the value
     * @return this builder
     */
    public Builder qkNopeHeadDim(int value) {
      this.qkNopeHeadDim = value;
      return this;
    }

    /**
     * Sets per-head query/key features with rotary embedding.
     *
     * @param value the value
     * @return this builder
     */
    public Builder qkRopeHeadDim(int value) {
      this.qkRopeHeadDim = value;
      return this;
    }

    /**
     * Sets per-head value features.
     *
     * @param value the value
     * @return this builder
     */
    public Builder vHeadDim(int value) {
      this.vHeadDim = value;
      return this;
    }

    /**
     * Sets whether {@code q_a_proj} (or {@code q_proj}), {@code kv_a_proj_with_mqa} and {@code o_proj} have biases ({@code attention_bias}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder bias(boolean value) {
      this.bias = value;
      return this;
    }

    /**
     * Returns the {@code LatentAttention}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public LatentAttention build() {
      return new LatentAttention(
          heads,
          qLoraRank,
          kvLoraRank,
          qkNopeHeadDim,
          qkRopeHeadDim,
          vHeadDim,
          bias);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof LatentAttention o
          && heads == o.heads
          && qLoraRank == o.qLoraRank
          && kvLoraRank == o.kvLoraRank
          && qkNopeHeadDim == o.qkNopeHeadDim
          && qkRopeHeadDim == o.qkRopeHeadDim
          && vHeadDim == o.vHeadDim
          && bias == o.bias;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(heads);
    h = 31 * h + Integer.hashCode(qLoraRank);
    h = 31 * h + Integer.hashCode(kvLoraRank);
    h = 31 * h + Integer.hashCode(qkNopeHeadDim);
    h = 31 * h + Integer.hashCode(qkRopeHeadDim);
    h = 31 * h + Integer.hashCode(vHeadDim);
    h = 31 * h + Boolean.hashCode(bias);
    return h;
  }

  @Override
  public String toString() {
    return "LatentAttention[heads=" + heads + ", qLoraRank=" + qLoraRank + ", kvLoraRank=" + kvLoraRank
        + ", qkNopeHeadDim=" + qkNopeHeadDim + ", qkRopeHeadDim=" + qkRopeHeadDim
        + ", vHeadDim=" + vHeadDim + ", bias=" + bias + "]";
  }
}
