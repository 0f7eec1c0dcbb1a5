package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * A weight matrix an adapter can attach to, named as HuggingFace Llama modules are ({@code
 * q_proj} ... {@code down_proj}); a plain (non-gated) MLP has {@code up} and {@code down} only.
 */
public enum LoraTarget {
  /** Query projection. */
  Q,
  /** Key projection. */
  K,
  /** Value projection. */
  V,
  /** Attention output projection. */
  O,
  /** Gate projection of a gated MLP. */
  GATE,
  /** Up projection (a plain MLP's first matrix). */
  UP,
  /** Down projection (a plain MLP's second matrix). */
  DOWN,
  /** The token embedding. */
  EMBEDDINGS,
  /** The output head. */
  HEAD;

  /** Returns the lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
