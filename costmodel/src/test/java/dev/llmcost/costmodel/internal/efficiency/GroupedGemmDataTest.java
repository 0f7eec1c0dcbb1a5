package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.inference.InferenceCalibration;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code grouped-gemm.csv} (grouped NVFP4 GEMMs and fused MoE layers measured on Blackwell, DeepGEMM's FP8
 * grouped GEMMs on H800 (infer10c), with the
 * dense B200 NVFP4 curve of vLLM pull request 20646): every row's FLOPs follow from its shape as its source
 * counts them and its TFLOP/s from its time, and no measured B200 NVFP4 rate exceeds the large-GEMM NVFP4 rate
 * the inference roofline gives the routed experts (FP4 peak × calibrated FP8 efficiency × {@link
 * InferenceCalibration#FP4_GEMM_RATE_VERSUS_FP8} × the B200 large-GEMM fraction). Prints each B200 NVFP4 row
 * against that rate (the infer9h check, inference-multi-source.md).
 */
class GroupedGemmDataTest {

  private static final CsvTable T =
      CsvTable.read(Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/grouped-gemm.csv");

  private static double flopsOfShape(int i) {
    if (T.get(i, "scope").startsWith("gemm")) {
      return 2 * T.number(i, "groups") * T.number(i, "m_per_group") * T.number(i, "n") * T.number(i, "k");
    }
    // a layer: gated up projection (2 ffn) and down projection per routed copy that lands on the device's
    // groups of the experts (the expected local share groups / experts, as the sources count it)
    double copies = T.number(i, "tokens") * T.number(i, "top_k") * T.number(i, "groups") / T.number(i, "experts");
    return copies * 2 * 3 * T.number(i, "hidden") * T.number(i, "expert_ffn");
  }

  @Test
  void everyRowsFlopsAndRateAreItsOwnArithmetic() {
    // 72 rows, DeepGEMM's 20 H800 training-shape rows (s13d: 6 gemm_fprop, 14 gemm_wgrad), and FlashInfer's ten
    // B300 MXFP8 fused MoE layers (s20n)
    assertThat(T.size()).isEqualTo(102);
    for (int i = 0; i < T.size(); i++) {
      double flops = T.number(i, "flops");
      assertThat(flops).as("row %d flops", i).isCloseTo(flopsOfShape(i), within(flops * 1e-9));
      if (T.get(i, "scope").startsWith("gemm")) {
        assertThat(T.number(i, "tokens")).as("row %d tokens", i)
            .isEqualTo(T.number(i, "groups") * T.number(i, "m_per_group"));
      }
      double tflops = flops / (T.number(i, "time_ms") * 1e-3) / 1e12;
      assertThat(T.number(i, "tflops")).as("row %d tflops", i).isCloseTo(tflops, within(0.005 * tflops + 0.05));
    }
  }

  @Test
  void theBoundColumnIsTheDatasheetRooflineOfEachCatalogRow() {
    int checked = 0;
    for (int i = 0; i < T.size(); i++) {
      var acc = AcceleratorCatalog.bundled().find(T.get(i, "accelerator"));
      if (acc.isEmpty()) {
        continue;
      }
      boolean fp4 = T.get(i, "dtype").equals("nvfp4");
      boolean mxfp8 = T.get(i, "dtype").equals("mxfp8");
      boolean fp8 = T.get(i, "dtype").equals("fp8") || mxfp8;
      double peak = acc.get().requirePeak(fp4 ? DType.FP4 : fp8 ? DType.FP8_E4M3 : DType.BF16).flopsPerSecond();
      // NVFP4: 4 bits plus one E4M3 scale per 16 values; MXFP8: 8 bits plus one UE8M0 scale per 32; FP8 scales left out
      double w = fp4 ? 0.5625 : mxfp8 ? 1 + 1.0 / 32 : fp8 ? 1 : 2;
      double bytes;
      if (T.get(i, "scope").startsWith("gemm")) {
        double tokens = T.number(i, "tokens");
        bytes = T.number(i, "groups") * T.number(i, "n") * T.number(i, "k") * w + tokens * T.number(i, "k") * w
            + tokens * T.number(i, "n") * 2;
      } else {
        double e = T.number(i, "experts");
        double reached = e * (1 - Math.pow(1 - T.number(i, "top_k") / e, T.number(i, "tokens")))
            * T.number(i, "groups") / e;
        bytes = reached * 3 * T.number(i, "hidden") * T.number(i, "expert_ffn") * w;
      }
      boolean compute = T.number(i, "flops") / peak >= bytes / acc.get().memoryBandwidth().bytesPerSecond();
      assertThat(T.get(i, "bound")).as("row %d bound", i).isEqualTo(compute ? "compute" : "memory");
      checked++;
    }
    // 68 rows of B200/GB200/Hopper parts, and the four B300 fused NVFP4 layers since s12f catalogued the B300
    // (memory-bound at its 13.5 PFLOP/s dense FP4 and 8 TB/s, as their bound column says), and DeepGEMM's 20 H800
    // training-shape rows (s13d; the weight gradients' FP32 output counted as the formula above counts any output),
    // and the ten B300 MXFP8 fused layers (s20n; memory-bound at 4.5 PFLOP/s dense FP8 and 8 TB/s)
    assertThat(checked).isEqualTo(102);
  }

  @Test
  void blackwellTakesTheFastestComputeBoundFusedNvfp4MoeLayerAsItsFraction() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    // SGLang's CUTLASS fused MoE, 1,262 TFLOP/s on B200 (9 PFLOP/s dense FP4); GB200 takes its family's
    assertThat(mb.fusedMoeFp4Fraction("b200").orElseThrow()).isCloseTo(1262 / 9000.0, within(1e-9));
    assertThat(mb.fusedMoeFp4Fraction("gb200").orElseThrow()).isCloseTo(1262 / 9000.0, within(1e-9));
    // no fused NVFP4 MoE row elsewhere (Hopper has no FP4 math)
    assertThat(mb.fusedMoeFp4Fraction("h100-sxm")).isEmpty();
    assertThat(mb.fusedMoeFp4Fraction("mi300x")).isEmpty();
  }

  @Test
  void hopperInterpolatesTheFastestComputeBoundFp8GroupedGemmsInTheLogOfTokensPerGroup() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    double peak = 1978.9;
    // DeepGEMM on H800 SXM5: masked 512 tokens per group 1,040 TFLOP/s (and 916), 1,024 1,233 (and 925);
    // contiguous 4,096 and 8,192 1,346
    assertThat(mb.groupedGemmFp8Fraction("h100-sxm", 512).orElseThrow()).isCloseTo(1040 / peak, within(1e-9));
    assertThat(mb.groupedGemmFp8Fraction("h200-sxm", 1024).orElseThrow()).isCloseTo(1233 / peak, within(1e-9));
    assertThat(mb.groupedGemmFp8Fraction("h800-sxm", 2048).orElseThrow())
        .isCloseTo((1233 + (1346 - 1233) / 2.0) / peak, within(1e-9));
    assertThat(mb.groupedGemmFp8Fraction("h800-sxm", 1e6).orElseThrow()).isCloseTo(1346 / peak, within(1e-9));
    // below the smallest compute-bound count (the 256-token rows are memory-bound) the 512-token fraction holds
    assertThat(mb.groupedGemmFp8Fraction("h100-sxm", 22).orElseThrow()).isCloseTo(1040 / peak, within(1e-9));
    assertThat(mb.groupedGemmFp8Fraction("b200", 512)).isEmpty();
    assertThat(mb.groupedGemmFp8Fraction("mi300x", 512)).isEmpty();
    assertThatThrownBy(() -> mb.groupedGemmFp8Fraction("h100-sxm", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokensPerGroup");
  }

  @Test
  void hopperTakesTheFastestMeasuredFusedMoeSeriesAsItsFewTokenBandwidthFraction() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    double h100 = 3350e9;
    // vLLM pull request 24700, Mixtral 8x7B bf16 at TP 2 on H100 (experts of 3 x 4,096 x 7,168 bf16 values):
    // 1 token reaches 2 experts in 144.03 us; 64 tokens reach all 8 (16 tokens each) in 483.14 us; 256 tokens
    // (64 each) in 536.77 us
    double expert = 3.0 * 4096 * 7168 * 2;
    double one = (2 * expert + 1 * 4096 * 4) / 144.03e-6 / h100;
    double sixteen = (8 * (1 - Math.pow(0.75, 64)) * expert + 64 * 4096 * 4) / 483.14e-6 / h100;
    double sixtyFour = (8 * expert + 256 * 4096 * 4) / 536.77e-6 / h100;
    assertThat(mb.fusedMoeBandwidthFraction("h100-sxm", 1).orElseThrow()).isCloseTo(one, within(1e-6));
    assertThat(mb.fusedMoeBandwidthFraction("h200-sxm", 16).orElseThrow()).isCloseTo(sixteen, within(1e-6));
    assertThat(mb.fusedMoeBandwidthFraction("h800-sxm", 64).orElseThrow()).isCloseTo(sixtyFour, within(1e-6));
    // held at the ends of the measured counts
    assertThat(mb.fusedMoeBandwidthFraction("h100-sxm", 0.5).orElseThrow()).isCloseTo(one, within(1e-6));
    assertThat(mb.fusedMoeBandwidthFraction("h100-sxm", 4096).orElseThrow()).isCloseTo(sixtyFour, within(1e-6));
    assertThat(one).isBetween(0.72, 0.74);
    assertThat(sixteen).isBetween(0.86, 0.88);
    assertThat(sixtyFour).isBetween(0.78, 0.79);
    // every count in between takes the fastest series there, never above the datasheet
    for (double t = 1; t <= 64; t *= 1.25) {
      assertThat(mb.fusedMoeBandwidthFraction("h100-sxm", t).orElseThrow()).as("t %.2f", t).isBetween(0.7, 0.9);
    }
    assertThat(mb.fusedMoeBandwidthFraction("b200", 8)).isEmpty();
    assertThat(mb.fusedMoeBandwidthFraction("a100-sxm-80gb", 8)).isEmpty();
    assertThatThrownBy(() -> mb.fusedMoeBandwidthFraction("h100-sxm", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokensPerExpert");
  }

  /**
   * s14g: the memory-bound NVFP4 fused MoE layers (FlashInfer pull request 5301, DeepSeek-V3 EP8 on B300) give
   * Blackwell's NVFP4 weight-read fraction: the reached local experts' weights (3 × 7,168 × 2,048 values each at
   * 0.5625 bytes) and the token rows (NVFP4 in, 16-bit out) over the layer's time. The fastest row (128 tokens, 4 per
   * expert, where the compute is a few percent of the layer) is held at every count: the later rows include their
   * compute, which the roofline adds itself.
   */
  @Test
  void blackwellTakesTheFastestMeasuredNvfp4FusedMoeLayerAsItsWeightReadFraction() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    double b300 = 8000e9;
    double expert = 3.0 * 7168 * 2048 * 0.5625;
    double[] tokens = {128, 256, 512, 1024};
    double[] ms = {0.155905, 0.165025, 0.176593, 0.205858};
    double[] fraction = new double[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      double reached = 256 * (1 - Math.pow(1 - 8.0 / 256, tokens[i]));
      fraction[i] = (reached * 32 / 256 * expert + tokens[i] * 7168 * (0.5625 + 2)) / (ms[i] * 1e-3) / b300;
    }
    // falling with the tokens per expert as the layer's compute grows: 0.63, 0.60, 0.57, 0.49
    assertThat(fraction[0]).isBetween(0.62, 0.63);
    assertThat(fraction[3]).isBetween(0.48, 0.50);
    for (double t : new double[] {1, 4, 16, 32, 500}) {
      assertThat(mb.fusedMoeNvfp4BandwidthFraction("b300", t).orElseThrow()).as("t %.0f", t)
          .isCloseTo(fraction[0], within(1e-6));
      // the same family: B200 and GB200 read B300's rows
      assertThat(mb.fusedMoeNvfp4BandwidthFraction("b200", t).orElseThrow()).isCloseTo(fraction[0], within(1e-6));
      assertThat(mb.fusedMoeNvfp4BandwidthFraction("gb200", t).orElseThrow()).isCloseTo(fraction[0], within(1e-6));
    }
    // only Blackwell has NVFP4 rows, and Blackwell has no bf16/fp8 series
    assertThat(mb.fusedMoeNvfp4BandwidthFraction("h100-sxm", 8)).isEmpty();
    assertThat(mb.fusedMoeBandwidthFraction("b200", 8)).isEmpty();
    // the series applies by the experts' format: NVFP4 on Blackwell; MXFP4 (another kernel) keeps the dense path
    dev.llmcost.core.hardware.AcceleratorSpec b200 = dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get("b200");
    assertThat(mb.fusedMoeBandwidthCurve(b200, dev.llmcost.core.model.QuantizationScheme.nvfp4())).isNotNull();
    assertThat(mb.fusedMoeBandwidthCurve(b200, dev.llmcost.core.model.QuantizationScheme.mxfp4())).isNull();
    // s20n: the B300 MXFP8 layers are catalogued and checked (FusedMoeCeilingTest), not read: FP8 experts on Blackwell
    // keep the calibrated bandwidth, which reproduces those layers within 7%
    assertThat(mb.fusedMoeBandwidthCurve(b200, dev.llmcost.core.model.QuantizationScheme.fp8())).isNull();
    assertThatThrownBy(() -> mb.fusedMoeNvfp4BandwidthFraction("b200", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokensPerExpert");
  }

  @Test
  void hopperFp8GroupedGemmsAgainstTheRoutedExpertsLargeGemmRate() {
    AcceleratorSpec h800 = AcceleratorCatalog.bundled().get("h800-sxm");
    double rate = h800.requirePeak(DType.FP8_E4M3).flopsPerSecond()
        * InferenceCalibration.CALIBRATED.fp8MatmulRelativeEfficiency()
        * EfficiencyProfiles.forAccelerator(h800).matmulPeakFraction();
    System.out.printf(Locale.ROOT, "H800 FP8 large-GEMM rate of the roofline: %.0f TFLOP/s%n", rate / 1e12);
    int checked = 0;
    for (int i = 0; i < T.size(); i++) {
      // the grouped GEMMs the inference roofline reads (gemm_pure), not the training-shape rows of s13d
      if (!T.get(i, "accelerator").equals("h800-sxm") || !T.get(i, "scope").equals("gemm_pure")) {
        continue;
      }
      double measured = T.number(i, "tflops") * 1e12;
      System.out.printf(Locale.ROOT, "  %-28s %3.0f x %5.0f x %5.0f x %5.0f  %-7s %7.1f TFLOP/s, %.3f of it%n",
          T.get(i, "kernel"), T.number(i, "groups"), T.number(i, "m_per_group"), T.number(i, "n"), T.number(i, "k"),
          T.get(i, "bound"), measured / 1e12, measured / rate);
      // the contiguous layout's 4,096-8,192 tokens per group run faster than the roofline's large-GEMM rate, so
      // the FP8 ceiling binds only at the smaller counts of the masked layout
      if (T.number(i, "m_per_group") >= 4096) {
        assertThat(measured).as("row %d", i).isGreaterThan(rate);
      }
      checked++;
    }
    assertThat(checked).isEqualTo(10);
  }

  @Test
  void noMeasuredB200Nvfp4RateExceedsTheRateTheRoutedExpertsAreGiven() {
    AcceleratorSpec b200 = AcceleratorCatalog.bundled().get("b200");
    double rate = b200.requirePeak(DType.FP4).flopsPerSecond()
        * InferenceCalibration.CALIBRATED.fp8MatmulRelativeEfficiency()
        * InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8
        * EfficiencyProfiles.forAccelerator(b200).matmulPeakFraction();
    System.out.printf(Locale.ROOT, "B200 NVFP4 large-GEMM rate of the roofline: %.0f TFLOP/s%n", rate / 1e12);
    int checked = 0;
    for (int i = 0; i < T.size(); i++) {
      if (!T.get(i, "accelerator").equals("b200") || !T.get(i, "dtype").equals("nvfp4")) {
        continue;
      }
      double measured = T.number(i, "tflops") * 1e12;
      String shape = T.get(i, "scope").startsWith("gemm")
          ? String.format(Locale.ROOT, "%3.0f x %5.0f x %5.0f x %5.0f", T.number(i, "groups"),
              T.number(i, "m_per_group"), T.number(i, "n"), T.number(i, "k"))
          : String.format(Locale.ROOT, "%5.0f tokens, h %4.0f, ffn %4.0f, %3.0f/%3.0f experts, top %1.0f",
              T.number(i, "tokens"), T.number(i, "hidden"), T.number(i, "expert_ffn"), T.number(i, "groups"),
              T.number(i, "experts"), T.number(i, "top_k"));
      System.out.printf(Locale.ROOT, "  %-29s %-13s %-50s %7.1f TFLOP/s, %.3f of it%n",
          T.get(i, "kernel"), T.get(i, "scope"), shape, measured / 1e12, measured / rate);
      assertThat(measured).as("row %d", i).isLessThan(rate);
      checked++;
    }
    assertThat(checked).isEqualTo(16);
  }
}
