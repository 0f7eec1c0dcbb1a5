package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * Training metrics over the logits ({@link TrainingJob#trainingMetricCrossEntropies()}): Composer's trainer runs each
 * of the model's training metrics after every micro-batch's backward pass, and llm-foundry's MPT defines two cross
 * entropies over the full logits; each costs {@link Evaluator#TRAINING_METRIC_BYTES_PER_LOGIT} of memory traffic per
 * logit and nothing else.
 */
class TrainingMetricCrossEntropiesTest {

  static final ModelArchitecture LLAMA_3_8B = ModelCatalog.bundled().get("llama-3-8b");
  static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");

  static TrainingEstimate estimate(int metrics) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(LLAMA_3_8B, Cluster.of(H100, 8))
            .parallelism(Parallelism.builder().dp(8).build())
            .sequenceLength(4096)
            .globalBatchSize(32)
            .microBatchSize(2)
            .trainingMetricCrossEntropies(metrics)
            .build());
  }

  @Test
  void eachMetricAddsItsBytesPerLogitOfEveryMicroBatchAtTheAchievedBandwidth() {
    TrainingEstimate none = estimate(0);
    TrainingEstimate two = estimate(2);
    double logits = 2.0 * 2 * 4096 * 128256; // two micro-batches per step (32 / (2 × 8)), the whole vocabulary (tp 1)
    double bandwidth = H100.memoryBandwidth().bytesPerSecond() * none.job().cluster().profile().memoryBandwidthFraction();
    double extra = 2 * Evaluator.TRAINING_METRIC_BYTES_PER_LOGIT * logits / bandwidth;
    assertThat(two.time().memoryBound() - none.time().memoryBound()).isCloseTo(extra, within(1e-9));
    assertThat(two.time().compute()).isEqualTo(none.time().compute());
    assertThat(two.time().step() - none.time().step()).isCloseTo(extra, within(1e-9));
  }

  @Test
  void theAssumptionsNameTheMetricsOnlyWhenThereAreAny() {
    assertThat(estimate(2).assumptions()).anyMatch(a -> a.startsWith("training metrics: 2 cross entropies"));
    assertThat(estimate(0).assumptions()).noneMatch(a -> a.startsWith("training metrics"));
  }

  @Test
  void aNegativeCountIsRefusedNamingTheField() {
    assertThatThrownBy(() -> TrainingJob.builder(LLAMA_3_8B, Cluster.of(H100, 8)).trainingMetricCrossEntropies(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trainingMetricCrossEntropies")
        .hasMessageContaining("-1");
  }

  @Test
  void theCountSurvivesToBuilderAndTellsJobsApart() {
    TrainingJob job = estimate(2).job();
    assertThat(job.toBuilder().build().trainingMetricCrossEntropies()).isEqualTo(2);
    assertThat(job.toBuilder().trainingMetricCrossEntropies(0).build()).isNotEqualTo(job);
    assertThat(job.toString()).contains("trainingMetricCrossEntropies=2");
    assertThat(estimate(0).job().toString()).doesNotContain("trainingMetricCrossEntropies");
  }

  @Test
  void everyLlmFoundryCalibrationRunComputesComposersTwoMetricsAndNoOtherRunAny() {
    for (CalibrationRun r : EfficiencyCalibration.bundledRuns()) {
      assertThat(r.job().trainingMetricCrossEntropies())
          .as(r.id())
          .isEqualTo(r.group().startsWith("foundry-") ? 2 : 0);
    }
  }
}
