package dev.llmcost.costmodel.training;

import java.util.Locale;

/**
 * When a fully sharded (ZeRO-3 / FSDP) job all-gathers the next layer's parameters during the
 * backward pass, which decides how much of the gathering hides behind compute.
 */
public enum FsdpBackwardPrefetch {
  /**
   * Before the current layer's gradient computation (the default): the all-gather of the next layer
   * runs beside the current layer's backward, and the reduce-scatter of the previous layer's
   * gradients beside it too: PyTorch FSDP2 ({@code fully_shard}) and Megatron-FSDP, costed layer by
   * layer. Not PyTorch FSDP1 with {@code BackwardPrefetch.BACKWARD_PRE}: that is costed as {@link
   * #POST} (see there).
   */
  PRE,
  /**
   * After the current layer's gradient computation: PyTorch FSDP1 with {@code
   * BackwardPrefetch.BACKWARD_POST}, issued from the layer's post-backward hook, so the next layer's
   * backward waits for its all-gather; only the reduce-scatter runs beside compute. MosaicML
   * Composer's default ({@code composer/trainer/dist_strategy.py}, {@code
   * fsdp_config.setdefault('backward_prefetch', 'BACKWARD_POST')}), which llm-foundry's benchmarks
   * keep. The profile's fitted overlap efficiency, fitted on those runs, prices what FSDP1 hides.
   *
   * <p>Also PyTorch FSDP1 with {@code BACKWARD_PRE} (s20l, 2026-12-07). FSDP1 issues every
   * all-gather and reduce-scatter of a process group on the one NCCL stream of the device ("For NCCL
   * backend, any collectives, even if issued in different streams, contend for the same per-device
   * NCCL stream", {@code BackwardPrefetch} in {@code torch/distributed/fsdp/api.py}), and the two
   * settings differ only in the order they issue them: {@code BACKWARD_PRE} issues the next unit's
   * all-gather in the current unit's pre-backward hook, {@code BACKWARD_POST} in its post-backward
   * hook, where "the next all-gather is reordered to be before the current reduce-scatter" (same
   * docstring). Either way each unit's backward has the same all-gather and reduce-scatter to carry
   * on that stream; the rate limiter ({@code limit_all_gathers}: at most two units' parameters
   * gathered, {@code _FreeEventQueue} with {@code _max_num_inflight_all_gathers = 2}) is the same
   * too. So nothing in FSDP1 (torch 2.1.0, which llm-foundry 5e85bd62d pins) gives the
   * layer-by-layer charge of {@link #PRE}; and llm-foundry's January-2024 sweep, which ran
   * {@code BACKWARD_PRE} with forward prefetch, measured the same rates as its first H100 table,
   * which ran {@code BACKWARD_POST} ({@code held-out-runs.md}, s20j, s20l).
   *
   * <p>With ZeRO 2, PyTorch FSDP1's {@code SHARD_GRAD_OP} (s21a, 2026-12-07): one all-gather per FSDP unit in the
   * forward and one reduce-scatter per unit in the backward, each a ring of its own paying its step latencies, hidden
   * by the same fitted overlap efficiency, in place of Megatron-Core's bucketed ZeRO-2 overlap that {@link #PRE}
   * keeps for ZeRO 2 ({@code Evaluator.fsdp1ShardGradOp}).
   */
  POST;

  /** Returns the lower-case id used in tables ({@code pre}, {@code post}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Finds a prefetch mode by id, in any case; {@code backward_pre} and {@code backward_post} also
   * name them.
   *
   * @param name the id
   * @return the mode
   * @throws IllegalArgumentException if no mode has that id
   */
  public static FsdpBackwardPrefetch parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "pre", "backward_pre", "backward-pre" -> PRE;
      case "post", "backward_post", "backward-post" -> POST;
      default -> throw new IllegalArgumentException(
          "fsdp backward prefetch must be one of pre, post, was \"" + name + "\"");
    };
  }
}
