package dev.llmcost.core.gguf;

import dev.llmcost.core.internal.Require;

/**
 * What {@code llama-quantize}'s type choice reads besides the tensors: the architecture, the
 * layer, head and expert counts, and whether an importance matrix was given.
 *
 * @param architecture {@code general.architecture} ({@code llama}, {@code qwen2}, {@code falcon} ...)
 * @param layers transformer blocks ({@code block_count})
 * @param heads query heads
 * @param kvHeads key/value heads
 * @param experts routed experts (0 for a dense model)
 * @param imatrix whether the quantization used an importance matrix (changes IQ3_XXS, IQ4_NL,
 *     IQ4_XS, Q4_0 and Q5_0 mixes; bartowski's and unsloth's published files use one)
 */
public record QuantContext(
    String architecture, int layers, int heads, int kvHeads, int experts, boolean imatrix) {

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is not positive, or experts is negative
   */
  public QuantContext {
    Require.nonBlank("architecture", architecture);
    Require.positive("layers", layers);
    Require.positive("heads", heads);
    Require.positive("kvHeads", kvHeads);
    Require.nonNegative("experts", experts);
  }

  /** Returns {@code heads / kvHeads}, llama.cpp's {@code n_gqa()}. */
  public int gqa() {
    return heads / kvHeads;
  }

  /**
   * Returns whether llama.cpp classifies the model as {@code LLM_TYPE_70B}: a Llama with 80 layers
   * (the rule that bumps its {@code attn_v} to Q5_K).
   */
  public boolean is70B() {
    return architecture.equals("llama") && layers == 80;
  }

  /** Returns a copy with another importance-matrix flag. */
  public QuantContext withImatrix(boolean value) {
    return value == imatrix ? this : new QuantContext(architecture, layers, heads, kvHeads, experts, value);
  }
}
