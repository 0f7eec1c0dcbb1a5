package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.inference.InferenceCalibration;
import dev.llmcost.costmodel.local.LocalProfile;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Residual;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The former records of the cost model (issue 15): builders rebuild equal values, defaults are
 * those of the removed short constructors, and a residual's error cannot contradict its prediction.
 */
class CostmodelValueClassesTest {

  @Test
  void buildersRebuildEqualValues() {
    for (PrecisionRecipe r : PrecisionRecipe.BUNDLED) {
      assertThat(r.toBuilder().build()).as(r.id()).isEqualTo(r).hasSameHashCodeAs(r);
    }
    for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
      EfficiencyProfile p = EfficiencyProfiles.forAccelerator(a);
      assertThat(p.toBuilder().build()).as(a.id()).isEqualTo(p).hasSameHashCodeAs(p);
    }
    assertThat(InferenceCalibration.CALIBRATED.toBuilder().build()).isEqualTo(InferenceCalibration.CALIBRATED);
    assertThat(LocalProfile.DEFAULT.toBuilder().build()).isEqualTo(LocalProfile.DEFAULT);
    for (CalibrationRun r : EfficiencyCalibration.bundledRuns()) {
      assertThat(r.toBuilder().build()).as(r.id()).isEqualTo(r).hasSameHashCodeAs(r);
    }
    assertThat(SearchSpace.ALL.withInterleaved(false).withInterleaved(true)).isEqualTo(SearchSpace.ALL);
    assertThat(PrecisionRecipe.BF16_MIXED.toBuilder().id("mine").gradientBytes(2).build().bytesPerParameter(12))
        .isEqualTo(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS.bytesPerParameter(12));
  }

  @Test
  void anEfficiencyProfileBuilderDefaultsAsTheShortConstructorDid() {
    EfficiencyProfile p = EfficiencyProfile.builder().acceleratorId("x").matmulPeakFraction(0.8)
        .matmulHalfSaturationDim(100).memoryBandwidthFraction(0.8).scaleUpBandwidthFraction(0.9)
        .scaleOutBandwidthFraction(0.5).collectiveLatencySeconds(1e-5).source("test").build();
    assertThat(p.networkLatencySeconds()).isEqualTo(1e-5);
    assertThat(p.fp8MatmulPeakFraction()).isEqualTo(0.8);
    assertThat(p.attentionHalfSaturationSeq()).isZero();
    assertThat(p.layerOverheadSeconds()).isZero();
    assertThat(p.sustainedComputeFactor()).isEqualTo(1.0);
    assertThat(p.toBuilder().networkLatencySeconds(2e-5).fp8MatmulPeakFraction(0.6).build())
        .satisfies(q -> assertThat(q.networkLatencySeconds()).isEqualTo(2e-5))
        .satisfies(q -> assertThat(q.fp8MatmulPeakFraction()).isEqualTo(0.6));
    assertThatThrownBy(() -> EfficiencyProfile.builder().acceleratorId("x").matmulPeakFraction(0.8).source("t").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("memoryBandwidthFraction must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> EfficiencyProfile.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("acceleratorId must be set on EfficiencyProfile.Builder");
  }

  @Test
  void aResidualDerivesItsErrorFromItsPrediction() {
    CalibrationRun run = EfficiencyCalibration.bundledRuns().get(0);
    double predicted = EfficiencyCalibration.predict(run);
    Residual r = Residual.of(run, predicted);
    assertThat(r.error()).isEqualTo(run.throughputError(predicted));
    assertThat(r.fitted()).isFalse();
    assertThat(r).isEqualTo(Residual.of(run, predicted)).isNotEqualTo(Residual.of(run, predicted * 2));
  }

  @Test
  void aClusterTakesAnotherLayoutWithItsLinks() {
    Cluster c = Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64);
    Cluster two = c.withNodes(8, 2);
    assertThat(two.gpus()).isEqualTo(16);
    assertThat(two.interNodeBandwidth()).isEqualTo(c.interNodeBandwidth());
    assertThat(two.profile()).isEqualTo(c.profile());
    assertThat(c.withNodes(8, 8)).isSameAs(c);
    assertThatThrownBy(() -> c.withNodes(8, 0)).hasMessage("nodes must be > 0, was 0");
    assertThat(List.of(c.withNodes(8, 2))).containsExactly(two);
  }
}
