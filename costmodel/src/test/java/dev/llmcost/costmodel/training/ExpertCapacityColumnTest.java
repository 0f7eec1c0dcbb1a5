package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.model.ModelCatalog;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The runs table's {@code expert_capacity} column: Megatron-Bridge's 25.09 token-drop runs set {@code
 * moe_expert_capacity_factor 1.0} and {@code moe_pad_expert_input_to_capacity} ({@code
 * apply_moe_token_drop}); blank is dropless.
 */
class ExpertCapacityColumnTest {
  static final String HEADER =
      "id,model,accelerator,gpus,gpus_per_node,dp,tp,pp,cp,ep,sp,global_batch,micro_batch,seq,recompute,precision,zero,"
          + "tokens_per_second_per_gpu,expert_capacity\n";

  static CalibrationRun run(String capacity) {
    return run(capacity, 1);
  }

  static CalibrationRun run(String capacity, int micro) {
    return run(capacity, micro, "fp8");
  }

  static CalibrationRun run(String capacity, int micro, String precision) {
    String row = "td,qwen3-30b-a3b,b200,8,8,8,1,1,1,8,false,512," + micro + ",4096,none," + precision + ",1,18066,"
        + capacity + "\n";
    List<CalibrationRun> runs =
        TrainingRuns.parse("test", HEADER + row, (id, seq) -> Optional.of(ModelCatalog.bundled().get(id)));
    return runs.get(0);
  }

  @Test
  void theColumnReadsDroplessDroppingAndPadded() {
    assertThat(run("").job().expertCapacity()).isEqualTo(ExpertCapacity.DROPLESS);
    assertThat(run("dropless").job().expertCapacity()).isEqualTo(ExpertCapacity.DROPLESS);
    assertThat(run("1.25").job().expertCapacity()).isEqualTo(ExpertCapacity.dropping(1.25));
    assertThat(run("1.0 padded").job().expertCapacity()).isEqualTo(ExpertCapacity.padded(1.0));
    assertThat(run(" 1.5  PADDED ").job().expertCapacity()).isEqualTo(ExpertCapacity.padded(1.5));
    // blank is not an assumption: dropless is Megatron-Core's default, not a guess about the run
    assertThat(run("").assumed()).doesNotContain("expert_capacity");
  }

  @Test
  void paddingToACapacityOfOneCostsWhatBalancedDroplessRoutingCosts() {
    // force-balanced dropless and padded at factor 1.0 both give every expert exactly the average
    // (micro-batch 4: the layer is device-bound, so the experts' load shows in the step); in 16 bits, since under FP8
    // the dropless layer also copies its rows into and out of TEGroupedMLP's quantization padding, which 1,024 rows
    // per expert and rank need not (QuantizationPaddingTest)
    double dropless = TrainingCostModel.calibrated().estimate(run("", 4, "bf16").job()).stepSeconds();
    double padded = TrainingCostModel.calibrated().estimate(run("1.0 padded", 4, "bf16").job()).stepSeconds();
    assertThat(padded).isEqualTo(dropless);
    double padded15 = TrainingCostModel.calibrated().estimate(run("1.5 padded", 4, "bf16").job()).stepSeconds();
    assertThat(padded15).isGreaterThan(dropless * 1.01);
    double fp8Dropless = TrainingCostModel.calibrated().estimate(run("", 4).job()).stepSeconds();
    double fp8Padded = TrainingCostModel.calibrated().estimate(run("1.0 padded", 4).job()).stepSeconds();
    assertThat(fp8Padded).isLessThan(fp8Dropless);
  }

  @Test
  void badValuesNameTheColumnAndTheValue() {
    for (String bad : new String[] {"padded", "0", "-1", "NaN", "Infinity", "1.0 pad", "drop"}) {
      assertThatThrownBy(() -> run(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("run td")
          .hasMessageContaining("expert_capacity")
          .hasMessageContaining("\"" + bad + "\"");
    }
  }

  @Test
  void parseReadsWhatDescribeMeans() {
    assertThat(ExpertCapacity.parse("dropless")).isEqualTo(ExpertCapacity.DROPLESS);
    assertThat(ExpertCapacity.parse("1.25")).isEqualTo(ExpertCapacity.dropping(1.25));
    assertThat(ExpertCapacity.parse("1.0 padded")).isEqualTo(ExpertCapacity.padded(1.0));
    assertThatThrownBy(() -> ExpertCapacity.parse("0 padded")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expert capacity factor must be a finite number > 0, was \"0 padded\"");
  }
}
