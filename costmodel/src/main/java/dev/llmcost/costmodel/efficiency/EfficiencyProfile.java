package dev.llmcost.costmodel.efficiency;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.internal.Require;

/**
 * How much of an accelerator's datasheet peaks real work reaches: matrix multiplications as a
 * function of their size, streaming memory traffic, and collectives over the scale-up and
 * scale-out links.
 *
 * <p>Matmul efficiency saturates with the smallest GEMM dimension {@code d = min(m, n, k)}: {@code
 * e(d) = matmulPeakFraction · d / (d + matmulHalfSaturationDim)}. Small GEMMs (decode at batch 1,
 * thin tensor-parallel shards) run far below peak; large ones approach {@code matmulPeakFraction}.
 * The values of each bundled profile are fitted to published measurements by the calibration
 * procedure in this package, which a test re-runs; none is a hidden constant.
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
 * @param collectiveLatencySeconds fixed cost of one collective step (launch and synchronisation)
 * @param source where the values come from (the calibration data and fit)
 */
public record EfficiencyProfile(
    String acceleratorId,
    double matmulPeakFraction,
    double matmulHalfSaturationDim,
    double memoryBandwidthFraction,
    double scaleUpBandwidthFraction,
    double scaleOutBandwidthFraction,
    double collectiveLatencySeconds,
    String source) {

  /**
   * Validates the profile.
   *
   * @throws IllegalArgumentException if a fraction is outside (0, 1] or a value is negative or not
   *     finite
   */
  public EfficiencyProfile {
    Require.nonBlank("acceleratorId", acceleratorId);
    fraction("matmulPeakFraction", matmulPeakFraction);
    Require.nonNegative("matmulHalfSaturationDim", matmulHalfSaturationDim);
    fraction("memoryBandwidthFraction", memoryBandwidthFraction);
    fraction("scaleUpBandwidthFraction", scaleUpBandwidthFraction);
    fraction("scaleOutBandwidthFraction", scaleOutBandwidthFraction);
    Require.nonNegative("collectiveLatencySeconds", collectiveLatencySeconds);
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
   */
  public double matmulEfficiency(long m, long n, long k) {
    double d = Math.min(m, Math.min(n, k));
    if (d <= 0) {
      throw new IllegalArgumentException("GEMM dimensions must be > 0, was " + m + "×" + k + "×" + n);
    }
    return matmulPeakFraction * d / (d + matmulHalfSaturationDim);
  }

  /**
   * Returns the rate a GEMM of the given shape reaches on an accelerator with {@code peak}.
   *
   * @param peak the dense peak for the math type
   * @param m rows of the output
   * @param n columns of the output
   * @param k the inner dimension
   * @return achieved FLOP/s
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
}
