package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * The optimizer of a fine-tuning run and the state it keeps per trainable parameter.
 *
 * <p>AdamW (Loshchilov and Hutter 2019) keeps two moments in the parameters' type; 8-bit AdamW
 * (Dettmers et al. 2022, "8-bit Optimizers via Block-wise Quantization", §2) keeps both in one byte
 * with an fp32 absmax per 2,048-value block; paged variants (Dettmers et al. 2023, §3, "Paged
 * Optimizers") allocate the states in CUDA unified memory, which the driver evicts to host memory
 * when the GPU runs short; Adafactor (Shazeer and Stern 2018, §3) factors the second moment of an
 * {@code r × c} matrix into {@code r + c} values; SGD with momentum keeps one buffer; GaLore (Zhao
 * et al. 2024, "GaLore", §4.2) keeps Adam's moments of the gradient projected to rank {@code k} and
 * the {@code m × k} projection.
 */
public enum FineTuningOptimizer {
  /** AdamW, two moments. */
  ADAMW(false),
  /** bitsandbytes 8-bit AdamW. */
  ADAMW_8BIT(false),
  /** bitsandbytes paged AdamW (32-bit states in unified memory). */
  PAGED_ADAMW(true),
  /** bitsandbytes paged 8-bit AdamW. */
  PAGED_ADAMW_8BIT(true),
  /** Adafactor without momentum. */
  ADAFACTOR(false),
  /** SGD with momentum. */
  SGD(false),
  /** GaLore AdamW with projected moments. */
  GALORE(false);

  private final boolean paged;

  FineTuningOptimizer(boolean paged) {
    this.paged = paged;
  }

  /** Returns whether the states live in unified memory that can page to the host. */
  public boolean paged() {
    return paged;
  }

  /**
   * Returns the optimizer state in bytes per trainable parameter.
   *
   * @param stateBytes bytes of one full-precision state element (4 for fp32 states, 2 for a pure bf16
   *     run)
   * @param hidden the model width (Adafactor's factored moments, GaLore's projections of {@code
   *     hidden × n} matrices)
   * @param galoreRank GaLore's projection rank (ignored by the others)
   * @return bytes per trainable parameter
   */
  public double bytesPerParameter(int stateBytes, int hidden, int galoreRank) {
    return switch (this) {
      case ADAMW, PAGED_ADAMW -> 2.0 * stateBytes;
      case ADAMW_8BIT, PAGED_ADAMW_8BIT -> 2.0 + 2.0 * 4 / 2048;
      case ADAFACTOR -> stateBytes * 2.0 / hidden;
      case SGD -> stateBytes;
      // m × n matrix, m = hidden <= n: moments 2·k·n and projection m·k over m·n parameters <= k·(2/m + 1/m)
      case GALORE -> stateBytes * Math.min(2.0, 3.0 * galoreRank / hidden);
    };
  }

  /** Returns the lower-case name with dashes ({@code paged-adamw-8bit}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses {@code adamw}, {@code adamw-8bit}, {@code paged-adamw}, {@code paged-adamw-8bit}, {@code
   * adafactor}, {@code sgd} or {@code galore}.
   *
   * @param name the name, any case, dashes or underscores
   * @return the optimizer
   * @throws IllegalArgumentException naming the value if it is unknown
   */
  public static FineTuningOptimizer parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (FineTuningOptimizer o : values()) {
      if (o.id().equals(key)) {
        return o;
      }
    }
    throw new IllegalArgumentException("optimizer must be one of adamw, adamw-8bit, paged-adamw, paged-adamw-8bit,"
        + " adafactor, sgd, galore, was \"" + name + "\"");
  }
}
