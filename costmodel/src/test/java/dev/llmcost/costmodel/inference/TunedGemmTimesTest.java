package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The hipBLASLt FP8 GEMM times of AMD's MLPerf Inference v5.1 MI325X Llama 2 70B tuning files
 * ({@code efficiency/hipblaslt-tuned-fp8-gemm.csv}, s19k): the table as read, its rates, the lookup at the file's
 * timed token counts, and the scenario option's checks.
 */
class TunedGemmTimesTest {
  private static final CsvTable TABLE =
      CsvTable.read(TunedGemmTimesTest.class, "/dev/llmcost/costmodel/efficiency/hipblaslt-tuned-fp8-gemm.csv");
  private static final int[][] LLAMA2_70B = {{10240, 8192}, {8192, 8192}, {57344, 8192}, {8192, 28672}};

  @Test
  void tableHoldsEveryTimedLineOfBothFilesWithItsRate() {
    int server = 0;
    int interactive = 0;
    StringBuilder sb = new StringBuilder("s19k: hipBLASLt tuned FP8 GEMMs (MI325X, AMD MLPerf v5.1 Llama 2 70B),"
        + " TFLOP/s at the timed token counts\n");
    for (int i = 0; i < TABLE.size(); i++) {
      double m = TABLE.number(i, "out_features");
      double n = TABLE.number(i, "tokens");
      double k = TABLE.number(i, "k");
      double us = TABLE.number(i, "time_us");
      // the tflops column is 2 m n k / time, to its one decimal
      assertThat(TABLE.number(i, "tflops")).as("row " + (i + 1)).isCloseTo(2 * m * n * k / us / 1e6, within(0.051));
      assertThat(n % 16).as("row " + (i + 1)).isZero();
      assertThat(TABLE.number(i, "from_tokens")).as("row " + (i + 1)).isEqualTo(n - 15);
      assertThat(TABLE.get(i, "accelerator")).isEqualTo("mi325x");
      // the server file is unpadded, the interactive file padded by 256 (VLLM_FP8_WEIGHT_PADDING)
      boolean isServer = TABLE.get(i, "file").equals("server");
      assertThat(TABLE.number(i, "lda")).as("row " + (i + 1)).isEqualTo(isServer ? k : k + 256);
      if (isServer) {
        server++;
      } else {
        interactive++;
      }
    }
    // the server file times n 320 to 2,992 (168 token counts) for each of the four GEMMs; the interactive one 521
    // shape-and-count pairs with gaps
    assertThat(server).isEqualTo(4 * 168);
    assertThat(interactive).isEqualTo(521);
    TunedGemmTimes t = TunedGemmTimes.amdMlperfV51Server();
    for (int n : new int[] {320, 384, 464, 608, 1024, 2048, 2992}) {
      sb.append(String.format(Locale.ROOT, "  server n %4d:", n));
      for (int[] shape : LLAMA2_70B) {
        double s = t.seconds(shape[0], shape[1], n).orElseThrow();
        sb.append(String.format(Locale.ROOT, "  %5d x %5d %7.1f us %6.1f TFLOP/s", shape[0], shape[1], s * 1e6,
            2.0 * shape[0] * n * shape[1] / s / 1e12));
      }
      sb.append('\n');
    }
    System.out.println(sb);
  }

  @Test
  void looksUpTheTimedTokenCountThatTheFileRepeats() {
    TunedGemmTimes t = TunedGemmTimes.amdMlperfV51Server();
    // llama2-mi325x-server-tuning.txt line 1362 (n 384) holds 65.5224 us; lines for n 369-384 repeat it (1373: n 373)
    assertThat(t.seconds(10240, 8192, 373).orElseThrow()).isEqualTo(65.5224e-6);
    assertThat(t.seconds(10240, 8192, 372.4).orElseThrow()).isEqualTo(65.5224e-6);
    assertThat(t.seconds(10240, 8192, 384).orElseThrow()).isEqualTo(65.5224e-6);
    // line 6690: gate_up at n 608, 452.213 us
    assertThat(t.seconds(57344, 8192, 608).orElseThrow()).isEqualTo(452.213e-6);
    // outside the file's n 305-2,992, or a shape it does not hold: no measured time
    assertThat(t.seconds(10240, 8192, 304)).isEmpty();
    assertThat(t.seconds(10240, 8192, 305)).isPresent();
    assertThat(t.seconds(10240, 8192, 2993)).isEmpty();
    assertThat(t.seconds(32000, 8192, 400)).isEmpty();
    // the interactive file: padded weights, n from 1
    assertThat(TunedGemmTimes.amdMlperfV51Interactive().seconds(10240, 8192, 373).orElseThrow()).isEqualTo(67.282e-6);
    assertThat(TunedGemmTimes.amdMlperfV51Interactive().seconds(10240, 8192, 1)).isPresent();
  }

  @Test
  void scenarioOptionNeedsTheTablesAcceleratorAndFp8WeightsAndPrintsItsSource() {
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-2-70b");
    AcceleratorSpec mi325x = AcceleratorCatalog.bundled().get("mi325x");
    AcceleratorSpec mi300x = AcceleratorCatalog.bundled().get("mi300x");
    TunedGemmTimes t = TunedGemmTimes.amdMlperfV51Server();
    assertThatThrownBy(() -> InferenceScenario.builder(llama, mi300x).weights(QuantizationScheme.fp8()).tunedGemms(t)
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tunedGemms")
        .hasMessageContaining("mi300x");
    assertThatThrownBy(() -> InferenceScenario.builder(llama, mi325x).tunedGemms(t).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tunedGemms")
        .hasMessageContaining("FP8");
    InferenceScenario plain = InferenceScenario.builder(llama, mi325x).weights(QuantizationScheme.fp8())
        .kvCache(dev.llmcost.core.DType.FP8_E4M3).batch(384).inputTokens(222).outputTokens(301).build();
    InferenceScenario tuned = plain.toBuilder().tunedGemms(t).build();
    assertThat(tuned).isNotEqualTo(plain);
    assertThat(tuned.toBuilder().build()).isEqualTo(tuned);
    InferenceCostModel m = InferenceCostModel.calibrated();
    InferenceEstimate a = m.estimate(plain);
    InferenceEstimate b = m.estimate(tuned);
    assertThat(b.assumptions()).anyMatch(s -> s.contains("llama2-mi325x-server-tuning.txt"));
    assertThat(a.assumptions()).noneMatch(s -> s.contains("tuning"));
    // the tuned kernels are faster than the roofline's FP8 GEMM terms at this batch (s19j: +26% at n 373)
    assertThat(b.tpotSeconds()).isLessThan(a.tpotSeconds());
    System.out.printf(Locale.ROOT, "s19k: llama-2-70b fp8 on mi325x, batch 384, 222 + 301: TPOT %.1f ms roofline, %.1f"
        + " ms with the Server run's tuned GEMMs%n", a.tpotSeconds() * 1e3, b.tpotSeconds() * 1e3);
  }
}
