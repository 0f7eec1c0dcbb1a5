package dev.llmcost.costmodel.internal.inference;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.inference.InferenceCalibration;

/**
 * The one place the inference model gets an accelerator's {@link EfficiencyProfile} from.
 *
 * <p>Until the shared per-accelerator lookup of the {@code efficiency} package lands, the profile
 * is built here from the inference calibration: one matmul curve for every accelerator (fitted on
 * H100 and A100 rows), the inference HBM fraction, and the assumed collective factors. To switch to
 * the shared lookup, return it from {@link #forAccelerator} and re-run {@code
 * InferenceCalibrationFitTest} with the matmul factors held fixed; the other fitted factors then
 * absorb the difference.
 */
public final class InferenceProfiles {
  private InferenceProfiles() {}

  private static final String SOURCE =
      "inference placeholder profile built from InferenceCalibration (matmul curve fitted on"
          + " TensorRT-LLM v0.9.0 H100/A100 rows; collective factors assumed)";

  /**
   * Returns the efficiency profile of {@code accelerator}.
   *
   * @param accelerator the accelerator
   * @param calibration the inference calibration
   * @return the profile
   */
  public static EfficiencyProfile forAccelerator(
      AcceleratorSpec accelerator, InferenceCalibration calibration) {
    return new EfficiencyProfile(
        accelerator.id(),
        calibration.matmulPeakFraction(),
        calibration.matmulHalfSaturationDim(),
        calibration.memoryBandwidthFraction(),
        calibration.scaleUpBandwidthFraction(),
        calibration.scaleOutBandwidthFraction(),
        calibration.collectiveLatencySeconds(),
        SOURCE);
  }
}
