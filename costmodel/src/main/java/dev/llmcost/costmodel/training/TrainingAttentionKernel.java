package dev.llmcost.costmodel.training;

/** How the attention core is computed, which decides its memory and time. */
public enum TrainingAttentionKernel {
  /**
   * One fused kernel that never materialises the {@code s × s} scores (FlashAttention, Dao et al.
   * 2022): no {@code 5as/h} activation term, masked blocks of causal attention skipped, the
   * backward pass recomputes the scores (2.5× the forward FLOPs).
   */
  FLASH,
  /**
   * FlashAttention-1 (Dao et al. 2022) or its Triton port ({@code attn_impl: triton} of llm-foundry
   * in 2023): memory as {@link #FLASH}, time at FlashAttention-1's measured rate, which the
   * FlashAttention-2 paper (Fig. 4) shows at 40–55% of FlashAttention-2's on an A100.
   */
  FLASH_1,
  /**
   * Batched GEMMs around a (fused) softmax that stores the scores (Megatron-LM 2021-2022): the
   * {@code 5as/h} activation term, full {@code s²} work under a causal mask, softmax and dropout
   * as memory traffic.
   */
  UNFUSED
}
