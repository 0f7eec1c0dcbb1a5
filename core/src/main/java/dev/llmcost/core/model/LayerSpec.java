package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one layer of a model is: its token mixer, the window or chunk its attention is limited to,
 * whether it applies rotary positions, and its feed-forward block.
 */
public final class LayerSpec {
  private final LayerMixer mixer;
  private final int window;
  private final boolean rotary;
  private final MlpKind mlp;

  /**
   * Validates the layer.
   *
   * @throws IllegalArgumentException if a windowed mixer has no positive window or another mixer
   *     has one
   */
  private LayerSpec(LayerMixer mixer, int window, boolean rotary, MlpKind mlp) {
    Require.nonNegative("window", window);
    if (mixer.isWindowed() && window == 0) {
      throw new IllegalArgumentException("window must be > 0 for a " + mixer + " layer, was 0");
    }
    if (!mixer.isWindowed() && window != 0) {
      throw new IllegalArgumentException("window must be 0 for a " + mixer + " layer, was " + window);
    }
    this.mixer = mixer;
    this.window = window;
    this.rotary = rotary;
    this.mlp = mlp;
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
   * Returns a layer of {@code mixer} without a window: rotary positions where the mixer has
   * attention, none for linear attention and state-space layers.
   *
   * @param mixer a mixer that is not windowed
   * @param mlp the feed-forward block
   * @return the layer
   * @throws IllegalArgumentException if {@code mixer} is windowed (use {@link #windowed})
   */
  public static LayerSpec of(LayerMixer mixer, MlpKind mlp) {
    return new LayerSpec(mixer, 0, mixer.hasAttention(), mlp);
  }

  /**
   * Returns a sliding-window or chunked attention layer over {@code window} tokens with rotary
   * positions.
   *
   * @param mixer a windowed mixer
   * @param window tokens the layer sees, at least 1
   * @param mlp the feed-forward block
   * @return the layer
   * @throws IllegalArgumentException if {@code mixer} is not windowed or {@code window} is not
   *     positive
   */
  public static LayerSpec windowed(LayerMixer mixer, int window, MlpKind mlp) {
    return new LayerSpec(mixer, window, true, mlp);
  }

  /**
   * Returns a copy that applies rotary positions or not (false for NoPE layers).
   *
   * @param value whether attention applies rotary positions
   * @return this layer if nothing changes, else a copy
   */
  public LayerSpec withRotary(boolean value) {
    return value == rotary ? this : new LayerSpec(mixer, window, value, mlp);
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

  /** Returns the token mixer. */
  public LayerMixer mixer() {
    return mixer;
  }

  /** Returns tokens a sliding-window or chunked attention layer sees; 0 for other mixers. */
  public int window() {
    return window;
  }

  /** Returns whether attention applies rotary positions (false for Llama 4 and SmolLM3's NoPE layers, and for layers without attention). */
  public boolean rotary() {
    return rotary;
  }

  /** Returns the feed-forward block. */
  public MlpKind mlp() {
    return mlp;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof LayerSpec o
          && Objects.equals(mixer, o.mixer)
          && window == o.window
          && rotary == o.rotary
          && Objects.equals(mlp, o.mlp);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(mixer);
    h = 31 * h + Integer.hashCode(window);
    h = 31 * h + Boolean.hashCode(rotary);
    h = 31 * h + Objects.hashCode(mlp);
    return h;
  }

  @Override
  public String toString() {
    return "LayerSpec[mixer=" + mixer + ", window=" + window + ", rotary=" + rotary + ", mlp=" + mlp + "]";
  }
}
