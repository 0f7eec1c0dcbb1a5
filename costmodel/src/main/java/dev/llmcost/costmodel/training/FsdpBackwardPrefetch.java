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
   * gradients beside it too. PyTorch FSDP2 ({@code fully_shard}), Megatron-FSDP and PyTorch FSDP1
   * with {@code BackwardPrefetch.BACKWARD_PRE}.
   */
  PRE,
  /**
   * After the current layer's gradient computation: PyTorch FSDP1 with {@code
   * BackwardPrefetch.BACKWARD_POST}, issued from the layer's post-backward hook, so the next layer's
   * backward waits for its all-gather; only the reduce-scatter runs beside compute. MosaicML
   * Composer's default ({@code composer/trainer/dist_strategy.py}, {@code
   * fsdp_config.setdefault('backward_prefetch', 'BACKWARD_POST')}), which llm-foundry's benchmarks
   * keep.
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
