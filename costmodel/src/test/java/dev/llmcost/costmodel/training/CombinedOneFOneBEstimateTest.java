package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/** Megatron-Core's combined-1F1B expert-parallel overlap end to end: where it runs and what the estimate says. */
class CombinedOneFOneBEstimateTest {

  /** Qwen3-235B-A22B on 4 nodes of 8 H100s: PP 2, EP 16 across the nodes, 8 micro-batches per pipeline. */
  static TrainingJob.Builder job(int virtualStages) {
    return TrainingJob.builder(ModelCatalog.bundled().get("qwen3-235b-a22b"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 32))
        .parallelism(Parallelism.builder().dp(16).pp(2).virtualStages(virtualStages).ep(16).build())
        .sequenceLength(4096)
        .globalBatchSize(128)
        .microBatchSize(1)
        .recompute(Recompute.NONE);
  }

  @Test
  void aPipelineWithoutVirtualStagesIsRefusedBesideTheOverlap() {
    // Megatron-Core refuses the overlap with pp > 1 and no virtual pipeline size (TransformerConfig.__post_init__ at
    // NVIDIA/Megatron-LM d98e8a64dd); it was costed as without it (s14q: refused, as train --ep-overlap is)
    assertThatThrownBy(() -> job(1).expertParallelOverlap(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expertParallelOverlap with pp 2 needs virtual stages > 1")
        .hasMessageContaining("was virtualStages 1");
  }

  @Test
  void anInterleavedPipelineHidesPartOfTheAllToAlls() {
    TrainingEstimate plain = TrainingCostModel.calibrated().estimate(job(2).build());
    TrainingEstimate overlapped = TrainingCostModel.calibrated().estimate(job(2).expertParallelOverlap(true).build());
    assertThat(overlapped.time().expertParallel()).isPositive().isLessThan(plain.time().expertParallel());
    assertThat(overlapped.assumptions()).anyMatch(a -> a.contains("the backward combine behind the attention's forward"));
  }
}
