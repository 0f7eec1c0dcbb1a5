package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/** A scale-up domain other than the catalog's: partial NVL72 racks, TPU slices, PCIe hosts. */
class ScaleUpDomainTest {

  static final AcceleratorCatalog CATALOG = AcceleratorCatalog.bundled();
  static final AcceleratorSpec GB200 = CATALOG.get("gb200");
  static final AcceleratorSpec V5P = CATALOG.get("tpu-v5p");
  static final ModelArchitecture GPT3 = ModelCatalog.bundled().get("gpt3-175b");

  @Test
  void nvl72RacksWith64GpusInUseFormDomainsOf64() {
    Cluster c = Cluster.of(GB200, 128, 64);
    assertThat(c.gpusPerNode()).isEqualTo(64);
    assertThat(c.nodes()).isEqualTo(2);
    assertThatThrownBy(() -> Cluster.of(GB200, 128))
        .hasMessage("gpus must be a multiple of the 72 GPUs per node of gb200, was 128");
    assertThatThrownBy(() -> Cluster.of(GB200, 160, 80))
        .hasMessage("scaleUpDomain must be <= the 72 GPUs one scale-up fabric of gb200 connects, was 80");
    assertThatThrownBy(() -> Cluster.of(GB200, 100, 64))
        .hasMessage("gpus must be a multiple of the 64 GPUs per node of gb200, was 100");
    assertThatThrownBy(() -> Cluster.of(GB200, 64, 0)).hasMessage("scaleUpDomain must be > 0, was 0");
  }

  @Test
  void aTpuSliceIsOneInterconnectDomain() {
    Cluster slice = Cluster.of(V5P, 512);
    assertThat(slice.gpusPerNode()).isEqualTo(512);
    assertThat(slice.nodes()).isEqualTo(1);
  }

  @Test
  void tensorParallelism16OnATpuSliceRunsOverIciNotTheNetwork() {
    TrainingJob.Builder b =
        TrainingJob.builder(GPT3, Cluster.of(V5P, 256))
            .parallelism(Parallelism.builder().dp(16).tp(16).sequenceParallel(true).build())
            .sequenceLength(2048)
            .globalBatchSize(256)
            .recompute(Recompute.FULL);
    TrainingEstimate slice = TrainingCostModel.calibrated().estimate(b.build());
    TrainingEstimate hosts = TrainingCostModel.calibrated().estimate(b.cluster(Cluster.of(V5P, 256, 4)).build());
    assertThat(slice.time().tensorParallel()).isLessThan(hosts.time().tensorParallel());
    assertThat(slice.assumptions()).anyMatch(a -> a.contains("scale-up domains of 256"))
        .anyMatch(a -> a.contains("tensor parallelism 16") && a.contains("over the scale-up fabric"));
    assertThat(hosts.assumptions()).anyMatch(a -> a.contains("tensor parallelism 16") && a.contains("over the network"));
  }

  @Test
  void gpusWithoutAScaleUpFabricMayShareAPcieHost() {
    Cluster l4 = Cluster.of(CATALOG.get("l4"), 16, 8);
    assertThat(l4.gpusPerNode()).isEqualTo(8);
    assertThat(l4.intraNodeBandwidth()).isEqualTo(Cluster.PCIE_BANDWIDTH);
  }

  @Test
  void pcieServersDefaultToEightGpusAndMayHoldMore() {
    AcceleratorSpec l40s = CATALOG.get("l40s");
    assertThat(l40s.scaleUpOverPcie()).isTrue();
    // the datasheet's PCIe Gen4 x16, 64 GB/s both directions: 32 GB/s each way between the GPUs of a server
    assertThat(Cluster.of(l40s, 16).gpusPerNode()).isEqualTo(8);
    assertThat(Cluster.of(l40s, 16).intraNodeBandwidth()).isEqualTo(Bandwidth.ofGBps(32));
    assertThat(Cluster.of(l40s, 20, 10).gpusPerNode()).isEqualTo(10);
    assertThatThrownBy(() -> Cluster.of(CATALOG.get("h100-sxm"), 20, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scaleUpDomain must be <= the 8 GPUs");
  }
}
