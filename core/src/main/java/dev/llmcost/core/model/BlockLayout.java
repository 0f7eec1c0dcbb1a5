package dev.llmcost.core.model;

/**
 * How a transformer layer arranges its attention and its MLP: one after the other, or side by side
 * on the same input.
 */
public enum BlockLayout {
  /**
   * The standard "serialized" block: {@code y = x + MLP(LN(x + Attention(LN(x))))}; the MLP reads
   * the stream after the attention's update.
   */
  SERIAL,
  /**
   * The "parallel" block of GPT-J (Wang &amp; Komatsuzaki 2021): {@code y = x + MLP(LN(x)) +
   * Attention(LN(x))}, the attention and the MLP both read the layer's input, with one shared norm
   * (GPT-J, Falcon's {@code parallel_attn}, Phi-1/2) or two (GPT-NeoX's {@code
   * use_parallel_residual}, Falcon's {@code new_decoder_architecture}; {@link
   * Normalization#perLayer()} says which). Their output projections can be summed before a
   * tensor-parallel reduction (EleutherAI/gpt-neox {@code megatron/model/transformer.py}, {@code
   * gpt_j_residual}: "we can do a single allreduce after we add mlp / attn outputs").
   */
  PARALLEL,
  /**
   * {@link #PARALLEL} with the attention's and the MLP's input projections fused into one matrix
   * multiplication, as PaLM trains it (Chowdhery et al. 2022, arXiv:2204.02311 §2 "Parallel Layers":
   * "the MLP and Attention input matrix multiplications can be fused"): one shared norm, one
   * input GEMM, and with tensor parallelism one reduction per layer in each direction.
   */
  PARALLEL_FUSED_INPUT;

  /** Returns whether the attention and the MLP read the same input ({@link #PARALLEL} or {@link #PARALLEL_FUSED_INPUT}). */
  public boolean parallel() {
    return this != SERIAL;
  }
}
