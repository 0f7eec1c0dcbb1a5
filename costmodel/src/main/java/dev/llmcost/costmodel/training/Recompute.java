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
  FULL,
  /**
   * Per-operator selective checkpointing as torchtitan applies it ({@code [activation_checkpoint]
   * mode = "selective", selective_ac_option = "op"}; torchtitan {@code parallelize_llama.py}
   * {@code _apply_ac_to_transformer_block}, its default for Llama 3 8B): the outputs of every
   * matmul and of the attention kernel are saved except every second matmul of a layer's forward
   * pass, which the backward pass recomputes. With a layer's matmuls in the order q, k, v, output,
   * then gate, up, down (gated) or up, down (plain), the recomputed ones are the key projection,
   * the output projection and one MLP matrix of {@code hidden × ffn}. Its activation memory is
   * counted as {@link #SELECTIVE}'s, an upper bound. The planner does not search it unless asked.
   */
  OP_SELECTIVE;

  /**
   * Parses {@code none}, {@code selective}, {@code full} or {@code op_selective} ({@code
   * op-selective}), ignoring case.
   *
   * @param name the name
   * @return the mode
   * @throws IllegalArgumentException if the name is unknown
   */
  public static Recompute parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Recompute r : values()) {
      if (r.name().toLowerCase(Locale.ROOT).equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException("recompute must be none, selective, full or op_selective, was \"" + name + "\"");
  }

  /** Returns the lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
