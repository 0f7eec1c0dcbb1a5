package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The blockwise FP8 recipe on H800 at DeepGEMM's measured DeepSeek-V3 training shapes (s13d, {@code
 * grouped-gemm.csv}): the forward kernels' and the weight-gradient kernels' measured time against the evaluator's FP8
 * GEMM curve, re-derived here from the printed TFLOP/s of the sources, and what the training model's hardware
 * constants take from it.
 */
class BlockwiseTrainingShapeTest {

  private static final AcceleratorSpec H800 = AcceleratorCatalog.bundled().get("h800-sxm");
  private static final double PEAK = 1978.9e12;

  /** The curve's time of a GEMM whose dimensions are m, n, k at the part's best-shape fraction. */
  private static double curve(double m, double n, double k) {
    Microbenchmarks mb = Microbenchmarks.bundled();
    double d = Math.min(m, Math.min(n, k));
    double dh = mb.gemmHalfSaturationDim();
    return 2 * m * n * k / (PEAK * mb.gemmPeakFraction(H800, DType.FP8_E4M3).orElseThrow() * d / (d + dh));
  }

  /** Sums of curve and measured time over rows {groups, m, n, k, TFLOP/s}. */
  private static double factor(double[][] rows) {
    double modelled = 0;
    double measured = 0;
    for (double[] r : rows) {
      modelled += r[0] * curve(r[1], r[2], r[3]);
      measured += 2 * r[0] * r[1] * r[2] * r[3] / (r[4] * 1e12);
    }
    return modelled / measured;
  }

  @Test
  void theFactorsAreDeepGemmsMeasuredTimeAgainstTheCurve() {
    // the best-shape fraction is DeepGEMM's own normal GEMM, 1,520 TFLOP/s at 4096 x 7168 x 16384 (gemm.csv)
    assertThat(Microbenchmarks.bundled().gemmPeakFraction(H800, DType.FP8_E4M3).orElseThrow())
        .isCloseTo(1520 / 1978.9, within(1e-3));
    double forward = factor(new double[][] {
      // README at 327ec92: normal GEMMs at M = 4096
      {1, 4096, 2112, 7168, 1127}, {1, 4096, 24576, 1536, 1212}, {1, 4096, 32768, 512, 775},
      {1, 4096, 7168, 16384, 1520}, {1, 4096, 4096, 7168, 1410}, {1, 4096, 7168, 2048, 1168},
      // README at 55ab91f: contiguous grouped GEMMs (4 x 8192 and 8 x 4096 tokens)
      {4, 8192, 4096, 7168, 1346}, {4, 8192, 7168, 2048, 1214}, {8, 4096, 4096, 7168, 1346}, {8, 4096, 7168, 2048, 1214},
    });
    double wgrad = factor(new double[][] {
      // pull request 95: dense weight gradients (K = tokens 4096 and 8192) and k-grouped ones
      {1, 7168, 2112, 4096, 920}, {1, 1536, 24576, 4096, 986}, {1, 512, 32768, 4096, 878},
      {1, 16384, 7168, 4096, 994}, {1, 7168, 4096, 4096, 942}, {1, 2048, 7168, 4096, 920},
      {1, 7168, 2112, 8192, 1052}, {1, 1536, 24576, 8192, 1092}, {1, 512, 32768, 8192, 1014},
      {4, 7168, 4096, 4096, 939}, {4, 2048, 7168, 4096, 900}, {4, 7168, 4096, 8192, 1044},
      {4, 2048, 7168, 8192, 1033}, {8, 7168, 4096, 4096, 942},
    });
    double[] f = Fp8Gemm.bundled().blockwiseTrainingShapeFactors(H800);
    System.out.printf(Locale.ROOT, "H800 blockwise FP8 at DeepSeek-V3 training shapes: forward %.4f, wgrad %.4f,"
        + " combined %.4f of the curve (Transformer Engine's blockwise/per-tensor ratio was %.4f)%n", f[0], f[1], f[2],
        Fp8Gemm.bundled().relativeToPerTensor("h800-sxm", EvalConfig.FP8_BLOCKWISE));
    // (the table's time_ms is the printed TFLOP/s rounded to the nanosecond)
    assertThat(f[0]).isCloseTo(forward, within(1e-5));
    assertThat(f[1]).isCloseTo(wgrad, within(1e-5));
    // forward and input gradient on the forward kernels, the weight gradient on its own
    assertThat(f[2]).isCloseTo(3 / (2 / forward + 1 / wgrad), within(1e-5));
    assertThat(Fp8Gemm.bundled().blockwiseTrainingShapeFactor(H800).orElseThrow()).isEqualTo(f[2]);
    // the weight-gradient kernels (FP32 output) are the slower ones
    assertThat(f[1]).isLessThan(f[0]);
    assertThat(f[2]).isBetween(f[1], f[0]);
    // parts without such rows have none (H100 SXM: its FP8 rows are per-tensor torch matmuls)
    assertThat(Fp8Gemm.bundled().blockwiseTrainingShapeFactor(AcceleratorCatalog.bundled().get("h100-sxm"))).isEmpty();
    assertThat(Fp8Gemm.bundled().blockwiseTrainingShapeFactors(AcceleratorCatalog.bundled().get("b200"))).isEmpty();
  }

  @Test
  void onlyTheBlockwiseRecipeOnTheMeasuredPartReadsThem() {
    var fp8 = Fp8Gemm.bundled();
    Cluster h800 = Cluster.of(H800, 8);
    HardwareConstants blockwise = JobMapping.hardware(h800, PrecisionRecipe.FP8_BLOCKWISE, TrainingFramework.MEGATRON,
        new HardwareConstants());
    HardwareConstants perTensor = JobMapping.hardware(h800, PrecisionRecipe.FP8_MIXED, TrainingFramework.MEGATRON,
        new HardwareConstants());
    // DeepGEMM's rows are the blockwise kernel: no per-tensor ratio on top, their shape factor instead
    assertThat(blockwise.matmulPeakFraction).isEqualTo(perTensor.matmulPeakFraction);
    assertThat(blockwise.layerShapeFactor).isEqualTo(fp8.blockwiseTrainingShapeFactor(H800).orElseThrow());
    assertThat(perTensor.layerShapeFactor).isEqualTo(fp8.layerShapeFactor(H800, true));
    // H100 SXM's blockwise recipe keeps Transformer Engine's blockwise/per-tensor kernel ratio
    Cluster h100 = Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 8);
    HardwareConstants h100Blockwise = JobMapping.hardware(h100, PrecisionRecipe.FP8_BLOCKWISE,
        TrainingFramework.MEGATRON, new HardwareConstants());
    HardwareConstants h100PerTensor = JobMapping.hardware(h100, PrecisionRecipe.FP8_MIXED, TrainingFramework.MEGATRON,
        new HardwareConstants());
    assertThat(h100Blockwise.matmulPeakFraction).isCloseTo(
        h100PerTensor.matmulPeakFraction * fp8.relativeToPerTensor("h100-sxm", EvalConfig.FP8_BLOCKWISE), within(1e-12));
    assertThat(h100Blockwise.layerShapeFactor).isEqualTo(h100PerTensor.layerShapeFactor);
  }

  @Test
  void theEstimateSaysWhichRatesItsBlockwiseGemmsRunAt() {
    for (String id : new String[] {"h800-sxm", "h100-sxm"}) {
      TrainingJob job = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
              Cluster.of(AcceleratorCatalog.bundled().get(id), 8))
          .parallelism(Parallelism.builder().dp(8).build())
          .sequenceLength(4096)
          .globalBatchSize(8)
          .microBatchSize(1)
          .precision(PrecisionRecipe.FP8_BLOCKWISE)
          .build();
      String fp8Line = TrainingCostModel.calibrated().estimate(job).assumptions().stream()
          .filter(x -> x.startsWith("FP8 scaling")).findFirst().orElseThrow();
      if (id.equals("h800-sxm")) {
        assertThat(fp8Line).contains("DeepGEMM's rates measured on this part")
            .contains(String.format(Locale.ROOT, "%.3f", Fp8Gemm.bundled().blockwiseTrainingShapeFactor(H800)
                .orElseThrow()));
      } else {
        assertThat(fp8Line).contains(String.format(Locale.ROOT, "%.3f × the per-tensor kernel's rate",
            Fp8Gemm.bundled().relativeToPerTensor(id, EvalConfig.FP8_BLOCKWISE)));
      }
    }
  }
}
