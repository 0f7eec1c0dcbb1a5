package dev.llmcost.costmodel.training;

import java.util.Locale;

/**
 * Which part of each transformer layer a Megatron-Core training step replays from captured CUDA graphs instead of
 * launching kernel by kernel from the host ({@code cuda_graph_impl} and {@code cuda_graph_scope} of {@code
 * megatron/core/transformer/transformer_config.py} at core_v0.15.0; {@code enable_cuda_graph} before it).
 *
 * <p>A graph replay is one launch for every kernel captured in it, and the host does not run the captured region's
 * Python: what the graph removes is the host time of its kernels and any device-to-host synchronisation inside it,
 * so a step whose layers were host-bound becomes device-bound. A dropless MoE layer cannot be captured whole: its
 * all-to-all dispatcher reads the tokens per expert to the host to size its splits (the {@code d2h_event} of {@code
 * MoEAlltoAllTokenDispatcher}, {@code megatron/core/transformer/moe/token_dispatcher.py} at core_v0.14.0), which
 * only the padded capacity path ({@code moe_pad_expert_input_to_capacity}, "drop_and_pad": split sizes from the
 * capacity, {@code cuda_sync_point} "no_sync") avoids.
 */
public enum CudaGraphScope {
  /** Every kernel launched eagerly by the host (the default; the planner never searches another scope). */
  NONE,
  /**
   * Graphs of parts of each layer only: Transformer Engine graphs of scopes {@code moe_router} and {@code
   * moe_preprocess}, possibly {@code attn} ({@code cuda_graph_impl transformer_engine}), as Megatron-Bridge's MoE
   * performance recipes set them ({@code scripts/performance/configs/qwen/qwen3_workload_base_configs.py} at v0.3.0).
   * The dispatcher's synchronisation stays outside the graphs. Costed as {@link #NONE}: the eager kernel count the
   * MoE layer's host time is built on was itself measured with the router and preprocess graphs, and the kernels an
   * {@code attn} graph takes off the host are not counted apart.
   */
  PARTIAL,
  /**
   * Megatron-Core's whole-layer graphs ({@code enable_cuda_graph}, {@code cuda_graph_impl local} with scope {@code
   * full}): each transformer layer's forward and backward replayed as one graph each per micro-batch. An MoE layer
   * is captured only with its input padded to capacity ({@code "moe cuda graph is only supported with drop-padding
   * MoE."}, {@code transformer_config.py} at NVIDIA/Megatron-LM 2b343d739f, #1920, in core_v0.16.0).
   */
  FULL_LAYER;

  /** Returns the lower-case id used in tables and on the command line ({@code none}, {@code partial}, {@code full}). */
  public String id() {
    return switch (this) {
      case NONE -> "none";
      case PARTIAL -> "partial";
      case FULL_LAYER -> "full";
    };
  }

  /**
   * Finds a scope by id, in any case: {@code none} (or {@code false}), {@code partial}, {@code full} (or {@code
   * full-layer}, {@code layer}).
   *
   * @param name the id
   * @return the scope
   * @throws IllegalArgumentException if no scope has that id, quoting it
   */
  public static CudaGraphScope parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "none", "false" -> NONE;
      case "partial" -> PARTIAL;
      case "full", "full-layer", "full_layer", "layer" -> FULL_LAYER;
      default -> throw new IllegalArgumentException(
          "cudaGraphs must be one of none, partial, full, was \"" + name + "\"");
    };
  }
}
