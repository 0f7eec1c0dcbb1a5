package dev.llmcost.costmodel.internal.training;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.training.Cluster;
import java.util.Locale;

/**
 * The link between an accelerator and its host's memory, over which activations offloaded to the
 * CPU (and, in fine-tuning, optimizer states and paged memory) travel: bandwidth per direction and
 * the link's name, from the accelerator catalog's {@code host_link}, {@code host_link_gbps} and
 * {@code host_memory_gbps} (each entry's {@code host_link_source} cites the datasheet).
 *
 * <p>The rate one way is half the datasheet's bidirectional figure (PCIe Gen5 x16: 128 GB/s, 64 GB/s
 * each way; NVLink-C2C: 900 GB/s, 450 each way), capped by the host memory bandwidth one device can
 * draw where the catalog gives one (GB200: the Grace's LPDDR5X, 18.4 TB/s over an NVL72 rack's 72
 * GPUs, 256 GB/s each when every rank offloads at once). A part whose entry names no host link (the
 * TPUs) is assumed to sit on PCIe Gen4 x16, 32 GB/s each way, the host bus of the A100 generation, and
 * the name says so.
 *
 * <p>Over PCIe a pinned-memory copy reaches {@link #PCIE_COPY_FRACTION} of the one-way figure, the
 * fraction measured with CUDA's bandwidthTest on an A100 PCIe (Gen4 x16); the protocol's overheads
 * (128b/130b coding, packet headers) are the same from Gen3 to Gen5, so the one measured fraction is
 * taken for every PCIe generation, an assumption. NVLink-C2C keeps its datasheet figure: no copy
 * benchmark of it was found, and on GB200 the Grace's memory share binds first.
 */
public final class HostLinks {
  private HostLinks() {}

  /** PCIe Gen4 x16 per direction, bytes/s: {@link Cluster#PCIE_BANDWIDTH}, the one PCIe 4.0 figure of the project. */
  public static final double PCIE_GEN4_X16_PER_DIRECTION = Cluster.PCIE_BANDWIDTH.bytesPerSecond();

  /**
   * The share of a PCIe link's one-way figure a pinned host-device copy reaches: 0.80, the mean of
   * 25.8 GB/s host to device and 25.7 GB/s device to host for 1 GB transfers over 32 GB/s, measured
   * with the CUDA 11.3 samples' {@code bandwidthTest --memory=pinned --mode=range} on an NVIDIA
   * A100-PCIE-40GB of Princeton's Della cluster (jdh4/della-gpu-A100 README.md at commit 6bc648ec,
   * section "DELLA"). It replaces the fine-tuning model's "PCIe 4.0 x16 at about 80%: 25 GB/s, assumed".
   */
  public static final double PCIE_COPY_FRACTION = (25.8e9 + 25.7e9) / 2 / PCIE_GEN4_X16_PER_DIRECTION;

  /** The host link's pinned-copy rate assumed where the catalog names none, bytes/s one way: PCIe Gen4 x16. */
  public static final double ASSUMED_BYTES_PER_SECOND = PCIE_GEN4_X16_PER_DIRECTION * PCIE_COPY_FRACTION;

  /**
   * Returns the host link's bandwidth per direction, bytes/s: half the catalog's bidirectional
   * figure, at the measured pinned-copy fraction over PCIe, capped by the host memory bandwidth per
   * device where the catalog gives one; PCIe Gen4 x16 where it names no host link.
   *
   * @param a the accelerator
   * @return bytes/s one way
   */
  public static double bytesPerSecond(AcceleratorSpec a) {
    if (a.hostLink().isEmpty()) {
      return ASSUMED_BYTES_PER_SECOND;
    }
    double copies = copyRate(a);
    double memory = a.hostMemoryBandwidth().bytesPerSecond();
    return memory > 0 ? Math.min(copies, memory) : copies;
  }

  /** The catalog link's one-way figure at the measured pinned-copy fraction over PCIe, bytes/s. */
  private static double copyRate(AcceleratorSpec a) {
    return a.hostLinkBandwidth().bytesPerSecond() / 2 * (pcie(a) ? PCIE_COPY_FRACTION : 1);
  }

  private static boolean pcie(AcceleratorSpec a) {
    return a.hostLink().startsWith("PCIe");
  }

  /**
   * Returns the host link's name and rate, in words.
   *
   * @param a the accelerator
   * @return the name and rate ("PCIe Gen5 x16 to the host (128 GB/s bidirectional, 64 GB/s per direction,
   *     h100-sxm datasheet), pinned copies at 80% of it (...): 51.5 GB/s one way"; on GB200 the host memory
   *     cap comes before the rate), ending in {@link #bytesPerSecond}'s figure
   */
  public static String name(AcceleratorSpec a) {
    String copies = String.format(Locale.ROOT, "pinned copies at %.0f%% of it (CUDA bandwidthTest on an A100 PCIe)",
        100 * PCIE_COPY_FRACTION);
    String rate = String.format(Locale.ROOT, ": %.1f GB/s one way", bytesPerSecond(a) / 1e9);
    if (a.hostLink().isEmpty()) {
      return String.format(Locale.ROOT, "PCIe Gen4 x16 to the host (%.0f GB/s per direction, assumed: the catalog"
          + " names no host link for %s), %s%s", PCIE_GEN4_X16_PER_DIRECTION / 1e9, a.id(), copies, rate);
    }
    double oneWay = a.hostLinkBandwidth().bytesPerSecond() / 2;
    double memory = a.hostMemoryBandwidth().bytesPerSecond();
    String link = String.format(Locale.ROOT, "%s to the host (%.0f GB/s bidirectional, %.0f GB/s per direction,"
        + " %s datasheet)%s", a.hostLink(), a.hostLinkBandwidth().toGBps(), oneWay / 1e9, a.id(),
        pcie(a) ? ", " + copies : "");
    // the cap is named where it binds as bytesPerSecond applies it: below the link's copy rate, not its datasheet
    return (memory > 0 && memory < copyRate(a)
        ? String.format(Locale.ROOT, "%s, at the host memory bandwidth one GPU can draw (%.0f GB/s)", link, memory / 1e9)
        : link) + rate;
  }
}
