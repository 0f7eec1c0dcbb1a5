package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

/**
 * The position-wise feed-forward block (MLP) of a transformer layer.
 *
 * <p>A plain MLP has an up projection ({@code hidden × intermediate}) and a down projection
 * ({@code intermediate × hidden}). A gated MLP — SwiGLU or GeGLU (Shazeer 2020, "GLU Variants
 * Improve Transformer") — adds a gate projection of the same shape as the up projection, so it has
 * three matrices. Phi-3's fused {@code gate_up_proj} has the same count as separate gate and up
 * projections.
 *
 * @param intermediateSize the inner width ({@code intermediate_size}, {@code n_inner}, {@code
 *     ffn_dim})
 * @param gated whether the MLP is gated (three matrices) or plain (two)
 * @param activation the activation function's name as the config gives it ({@code silu}, {@code
 *     gelu}, {@code gelu_pytorch_tanh} ...)
 * @param bias whether the projections have biases
 */
public record FeedForward(int intermediateSize, boolean gated, String activation, boolean bias) {

  /**
   * Validates the block.
   *
   * @throws IllegalArgumentException if the intermediate size is negative or the activation blank
   */
  public FeedForward {
    Require.nonNegative("intermediateSize", intermediateSize);
    Require.nonBlank("activation", activation);
  }

  /**
   * Returns a gated SiLU MLP without biases (SwiGLU, as in Llama).
   *
   * @param intermediateSize the inner width
   * @return the block
   */
  public static FeedForward swiGlu(int intermediateSize) {
    return new FeedForward(intermediateSize, true, "silu", false);
  }

  /**
   * Returns a plain GELU MLP with biases (as in BERT and GPT-2).
   *
   * @param intermediateSize the inner width
   * @return the block
   */
  public static FeedForward geluWithBias(int intermediateSize) {
    return new FeedForward(intermediateSize, false, "gelu", true);
  }

  /** Returns the number of weight matrices: 3 when gated, 2 otherwise. */
  public int matrices() {
    return gated ? 3 : 2;
  }

  /**
   * Returns the parameters of this block at width {@code hidden}.
   *
   * @param hidden the model width
   * @return parameters
   */
  public long parameters(int hidden) {
    return parameters(hidden, intermediateSize);
  }

  /**
   * Returns the parameters of a block of this kind with another inner width (an expert's).
   *
   * @param hidden the model width
   * @param inner the inner width
   * @return parameters
   */
  public long parameters(int hidden, long inner) {
    long weights = Math.multiplyExact(matrices() * (long) hidden, inner);
    long biases = bias ? Math.addExact(Math.multiplyExact(matrices() - 1L, inner), hidden) : 0;
    return Math.addExact(weights, biases);
  }
}
