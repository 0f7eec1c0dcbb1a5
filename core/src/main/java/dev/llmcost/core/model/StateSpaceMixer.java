package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * A selective state-space layer: Mamba (Gu and Dao 2023, arXiv:2312.00752) as Jamba builds it, or
 * Mamba-2 (Dao and Gu 2024, arXiv:2405.21060) as transformers' {@code Mamba2Mixer} and Falcon-H1
 * build it.
 *
 * <p>Mamba: {@code in_proj} ({@code hidden × 2·inner}), a depthwise convolution over {@code inner}
 * channels, {@code x_proj} ({@code inner × (dtRank + 2·state)}), {@code dt_proj} ({@code dtRank ×
 * inner} with bias), {@code A_log} ({@code inner × state}), {@code D} ({@code inner}), {@code
 * out_proj} ({@code inner × hidden}) and, in Jamba, RMSNorms over dt, B and C. Mamba-2: {@code
 * in_proj} ({@code hidden × (2·inner + 2·groups·state + heads)}), a convolution over {@code inner +
 * 2·groups·state} channels, {@code dt_bias}, {@code A_log} and {@code D} per head, a gated RMSNorm
 * over {@code inner} and {@code out_proj}.
 *
 * <p>The state per sequence is {@code inner × state} plus the convolution's last {@code convKernel
 * − 1} inputs, whatever the context length.
 */
public final class StateSpaceMixer {
  private final int version;
  private final int inner;
  private final int state;
  private final int convKernel;
  private final int heads;
  private final int groups;
  private final int dtRank;
  private final boolean projectionBias;
  private final boolean convBias;
  private final boolean innerNorms;

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if the version is not 1 or 2 or a size it needs is not
   *     positive
   */
  private StateSpaceMixer(
      int version,
      int inner,
      int state,
      int convKernel,
      int heads,
      int groups,
      int dtRank,
      boolean projectionBias,
      boolean convBias,
      boolean innerNorms) {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("version must be 1 or 2, was " + version);
    }
    Require.positive("inner", inner);
    Require.positive("state", state);
    Require.positive("convKernel", convKernel);
    if (version == 1) {
      Require.positive("dtRank", dtRank);
    } else {
      Require.positive("heads", heads);
      Require.positive("groups", groups);
    }
    this.version = version;
    this.inner = inner;
    this.state = state;
    this.convKernel = convKernel;
    this.heads = heads;
    this.groups = groups;
    this.dtRank = dtRank;
    this.projectionBias = projectionBias;
    this.convBias = convBias;
    this.innerNorms = innerNorms;
  }

  /** Returns the channels of the depthwise convolution. */
  public long convChannels() {
    return version == 1 ? inner : (long) inner + 2L * groups * state;
  }

  /**
   * Returns the parameters of one layer at model width {@code hidden}.
   *
   * @param hidden the model width
   * @return parameters
   */
  public long parameters(int hidden) {
    long conv = convChannels() * convKernel + (convBias ? convChannels() : 0);
    long out = (long) inner * hidden + (projectionBias ? hidden : 0);
    if (version == 1) {
      long in = (long) hidden * 2 * inner + (projectionBias ? 2L * inner : 0);
      long xProj = (long) inner * (dtRank + 2L * state);
      long dtProj = (long) dtRank * inner + inner;
      long a = (long) inner * state;
      long norms = innerNorms ? dtRank + 2L * state : 0;
      return Math.addExact(Math.addExact(in, xProj), dtProj + a + inner + conv + out + norms);
    }
    long projection = 2L * inner + 2L * groups * state + heads;
    long in = Math.multiplyExact((long) hidden, projection) + (projectionBias ? projection : 0);
    return Math.addExact(in, conv + 3L * heads + (innerNorms ? inner : 0) + out);
  }

  /** Returns the elements of one sequence's state in one layer (SSM state and convolution window). */
  public long stateElements() {
    return (long) inner * state + convChannels() * (convKernel - 1);
  }

  /** Returns 1 for Mamba, 2 for Mamba-2. */
  public int version() {
    return version;
  }

  /** Returns the inner width ({@code expand × hidden}, or Falcon-H1's {@code mamba_d_ssm}). */
  public int inner() {
    return inner;
  }

  /** Returns the state size per channel ({@code d_state}). */
  public int state() {
    return state;
  }

  /** Returns taps of the depthwise convolution. */
  public int convKernel() {
    return convKernel;
  }

  /** Returns Mamba-2 heads (0 for Mamba). */
  public int heads() {
    return heads;
  }

  /** Returns Mamba-2 groups of B and C ({@code n_groups}; 0 for Mamba). */
  public int groups() {
    return groups;
  }

  /** Returns Mamba's rank of the step projection (0 for Mamba-2). */
  public int dtRank() {
    return dtRank;
  }

  /** Returns whether {@code in_proj} and {@code out_proj} have biases. */
  public boolean projectionBias() {
    return projectionBias;
  }

  /** Returns whether the convolution has a bias. */
  public boolean convBias() {
    return convBias;
  }

  /** Returns Mamba: whether dt, B and C are RMS-normalised (Jamba); Mamba-2: whether a gated RMSNorm precedes {@code out_proj}. */
  public boolean innerNorms() {
    return innerNorms;
  }

  /**
   * Returns a builder of {@code StateSpaceMixer}. The version and the sizes it
   * needs must be set; unset, the projections and the convolution have no bias and there are no inner
   * norms.
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

  /** Builds a {@link StateSpaceMixer}; {@link #build()} validates. */
  public static final class Builder {
    private int version;
    private int inner;
    private int state;
    private int convKernel;
    private int heads;
    private int groups;
    private int dtRank;
    private boolean projectionBias = false;
    private boolean convBias = false;
    private boolean innerNorms = false;

    private Builder() {}

    private Builder(StateSpaceMixer from) {
      this.version = from.version;
      this.inner = from.inner;
      this.state = from.state;
      this.convKernel = from.convKernel;
      this.heads = from.heads;
      this.groups = from.groups;
      this.dtRank = from.dtRank;
      this.projectionBias = from.projectionBias;
      this.convBias = from.convBias;
      this.innerNorms = from.innerNorms;
    }

    /**
     * Sets 1 for Mamba, 2 for Mamba-2.
     *
     * @param value the value
     * @return this builder
     */
    public Builder version(int value) {
      this.version = value;
      return this;
    }

    /**
     * Sets the inner width ({@code expand × hidden}, or Falcon-H1's {@code mamba_d_ssm}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder inner(int value) {
      this.inner = value;
      return this;
    }

    /**
     * Sets the state size per channel ({@code d_state}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder state(int value) {
      this.state = value;
      return this;
    }

    /**
     * Sets taps of the depthwise convolution.
     *
     * @param value the value
     * @return this builder
     */
    public Builder convKernel(int value) {
      this.convKernel = value;
      return this;
    }

    /**
     * Sets Mamba-2 heads (0 for Mamba).
     *
     * @param value the value
     * @return this builder
     */
    public Builder heads(int value) {
      this.heads = value;
      return this;
    }

    /**
     * Sets Mamba-2 groups of B and C ({@code n_groups}; 0 for Mamba).
     *
     * @param value the value
     * @return this builder
     */
    public Builder groups(int value) {
      this.groups = value;
      return this;
    }

    /**
     * Sets Mamba's rank of the step projection (0 for Mamba-2).
     *
     * @param value the value
     * @return this builder
     */
    public Builder dtRank(int value) {
      this.dtRank = value;
      return this;
    }

    /**
     * Sets whether {@code in_proj} and {@code out_proj} have biases.
     *
     * @param value the value
     * @return this builder
     */
    public Builder projectionBias(boolean value) {
      this.projectionBias = value;
      return this;
    }

    /**
     * Sets whether the convolution has a bias.
     *
     * @param value the value
     * @return this builder
     */
    public Builder convBias(boolean value) {
      this.convBias = value;
      return this;
    }

    /**
     * Sets Mamba: whether dt, B and C are RMS-normalised (Jamba); Mamba-2: whether a gated RMSNorm precedes {@code out_proj}.
     *
     * @param value the value
     * @return this builder
     */
    public Builder innerNorms(boolean value) {
      this.innerNorms = value;
      return this;
    }

    /**
     * Returns the {@code StateSpaceMixer}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public StateSpaceMixer build() {
      return new StateSpaceMixer(
          version,
          inner,
          state,
          convKernel,
          heads,
          groups,
          dtRank,
          projectionBias,
          convBias,
          innerNorms);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof StateSpaceMixer o
          && version == o.version
          && inner == o.inner
          && state == o.state
          && convKernel == o.convKernel
          && heads == o.heads
          && groups == o.groups
          && dtRank == o.dtRank
          && projectionBias == o.projectionBias
          && convBias == o.convBias
          && innerNorms == o.innerNorms;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(version);
    h = 31 * h + Integer.hashCode(inner);
    h = 31 * h + Integer.hashCode(state);
    h = 31 * h + Integer.hashCode(convKernel);
    h = 31 * h + Integer.hashCode(heads);
    h = 31 * h + Integer.hashCode(groups);
    h = 31 * h + Integer.hashCode(dtRank);
    h = 31 * h + Boolean.hashCode(projectionBias);
    h = 31 * h + Boolean.hashCode(convBias);
    h = 31 * h + Boolean.hashCode(innerNorms);
    return h;
  }

  @Override
  public String toString() {
    return "StateSpaceMixer[version=" + version + ", inner=" + inner + ", state=" + state
        + ", convKernel=" + convKernel + ", heads=" + heads + ", groups=" + groups + ", dtRank=" + dtRank
        + ", projectionBias=" + projectionBias + ", convBias=" + convBias
        + ", innerNorms=" + innerNorms + "]";
  }
}
