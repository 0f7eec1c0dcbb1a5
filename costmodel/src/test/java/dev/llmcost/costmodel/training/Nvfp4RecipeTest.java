package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.efficiency.Fp8Gemm;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NVFP4 training recipe (s12g): FP4 GEMMs at the rate measured against FP8 on B200, the parts that stay in
 * bf16 at the 16-bit rates, NVFP4's quantizations as memory-bound kernels, and its refusal without FP4 tensor cores.
 */
class Nvfp4RecipeTest {

  private static Cluster cluster(String accelerator, int gpus) {
    return Cluster.of(AcceleratorCatalog.bundled().get(accelerator), gpus);
  }

  private static HardwareConstants hardware(String accelerator, PrecisionRecipe r) {
    return JobMapping.hardware(cluster(accelerator, 8), r, new HardwareConstants());
  }

  @Test
  void parsesAsFp4MathWithItsOwnScaling() {
    PrecisionRecipe r = PrecisionRecipe.parse("NVFP4");
    assertThat(r).isSameAs(PrecisionRecipe.NVFP4);
    assertThat(r.mathType()).isEqualTo(DType.FP4);
    assertThat(r.fp8Scaling()).isEqualTo(Fp8Scaling.NVFP4);
    // bf16 weights and activations, fp32 gradients and masters, parameters gathered in bf16 (Megatron-Bridge 26.02)
    assertThat(r.bytesPerParameter(8)).isEqualTo(PrecisionRecipe.MXFP8.bytesPerParameter(8));
    assertThat(r.parameterGatherBytes()).isEqualTo(2);
    assertThat(PrecisionRecipe.BUNDLED).contains(r);
    assertThatThrownBy(() -> PrecisionRecipe.parse("mxfp4"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nvfp4").hasMessageContaining("\"mxfp4\"");
  }

  @Test
  void fp4GemmsRunAtTheMeasuredRateAgainstFp8() {
    // vLLM's CUTLASS GEMM benchmark on B200 (M 16384, N 6144, K 4096, inputs pre-quantized): NVFP4 3904.3 against
    // bf16 1360.1 TFLOP/s (pull request 20646), FP8 2544.7 against bf16 1512.8 (pull request 19566)
    double measured = (3904.329097 / 1360.143047) / (2544.683145 / 1512.843919);
    assertThat(Fp8Gemm.FP4_SPEEDUP_OVER_FP8).isCloseTo(measured, within(1e-12)).isCloseTo(1.707, within(5e-4));
    // Blackwell Ultra (FP4 peak 3x FP8): Transformer Engine's B300 layer benchmark, pre-quantized per-tensor FP8 6.812 ms
    // against NVFP4 3.764 ms per layer
    double ultra = 6.812 / 3.764;
    for (String acc : new String[] {"b200", "gb200", "b300", "gb300"}) {
      var spec = AcceleratorCatalog.bundled().get(acc);
      double speedup = acc.endsWith("b300") ? ultra : Fp8Gemm.FP4_SPEEDUP_OVER_FP8;
      assertThat(Fp8Gemm.bundled().fp4SpeedupOverFp8(spec)).as(acc).isCloseTo(speedup, within(1e-12));
      HardwareConstants fp4 = hardware(acc, PrecisionRecipe.NVFP4);
      HardwareConstants fp8 = hardware(acc, PrecisionRecipe.FP8_MIXED);
      // the FP4 peak is the MFU denominator; the rate is the measured multiple of the per-tensor FP8 kernel's
      assertThat(fp4.matmulPeak).isEqualTo(spec.requirePeak(DType.FP4).flopsPerSecond());
      assertThat(fp4.matmulPeak * fp4.matmulEfficiency(8192))
          .isCloseTo(speedup * fp8.matmulPeak * fp8.matmulEfficiency(8192), within(1e6));
      // never the 2x (or 3x) of the peaks
      assertThat(fp4.matmulPeak * fp4.matmulEfficiency(8192)).isLessThan(2 * fp8.matmulPeak * fp8.matmulEfficiency(8192));
    }
    assertThat(String.join("\n", Fp8RecipesTest.llama8b("b300", PrecisionRecipe.NVFP4).assumptions()))
        .contains("1.810 x the per-tensor FP8 kernel's rate (Transformer Engine's B300 layer benchmark");
  }

  @Test
  void attentionAndTheOutputHeadStayAtTheSixteenBitRates() {
    HardwareConstants fp4 = hardware("b200", PrecisionRecipe.NVFP4);
    HardwareConstants bf16 = hardware("b200", PrecisionRecipe.BF16_MIXED);
    assertThat(fp4.attentionPeak).isEqualTo(bf16.attentionPeak);
    assertThat(fp4.attentionEfficiency(8192)).isEqualTo(bf16.attentionEfficiency(8192));
    assertThat(fp4.matmulEfficiency16(8192)).isEqualTo(bf16.matmulEfficiency16(8192));
    // so the head's three GEMMs take the same time in a bf16 and an NVFP4 step: the difference between the
    // recipes is in the transformer layers only
    TrainingEstimate nv = llama8b(PrecisionRecipe.NVFP4);
    TrainingEstimate mx = llama8b(PrecisionRecipe.MXFP8);
    TrainingEstimate b = llama8b(PrecisionRecipe.BF16_MIXED);
    System.out.printf(Locale.ROOT, "Llama-3-8B on 8 B200, micro-batch 2, sequence 8192: bf16 %.0f, mxfp8 %.0f, nvfp4 %.0f"
        + " tokens/s per GPU%n", b.tokensPerSecondPerGpu(), mx.tokensPerSecondPerGpu(), nv.tokensPerSecondPerGpu());
    assertThat(nv.tokensPerSecondPerGpu()).isGreaterThan(mx.tokensPerSecondPerGpu())
        .isLessThan(Fp8Gemm.FP4_SPEEDUP_OVER_FP8 * mx.tokensPerSecondPerGpu());
  }

  private static TrainingEstimate llama8b(PrecisionRecipe precision) {
    return Fp8RecipesTest.llama8b("b200", precision);
  }

  @Test
  void quantizationsAreMemoryBoundKernelsOfTheirBytes() {
    int s = EvalConfig.FP8_NVFP4;
    // amax pass (2) + cast read (2) + rowwise 0.5 + 1/16 + columnwise 0.5 + 1/16
    assertThat(Fp8Gemm.bytesPerElement(s, false, true)).isEqualTo(5.125);
    assertThat(Fp8Gemm.bytesPerElement(s, true, true)).isEqualTo(5.125);
    assertThat(Fp8Gemm.bytesPerElement(s, false, false)).isEqualTo(4.5625);
    assertThat(Fp8Gemm.weightBytesPerElement(s, false)).isEqualTo(4 + 2 * (0.5 + 1 / 256.0));
    assertThat(Fp8Gemm.fusedBytesPerElement(s, false)).isEqualTo(5.125);
    assertThat(Fp8Gemm.bytesPerElementTerms(s, false, true)).endsWith("= 5.13").contains("E4M3");
    // the Wgrad GEMM's FP4 copy of each linear layer's input is what Transformer Engine saves
    assertThat(Evaluator.fp8SavedInputBytes(s)).isEqualTo(0.5625);
    // NVFP4's own quantization bandwidth from Transformer Engine's B300 layer benchmark: autocast 6.453 ms, pre-quantized
    // 3.764 ms per layer of hidden 4096, intermediate 16384 and 15,872 tokens; each of the 12 GEMMs quantizes its
    // M x K input in both usages and its K x N weight-like input in one; 8 TB/s
    double h = 4096;
    double f = 16384;
    double m = 15872;
    double[][] g = {{m, h, 3 * h}, {m, h, h}, {m, h, f}, {m, f, h}, {m, 3 * h, h}, {m, h, h}, {m, f, h}, {m, h, f},
        {h, m, 3 * h}, {h, m, h}, {h, m, f}, {f, m, h}};
    double bytes = 0;
    for (double[] x : g) {
      bytes += x[0] * x[1] * 5.125 + x[1] * x[2] * 4.5625;
    }
    double expected = bytes / ((6.453 - 3.764) * 1e-3) / 8e12;
    Fp8Gemm fp8 = Fp8Gemm.bundled();
    var b200 = AcceleratorCatalog.bundled().get("b200");
    assertThat(fp8.quantizeEfficiency(b200, s)).isCloseTo(expected, within(1e-9)).isBetween(0.5, 0.65);
    // the FP8 recipes keep their own family bandwidth
    assertThat(fp8.quantizeEfficiency(b200, EvalConfig.FP8_MXFP8)).isEqualTo(fp8.quantizeEfficiency(b200));
    assertThat(hardware("b200", PrecisionRecipe.NVFP4).fp8QuantizeBandwidth)
        .isCloseTo(b200.memoryBandwidth().bytesPerSecond() * expected, within(1.0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h100-sxm", "h200-sxm", "a100-sxm-80gb", "mi300x"})
  void isRefusedWithoutFp4TensorCores(String accelerator) {
    TrainingJob.Builder b = TrainingJob.builder(ModelCatalog.bundled().get("llama-3-8b"), cluster(accelerator, 8))
        .parallelism(Parallelism.builder().dp(8).build())
        .precision(PrecisionRecipe.NVFP4);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("precision nvfp4 needs FP4 tensor cores")
        .hasMessageContaining("accelerator " + accelerator + " has none")
        .hasMessageContaining("bf16");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mi355x", "mi350x"})
  void isRefusedOnCdna4WhoseFp4PeakIsMxfp4s(String accelerator) {
    // s13o: the MI355X and MI350X have a dense FP4 peak, but it is MXFP4's; NVFP4 block scaling is NVIDIA's
    assertThat(AcceleratorCatalog.bundled().get(accelerator).peak(DType.FP4)).isPresent();
    TrainingJob.Builder b = TrainingJob.builder(ModelCatalog.bundled().get("llama-3-8b"), cluster(accelerator, 8))
        .parallelism(Parallelism.builder().dp(8).build())
        .precision(PrecisionRecipe.NVFP4);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("precision nvfp4 needs NVIDIA's FP4 tensor cores (NVFP4 block scaling, NVIDIA Blackwell, e.g. b200"
            + " or gb200); accelerator " + accelerator + " is cdna4, whose FP4 peak is the OCP MXFP4 format's");
  }

  @Test
  void everyFigureIsFiniteAndThePartsAddUpOnBlackwell() {
    // the laws of TrainingEstimateLawsTest (whose random jobs run on H100, where NVFP4 is refused) over NVFP4 layouts
    var model = ModelCatalog.bundled().get("llama-3.1-70b");
    int checked = 0;
    for (String acc : new String[] {"b200", "gb200"}) {
      for (int tp : new int[] {1, 2, 4, 8}) {
        for (int pp : new int[] {1, 2, 4}) {
          for (Recompute recompute : new Recompute[] {Recompute.NONE, Recompute.SELECTIVE, Recompute.FULL}) {
            int gpus = 64;
            int dp = gpus / (tp * pp);
            TrainingJob job = TrainingJob.builder(model, cluster(acc, gpus))
                .parallelism(Parallelism.builder().dp(dp).tp(tp).pp(pp).sequenceParallel(tp > 1)
                    .virtualStages(pp > 1 ? 2 : 1).build())
                .sequenceLength(8192)
                .globalBatchSize(dp * 8)
                .microBatchSize(1)
                .zero(ZeroStage.of(pp > 1 ? 1 : 3))
                .recompute(recompute)
                .precision(PrecisionRecipe.NVFP4)
                .build();
            TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
            TimeBreakdown t = e.time();
            assertThat(t.step()).isPositive().isFinite();
            assertThat(t.compute() + t.memoryBound() + t.tensorParallel() + t.contextParallel() + t.expertParallel()
                    + t.pipelineP2p() + t.fsdp() + t.bubble() + t.dataParallel() + t.optimizer())
                .isCloseTo(t.step(), within(t.step() * 1e-9));
            // MFU against the dense FP4 peak
            assertThat(e.mfu()).isPositive().isLessThanOrEqualTo(e.hfu());
            assertThat(e.hfu()).isLessThan(1);
            assertThat(e.memory().total().bytes()).isPositive();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(72);
  }

  @Test
  void layersKeptInBf16RunAtTheSixteenBitRatesAndQuantizeNothing() {
    PrecisionRecipe quarter = PrecisionRecipe.NVFP4.withBf16Layers(8);
    assertThat(quarter.bf16Layers()).isEqualTo(8);
    assertThat(quarter).isNotEqualTo(PrecisionRecipe.NVFP4);
    assertThat(quarter.withBf16Layers(8)).isSameAs(quarter);
    assertThat(PrecisionRecipe.NVFP4.withBf16Layers(0)).isSameAs(PrecisionRecipe.NVFP4);
    assertThat(quarter.toString()).contains("bf16Layers=8");
    double nv = llama8b(PrecisionRecipe.NVFP4).stepSeconds();
    double q = llama8b(quarter).stepSeconds();
    double half = llama8b(PrecisionRecipe.NVFP4.withBf16Layers(16)).stepSeconds();
    double all = llama8b(PrecisionRecipe.NVFP4.withBf16Layers(32)).stepSeconds();
    double bf16 = llama8b(PrecisionRecipe.BF16_MIXED).stepSeconds();
    assertThat(q).isGreaterThan(nv);
    assertThat(half).isGreaterThan(q).isLessThan(all);
    // every layer in bf16: the step of the bf16 recipe (same GEMM rates, no quantization, 16-bit saved inputs)
    assertThat(all).isCloseTo(bf16, within(bf16 * 1e-9));
    // the layers' share is linear in the count
    assertThat(half - nv).isCloseTo(all - half, within(1e-9 * all));
    assertThat(String.join("\n", llama8b(quarter).assumptions()))
        .contains("8 of 32 transformer layers kept in bf16 (Megatron's first_last_layers_bf16)");
    assertThatThrownBy(() -> PrecisionRecipe.BF16_MIXED.withBf16Layers(2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bf16Layers needs an FP8 or FP4 recipe, was 2 with bf16");
    assertThatThrownBy(() -> PrecisionRecipe.NVFP4.withBf16Layers(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bf16Layers");
    assertThatThrownBy(() -> llama8b(PrecisionRecipe.MXFP8.withBf16Layers(33)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bf16Layers must be <= the layers of llama-3-8b (32), was 33");
    // FP8 recipes keep layers in bf16 the same way (Megatron's get_fp8_context)
    assertThat(llama8b(PrecisionRecipe.MXFP8.withBf16Layers(8)).stepSeconds())
        .isGreaterThan(llama8b(PrecisionRecipe.MXFP8).stepSeconds());
  }

  @Test
  void assumptionsNameWhatRunsInFp4AndTheRateSource() {
    String all = String.join("\n", llama8b(PrecisionRecipe.NVFP4).assumptions());
    assertThat(all).contains("NVFP4 (Transformer Engine NVFP4BlockScaling, arXiv:2509.25149)")
        .contains("Fprop, Dgrad and Wgrad GEMMs")
        .contains("1.707 x the per-tensor FP8 kernel's rate")
        .contains("vLLM pull requests 20646 and 19566")
        .contains("no transformer block kept in bf16")
        .contains("about 16% of its linear layers")
        .contains("attention core, output head and router in bf16")
        .contains("5.13 bytes per element")
        .doesNotContain("FP8 scaling NVFP4");
  }
}
