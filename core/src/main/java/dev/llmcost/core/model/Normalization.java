package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

/**
 * The normalisation layers of a transformer.
 *
 * @param kind the norm used throughout
 * @param perLayer norms in each layer: 2 for pre-norm and post-norm blocks, 1 for a shared norm
 *     before parallel attention and MLP (GPT-J, Falcon-7B, Phi-2), 4 for Gemma 2's
 *     sandwich norms
 * @param finalNorm whether a norm follows the last layer (absent in BERT's post-norm layout)
 */
public record Normalization(NormKind kind, int perLayer, boolean finalNorm) {

  /**
   * Validates the layout.
   *
   * @throws IllegalArgumentException if {@code perLayer} is negative
   */
  public Normalization {
    Require.nonNegative("perLayer", perLayer);
  }

  /** Pre-norm RMSNorm, two per layer and a final one (Llama). */
  public static final Normalization RMS_PRE_NORM = new Normalization(NormKind.RMS_NORM, 2, true);

  /** Pre-norm LayerNorm, two per layer and a final one (GPT-2). */
  public static final Normalization LAYER_NORM_PRE_NORM =
      new Normalization(NormKind.LAYER_NORM, 2, true);
}
