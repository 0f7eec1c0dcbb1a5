package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.model.ModelCatalog;
import java.util.List;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The runs table's {@code grad_bytes} column: Megatron-Core's {@code grad_reduce_in_fp32=False}, which the
 * Megatron-Bridge performance recipes set, keeps and reduces the gradients in the parameters' 16-bit dtype.
 */
class GradientBytesColumnTest {
  static final String HEADER =
      "id,model,accelerator,gpus,gpus_per_node,dp,tp,pp,cp,sp,global_batch,micro_batch,seq,recompute,precision,zero,"
          + "tokens_per_second_per_gpu,grad_bytes\n";

  static CalibrationRun run(String gradBytes) {
    String row = "distopt-8b,llama-3.1-8b,h100-sxm,64,8,64,1,1,1,false,128,1,8192,none,fp8,1,14000," + gradBytes + "\n";
    List<CalibrationRun> runs =
        TrainingRuns.parse("test", HEADER + row, (id, seq) -> Optional.of(ModelCatalog.bundled().get(id)));
    return runs.get(0);
  }

  @Test
  void theColumnSetsTheGradientAndReductionBytesAndBlankKeepsTheRecipes() {
    assertThat(run("2").job().precision().gradientBytes()).isEqualTo(2);
    assertThat(run("2").job().precision().gradientReduceBytes()).isEqualTo(2);
    assertThat(run("").job().precision().gradientBytes()).isEqualTo(PrecisionRecipe.FP8_MIXED.gradientBytes());
    assertThat(run("4").job().precision()).isEqualTo(PrecisionRecipe.FP8_MIXED);
    assertThatThrownBy(() -> run("3")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grad_bytes");
    assertThatThrownBy(() -> run("0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grad_bytes");
  }

  @Test
  void sixteenBitGradientsHalveTheGradientMemoryAndTheReduction() {
    TrainingEstimate fp32 = TrainingCostModel.calibrated().estimate(run("").job());
    TrainingEstimate bf16 = TrainingCostModel.calibrated().estimate(run("2").job());
    // ZeRO-1 (Megatron's distributed optimizer) keeps every gradient: 4 against 2 bytes per parameter
    assertThat(bf16.memory().gradients().bytes() / (double) fp32.memory().gradients().bytes())
        .isCloseTo(0.5, Offset.offset(0.001));
    assertThat(bf16.memory().total().bytes()).isLessThan(fp32.memory().total().bytes());
    assertThat(bf16.time().dataParallel()).isLessThan(fp32.time().dataParallel());
    assertThat(bf16.time().compute()).isEqualTo(fp32.time().compute());
  }
}
