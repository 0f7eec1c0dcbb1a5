package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import org.junit.jupiter.api.Test;

/**
 * PyTorch FSDP1 (llm-foundry: every transformer block an FSDP unit of its own) issues its all-gathers and
 * reduce-scatters once per unit, so each micro-batch pays a ring's step latencies {@code 3 × layers + 2}
 * times: the forward all-gather, the backward all-gather and the reduce-scatter of every block, and the
 * root unit's (embedding and head) all-gather and reduce-scatter (FSDP keeps the root gathered from the
 * forward into the backward). FSDP2 (torchtitan: {@code fully_shard} per block and the root) and Megatron-FSDP issue
 * theirs per unit too, {@code 3 × layers + 1} per micro-batch; on TPUs, whose collectives are not NCCL rings, the
 * stage-wide charge stays.
 */
class FsdpUnitLatencyTest {

  static final ModelArchitecture MPT_1B = EfficiencyCalibration.gptStyle("mpt-1b", 24, 2048, 16, 50368, 2048);
  static final AcceleratorSpec A100 = AcceleratorCatalog.bundled().get("a100-sxm-40gb");
  static final int GPUS = 32;
  static final int MICRO_BATCHES = 2;

  static TrainingEstimate estimate(double interNodeLatency, FsdpBackwardPrefetch prefetch) {
    Cluster cluster = Cluster.of(A100, GPUS).withNodes(8, GPUS / 8);
    cluster = cluster.withLatencies(cluster.intraNodeLatencySeconds(), interNodeLatency);
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(MPT_1B, cluster)
            .parallelism(Parallelism.builder().dp(GPUS).build())
            .sequenceLength(2048)
            .globalBatchSize(GPUS * 10 * MICRO_BATCHES)
            .microBatchSize(10)
            .precision(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS)
            .zero(ZeroStage.of(3))
            .fsdpBackwardPrefetch(prefetch)
            .build());
  }

  @Test
  void everyBlockPaysItsRingLatenciesForThreeCollectives() {
    double alpha = 10e-6;
    TrainingEstimate none = estimate(0, FsdpBackwardPrefetch.POST);
    TrainingEstimate some = estimate(alpha, FsdpBackwardPrefetch.POST);
    // the bundled overlap efficiency is 0: every FSDP1 collective is exposed
    assertThat(none.job().cluster().profile().overlapEfficiency()).isZero();
    double expected = MICRO_BATCHES * (3.0 * 24 + 2) * (GPUS - 1) * alpha;
    assertThat(some.time().fsdp() - none.time().fsdp()).isCloseTo(expected, withinPercentage(0.1));
    assertThat(some.tokensPerSecondPerGpu()).isLessThan(none.tokensPerSecondPerGpu());
  }

  @Test
  void fsdp2BlocksPayTheirRingLatenciesToo() {
    // FSDP2 (torchtitan: fully_shard per block and the root) issues 3 x layers + 1 collectives per
    // micro-batch, each a ring of its own; with nothing to overlap (overlap off) every latency shows
    double alpha = 10e-6;
    TrainingEstimate none = fsdp2(0, false);
    TrainingEstimate some = fsdp2(alpha, false);
    double expected = MICRO_BATCHES * (3.0 * 24 + 1) * (GPUS - 1) * alpha;
    assertThat(some.time().fsdp() - none.time().fsdp()).isCloseTo(expected, withinPercentage(0.1));
    // overlapped layer by layer, the root's two, the first gather and the last reduce-scatter still show
    double overlapped = fsdp2(alpha, true).time().fsdp() - fsdp2(0, true).time().fsdp();
    assertThat(overlapped).isGreaterThanOrEqualTo(MICRO_BATCHES * 4.0 * (GPUS - 1) * alpha * 0.999);
    assertThat(overlapped).isLessThan(expected);
  }

  @Test
  void tpuCollectivesKeepTheStageWideLatency() {
    // XLA's collectives over a TPU slice's ICI torus are not NCCL rings: no per-block charge
    AcceleratorSpec tpu = AcceleratorCatalog.bundled().get("tpu-v5p");
    double alpha = 10e-6;
    double none = tpuFsdp(tpu, 0).time().fsdp();
    double some = tpuFsdp(tpu, alpha).time().fsdp();
    // one all-gather forward, one backward and one reduce-scatter per micro-batch, not overlapped
    assertThat(some - none).isCloseTo(MICRO_BATCHES * 3.0 * (GPUS - 1) * alpha, withinPercentage(0.1));
  }

  static TrainingEstimate fsdp2(double latency, boolean overlap) {
    Cluster cluster = Cluster.of(A100, GPUS).withNodes(8, GPUS / 8);
    cluster = cluster.withLatencies(cluster.intraNodeLatencySeconds(), latency);
    return TrainingCostModel.calibrated().estimate(job(cluster).dataParallelOverlap(overlap).build());
  }

  static TrainingEstimate tpuFsdp(AcceleratorSpec tpu, double latency) {
    Cluster cluster = Cluster.of(tpu, GPUS);
    cluster = cluster.withLatencies(latency, latency);
    return TrainingCostModel.calibrated().estimate(job(cluster).dataParallelOverlap(false).build());
  }

  static TrainingJob.Builder job(Cluster cluster) {
    return TrainingJob.builder(MPT_1B, cluster)
        .parallelism(Parallelism.builder().dp(GPUS).build())
        .sequenceLength(2048)
        .globalBatchSize(GPUS * 10 * MICRO_BATCHES)
        .microBatchSize(10)
        .precision(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS)
        .zero(ZeroStage.of(3));
  }

  static TrainingEstimate shardGradOp(double latency, FsdpBackwardPrefetch prefetch) {
    Cluster cluster = Cluster.of(A100, GPUS).withNodes(8, GPUS / 8);
    cluster = cluster.withLatencies(cluster.intraNodeLatencySeconds(), latency);
    return TrainingCostModel.calibrated().estimate(
        job(cluster).zero(ZeroStage.of(2)).fsdpBackwardPrefetch(prefetch).build());
  }

  @Test
  void fsdp1ShardGradOpUnitsPayTheirRingLatenciesOncePerStep() {
    // s21a: FSDP1's SHARD_GRAD_OP all-gathers every unit in the forward and reduce-scatters it in the backward,
    // layers + 1 of each per step, each a ring of its own; the bundled overlap efficiency (0) hides none of them
    double alpha = 10e-6;
    TrainingEstimate none = shardGradOp(0, FsdpBackwardPrefetch.POST);
    TrainingEstimate some = shardGradOp(alpha, FsdpBackwardPrefetch.POST);
    double expected = 2.0 * (24 + 1) * (GPUS - 1) * alpha;
    assertThat(some.time().dataParallel() - none.time().dataParallel()).isCloseTo(expected, withinPercentage(0.1));
    assertThat(some.time().fsdp()).isZero();
    assertThat(some.assumptions()).anyMatch(a -> a.contains("FSDP1 SHARD_GRAD_OP") && a.contains("per block"));
    // PRE keeps Megatron-Core's bucketed ZeRO-2 overlap: one stage-wide all-gather and reduce-scatter, mostly hidden
    TrainingEstimate bucketed = shardGradOp(alpha, FsdpBackwardPrefetch.PRE);
    assertThat(bucketed.time().dataParallel()).isLessThan(some.time().dataParallel());
    assertThat(bucketed.assumptions()).anyMatch(a -> a.contains("in buckets of"));
  }

  @Test
  void theAssumptionsSayTheCollectivesRunPerBlock() {
    assertThat(estimate(5e-6, FsdpBackwardPrefetch.POST).assumptions())
        .anyMatch(a -> a.contains("FSDP1 BACKWARD_POST") && a.contains("per transformer block"));
  }
}
