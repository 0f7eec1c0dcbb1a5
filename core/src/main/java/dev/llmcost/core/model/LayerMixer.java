package dev.llmcost.core.model;

/**
 * What mixes tokens in one layer: attention over the whole context, over a window or a chunk, or a
 * recurrent mixer (linear attention, state-space model) whose state does not grow with the context.
 */
public enum LayerMixer {
  /** Causal attention over every earlier token; its KV cache grows with the context. */
  FULL_ATTENTION(true, false),
  /**
   * Attention over the last {@code window} tokens (Mistral 7B v0.1, Gemma 2/3, gpt-oss): the KV
   * cache holds at most the window.
   */
  SLIDING_ATTENTION(true, false),
  /**
   * Attention within fixed chunks of {@code window} tokens (Llama 4's chunked attention): the KV
   * cache holds at most one chunk.
   */
  CHUNKED_ATTENTION(true, false),
  /**
   * Linear attention such as the gated DeltaNet of Qwen3-Next (Yang et al. 2024,
   * arXiv:2412.06464): a fixed-size recurrent state per sequence, no KV cache.
   */
  LINEAR_ATTENTION(false, true),
  /** A selective state-space layer (Mamba, Gu and Dao 2023; Mamba-2, Dao and Gu 2024). */
  STATE_SPACE(false, true),
  /**
   * Attention and a state-space layer side by side in one layer (Falcon-H1): both a KV cache and
   * a recurrent state.
   */
  ATTENTION_AND_STATE_SPACE(true, true);

  private final boolean attention;
  private final boolean recurrent;

  LayerMixer(boolean attention, boolean recurrent) {
    this.attention = attention;
    this.recurrent = recurrent;
  }

  /** Returns whether the layer has attention, and so a KV cache. */
  public boolean hasAttention() {
    return attention;
  }

  /** Returns whether the layer keeps a recurrent state of constant size per sequence. */
  public boolean hasRecurrentState() {
    return recurrent;
  }

  /** Returns whether the layer's KV cache is capped by a window or chunk. */
  public boolean isWindowed() {
    return this == SLIDING_ATTENTION || this == CHUNKED_ATTENTION;
  }
}
