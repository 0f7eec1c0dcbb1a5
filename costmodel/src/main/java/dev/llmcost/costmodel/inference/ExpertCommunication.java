package dev.llmcost.costmodel.inference;

/**
 * How the MoE layers of an attention-data-parallel deployment bring each rank's tokens to the
 * GPUs that hold their experts and the outputs back ({@link InferenceScenario.Builder#attentionDataParallel}).
 */
public enum ExpertCommunication {
  /**
   * All-to-all: each token's top-k copies go to their experts' GPUs and come back weighted
   * (DeepEP, as SGLang's EP deployments and DeepSeek-V3 §3.4 run it; TensorRT-LLM over multi-node
   * NVLink). A GPU sends and receives {@code tokens / tp × k} copies per layer.
   */
  ALL_TO_ALL,
  /**
   * All-gather and reduce-scatter: every rank gathers all ranks' tokens (quantized to the expert
   * GEMMs' input type first), runs its local experts on those routed to them, and the outputs are
   * summed back to their ranks by a reduce-scatter in 16 bits; a GPU receives every token of the
   * step, whatever the top-k, and its MoE kernels read and write all of them. TensorRT-LLM's fused
   * MoE falls back to it unless multi-node NVLink (GB200 NVL) or DeepEP (opt-in environment
   * variable) is available, and always when {@code ep ≤ top-k} ({@code
   * CutlassFusedMoE.select_alltoall_method_type}, tensorrt_llm/_torch/modules/fused_moe/fused_moe_cutlass.py,
   * 2025: "NotEnabled" on a DGX H100/H200/B200 node; then {@code allgather} of the quantized
   * inputs before the MoE and {@code reducescatter} after it). For top-1 routing (Llama 4) it moves
   * {@code tp} times the bytes of an all-to-all; for top-k ≥ tp about as many.
   */
  ALL_GATHER;

  /** Returns the lower-case id that {@link #parse} reads: {@code all-to-all} or {@code all-gather}. */
  public String id() {
    return this == ALL_GATHER ? "all-gather" : "all-to-all";
  }

  /**
   * Parses a name ({@code all-to-all}, {@code all-gather}), ignoring case.
   *
   * @param name the name
   * @return the method
   * @throws IllegalArgumentException if the name is unknown
   */
  public static ExpertCommunication parse(String name) {
    String key = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (ExpertCommunication c : values()) {
      if (c.name().equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException("expert communication must be one of all-to-all, all-gather, was \"" + name + "\"");
  }
}
