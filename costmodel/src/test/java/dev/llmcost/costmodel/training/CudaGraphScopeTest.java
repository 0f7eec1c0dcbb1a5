package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.Evaluator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Megatron-Core CUDA graphs of a training step (s13a): whole-layer graphs take an MoE layer's kernels off the host,
 * partial graphs are costed as the eager step, the default is unchanged, and what Megatron-Core refuses is refused.
 */
class CudaGraphScopeTest {
  private static final AcceleratorSpec B200 = AcceleratorCatalog.bundled().get("b200");

  /** Megatron-Bridge 25.09's B200 Qwen3-30B-A3B token-drop layout: EP 8 on 8 GPUs, capacity 1.0 padded. */
  static TrainingJob.Builder qwenTokenDrop(int microBatch) {
    return TrainingJob.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"), Cluster.of(B200, 8))
        .parallelism(Parallelism.builder().dp(8).ep(8).build())
        .sequenceLength(4096)
        .globalBatchSize(512)
        .microBatchSize(microBatch)
        .recompute(Recompute.NONE)
        .expertCapacity(ExpertCapacity.padded(1.0));
  }

  private static TrainingEstimate estimate(TrainingJob.Builder b) {
    return TrainingCostModel.calibrated().estimate(b.build());
  }

  @Test
  void theDefaultIsNoGraphsAndEqualsItSpelledOut() {
    TrainingJob plain = qwenTokenDrop(1).build();
    TrainingJob none = qwenTokenDrop(1).cudaGraphs(CudaGraphScope.NONE).build();
    assertThat(plain.cudaGraphs()).isEqualTo(CudaGraphScope.NONE);
    assertThat(none).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(TrainingCostModel.calibrated().estimate(none).stepSeconds())
        .isEqualTo(TrainingCostModel.calibrated().estimate(plain).stepSeconds());
    TrainingJob full = qwenTokenDrop(1).cudaGraphs(CudaGraphScope.FULL_LAYER).build();
    assertThat(full).isNotEqualTo(plain);
    assertThat(full.toString()).contains("cudaGraphs=FULL_LAYER");
    assertThat(full.toBuilder().build()).isEqualTo(full);
  }

  @Test
  void wholeLayerGraphsMakeAHostBoundMoeStepDeviceBound() {
    // micro-batch 1: the eager layers wait for the host (199 kernels at 53.3 us, about 10.6 ms per layer)
    TrainingEstimate eager = estimate(qwenTokenDrop(1));
    TrainingEstimate graphed = estimate(qwenTokenDrop(1).cudaGraphs(CudaGraphScope.FULL_LAYER));
    double hostPerMicroBatch = 48 * (151 + 6 * (16 - 8)) * Evaluator.MOE_HOST_SECONDS_PER_KERNEL;
    assertThat(eager.stepSeconds() / 64).isGreaterThanOrEqualTo(hostPerMicroBatch);
    assertThat(graphed.stepSeconds()).isLessThan(eager.stepSeconds() / 2);
    // the graphed layer costs the host two launches, far below its device time: only the device time is left, so
    // graphs change nothing for a layout the host never bound (micro-batch 4 on the same eight B200s is still
    // host-bound eagerly, but its graphed step is the device's, which grows with the tokens)
    TrainingEstimate graphed4 = estimate(qwenTokenDrop(4).cudaGraphs(CudaGraphScope.FULL_LAYER));
    assertThat(graphed4.stepSeconds() / 16).isGreaterThan(graphed.stepSeconds() / 64);
    assertThat(Evaluator.moeGraphHostSeconds()).isCloseTo(2 * Evaluator.MOE_HOST_SECONDS_PER_KERNEL, within(1e-15));
    assertThat(graphed.assumptions()).anyMatch(a -> a.contains("whole-layer CUDA graphs"));
    assertThat(eager.assumptions()).noneMatch(a -> a.contains("whole-layer CUDA graphs"));
  }

  @Test
  void aPaddedDispatcherWithoutGraphsExposesNoDrain() {
    // drop_and_pad: split sizes from the capacity, cuda_sync_point "no_sync" (token_dispatcher.py at core_v0.14.0)
    dev.llmcost.costmodel.internal.training.EvalConfig c = new dev.llmcost.costmodel.internal.training.EvalConfig();
    c.recompute = dev.llmcost.costmodel.internal.training.EvalConfig.RECOMPUTE_NONE;
    c.schedule = dev.llmcost.costmodel.internal.training.EvalConfig.SCHEDULE_1F1B;
    assertThat(Evaluator.moeSyncDrainSeconds(c, 1e-3)).isPositive();
    c.moeDropAndPad = true;
    assertThat(Evaluator.moeSyncDrainSeconds(c, 1e-3)).isZero();
    // end to end at micro-batch 1 and 8,192 tokens on eight B200s, host-bound eagerly, its attention core longer than
    // the host's tail: padding at capacity 1.0 costs the experts what balanced dropless routing does, so the step is
    // shorter by the drain alone
    TrainingEstimate padded = estimate(qwenTokenDrop(1).sequenceLength(8192));
    TrainingEstimate dropless = estimate(qwenTokenDrop(1).sequenceLength(8192).expertCapacity(ExpertCapacity.DROPLESS));
    assertThat(padded.stepSeconds()).isLessThan(dropless.stepSeconds());
    assertThat(padded.assumptions()).anyMatch(a -> a.contains("padded dispatcher reading nothing back"))
        .noneMatch(a -> a.contains("exposing the attention core"));
  }

  @Test
  void partialGraphsAreCostedAsTheProfileThatCountedTheKernelsRanThem() {
    TrainingJob.Builder dropless = qwenTokenDrop(1).expertCapacity(ExpertCapacity.DROPLESS);
    TrainingEstimate eager = estimate(dropless);
    TrainingEstimate partial = estimate(dropless.cudaGraphs(CudaGraphScope.PARTIAL));
    assertThat(partial.stepSeconds()).isEqualTo(eager.stepSeconds());
    assertThat(partial.assumptions()).anyMatch(a -> a.contains("itself taken with CUDA graphs of the router"));
  }

  @Test
  void denseModelsTakeWholeLayerGraphsAtTheirDeviceTime() {
    TrainingJob.Builder dense = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"), Cluster.of(B200, 8))
        .parallelism(Parallelism.dataParallel(8)).sequenceLength(4096).globalBatchSize(64).microBatchSize(1)
        .recompute(Recompute.NONE);
    assertThat(estimate(dense.cudaGraphs(CudaGraphScope.FULL_LAYER)).stepSeconds())
        .isEqualTo(estimate(dense.cudaGraphs(CudaGraphScope.NONE)).stepSeconds());
    // the assumptions say that the scope asked for changed nothing here (s13q)
    assertThat(estimate(dense.cudaGraphs(CudaGraphScope.FULL_LAYER)).assumptions())
        .contains("CUDA graphs full: dense layers costed as launched eagerly (the fitted per-layer overhead kept);"
            + " graphs change only an MoE layer's host time");
    assertThat(estimate(dense.cudaGraphs(CudaGraphScope.NONE)).assumptions())
        .noneMatch(a -> a.startsWith("CUDA graphs"));
  }

  @Test
  void whatMegatronCoreRefusesIsRefused() {
    // "moe cuda graph is only supported with drop-padding MoE." (transformer_config.py, Megatron-LM 2b343d739f)
    assertThatThrownBy(() -> qwenTokenDrop(1).expertCapacity(ExpertCapacity.DROPLESS)
        .cudaGraphs(CudaGraphScope.FULL_LAYER).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cudaGraphs full needs every expert's input padded to capacity with the alltoall dispatcher"
            + " (Megatron-Core: moe cuda graph is only supported with drop-padding MoE), was dropless with"
            + " moeDispatcher alltoall");
    assertThatThrownBy(() -> qwenTokenDrop(1).expertCapacity(ExpertCapacity.dropping(1.25))
        .cudaGraphs(CudaGraphScope.FULL_LAYER).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was capacity 1.25 with");
    assertThatThrownBy(() -> qwenTokenDrop(1).moeDispatcher(MoeDispatcher.FLEX)
        .cudaGraphs(CudaGraphScope.FULL_LAYER).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("with moeDispatcher flex");
    // "CUDA graphs not supported with activation recomputation." (core_v0.14.0; core_v0.15.0 keeps selective
    // recomputation beside Transformer Engine graphs of the attention only)
    assertThatThrownBy(() -> qwenTokenDrop(1).recompute(Recompute.SELECTIVE)
        .cudaGraphs(CudaGraphScope.FULL_LAYER).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cudaGraphs full needs recompute none (Megatron-Core: CUDA graphs not supported with activation"
            + " recomputation), was recompute selective");
    assertThatThrownBy(() -> qwenTokenDrop(1).recompute(Recompute.FULL).cudaGraphs(CudaGraphScope.PARTIAL).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cudaGraphs partial needs recompute none or selective");
    assertThat(qwenTokenDrop(1).recompute(Recompute.SELECTIVE).cudaGraphs(CudaGraphScope.PARTIAL).build()
        .cudaGraphs()).isEqualTo(CudaGraphScope.PARTIAL);
    // "CUDA graphs not supported with CPU offloading."
    assertThatThrownBy(() -> qwenTokenDrop(1).activationOffloadLayers(4).cudaGraphs(CudaGraphScope.PARTIAL).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot run beside activation offloading")
        .hasMessageContaining("was activationOffloadLayers 4");
    assertThatThrownBy(() -> qwenTokenDrop(1).framework(TrainingFramework.PYTORCH_NATIVE)
        .cudaGraphs(CudaGraphScope.FULL_LAYER).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the Megatron-Core stack");
    assertThatThrownBy(() -> qwenTokenDrop(1).cudaGraphs(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theSearchKeepsToTheRecomputationTheGraphsAllow() {
    TrainingJob.Builder b = qwenTokenDrop(1).cudaGraphs(CudaGraphScope.FULL_LAYER);
    TrainingJob chosen = ParallelismChooser.choose(b, false, true);
    assertThat(chosen.recompute()).isEqualTo(Recompute.NONE);
    assertThat(chosen.cudaGraphs()).isEqualTo(CudaGraphScope.FULL_LAYER);
  }

  static final String HEADER =
      "id,model,accelerator,gpus,gpus_per_node,dp,tp,pp,cp,ep,sp,global_batch,micro_batch,seq,recompute,precision,zero,"
          + "tokens_per_second_per_gpu,expert_capacity,cuda_graphs\n";

  static CalibrationRun run(String capacity, String graphs) {
    String row = "td,qwen3-30b-a3b,b200,8,8,8,1,1,1,8,false,512,1,4096,none,fp8,1,18066," + capacity + "," + graphs
        + "\n";
    List<CalibrationRun> runs =
        TrainingRuns.parse("test", HEADER + row, (id, seq) -> Optional.of(ModelCatalog.bundled().get(id)));
    return runs.get(0);
  }

  @Test
  void theRunsTableReadsTheColumn() {
    assertThat(run("1.0 padded", "").job().cudaGraphs()).isEqualTo(CudaGraphScope.NONE);
    assertThat(run("1.0 padded", "").assumed()).doesNotContain("cuda_graphs");
    assertThat(run("1.0 padded", "none").job().cudaGraphs()).isEqualTo(CudaGraphScope.NONE);
    assertThat(run("", "partial").job().cudaGraphs()).isEqualTo(CudaGraphScope.PARTIAL);
    assertThat(run("1.0 padded", "full").job().cudaGraphs()).isEqualTo(CudaGraphScope.FULL_LAYER);
    assertThat(run("1.0 padded", " FULL ").job().cudaGraphs()).isEqualTo(CudaGraphScope.FULL_LAYER);
    assertThatThrownBy(() -> run("1.0 padded", "true")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run td").hasMessageContaining("cuda_graphs").hasMessageContaining("\"true\"");
    assertThatThrownBy(() -> run("", "full")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only supported with drop-padding MoE");
  }

  @Test
  void idsRoundTrip() {
    for (CudaGraphScope s : CudaGraphScope.values()) {
      assertThat(CudaGraphScope.parse(s.id())).isEqualTo(s);
    }
    assertThat(CudaGraphScope.parse("false")).isEqualTo(CudaGraphScope.NONE);
    assertThat(CudaGraphScope.parse("full-layer")).isEqualTo(CudaGraphScope.FULL_LAYER);
    assertThatThrownBy(() -> CudaGraphScope.parse("attn")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cudaGraphs must be one of none, partial, full, was \"attn\"");
  }
}
