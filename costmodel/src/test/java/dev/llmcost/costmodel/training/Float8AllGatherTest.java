package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterCounts;
import java.util.List;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * FSDP's float8 all-gather (torchao {@code enable_fsdp_float8_all_gather}): the runs table's {@code
 * param_gather_bytes} column, and the all-gather time it costs.
 */
class Float8AllGatherTest {
  static final String HEADER =
      "id,model,accelerator,gpus,gpus_per_node,dp,tp,pp,cp,sp,global_batch,micro_batch,seq,recompute,precision,zero,"
          + "tokens_per_second_per_gpu,framework,param_gather_bytes\n";

  static CalibrationRun run(String gatherBytes) {
    String row = "fsdp-8b,llama-3.1-8b,h200-sxm,32,8,32,1,1,1,false,64,2,8192,op_selective,fp8,3,10938,pytorch-native,"
        + gatherBytes + "\n";
    List<CalibrationRun> runs =
        TrainingRuns.parse("test", HEADER + row, (id, seq) -> Optional.of(ModelCatalog.bundled().get(id)));
    return runs.get(0);
  }

  @Test
  void theColumnSetsTheRecipesAllGatherBytesAndBlankKeepsTheRecipes() {
    assertThat(run("1").job().precision().parameterGatherBytes()).isEqualTo(1);
    assertThat(run("").job().precision().parameterGatherBytes()).isEqualTo(PrecisionRecipe.FP8_MIXED.parameterGatherBytes());
    assertThatThrownBy(() -> run("0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("param_gather_bytes");
  }

  /** s23l: the {@code fp8_params} column (FP8 weights whatever the all-gather's bytes, MXFP8 under Megatron-Core). */
  static CalibrationRun fp8Params(String precision, String gatherBytes, String fp8Params) {
    String row = "mx-8b,llama-3.1-8b,b200,8,8,8,1,1,1,false,128,2,8192,none," + precision
        + ",1,30000,megatron," + gatherBytes + "," + fp8Params + "\n";
    return TrainingRuns.parse("test", HEADER.replace("\n", ",fp8_params\n") + row,
        (id, seq) -> Optional.of(ModelCatalog.bundled().get(id))).get(0);
  }

  @Test
  void theFp8ParamsColumnMarksFp8WeightsGatheredInTheirStoredBytes() {
    PrecisionRecipe mx = fp8Params("mxfp8", "2", "true").job().precision();
    assertThat(mx.fp8Parameters()).isTrue();
    assertThat(mx.parameterGatherBytes()).isEqualTo(2);
    assertThat(fp8Params("mxfp8", "", "").job().precision().fp8Parameters()).isFalse();
    assertThat(fp8Params("mxfp8", "1", "").job().precision().fp8Parameters()).as("implied by a 1-byte gather").isTrue();
    assertThatThrownBy(() -> fp8Params("mxfp8", "2", "yes")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp8_params").hasMessageContaining("yes");
    assertThatThrownBy(() -> fp8Params("bf16", "", "true")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp8_params").hasMessageContaining("bf16");
  }

  @Test
  void float8GathersTheLayersInOneByteAndTheEmbeddingsInTwo() {
    TrainingEstimate bf16 = TrainingCostModel.calibrated().estimate(withoutLatency(run("").job()));
    TrainingEstimate fp8 = TrainingCostModel.calibrated().estimate(withoutLatency(run("1").job()));
    // FSDP per micro-batch: two all-gathers (forward, and backward after resharding) and one reduce-scatter
    // of 4-byte gradients; the gathers shrink from 2 bytes to 1 byte per layer parameter (the bytes only: the
    // rings' step latencies, paid by every block's collectives whatever their size, are set to 0)
    ParameterCounts counts = ModelCatalog.bundled().get("llama-3.1-8b").parameterCounts();
    double embeddingShare = counts.embedding().value() / (double) counts.total().value();
    double gatherBytes = 1 * (1 - embeddingShare) + 2 * embeddingShare;
    double expected = (2 * gatherBytes + 4) / (2 * 2 + 4);
    assertThat(fp8.time().fsdp() / bf16.time().fsdp()).isCloseTo(expected, Offset.offset(0.01));
    assertThat(fp8.tokensPerSecondPerGpu()).isGreaterThan(bf16.tokensPerSecondPerGpu());
    assertThat(fp8.time().compute()).isEqualTo(bf16.time().compute());
  }

  static TrainingJob withoutLatency(TrainingJob job) {
    return job.toBuilder().cluster(job.cluster().withLatencies(0, 0)).build();
  }
}
