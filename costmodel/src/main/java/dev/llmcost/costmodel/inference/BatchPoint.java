package dev.llmcost.costmodel.inference;

/**
 * One point of the throughput-versus-batch curve.
 *
 * @param batch concurrent sequences
 * @param fits whether the batch fits in memory
 * @param ttftSeconds time to first token of the batch, seconds
 * @param tpotSeconds mean time per output token, seconds
 * @param outputTokensPerSecond output tokens per second of the replica
 * @param outputTokensPerSecondPerGpu the same per GPU
 */
public record BatchPoint(
    int batch,
    boolean fits,
    double ttftSeconds,
    double tpotSeconds,
    double outputTokensPerSecond,
    double outputTokensPerSecondPerGpu) {

  /**
   * Returns the point of an estimate.
   *
   * @param e the estimate
   * @return the point
   */
  public static BatchPoint of(InferenceEstimate e) {
    return new BatchPoint(
        e.scenario().batch(),
        e.fits(),
        e.ttftSeconds(),
        e.tpotSeconds(),
        e.outputTokensPerSecond(),
        e.outputTokensPerSecondPerGpu());
  }
}
