package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

/**
 * A selective state-space layer: Mamba (Gu and Dao 2023, arXiv:2312.00752) as Jamba builds it, or
 * Mamba-2 (Dao and Gu 2024, arXiv:2405.21060) as transformers' {@code Mamba2Mixer} and Falcon-H1
 * build it.
 *
 * <p>Mamba: {@code in_proj} ({@code hidden × 2·inner}), a depthwise convolution over {@code inner}
 * channels, {@code x_proj} ({@code inner × (dtRank + 2·state)}), {@code dt_proj} ({@code dtRank ×
 * inner} with bias), {@code A_log} ({@code inner × state}), {@code D} ({@code inner}), {@code
 * out_proj} ({@code inner × hidden}) and, in Jamba, RMSNorms over dt, B and C. Mamba-2: {@code
 * in_proj} ({@code hidden × (2·inner + 2·groups·state + heads)}), a convolution over {@code inner +
 * 2·groups·state} channels, {@code dt_bias}, {@code A_log} and {@code D} per head, a gated RMSNorm
 * over {@code inner} and {@code out_proj}.
 *
 * <p>The state per sequence is {@code inner × state} plus the convolution's last {@code convKernel
 * − 1} inputs, whatever the context length.
 *
 * @param version 1 for Mamba, 2 for Mamba-2
 * @param inner the inner width ({@code expand × hidden}, or Falcon-H1's {@code mamba_d_ssm})
 * @param state the state size per channel ({@code d_state})
 * @param convKernel taps of the depthwise convolution
 * @param heads Mamba-2 heads (0 for Mamba)
 * @param groups Mamba-2 groups of B and C ({@code n_groups}; 0 for Mamba)
 * @param dtRank Mamba's rank of the step projection (0 for Mamba-2)
 * @param projectionBias whether {@code in_proj} and {@code out_proj} have biases
 * @param convBias whether the convolution has a bias
 * @param innerNorms Mamba: whether dt, B and C are RMS-normalised (Jamba); Mamba-2: whether a gated
 *     RMSNorm precedes {@code out_proj}
 */
public record StateSpaceMixer(
    int version,
    int inner,
    int state,
    int convKernel,
    int heads,
    int groups,
    int dtRank,
    boolean projectionBias,
    boolean convBias,
    boolean innerNorms) {

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if the version is not 1 or 2 or a size it needs is not
   *     positive
   */
  public StateSpaceMixer {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("version must be 1 or 2, was " + version);
    }
    Require.positive("inner", inner);
    Require.positive("state", state);
    Require.positive("convKernel", convKernel);
    if (version == 1) {
      Require.positive("dtRank", dtRank);
    } else {
      Require.positive("heads", heads);
      Require.positive("groups", groups);
    }
  }

  /** Returns the channels of the depthwise convolution. */
  public long convChannels() {
    return version == 1 ? inner : (long) inner + 2L * groups * state;
  }

  /**
   * Returns the parameters of one layer at model width {@code hidden}.
   *
   * @param hidden the model width
   * @return parameters
   */
  public long parameters(int hidden) {
    long conv = convChannels() * convKernel + (convBias ? convChannels() : 0);
    long out = (long) inner * hidden + (projectionBias ? hidden : 0);
    if (version == 1) {
      long in = (long) hidden * 2 * inner + (projectionBias ? 2L * inner : 0);
      long xProj = (long) inner * (dtRank + 2L * state);
      long dtProj = (long) dtRank * inner + inner;
      long a = (long) inner * state;
      long norms = innerNorms ? dtRank + 2L * state : 0;
      return Math.addExact(Math.addExact(in, xProj), dtProj + a + inner + conv + out + norms);
    }
    long projection = 2L * inner + 2L * groups * state + heads;
    long in = Math.multiplyExact((long) hidden, projection) + (projectionBias ? projection : 0);
    return Math.addExact(in, conv + 3L * heads + (innerNorms ? inner : 0) + out);
  }

  /** Returns the elements of one sequence's state in one layer (SSM state and convolution window). */
  public long stateElements() {
    return (long) inner * state + convChannels() * (convKernel - 1);
  }
}
