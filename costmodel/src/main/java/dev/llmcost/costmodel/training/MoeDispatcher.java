package dev.llmcost.costmodel.training;

import java.util.Locale;

/** How an MoE job moves routed tokens to their experts' ranks and back (Megatron-Core's token dispatchers). */
public enum MoeDispatcher {
  /**
   * Megatron-Core's {@code alltoall} dispatcher (its default): every routed copy of a token (top-k of
   * them) is permuted into expert order and sent through an NCCL all-to-all, then regrouped by local
   * expert.
   */
  ALL_TO_ALL,
  /**
   * Megatron-Core's {@code flex} dispatcher with DeepEP or HybridEP kernels ({@code
   * --moe-token-dispatcher-type flex}): a token goes once to each rank that holds one of its experts,
   * and across scale-up domains once to each domain, then forwarded inside it over NVLink (DeepEP's
   * "forwarding data from NVLink domain to RDMA domain"; deepseek-ai/DeepEP {@code docs/legacy.md}).
   * Its dispatch kernel reads tokens straight from the layer's input and its combine kernel sums a token's
   * expert outputs, so no permute precedes the all-to-all and no unpermute follows it (Megatron-Core {@code
   * _DeepepManager}); only the regrouping by local expert on the receiving rank is memory traffic of its own.
   */
  FLEX;

  /** Returns the lower-case id used in tables ({@code alltoall}, {@code flex}). */
  public String id() {
    return this == ALL_TO_ALL ? "alltoall" : "flex";
  }

  /**
   * Finds a dispatcher by id, in any case; {@code deepep} and {@code hybridep} also name {@link #FLEX}.
   *
   * @param name the id
   * @return the dispatcher
   * @throws IllegalArgumentException if no dispatcher has that id
   */
  public static MoeDispatcher parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "alltoall", "all-to-all", "all_to_all" -> ALL_TO_ALL;
      case "flex", "deepep", "hybridep" -> FLEX;
      default -> throw new IllegalArgumentException(
          "moe dispatcher must be one of alltoall, flex (deepep, hybridep), was \"" + name + "\"");
    };
  }
}
