package dev.llmcost.costmodel.inference;

/** The operator groups a forward pass is costed by, each on its own roofline. */
public enum OperatorGroup {
  /** Q, K and V projections (for latent attention: the down and up projections of Q and KV). */
  QKV_PROJECTION,
  /** The attention core: scores, softmax and the weighted sum of values, with KV-cache traffic. */
  ATTENTION,
  /** The attention output projection. */
  OUTPUT_PROJECTION,
  /** The dense MLP of dense layers and the shared experts of MoE layers. */
  MLP,
  /** The router and the routed experts of MoE layers. */
  ROUTED_EXPERTS,
  /** Norms, residual additions, rotary embeddings, activations and the embedding lookup. */
  ELEMENTWISE,
  /** The output head and its logits. */
  LM_HEAD,
  /** Tensor-parallel all-reduces, two per layer. */
  TP_ALL_REDUCE,
  /** Activations sent from one pipeline stage to the next. */
  PIPELINE_TRANSFER,
  /** Serving overhead outside the kernels (launch gaps, synchronisation). */
  OVERHEAD,
  /**
   * Expert-parallel all-to-all of MoE layers under attention data parallelism: each token's top-k
   * copies dispatched to the GPUs holding their experts and the outputs combined back (or, with
   * {@link ExpertCommunication#ALL_GATHER}, every rank's tokens gathered and the outputs
   * reduce-scattered).
   */
  EP_ALL_TO_ALL,
  /**
   * The linear-attention and state-space layers of hybrids (gated DeltaNet, Mamba, Mamba-2): their
   * input and output projections and the recurrence over each sequence's constant-size state (one
   * step per decoded token, the chunked scan in prefill).
   */
  RECURRENT_MIXER
}
