package dev.llmcost.core.local;

/** How a local device holds a model's weights. */
public enum LocalDeviceKind {
  /** A GPU with its own memory, attached to a host over PCIe. */
  DISCRETE_GPU,
  /** An SoC whose GPU and CPU share one memory (Apple silicon, AMD Strix Halo). */
  UNIFIED_MEMORY,
  /** A CPU and its DRAM channels. */
  CPU
}
