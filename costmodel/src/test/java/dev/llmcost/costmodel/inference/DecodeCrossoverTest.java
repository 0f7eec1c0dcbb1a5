package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.Locale;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batch at which decode turns compute-bound (issue 14, item 4: "decode turns compute-bound at
 * batch 1" for a 70B in fp8 on A100; batch 6 and 11 with the former small-GEMM curve).
 *
 * <p>Derivation of the bounds. A decode step's weight GEMMs at batch {@code B} do {@code 2B} FLOPs
 * per weight and read each weight's {@code b} bytes once, so their compute time {@code 2BW/P}
 * reaches their memory time {@code bW/BW} at the arithmetic-intensity crossover {@code B* = P·b /
 * (2·BW)} (Williams et al. 2009), with {@code P} the datasheet dense peak of the math type and
 * {@code BW} the datasheet memory bandwidth: 312 TFLOP/s · 1 byte / (2 · 2,039 GB/s) = 76.5 for
 * FP8 weights dequantized to 16-bit math on an A100 80GB; 989 · 2 / (2 · 3,350) = 295 for bf16 on an
 * H100 SXM. Kernels reach a fraction {@code f} of the peak and {@code β} of the bandwidth, moving the
 * crossover to {@code B*·f/β}; for every bundled GPU profile the GEMMs fall further short of their
 * peak than the memory of its bandwidth ({@code f < β}), and tile padding only lowers the compute
 * rate, so the crossover is at most {@code B*}. It is at least {@code B* / 2} as long as the GEMMs
 * reach at least half the bandwidth fraction of their peak on these shapes (large-GEMM fractions
 * 0.80–0.87, β 0.93, tiles more than 60% used at these batches). A compute ceiling that counted the
 * bandwidth a second time (a GEMM curve fitted through memory-bound small-M measurements) falls far
 * below {@code B* / 2}. The whole step turns compute-bound no earlier than its GEMMs: attention adds
 * KV-cache reads that grow with the batch.
 */
class DecodeCrossoverTest {

  @ParameterizedTest(name = "{0} on {1} tp {2}, {3} weights")
  @CsvSource({
    // model, accelerator, tp, weights, math peak TFLOP/s, bytes per weight
    "llama-3.1-70b, a100-sxm-80gb, 4, fp8, 312, 1",
    "llama-3.1-70b, a100-sxm-80gb, 4, bf16, 312, 2",
    "llama-3.1-70b, h100-sxm, 4, bf16, 989.4, 2",
    "llama-3.1-8b, h100-sxm, 1, bf16, 989.4, 2",
  })
  void weightGemmsTurnComputeBoundNearTheArithmeticIntensityCrossover(
      String model, String accelerator, int tp, String weights, double peakTflops, double bytesPerWeight) {
    AcceleratorSpec a = AcceleratorCatalog.bundled().get(accelerator);
    assertThat(a.requirePeak(DType.BF16).flopsPerSecond()).isCloseTo(peakTflops * 1e12, org.assertj.core.api.Assertions.within(1e12));
    InferenceScenario s =
        InferenceScenario.builder(ModelCatalog.bundled().get(model), a)
            .tp(tp)
            .weights(weights.equals("fp8") ? QuantizationScheme.fp8() : QuantizationScheme.uniform(DType.BF16))
            .build();
    InferenceCostModel m = InferenceCostModel.calibrated();
    double crossover = peakTflops * 1e12 * bytesPerWeight / (2 * a.memoryBandwidth().bytesPerSecond());
    OptionalInt gemms = m.gemmComputeBoundBatch(s);
    OptionalInt step = m.computeBoundBatch(s);
    System.out.printf(Locale.ROOT,
        "%s on %s tp %d %s: B* = %.0f × %.0f / (2 × %.0f GB/s) = %.1f; GEMMs compute-bound at %s, the step at %s"
            + " (bounds %.1f–%.1f)%n",
        model, accelerator, tp, weights, peakTflops, bytesPerWeight, a.memoryBandwidth().bytesPerSecond() / 1e9,
        crossover, gemms, step, crossover / 2, crossover);
    assertThat(gemms).isPresent();
    assertThat((double) gemms.getAsInt()).isBetween(crossover / 2, crossover);
    if (step.isPresent()) {
      assertThat(step.getAsInt()).isGreaterThanOrEqualTo(gemms.getAsInt());
    }
  }
}
