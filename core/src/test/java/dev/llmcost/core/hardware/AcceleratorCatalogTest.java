package dev.llmcost.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import dev.llmcost.core.DataUnit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The bundled datasheets equal {@code accelerators.csv} (copied from the validation data). */
class AcceleratorCatalogTest {

  @Test
  void everyRowOfTheDatasheetTableIsBundledWithDensePeaks() throws IOException {
    int rows = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(getClass().getResourceAsStream("accelerators.csv")), StandardCharsets.UTF_8))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] c = line.split(",", -1);
        AcceleratorSpec a = AcceleratorCatalog.bundled().get(c[0]);
        rows++;
        assertThat(a.name()).isEqualTo(c[1]);
        check(a, DType.FP32, c[2]);
        check(a, DType.TF32, c[3]);
        check(a, c[0].startsWith("v100") || c[0].equals("t4") ? DType.FP16 : DType.BF16, c[4]);
        check(a, DType.FP8_E4M3, c[5]);
        check(a, DType.INT8, c[6]);
        assertThat(a.memory().to(DataUnit.GIB)).as(c[0]).isEqualTo(Double.parseDouble(c[7]));
        assertThat(a.memoryBandwidth().toGBps()).as(c[0]).isEqualTo(Double.parseDouble(c[8]));
        if (!c[9].isEmpty()) {
          assertThat(a.scaleUpBandwidth().toGBps()).as(c[0]).isEqualTo(Double.parseDouble(c[9]));
        }
        if (!c[10].isEmpty()) {
          assertThat(a.tdpWatts()).as(c[0]).isEqualTo(Double.parseDouble(c[10]));
        }
        assertThat(a.source()).isNotBlank();
      }
    }
    assertThat(rows).isEqualTo(AcceleratorCatalog.bundled().all().size()).isEqualTo(31);
  }

  private static void check(AcceleratorSpec a, DType t, String tflops) {
    if (tflops.isEmpty()) {
      return;
    }
    assertThat(a.requirePeak(t).toTera()).as(a.id() + " " + t).isEqualTo(Double.parseDouble(tflops));
  }

  @Test
  void blackwellUltraKeepsBlackwellsFp8AndBf16PeaksAndRaisesOnlyFp4() {
    AcceleratorCatalog c = AcceleratorCatalog.bundled();
    // HGX B300: FP8 and BF16 as B200's, dense FP4 108/8 PFLOPS; GB300: as GB200's, dense FP4 15 PFLOPS
    assertThat(c.get("b300").requirePeak(DType.FP8_E4M3)).isEqualTo(c.get("b200").requirePeak(DType.FP8_E4M3));
    assertThat(c.get("b300").requirePeak(DType.BF16)).isEqualTo(c.get("b200").requirePeak(DType.BF16));
    assertThat(c.get("gb300").requirePeak(DType.FP8_E4M3)).isEqualTo(c.get("gb200").requirePeak(DType.FP8_E4M3));
    assertThat(c.get("gb300").requirePeak(DType.BF16)).isEqualTo(c.get("gb200").requirePeak(DType.BF16));
    assertThat(c.get("b300").requirePeak(DType.FP4).toTera()).isEqualTo(13500.0);
    assertThat(c.get("gb300").requirePeak(DType.FP4).toTera()).isEqualTo(15000.0);
    // INT8 is cut on Blackwell Ultra and its figure is not carried: asking for it is refused, never defaulted
    assertThat(c.get("gb300").densePeaks()).doesNotContainKey(DType.INT8);
    assertThatThrownBy(() -> c.get("b300").requirePeak(DType.INT8)).isInstanceOf(IllegalArgumentException.class);
    assertThat(c.get("dgx-b300").id()).isEqualTo("b300");
    assertThat(c.get("gb300-nvl72").id()).isEqualTo("gb300");
  }

  @Test
  void h100IsNeverGivenItsSparsityFigure() {
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100");
    assertThat(h100.id()).isEqualTo("h100-sxm");
    assertThat(h100.requirePeak(DType.BF16).toTera()).isEqualTo(989.4);
    assertThat(h100.requirePeak(DType.FP16).toTera()).isEqualTo(989.4);
    assertThat(h100.requirePeak(DType.FP8_E5M2).toTera()).isEqualTo(1978.9);
    assertThat(h100.ridgePoint(DType.BF16)).isCloseTo(295.3, org.assertj.core.data.Offset.offset(0.1));
    assertThat(h100.scaleUpBandwidthPerDirection().toGBps()).isEqualTo(450.0);
  }

  @Test
  void scaleUpDomainsAndScaleOutFollowTheirSources() {
    AcceleratorCatalog c = AcceleratorCatalog.bundled();
    assertThat(c.get("h100-sxm").scaleUpDomain()).isEqualTo(8);
    assertThat(c.get("gb200").scaleUpDomain()).isEqualTo(72);
    // Blackwell Ultra: HGX B300 boards of 8, GB300 NVL72 racks of 72; one ConnectX-8 (800 Gbit/s) per GPU in both
    // (MLPerf Training v5.1 system descriptions, Nebius B300 and NVIDIA GB300 NVL72)
    assertThat(c.get("b300").scaleUpDomain()).isEqualTo(8);
    assertThat(c.get("gb300").scaleUpDomain()).isEqualTo(72);
    assertThat(c.get("b300").scaleOutBandwidth().toGBps()).isEqualTo(100.0);
    assertThat(c.get("gb300").scaleOutBandwidth().toGBps()).isEqualTo(100.0);
    assertThat(c.get("mi300x").scaleUpDomain()).isEqualTo(8);
    assertThat(c.get("h800").scaleUpBandwidthPerDirection().toGBps()).isEqualTo(200.0);
    // cloud.google.com/tpu/docs: largest v5p single-slice job 6144 chips, 50 Gbit/s DCN per chip; v5e pods of 256
    assertThat(c.get("tpu-v5p").scaleUpDomain()).isEqualTo(6144);
    assertThat(c.get("tpu-v5p").scaleOutBandwidth().toGBps()).isEqualTo(6.25);
    assertThat(c.get("tpu-v5e").scaleUpDomain()).isEqualTo(256);
    assertThat(c.get("tpu-v5e").scaleUpBandwidth().toGBps()).isEqualTo(400.0);
    assertThat(c.get("tpu-v4").scaleUpDomain()).isEqualTo(4096);
    // data-centre network: 2 x 100 Gbps NICs per 8-chip v5e host (cloud.google.com/tpu/docs/v5e); about 2.5e10
    // bytes/s per host of 4 chips for v4 and v5p (jax-ml/scaling-book tpus.md)
    assertThat(c.get("tpu-v5e").scaleOutBandwidth().toGBps()).isEqualTo(3.125);
    assertThat(c.get("tpu-v4").scaleOutBandwidth().toGBps()).isEqualTo(6.25);
  }

  @Test
  void lookupsReturnOptionalsAndErrorsListCloseIds() {
    assertThat(AcceleratorCatalog.bundled().find("tpu-v9")).isEmpty();
    assertThat(AcceleratorCatalog.bundled().find("H200")).isPresent();
    assertThatThrownBy(() -> AcceleratorCatalog.bundled().get("h10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown accelerator \"h10\"; did you mean")
        .hasMessageContaining("h100-sxm");
    assertThatThrownBy(() -> AcceleratorCatalog.bundled().get("t4").requirePeak(DType.BF16))
        .hasMessageContaining("has no dense bf16 peak");
  }

  @Test
  void nvlinkLessServersScaleUpOverTheirPcie() {
    for (String id : new String[] {"l40s", "l4", "a10", "rtx-4090"}) {
      AcceleratorSpec a = AcceleratorCatalog.bundled().get(id);
      // the datasheets' PCIe Gen4 x16, 64 GB/s both directions, between the 8 GPUs of a server
      assertThat(a.scaleUpOverPcie()).as(id).isTrue();
      assertThat(a.scaleUpLink()).as(id).isEqualTo("PCIe Gen4 x16");
      assertThat(a.scaleUpBandwidth().toGBps()).as(id).isEqualTo(64.0);
      assertThat(a.scaleUpDomain()).as(id).isEqualTo(8);
    }
    assertThat(AcceleratorCatalog.bundled().get("h100-sxm").scaleUpOverPcie()).isFalse();
    assertThat(AcceleratorCatalog.bundled().get("h100-sxm").scaleUpLink()).isEmpty();
    assertThat(AcceleratorCatalog.bundled().get("t4").scaleUpDomain()).isEqualTo(1);
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    assertThat(h100.toBuilder().scaleUpLink("PCIe Gen5 x16").build()).isNotEqualTo(h100)
        .satisfies(x -> assertThat(x.scaleUpOverPcie()).isTrue());
  }

  @Test
  void everyGpuNamesItsSourcedHostLink() {
    AcceleratorCatalog c = AcceleratorCatalog.bundled();
    // datasheets: V100 and T4 PCIe Gen3 32 GB/s, A100 'PCIe Gen4: 64GB/s', H100/H200 'PCIe Gen5: 128GB/s',
    // GB200 NVLink-C2C 900 GB/s to its Grace, whose LPDDR5X gives each of the rack's 72 GPUs 18.4 TB/s / 72
    assertThat(c.get("v100-sxm2-32gb").hostLink()).isEqualTo("PCIe Gen3 x16");
    assertThat(c.get("t4").hostLinkBandwidth().toGBps()).isEqualTo(32.0);
    assertThat(c.get("a100-sxm-80gb").hostLink()).isEqualTo("PCIe Gen4 x16");
    assertThat(c.get("a100-sxm-80gb").hostLinkBandwidth().toGBps()).isEqualTo(64.0);
    assertThat(c.get("h100-sxm").hostLink()).isEqualTo("PCIe Gen5 x16");
    assertThat(c.get("h200-sxm").hostLinkBandwidth().toGBps()).isEqualTo(128.0);
    assertThat(c.get("mi300x").hostLink()).isEqualTo("PCIe Gen5 x16");
    assertThat(c.get("gb200").hostLink()).isEqualTo("NVLink-C2C");
    assertThat(c.get("gb200").hostLinkBandwidth().toGBps()).isEqualTo(900.0);
    assertThat(c.get("gb200").hostMemoryBandwidth().toGBps()).isEqualTo(255.56);
    // GB300 NVL72: the same NVLink-C2C, the rack's 36 Graces give 14 TB/s of LPDDR5X to 72 GPUs
    assertThat(c.get("gb300").hostLink()).isEqualTo("NVLink-C2C");
    assertThat(c.get("gb300").hostMemoryBandwidth().toGBps()).isEqualTo(194.44);
    assertThat(c.get("b300").hostLink()).isEqualTo("PCIe Gen5 x16");
    assertThat(c.get("h100-sxm").hostMemoryBandwidth().bytesPerSecond()).isZero();
    assertThat(c.get("h100-sxm").source()).contains("host link: NVIDIA H100");
    for (AcceleratorSpec a : c.all()) {
      // the TPUs' hosts publish no per-chip link; every GPU and Gaudi names one
      assertThat(a.hostLink().isEmpty()).as(a.id()).isEqualTo(a.id().startsWith("tpu-"));
    }
    AcceleratorSpec h100 = c.get("h100-sxm");
    assertThatThrownBy(() -> h100.toBuilder().hostLink("PCIe Gen5 x16", dev.llmcost.core.Bandwidth.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hostLink and hostLinkBandwidth of h100-sxm must be set together, were \"PCIe Gen5 x16\" and 0.0 GB/s");
    assertThat(h100.toBuilder().hostLink("", dev.llmcost.core.Bandwidth.ZERO).build()).isNotEqualTo(h100);
  }

  @Test
  void aHostMemoryBandwidthIsGivenOnlyBelowTheHostLinksOneWayRate() {
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    // PCIe Gen5 x16: 128 GB/s both directions, 64 each way; host memory at 64 GB/s or more would never bind
    assertThatThrownBy(() -> h100.toBuilder().hostMemoryBandwidth(dev.llmcost.core.Bandwidth.ofGBps(64)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hostMemoryBandwidth of h100-sxm must be below the one-way rate of its PCIe Gen5 x16 (64.0 GB/s),"
            + " was 64.0 GB/s");
    assertThat(h100.toBuilder().hostMemoryBandwidth(dev.llmcost.core.Bandwidth.ofGBps(50)).build()
        .hostMemoryBandwidth().toGBps()).isEqualTo(50.0);
    assertThatThrownBy(() -> h100.toBuilder().hostLink("", dev.llmcost.core.Bandwidth.ZERO)
            .hostMemoryBandwidth(dev.llmcost.core.Bandwidth.ofGBps(50)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hostMemoryBandwidth of h100-sxm needs a hostLink, was 50.0 GB/s without one");
  }
}
