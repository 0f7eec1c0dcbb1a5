package dev.llmcost.costmodel.training;

import java.util.Locale;

/** Activation recomputation (checkpointing): what the backward pass recomputes instead of storing. */
public enum Recompute {
  /** Every activation is stored. */
  NONE,
  /**
   * Only the attention core (scores, softmax, dropout, their product with the values) is
   * recomputed: Korthikanti et al. 2022 §5, which drops the {@code 5as/h} term of the activation
   * memory for about 3% more FLOPs at {@code s = 2048}.
   */
  SELECTIVE,
  /** Each layer stores only its input and recomputes its forward pass in the backward pass. */
  FULL;

  /**
   * Parses {@code none}, {@code selective} or {@code full}, ignoring case.
   *
   * @param name the name
   * @return the mode
   * @throws IllegalArgumentException if the name is unknown
   */
  public static Recompute parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (Recompute r : values()) {
      if (r.name().toLowerCase(Locale.ROOT).equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException("recompute must be none, selective or full, was \"" + name + "\"");
  }

  /** Returns the lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
