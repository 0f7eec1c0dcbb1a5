package dev.llmcost.costmodel.internal.training;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.training.Cluster;
import java.util.Set;

/**
 * The link between an accelerator and its host's memory, over which activations offloaded to the
 * CPU travel: bandwidth per direction and the link's name.
 *
 * <ul>
 *   <li>GB200: NVLink-C2C, 900 GB/s bidirectional per Grace–Blackwell pair,
 *       450 GB/s each way (NVIDIA GB200 NVL72 datasheet, "NVLink-C2C 900 GB/s"), but the copies land in
 *       the Grace's LPDDR5X, which two GPUs share: the rack's 36 Graces have "up to 17 TB LPDDR5X | up to
 *       18.4 TB/s" (NVIDIA GB200 NVL72 specifications), 511 GB/s per Grace, 256 GB/s per GPU when both
 *       offload at once, as every rank of a data-parallel job does; the lower of the two is used;
 *   <li>Hopper, Blackwell and MI300-class parts in x86 servers: PCIe Gen5 x16, 64 GB/s per direction
 *       (32 GT/s × 16 lanes, PCI-SIG PCIe 5.0 specification; NVIDIA H100/B200 datasheets list PCIe Gen5
 *       128 GB/s bidirectional);
 *   <li>everything else: PCIe Gen4 x16, 32 GB/s per direction (16 GT/s × 16 lanes, PCIe 4.0), the
 *       host bus of the A100 generation, assumed for parts whose catalog entry names none.
 * </ul>
 *
 * <p>Datasheet figures, not measured copy rates: a pinned-memory copy reaches most of them.
 */
public final class HostLinks {
  private HostLinks() {}

  /** NVLink-C2C per direction, bytes/s (900 GB/s bidirectional, NVIDIA GB200 datasheet). */
  public static final double NVLINK_C2C_PER_DIRECTION = 450e9;

  /** A GB200 GPU's share of its Grace's LPDDR5X bandwidth, bytes/s: 18.4 TB/s over the NVL72 rack's 72 GPUs. */
  public static final double GRACE_MEMORY_PER_GPU = 18.4e12 / 72;

  /** PCIe Gen5 x16 per direction, bytes/s. */
  public static final double PCIE_GEN5_X16_PER_DIRECTION = 64e9;

  /** PCIe Gen4 x16 per direction, bytes/s: {@link Cluster#PCIE_BANDWIDTH}, the one PCIe 4.0 figure of the project. */
  public static final double PCIE_GEN4_X16_PER_DIRECTION = Cluster.PCIE_BANDWIDTH.bytesPerSecond();

  private static final Set<String> GRACE = Set.of("gb200"); // the catalog's only Grace-paired part

  private static final Set<String> GEN5 =
      Set.of("h100-sxm", "h100-pcie", "h100-nvl", "h100-hbm2e-96gb-500w", "h200-sxm", "h800-sxm", "b200",
          "mi300x", "mi325x");

  /**
   * Returns the host link's bandwidth per direction, bytes/s.
   *
   * @param a the accelerator
   * @return bytes/s one way
   */
  public static double bytesPerSecond(AcceleratorSpec a) {
    return GRACE.contains(a.id()) ? Math.min(NVLINK_C2C_PER_DIRECTION, GRACE_MEMORY_PER_GPU)
        : GEN5.contains(a.id()) ? PCIE_GEN5_X16_PER_DIRECTION : PCIE_GEN4_X16_PER_DIRECTION;
  }

  /**
   * Returns the host link's name, with its source.
   *
   * @param a the accelerator
   * @return the name ("NVLink-C2C", "PCIe Gen5 x16", "PCIe Gen4 x16 (assumed)")
   */
  public static String name(AcceleratorSpec a) {
    return GRACE.contains(a.id()) ? "NVLink-C2C to the Grace CPU (900 GB/s bidirectional), at the GPU's half of the Grace's LPDDR5X"
        + " bandwidth (256 GB/s; NVIDIA GB200 NVL72: 18.4 TB/s over 72 GPUs)"
        : GEN5.contains(a.id()) ? "PCIe Gen5 x16 to the host (64 GB/s per direction)"
            : "PCIe Gen4 x16 to the host (32 GB/s per direction, assumed: the catalog names no host link)";
  }
}
