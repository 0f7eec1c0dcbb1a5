package dev.llmcost.costmodel.inference;

import dev.llmcost.core.internal.Require;

/**
 * Time a serving engine spends outside the roofline of its kernels: launch gaps and
 * synchronisation that the GPU does not hide, per layer and per forward pass, and fixed work per
 * request (tokenisation, network, scheduling).
 *
 * @param perLayerSeconds seconds added per transformer layer per forward pass (kernel launches and
 *     gaps between the ~10 kernels of a layer)
 * @param perStepSeconds seconds added per forward pass (sampling, host synchronisation)
 * @param perRequestSeconds seconds added once to each request's time to first token
 */
public record ServingOverheads(double perLayerSeconds, double perStepSeconds, double perRequestSeconds) {

  /** No overheads: the bare roofline. */
  public static final ServingOverheads NONE = new ServingOverheads(0, 0, 0);

  /**
   * Validates the overheads.
   *
   * @throws IllegalArgumentException if a value is negative, NaN or infinite
   */
  public ServingOverheads {
    Require.nonNegative("perLayerSeconds", perLayerSeconds);
    Require.nonNegative("perStepSeconds", perStepSeconds);
    Require.nonNegative("perRequestSeconds", perRequestSeconds);
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
}
