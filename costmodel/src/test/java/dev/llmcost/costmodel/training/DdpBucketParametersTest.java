package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The data-parallel gradient bucket as a job setting (s23l): Megatron-Core's {@code DistributedDataParallelConfig
 * .bucket_size}, e.g. NVIDIA's MLPerf Training v5.1 Llama 3.1 8B {@code BUCKET_SIZE=768000000}
 * (mlcommons/training_results_v5.1 441d65f444, {@code NVIDIA/benchmarks/llama31_8b/implementations/nemo/
 * config_common_8b.sh} l.19); unset, Megatron-Core's {@code max(40 M, 1 M × dp)}.
 */
class DdpBucketParametersTest {

  /** MLPerf v5.1's 8B on 64 B200s: TP 1, DP 64, one sequence of 8192 per rank, the distributed optimizer. */
  private static TrainingJob.Builder llama8b() {
    return TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            Cluster.of(AcceleratorCatalog.bundled().get("b200"), 64))
        .parallelism(Parallelism.builder().dp(64).tp(1).build())
        .sequenceLength(8192)
        .globalBatchSize(64)
        .microBatchSize(1)
        .trainingTokens(TokenCount.of(8192L * 64))
        .recompute(Recompute.NONE)
        .precision(PrecisionRecipe.FP8_MIXED)
        .zero(ZeroStage.OPTIMIZER_STATES);
  }

  @Test
  void unsetKeepsMegatronCoresRuleAndTheSettingIsKept() {
    assertThat(llama8b().build().ddpBucketParameters()).isEmpty();
    TrainingJob job = llama8b().ddpBucketParameters(768_000_000L).build();
    assertThat(job.ddpBucketParameters()).hasValue(768_000_000L);
    assertThat(job.toBuilder().build()).isEqualTo(job);
    assertThat(job).isNotEqualTo(llama8b().build());
  }

  @Test
  void aBucketMustHoldAtLeastOneParameter() {
    assertThatThrownBy(() -> llama8b().ddpBucketParameters(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ddpBucketParameters must be > 0, was 0");
    assertThatThrownBy(() -> llama8b().ddpBucketParameters(-5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ddpBucketParameters must be > 0, was -5");
    assertThatThrownBy(() -> llama8b().framework(TrainingFramework.PYTORCH_NATIVE).ddpBucketParameters(1_000_000L).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ddpBucketParameters").hasMessageContaining("pytorch-native");
  }

  @Test
  void largerBucketsExposeALargerLastBucketAndTheAssumptionSaysSo() {
    // 8.03 B parameters at TP 1: Megatron-Core's rule gives 64 M-parameter buckets at DP 64 (~125 of them), 768 M
    // gives ~10: the exposed last reduce-scatter and first all-gather grow, the total traffic does not
    TrainingEstimate byRule = TrainingCostModel.calibrated().estimate(llama8b().build());
    TrainingEstimate large = TrainingCostModel.calibrated().estimate(llama8b().ddpBucketParameters(768_000_000L).build());
    assertThat(large.time().step()).isGreaterThan(byRule.time().step());
    assertThat(large.time().compute()).isEqualTo(byRule.time().compute());
    assertThat(String.join("\n", large.assumptions())).contains("768 M parameters (the job's bucket size)");
    assertThat(String.join("\n", byRule.assumptions())).contains("64 M parameters (Megatron-Core's default");
  }

  @Test
  void theRunsTableColumnSetsIt() {
    String header = "id,model,accelerator,gpus,gpus_per_node,dp,tp,pp,cp,sp,global_batch,micro_batch,seq,recompute,"
        + "precision,zero,tokens_per_second_per_gpu,ddp_bucket_params\n";
    String row = "r,llama-3.1-8b,b200,64,8,64,1,1,1,false,64,1,8192,none,fp8,1,30000,";
    List<CalibrationRun> set = TrainingRuns.parse("t", header + row + "768000000\n",
        (id, seq) -> Optional.of(ModelCatalog.bundled().get(id)));
    assertThat(set.get(0).job().ddpBucketParameters()).hasValue(768_000_000L);
    List<CalibrationRun> blank = TrainingRuns.parse("t", header + row + "\n",
        (id, seq) -> Optional.of(ModelCatalog.bundled().get(id)));
    assertThat(blank.get(0).job().ddpBucketParameters()).isEmpty();
    assertThatThrownBy(() -> TrainingRuns.parse("t", header + row + "0\n",
            (id, seq) -> Optional.of(ModelCatalog.bundled().get(id))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ddp_bucket_params");
  }
}
