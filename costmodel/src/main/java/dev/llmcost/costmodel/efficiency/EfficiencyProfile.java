package dev.llmcost.costmodel.efficiency;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.internal.Require;

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
 *
 * @param acceleratorId the accelerator the profile belongs to
 * @param matmulPeakFraction fraction of the dense peak that large GEMMs reach, in (0, 1]
 * @param matmulHalfSaturationDim the smallest GEMM dimension at which half of that is reached
 * @param memoryBandwidthFraction fraction of the datasheet memory bandwidth that streaming kernels
 *     reach, in (0, 1]
 * @param scaleUpBandwidthFraction fraction of the scale-up link bandwidth (one direction) that
 *     collectives reach, in (0, 1]
 * @param scaleOutBandwidthFraction fraction of the network bandwidth that collectives reach, in (0,
 *     1]
 * @param collectiveLatencySeconds fixed cost of one step of a ring collective (launch and
 *     synchronisation), in seconds
 * @param attentionKernelFraction fraction of the 16-bit dense peak that a fused attention kernel
 *     reaches on the FLOPs it actually executes, in (0, 1]
 * @param overlapEfficiency fraction of the time a collective shares with compute that it hides when
 *     the framework overlaps them, in [0, 1]
 * @param attentionHalfSaturationSeq the key length at which fused attention reaches half of {@code
 *     attentionKernelFraction}: the kernel's rate is {@code peak × attentionKernelFraction × s/(s +
 *     attentionHalfSaturationSeq)} for {@code s} keys per query (0: independent of length)
 * @param networkLatencySeconds fixed cost of one ring step over the network, in seconds ({@code
 *     collectiveLatencySeconds} is the scale-up fabric's)
 * @param fp8MatmulPeakFraction fraction of the FP8 dense peak that large FP8 GEMMs reach, in (0, 1]
 * @param layerOverheadSeconds time each transformer layer adds per pass (forward, backward,
 *     recomputation) beyond its kernels' work: launch gaps and framework code, in seconds
 * @param sustainedComputeFactor the fraction of their microbenchmark rates that GEMMs and fused
 *     attention sustain inside a training step (clocks under a sustained power and thermal load,
 *     shapes and fusions a benchmark does not see), in (0, 1]
 * @param source where the values come from (the calibration data and fit, or the stated default)
 */
public record EfficiencyProfile(
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

  /**
   * The fused-attention fraction a profile built with the eight-argument constructor gets: the
   * A100 calibration's value, rounded (see {@link EfficiencyProfiles}).
   */
  public static final double DEFAULT_ATTENTION_KERNEL_FRACTION = 0.32;

  /**
   * The overlap efficiency a profile built with the eight-argument constructor gets: the A100
   * calibration's value, rounded (see {@link EfficiencyProfiles}).
   */
  public static final double DEFAULT_OVERLAP_EFFICIENCY = 0.4;

  /**
   * Validates the profile.
   *
   * @throws IllegalArgumentException if a fraction is outside (0, 1] (the overlap efficiency
   *     outside [0, 1]) or a value is negative or not finite
   */
  public EfficiencyProfile {
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
  }

  /**
   * Builds a profile without the fused-attention and overlap figures, which take {@link
   * #DEFAULT_ATTENTION_KERNEL_FRACTION} and {@link #DEFAULT_OVERLAP_EFFICIENCY}; attention
   * independent of length, the network latency equal to the scale-up latency and FP8 GEMMs at the
   * 16-bit fraction.
   *
   * @param acceleratorId the accelerator the profile belongs to
   * @param matmulPeakFraction fraction of the dense peak that large GEMMs reach, in (0, 1]
   * @param matmulHalfSaturationDim the smallest GEMM dimension at which half of that is reached
   * @param memoryBandwidthFraction fraction of the datasheet memory bandwidth streaming kernels
   *     reach, in (0, 1]
   * @param scaleUpBandwidthFraction fraction of the scale-up link bandwidth collectives reach
   * @param scaleOutBandwidthFraction fraction of the network bandwidth collectives reach
   * @param collectiveLatencySeconds fixed cost of one ring step, in seconds
   * @param source where the values come from
   * @throws IllegalArgumentException as the canonical constructor
   */
  public EfficiencyProfile(
      String acceleratorId,
      double matmulPeakFraction,
      double matmulHalfSaturationDim,
      double memoryBandwidthFraction,
      double scaleUpBandwidthFraction,
      double scaleOutBandwidthFraction,
      double collectiveLatencySeconds,
      String source) {
    this(
        acceleratorId,
        matmulPeakFraction,
        matmulHalfSaturationDim,
        memoryBandwidthFraction,
        scaleUpBandwidthFraction,
        scaleOutBandwidthFraction,
        collectiveLatencySeconds,
        DEFAULT_ATTENTION_KERNEL_FRACTION,
        DEFAULT_OVERLAP_EFFICIENCY,
        0,
        collectiveLatencySeconds,
        matmulPeakFraction,
        0,
        1,
        source);
  }

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
}
