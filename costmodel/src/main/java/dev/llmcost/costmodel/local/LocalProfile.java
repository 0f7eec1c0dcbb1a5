package dev.llmcost.costmodel.local;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * The fitted efficiencies of the local model, named so a report can print them: the fraction of
 * peak memory bandwidth token generation reaches on a discrete GPU, on a unified-memory GPU and on
 * a CPU; a fixed time per generated token (kernel launches, synchronisation, sampling); and the
 * fraction of peak matrix throughput prompt processing reaches on each kind of device.
 *
 * <p>{@link #DEFAULT} holds the values {@code LocalBenchValidationTest} fits to the published
 * llama-bench results in {@code local-bench.csv} (least squares on log tokens/s, per device kind:
 * bandwidth fraction and per-token time by grid, ties to the smaller time; compute fraction in
 * closed form); the test re-runs the fit and checks these numbers. Every row of that table was
 * retrieved with its source (llama.cpp discussion 4167 for Apple M1–M4, the CUDA scoreboard
 * 15013, pull requests 4766, 7676, 7860, 7921, 8062, 8215, 15802 and 17505, the project's {@code
 * benches/mac-m2-ultra} file with depths to 32768, and five issue threads). The discrete-GPU pair
 * sits at the grid's edge (all of the bandwidth and 2.9 ms per token) because of the 2024-01 RTX
 * 3090 rows of pull request 4766, whose Q2_K and Q3_K_S kernels ran far below bandwidth; without
 * that source the same procedure gives 0.84 and 1.1 ms. The CPU fractions are not fitted (no CPU
 * rows on a catalogued CPU): 0.6 of DRAM bandwidth and 0.5 of
 * SIMD peak are assumptions a report prints.
 */
public final class LocalProfile {
  private final double discreteBandwidth;
  private final double discreteTokenSeconds;
  private final double unifiedBandwidth;
  private final double unifiedTokenSeconds;
  private final double cpuBandwidth;
  private final double discreteCompute;
  private final double unifiedCompute;
  private final double cpuCompute;

  /**
   * Validates the fractions.
   *
   * @throws IllegalArgumentException if a fraction is not in (0, 1] or the overhead is negative
   */
  private LocalProfile(
      double discreteBandwidth,
      double discreteTokenSeconds,
      double unifiedBandwidth,
      double unifiedTokenSeconds,
      double cpuBandwidth,
      double discreteCompute,
      double unifiedCompute,
      double cpuCompute) {
    fraction("discreteBandwidth", discreteBandwidth);
    fraction("unifiedBandwidth", unifiedBandwidth);
    fraction("cpuBandwidth", cpuBandwidth);
    Require.nonNegative("discreteTokenSeconds", discreteTokenSeconds);
    Require.nonNegative("unifiedTokenSeconds", unifiedTokenSeconds);
    fraction("discreteCompute", discreteCompute);
    fraction("unifiedCompute", unifiedCompute);
    fraction("cpuCompute", cpuCompute);
    this.discreteBandwidth = discreteBandwidth;
    this.discreteTokenSeconds = discreteTokenSeconds;
    this.unifiedBandwidth = unifiedBandwidth;
    this.unifiedTokenSeconds = unifiedTokenSeconds;
    this.cpuBandwidth = cpuBandwidth;
    this.discreteCompute = discreteCompute;
    this.unifiedCompute = unifiedCompute;
    this.cpuCompute = cpuCompute;
  }

  /** The fitted profile (see the class comment). */
  public static final LocalProfile DEFAULT =
      new LocalProfile(1.0, 0.0029, 0.92, 0.006, 0.6, 0.23, 0.68, 0.5);

  private static void fraction(String name, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + v);
    }
  }

  /** Returns fraction of a discrete GPU's memory bandwidth reached by tg. */
  public double discreteBandwidth() {
    return discreteBandwidth;
  }

  /** Returns fixed seconds per generated token on a discrete GPU. */
  public double discreteTokenSeconds() {
    return discreteTokenSeconds;
  }

  /** Returns fraction of a unified-memory SoC's bandwidth reached by tg on its GPU. */
  public double unifiedBandwidth() {
    return unifiedBandwidth;
  }

  /** Returns fixed seconds per generated token on a unified-memory GPU. */
  public double unifiedTokenSeconds() {
    return unifiedTokenSeconds;
  }

  /** Returns fraction of DRAM bandwidth reached by tg on CPU cores (assumed). */
  public double cpuBandwidth() {
    return cpuBandwidth;
  }

  /** Returns fraction of a discrete GPU's matrix peak reached by pp. */
  public double discreteCompute() {
    return discreteCompute;
  }

  /** Returns fraction of a unified-memory GPU's peak reached by pp. */
  public double unifiedCompute() {
    return unifiedCompute;
  }

  /** Returns fraction of a CPU's SIMD peak reached by pp (assumed). */
  public double cpuCompute() {
    return cpuCompute;
  }

  /**
   * Returns a builder of {@code LocalProfile}. Every fraction must be set;
   * {@code DEFAULT.toBuilder()} starts from the fitted profile.
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

  /** Builds a {@link LocalProfile}; {@link #build()} validates. */
  public static final class Builder {
    private double discreteBandwidth;
    private double discreteTokenSeconds;
    private double unifiedBandwidth;
    private double unifiedTokenSeconds;
    private double cpuBandwidth;
    private double discreteCompute;
    private double unifiedCompute;
    private double cpuCompute;

    private Builder() {}

    private Builder(LocalProfile from) {
      this.discreteBandwidth = from.discreteBandwidth;
      this.discreteTokenSeconds = from.discreteTokenSeconds;
      this.unifiedBandwidth = from.unifiedBandwidth;
      this.unifiedTokenSeconds = from.unifiedTokenSeconds;
      this.cpuBandwidth = from.cpuBandwidth;
      this.discreteCompute = from.discreteCompute;
      this.unifiedCompute = from.unifiedCompute;
      this.cpuCompute = from.cpuCompute;
    }

    /**
     * Sets fraction of a discrete GPU's memory bandwidth reached by tg.
     *
     * @param value the value
     * @return this builder
     */
    public Builder discreteBandwidth(double value) {
      this.discreteBandwidth = value;
      return this;
    }

    /**
     * Sets fixed seconds per generated token on a discrete GPU.
     *
     * @param value the value
     * @return this builder
     */
    public Builder discreteTokenSeconds(double value) {
      this.discreteTokenSeconds = value;
      return this;
    }

    /**
     * Sets fraction of a unified-memory SoC's bandwidth reached by tg on its GPU.
     *
     * @param value the value
     * @return this builder
     */
    public Builder unifiedBandwidth(double value) {
      this.unifiedBandwidth = value;
      return this;
    }

    /**
     * Sets fixed seconds per generated token on a unified-memory GPU.
     *
     * @param value the value
     * @return this builder
     */
    public Builder unifiedTokenSeconds(double value) {
      this.unifiedTokenSeconds = value;
      return this;
    }

    /**
     * Sets fraction of DRAM bandwidth reached by tg on CPU cores (assumed).
     *
     * @param value the value
     * @return this builder
     */
    public Builder cpuBandwidth(double value) {
      this.cpuBandwidth = value;
      return this;
    }

    /**
     * Sets fraction of a discrete GPU's matrix peak reached by pp.
     *
     * @param value the value
     * @return this builder
     */
    public Builder discreteCompute(double value) {
      this.discreteCompute = value;
      return this;
    }

    /**
     * Sets fraction of a unified-memory GPU's peak reached by pp.
     *
     * @param value the value
     * @return this builder
     */
    public Builder unifiedCompute(double value) {
      this.unifiedCompute = value;
      return this;
    }

    /**
     * Sets fraction of a CPU's SIMD peak reached by pp (assumed).
     *
     * @param value the value
     * @return this builder
     */
    public Builder cpuCompute(double value) {
      this.cpuCompute = value;
      return this;
    }

    /**
     * Returns the {@code LocalProfile}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public LocalProfile build() {
      return new LocalProfile(
          discreteBandwidth,
          discreteTokenSeconds,
          unifiedBandwidth,
          unifiedTokenSeconds,
          cpuBandwidth,
          discreteCompute,
          unifiedCompute,
          cpuCompute);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof LocalProfile o
          && Double.compare(discreteBandwidth, o.discreteBandwidth) == 0
          && Double.compare(discreteTokenSeconds, o.discreteTokenSeconds) == 0
          && Double.compare(unifiedBandwidth, o.unifiedBandwidth) == 0
          && Double.compare(unifiedTokenSeconds, o.unifiedTokenSeconds) == 0
          && Double.compare(cpuBandwidth, o.cpuBandwidth) == 0
          && Double.compare(discreteCompute, o.discreteCompute) == 0
          && Double.compare(unifiedCompute, o.unifiedCompute) == 0
          && Double.compare(cpuCompute, o.cpuCompute) == 0;
  }

  @Override
  public int hashCode() {
    int h = Double.hashCode(discreteBandwidth);
    h = 31 * h + Double.hashCode(discreteTokenSeconds);
    h = 31 * h + Double.hashCode(unifiedBandwidth);
    h = 31 * h + Double.hashCode(unifiedTokenSeconds);
    h = 31 * h + Double.hashCode(cpuBandwidth);
    h = 31 * h + Double.hashCode(discreteCompute);
    h = 31 * h + Double.hashCode(unifiedCompute);
    h = 31 * h + Double.hashCode(cpuCompute);
    return h;
  }

  @Override
  public String toString() {
    return "LocalProfile[discreteBandwidth=" + discreteBandwidth
        + ", discreteTokenSeconds=" + discreteTokenSeconds + ", unifiedBandwidth=" + unifiedBandwidth
        + ", unifiedTokenSeconds=" + unifiedTokenSeconds + ", cpuBandwidth=" + cpuBandwidth
        + ", discreteCompute=" + discreteCompute + ", unifiedCompute=" + unifiedCompute
        + ", cpuCompute=" + cpuCompute + "]";
  }
}
