package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import org.junit.jupiter.api.Test;

/** The host link's rate one way and the words that name it, from the accelerator catalog. */
class HostLinksTest {

  private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.bundled();

  @Test
  void pcieAtTheMeasuredCopyShareNvlinkC2cCappedByTheGracesMemoryAndPcieGen4WhereNoneIsNamed() {
    // bandwidthTest on an A100 PCIe: 25.8 and 25.7 GB/s of PCIe Gen4's 32 GB/s each way
    assertThat(HostLinks.PCIE_COPY_FRACTION).isCloseTo(25.75 / 32, within(1e-12));
    AcceleratorSpec h100 = CATALOG.get("h100-sxm");
    assertThat(HostLinks.bytesPerSecond(h100)).isCloseTo(64e9 * 25.75 / 32, within(1.0));
    assertThat(HostLinks.name(h100)).startsWith("PCIe Gen5 x16 to the host (128 GB/s bidirectional, 64 GB/s per"
        + " direction, h100-sxm datasheet), pinned copies at 80% of it").endsWith(": 51.5 GB/s one way");
    // GB200: NVLink-C2C's 450 GB/s each way, capped by 18.4 TB/s of LPDDR5X over 72 GPUs
    AcceleratorSpec gb200 = CATALOG.get("gb200");
    assertThat(HostLinks.bytesPerSecond(gb200)).isCloseTo(255.56e9, within(1.0));
    assertThat(HostLinks.name(gb200)).doesNotContain("pinned copies")
        .endsWith("at the host memory bandwidth one GPU can draw (256 GB/s): 255.6 GB/s one way");
    // a TPU names no host link: PCIe Gen4 x16 assumed, and the words say so
    AcceleratorSpec tpu = CATALOG.get("tpu-v5p");
    assertThat(tpu.hostLink()).isEmpty();
    assertThat(HostLinks.bytesPerSecond(tpu)).isEqualTo(HostLinks.ASSUMED_BYTES_PER_SECOND);
    assertThat(HostLinks.name(tpu)).contains("assumed: the catalog names no host link for tpu-v5p")
        .endsWith(": 25.8 GB/s one way");
  }
}
