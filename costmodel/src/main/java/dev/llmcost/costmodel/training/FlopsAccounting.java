package dev.llmcost.costmodel.training;

/**
 * Which operations "model FLOPs" count; published figures differ, and comparisons must use the
 * same one.
 */
public enum FlopsAccounting {
  /**
   * Six FLOPs per weight-matrix parameter per token (the output head included, the input
   * embedding lookup not) plus the attention term {@code 12·l·h_q·s}: Narayanan et al. 2021 eq.
   * 2, {@code 72Bslh²(1 + s/6h + V/12lh)} for GPT models. The default.
   */
  MATMUL_WEIGHTS,
  /**
   * Six FLOPs per parameter (all of them, embeddings included) plus the attention term: PaLM
   * (Chowdhery et al. 2022, App. B) as llm-foundry computes MFU.
   */
  ALL_PARAMETERS,
  /** Six FLOPs per parameter, no attention term: Kaplan et al. 2020; GPT-3 Table D.1. */
  SIX_N
}
