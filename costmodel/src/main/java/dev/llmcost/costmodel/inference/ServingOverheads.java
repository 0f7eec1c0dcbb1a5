package dev.llmcost.costmodel.inference;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * Time a serving engine spends outside the roofline of its kernels: launch gaps and
 * synchronisation that the GPU does not hide, per layer and per forward pass, and fixed work per
 * request (tokenisation, network, scheduling).
 */
public final class ServingOverheads {
  private final double perLayerSeconds;
  private final double perStepSeconds;
  private final double perRequestSeconds;

  /** No overheads: the bare roofline. */
  public static final ServingOverheads NONE = new ServingOverheads(0, 0, 0);

  /**
   * Validates the overheads.
   *
   * @throws IllegalArgumentException if a value is negative, NaN or infinite
   */
  private ServingOverheads(double perLayerSeconds, double perStepSeconds, double perRequestSeconds) {
    Require.nonNegative("perLayerSeconds", perLayerSeconds);
    Require.nonNegative("perStepSeconds", perStepSeconds);
    Require.nonNegative("perRequestSeconds", perRequestSeconds);
    this.perLayerSeconds = perLayerSeconds;
    this.perStepSeconds = perStepSeconds;
    this.perRequestSeconds = perRequestSeconds;
  }

  /**
   * Returns the overheads fitted to TensorRT-LLM v0.9.0 measurements (see {@link
   * InferenceCalibration#CALIBRATED}): a per-layer overhead, nothing per step or per request.
   *
   * @return the calibrated overheads
   */
  public static ServingOverheads calibrated() {
    return InferenceCalibration.CALIBRATED.overheads();
  }

  /** Returns a copy with another per-request overhead (seconds). */
  public ServingOverheads withPerRequestSeconds(double seconds) {
    return seconds == perRequestSeconds
        ? this
        : new ServingOverheads(perLayerSeconds, perStepSeconds, seconds);
  }

  /**
   * Starts overheads of zero, to set by name.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(NONE);
  }

  /**
   * Returns a builder that starts from these overheads.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link ServingOverheads} by named parts; every part not set stays as it was (0 from {@link #builder()}). */
  public static final class Builder {
    private double perLayerSeconds;
    private double perStepSeconds;
    private double perRequestSeconds;

    private Builder(ServingOverheads from) {
      this.perLayerSeconds = from.perLayerSeconds;
      this.perStepSeconds = from.perStepSeconds;
      this.perRequestSeconds = from.perRequestSeconds;
    }

    /** Sets the seconds added per transformer layer per forward pass, at least 0. */
    public Builder perLayerSeconds(double seconds) {
      this.perLayerSeconds = seconds;
      return this;
    }

    /** Sets the seconds added per forward pass, at least 0. */
    public Builder perStepSeconds(double seconds) {
      this.perStepSeconds = seconds;
      return this;
    }

    /** Sets the seconds added once to each request's time to first token, at least 0. */
    public Builder perRequestSeconds(double seconds) {
      this.perRequestSeconds = seconds;
      return this;
    }

    /**
     * Returns the overheads.
     *
     * @return the overheads
     * @throws IllegalArgumentException if a value is negative, NaN or infinite, naming it
     */
    public ServingOverheads build() {
      return new ServingOverheads(perLayerSeconds, perStepSeconds, perRequestSeconds);
    }
  }

  /** Returns the seconds added per transformer layer per forward pass (kernel launches and gaps between the ~10 kernels of a layer). */
  public double perLayerSeconds() {
    return perLayerSeconds;
  }

  /** Returns the seconds added per forward pass (sampling, host synchronisation). */
  public double perStepSeconds() {
    return perStepSeconds;
  }

  /** Returns the seconds added once to each request's time to first token. */
  public double perRequestSeconds() {
    return perRequestSeconds;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ServingOverheads o
          && Double.compare(perLayerSeconds, o.perLayerSeconds) == 0
          && Double.compare(perStepSeconds, o.perStepSeconds) == 0
          && Double.compare(perRequestSeconds, o.perRequestSeconds) == 0;
  }

  @Override
  public int hashCode() {
    int h = Double.hashCode(perLayerSeconds);
    h = 31 * h + Double.hashCode(perStepSeconds);
    h = 31 * h + Double.hashCode(perRequestSeconds);
    return h;
  }

  @Override
  public String toString() {
    return "ServingOverheads[perLayerSeconds=" + perLayerSeconds + ", perStepSeconds=" + perStepSeconds + ", perRequestSeconds=" + perRequestSeconds + "]";
  }
}
