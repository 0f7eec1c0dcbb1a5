package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/**
 * The estimate states HSDP's unit-by-unit cross-replica all-reduce exactly where the step costs it that way
 * ({@code Evaluator.hsdpReplicasReducePerUnit}): ZeRO-3 sharded within fewer ranks than data parallelism spans, on
 * NCCL rings, not without replicas nor on a TPU.
 */
class HsdpAssumptionTextTest {

  static final ModelArchitecture LLAMA = ModelCatalog.bundled().get("llama-3.1-8b");
  static final String TEXT = "the replicas all-reduce each unit's gradient shard";

  static TrainingEstimate estimate(AcceleratorSpec a, int gpus, int perNode, int shardGroup) {
    TrainingJob.Builder b = TrainingJob.builder(LLAMA, Cluster.of(a, gpus, perNode))
        .parallelism(Parallelism.dataParallel(gpus))
        .zero(ZeroStage.PARAMETERS)
        .precision(PrecisionRecipe.BF16_MIXED)
        .recompute(Recompute.FULL)
        .sequenceLength(2048)
        .microBatchSize(1)
        .globalBatchSize(8 * gpus);
    if (shardGroup > 0) {
      b.shardGroupSize(shardGroup);
    }
    return TrainingCostModel.calibrated().estimate(b.build());
  }

  static boolean states(TrainingEstimate e) {
    return e.assumptions().stream().anyMatch(s -> s.contains(TEXT));
  }

  @Test
  void statedOnAnHsdpRunOverNcclRingsOnly() {
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    assertThat(states(estimate(h100, 32, 8, 8))).isTrue();
    assertThat(states(estimate(h100, 32, 8, 0))).isFalse(); // sharded over every rank: no replicas
    assertThat(states(estimate(h100, 32, 8, 32))).isFalse();
    assertThat(states(estimate(AcceleratorCatalog.bundled().get("tpu-v5e"), 512, 256, 256))).isFalse();
  }
}
