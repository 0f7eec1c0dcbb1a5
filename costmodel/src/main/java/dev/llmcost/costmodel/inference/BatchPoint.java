package dev.llmcost.costmodel.inference;

import dev.llmcost.core.internal.Seconds;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One point of the throughput-versus-batch curve.
 */
public final class BatchPoint {
  private final int batch;
  private final boolean fits;
  private final double ttftSeconds;
  private final double tpotSeconds;
  private final double outputTokensPerSecond;
  private final double outputTokensPerSecondPerGpu;

  BatchPoint(
      int batch,
      boolean fits,
      double ttftSeconds,
      double tpotSeconds,
      double outputTokensPerSecond,
      double outputTokensPerSecondPerGpu) {
    this.batch = batch;
    this.fits = fits;
    this.ttftSeconds = ttftSeconds;
    this.tpotSeconds = tpotSeconds;
    this.outputTokensPerSecond = outputTokensPerSecond;
    this.outputTokensPerSecondPerGpu = outputTokensPerSecondPerGpu;
  }

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

  /** Returns concurrent sequences. */
  public int batch() {
    return batch;
  }

  /** Returns whether the batch fits in memory. */
  public boolean fits() {
    return fits;
  }

  /** Returns time to first token of the batch, seconds. */
  public double ttftSeconds() {
    return ttftSeconds;
  }

  /** Returns the time to first token as a duration, to the nanosecond ({@link #ttftSeconds()} is the raw figure). */
  public Duration ttft() {
    return Seconds.toDuration(ttftSeconds);
  }

  /** Returns mean time per output token, seconds. */
  public double tpotSeconds() {
    return tpotSeconds;
  }

  /** Returns the time per output token as a duration, to the nanosecond ({@link #tpotSeconds()} is the raw figure). */
  public Duration tpot() {
    return Seconds.toDuration(tpotSeconds);
  }

  /** Returns output tokens per second of the replica. */
  public double outputTokensPerSecond() {
    return outputTokensPerSecond;
  }

  /** Returns the same per GPU. */
  public double outputTokensPerSecondPerGpu() {
    return outputTokensPerSecondPerGpu;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof BatchPoint o
        && batch == o.batch
        && fits == o.fits
        && Double.compare(ttftSeconds, o.ttftSeconds) == 0
        && Double.compare(tpotSeconds, o.tpotSeconds) == 0
        && Double.compare(outputTokensPerSecond, o.outputTokensPerSecond) == 0
        && Double.compare(outputTokensPerSecondPerGpu, o.outputTokensPerSecondPerGpu) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(batch, fits, ttftSeconds, tpotSeconds, outputTokensPerSecond, outputTokensPerSecondPerGpu);
  }

  @Override
  public String toString() {
    return "BatchPoint[batch=" + batch + ", fits=" + fits + ", ttftSeconds=" + ttftSeconds + ", tpotSeconds=" + tpotSeconds + ", outputTokensPerSecond=" + outputTokensPerSecond + ", outputTokensPerSecondPerGpu=" + outputTokensPerSecondPerGpu + "]";
  }
}
