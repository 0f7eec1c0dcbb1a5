package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.model.ModelCatalog;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A measured run whose figure implies more FLOP/s per GPU than the accelerator's peak is refused by name (s14j's
 * probe: {@code llmcost calibrate --runs} took 1e30 tokens/s per GPU).
 */
class CalibrationRunPeakTest {
  static final String HEADER =
      "id,model,accelerator,gpus,gpus_per_node,dp,tp,pp,cp,sp,global_batch,micro_batch,seq,recompute,precision,zero,"
          + "measured,value\n";

  static List<CalibrationRun> runs(String measured, String value) {
    String row = "r1,llama-3.1-8b,h100-sxm,64,8,64,1,1,1,false,128,1,8192,none,fp8,1," + measured + "," + value + "\n";
    return TrainingRuns.parse("runs.csv", HEADER + row, (id, seq) -> Optional.of(ModelCatalog.bundled().get(id)));
  }

  @Test
  void aPlausibleMeasurementIsKept() {
    assertThat(runs("tokens_per_second_per_gpu", "14000")).hasSize(1);
    assertThat(runs("hardware_tflops_per_gpu", "700")).hasSize(1);
    assertThat(runs("iteration_seconds", "1.2")).hasSize(1);
  }

  @Test
  void aMeasurementAbovethePeakIsRefusedWithTheRowTheValueAndTheUtilization() {
    // Llama 3.1 8B: 3 x 2 x 7.5e9 weight-matrix FLOPs per token; H100 SXM FP8 dense peak 1,979 TFLOP/s
    assertThatThrownBy(() -> runs("tokens_per_second_per_gpu", "1e30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("runs.csv, run r1: tokens_per_second_per_gpu 1.0E30 implies ")
        .hasMessageContaining("of h100-sxm's fp8_e4m3 peak (1979 TFLOP/s per GPU) in weight-matrix FLOPs alone")
        .hasMessageEndingWith("a measurement cannot exceed 100%");
    assertThatThrownBy(() -> runs("tokens_per_second_per_gpu", "60000"))
        .hasMessageContaining("tokens_per_second_per_gpu 60000.0 implies 13")
        .hasMessageContaining("% of h100-sxm's fp8_e4m3 peak");
    assertThatThrownBy(() -> runs("hardware_tflops_per_gpu", "2500"))
        .hasMessageStartingWith("runs.csv, run r1: hardware_tflops_per_gpu 2500.0 implies 126.3% of h100-sxm's fp8_e4m3 peak")
        .hasMessageNotContaining("weight-matrix");
    // 128 x 8192 tokens over 64 GPUs in 0.01 s: 1.6 million tokens/s per GPU
    assertThatThrownBy(() -> runs("iteration_seconds", "0.01"))
        .hasMessageStartingWith("runs.csv, run r1: iteration_seconds 0.01 implies ");
    assertThatThrownBy(() -> runs("tokens_per_second_per_gpu", "Infinity"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r1");
  }
}
