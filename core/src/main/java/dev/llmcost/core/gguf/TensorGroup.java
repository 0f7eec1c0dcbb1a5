package dev.llmcost.core.gguf;

/** A group of GGUF tensors by what they do, from llama.cpp's tensor names. */
public enum TensorGroup {
  /** {@code token_embd}. */
  TOKEN_EMBEDDING,
  /** Attention projections, biases and query/key norms ({@code blk.N.attn_*} except the block norm). */
  ATTENTION,
  /** Dense MLP projections and biases ({@code ffn_gate}, {@code ffn_up}, {@code ffn_down}). */
  MLP,
  /** The MoE router ({@code ffn_gate_inp}). */
  ROUTER,
  /** Routed experts ({@code *_exps}). */
  ROUTED_EXPERTS,
  /** Shared experts ({@code *_shexp}). */
  SHARED_EXPERTS,
  /** Block and final norms ({@code attn_norm}, {@code ffn_norm}, {@code output_norm} ...). */
  NORMS,
  /** The untied output head ({@code output}). */
  OUTPUT_HEAD,
  /** Anything else (rope factors, position tables, vision towers ...). */
  OTHER;

  /**
   * Returns the group of a tensor name.
   *
   * @param name the tensor name
   * @return the group
   */
  public static TensorGroup of(String name) {
    if (name.startsWith("token_embd.")) {
      return TOKEN_EMBEDDING;
    }
    if (name.startsWith("output.")) {
      return OUTPUT_HEAD;
    }
    if (name.contains("_exps.")) {
      return ROUTED_EXPERTS;
    }
    if (name.contains("_shexp")) {
      return SHARED_EXPERTS;
    }
    if (name.contains("ffn_gate_inp") || name.contains("exp_probs_b")) {
      return ROUTER;
    }
    if (name.endsWith("attn_norm.weight") || name.endsWith("attn_norm.bias")
        || name.contains("ffn_norm.") || name.startsWith("output_norm.") || name.contains("post_attention_norm")
        || name.contains("post_ffw_norm") || name.contains("layer_output_norm")) {
      return NORMS;
    }
    if (name.contains(".attn_")) {
      return ATTENTION;
    }
    if (name.contains(".ffn_")) {
      return MLP;
    }
    return OTHER;
  }
}
