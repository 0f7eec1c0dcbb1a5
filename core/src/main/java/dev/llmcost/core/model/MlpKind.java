package dev.llmcost.core.model;

/** The feed-forward block of one layer. */
public enum MlpKind {
  /** No feed-forward block (Mamba-2 layers). */
  NONE,
  /** The dense MLP of the architecture. */
  DENSE,
  /** A mixture of experts. */
  MOE
}
