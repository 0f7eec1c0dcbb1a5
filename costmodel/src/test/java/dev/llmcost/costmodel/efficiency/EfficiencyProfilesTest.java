package dev.llmcost.costmodel.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import org.junit.jupiter.api.Test;

class EfficiencyProfilesTest {

  @Test
  void trainingProfilesComeFromMicrobenchmarks() {
    EfficiencyProfile a100 = EfficiencyProfiles.forAccelerator(AcceleratorCatalog.bundled().get("a100-sxm-80gb"));
    EfficiencyProfile h200 = EfficiencyProfiles.forAccelerator(AcceleratorCatalog.bundled().get("h200-sxm"));
    EfficiencyProfile h100 = EfficiencyProfiles.forAccelerator(AcceleratorCatalog.bundled().get("h100-sxm"));
    assertThat(a100.acceleratorId()).isEqualTo("a100-sxm-80gb");
    assertThat(a100.source()).startsWith("microbenchmarks");
    // ml-engineering's maximum achievable matmul FLOPS: 271.2 of 312 on A100 SXM
    assertThat(a100.matmulPeakFraction()).isCloseTo(271.2 / 312, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(h200.matmulPeakFraction()).isEqualTo(h100.matmulPeakFraction());
    assertThat(a100.overlapEfficiency()).isEqualTo(EfficiencyProfiles.FITTED_OVERLAP_EFFICIENCY);
  }

  @Test
  void acceleratorsWithoutMeasurementsSayWhatTheyBorrow() {
    EfficiencyProfile tpu = EfficiencyProfiles.forAccelerator(AcceleratorCatalog.bundled().get("tpu-v5p"));
    assertThat(tpu.source()).contains("GEMM rows of its silicon family, not of tpu-v5p itself")
        .contains("no attention rows for tpu-v5p");
    EfficiencyProfile a10 = EfficiencyProfiles.forAccelerator(AcceleratorCatalog.bundled().get("a10"));
    assertThat(a10.source()).contains("no GEMM rows for a10").contains("no attention rows for a10");
    // the L40S has a GEMM row of its own (torch-performance-test-data: 269.15 of 362.05 TFLOP/s), no attention rows
    EfficiencyProfile l40s = EfficiencyProfiles.forAccelerator(AcceleratorCatalog.bundled().get("l40s"));
    assertThat(l40s.source()).doesNotContain("GEMM rows").contains("no attention rows for l40s");
    assertThat(l40s.matmulPeakFraction()).isCloseTo(269.15 / 362.05, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void blackwellUltraTakesItsFamilysRowsWhereItHasNoneAndSaysSo() {
    AcceleratorCatalog c = AcceleratorCatalog.bundled();
    EfficiencyProfile b300 = EfficiencyProfiles.forAccelerator(c.get("b300"));
    EfficiencyProfile gb300 = EfficiencyProfiles.forAccelerator(c.get("gb300"));
    // B300 has best-shape GEMM rows of its own (ml-engineering MAMF: 1769 of 2250 bf16 TFLOP/s); GB300 has none and
    // takes the family's best-shape row, which is that same B300 row
    assertThat(b300.source()).doesNotContain("GEMM rows of its silicon family");
    assertThat(b300.matmulPeakFraction()).isCloseTo(1769.0 / 2250, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(gb300.source()).contains("GEMM rows of its silicon family, not of gb300 itself");
    assertThat(gb300.matmulPeakFraction()).isEqualTo(b300.matmulPeakFraction());
    // neither has attention or collective rows: B200's and GB200's stand in, and the profile says so
    for (EfficiencyProfile p : java.util.List.of(b300, gb300)) {
      assertThat(p.source()).contains("attention rows of its silicon family, not of " + p.acceleratorId() + " itself")
          .contains("NVLink rows of its silicon family, not of " + p.acceleratorId() + " itself")
          .contains("network rows of its silicon family, not of " + p.acceleratorId() + " itself");
    }
  }

  @Test
  void inferenceKeepsItsEndToEndBase() {
    EfficiencyProfile a100 = EfficiencyProfiles.inferenceBase(AcceleratorCatalog.bundled().get("a100-sxm-80gb"));
    EfficiencyProfile a100x40 = EfficiencyProfiles.inferenceBase(AcceleratorCatalog.bundled().get("a100-sxm-40gb"));
    EfficiencyProfile mi300 = EfficiencyProfiles.inferenceBase(AcceleratorCatalog.bundled().get("mi300x"));
    assertThat(a100.source()).startsWith("fitted by EfficiencyCalibration");
    assertThat(a100x40.matmulPeakFraction()).isEqualTo(a100.matmulPeakFraction());
    assertThat(a100x40.source()).startsWith("calibration of a100-sxm-80gb (same chip)");
    assertThat(EfficiencyProfiles.ids()).containsExactly("a100", "h100");
    assertThat(EfficiencyProfiles.calibratedAccelerators()).contains("h800-sxm", "a100-pcie-80gb");
    assertThat(mi300.matmulPeakFraction()).isEqualTo(EfficiencyProfiles.defaultProfile().matmulPeakFraction());
    assertThat(mi300.source()).startsWith("no calibration data for mi300x: default profile");
    assertThat(EfficiencyProfiles.calibrated("mi300x")).isEmpty();
  }

  @Test
  void theShapeCurveSaturatesWithTheSmallestDimension() {
    EfficiencyProfile p = EfficiencyProfile.builder()
        .acceleratorId("x")
        .matmulPeakFraction(0.8)
        .matmulHalfSaturationDim(100)
        .memoryBandwidthFraction(0.8)
        .scaleUpBandwidthFraction(0.9)
        .scaleOutBandwidthFraction(0.5)
        .collectiveLatencySeconds(1e-5)
        .source("test")
        .build();
    assertThat(p.attentionKernelFraction()).isEqualTo(EfficiencyProfile.DEFAULT_ATTENTION_KERNEL_FRACTION);
    assertThat(p.overlapEfficiency()).isEqualTo(EfficiencyProfile.DEFAULT_OVERLAP_EFFICIENCY);
    assertThat(p.matmulEfficiency(100, 8192, 8192)).isEqualTo(0.4);
    assertThat(p.matmulEfficiency(8192, 100, 8192)).isEqualTo(0.4);
    assertThat(p.matmulEfficiency(100.0)).isEqualTo(0.4);
    assertThat(p.matmulEfficiency(1 << 20, 1 << 20, 1 << 20)).isLessThan(0.8).isGreaterThan(0.79);
    assertThat(p.matmulRate(FlopRate.ofTera(1000), 100, 100, 100).toTera()).isEqualTo(400.0);
    assertThat(p.memoryBandwidth(Bandwidth.ofGBps(1000)).toGBps()).isEqualTo(800.0);
    assertThat(p.scaleUpBandwidth(Bandwidth.ofGBps(300)).toGBps()).isEqualTo(270.0);
    assertThat(p.scaleOutBandwidth(Bandwidth.ofGBps(50)).toGBps()).isEqualTo(25.0);
    assertThatThrownBy(() -> p.matmulEfficiency(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fractionsAreValidated() {
    assertThatThrownBy(() -> EfficiencyProfile.builder()
        .acceleratorId("x")
        .matmulPeakFraction(1.2)
        .matmulHalfSaturationDim(100)
        .memoryBandwidthFraction(0.8)
        .scaleUpBandwidthFraction(0.9)
        .scaleOutBandwidthFraction(0.5)
        .collectiveLatencySeconds(1e-5)
        .source("test")
        .build())
        .hasMessage("matmulPeakFraction must be in (0, 1], was 1.2");
    assertThatThrownBy(() -> EfficiencyProfile.builder()
        .acceleratorId("x")
        .matmulPeakFraction(0.8)
        .matmulHalfSaturationDim(100)
        .memoryBandwidthFraction(0.8)
        .scaleUpBandwidthFraction(0.9)
        .scaleOutBandwidthFraction(0.5)
        .collectiveLatencySeconds(1e-5)
        .attentionKernelFraction(0.3)
        .overlapEfficiency(1.5)
        .attentionHalfSaturationSeq(0)
        .networkLatencySeconds(1e-5)
        .fp8MatmulPeakFraction(0.8)
        .layerOverheadSeconds(0)
        .sustainedComputeFactor(1)
        .source("test")
        .build())
        .hasMessage("overlapEfficiency must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> EfficiencyProfile.builder()
        .acceleratorId("x")
        .matmulPeakFraction(0.8)
        .matmulHalfSaturationDim(-1)
        .memoryBandwidthFraction(0.8)
        .scaleUpBandwidthFraction(0.9)
        .scaleOutBandwidthFraction(0.5)
        .collectiveLatencySeconds(1e-5)
        .source("test")
        .build())
        .hasMessage("matmulHalfSaturationDim must be >= 0, was -1.0");
  }

  // s11l: the profiles of specs built in code were cached for good, one entry per distinct spec
  @org.junit.jupiter.api.Test
  void buildingManyDistinctSpecsDoesNotGrowTheProfileCache() {
    dev.llmcost.core.hardware.AcceleratorSpec h100 = dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get("h100-sxm");
    EfficiencyProfile bundled = EfficiencyProfiles.forAccelerator(h100);
    int before = EfficiencyProfiles.cachedProfiles();
    dev.llmcost.core.hardware.AcceleratorSpec first = h100.toBuilder().id("s11l-profile-0").build();
    EfficiencyProfile firstProfile = EfficiencyProfiles.forAccelerator(first);
    for (int i = 1; i < 500; i++) {
      EfficiencyProfiles.forAccelerator(h100.toBuilder().id("s11l-profile-" + i).build());
    }
    assertThat(EfficiencyProfiles.cachedProfiles()).isLessThanOrEqualTo(before + 64);
    // the bundled one is still the cached instance; an evicted spec's profile is computed again, equal to the first
    assertThat(EfficiencyProfiles.forAccelerator(h100)).isSameAs(bundled);
    assertThat(EfficiencyProfiles.forAccelerator(first)).isEqualTo(firstProfile);
  }
}
