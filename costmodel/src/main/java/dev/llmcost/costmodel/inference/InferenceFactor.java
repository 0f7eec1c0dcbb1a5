package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.internal.LogRatioFit;
import java.util.Arrays;
import java.util.Locale;

/**
 * A factor of {@link InferenceCalibration} that {@link InferenceCalibrator} can fit to measured
 * runs. Fractions are fitted through a logit and the overhead through a logarithm, so every fitted
 * value stays in its range.
 */
public enum InferenceFactor {
  /** {@link InferenceCalibration#gemmOverlapLoss()}, in (0, 1) when fitted. */
  GEMM_OVERLAP_LOSS("gemmOverlapLoss", true),
  /** {@link InferenceCalibration#memoryBandwidthFraction()}, in (0, 1) when fitted. */
  MEMORY_BANDWIDTH_FRACTION("memoryBandwidthFraction", true),
  /** {@link InferenceCalibration#perLayerOverheadSeconds()}, seconds above 0 when fitted. */
  PER_LAYER_OVERHEAD_SECONDS("perLayerOverheadSeconds", false),
  /** {@link InferenceCalibration#fp8MatmulRelativeEfficiency()}, in (0, 1) when fitted; informed only by FP8 runs. */
  FP8_MATMUL_RELATIVE_EFFICIENCY("fp8MatmulRelativeEfficiency", true);

  private final String property;
  private final boolean fraction;

  InferenceFactor(String property, boolean fraction) {
    this.property = property;
    this.fraction = fraction;
  }

  /** Returns the name of the {@link InferenceCalibration} accessor, as profiles store it: {@code gemmOverlapLoss}. */
  public String property() {
    return property;
  }

  /** Returns the name as {@code --free} spells it: {@code gemm-overlap-loss}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Returns whether the factor is a fraction (else a non-negative number of seconds). */
  public boolean fraction() {
    return fraction;
  }

  /**
   * Returns this factor's value in a calibration.
   *
   * @param c the calibration
   * @return the value
   */
  public double of(InferenceCalibration c) {
    return switch (this) {
      case GEMM_OVERLAP_LOSS -> c.gemmOverlapLoss();
      case MEMORY_BANDWIDTH_FRACTION -> c.memoryBandwidthFraction();
      case PER_LAYER_OVERHEAD_SECONDS -> c.perLayerOverheadSeconds();
      case FP8_MATMUL_RELATIVE_EFFICIENCY -> c.fp8MatmulRelativeEfficiency();
    };
  }

  /**
   * Sets this factor on a builder.
   *
   * @param b the builder
   * @param value the value
   * @return the builder
   */
  public InferenceCalibration.Builder set(InferenceCalibration.Builder b, double value) {
    return switch (this) {
      case GEMM_OVERLAP_LOSS -> b.gemmOverlapLoss(value);
      case MEMORY_BANDWIDTH_FRACTION -> b.memoryBandwidthFraction(value);
      case PER_LAYER_OVERHEAD_SECONDS -> b.perLayerOverheadSeconds(value);
      case FP8_MATMUL_RELATIVE_EFFICIENCY -> b.fp8MatmulRelativeEfficiency(value);
    };
  }

  /**
   * Returns the factor a name denotes: its {@link #id()} ({@code memory-bandwidth-fraction}), its
   * {@link #property()} ({@code memoryBandwidthFraction}) or its constant name.
   *
   * @param name the name
   * @return the factor
   * @throws IllegalArgumentException if the name denotes no factor
   */
  public static InferenceFactor parse(String name) {
    String key = name.trim();
    for (InferenceFactor f : values()) {
      if (f.id().equals(key) || f.property.equals(key) || f.name().equals(key)) {
        return f;
      }
    }
    throw new IllegalArgumentException("inference factor must be one of "
        + Arrays.stream(values()).map(InferenceFactor::id).toList() + ", was \"" + name + "\"");
  }

  /** The range the fit keeps the factor in: a fraction through a logit, the overhead through a logarithm. */
  LogRatioFit.Range range() {
    return fraction ? LogRatioFit.Range.FRACTION : LogRatioFit.Range.POSITIVE;
  }
}
