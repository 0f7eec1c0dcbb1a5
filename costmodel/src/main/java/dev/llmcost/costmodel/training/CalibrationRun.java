package dev.llmcost.costmodel.training;

import dev.llmcost.core.DType;
import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One published training measurement with the configuration it was measured on: a data point of
 * the efficiency calibration.
 */
public final class CalibrationRun {
  private final String id;
  private final String group;
  private final TrainingJob job;
  private final String measured;
  private final double value;
  private final String assumed;
  private final String source;

  /**
   * Validates the run.
   *
   * @throws IllegalArgumentException if the measurement kind is unknown, the value not positive, or
   *     the value implies more than the accelerator's peak (see {@link #checkBelowPeak})
   */
  private CalibrationRun(
      String id,
      String group,
      TrainingJob job,
      String measured,
      double value,
      String assumed,
      String source) {
    Require.nonBlank("id", id);
    Require.positive("value", value);
    if (!measured.equals(HARDWARE_TFLOPS) && !measured.equals(ITERATION_SECONDS) && !measured.equals(TOKENS_PER_SECOND)) {
      throw new IllegalArgumentException(
          "measured must be " + HARDWARE_TFLOPS + ", " + ITERATION_SECONDS + " or " + TOKENS_PER_SECOND + ", was " + measured);
    }
    checkBelowPeak(job, measured, value);
    this.id = id;
    this.group = group;
    this.job = job;
    this.measured = measured;
    this.value = value;
    this.assumed = assumed;
    this.source = source;
  }

  /**
   * Refuses a measurement no accelerator could make: one that implies more FLOP/s per GPU than the
   * peak of the job's math type (the accelerator's dense datasheet figure). The FLOPs are a lower
   * bound of what any step must execute: the weight-matrix FLOPs of the forward and backward passes,
   * {@code 3 × 2 × (weight-matrix parameters)} per token (Narayanan et al. 2021 eq. 3 without its
   * attention and recomputation terms), the routed experts counted at the share of tokens a capacity
   * factor lets them compute ({@link ExpertCapacity#processedShare()}); a hardware-TFLOP/s
   * measurement is compared as given.
   *
   * @throws IllegalArgumentException naming the measurement, its value and the utilization it implies
   */
  private static void checkBelowPeak(TrainingJob job, String measured, double value) {
    ModelConstants m = ModelConstants.of(job.model());
    double dropped = (1 - job.expertCapacity().processedShare()) * 2.0 * m.moeLayers * m.topK * m.expertMatmul;
    double perToken = 3 * (m.forwardMatmulFlopsPerToken() - dropped);
    double tokensPerStep = (double) job.globalBatchSize() * job.sequenceLength();
    double flops = switch (measured) {
      case HARDWARE_TFLOPS -> value * 1e12;
      case ITERATION_SECONDS -> tokensPerStep / (value * job.gpus()) * perToken;
      default -> value * perToken;
    };
    DType math = job.precision().mathType();
    double peak = job.cluster().accelerator().requirePeak(math).flopsPerSecond();
    if (flops > peak) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s %s implies %.4g%% of %s's %s peak (%.4g TFLOP/s per GPU)%s; a measurement cannot exceed 100%%",
          measured, value, 100 * flops / peak, job.cluster().accelerator().id(), math.id(), peak / 1e12,
          measured.equals(HARDWARE_TFLOPS) ? ""
              : String.format(Locale.ROOT, " in weight-matrix FLOPs alone (%.4g per token)", perToken)));
    }
  }

  /** Hardware TFLOP/s per GPU. */
  public static final String HARDWARE_TFLOPS = "hardware_tflops_per_gpu";
  /** Seconds per optimizer step. */
  public static final String ITERATION_SECONDS = "iteration_seconds";
  /** Tokens per second per GPU. */
  public static final String TOKENS_PER_SECOND = "tokens_per_second_per_gpu";

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

  /** Returns a unique name. */
  public String id() {
    return id;
  }

  /** Returns the publication (or table) it comes from; each group weighs the same in the fit. */
  public String group() {
    return group;
  }

  /** Returns the configuration as published (and, where the source is silent, as {@link #assumed()} says). */
  public TrainingJob job() {
    return job;
  }

  /** Returns what was measured: {@code hardware_tflops_per_gpu} (Narayanan et al. 2021 eq. 3 accounting), {@code iteration_seconds} or {@code tokens_per_second_per_gpu}. */
  public String measured() {
    return measured;
  }

  /** Returns the measured value in the unit {@code measured} names. */
  public double value() {
    return value;
  }

  /** Returns configuration fields the source does not give (space separated; empty if none). */
  public String assumed() {
    return assumed;
  }

  /** Returns where the figure comes from. */
  public String source() {
    return source;
  }

  /**
   * Returns a builder of {@code CalibrationRun}. Unset, no field is
   * assumed ({@code ""}); everything else must be set.
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

  /** Builds a {@link CalibrationRun}; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String group;
    private @Nullable TrainingJob job;
    private @Nullable String measured;
    private double value;
    private String assumed = "";
    private @Nullable String source;

    private Builder() {}

    private Builder(CalibrationRun from) {
      this.id = from.id;
      this.group = from.group;
      this.job = from.job;
      this.measured = from.measured;
      this.value = from.value;
      this.assumed = from.assumed;
      this.source = from.source;
    }

    /**
     * Sets a unique name.
     *
     * @param value the value
     * @return this builder
     */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /**
     * Sets the publication (or table) it comes from; each group weighs the same in the fit.
     *
     * @param value the value
     * @return this builder
     */
    public Builder group(String value) {
      this.group = value;
      return this;
    }

    /**
     * Sets the configuration as published (and, where the source is silent, as {@link #assumed()} says).
     *
     * @param value the value
     * @return this builder
     */
    public Builder job(TrainingJob value) {
      this.job = value;
      return this;
    }

    /**
     * Sets what was measured: {@code hardware_tflops_per_gpu} (Narayanan et al. 2021 eq. 3 accounting), {@code iteration_seconds} or {@code tokens_per_second_per_gpu}.
     *
     * @param value the value
     * @return this builder
     */
    public Builder measured(String value) {
      this.measured = value;
      return this;
    }

    /**
     * Sets the measured value in the unit {@code measured} names.
     *
     * @param value the value
     * @return this builder
     */
    public Builder value(double value) {
      this.value = value;
      return this;
    }

    /**
     * Sets configuration fields the source does not give (space separated; empty if none).
     *
     * @param value the value
     * @return this builder
     */
    public Builder assumed(String value) {
      this.assumed = value;
      return this;
    }

    /**
     * Sets where the figure comes from.
     *
     * @param value the value
     * @return this builder
     */
    public Builder source(String value) {
      this.source = value;
      return this;
    }

    /**
     * Returns the {@code CalibrationRun}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public CalibrationRun build() {
      return new CalibrationRun(
          required("id", id),
          required("group", group),
          required("job", job),
          required("measured", measured),
          value,
          assumed,
          required("source", source));
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on CalibrationRun.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof CalibrationRun o
          && Objects.equals(id, o.id)
          && Objects.equals(group, o.group)
          && Objects.equals(job, o.job)
          && Objects.equals(measured, o.measured)
          && Double.compare(value, o.value) == 0
          && Objects.equals(assumed, o.assumed)
          && Objects.equals(source, o.source);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(id);
    h = 31 * h + Objects.hashCode(group);
    h = 31 * h + Objects.hashCode(job);
    h = 31 * h + Objects.hashCode(measured);
    h = 31 * h + Double.hashCode(value);
    h = 31 * h + Objects.hashCode(assumed);
    h = 31 * h + Objects.hashCode(source);
    return h;
  }

  @Override
  public String toString() {
    return "CalibrationRun[id=" + id + ", group=" + group + ", job=" + job + ", measured=" + measured
        + ", value=" + value + ", assumed=" + assumed + ", source=" + source + "]";
  }
}
