package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import org.junit.jupiter.api.Test;

/** Zero-bubble and DualPipe schedules beside 1F1B (DeepSeek-V3 Table 2; DualPipe's rank placement, §3.2.3). */
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
  void stagesHoldTheLayersOfTheLlama3Placement() {
    // 61 layers on 16 stages: the last, the first and the second-last stage hold 3, the others 4
    int[] expected = {3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3};
    for (int i = 0; i < 16; i++) {
      assertThat(Evaluator.stageLayersAt(61, 16, i)).as("stage %d", i).isEqualTo(expected[i]);
    }
    for (int layers = 2; layers <= 130; layers++) {
      for (int pp = 1; pp <= Math.min(layers, 16); pp++) {
        int sum = 0;
        for (int i = 0; i < pp; i++) {
          int n = Evaluator.stageLayersAt(layers, pp, i);
          assertThat(n).isBetween(Evaluator.smallestStageLayers(layers, pp), Evaluator.largestStageLayers(layers, pp));
          sum += n;
        }
        assertThat(sum).isEqualTo(layers);
        assertThat(Evaluator.stageLayersAt(layers, pp, 0)).isEqualTo(Evaluator.firstStageLayers(layers, pp));
        assertThat(Evaluator.stageLayersAt(layers, pp, pp - 1)).isEqualTo(Evaluator.lastStageLayers(layers, pp));
      }
    }
    assertThatThrownBy(() -> Evaluator.stageLayersAt(61, 16, 16)).hasMessage("stage must be in [0, 16), was 16");
  }

  @Test
  void aDualPipeRankRunsTheMeanOfItsTwoStages() {
    // rank r holds stages r and p - 1 - r (deepseek-ai/DualPipe examples/example_dualpipe.py), half the micro-batches each
    assertThat(Evaluator.dualPipeRankLayers(61, 16, 0)).isEqualTo(3.0);
    assertThat(Evaluator.dualPipeRankLayers(61, 16, 1)).isEqualTo(3.5);
    for (int r = 2; r < 8; r++) {
      assertThat(Evaluator.dualPipeRankLayers(61, 16, r)).isEqualTo(4.0);
    }
    assertThat(Evaluator.dualPipeRankLayers(96, 8, 0)).isEqualTo(12.0);
    assertThatThrownBy(() -> Evaluator.dualPipeRankLayers(61, 16, 8)).hasMessage("rank must be in [0, 8), was 8");
  }

  static Evaluation evaluate(TrainingJob job) {
    Evaluation e = new Evaluation();
    Evaluator.evaluate(ModelConstants.of(job.model()),
        JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants()),
        JobMapping.config(job, new EvalConfig()), e);
    return e;
  }

  static TrainingJob gpt3(PipelineSchedule s) {
    return TrainingJob.builder(GPT3, Cluster.of(AcceleratorCatalog.bundled().get("a100-sxm-80gb"), 64))
        .parallelism(Parallelism.builder().tp(8).pp(8).schedule(s).sequenceParallel(true).build())
        .sequenceLength(2048)
        .globalBatchSize(32)
        .microBatchSize(1)
        .recompute(Recompute.FULL)
        .build();
  }

  @Test
  void dualPipeRunsTheOutputHeadForHalfTheEndRanksMicroBatches() {
    // 96 layers on 8 stages of 12: under zero-bubble the last stage runs its 12 layers and the head for every
    // micro-batch; under DualPipe the end rank runs 12 layers (stages 0 and 7) and the head for half of them
    Evaluation zb = evaluate(gpt3(PipelineSchedule.ZERO_BUBBLE));
    Evaluation dual = evaluate(gpt3(PipelineSchedule.DUALPIPE));
    int micros = 32;
    assertThat(zb.computeSeconds - dual.computeSeconds)
        .isCloseTo(micros * 0.5 * dual.layer.headCompute, within(1e-9 * zb.computeSeconds));
    assertThat(zb.memoryBoundSeconds - dual.memoryBoundSeconds)
        .isCloseTo(micros * 0.5 * dual.layer.headMemory, within(1e-9 * zb.memoryBoundSeconds));
  }

  @Test
  void dualPipeHidesTheMtpModulesAllToAllWithItsChunk() {
    // DeepSeek-V3 on 16 stages (EP 64, 40 micro-batches): the end rank (stages 0 and 15, 3 layers each) is the
    // slowest; its 3 layers and, for half its micro-batches, the MTP module's layer exchange tokens, and the
    // paired chunks' all-to-alls hide less the 20 of 132 SMs the communication takes
    TrainingJob job = TrainingJob.builder(ModelCatalog.bundled().get("deepseek-v3"),
            Cluster.of(AcceleratorCatalog.bundled().get("h800-sxm"), 1024))
        .parallelism(Parallelism.builder().dp(64).pp(16).ep(64).schedule(PipelineSchedule.DUALPIPE).build())
        .sequenceLength(4096)
        .globalBatchSize(64 * 40)
        .microBatchSize(1)
        .precision(PrecisionRecipe.parse("fp8-blockwise"))
        .moeDispatcher(MoeDispatcher.FLEX)
        .recompute(Recompute.NONE)
        .zero(ZeroStage.OPTIMIZER_STATES)
        .multiTokenPrediction(true)
        .build();
    Evaluation e = evaluate(job);
    double paired = Evaluator.dualPipePairedFraction(40, 16);
    double perMicro = (3 + 0.5) * 2 * e.layer.epPass * (1 - paired * (1 - 20.0 / 132));
    assertThat(e.expertParallelSeconds).isCloseTo(40 * perMicro, within(1e-9 * e.expertParallelSeconds));
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

  @Test
  void dualPipeNeedsTwoMicroBatchesPerRank() {
    // DualPipe.step asserts num_chunks >= num_ranks * 2 (deepseek-ai/DualPipe at 3da1bbe): 16 on 8 stages
    TrainingJob.Builder b = TrainingJob.builder(GPT3, Cluster.of(AcceleratorCatalog.bundled().get("a100-sxm-80gb"), 64))
        .parallelism(Parallelism.builder().tp(8).pp(8).schedule(PipelineSchedule.DUALPIPE).build())
        .sequenceLength(2048)
        .microBatchSize(1)
        .recompute(Recompute.FULL);
    assertThatThrownBy(() -> b.globalBatchSize(14).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("micro-batches per step must be at least 2 × pp (16) for the dualpipe schedule, was 14");
    assertThat(b.globalBatchSize(16).build().parallelism().schedule()).isEqualTo(PipelineSchedule.DUALPIPE);
  }
}
