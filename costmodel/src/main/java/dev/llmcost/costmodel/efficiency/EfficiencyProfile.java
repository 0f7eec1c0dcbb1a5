package dev.llmcost.costmodel.efficiency;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How much of an accelerator's datasheet peaks real work reaches: matrix multiplications as a
 * function of their shape, fused attention kernels, streaming memory traffic, collectives over the
 * scale-up and scale-out links, and how much of a collective hides behind compute.
 *
 * <p>Matmul efficiency saturates with the smallest GEMM dimension {@code d = min(m, n, k)}: {@code
 * e(d) = matmulPeakFraction · d / (d + matmulHalfSaturationDim)}. Small GEMMs (decode at batch 1,
 * thin tensor-parallel shards, the head dimension of unfused attention) run far below peak; large
 * ones approach {@code matmulPeakFraction}. Fused attention (FlashAttention, Dao et al. 2022) is one
 * kernel whose rate is {@code attentionKernelFraction} of the 16-bit dense peak. A collective
 * scheduled to overlap with compute hides {@code overlapEfficiency} of the time both could share
 * (the rest is lost to contention for SMs and memory bandwidth).
 *
 * <p>The bundled profiles ({@link EfficiencyProfiles}) are fitted to published training runs by
 * the calibration procedure of the training cost model, which a test re-runs; none of these numbers
 * is a hidden constant, and {@link #source()} says where each one comes from.
 */
public final class EfficiencyProfile {
  private final String acceleratorId;
  private final double matmulPeakFraction;
  private final double matmulHalfSaturationDim;
  private final double memoryBandwidthFraction;
  private final double scaleUpBandwidthFraction;
  private final double scaleOutBandwidthFraction;
  private final double collectiveLatencySeconds;
  private final double attentionKernelFraction;
  private final double overlapEfficiency;
  private final double attentionHalfSaturationSeq;
  private final double networkLatencySeconds;
  private final double fp8MatmulPeakFraction;
  private final double layerOverheadSeconds;
  private final double sustainedComputeFactor;
  private final String source;

  /**
   * Validates the profile.
   *
   * @throws IllegalArgumentException if a fraction is outside (0, 1] (the overlap efficiency
   *     outside [0, 1]) or a value is negative or not finite
   */
  private EfficiencyProfile(
      String acceleratorId,
      double matmulPeakFraction,
      double matmulHalfSaturationDim,
      double memoryBandwidthFraction,
      double scaleUpBandwidthFraction,
      double scaleOutBandwidthFraction,
      double collectiveLatencySeconds,
      double attentionKernelFraction,
      double overlapEfficiency,
      double attentionHalfSaturationSeq,
      double networkLatencySeconds,
      double fp8MatmulPeakFraction,
      double layerOverheadSeconds,
      double sustainedComputeFactor,
      String source) {
    Require.nonBlank("acceleratorId", acceleratorId);
    fraction("matmulPeakFraction", matmulPeakFraction);
    Require.nonNegative("matmulHalfSaturationDim", matmulHalfSaturationDim);
    fraction("memoryBandwidthFraction", memoryBandwidthFraction);
    fraction("scaleUpBandwidthFraction", scaleUpBandwidthFraction);
    fraction("scaleOutBandwidthFraction", scaleOutBandwidthFraction);
    Require.nonNegative("collectiveLatencySeconds", collectiveLatencySeconds);
    fraction("attentionKernelFraction", attentionKernelFraction);
    Require.fraction("overlapEfficiency", overlapEfficiency);
    Require.nonNegative("attentionHalfSaturationSeq", attentionHalfSaturationSeq);
    Require.nonNegative("networkLatencySeconds", networkLatencySeconds);
    fraction("fp8MatmulPeakFraction", fp8MatmulPeakFraction);
    Require.nonNegative("layerOverheadSeconds", layerOverheadSeconds);
    fraction("sustainedComputeFactor", sustainedComputeFactor);
    this.acceleratorId = acceleratorId;
    this.matmulPeakFraction = matmulPeakFraction;
    this.matmulHalfSaturationDim = matmulHalfSaturationDim;
    this.memoryBandwidthFraction = memoryBandwidthFraction;
    this.scaleUpBandwidthFraction = scaleUpBandwidthFraction;
    this.scaleOutBandwidthFraction = scaleOutBandwidthFraction;
    this.collectiveLatencySeconds = collectiveLatencySeconds;
    this.attentionKernelFraction = attentionKernelFraction;
    this.overlapEfficiency = overlapEfficiency;
    this.attentionHalfSaturationSeq = attentionHalfSaturationSeq;
    this.networkLatencySeconds = networkLatencySeconds;
    this.fp8MatmulPeakFraction = fp8MatmulPeakFraction;
    this.layerOverheadSeconds = layerOverheadSeconds;
    this.sustainedComputeFactor = sustainedComputeFactor;
    this.source = source;
  }

  /**
   * The fused-attention fraction a profile built without it gets ({@link #builder()}): the
   * A100 calibration's value, rounded (see {@link EfficiencyProfiles}).
   */
  public static final double DEFAULT_ATTENTION_KERNEL_FRACTION = 0.32;

  /**
   * The overlap efficiency a profile built without it gets ({@link #builder()}): the A100
   * calibration's value, rounded (see {@link EfficiencyProfiles}).
   */
  public static final double DEFAULT_OVERLAP_EFFICIENCY = 0.4;

  private static void fraction(String name, double v) {
    Require.finite(name, v);
    if (v <= 0 || v > 1) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + v);
    }
  }

  /**
   * Returns the fraction of peak a GEMM of shape {@code m × k} by {@code k × n} reaches.
   *
   * @param m rows of the output
   * @param n columns of the output
   * @param k the inner dimension
   * @return efficiency in (0, matmulPeakFraction]
   * @throws IllegalArgumentException if a dimension is not positive
   */
  public double matmulEfficiency(long m, long n, long k) {
    double d = Math.min(m, Math.min(n, k));
    if (d <= 0) {
      throw new IllegalArgumentException("GEMM dimensions must be > 0, was " + m + "×" + k + "×" + n);
    }
    return matmulPeakFraction * d / (d + matmulHalfSaturationDim);
  }

  /**
   * Returns the fraction of peak a GEMM reaches whose smallest dimension is {@code minDim}, which
   * may be fractional (an average over shards); {@link #matmulEfficiency(long, long, long)} for
   * real-valued shapes.
   *
   * @param minDim the smallest of the three GEMM dimensions, greater than zero
   * @return efficiency in (0, matmulPeakFraction]
   */
  public double matmulEfficiency(double minDim) {
    return matmulPeakFraction * minDim / (minDim + matmulHalfSaturationDim);
  }

  /**
   * Returns a copy with another overlap efficiency (a value a training calibration fits).
   *
   * @param value the overlap efficiency, in [0, 1]
   * @param why where it comes from, prepended to the source
   * @return the copy
   */
  public EfficiencyProfile withOverlapEfficiency(double value, String why) {
    return new EfficiencyProfile(acceleratorId, matmulPeakFraction, matmulHalfSaturationDim, memoryBandwidthFraction,
        scaleUpBandwidthFraction, scaleOutBandwidthFraction, collectiveLatencySeconds, attentionKernelFraction, value,
        attentionHalfSaturationSeq, networkLatencySeconds, fp8MatmulPeakFraction, layerOverheadSeconds,
        sustainedComputeFactor, why + "; " + source);
  }

  /**
   * Returns a copy with another sustained compute factor (a power limit lowers the clock GEMMs and
   * attention run at).
   *
   * @param value the factor, in (0, 1]
   * @param why where it comes from, prepended to the source
   * @return the copy
   * @throws IllegalArgumentException if {@code value} is outside (0, 1]
   */
  public EfficiencyProfile withSustainedComputeFactor(double value, String why) {
    return new EfficiencyProfile(acceleratorId, matmulPeakFraction, matmulHalfSaturationDim, memoryBandwidthFraction,
        scaleUpBandwidthFraction, scaleOutBandwidthFraction, collectiveLatencySeconds, attentionKernelFraction,
        overlapEfficiency, attentionHalfSaturationSeq, networkLatencySeconds, fp8MatmulPeakFraction, layerOverheadSeconds,
        value, why + "; " + source);
  }

  /**
   * Returns the rate a GEMM of the given shape reaches on an accelerator with {@code peak}.
   *
   * @param peak the dense peak for the math type
   * @param m rows of the output
   * @param n columns of the output
   * @param k the inner dimension
   * @return achieved FLOP/s
   * @throws IllegalArgumentException if a dimension is not positive
   */
  public FlopRate matmulRate(FlopRate peak, long m, long n, long k) {
    return peak.times(matmulEfficiency(m, n, k));
  }

  /**
   * Returns the bandwidth streaming kernels reach.
   *
   * @param datasheet the datasheet memory bandwidth
   * @return achieved bandwidth
   */
  public Bandwidth memoryBandwidth(Bandwidth datasheet) {
    return datasheet.times(memoryBandwidthFraction);
  }

  /**
   * Returns the bandwidth collectives reach over the scale-up fabric.
   *
   * @param perDirection the per-device scale-up bandwidth in one direction
   * @return achieved bandwidth
   */
  public Bandwidth scaleUpBandwidth(Bandwidth perDirection) {
    return perDirection.times(scaleUpBandwidthFraction);
  }

  /**
   * Returns the bandwidth collectives reach over the network.
   *
   * @param perDevice the per-device network bandwidth in one direction
   * @return achieved bandwidth
   */
  public Bandwidth scaleOutBandwidth(Bandwidth perDevice) {
    return perDevice.times(scaleOutBandwidthFraction);
  }

  /**
   * Returns a copy for another accelerator, with a source that says so.
   *
   * @param id the accelerator id
   * @param why why this profile applies to it
   * @return the copy, or this profile if the id is the same
   */
  public EfficiencyProfile withAccelerator(String id, String why) {
    if (id.equals(acceleratorId)) {
      return this;
    }
    return new EfficiencyProfile(
        id,
        matmulPeakFraction,
        matmulHalfSaturationDim,
        memoryBandwidthFraction,
        scaleUpBandwidthFraction,
        scaleOutBandwidthFraction,
        collectiveLatencySeconds,
        attentionKernelFraction,
        overlapEfficiency,
        attentionHalfSaturationSeq,
        networkLatencySeconds,
        fp8MatmulPeakFraction,
        layerOverheadSeconds,
        sustainedComputeFactor,
        why + "; " + source);
  }

  /** Returns the accelerator the profile belongs to. */
  public String acceleratorId() {
    return acceleratorId;
  }

  /** Returns fraction of the dense peak that large GEMMs reach, in (0, 1]. */
  public double matmulPeakFraction() {
    return matmulPeakFraction;
  }

  /** Returns the smallest GEMM dimension at which half of that is reached. */
  public double matmulHalfSaturationDim() {
    return matmulHalfSaturationDim;
  }

  /** Returns fraction of the datasheet memory bandwidth that streaming kernels reach, in (0, 1]. */
  public double memoryBandwidthFraction() {
    return memoryBandwidthFraction;
  }

  /** Returns fraction of the scale-up link bandwidth (one direction) that collectives reach, in (0, 1]. */
  public double scaleUpBandwidthFraction() {
    return scaleUpBandwidthFraction;
  }

  /** Returns fraction of the network bandwidth that collectives reach, in (0, 1]. */
  public double scaleOutBandwidthFraction() {
    return scaleOutBandwidthFraction;
  }

  /** Returns fixed cost of one step of a ring collective (launch and synchronisation), in seconds. */
  public double collectiveLatencySeconds() {
    return collectiveLatencySeconds;
  }

  /** Returns fraction of the 16-bit dense peak that a fused attention kernel reaches on the FLOPs it actually executes, in (0, 1]. */
  public double attentionKernelFraction() {
    return attentionKernelFraction;
  }

  /** Returns fraction of the time a collective shares with compute that it hides when the framework overlaps them, in [0, 1]. */
  public double overlapEfficiency() {
    return overlapEfficiency;
  }

  /** Returns the key length at which fused attention reaches half of {@code attentionKernelFraction}: the kernel's rate is {@code peak × attentionKernelFraction × s/(s + attentionHalfSaturationSeq)} for {@code s} keys per query (0: independent of length). */
  public double attentionHalfSaturationSeq() {
    return attentionHalfSaturationSeq;
  }

  /** Returns fixed cost of one ring step over the network, in seconds ({@code collectiveLatencySeconds} is the scale-up fabric's). */
  public double networkLatencySeconds() {
    return networkLatencySeconds;
  }

  /** Returns fraction of the FP8 dense peak that large FP8 GEMMs reach, in (0, 1]. */
  public double fp8MatmulPeakFraction() {
    return fp8MatmulPeakFraction;
  }

  /** Returns time each transformer layer adds per pass (forward, backward, recomputation) beyond its kernels' work: launch gaps and framework code, in seconds. */
  public double layerOverheadSeconds() {
    return layerOverheadSeconds;
  }

  /** Returns the fraction of their microbenchmark rates that GEMMs and fused attention sustain inside a training step (clocks under a sustained power and thermal load, shapes and fusions a benchmark does not see), in (0, 1]. */
  public double sustainedComputeFactor() {
    return sustainedComputeFactor;
  }

  /** Returns where the values come from (the calibration data and fit, or the stated default). */
  public String source() {
    return source;
  }

  /**
   * Returns a builder of {@code EfficiencyProfile}. The accelerator id, the source, the GEMM,
   * memory and collective figures must be set; unset, the fused-attention fraction is {@link
   * #DEFAULT_ATTENTION_KERNEL_FRACTION}, the overlap efficiency {@link #DEFAULT_OVERLAP_EFFICIENCY},
   * attention independent of length, the network latency the scale-up latency, FP8 GEMMs at the
   * 16-bit fraction, no layer overhead and a sustained compute factor of 1.
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

  /** Builds a {@link EfficiencyProfile}; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable String acceleratorId;
    private double matmulPeakFraction;
    private double matmulHalfSaturationDim;
    private double memoryBandwidthFraction;
    private double scaleUpBandwidthFraction;
    private double scaleOutBandwidthFraction;
    private double collectiveLatencySeconds;
    private double attentionKernelFraction = DEFAULT_ATTENTION_KERNEL_FRACTION;
    private double overlapEfficiency = DEFAULT_OVERLAP_EFFICIENCY;
    private double attentionHalfSaturationSeq = 0;
    private @Nullable Double networkLatencySeconds;
    private @Nullable Double fp8MatmulPeakFraction;
    private double layerOverheadSeconds = 0;
    private double sustainedComputeFactor = 1;
    private @Nullable String source;

    private Builder() {}

    private Builder(EfficiencyProfile from) {
      this.acceleratorId = from.acceleratorId;
      this.matmulPeakFraction = from.matmulPeakFraction;
      this.matmulHalfSaturationDim = from.matmulHalfSaturationDim;
      this.memoryBandwidthFraction = from.memoryBandwidthFraction;
      this.scaleUpBandwidthFraction = from.scaleUpBandwidthFraction;
      this.scaleOutBandwidthFraction = from.scaleOutBandwidthFraction;
      this.collectiveLatencySeconds = from.collectiveLatencySeconds;
      this.attentionKernelFraction = from.attentionKernelFraction;
      this.overlapEfficiency = from.overlapEfficiency;
      this.attentionHalfSaturationSeq = from.attentionHalfSaturationSeq;
      this.networkLatencySeconds = from.networkLatencySeconds;
      this.fp8MatmulPeakFraction = from.fp8MatmulPeakFraction;
      this.layerOverheadSeconds = from.layerOverheadSeconds;
      this.sustainedComputeFactor = from.sustainedComputeFactor;
      this.source = from.source;
    }

    /**
     * Sets the accelerator the profile belongs to.
     *
     * @param value the value
     * @return this builder
     */
    public Builder acceleratorId(String value) {
      this.acceleratorId = value;
      return this;
    }

    /**
     * Sets fraction of the dense peak that large GEMMs reach, in (0, 1].
     *
     * @param value the value
     * @return this builder
     */
    public Builder matmulPeakFraction(double value) {
      this.matmulPeakFraction = value;
      return this;
    }

    /**
     * Sets the smallest GEMM dimension at which half of that is reached.
     *
     * @param value the value
     * @return this builder
     */
    public Builder matmulHalfSaturationDim(double value) {
      this.matmulHalfSaturationDim = value;
      return this;
    }

    /**
     * Sets fraction of the datasheet memory bandwidth that streaming kernels reach, in (0, 1].
     *
     * @param value the value
     * @return this builder
     */
    public Builder memoryBandwidthFraction(double value) {
      this.memoryBandwidthFraction = value;
      return this;
    }

    /**
     * Sets fraction of the scale-up link bandwidth (one direction) that collectives reach, in (0, 1].
     *
     * @param value the value
     * @return this builder
     */
    public Builder scaleUpBandwidthFraction(double value) {
      this.scaleUpBandwidthFraction = value;
      return this;
    }

    /**
     * Sets fraction of the network bandwidth that collectives reach, in (0, 1].
     *
     * @param value the value
     * @return this builder
     */
    public Builder scaleOutBandwidthFraction(double value) {
      this.scaleOutBandwidthFraction = value;
      return this;
    }

    /**
     * Sets fixed cost of one step of a ring collective (launch and synchronisation), in seconds.
     *
     * @param value the value
     * @return this builder
     */
    public Builder collectiveLatencySeconds(double value) {
      this.collectiveLatencySeconds = value;
      return this;
    }

    /**
     * Sets fraction of the 16-bit dense peak that a fused attention kernel reaches on the FLOPs it actually executes, in (0, 1].
     *
     * @param value the value
     * @return this builder
     */
    public Builder attentionKernelFraction(double value) {
      this.attentionKernelFraction = value;
      return this;
    }

    /**
     * Sets fraction of the time a collective shares with compute that it hides when the framework overlaps them, in [0, 1].
     *
     * @param value the value
     * @return this builder
     */
    public Builder overlapEfficiency(double value) {
      this.overlapEfficiency = value;
      return this;
    }

    /**
     * Sets the key length at which fused attention reaches half of {@code attentionKernelFraction}: the kernel's rate is {@code peak × attentionKernelFraction × s/(s + attentionHalfSaturationSeq)} for {@code s} keys per query (0: independent of length).
     *
     * @param value the value
     * @return this builder
     */
    public Builder attentionHalfSaturationSeq(double value) {
      this.attentionHalfSaturationSeq = value;
      return this;
    }

    /**
     * Sets fixed cost of one ring step over the network, in seconds ({@code
     * collectiveLatencySeconds} is the scale-up fabric's); unset, the scale-up latency.
     *
     * @param value the value
     * @return this builder
     */
    public Builder networkLatencySeconds(double value) {
      this.networkLatencySeconds = value;
      return this;
    }

    /**
     * Sets fraction of the FP8 dense peak that large FP8 GEMMs reach, in (0, 1]; unset, {@code
     * matmulPeakFraction}.
     *
     * @param value the value
     * @return this builder
     */
    public Builder fp8MatmulPeakFraction(double value) {
      this.fp8MatmulPeakFraction = value;
      return this;
    }

    /**
     * Sets time each transformer layer adds per pass (forward, backward, recomputation) beyond its kernels' work: launch gaps and framework code, in seconds.
     *
     * @param value the value
     * @return this builder
     */
    public Builder layerOverheadSeconds(double value) {
      this.layerOverheadSeconds = value;
      return this;
    }

    /**
     * Sets the fraction of their microbenchmark rates that GEMMs and fused attention sustain inside a training step (clocks under a sustained power and thermal load, shapes and fusions a benchmark does not see), in (0, 1].
     *
     * @param value the value
     * @return this builder
     */
    public Builder sustainedComputeFactor(double value) {
      this.sustainedComputeFactor = value;
      return this;
    }

    /**
     * Sets where the values come from (the calibration data and fit, or the stated default).
     *
     * @param value the value
     * @return this builder
     */
    public Builder source(String value) {
      this.source = value;
      return this;
    }

    /**
     * Returns the {@code EfficiencyProfile}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public EfficiencyProfile build() {
      return new EfficiencyProfile(
          required("acceleratorId", acceleratorId),
          matmulPeakFraction,
          matmulHalfSaturationDim,
          memoryBandwidthFraction,
          scaleUpBandwidthFraction,
          scaleOutBandwidthFraction,
          collectiveLatencySeconds,
          attentionKernelFraction,
          overlapEfficiency,
          attentionHalfSaturationSeq,
          networkLatencySeconds != null ? networkLatencySeconds : collectiveLatencySeconds,
          fp8MatmulPeakFraction != null ? fp8MatmulPeakFraction : matmulPeakFraction,
          layerOverheadSeconds,
          sustainedComputeFactor,
          required("source", source));
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on EfficiencyProfile.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof EfficiencyProfile o
          && Objects.equals(acceleratorId, o.acceleratorId)
          && Double.compare(matmulPeakFraction, o.matmulPeakFraction) == 0
          && Double.compare(matmulHalfSaturationDim, o.matmulHalfSaturationDim) == 0
          && Double.compare(memoryBandwidthFraction, o.memoryBandwidthFraction) == 0
          && Double.compare(scaleUpBandwidthFraction, o.scaleUpBandwidthFraction) == 0
          && Double.compare(scaleOutBandwidthFraction, o.scaleOutBandwidthFraction) == 0
          && Double.compare(collectiveLatencySeconds, o.collectiveLatencySeconds) == 0
          && Double.compare(attentionKernelFraction, o.attentionKernelFraction) == 0
          && Double.compare(overlapEfficiency, o.overlapEfficiency) == 0
          && Double.compare(attentionHalfSaturationSeq, o.attentionHalfSaturationSeq) == 0
          && Double.compare(networkLatencySeconds, o.networkLatencySeconds) == 0
          && Double.compare(fp8MatmulPeakFraction, o.fp8MatmulPeakFraction) == 0
          && Double.compare(layerOverheadSeconds, o.layerOverheadSeconds) == 0
          && Double.compare(sustainedComputeFactor, o.sustainedComputeFactor) == 0
          && Objects.equals(source, o.source);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(acceleratorId);
    h = 31 * h + Double.hashCode(matmulPeakFraction);
    h = 31 * h + Double.hashCode(matmulHalfSaturationDim);
    h = 31 * h + Double.hashCode(memoryBandwidthFraction);
    h = 31 * h + Double.hashCode(scaleUpBandwidthFraction);
    h = 31 * h + Double.hashCode(scaleOutBandwidthFraction);
    h = 31 * h + Double.hashCode(collectiveLatencySeconds);
    h = 31 * h + Double.hashCode(attentionKernelFraction);
    h = 31 * h + Double.hashCode(overlapEfficiency);
    h = 31 * h + Double.hashCode(attentionHalfSaturationSeq);
    h = 31 * h + Double.hashCode(networkLatencySeconds);
    h = 31 * h + Double.hashCode(fp8MatmulPeakFraction);
    h = 31 * h + Double.hashCode(layerOverheadSeconds);
    h = 31 * h + Double.hashCode(sustainedComputeFactor);
    h = 31 * h + Objects.hashCode(source);
    return h;
  }

  @Override
  public String toString() {
    return "EfficiencyProfile[acceleratorId=" + acceleratorId
        + ", matmulPeakFraction=" + matmulPeakFraction
        + ", matmulHalfSaturationDim=" + matmulHalfSaturationDim
        + ", memoryBandwidthFraction=" + memoryBandwidthFraction
        + ", scaleUpBandwidthFraction=" + scaleUpBandwidthFraction
        + ", scaleOutBandwidthFraction=" + scaleOutBandwidthFraction
        + ", collectiveLatencySeconds=" + collectiveLatencySeconds
        + ", attentionKernelFraction=" + attentionKernelFraction
        + ", overlapEfficiency=" + overlapEfficiency
        + ", attentionHalfSaturationSeq=" + attentionHalfSaturationSeq
        + ", networkLatencySeconds=" + networkLatencySeconds
        + ", fp8MatmulPeakFraction=" + fp8MatmulPeakFraction
        + ", layerOverheadSeconds=" + layerOverheadSeconds
        + ", sustainedComputeFactor=" + sustainedComputeFactor + ", source=" + source + "]";
  }
}
