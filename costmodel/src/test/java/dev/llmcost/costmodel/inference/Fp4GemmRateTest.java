package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * NVFP4 GEMMs on Blackwell run at {@link InferenceCalibration#FP4_GEMM_RATE_VERSUS_FP8} of FP8's
 * rate at the same share of peak, from vLLM's published B200 CUTLASS GEMM benchmarks (the figures
 * the constant is computed from are repeated here), and a compute-bound prefill GEMM says so.
 */
class Fp4GemmRateTest {

  @Test
  void theRatioIsTheOneThePublishedBenchmarksGive() {
    // vLLM PR 20646 (NVFP4) and PR 19566 (FP8): N = 6144, K = 4096, M = 16384 on B200, TFLOP/s
    double nvfp4 = 3904.329097;
    double bf16OfThatRun = 1360.143047;
    double fp8 = 2544.683145;
    double bf16OfFp8Run = 1512.843919;
    double measured = (nvfp4 / bf16OfThatRun) / (fp8 / bf16OfFp8Run);
    var b200 = AcceleratorCatalog.bundled().get("b200");
    double peaks = b200.requirePeak(DType.FP4).flopsPerSecond() / b200.requirePeak(DType.FP8_E4M3).flopsPerSecond();
    System.out.printf(Locale.ROOT, "NVFP4 / FP8 GEMM rate on B200: %.3f measured, %.1f by the dense peaks: %.3f of"
        + " FP8's share of peak%n", measured, peaks, measured / peaks);
    assertThat(InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8).isCloseTo(measured / peaks, within(1e-12))
        .isCloseTo(0.853, within(0.001));
  }

  @Test
  void aComputeBoundPrefillGemmInFp4TakesFp8sTimeOver1Point7() {
    var model = ModelCatalog.bundled().get("llama-3.1-70b");
    var b200 = AcceleratorCatalog.bundled().get("b200");
    InferenceScenario fp8 = InferenceScenario.builder(model, b200).weights(QuantizationScheme.fp8()).batch(8)
        .inputTokens(4096).outputTokens(2).build();
    InferenceScenario fp4 = fp8.toBuilder().weights(QuantizationScheme.nvfp4()).build();
    InferenceCostModel m = InferenceCostModel.calibrated();
    double c8 = qkvCompute(m.estimate(fp8));
    double c4 = qkvCompute(m.estimate(fp4));
    assertThat(c8 / c4).isCloseTo(2 * InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8, within(1e-9));
    assertThat(m.estimate(fp4).assumptions()).anyMatch(a -> a.startsWith("fp4 weights") && a.contains("× 0.853"));
  }

  private static double qkvCompute(InferenceEstimate e) {
    return e.prefill().operators().stream().filter(o -> o.group() == OperatorGroup.QKV_PROJECTION)
        .mapToDouble(OperatorCost::computeSeconds).sum();
  }
}
