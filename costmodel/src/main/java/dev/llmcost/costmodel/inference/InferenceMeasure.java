package dev.llmcost.costmodel.inference;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a measured inference run reports, as the {@code measured} column of an inference runs table
 * names it ({@code inference-runs.csv}, {@link InferenceRuns}), with the unit its {@code unit}
 * column must give.
 */
public enum InferenceMeasure {
  /** Output tokens per second per GPU of a full batch ({@link InferenceEstimate#outputTokensPerSecondPerGpu()}), tok/s. */
  OUTPUT_TOKENS_PER_SECOND_PER_GPU("output_tokens_per_second_per_gpu", "tok/s"),
  /** Time to first token ({@link InferenceEstimate#ttftSeconds()}), milliseconds. */
  TTFT_MS("ttft_ms", "ms"),
  /** Time per output token ({@link InferenceEstimate#tpotSeconds()}), milliseconds. */
  TPOT_MS("tpot_ms", "ms");

  private final String id;
  private final String unit;

  InferenceMeasure(String id, String unit) {
    this.id = id;
    this.unit = unit;
  }

  /** Returns the name the {@code measured} column uses, {@code ttft_ms}. */
  public String id() {
    return id;
  }

  /** Returns the unit the {@code unit} column must give, {@code tok/s} or {@code ms}. */
  public String unit() {
    return unit;
  }

  /**
   * Returns the measure's value in an estimate, in {@link #unit()}.
   *
   * @param e the estimate
   * @return the value
   */
  public double of(InferenceEstimate e) {
    return switch (this) {
      case OUTPUT_TOKENS_PER_SECOND_PER_GPU -> e.outputTokensPerSecondPerGpu();
      case TTFT_MS -> e.ttftSeconds() * 1000;
      case TPOT_MS -> e.tpotSeconds() * 1000;
    };
  }

  /**
   * Returns the measure a {@code measured} column names.
   *
   * @param id {@code output_tokens_per_second_per_gpu}, {@code ttft_ms} or {@code tpot_ms}
   * @return the measure
   * @throws IllegalArgumentException if the name is none of them
   */
  public static InferenceMeasure parse(String id) {
    String key = id.trim().toLowerCase(Locale.ROOT);
    for (InferenceMeasure m : values()) {
      if (m.id.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("measured must be one of "
        + Arrays.stream(values()).map(InferenceMeasure::id).toList() + ", was \"" + id + "\"");
  }
}
