package dev.llmcost.costmodel.training;

import java.util.Locale;

/**
 * ZeRO data-parallel sharding (Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward
 * Training Trillion Parameter Models", §5): what each data-parallel rank keeps only a {@code 1/N}
 * share of. PyTorch FSDP's {@code SHARD_GRAD_OP} is stage 2 and {@code FULL_SHARD} stage 3; HSDP
 * is stage 3 within a shard group (see {@link TrainingJob#shardGroupSize()}).
 */
public enum ZeroStage {
  /** Nothing sharded: every rank holds all states; gradients are all-reduced. */
  NONE(0),
  /** Optimizer states and master weights sharded (Megatron's distributed optimizer). */
  OPTIMIZER_STATES(1),
  /** Gradients sharded as well. */
  GRADIENTS(2),
  /** Parameters sharded as well: each layer is all-gathered before use (FSDP full shard). */
  PARAMETERS(3);

  private final int stage;

  ZeroStage(int stage) {
    this.stage = stage;
  }

  /** Returns the stage number 0-3. */
  public int stage() {
    return stage;
  }

  /**
   * Returns the stage with number {@code n}.
   *
   * @param n 0 to 3
   * @return the stage
   * @throws IllegalArgumentException if {@code n} is outside 0-3
   */
  public static ZeroStage of(int n) {
    for (ZeroStage z : values()) {
      if (z.stage == n) {
        return z;
      }
    }
    throw new IllegalArgumentException("zero must be 0, 1, 2 or 3, was " + n);
  }

  /**
   * Parses {@code 0}-{@code 3}, {@code fsdp} (3) or {@code shard-grad-op} (2).
   *
   * @param name the name
   * @return the stage
   * @throws IllegalArgumentException if the name is unknown
   */
  public static ZeroStage parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (key) {
      case "fsdp", "full-shard" -> {
        return PARAMETERS;
      }
      case "shard-grad-op" -> {
        return GRADIENTS;
      }
      default -> {
        try {
          return of(Integer.parseInt(key));
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException("zero must be 0, 1, 2, 3 or fsdp, was \"" + name + "\"", ex);
        }
      }
    }
  }
}
