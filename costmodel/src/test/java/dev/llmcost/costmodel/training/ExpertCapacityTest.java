package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/** A capacity factor bounds the busiest expert's load; padding sets every expert's to it. */
class ExpertCapacityTest {

  static TrainingJob.Builder mixtral() {
    return TrainingJob.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64))
        .parallelism(Parallelism.builder().dp(16).tp(4).ep(8).etp(1).sequenceParallel(true).build())
        .sequenceLength(4096)
        .globalBatchSize(256)
        .microBatchSize(1)
        .recompute(Recompute.SELECTIVE);
  }

  static double step(TrainingJob j) {
    return TrainingCostModel.calibrated().estimate(j).stepSeconds();
  }

  @Test
  void theBusiestExpertIsCostedAtTheSmallerOfImbalanceAndCapacity() {
    ExpertCapacity c = ExpertCapacity.dropping(1.25);
    assertThat(c.busiestLoad(2.0)).isEqualTo(1.25);
    assertThat(c.busiestLoad(1.1)).isEqualTo(1.1);
    assertThat(c.droppedShareOfBusiest(2.0)).isCloseTo(0.375, within(1e-12));
    assertThat(c.droppedShareOfBusiest(1.1)).isZero();
    assertThat(ExpertCapacity.padded(1.25).busiestLoad(1.0)).isEqualTo(1.25);
    assertThat(ExpertCapacity.DROPLESS.busiestLoad(2.0)).isEqualTo(2.0);
    assertThat(ExpertCapacity.DROPLESS.isDropless()).isTrue();
    assertThat(ExpertCapacity.padded(1.5).describe()).isEqualTo("capacity 1.5, padded");
    assertThat(ExpertCapacity.dropping(1.0).describe()).isEqualTo("capacity 1.0");
  }

  @Test
  void aCapacityBelowTheImbalanceShortensTheStepAndEqualsThatImbalance() {
    double skewed = step(mixtral().expertLoadImbalance(2.0).build());
    double capped = step(mixtral().expertLoadImbalance(2.0).expertCapacity(ExpertCapacity.dropping(1.25)).build());
    double at125 = step(mixtral().expertLoadImbalance(1.25).build());
    assertThat(capped).isLessThan(skewed);
    assertThat(capped).isCloseTo(at125, within(1e-12 * at125));
    TrainingEstimate e = TrainingCostModel.calibrated()
        .estimate(mixtral().expertLoadImbalance(2.0).expertCapacity(ExpertCapacity.dropping(1.25)).build());
    assertThat(e.assumptions()).anyMatch(a -> a.contains("expert capacity 1.25") && a.contains("38% of its routed tokens dropped"));
    // the routing line no longer claims the busiest expert computes the full imbalance
    assertThat(e.assumptions()).anyMatch(a -> a.startsWith("routing imbalance 2.00: the busiest expert is routed 2.00")
        && a.contains("set by the expert capacity below"));
    assertThat(e.assumptions()).noneMatch(a -> a.contains("GEMMs and all-to-all carry 2.00"));
  }

  @Test
  void paddingToCapacityCostsTheCapacityEvenWhenRoutingIsBalanced() {
    double balanced = step(mixtral().build());
    double padded = step(mixtral().expertCapacity(ExpertCapacity.padded(1.5)).build());
    double at15 = step(mixtral().expertLoadImbalance(1.5).build());
    assertThat(padded).isGreaterThan(balanced).isCloseTo(at15, within(1e-12 * at15));
    assertThat(TrainingCostModel.calibrated().estimate(mixtral().expertCapacity(ExpertCapacity.padded(1.5)).build())
        .assumptions()).anyMatch(a -> a.startsWith("balanced expert routing assumed") && a.contains("expert capacity below"));
  }

  @Test
  void denseModelsIgnoreItAndBadFactorsAreRefused() {
    TrainingJob.Builder dense = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 8))
        .parallelism(Parallelism.dataParallel(8)).globalBatchSize(64).microBatchSize(1);
    assertThat(step(dense.expertCapacity(ExpertCapacity.padded(2)).build()))
        .isEqualTo(step(dense.expertCapacity(ExpertCapacity.DROPLESS).build()));
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> ExpertCapacity.dropping(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("expert capacity factor must be a finite number > 0, was " + bad);
    }
    assertThatThrownBy(() -> mixtral().expertCapacity(null)).isInstanceOf(NullPointerException.class);
    assertThat(mixtral().expertCapacity(ExpertCapacity.dropping(1.25)).build())
        .isNotEqualTo(mixtral().build())
        .isEqualTo(mixtral().build().toBuilder().expertCapacity(ExpertCapacity.dropping(1.25)).build());
  }

  @Test
  void utilizationNeverExceedsThePeakHoweverSmallTheFactor() {
    // s14j's probe: --expert-capacity-factor 1e-300 reported an MFU above 100%; the step was costed at the
    // capped load while the model FLOPs still counted every routed token
    for (double f : new double[] {1e-300, 1e-6, 0.01, 0.25, 0.5, 1.0, 1.25, 4}) {
      for (ExpertCapacity cap : new ExpertCapacity[] {ExpertCapacity.dropping(f), ExpertCapacity.padded(f)}) {
        for (FlopsAccounting a : FlopsAccounting.values()) {
          TrainingEstimate e = TrainingCostModel.calibrated()
              .estimate(mixtral().expertLoadImbalance(1.5).expertCapacity(cap).accounting(a).build());
          assertThat(e.mfu()).as("%s, %s", cap, a).isPositive().isLessThanOrEqualTo(1);
          assertThat(e.hfu()).as("%s, %s", cap, a).isPositive().isLessThanOrEqualTo(1);
        }
      }
    }
  }

  @Test
  void theModelFlopsCountOnlyTheTokensTheExpertsCompute() {
    assertThat(ExpertCapacity.DROPLESS.processedShare()).isEqualTo(1);
    assertThat(ExpertCapacity.dropping(1.25).processedShare()).isEqualTo(1);
    assertThat(ExpertCapacity.padded(0.5).processedShare()).isEqualTo(0.5);
    TrainingEstimate full = TrainingCostModel.calibrated().estimate(mixtral().build());
    TrainingEstimate half = TrainingCostModel.calibrated()
        .estimate(mixtral().expertCapacity(ExpertCapacity.dropping(0.5)).build());
    TrainingEstimate atOne = TrainingCostModel.calibrated()
        .estimate(mixtral().expertCapacity(ExpertCapacity.dropping(1.0)).build());
    // Mixtral 8x7B: 32 MoE layers, top-2 of 8 SwiGLU experts of 3 x 4096 x 14336 weights each
    double halfTheExperts = 0.5 * 6 * 32 * 2 * 3.0 * 4096 * 14336;
    assertThat(full.modelFlopsPerToken().value() - half.modelFlopsPerToken().value())
        .isCloseTo(halfTheExperts, within(1e-9 * halfTheExperts));
    assertThat(atOne.modelFlopsPerToken()).isEqualTo(full.modelFlopsPerToken());
  }
}
