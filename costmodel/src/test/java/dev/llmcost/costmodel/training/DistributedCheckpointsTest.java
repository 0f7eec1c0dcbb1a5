package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import org.junit.jupiter.api.Test;

/** metaseq's {@code --distribute-checkpointed-activations}, as the training model costs it. */
class DistributedCheckpointsTest {
  private static final ModelArchitecture GPT = TrainingRuns.gptStyle("gpt-13b", 40, 5120, 40, 50272, 2048);

  private static TrainingJob.Builder job(boolean sp) {
    return TrainingJob.builder(GPT, Cluster.of(AcceleratorCatalog.bundled().get("a100-sxm-80gb"), 64))
        .parallelism(Parallelism.builder().dp(8).tp(8).sequenceParallel(sp).build())
        .sequenceLength(2048)
        .globalBatchSize(64)
        .microBatchSize(4)
        .recompute(Recompute.FULL);
  }

  private static TrainingEstimate estimate(TrainingJob.Builder b) {
    return TrainingCostModel.calibrated().estimate(b.build());
  }

  @Test
  void splitInputsTakeAnEighthOfTheMemoryAndOneGatherPerLayerBackward() {
    TrainingEstimate whole = estimate(job(false));
    TrainingEstimate split = estimate(job(false).distributeCheckpointedActivations(true));
    assertThat(split.memory().activations().bytes()).isLessThan(whole.memory().activations().bytes());
    assertThat(split.time().tensorParallel()).isGreaterThan(whole.time().tensorParallel());
    assertThat(split.stepSeconds()).isGreaterThan(whole.stepSeconds());
    // one all-gather of the layer input is less than the layer's forward all-reduces
    assertThat(split.time().tensorParallel() - whole.time().tensorParallel())
        .isLessThan(whole.time().tensorParallel() / 3);
    assertThat(split.modelFlopsPerToken()).isEqualTo(whole.modelFlopsPerToken());
    assertThat(split.job()).isNotEqualTo(whole.job());
    assertThat(split.job().toString()).contains("distributeCheckpointedActivations=true");
    assertThat(split.assumptions()).anySatisfy(a -> assertThat(a)
        .startsWith("checkpointed layer inputs distributed over the tensor-parallel ranks (metaseq's")
        .endsWith(": 1/8 of each layer's input stored, one all-gather of it before each layer's recomputation,"
            + " which waits for it"));
    assertThat(whole.assumptions()).noneSatisfy(a -> assertThat(a).startsWith("checkpointed layer inputs"));
  }

  @Test
  void sequenceParallelismSplitsTheInputsAlready() {
    TrainingEstimate sp = estimate(job(true));
    TrainingEstimate both = estimate(job(true).distributeCheckpointedActivations(true));
    assertThat(both.stepSeconds()).isEqualTo(sp.stepSeconds());
    assertThat(both.memory().total()).isEqualTo(sp.memory().total());
    assertThat(both.assumptions()).anySatisfy(a -> assertThat(a).startsWith("checkpointed layer inputs")
        .endsWith(": nothing more to split, sequence parallelism splits the stored inputs already"));
  }

  @Test
  void withoutFullRecomputationThereIsNothingToDistribute() {
    TrainingEstimate selective = estimate(job(false).recompute(Recompute.SELECTIVE));
    TrainingEstimate both = estimate(job(false).recompute(Recompute.SELECTIVE).distributeCheckpointedActivations(true));
    assertThat(both.stepSeconds()).isEqualTo(selective.stepSeconds());
    assertThat(both.memory().total()).isEqualTo(selective.memory().total());
    assertThat(both.assumptions()).anySatisfy(a -> assertThat(a).startsWith("checkpointed layer inputs")
        .endsWith(": nothing to split, recompute selective stores no checkpointed layer input"));
  }
}
