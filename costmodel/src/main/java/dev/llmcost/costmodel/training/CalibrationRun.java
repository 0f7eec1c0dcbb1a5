package dev.llmcost.costmodel.training;

import dev.llmcost.core.internal.Require;

/**
 * One published training measurement with the configuration it was measured on: a data point of
 * the efficiency calibration.
 *
 * @param id a unique name
 * @param group the publication (or table) it comes from; each group weighs the same in the fit
 * @param job the configuration as published (and, where the source is silent, as {@link
 *     #assumed()} says)
 * @param measured what was measured: {@code hardware_tflops_per_gpu} (Narayanan et al. 2021 eq. 3
 *     accounting), {@code iteration_seconds} or {@code tokens_per_second_per_gpu}
 * @param value the measured value in the unit {@code measured} names
 * @param assumed configuration fields the source does not give (space separated; empty if none)
 * @param source where the figure comes from
 */
public record CalibrationRun(
    String id, String group, TrainingJob job, String measured, double value, String assumed, String source) {

  /** Hardware TFLOP/s per GPU. */
  public static final String HARDWARE_TFLOPS = "hardware_tflops_per_gpu";
  /** Seconds per optimizer step. */
  public static final String ITERATION_SECONDS = "iteration_seconds";
  /** Tokens per second per GPU. */
  public static final String TOKENS_PER_SECOND = "tokens_per_second_per_gpu";

  /**
   * Validates the run.
   *
   * @throws IllegalArgumentException if the measurement kind is unknown or the value not positive
   */
  public CalibrationRun {
    Require.nonBlank("id", id);
    Require.positive("value", value);
    if (!measured.equals(HARDWARE_TFLOPS) && !measured.equals(ITERATION_SECONDS) && !measured.equals(TOKENS_PER_SECOND)) {
      throw new IllegalArgumentException(
          "measured must be " + HARDWARE_TFLOPS + ", " + ITERATION_SECONDS + " or " + TOKENS_PER_SECOND + ", was " + measured);
    }
  }

  /**
   * Returns the relative error of a prediction as a throughput error: {@code predicted/measured −
   * 1} for rates, {@code measured/predicted − 1} for seconds (positive means predicted too fast).
   *
   * @param predicted the predicted value in the unit of {@link #measured()}
   * @return the relative throughput error
   */
  public double throughputError(double predicted) {
    return measured.equals(ITERATION_SECONDS) ? value / predicted - 1 : predicted / value - 1;
  }

  /**
   * Returns the predicted value of this run's measurement from an estimate.
   *
   * @param estimate the estimate of {@link #job()}
   * @return the prediction in the unit of {@link #measured()}
   */
  public double predicted(TrainingEstimate estimate) {
    return switch (measured) {
      case HARDWARE_TFLOPS -> estimate.hardwareFlopsPerGpu().toTera();
      case ITERATION_SECONDS -> estimate.stepSeconds();
      default -> estimate.tokensPerSecondPerGpu();
    };
  }
}
