package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * What an MoE layer costs beyond its GEMMs and routing traffic: the expert-parallel all-to-all across
 * scale-up domains (each rank's off-domain share through its own NIC), Megatron-Core's combined-1F1B
 * overlap of it, and the launch gaps of an MoE layer's many kernels.
 */
class ExpertParallelCostTest {

  static final AcceleratorSpec H800 = AcceleratorCatalog.bundled().get("h800");
  static final ModelArchitecture DEEPSEEK_V3 = ModelCatalog.bundled().get("deepseek-v3");

  /** DeepSeek-V3 on 8 nodes of 8 H800s: EP 64 over TP 2 × DP 32 (etp 1), 2 micro-batches per step. */
  static TrainingJob.Builder job() {
    return TrainingJob.builder(DEEPSEEK_V3, Cluster.of(H800, 64))
        .parallelism(Parallelism.builder().dp(32).tp(2).ep(64).etp(1).sequenceParallel(true).build())
        .sequenceLength(4096)
        .globalBatchSize(64)
        .microBatchSize(1)
        .multiTokenPrediction(false)
        .recompute(Recompute.FULL);
  }

  @Test
  void crossNodeAllToAllLeavesThroughEachGpusOwnNic() {
    TrainingJob j = job().recompute(Recompute.SELECTIVE).build();
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(j);
    EfficiencyProfile p = j.cluster().profile();
    double net = j.cluster().interNodeBandwidth().bytesPerSecond() * p.scaleOutBandwidthFraction();
    double nvlink = j.cluster().intraNodeBandwidth().bytesPerSecond() * p.scaleUpBandwidthFraction();
    // one all-to-all: each tp rank sends its 4096/2 tokens × 8 copies × 7168 in bf16; 8 of the 64 ep ranks
    // (etp 1 apart) share a node, so 56/64 of it leaves the node through the rank's own NIC
    double bytes = 2.0 * 4096 / 2 * 8 * 7168;
    double one = Math.max(56.0 / 64 * bytes / net, 7.0 / 64 * bytes / nvlink)
        + 63 * j.cluster().interNodeLatencySeconds();
    // 2 micro-batches × 58 MoE layers × (forward, backward) × (dispatch, combine)
    assertThat(e.time().expertParallel()).isCloseTo(2 * 58 * 2 * 2 * one, within(1e-9 * one));
    // pooling the node's 8 NICs for one rank (as a ring collective may), capped by the H800's NVLink, would
    // move the bytes about 3× faster
    double pooled = 63.0 / 64 * bytes / Math.min(nvlink, 8 * net);
    assertThat(56.0 / 64 * bytes / net).isGreaterThan(2.5 * pooled);
    assertThat(e.assumptions()).anyMatch(a -> a.contains("its rail's NIC"));
  }

  @Test
  void combinedOneFOneBHidesTheAllToAllsBehindTheOtherMicroBatch() {
    // selective recomputation: Megatron-Core refuses full recomputation beside the overlap (TrainingJob, s14q)
    TrainingEstimate plain = TrainingCostModel.calibrated().estimate(job().recompute(Recompute.SELECTIVE).build());
    TrainingEstimate overlapped = TrainingCostModel.calibrated().estimate(
        job().recompute(Recompute.SELECTIVE).expertParallelOverlap(true).build());
    assertThat(overlapped.job().expertParallelOverlap()).isTrue();
    assertThat(plain.job().expertParallelOverlap()).isFalse();
    assertThat(overlapped.time().expertParallel()).isLessThan(plain.time().expertParallel());
    assertThat(overlapped.stepSeconds()).isLessThan(plain.stepSeconds());
    // no pipeline: every micro-batch pairs with another, so at most the all-to-all time is saved
    assertThat(plain.stepSeconds() - overlapped.stepSeconds())
        .isCloseTo(plain.time().expertParallel() - overlapped.time().expertParallel(), within(1e-9));
    assertThat(overlapped.assumptions()).anyMatch(a -> a.contains("combined 1F1B"));
    assertThat(plain.assumptions()).anyMatch(a -> a.contains("not overlapped"));
    assertThat(job().recompute(Recompute.SELECTIVE).expertParallelOverlap(true).build())
        .isNotEqualTo(job().recompute(Recompute.SELECTIVE).build());
  }

  @Test
  void moeLayersPayTheLaunchGapsOfADenseLayerNotAMultiple() {
    TrainingJob j = job().build();
    EfficiencyProfile p = j.cluster().profile();
    EfficiencyProfile none = p.toBuilder().layerOverheadSeconds(0).build();
    TrainingEstimate with = TrainingCostModel.calibrated().estimate(j);
    TrainingEstimate without = TrainingCostModel.calibrated().estimate(
        job().build().toBuilder().cluster(j.cluster().withProfile(none)).build());
    // DeepSeek-V3's layers are device-bound at this layout (its MoE layers' host time below their device time):
    // 2 micro-batches × (forward, backward, recomputation) × 61 layers, each at the dense overhead
    double expected = 2 * 3 * p.layerOverheadSeconds() * 61;
    assertThat(with.time().memoryBound() - without.time().memoryBound()).isCloseTo(expected, within(1e-9));
    assertThat(with.assumptions()).anyMatch(a -> a.contains("host time of its eager kernels"));
  }

  /** Qwen3-30B-A3B on one node of 8 B200s, EP 8 (16 local experts), no recomputation, 64 micro-batches of 1 × 4096. */
  static TrainingJob qwen(int microBatch) {
    AcceleratorSpec b200 = AcceleratorCatalog.bundled().get("b200");
    return TrainingJob.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"), Cluster.of(b200, 8))
        .parallelism(Parallelism.builder().dp(8).ep(8).build())
        .sequenceLength(4096)
        .globalBatchSize(512)
        .microBatchSize(microBatch)
        .recompute(Recompute.NONE)
        .build();
  }

  @Test
  void hostTimeOfAnEagerMoeLayerBoundsItsMicroBatch() {
    // 151 kernels at 8 local experts, 6 more per local expert: 199 at 16, 24.714 s / 463,348 each
    double perKernel = 24.714 / 463_348;
    assertThat(Evaluator.MOE_HOST_SECONDS_PER_KERNEL).isCloseTo(perKernel, within(1e-12));
    double host = (151 + 6 * (16 - 8)) * perKernel;
    TrainingEstimate small = TrainingCostModel.calibrated().estimate(qwen(1));
    TrainingEstimate large = TrainingCostModel.calibrated().estimate(qwen(4));
    // at micro-batch 1 the 48 MoE layers wait for the host: each micro-batch's layers take at least their host time
    double perMicroBatch = small.stepSeconds() / 64;
    assertThat(perMicroBatch).isGreaterThanOrEqualTo(48 * host);
    // the host time does not grow with the tokens: four times the tokens per micro-batch cost less than four times
    // as much per micro-batch, the layers device-bound again
    assertThat(large.stepSeconds() / 16).isLessThan(4 * perMicroBatch);
    assertThat(small.assumptions()).anyMatch(a -> a.contains("host time of its eager kernels"));
  }

  @Test
  void theDispatcherSynchronisationExposesTheAttentionCoreIssuedBeforeIt() {
    double perKernel = Evaluator.MOE_HOST_SECONDS_PER_KERNEL;
    double tail = 5 * perKernel;
    assertThat(Evaluator.MOE_SYNC_TAIL_KERNELS).isEqualTo(5);
    EvalConfig c = new EvalConfig();
    c.recompute = EvalConfig.RECOMPUTE_NONE;
    c.schedule = EvalConfig.SCHEDULE_1F1B;
    // a 1 ms attention core: what outlasts the host's five kernels after it is exposed, once per forward
    assertThat(Evaluator.moeSyncDrainSeconds(c, 1e-3)).isCloseTo(1e-3 - tail, within(1e-15));
    // a core shorter than those kernels' host time hides behind them
    assertThat(Evaluator.moeSyncDrainSeconds(c, 0.5 * tail)).isZero();
    // full recomputation runs the dispatcher, and its synchronisation, a second time
    c.recompute = EvalConfig.RECOMPUTE_FULL;
    assertThat(Evaluator.moeSyncDrainSeconds(c, 1e-3)).isCloseTo(2 * (1e-3 - tail), within(1e-15));
    // combined-1F1B overlap (which needs expert parallelism) and DualPipe issue another micro-batch's backward
    // between attention and dispatch
    c.ep = 8;
    c.expertParallelOverlap = true;
    assertThat(Evaluator.moeSyncDrainSeconds(c, 1e-3)).isZero();
    c.expertParallelOverlap = false;
    c.schedule = EvalConfig.SCHEDULE_DUALPIPE;
    assertThat(Evaluator.moeSyncDrainSeconds(c, 1e-3)).isZero();
    // end to end: at micro-batch 4 (B200, 16 local experts) the layers are host-bound and pay the drain; the
    // assumption says so, and not under the overlap
    TrainingEstimate large = TrainingCostModel.calibrated().estimate(qwen(4));
    assertThat(large.assumptions()).anyMatch(a -> a.contains("exposing the attention core"));
    TrainingEstimate overlapped = TrainingCostModel.calibrated().estimate(
        qwen(4).toBuilder().expertParallelOverlap(true).build());
    assertThat(overlapped.assumptions()).noneMatch(a -> a.contains("exposing the attention core"));
  }
}
