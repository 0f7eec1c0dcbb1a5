package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Multi-head attention (Vaswani et al. 2017) with grouped-query (Ainslie et al. 2023) or
 * multi-query (Shazeer 2019) key/value sharing.
 *
 * <p>Projections: Q is {@code hidden × heads·headDim}, K and V are {@code hidden × kvHeads·headDim}
 * each, O is {@code heads·headDim × hidden}. Biases on Q/K/V and on O are separate switches (Qwen2
 * has the first, not the second). {@code headDim} may differ from {@code hidden / heads} (Gemma).
 */
public final class MultiHeadAttention implements Attention {
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final boolean qkvBias;
  private final boolean outputBias;
  private final QkNorm qkNorm;
  private final int slidingWindow;
  private final int slidingWindowLayers;

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if a size is not positive, if kvHeads does not divide heads,
   *     or if a sliding window is given for no layers (or the reverse)
   */
  private MultiHeadAttention(
      int heads,
      int kvHeads,
      int headDim,
      boolean qkvBias,
      boolean outputBias,
      QkNorm qkNorm,
      int slidingWindow,
      int slidingWindowLayers) {
    Require.positive("heads", heads);
    Require.positive("kvHeads", kvHeads);
    Require.positive("headDim", headDim);
    Require.nonNegative("slidingWindow", slidingWindow);
    Require.nonNegative("slidingWindowLayers", slidingWindowLayers);
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "kvHeads must divide heads (" + heads + "), was " + kvHeads);
    }
    if ((slidingWindow == 0) != (slidingWindowLayers == 0)) {
      throw new IllegalArgumentException(
          "slidingWindow and slidingWindowLayers must both be 0 or both positive, was "
              + slidingWindow
              + " and "
              + slidingWindowLayers);
    }
    this.heads = heads;
    this.kvHeads = kvHeads;
    this.headDim = headDim;
    this.qkvBias = qkvBias;
    this.outputBias = outputBias;
    this.qkNorm = qkNorm;
    this.slidingWindow = slidingWindow;
    this.slidingWindowLayers = slidingWindowLayers;
  }

  /**
   * Returns plain attention without biases, norms or windows.
   *
   * @param heads query heads
   * @param kvHeads key/value heads
   * @param headDim dimension of one head
   * @return the attention block
   */
  public static MultiHeadAttention of(int heads, int kvHeads, int headDim) {
    return new MultiHeadAttention(heads, kvHeads, headDim, false, false, QkNorm.NONE, 0, 0);
  }

  /** Returns a copy with the given biases. */
  public MultiHeadAttention withBiases(boolean qkv, boolean output) {
    return qkv == qkvBias && output == outputBias
        ? this
        : new MultiHeadAttention(
            heads, kvHeads, headDim, qkv, output, qkNorm, slidingWindow, slidingWindowLayers);
  }

  /** Returns a copy with the given query/key norm. */
  public MultiHeadAttention withQkNorm(QkNorm norm) {
    return norm == qkNorm
        ? this
        : new MultiHeadAttention(
            heads, kvHeads, headDim, qkvBias, outputBias, norm, slidingWindow, slidingWindowLayers);
  }

  /** Returns a copy where {@code layers} layers attend within a window of {@code window} tokens. */
  public MultiHeadAttention withSlidingWindow(int window, int layers) {
    return window == slidingWindow && layers == slidingWindowLayers
        ? this
        : new MultiHeadAttention(heads, kvHeads, headDim, qkvBias, outputBias, qkNorm, window, layers);
  }

  /** Returns how many query heads share one key/value head (1 for MHA). */
  public int groupSize() {
    return heads / kvHeads;
  }

  @Override
  public int queryWidth() {
    return Math.multiplyExact(heads, headDim);
  }

  /** Returns the width of the keys (and of the values): {@code kvHeads × headDim}. */
  public int kvWidth() {
    return Math.multiplyExact(kvHeads, headDim);
  }

  @Override
  public long parameters(int hidden, NormKind norm) {
    long q = Math.multiplyExact((long) hidden, queryWidth());
    long kv = Math.multiplyExact(2L * hidden, kvWidth());
    long o = q;
    long biases = (qkvBias ? queryWidth() + 2L * kvWidth() : 0) + (outputBias ? hidden : 0);
    long norms =
        switch (qkNorm) {
          case NONE -> 0;
          case PER_HEAD -> 2 * norm.parameters(headDim);
          case FULL_WIDTH -> norm.parameters(queryWidth()) + norm.parameters(kvWidth());
        };
    return Math.addExact(Math.addExact(Math.addExact(q, kv), o), biases + norms);
  }

  @Override
  public long kvCacheElementsPerTokenPerLayer() {
    return 2L * kvWidth();
  }

  /** Returns query heads, at least 1. */
  public int heads() {
    return heads;
  }

  /** Returns key/value heads: {@code heads} for MHA, fewer for GQA, 1 for MQA; divides heads. */
  public int kvHeads() {
    return kvHeads;
  }

  /** Returns dimension of one head. */
  public int headDim() {
    return headDim;
  }

  /** Returns whether the Q, K and V projections have biases. */
  public boolean qkvBias() {
    return qkvBias;
  }

  /** Returns whether the output projection has a bias. */
  public boolean outputBias() {
    return outputBias;
  }

  /** Returns normalisation of queries and keys. */
  public QkNorm qkNorm() {
    return qkNorm;
  }

  /** Returns tokens a sliding-window layer attends to; 0 when no layer uses a window. */
  public int slidingWindow() {
    return slidingWindow;
  }

  /** Returns how many layers use the sliding window (Mistral v0.1: all; Gemma 2: every other one). */
  public int slidingWindowLayers() {
    return slidingWindowLayers;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof MultiHeadAttention o
          && heads == o.heads
          && kvHeads == o.kvHeads
          && headDim == o.headDim
          && qkvBias == o.qkvBias
          && outputBias == o.outputBias
          && Objects.equals(qkNorm, o.qkNorm)
          && slidingWindow == o.slidingWindow
          && slidingWindowLayers == o.slidingWindowLayers;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(heads);
    h = 31 * h + Integer.hashCode(kvHeads);
    h = 31 * h + Integer.hashCode(headDim);
    h = 31 * h + Boolean.hashCode(qkvBias);
    h = 31 * h + Boolean.hashCode(outputBias);
    h = 31 * h + Objects.hashCode(qkNorm);
    h = 31 * h + Integer.hashCode(slidingWindow);
    h = 31 * h + Integer.hashCode(slidingWindowLayers);
    return h;
  }

  @Override
  public String toString() {
    return "MultiHeadAttention[heads=" + heads + ", kvHeads=" + kvHeads + ", headDim=" + headDim
        + ", qkvBias=" + qkvBias + ", outputBias=" + outputBias + ", qkNorm=" + qkNorm
        + ", slidingWindow=" + slidingWindow + ", slidingWindowLayers=" + slidingWindowLayers + "]";
  }
}
