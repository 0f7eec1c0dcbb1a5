package dev.llmcost.costmodel.inference;

import dev.llmcost.core.internal.Require;

/**
 * The few factors that turn the inference roofline into predictions of a real serving engine,
 * with where each comes from.
 *
 * <p>Five are fitted and three are assumed. {@link #CALIBRATED} holds the values fitted by least
 * squares on the logarithm of predicted over measured values of the 14 TensorRT-LLM v0.9.0 rows of
 * {@code inference-runs.csv} (NVIDIA, {@code docs/source/performance.md}: 10 peak-throughput rows
 * of Llama 2 7B and Mistral 7B on H100 in FP8 and A100 in FP16, and 4 batch-1 time-to-first-token
 * rows). The test {@code InferenceCalibrationFitTest} re-runs that fit and fails when these values
 * drift from it; it also prints how many rows inform each constant (a row informs a factor when a
 * 1% change of the factor moves its prediction by at least 0.05%): matmul peak fraction 11 rows,
 * half-saturation dimension 6, HBM fraction 12, per-layer overhead 12, FP8 relative efficiency 6
 * (of the 7 FP8 rows; the A100 rows run in FP16). The RMS log error of the fit is 0.080. The
 * collective factors cannot
 * be fitted there (every row runs on one GPU): they are assumptions, checked but not fitted
 * against held-out tensor-parallel rows of the same document.
 *
 * @param matmulPeakFraction fraction of the dense peak that large GEMMs reach (fitted); used by
 *     the efficiency profile until the shared per-accelerator profiles land
 * @param matmulHalfSaturationDim smallest GEMM dimension at which GEMMs reach half of that
 *     (fitted; same use)
 * @param memoryBandwidthFraction fraction of the datasheet HBM bandwidth that inference kernels
 *     (weight streaming at small batch, KV-cache reads) reach, in (0, 1] (fitted)
 * @param perLayerOverheadSeconds serving overhead per layer per forward pass, in seconds (fitted)
 * @param fp8MatmulRelativeEfficiency FP8 GEMM efficiency relative to 16-bit GEMMs of the same shape,
 *     in (0, 1] (fitted on the FP8 rows only)
 * @param scaleUpBandwidthFraction fraction of the per-direction scale-up (NVLink) bandwidth that
 *     all-reduce reaches, in (0, 1] (assumed)
 * @param scaleOutBandwidthFraction fraction of the network bandwidth that collectives reach across
 *     nodes, in (0, 1] (assumed)
 * @param collectiveLatencySeconds fixed latency of one all-reduce or point-to-point transfer, in
 *     seconds (assumed)
 * @param source how the values were obtained
 */
public record InferenceCalibration(
    double matmulPeakFraction,
    double matmulHalfSaturationDim,
    double memoryBandwidthFraction,
    double perLayerOverheadSeconds,
    double fp8MatmulRelativeEfficiency,
    double scaleUpBandwidthFraction,
    double scaleOutBandwidthFraction,
    double collectiveLatencySeconds,
    String source) {

  /**
   * The calibrated factors. Fitted: matmul peak fraction, half-saturation dimension, HBM fraction,
   * per-layer overhead and FP8 relative efficiency (re-run by {@code
   * InferenceCalibrationFitTest}). Assumed: all-reduce reaches 80% of NVLink's per-direction
   * bandwidth and 70% of the network's, with 8 µs of latency per collective (small-message
   * all-reduce on one HGX node takes several microseconds; these three are checked against
   * TensorRT-LLM's held-out TP 2–8 rows, not fitted).
   */
  public static final InferenceCalibration CALIBRATED =
      new InferenceCalibration(
          0.7555,
          81.97,
          0.9402,
          106.8e-6,
          0.7093,
          0.80,
          0.70,
          8e-6,
          "least-squares fit on log(predicted/measured) over the 14 TensorRT-LLM v0.9.0 rows of"
              + " inference-runs.csv (docs/source/performance.md); collective factors assumed");

  /**
   * Validates the factors.
   *
   * @throws IllegalArgumentException if a fraction is outside (0, 1] or a value is negative, NaN or
   *     infinite
   */
  public InferenceCalibration {
    fraction("matmulPeakFraction", matmulPeakFraction);
    Require.nonNegative("matmulHalfSaturationDim", matmulHalfSaturationDim);
    fraction("memoryBandwidthFraction", memoryBandwidthFraction);
    Require.nonNegative("perLayerOverheadSeconds", perLayerOverheadSeconds);
    fraction("fp8MatmulRelativeEfficiency", fp8MatmulRelativeEfficiency);
    fraction("scaleUpBandwidthFraction", scaleUpBandwidthFraction);
    fraction("scaleOutBandwidthFraction", scaleOutBandwidthFraction);
    Require.nonNegative("collectiveLatencySeconds", collectiveLatencySeconds);
    Require.nonBlank("source", source);
  }

  private static void fraction(String name, double v) {
    Require.finite(name, v);
    if (v <= 0 || v > 1) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + v);
    }
  }

  /** Returns the serving overheads these factors imply: the per-layer overhead only. */
  public ServingOverheads overheads() {
    return new ServingOverheads(perLayerOverheadSeconds, 0, 0);
  }

  /**
   * Returns a copy with the five fitted factors replaced, keeping the assumed ones.
   *
   * @param peakFraction fraction of the dense peak large GEMMs reach
   * @param halfSaturationDim GEMM dimension at half of that
   * @param hbmFraction fraction of HBM bandwidth reached
   * @param perLayerSeconds overhead per layer per forward pass, in seconds
   * @param fp8Relative FP8 GEMM efficiency relative to 16-bit
   * @param newSource how the values were obtained
   * @return the copy
   * @throws IllegalArgumentException if a value is out of range
   */
  public InferenceCalibration withFitted(
      double peakFraction,
      double halfSaturationDim,
      double hbmFraction,
      double perLayerSeconds,
      double fp8Relative,
      String newSource) {
    return new InferenceCalibration(
        peakFraction,
        halfSaturationDim,
        hbmFraction,
        perLayerSeconds,
        fp8Relative,
        scaleUpBandwidthFraction,
        scaleOutBandwidthFraction,
        collectiveLatencySeconds,
        newSource);
  }
}
