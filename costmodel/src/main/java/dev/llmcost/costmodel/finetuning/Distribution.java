package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * How a run spreads over its GPUs: one GPU, replicas that all-reduce gradients (PyTorch DDP), or
 * parameters, gradients and optimizer states sharded across the GPUs and gathered layer by layer
 * (PyTorch FSDP, Zhao et al. 2023, "PyTorch FSDP"; ZeRO-3, Rajbhandari et al. 2020).
 */
public enum Distribution {
  /** One GPU. */
  SINGLE,
  /** Data-parallel replicas. */
  DDP,
  /** Fully sharded data parallel. */
  FSDP;

  /** Returns the lower-case name with dashes. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a name (any case, dashes or underscores).
   *
   * @param name the name
   * @return the value
   * @throws IllegalArgumentException naming the value if it is unknown
   */
  public static Distribution parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Distribution v : values()) {
      if (v.id().equals(key)) {
        return v;
      }
    }
    throw new IllegalArgumentException("distribution must be one of single, ddp, fsdp, was \"" + name + "\"");
  }
}
