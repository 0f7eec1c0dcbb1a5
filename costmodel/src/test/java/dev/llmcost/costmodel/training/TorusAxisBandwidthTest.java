package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import org.junit.jupiter.api.Test;

/**
 * Collectives over one mesh axis of a TPU slice move their bytes over the links of the torus axes that mesh axis
 * lies on: "bytes / (bidirectional ICI bandwidth * num_axes)" (jax-ml/scaling-book sharding.md at 0819a7d), so a
 * tensor-parallel axis of up to 16 chips has one of a TPU v4's three torus axes, and the data-parallel axes beside it
 * the other two; a switched fabric (NVLink) gives every group the whole bandwidth.
 */
class TorusAxisBandwidthTest {

  static final AcceleratorSpec V4 = AcceleratorCatalog.bundled().get("tpu-v4");
  static final AcceleratorSpec V5E = AcceleratorCatalog.bundled().get("tpu-v5e");
  static final AcceleratorSpec V5P = AcceleratorCatalog.bundled().get("tpu-v5p");
  static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  static final ModelArchitecture LLAMA = ModelCatalog.bundled().get("llama-2-13b");

  @Test
  void theTorusAxesOfEachGenerationAndNoneOnASwitchedFabric() {
    assertThat(JobMapping.torusAxes(V4)).isEqualTo(3);
    assertThat(JobMapping.torusAxes(V5P)).isEqualTo(3);
    assertThat(JobMapping.torusAxes(V5E)).isEqualTo(2);
    assertThat(JobMapping.torusAxes(AcceleratorCatalog.bundled().get("tpu-v6e"))).isEqualTo(2);
    assertThat(JobMapping.torusAxes(H100)).isZero();
  }

  @Test
  void aTensorAxisOfUpTo16ChipsHasOneTorusAxisAndTheDataAxesTheRest() {
    HardwareConstants hw = new HardwareConstants();
    hw.torusAxes = 3;
    assertThat(hw.torusShare(1, true)).isEqualTo(1);
    assertThat(hw.torusShare(1, false)).isEqualTo(1);
    assertThat(hw.torusShare(12, true)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(hw.torusShare(12, false)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(hw.torusShare(16, true)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(hw.torusShare(32, true)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(hw.torusShare(32, false)).isCloseTo(1.0 / 3, within(1e-12));
    hw.torusAxes = 2;
    assertThat(hw.torusShare(16, true)).isEqualTo(0.5);
    assertThat(hw.torusShare(16, false)).isEqualTo(0.5);
    assertThat(hw.torusShare(64, true)).isEqualTo(0.5); // never all the axes: the data axes keep one
    hw.torusAxes = 0;
    assertThat(hw.torusShare(8, true)).isEqualTo(1);
    assertThat(hw.torusShare(8, false)).isEqualTo(1);
  }

  @Test
  void inASliceTheShareScalesTheScaleUpRateAndAcrossSlicesTheNetworkIsUnchanged() {
    HardwareConstants hw = new HardwareConstants();
    hw.gpusPerNode = 256;
    hw.scaleUpBandwidth = 200e9;
    hw.scaleOutBandwidth = 5e9;
    assertThat(hw.groupBandwidth(16, 1, 1.0 / 3)).isCloseTo(200e9 / 3, within(1.0));
    assertThat(hw.groupBandwidth(16, 1)).isEqualTo(200e9);
    // a group that leaves the slice runs at the network's rate whatever the share
    assertThat(hw.groupBandwidth(2, 256, 2.0 / 3)).isEqualTo(hw.groupBandwidth(2, 256));
  }

  static TrainingEstimate estimate(AcceleratorSpec acc, int tp) {
    int chips = 64;
    TrainingJob job =
        TrainingJob.builder(LLAMA, Cluster.of(acc, chips, acc.id().startsWith("tpu") ? 64 : 8))
            .parallelism(Parallelism.builder().dp(chips / tp).tp(tp).sequenceParallel(true).build())
            .zero(ZeroStage.PARAMETERS)
            .precision(PrecisionRecipe.BF16_MIXED)
            .recompute(Recompute.FULL)
            .sequenceLength(2048)
            .microBatchSize(1)
            .globalBatchSize(chips / tp * 4)
            .build();
    return TrainingCostModel.calibrated().estimate(job);
  }

  @Test
  void theEstimateSaysWhichTorusAxesItsTensorParallelismUsesAndAGpuJobSaysNothing() {
    TrainingEstimate v4 = estimate(V4, 4);
    assertThat(v4.time().tensorParallel()).isPositive();
    assertThat(v4.assumptions()).anySatisfy(a -> assertThat(a).contains("on one of its 3 torus axes (33.3%"));
    assertThat(estimate(V5E, 8).assumptions()).anySatisfy(a -> assertThat(a).contains("on one of its 2 torus axes"));
    assertThat(estimate(H100, 4).assumptions()).noneSatisfy(a -> assertThat(a).contains("torus"));
  }

  @Test
  void aTpuTensorAxisIsSlowerThanTheSameJobWithoutTensorParallelismWouldSuggestAndMonotoneInTheShare() {
    // one of three axes: the per-pass collectives take three times what the chip's whole ICI would
    HardwareConstants hw = new HardwareConstants();
    hw.torusAxes = 3;
    hw.gpusPerNode = 64;
    hw.scaleUpBandwidth = 270e9;
    assertThat(hw.groupBandwidth(4, 1, hw.torusShare(4, true)) * 3).isCloseTo(hw.groupBandwidth(4, 1), within(1.0));
    assertThat(hw.groupBandwidth(16, 4, hw.torusShare(4, false)) * 1.5).isCloseTo(hw.groupBandwidth(16, 4), within(1.0));
  }
}
