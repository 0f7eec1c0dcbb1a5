package dev.llmcost.core.gguf;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code llama-quantize}'s type choice reads besides the tensors: the architecture, the
 * layer, head and expert counts, and whether an importance matrix was given.
 */
public final class QuantContext {
  private final String architecture;
  private final int layers;
  private final int heads;
  private final int kvHeads;
  private final int experts;
  private final boolean imatrix;

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is not positive, or experts is negative
   */
  QuantContext(String architecture, int layers, int heads, int kvHeads, int experts, boolean imatrix) {
    Require.nonBlank("architecture", architecture);
    Require.positive("layers", layers);
    Require.positive("heads", heads);
    Require.positive("kvHeads", kvHeads);
    Require.nonNegative("experts", experts);
    this.architecture = architecture;
    this.layers = layers;
    this.heads = heads;
    this.kvHeads = kvHeads;
    this.experts = experts;
    this.imatrix = imatrix;
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

  /** Returns {@code general.architecture} ({@code llama}, {@code qwen2}, {@code falcon} ...). */
  public String architecture() {
    return architecture;
  }

  /** Returns the transformer blocks ({@code block_count}). */
  public int layers() {
    return layers;
  }

  /** Returns the query heads. */
  public int heads() {
    return heads;
  }

  /** Returns the key/value heads. */
  public int kvHeads() {
    return kvHeads;
  }

  /** Returns the routed experts (0 for a dense model). */
  public int experts() {
    return experts;
  }

  /** Returns whether the quantization used an importance matrix (changes IQ3_XXS, IQ4_NL, IQ4_XS, Q4_0 and Q5_0 mixes; bartowski's and unsloth's published files use one). */
  public boolean imatrix() {
    return imatrix;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof QuantContext o
          && Objects.equals(architecture, o.architecture)
          && layers == o.layers
          && heads == o.heads
          && kvHeads == o.kvHeads
          && experts == o.experts
          && imatrix == o.imatrix;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(architecture);
    h = 31 * h + Integer.hashCode(layers);
    h = 31 * h + Integer.hashCode(heads);
    h = 31 * h + Integer.hashCode(kvHeads);
    h = 31 * h + Integer.hashCode(experts);
    h = 31 * h + Boolean.hashCode(imatrix);
    return h;
  }

  @Override
  public String toString() {
    return "QuantContext[architecture=" + architecture + ", layers=" + layers + ", heads=" + heads + ", kvHeads=" + kvHeads + ", experts=" + experts + ", imatrix=" + imatrix + "]";
  }
}
