package dev.llmcost.core.model;

/** Normalisation of queries and keys before attention, which adds a few parameters per layer. */
public enum QkNorm {
  /** No query/key norm. */
  NONE,
  /** One norm over the head dimension, shared by all heads (Qwen3, Gemma 3). */
  PER_HEAD,
  /** One norm over all query features and one over all key features (OLMo 2). */
  FULL_WIDTH
}
