package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The normalisation layers of a transformer.
 */
public final class Normalization {
  private final NormKind kind;
  private final int perLayer;
  private final boolean finalNorm;

  /**
   * Validates the layout.
   *
   * @throws IllegalArgumentException if {@code perLayer} is negative
   */
  private Normalization(NormKind kind, int perLayer, boolean finalNorm) {
    Require.nonNegative("perLayer", perLayer);
    this.kind = kind;
    this.perLayer = perLayer;
    this.finalNorm = finalNorm;
  }

  /**
   * Returns a layout of {@code perLayer} norms of {@code kind} in each layer, with or without a
   * final norm.
   *
   * @param kind the norm used throughout
   * @param perLayer norms in each layer, at least 0
   * @param finalNorm whether a norm follows the last layer
   * @return the layout
   * @throws IllegalArgumentException if {@code perLayer} is negative
   */
  public static Normalization of(NormKind kind, int perLayer, boolean finalNorm) {
    return new Normalization(kind, perLayer, finalNorm);
  }

  /** Pre-norm RMSNorm, two per layer and a final one (Llama). */
  public static final Normalization RMS_PRE_NORM = new Normalization(NormKind.RMS_NORM, 2, true);

  /** Pre-norm LayerNorm, two per layer and a final one (GPT-2). */
  public static final Normalization LAYER_NORM_PRE_NORM =
      new Normalization(NormKind.LAYER_NORM, 2, true);

  /** Returns the norm used throughout. */
  public NormKind kind() {
    return kind;
  }

  /** Returns norms in each layer: 2 for pre-norm and post-norm blocks, 1 for a shared norm before parallel attention and MLP (GPT-J, Falcon-7B, Phi-2), 4 for Gemma 2's sandwich norms. */
  public int perLayer() {
    return perLayer;
  }

  /** Returns whether a norm follows the last layer (absent in BERT's post-norm layout). */
  public boolean finalNorm() {
    return finalNorm;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof Normalization o
          && Objects.equals(kind, o.kind)
          && perLayer == o.perLayer
          && finalNorm == o.finalNorm;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(kind);
    h = 31 * h + Integer.hashCode(perLayer);
    h = 31 * h + Boolean.hashCode(finalNorm);
    return h;
  }

  @Override
  public String toString() {
    return "Normalization[kind=" + kind + ", perLayer=" + perLayer + ", finalNorm=" + finalNorm + "]";
  }
}
