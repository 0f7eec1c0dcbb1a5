package dev.llmcost.core.model;

/** What a group of parameters does, which decides how it is counted, quantized and sharded. */
public enum ComponentRole {
  /** The token embedding table ({@code vocab × hidden}). */
  TOKEN_EMBEDDING(true, false),
  /** A learned position table. */
  POSITION_EMBEDDING(true, false),
  /** BERT's token-type table. */
  TOKEN_TYPE_EMBEDDING(true, false),
  /** The norm after the embeddings (BERT, BLOOM). */
  EMBEDDING_NORM(false, false),
  /** Attention projections, their biases and norms inside the block, per layer. */
  ATTENTION(false, true),
  /** The gated DeltaNet (linear attention) of a linear-attention layer. */
  LINEAR_ATTENTION(false, true),
  /** The Mamba / Mamba-2 mixer of a state-space layer. */
  STATE_SPACE(false, true),
  /** The norms of a layer. */
  LAYER_NORMS(false, false),
  /** The dense MLP of a dense layer. */
  MLP(false, true),
  /** The router of an MoE layer. */
  ROUTER(false, false),
  /** The always-active shared expert MLP of an MoE layer. */
  SHARED_EXPERTS(false, true),
  /** One routed expert MLP; only the top-k of them run for a token. */
  ROUTED_EXPERTS(false, true),
  /** The norm after the last layer. */
  FINAL_NORM(false, false),
  /** An untied output head ({@code hidden × vocab}, plus its bias if any). */
  OUTPUT_HEAD(true, false),
  /** BERT's pooler ({@code hidden × hidden} plus bias). */
  POOLER(false, false),
  /** A multimodal wrapper's vision tower and projector. */
  VISION(false, false);

  private final boolean embedding;
  private final boolean quantizable;

  ComponentRole(boolean embedding, boolean quantizable) {
    this.embedding = embedding;
    this.quantizable = quantizable;
  }

  /**
   * Returns whether the parameters count as embedding parameters: the token, position and
   * token-type tables and an untied output head (the convention of Kaplan et al. 2020 and of the
   * Qwen2 report's "non-embedding parameters").
   */
  public boolean isEmbedding() {
    return embedding;
  }

  /**
   * Returns whether weight-only quantization (GPTQ, AWQ, bitsandbytes) normally quantizes these
   * parameters: the linear layers of attention and MLPs; embeddings, norms, routers and the output
   * head stay in 16 bits.
   */
  public boolean isQuantizable() {
    return quantizable;
  }
}
