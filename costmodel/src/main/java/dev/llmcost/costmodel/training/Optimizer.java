package dev.llmcost.costmodel.training;

import java.util.Locale;

/**
 * An optimizer and the state it keeps per parameter, in fp32.
 *
 * <p>Adam (Kingma and Ba 2015) and AdamW (Loshchilov and Hutter 2019) keep two moments; SGD with
 * momentum and Lion (Chen et al. 2023) keep one; Adafactor (Shazeer and Stern 2018) factors the
 * second moment of an {@code r × c} matrix into {@code r + c} values and keeps no momentum by
 * default, about {@code 4·(1/r + 1/c)} bytes per parameter.
 */
public enum Optimizer {
  /** Adam with decoupled weight decay: two fp32 moments, 8 bytes per parameter. */
  ADAMW(2),
  /** Adam: two fp32 moments, 8 bytes per parameter. */
  ADAM(2),
  /** SGD with momentum: one fp32 buffer, 4 bytes per parameter. */
  SGD_MOMENTUM(1),
  /** Lion: one fp32 momentum, 4 bytes per parameter. */
  LION(1),
  /** Adafactor without momentum: factored second moments. */
  ADAFACTOR(0);

  private final int fullStates;

  Optimizer(int fullStates) {
    this.fullStates = fullStates;
  }

  /**
   * Returns the bytes of optimizer state per parameter for a model of width {@code hidden}.
   *
   * @param hidden the model width (used by Adafactor's factored moments of {@code hidden × k}
   *     matrices, {@code k ≥ hidden}: {@code 8/hidden} bytes per parameter at most)
   * @return bytes per parameter
   */
  public double stateBytesPerParameter(int hidden) {
    return this == ADAFACTOR ? 8.0 / hidden : 4.0 * fullStates;
  }

  /**
   * Parses {@code adamw}, {@code adam}, {@code sgd}, {@code lion} or {@code adafactor}.
   *
   * @param name the name
   * @return the optimizer
   * @throws IllegalArgumentException if the name is unknown
   */
  public static Optimizer parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return switch (key) {
      case "adamw" -> ADAMW;
      case "adam" -> ADAM;
      case "sgd", "sgd_momentum" -> SGD_MOMENTUM;
      case "lion" -> LION;
      case "adafactor" -> ADAFACTOR;
      default ->
          throw new IllegalArgumentException(
              "optimizer must be adamw, adam, sgd, lion or adafactor, was \"" + name + "\"");
    };
  }

  /** Returns the lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
