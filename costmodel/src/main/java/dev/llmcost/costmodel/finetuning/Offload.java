package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * What lives in host memory instead of the GPU.
 *
 * <p>{@code OPTIMIZER}: ZeRO-Offload (Ren et al. 2021, "ZeRO-Offload", §4): optimizer states on the
 * host, updated there, gradients down and parameters up over PCIe each step. {@code ALL}: FSDP's
 * CPU offload of parameters, gradients and states; the GPU holds the layers it is computing.
 */
public enum Offload {
  /** Nothing offloaded. */
  NONE,
  /** Optimizer states on the host. */
  OPTIMIZER,
  /** Parameters, gradients and optimizer states on the host. */
  ALL;

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
  public static Offload parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Offload v : values()) {
      if (v.id().equals(key)) {
        return v;
      }
    }
    throw new IllegalArgumentException("offload must be one of none, optimizer, all, was \"" + name + "\"");
  }
}
