package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The position-wise feed-forward block (MLP) of a transformer layer.
 *
 * <p>A plain MLP has an up projection ({@code hidden × intermediate}) and a down projection
 * ({@code intermediate × hidden}). A gated MLP — SwiGLU or GeGLU (Shazeer 2020, "GLU Variants
 * Improve Transformer") — adds a gate projection of the same shape as the up projection, so it has
 * three matrices. Phi-3's fused {@code gate_up_proj} has the same count as separate gate and up
 * projections.
 */
public final class FeedForward {
  private final int intermediateSize;
  private final boolean gated;
  private final String activation;
  private final boolean bias;
  private final double activationClamp;

  /**
   * Validates the block.
   *
   * @throws IllegalArgumentException if the intermediate size is negative or the activation blank
   */
  FeedForward(int intermediateSize, boolean gated, String activation, boolean bias) {
    this(intermediateSize, gated, activation, bias, 0);
  }

  /**
   * Validates the block.
   *
   * @throws IllegalArgumentException if the intermediate size is negative, the activation blank, or the clamp
   *     negative or not finite
   */
  FeedForward(int intermediateSize, boolean gated, String activation, boolean bias, double activationClamp) {
    Require.nonNegative("intermediateSize", intermediateSize);
    Require.nonBlank("activation", activation);
    if (!(activationClamp >= 0) || Double.isInfinite(activationClamp)) {
      throw new IllegalArgumentException(
          "activationClamp must be a finite value >= 0 (0 = none), was " + activationClamp);
    }
    this.intermediateSize = intermediateSize;
    this.gated = gated;
    this.activation = activation;
    this.bias = bias;
    this.activationClamp = activationClamp;
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

  /** Returns the inner width ({@code intermediate_size}, {@code n_inner}, {@code ffn_dim}). */
  public int intermediateSize() {
    return intermediateSize;
  }

  /** Returns whether the MLP is gated (three matrices) or plain (two). */
  public boolean gated() {
    return gated;
  }

  /** Returns the activation function's name as the config gives it ({@code silu}, {@code gelu}, {@code gelu_pytorch_tanh} ...). */
  public String activation() {
    return activation;
  }

  /** Returns whether the projections have biases. */
  public boolean bias() {
    return bias;
  }

  /**
   * Returns the limit the gated activation clamps its inputs to, 0 for none: gpt-oss's {@code swiglu_limit} (7.0),
   * the gate half clamped from above and the linear half to {@code [-limit, limit]} before the product (Hugging Face
   * {@code GptOssExperts}; Megatron-Core's {@code activation_func_clamp_value}).
   */
  public double activationClamp() {
    return activationClamp;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof FeedForward o
          && intermediateSize == o.intermediateSize
          && gated == o.gated
          && Objects.equals(activation, o.activation)
          && bias == o.bias
          && Double.compare(activationClamp, o.activationClamp) == 0;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(intermediateSize);
    h = 31 * h + Boolean.hashCode(gated);
    h = 31 * h + Objects.hashCode(activation);
    h = 31 * h + Boolean.hashCode(bias);
    h = 31 * h + Double.hashCode(activationClamp);
    return h;
  }

  @Override
  public String toString() {
    return "FeedForward[intermediateSize=" + intermediateSize + ", gated=" + gated
        + ", activation=" + activation + ", bias=" + bias
        + (activationClamp > 0 ? ", activationClamp=" + activationClamp : "") + "]";
  }
}
