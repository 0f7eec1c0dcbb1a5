package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/** Zero-bubble and DualPipe schedules beside 1F1B (DeepSeek-V3 Table 2). */
class PipelineScheduleTest {

  static final ModelArchitecture GPT3 = ModelCatalog.bundled().get("gpt3-175b");

  static TrainingEstimate with(PipelineSchedule s) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(GPT3, Cluster.of(AcceleratorCatalog.bundled().get("a100-sxm-80gb"), 64))
            .parallelism(Parallelism.builder().tp(8).pp(8).schedule(s).sequenceParallel(true).build())
            .sequenceLength(2048)
            .globalBatchSize(32)
            .recompute(Recompute.FULL)
            .build());
  }

  @Test
  void zeroBubbleAndDualPipeShrinkTheBubble() {
    TrainingEstimate oneF = with(PipelineSchedule.ONE_F_ONE_B);
    TrainingEstimate zb = with(PipelineSchedule.ZERO_BUBBLE);
    TrainingEstimate dual = with(PipelineSchedule.DUALPIPE);
    assertThat(zb.time().bubble()).isPositive().isLessThan(0.75 * oneF.time().bubble());
    assertThat(dual.time().bubble()).isPositive().isLessThan(oneF.time().bubble());
    assertThat(zb.time().compute()).isEqualTo(oneF.time().compute());
    assertThat(zb.stepSeconds()).isLessThan(oneF.stepSeconds());
    assertThat(zb.assumptions()).anyMatch(a -> a.contains("zero-bubble ZB-H1 schedule"));
  }

  @Test
  void dualPipeKeepsTwoParameterCopiesAndOneMoreMicroBatch() {
    TrainingEstimate oneF = with(PipelineSchedule.ONE_F_ONE_B);
    TrainingEstimate zb = with(PipelineSchedule.ZERO_BUBBLE);
    TrainingEstimate dual = with(PipelineSchedule.DUALPIPE);
    assertThat(dual.memory().weights().bytes()).isBetween(2 * oneF.memory().weights().bytes() - 2,
        2 * oneF.memory().weights().bytes());
    assertThat(zb.memory().activations()).isEqualTo(oneF.memory().activations());
    assertThat(dual.memory().activations().bytes()).isGreaterThan(oneF.memory().activations().bytes());
    assertThat(dual.assumptions()).anyMatch(a -> a.contains("min(p+1, m) = 9 micro-batches"));
  }

  @Test
  void schedulesAreValidatedAgainstTheirShapes() {
    assertThatThrownBy(() -> Parallelism.builder().dp(2).pp(3).schedule(PipelineSchedule.DUALPIPE).build())
        .hasMessage("pp must be even for the dualpipe schedule, was 3");
    assertThatThrownBy(() -> Parallelism.builder().dp(8).schedule(PipelineSchedule.ZERO_BUBBLE).build())
        .hasMessage("schedule zb needs pp > 1, was pp = 1");
    assertThatThrownBy(() -> Parallelism.builder().dp(4).pp(2).schedule(PipelineSchedule.INTERLEAVED).build())
        .hasMessage("the interleaved schedule needs virtualStages > 1, was 1");
    assertThatThrownBy(() -> Parallelism.builder().dp(4).pp(2).virtualStages(2).schedule(PipelineSchedule.ZERO_BUBBLE).build())
        .hasMessage("schedule must be interleaved with virtualStages > 1 (2), was zb");
    assertThatThrownBy(() -> PipelineSchedule.parse("gpipe"))
        .hasMessage("schedule must be 1f1b, interleaved, zb or dualpipe, was \"gpipe\"");
    assertThat(PipelineSchedule.parse("ZB")).isEqualTo(PipelineSchedule.ZERO_BUBBLE);
  }
}
