package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * Activation (gradient) checkpointing: what the forward pass keeps for the backward pass.
 *
 * <p>Per-layer checkpointing (Chen et al. 2016, "Training Deep Nets with Sublinear Memory Cost";
 * PyTorch {@code checkpoint} around each transformer block) keeps each block's input and
 * recomputes the block in the backward pass: one extra forward. Selective keeps every other block
 * whole (torchtune's {@code ac_mode: selective, ac_option: 2}).
 */
public enum Checkpointing {
  /** Every activation is kept. */
  NONE,
  /** Every other block is checkpointed. */
  SELECTIVE,
  /** Every block is checkpointed. */
  FULL;

  /** Returns the lower-case name with dashes. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a name (any case, dashes or underscores).
   *
   * @param name the name
   * @return the value
   * @throws IllegalArgumentException naming the value if it is unknown
   */
  public static Checkpointing parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Checkpointing v : values()) {
      if (v.id().equals(key)) {
        return v;
      }
    }
    throw new IllegalArgumentException("checkpointing must be one of none, selective, full, was \"" + name + "\"");
  }
}
