package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.internal.training.CsvTable;
import org.junit.jupiter.api.Test;

// s14c: the FP8 GEMM rate of MI300X/MI325X from AMD's same-harness FP8/BF16 best-shape runs (gemm-fp8-ratio.csv)
class Fp8GemmRatioTest {
  final Microbenchmarks mb = Microbenchmarks.bundled();
  final AcceleratorCatalog catalog = AcceleratorCatalog.bundled();

  private static double peak(AcceleratorSpec a, DType t) {
    return a.requirePeak(t).flopsPerSecond() / 1e12;
  }

  @Test
  void mi300xRunsItsBf16CurveTimesTheMafRatio() {
    AcceleratorSpec mi300x = catalog.get("mi300x");
    // gemm.csv: torch.mm best shape 668.4 TFLOP/s; rocm-blogs MAF table: 1273 FP8 against 708 BF16 (trig_float)
    double expected = 668.4 * (1273.0 / 708) / peak(mi300x, DType.FP8_E4M3);
    assertThat(mb.gemmPeakFraction(mi300x, DType.FP8_E4M3).orElseThrow()).isCloseTo(expected, within(1e-12));
    assertThat(mb.fp8GemmFromRatio(mi300x)).isTrue();
    assertThat(EfficiencyProfiles.forAccelerator(mi300x).fp8MatmulPeakFraction()).isCloseTo(expected, within(1e-12));
    assertThat(EfficiencyProfiles.forAccelerator(mi300x).source()).contains("gemm-fp8-ratio.csv");
    // the 16-bit curve is unchanged
    assertThat(mb.gemmPeakFraction(mi300x, DType.BF16).orElseThrow())
        .isCloseTo(668.4 / peak(mi300x, DType.BF16), within(1e-12));
  }

  @Test
  void mi325xReadsOnlyItsNormalDistributionRow() {
    AcceleratorSpec mi325x = catalog.get("mi325x");
    // TAF blog footnote: MAF 1,408.06 FP8 against 831.40 BF16 with normal inputs; the 2025 trig_float row is not read
    double expected = 784.9 * (1408.06 / 831.40) / peak(mi325x, DType.FP8_E4M3);
    assertThat(mb.gemmPeakFraction(mi325x, DType.FP8_E4M3).orElseThrow()).isCloseTo(expected, within(1e-12));
    assertThat(Fp8GemmRatio.bundled().own("mi325x").orElseThrow()).isCloseTo(1408.06 / 831.40, within(1e-12));
  }

  @Test
  void aCdna3PartOfItsOwnTakesTheFamilyMeanRatioOnTheFamilyBf16Fraction() {
    AcceleratorSpec mine = catalog.get("mi300x").toBuilder().id("s14c-my-cdna3").tdpWatts(700).build();
    assertThat(mb.rowsId(mine)).isEqualTo("s14c-my-cdna3");
    double ratio = (1273.0 / 708 + 1408.06 / 831.40) / 2;
    double f16 = mb.gemmPeakFraction(mine, DType.BF16).orElseThrow();
    assertThat(mb.gemmPeakFraction(mine, DType.FP8_E4M3).orElseThrow())
        .isCloseTo(f16 * peak(mine, DType.BF16) * ratio / peak(mine, DType.FP8_E4M3), within(1e-12));
  }

  @Test
  void partsWithFp8RowsOrWithoutRatiosAreUnchanged() {
    AcceleratorSpec h100 = catalog.get("h100-sxm");
    assertThat(mb.fp8GemmFromRatio(h100)).isFalse();
    // ml-engineering: H100 SXM 1402.6 of 1979 TFLOP/s in FP8, its own row
    assertThat(mb.gemmPeakFraction(h100, DType.FP8_E4M3).orElseThrow())
        .isCloseTo(1402.6 / peak(h100, DType.FP8_E4M3), within(1e-12));
    // CDNA4 has no FP8 rows and no ratio: the profile keeps the BF16 fraction
    AcceleratorSpec mi355x = catalog.get("mi355x");
    assertThat(mb.fp8GemmFromRatio(mi355x)).isFalse();
    assertThat(mb.gemmPeakFraction(mi355x, DType.FP8_E4M3)).isEmpty();
  }

  @Test
  void badRowsNameTheFieldAndValue() {
    String header = "accelerator,init,bf16_m,bf16_n,bf16_k,bf16_tflops,fp8_m,fp8_n,fp8_k,fp8_tflops,source,note\n";
    assertThatThrownBy(() -> new Fp8GemmRatio(CsvTable.parse("t",
        header + "mi300x,zeros,4096,4864,32896,708,4096,3648,32896,1273,s,n\n")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("init 'zeros'");
    assertThatThrownBy(() -> new Fp8GemmRatio(CsvTable.parse("t",
        header + "mi300x,normal,4096,4864,32896,708,4096,3648,32896,-1,s,n\n")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fp8_tflops").hasMessageContaining("-1");
    assertThatThrownBy(() -> new Fp8GemmRatio(CsvTable.parse("t",
        header + "mi300x,normal,4096,4864,32896,708,4096,3648,32896,,s,n\n")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fp8_tflops");
  }
}
