package dev.llmcost.costmodel.inference;

import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The factors of the inference model that serving data determines, on top of the shared
 * per-accelerator {@link EfficiencyProfile} of the training model.
 *
 * <p><b>Shared with training</b> ({@code EfficiencyProfiles.forAccelerator}, the measured-component
 * profile: published GEMM, GEMV and collective microbenchmarks per accelerator or silicon family):
 * the fraction of the dense peak that large GEMMs reach ({@link EfficiencyProfile#matmulPeakFraction()}:
 * A100 86.9%, H100 80.3%, MI300X 51.1%), the GEMM curve's half-saturation for the attention cores
 * (whose smallest dimension is the head dimension), and every collective factor (scale-up and
 * network bandwidth fractions, latency per ring step).
 *
 * <p><b>The compute ceiling of the weight GEMMs</b> is not fitted: the large-GEMM fraction times the
 * useful share of the kernel's tiles over the accelerator's SMs ({@code GemmTiles}: token rows
 * padded to the MMA granule, waves over the SMs, split-K). The small-M rows of {@code gemm.csv}
 * (vLLM's H100 bf16 GEMMs of 1–128 rows at about {@code m ×} 2.9 TFLOP/s) stream their weights at
 * the HBM bandwidth, so a curve fitted through them as a compute ceiling counted the bandwidth a
 * second time; the half-saturation that this calibration fitted before (159.9) made decode turn
 * "compute-bound" at batch 6–11 on A100, where the arithmetic-intensity crossover {@code peak ×
 * bytes per weight / (2 × bandwidth)} is 70–140.
 *
 * <p><b>Inference-specific</b>, each fitted because the data demands it: {@link #CALIBRATED} holds
 * the values fitted by least squares on {@code log(predicted / measured)} over the 14 TensorRT-LLM
 * v0.9.0 rows of {@code inference-runs.csv} (NVIDIA, {@code docs/source/performance.md}: 10
 * peak-throughput rows of Llama 2 7B and Mistral 7B on H100 in FP8 and A100 in FP16, 4 batch-1
 * time-to-first-token rows of Llama 2 7B), RMS log error 0.0889 (0.0876 with the former curve).
 * {@code InferenceCalibrationFitTest} re-runs the fit, fails when these values drift from it and
 * prints the rows that inform each factor:
 *
 * <ul>
 *   <li>{@link #gemmOverlapLoss()}: the share of the shorter of a GEMM's compute and memory times
 *       that the kernel does not hide behind the longer ({@code time = max + loss × min}; 0 is the
 *       ideal roofline). Fitted 0.86 end to end; vLLM's H100 bf16 GEMM microbenchmarks of 64–256
 *       rows ({@code gemm.csv}) give 0.130 at the model's own ceilings ({@code InferenceCalibrationFitTest}
 *       re-derives it), so the fitted value also absorbs what else makes serving GEMMs near the ridge point
 *       slower than their kernels alone (fusions, quantization of activations, launch tails). Pinning it at
 *       0.130 and fitting a compute-side sustained fraction of the GEMM ceiling instead (s18h) fitted these
 *       rows worse (RMS log error 0.0891 against 0.0792) and moved the multi-source medians the wrong way,
 *       so it stays fitted. So did pinning it at 0.130 together with the measured GEMV HBM fraction (0.917;
 *       RMS log error 0.0933) and splitting it into 0.130 plus a part whose seconds do not move with the HBM
 *       bandwidth (0.0777 on these rows, but the latency and Blackwell medians got worse) (s19a). Informed by 11
 *       of the 14 rows.
 *   <li>{@link #memoryBandwidthFraction()}: the fraction of datasheet HBM bandwidth that weight
 *       streaming and KV-cache reads reach; informed by all 14 rows.
 *   <li>{@link #perLayerOverheadSeconds()}: launch gaps of the serving engine per layer and forward
 *       pass.
 *   <li>{@link #fp8MatmulRelativeEfficiency()}: FP8 GEMMs (W8A8) relative to 16-bit GEMMs of the
 *       same shape, on top of the accelerator's shared large-GEMM fraction; informed only by FP8
 *       (H100) rows.
 * </ul>
 */
public final class InferenceCalibration {

  /**
   * NVFP4 GEMMs' rate relative to FP8 GEMMs at the same share of their dense peaks, measured, not
   * fitted: on B200, vLLM's CUTLASS GEMM benchmark ({@code benchmarks/kernels/bench_nvfp4_gemm.py},
   * Llama 3.1 8B's {@code N = 6144, K = 4096} projection at {@code M = 16384}, activations quantized
   * beforehand, "noquant") reached 3,904.3 TFLOP/s in NVFP4 against 1,360.1 in bf16 (vLLM pull
   * request 20646, "Basic tuned configs for NVFP4 CUTLASS dense GEMM", before-table), and the same
   * benchmark in FP8 (per-tensor scales, noquant) 2,544.7 against 1,512.8 in bf16 (vLLM pull request
   * 19566, "Further tunings for SM100 FP8 CUTLASS kernel"). Normalised by each run's bf16 figure,
   * NVFP4 is {@code 2.871 / 1.682 = 1.707×} FP8, where the dense peaks (9 and 4.5 PFLOP/s) are
   * {@code 2×}: {@code 1.707 / 2 = 0.853}. The block scales (one FP8 scale per 16 values) are read by
   * the GEMM and their share of the time is in this figure. An FP4 GEMM runs at {@code FP4 peak ×
   * fp8MatmulRelativeEfficiency × this}.
   */
  public static final double FP4_GEMM_RATE_VERSUS_FP8 = (3904.329097 / 1360.143047) / (2544.683145 / 1512.843919) / 2;

  private final double gemmOverlapLoss;
  private final double memoryBandwidthFraction;
  private final double perLayerOverheadSeconds;
  private final double fp8MatmulRelativeEfficiency;
  private final String source;

  /**
   * Validates the factors.
   *
   * @throws IllegalArgumentException if a fraction is outside (0, 1] or a value is negative, NaN or
   *     infinite, or the source is blank
   */
  private InferenceCalibration(
      double gemmOverlapLoss,
      double memoryBandwidthFraction,
      double perLayerOverheadSeconds,
      double fp8MatmulRelativeEfficiency,
      String source) {
    Require.fraction("gemmOverlapLoss", gemmOverlapLoss);
    fraction("memoryBandwidthFraction", memoryBandwidthFraction);
    Require.nonNegative("perLayerOverheadSeconds", perLayerOverheadSeconds);
    fraction("fp8MatmulRelativeEfficiency", fp8MatmulRelativeEfficiency);
    Require.nonBlank("source", source);
    this.gemmOverlapLoss = gemmOverlapLoss;
    this.memoryBandwidthFraction = memoryBandwidthFraction;
    this.perLayerOverheadSeconds = perLayerOverheadSeconds;
    this.fp8MatmulRelativeEfficiency = fp8MatmulRelativeEfficiency;
    this.source = source;
  }

  /**
   * The calibrated factors, fitted with the shared per-accelerator matmul peak fractions of the
   * measured-component profiles ({@code EfficiencyProfiles.forAccelerator}: H100 0.803, A100 0.869)
   * held fixed and the GEMM compute ceiling from the tiles (re-run by {@code
   * InferenceCalibrationFitTest}; RMS log error 0.0792 over the 14 rows, 0.0889 before prefill attention
   * ran at cuDNN's measured forward rate on H100).
   */
  public static final InferenceCalibration CALIBRATED =
      new InferenceCalibration(
          0.8644,
          0.9243,
          68.06e-6,
          0.7445,
          "least-squares fit on log(predicted/measured) over the 14 TensorRT-LLM v0.9.0 rows of"
              + " inference-runs.csv (docs/source/performance.md), with the shared measured-component"
              + " matmul peak fractions of EfficiencyProfiles.forAccelerator held fixed");

  private static void fraction(String name, double v) {
    Require.finite(name, v);
    if (v <= 0 || v > 1) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + v);
    }
  }

  /** Returns the serving overheads these factors imply: the per-layer overhead only. */
  public ServingOverheads overheads() {
    return ServingOverheads.builder().perLayerSeconds(perLayerOverheadSeconds).build();
  }

  /**
   * Returns the profile the inference model uses: {@code shared} with its memory bandwidth fraction
   * replaced by this calibration's; the matmul peak fraction and half-saturation (the attention
   * cores'), the collective factors and everything else kept.
   *
   * @param shared the accelerator's shared profile (as {@code EfficiencyProfiles.forAccelerator}
   *     returns it)
   * @return the inference profile, whose {@link EfficiencyProfile#source()} names both origins
   */
  public EfficiencyProfile applyTo(EfficiencyProfile shared) {
    return shared.toBuilder()
        .memoryBandwidthFraction(memoryBandwidthFraction)
        .source(String.format(
                Locale.ROOT,
                "memory-bandwidth fraction %.3f from the inference calibration; the rest shared: ",
                memoryBandwidthFraction)
            + shared.source())
        .build();
  }

  /** Returns the share of the shorter of a GEMM's compute and memory times added to the longer, in [0, 1] (fitted). */
  public double gemmOverlapLoss() {
    return gemmOverlapLoss;
  }

  /** Returns fraction of the datasheet HBM bandwidth that inference kernels reach, in (0, 1] (fitted). */
  public double memoryBandwidthFraction() {
    return memoryBandwidthFraction;
  }

  /** Returns serving overhead per layer per forward pass, in seconds (fitted). */
  public double perLayerOverheadSeconds() {
    return perLayerOverheadSeconds;
  }

  /** Returns FP8 GEMM efficiency relative to 16-bit GEMMs of the same shape, in (0, 1] (fitted on the FP8 rows only). */
  public double fp8MatmulRelativeEfficiency() {
    return fp8MatmulRelativeEfficiency;
  }

  /** Returns how the values were obtained. */
  public String source() {
    return source;
  }

  /**
   * Returns a builder of {@code InferenceCalibration}. Every factor
   * and the source must be set; {@code CALIBRATED.toBuilder()} starts from the fitted values.
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

  /** Builds a {@link InferenceCalibration}; {@link #build()} validates. */
  public static final class Builder {
    private double gemmOverlapLoss;
    private double memoryBandwidthFraction;
    private double perLayerOverheadSeconds;
    private double fp8MatmulRelativeEfficiency;
    private @Nullable String source;

    private Builder() {}

    private Builder(InferenceCalibration from) {
      this.gemmOverlapLoss = from.gemmOverlapLoss;
      this.memoryBandwidthFraction = from.memoryBandwidthFraction;
      this.perLayerOverheadSeconds = from.perLayerOverheadSeconds;
      this.fp8MatmulRelativeEfficiency = from.fp8MatmulRelativeEfficiency;
      this.source = from.source;
    }

    /**
     * Sets the share of the shorter of a GEMM's compute and memory times added to the longer, in [0, 1] (fitted).
     *
     * @param value the value
     * @return this builder
     */
    public Builder gemmOverlapLoss(double value) {
      this.gemmOverlapLoss = value;
      return this;
    }

    /**
     * Sets fraction of the datasheet HBM bandwidth that inference kernels reach, in (0, 1] (fitted).
     *
     * @param value the value
     * @return this builder
     */
    public Builder memoryBandwidthFraction(double value) {
      this.memoryBandwidthFraction = value;
      return this;
    }

    /**
     * Sets serving overhead per layer per forward pass, in seconds (fitted).
     *
     * @param value the value
     * @return this builder
     */
    public Builder perLayerOverheadSeconds(double value) {
      this.perLayerOverheadSeconds = value;
      return this;
    }

    /**
     * Sets FP8 GEMM efficiency relative to 16-bit GEMMs of the same shape, in (0, 1] (fitted on the FP8 rows only).
     *
     * @param value the value
     * @return this builder
     */
    public Builder fp8MatmulRelativeEfficiency(double value) {
      this.fp8MatmulRelativeEfficiency = value;
      return this;
    }

    /**
     * Sets how the values were obtained.
     *
     * @param value the value
     * @return this builder
     */
    public Builder source(String value) {
      this.source = value;
      return this;
    }

    /**
     * Returns the {@code InferenceCalibration}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public InferenceCalibration build() {
      return new InferenceCalibration(
          gemmOverlapLoss,
          memoryBandwidthFraction,
          perLayerOverheadSeconds,
          fp8MatmulRelativeEfficiency,
          required("source", source));
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on InferenceCalibration.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof InferenceCalibration o
          && Double.compare(gemmOverlapLoss, o.gemmOverlapLoss) == 0
          && Double.compare(memoryBandwidthFraction, o.memoryBandwidthFraction) == 0
          && Double.compare(perLayerOverheadSeconds, o.perLayerOverheadSeconds) == 0
          && Double.compare(fp8MatmulRelativeEfficiency, o.fp8MatmulRelativeEfficiency) == 0
          && Objects.equals(source, o.source);
  }

  @Override
  public int hashCode() {
    int h = Double.hashCode(gemmOverlapLoss);
    h = 31 * h + Double.hashCode(memoryBandwidthFraction);
    h = 31 * h + Double.hashCode(perLayerOverheadSeconds);
    h = 31 * h + Double.hashCode(fp8MatmulRelativeEfficiency);
    h = 31 * h + Objects.hashCode(source);
    return h;
  }

  @Override
  public String toString() {
    return "InferenceCalibration[gemmOverlapLoss=" + gemmOverlapLoss
        + ", memoryBandwidthFraction=" + memoryBandwidthFraction
        + ", perLayerOverheadSeconds=" + perLayerOverheadSeconds
        + ", fp8MatmulRelativeEfficiency=" + fp8MatmulRelativeEfficiency + ", source=" + source + "]";
  }
}
