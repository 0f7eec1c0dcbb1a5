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

  static TrainingEstimate moe(PipelineSchedule s, boolean epOverlap) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(ModelCatalog.bundled().get("deepseek-v3"),
                Cluster.of(AcceleratorCatalog.bundled().get("h800-sxm"), 256))
            .parallelism(Parallelism.builder().dp(32).pp(8).ep(32).schedule(s).build())
            .sequenceLength(4096)
            .globalBatchSize(1024)
            .recompute(Recompute.FULL)
            .zero(ZeroStage.OPTIMIZER_STATES)
            .expertParallelOverlap(epOverlap)
            .multiTokenPrediction(false)
            .build());
  }

  @Test
  void dualPipeHidesTheAllToAllsOfItsPairedChunks() {
    // deepseek-ai/DualPipe's schedule on the end ranks: m - 1.5p + 1 of m forward chunks paired with a backward one
    assertThat(dev.llmcost.costmodel.internal.training.Evaluator.dualPipePairedFraction(120, 16))
        .isCloseTo(97.0 / 120, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(dev.llmcost.costmodel.internal.training.Evaluator.dualPipePairedFraction(32, 16)).isCloseTo(9.0 / 32,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(dev.llmcost.costmodel.internal.training.Evaluator.dualPipePairedFraction(8, 16)).isZero();
    // 32 micro-batches on 8 stages: 21 of 32 chunks paired; their all-to-alls hidden, less the 20 of 132 SMs the
    // communication takes from the computation beside it
    TrainingEstimate plain = moe(PipelineSchedule.ONE_F_ONE_B, false);
    TrainingEstimate dual = moe(PipelineSchedule.DUALPIPE, false);
    double paired = 21.0 / 32;
    assertThat(dual.time().expertParallel()).isPositive()
        .isLessThan((1 - paired * (1 - 20.0 / 132)) * plain.time().expertParallel() * 1.001);
    assertThat(dual.assumptions()).anyMatch(a -> a.contains("65.6% of forward chunks that run paired"));
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
