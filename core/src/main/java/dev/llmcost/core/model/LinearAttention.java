package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

/**
 * Gated DeltaNet linear attention (Yang, Kautz and Hatamizadeh 2024, "Gated Delta Networks",
 * arXiv:2412.06464) as Qwen3-Next builds it: a fused {@code in_proj_qkvz} ({@code hidden × (2 ·
 * keyHeads · keyHeadDim + 2 · valueHeads · valueHeadDim)}), {@code in_proj_ba} ({@code hidden × 2 ·
 * valueHeads}), a depthwise causal convolution over q, k and v ({@code convKernel} taps, no bias),
 * {@code dt_bias} and {@code A_log} per value head, a gated RMSNorm over one value head and {@code
 * out_proj} ({@code valueHeads · valueHeadDim × hidden}); no biases.
 *
 * <p>Its state per sequence does not grow with the context: {@code valueHeads · keyHeadDim ·
 * valueHeadDim} for the recurrence plus {@code convChannels · (convKernel − 1)} for the
 * convolution.
 *
 * @param keyHeads query/key heads ({@code linear_num_key_heads})
 * @param valueHeads value heads ({@code linear_num_value_heads})
 * @param keyHeadDim features of one key head ({@code linear_key_head_dim})
 * @param valueHeadDim features of one value head ({@code linear_value_head_dim})
 * @param convKernel taps of the short convolution ({@code linear_conv_kernel_dim})
 */
public record LinearAttention(
    int keyHeads, int valueHeads, int keyHeadDim, int valueHeadDim, int convKernel) {

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public LinearAttention {
    Require.positive("keyHeads", keyHeads);
    Require.positive("valueHeads", valueHeads);
    Require.positive("keyHeadDim", keyHeadDim);
    Require.positive("valueHeadDim", valueHeadDim);
    Require.positive("convKernel", convKernel);
  }

  /** Returns the width of the queries (and of the keys): {@code keyHeads × keyHeadDim}. */
  public long keyWidth() {
    return (long) keyHeads * keyHeadDim;
  }

  /** Returns the width of the values: {@code valueHeads × valueHeadDim}. */
  public long valueWidth() {
    return (long) valueHeads * valueHeadDim;
  }

  /** Returns the channels of the short convolution: q, k and v. */
  public long convChannels() {
    return 2 * keyWidth() + valueWidth();
  }

  /**
   * Returns the parameters of one layer at model width {@code hidden}.
   *
   * @param hidden the model width
   * @return parameters
   */
  public long parameters(int hidden) {
    long qkvz = Math.multiplyExact((long) hidden, 2 * keyWidth() + 2 * valueWidth());
    long ba = (long) hidden * 2 * valueHeads;
    long conv = convChannels() * convKernel;
    long out = valueWidth() * hidden;
    return qkvz + ba + conv + 2L * valueHeads + valueHeadDim + out;
  }

  /** Returns the elements of one sequence's state in one layer (recurrence and convolution). */
  public long stateElements() {
    return (long) valueHeads * keyHeadDim * valueHeadDim + convChannels() * (convKernel - 1);
  }

  /**
   * Returns the forward matmul FLOPs per token of one layer outside the projections: the delta-rule
   * state update and readout, about {@code 4} multiply-adds per state element.
   *
   * @return FLOP per token
   */
  public double recurrenceFlopsPerToken() {
    return 4.0 * 2 * valueHeads * (double) keyHeadDim * valueHeadDim;
  }
}
