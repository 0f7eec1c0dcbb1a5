package dev.llmcost.costmodel.inference;

/**
 * How attention is computed, which decides the bytes it moves and whether the score matrix ever
 * reaches memory.
 */
public enum InferenceAttentionKernel {
  /**
   * Fused kernels in both phases: FlashAttention-style prefill (Dao et al. 2022, arXiv:2205.14135;
   * Dao 2023, arXiv:2307.08691) that never writes the score matrix and skips fully masked causal
   * blocks, and decode kernels that read each KV head once for its whole query group
   * (FlashDecoding, FlashInfer, TensorRT-LLM XQA, FlashMLA).
   */
  FLASH,
  /**
   * Fused prefill as {@link #FLASH}, but decode kernels that re-read a shared KV head once for
   * every query head of its group (TensorRT-LLM's masked multi-head attention without XQA, vLLM's
   * PagedAttention v1/v2): grouped-query attention saves KV memory but not KV traffic.
   */
  FUSED_PER_QUERY_HEAD,
  /**
   * Unfused attention as in eager PyTorch: the full {@code s × s} score matrix is computed (causal
   * masking after the fact), written, read by the softmax, written again and read by the value
   * product; grouped KV heads are expanded to one copy per query head.
   */
  EAGER,
  /**
   * TensorRT-LLM's (1.0) attention backend: fused kernels as {@link #FLASH}, except the decode
   * attention of chunked-attention layers (Llama 4's local layers) where TensorRT-LLM falls back to
   * its masked multi-head attention kernel, costed as {@link #FUSED_PER_QUERY_HEAD}: its JIT XQA
   * decode kernels reject chunked attention ({@code supportConfigCommon} in
   * cpp/tensorrt_llm/kernels/decoderMaskedMultiheadAttention/decoderXQAImplJIT/kernelUtils.cpp:
   * "chunked attention is not supported yet"), but SM100-family GPUs decode with trtllm-gen kernels
   * that take the chunk, and since TensorRT-LLM pull request 6306 an engine whose {@code
   * max_seq_len} stays below the chunk selects XQA for those layers too (the conditions and sources:
   * {@code ServingConfig.mmhaChunkedFallback}). Sliding-window and full-attention layers keep XQA.
   * Latent attention (MLA) decodes with TensorRT-LLM's own generation kernels, not at
   * FlashMLA's measured rate as under {@link #FLASH}: its backend runs FlashMLA only on SM90 with 64-token
   * KV blocks ({@code mUseGenFlashMLA} in cpp/tensorrt_llm/thop/attentionOp.cpp at commit 38134b13; the
   * default block is 32 tokens) and no rate of its own kernels is published, so they keep the GEMM curve
   * at the heads' rows.
   */
  TRTLLM_XQA;

  /**
   * Parses a kernel name ({@code flash}, {@code fused-per-query-head}, {@code eager}, {@code
   * trtllm-xqa}), ignoring
   * case.
   *
   * @param name the name
   * @return the kernel
   * @throws IllegalArgumentException if the name is unknown
   */
  public static InferenceAttentionKernel parse(String name) {
    String key = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (InferenceAttentionKernel k : values()) {
      if (k.name().equals(key)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "attention must be one of flash, fused-per-query-head, eager, trtllm-xqa, was \"" + name + "\"");
  }
}
