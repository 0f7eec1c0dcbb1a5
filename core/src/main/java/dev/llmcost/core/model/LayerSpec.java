package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

/**
 * What one layer of a model is: its token mixer, the window or chunk its attention is limited to,
 * whether it applies rotary positions, and its feed-forward block.
 *
 * @param mixer the token mixer
 * @param window tokens a sliding-window or chunked attention layer sees; 0 for other mixers
 * @param rotary whether attention applies rotary positions (false for Llama 4 and SmolLM3's NoPE
 *     layers, and for layers without attention)
 * @param mlp the feed-forward block
 */
public record LayerSpec(LayerMixer mixer, int window, boolean rotary, MlpKind mlp) {

  /**
   * Validates the layer.
   *
   * @throws IllegalArgumentException if a windowed mixer has no positive window or another mixer
   *     has one
   */
  public LayerSpec {
    Require.nonNegative("window", window);
    if (mixer.isWindowed() && window == 0) {
      throw new IllegalArgumentException("window must be > 0 for a " + mixer + " layer, was 0");
    }
    if (!mixer.isWindowed() && window != 0) {
      throw new IllegalArgumentException("window must be 0 for a " + mixer + " layer, was " + window);
    }
  }

  /**
   * Returns a full-attention layer with rotary positions.
   *
   * @param mlp the feed-forward block
   * @return the layer
   */
  public static LayerSpec fullAttention(MlpKind mlp) {
    return new LayerSpec(LayerMixer.FULL_ATTENTION, 0, true, mlp);
  }

  /**
   * Returns the tokens whose keys and values this layer caches for a sequence of {@code tokens}
   * tokens: all of them, at most the window, or none for a recurrent mixer.
   *
   * @param tokens tokens in the sequence
   * @return cached tokens
   */
  public long cachedTokens(long tokens) {
    if (!mixer.hasAttention()) {
      return 0;
    }
    return mixer.isWindowed() ? Math.min(tokens, window) : tokens;
  }
}
