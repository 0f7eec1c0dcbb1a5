package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.planner.PlanRequest;
import org.junit.jupiter.api.Test;

/** Stack settings written once against {@link StackSettings} reach a job and every candidate of a plan alike. */
class StackSettingsTest {

  /** Sets every stack setting away from its default, through the interface only. */
  static <B extends StackSettings<B>> B nonDefault(B b) {
    return b.crossEntropyFusion(false)
        .gradientAccumulationFusion(false)
        .multiTokenPrediction(false)
        .expertLoadImbalance(1.25)
        .expertParallelOverlap(true)
        .fsdpBackwardPrefetch(FsdpBackwardPrefetch.POST)
        .moeDispatcher(MoeDispatcher.FLEX)
        .expertCapacity(ExpertCapacity.dropping(1.5))
        .activationOffloadLayers(2)
        .recomputeMoeActivation(true);
  }

  static void assertNonDefault(TrainingJob j) {
    assertThat(j.crossEntropyFusion()).isFalse();
    assertThat(j.gradientAccumulationFusion()).isFalse();
    assertThat(j.multiTokenPrediction()).isFalse();
    assertThat(j.expertLoadImbalance()).isEqualTo(1.25);
    assertThat(j.expertParallelOverlap()).isTrue();
    assertThat(j.fsdpBackwardPrefetch()).isEqualTo(FsdpBackwardPrefetch.POST);
    assertThat(j.moeDispatcher()).isEqualTo(MoeDispatcher.FLEX);
    assertThat(j.expertCapacity()).isEqualTo(ExpertCapacity.dropping(1.5));
    assertThat(j.activationOffloadLayers()).isEqualTo(2);
    assertThat(j.recomputeMoeActivation()).isTrue();
  }

  @Test
  void theSameCodeSetsAJobAndEveryCandidateOfAPlan() {
    // DeepSeek-V3: routed experts and a multi-token-prediction module, so every setting applies
    TrainingJob base = TrainingJob.builder(ModelCatalog.bundled().get("deepseek-v3"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64))
        .parallelism(Parallelism.builder().dp(64).ep(64).build())
        .sequenceLength(4096)
        .globalBatchSize(512)
        .microBatchSize(1)
        .recompute(Recompute.NONE)
        .build();
    // the base job keeps the defaults, so each assertion below can fail
    assertThat(base.crossEntropyFusion()).isTrue();
    assertThat(base.gradientAccumulationFusion()).isTrue();
    assertThat(base.multiTokenPrediction()).isTrue();
    assertThat(base.expertLoadImbalance()).isEqualTo(1.0);
    assertThat(base.expertParallelOverlap()).isFalse();
    assertThat(base.fsdpBackwardPrefetch()).isEqualTo(FsdpBackwardPrefetch.PRE);
    assertThat(base.moeDispatcher()).isEqualTo(MoeDispatcher.ALL_TO_ALL);
    assertThat(base.expertCapacity()).isEqualTo(ExpertCapacity.DROPLESS);
    assertThat(base.activationOffloadLayers()).isZero();
    assertThat(base.recomputeMoeActivation()).isFalse();

    assertNonDefault(nonDefault(base.toBuilder()).build());
    assertNonDefault(nonDefault(PlanRequest.builder(base)).build().recipe());
  }

  /** CUDA graphs and FP8 attention (s13a, s13n), which need a recipe of their own: FP8, no offloading. */
  static <B extends StackSettings<B>> B graphsAndFp8Attention(B b) {
    return b.cudaGraphs(CudaGraphScope.PARTIAL).fp8Attention(true);
  }

  @Test
  void cudaGraphsAndFp8AttentionReachAJobAndEveryCandidateOfAPlan() {
    TrainingJob base = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            Cluster.of(AcceleratorCatalog.bundled().get("b200"), 8))
        .parallelism(Parallelism.dataParallel(8))
        .sequenceLength(8192)
        .globalBatchSize(16)
        .microBatchSize(2)
        .recompute(Recompute.NONE)
        .precision(PrecisionRecipe.FP8_MIXED)
        .build();
    assertThat(base.cudaGraphs()).isEqualTo(CudaGraphScope.NONE);
    assertThat(base.fp8Attention()).isFalse();
    for (TrainingJob j : new TrainingJob[] {graphsAndFp8Attention(base.toBuilder()).build(),
        graphsAndFp8Attention(PlanRequest.builder(base)).build().recipe()}) {
      assertThat(j.cudaGraphs()).isEqualTo(CudaGraphScope.PARTIAL);
      assertThat(j.fp8Attention()).isTrue();
    }
  }
}
