package dev.llmcost.core.model;

/** How a transformer tells positions apart; only {@link #LEARNED} adds parameters. */
public enum PositionEncoding {
  /** A learned position table of {@code maxPositions × hidden} parameters (BERT, GPT-2, OPT). */
  LEARNED,
  /** Rotary position embeddings (Su et al. 2021): no parameters (Llama, Mistral, Qwen ...). */
  ROTARY,
  /** Attention with linear biases (Press et al. 2022): no parameters (BLOOM, MPT). */
  ALIBI,
  /** Fixed sinusoids (Vaswani et al. 2017): no parameters. */
  SINUSOIDAL,
  /** No position information beyond causal masking. */
  NONE
}
