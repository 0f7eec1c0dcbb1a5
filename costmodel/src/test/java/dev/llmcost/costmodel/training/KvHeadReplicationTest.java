package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/**
 * Tensor parallelism wider than the KV heads: Llama-3-70B (64 query heads, 8 KV heads) at tp 16,
 * each rank keeping one whole KV head, so pairs of ranks hold the same K/V projections.
 */
class KvHeadReplicationTest {

  static final ModelArchitecture LLAMA_3_70B = ModelCatalog.bundled().get("llama-3-70b");

  static TrainingEstimate at(int tp) {
    return TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(LLAMA_3_70B, Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 16))
            .parallelism(Parallelism.builder().dp(16 / tp).tp(tp).sequenceParallel(true).build())
            .sequenceLength(8192)
            .globalBatchSize(16)
            .recompute(Recompute.FULL)
            .build());
  }

  @Test
  void eachRankHoldsOneWholeKvHeadAtTp16() {
    long h = 8192;
    long kv = 2 * h * 8 * 128; // K and V projections of one layer
    long q = h * h;
    long o = h * h;
    long mlp = 3 * h * 28672;
    long norms = 2 * h;
    long vocab = 128256;
    // query, output and MLP split 16 ways, K/V split only 8 ways (one of the 8 heads per rank)
    long perLayer = (q + o + mlp) / 16 + kv / 8 + norms;
    long expected = 80 * perLayer + 2 * vocab * h / 16 + h;
    TrainingEstimate e = at(16);
    assertThat(e.memory().weights().bytes()).isEqualTo(2 * expected);
  }

  @Test
  void replicatedProjectionsCostHardwareFlopsButNotModelFlops() {
    TrainingEstimate eight = at(8);
    TrainingEstimate sixteen = at(16);
    assertThat(sixteen.modelFlopsPerToken().value()).isEqualTo(eight.modelFlopsPerToken().value());
    double kvForward = 2.0 * 80 * (2.0 * 8192 * 8 * 128); // one more forward of every K/V projection per token
    // forward, backward (2×) and the recomputed forward under full recomputation
    assertThat(sixteen.hardwareFlopsPerToken().value() - eight.hardwareFlopsPerToken().value())
        .isCloseTo(4 * kvForward, within(1e-6 * kvForward));
  }
}
