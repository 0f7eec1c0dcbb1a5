package dev.llmcost.costmodel.inference;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * Time a serving engine spends outside the roofline of its kernels: launch gaps and
 * synchronisation that the GPU does not hide, per layer and per forward pass, and fixed work per
 * request (tokenisation, network, scheduling); and host work per sequence per iteration of an engine
 * whose scheduler runs in Python, which overlaps the GPU's work.
 */
public final class ServingOverheads {
  private final double perLayerSeconds;
  private final double perStepSeconds;
  private final double perRequestSeconds;
  private final double hostSecondsPerSequence;

  /** No overheads: the bare roofline. */
  public static final ServingOverheads NONE = new ServingOverheads(0, 0, 0, 0);

  /**
   * Host seconds per sequence in flight per decode iteration of TensorRT-LLM's PyTorch backend
   * (the {@code PyExecutor}, whose loop schedules, prepares inputs and post-processes samples in
   * Python): 45.11 ms of average {@code host_step_time} per iteration at 1,536 sequences per rank,
   * about 29.4 µs per sequence. Source: NVIDIA/TensorRT-LLM pull request 10273 ("Re-implement
   * MicroBatchScheduler and CapacityScheduler in Python", 2025-12-24), GB200, GPT-OSS-120B,
   * attention DP 2 with {@code max_batch_size} 1536, concurrency 3,072, 1k/1k, C++ scheduler: "the
   * average per iteration host_step_time is 45.11 ms". It is one measurement of one deployment,
   * divided by the sequences per rank as if the host work were all per sequence (no fixed part is
   * published).
   */
  public static final double TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE = 45.11e-3 / 1536;

  /**
   * Validates the overheads.
   *
   * @throws IllegalArgumentException if a value is negative, NaN or infinite
   */
  private ServingOverheads(
      double perLayerSeconds, double perStepSeconds, double perRequestSeconds, double hostSecondsPerSequence) {
    Require.nonNegative("perLayerSeconds", perLayerSeconds);
    Require.nonNegative("perStepSeconds", perStepSeconds);
    Require.nonNegative("perRequestSeconds", perRequestSeconds);
    Require.nonNegative("hostSecondsPerSequence", hostSecondsPerSequence);
    this.perLayerSeconds = perLayerSeconds;
    this.perStepSeconds = perStepSeconds;
    this.perRequestSeconds = perRequestSeconds;
    this.hostSecondsPerSequence = hostSecondsPerSequence;
  }

  /**
   * Returns the overheads fitted to TensorRT-LLM v0.9.0 measurements (see {@link
   * InferenceCalibration#CALIBRATED}): a per-layer overhead, nothing per step or per request, and no
   * host work per sequence (a scheduler in C++, as TensorRT-LLM's C++ executor; see {@link
   * #pythonScheduler()} for TensorRT-LLM's PyTorch backend).
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
        : new ServingOverheads(perLayerSeconds, perStepSeconds, seconds, hostSecondsPerSequence);
  }

  /**
   * Returns a copy with the host work of TensorRT-LLM's PyTorch backend, {@link
   * #TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE} per sequence per decode iteration on each rank.
   *
   * @return the overheads
   */
  public ServingOverheads pythonScheduler() {
    return toBuilder().hostSecondsPerSequence(TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE).build();
  }

  /**
   * Starts overheads of zero, to set by name.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(NONE);
  }

  /**
   * Returns a builder that starts from these overheads.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link ServingOverheads} by named parts; every part not set stays as it was (0 from {@link #builder()}). */
  public static final class Builder {
    private double perLayerSeconds;
    private double perStepSeconds;
    private double perRequestSeconds;
    private double hostSecondsPerSequence;

    private Builder(ServingOverheads from) {
      this.perLayerSeconds = from.perLayerSeconds;
      this.perStepSeconds = from.perStepSeconds;
      this.perRequestSeconds = from.perRequestSeconds;
      this.hostSecondsPerSequence = from.hostSecondsPerSequence;
    }

    /** Sets the seconds added per transformer layer per forward pass, at least 0. */
    public Builder perLayerSeconds(double seconds) {
      this.perLayerSeconds = seconds;
      return this;
    }

    /** Sets the seconds added per forward pass, at least 0. */
    public Builder perStepSeconds(double seconds) {
      this.perStepSeconds = seconds;
      return this;
    }

    /** Sets the seconds added once to each request's time to first token, at least 0. */
    public Builder perRequestSeconds(double seconds) {
      this.perRequestSeconds = seconds;
      return this;
    }

    /**
     * Sets the host seconds per sequence in flight per decode iteration on each rank (an engine
     * whose scheduler runs in Python), at least 0; the host work overlaps the GPU's, so an iteration
     * takes the longer of the two.
     */
    public Builder hostSecondsPerSequence(double seconds) {
      this.hostSecondsPerSequence = seconds;
      return this;
    }

    /**
     * Returns the overheads.
     *
     * @return the overheads
     * @throws IllegalArgumentException if a value is negative, NaN or infinite, naming it
     */
    public ServingOverheads build() {
      return new ServingOverheads(perLayerSeconds, perStepSeconds, perRequestSeconds, hostSecondsPerSequence);
    }
  }

  /** Returns the seconds added per transformer layer per forward pass (kernel launches and gaps between the ~10 kernels of a layer). */
  public double perLayerSeconds() {
    return perLayerSeconds;
  }

  /** Returns the seconds added per forward pass (sampling, host synchronisation). */
  public double perStepSeconds() {
    return perStepSeconds;
  }

  /** Returns the seconds added once to each request's time to first token. */
  public double perRequestSeconds() {
    return perRequestSeconds;
  }

  /**
   * Returns the host seconds per sequence in flight per decode iteration on each rank (0: the host
   * keeps up with the GPU). A decode iteration takes {@code max(GPU iteration, sequences per rank ×
   * this)}: the engine prepares the next iteration while the GPU runs the current one.
   */
  public double hostSecondsPerSequence() {
    return hostSecondsPerSequence;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ServingOverheads o
          && Double.compare(perLayerSeconds, o.perLayerSeconds) == 0
          && Double.compare(perStepSeconds, o.perStepSeconds) == 0
          && Double.compare(perRequestSeconds, o.perRequestSeconds) == 0
          && Double.compare(hostSecondsPerSequence, o.hostSecondsPerSequence) == 0;
  }

  @Override
  public int hashCode() {
    int h = Double.hashCode(perLayerSeconds);
    h = 31 * h + Double.hashCode(perStepSeconds);
    h = 31 * h + Double.hashCode(perRequestSeconds);
    h = 31 * h + Double.hashCode(hostSecondsPerSequence);
    return h;
  }

  @Override
  public String toString() {
    return "ServingOverheads[perLayerSeconds=" + perLayerSeconds + ", perStepSeconds=" + perStepSeconds + ", perRequestSeconds=" + perRequestSeconds
        + ", hostSecondsPerSequence=" + hostSecondsPerSequence + "]";
  }
}
