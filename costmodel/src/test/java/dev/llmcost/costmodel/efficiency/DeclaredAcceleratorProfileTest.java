package dev.llmcost.costmodel.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.EmbeddingEstimate;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An accelerator a user declares (a catalog file of their own, or a spec built in code) takes its silicon family's
 * measured microbenchmarks through the architecture it declares, not the mean of the measured parts: the HBM
 * fraction, the attention curves and default kernel and the link fractions as well as the GEMM asymptote. One
 * without an architecture gets the means, and its profile says so.
 */
class DeclaredAcceleratorProfileTest {

  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  /**
   * The H100 SXM under an id no table knows: its specification, identical to h100-sxm's in everything an estimate
   * reads, makes it read h100-sxm's rows (s12l; before, only its architecture tied it to its family's).
   */
  private static final AcceleratorSpec MINE = H100.toBuilder().id("my-h100").name("My H100").source("my notes").build();

  /** The same datasheet built field by field in code, as a user would without the catalog. */
  private static final AcceleratorSpec BUILT = AcceleratorSpec.builder()
      .id("built-h100")
      .name("Built H100")
      .vendor(H100.vendor())
      .densePeaks(H100.densePeaks())
      .memory(H100.memory())
      .memoryBandwidth(H100.memoryBandwidth())
      .scaleUpBandwidth(H100.scaleUpBandwidth())
      .scaleUpDomain(H100.scaleUpDomain())
      .scaleOutBandwidth(H100.scaleOutBandwidth())
      .tdpWatts(H100.tdpWatts())
      .source("datasheet")
      .computeUnits(H100.computeUnits())
      .scaleUpLink(H100.scaleUpLink())
      .hostLink(H100.hostLink(), H100.hostLinkBandwidth())
      .hostMemoryBandwidth(H100.hostMemoryBandwidth())
      .architecture(H100.architecture().orElseThrow())
      .computeCapability(H100.computeCapability().orElseThrow())
      .build();

  /**
   * The copy with one changed peak (FP8 1% lower): no longer identical to any catalog part, it reads its silicon
   * family's rows as before.
   */
  private static final AcceleratorSpec CHANGED = MINE.toBuilder().id("my-h100-fp8")
      .densePeak(DType.FP8_E4M3, FlopRate.ofTera(H100.requirePeak(DType.FP8_E4M3).flopsPerSecond() / 1e12 * 0.99))
      .build();

  /** The same datasheet with no architecture declared. */
  private static final AcceleratorSpec BARE = AcceleratorSpec.builder()
      .id("bare-h100")
      .name(H100.name())
      .vendor(H100.vendor())
      .densePeaks(H100.densePeaks())
      .memory(H100.memory())
      .memoryBandwidth(H100.memoryBandwidth())
      .scaleUpBandwidth(H100.scaleUpBandwidth())
      .scaleUpDomain(H100.scaleUpDomain())
      .scaleOutBandwidth(H100.scaleOutBandwidth())
      .tdpWatts(H100.tdpWatts())
      .source(H100.source())
      .computeUnits(H100.computeUnits())
      .scaleUpLink(H100.scaleUpLink())
      .build();

  private static final ModelArchitecture LLAMA_70B = ModelCatalog.bundled().get("llama-3.1-70b");
  private static final ModelArchitecture LLAMA_8B = ModelCatalog.bundled().get("llama-3.1-8b");
  private static final ModelArchitecture MIXTRAL = ModelCatalog.bundled().get("mixtral-8x7b-v0.1");

  private static Map<String, Double> figures(EfficiencyProfile p) {
    return Map.ofEntries(
        Map.entry("matmulPeakFraction", p.matmulPeakFraction()),
        Map.entry("matmulHalfSaturationDim", p.matmulHalfSaturationDim()),
        Map.entry("memoryBandwidthFraction", p.memoryBandwidthFraction()),
        Map.entry("scaleUpBandwidthFraction", p.scaleUpBandwidthFraction()),
        Map.entry("scaleOutBandwidthFraction", p.scaleOutBandwidthFraction()),
        Map.entry("collectiveLatencySeconds", p.collectiveLatencySeconds()),
        Map.entry("attentionKernelFraction", p.attentionKernelFraction()),
        Map.entry("attentionHalfSaturationSeq", p.attentionHalfSaturationSeq()),
        Map.entry("networkLatencySeconds", p.networkLatencySeconds()),
        Map.entry("fp8MatmulPeakFraction", p.fp8MatmulPeakFraction()),
        Map.entry("overlapEfficiency", p.overlapEfficiency()),
        Map.entry("layerOverheadSeconds", p.layerOverheadSeconds()),
        Map.entry("sustainedComputeFactor", p.sustainedComputeFactor()));
  }

  @Test
  void theLookupsKeyedByIdReachADeclaredPartThroughItsFamily() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    var peak16 = H100.requirePeak(DType.BF16);
    assertThat(mb.memoryBandwidthFraction(MINE)).isEqualTo(mb.memoryBandwidthFraction("h100-sxm")).isPresent();
    assertThat(mb.defaultAttentionKernel(MINE)).isEqualTo(mb.defaultAttentionKernel("h100-sxm"));
    assertThat(mb.linkFraction(MINE, "scale_up")).containsExactly(mb.linkFraction("h100-sxm", "scale_up"));
    assertThat(mb.linkFraction(MINE, "scale_out")).containsExactly(mb.linkFraction("h100-sxm", "scale_out"));
    assertThat(mb.attentionCurve(MINE, "flash-attention-2", 128, peak16)).isPresent();
    assertThat(mb.attentionForwardCurve(MINE, "cudnn", 128, peak16)).isPresent();
    // by its id alone it is a family of its own: the means (or nothing, for the curves)
    assertThat(mb.linkFraction("my-h100", "scale_up")[1]).isZero();
    assertThat(mb.attentionForwardCurve("my-h100", "cudnn", 128, peak16)).isEmpty();
    // a bundled part reads the same through its spec as through its id
    for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
      assertThat(mb.memoryBandwidthFraction(a)).as(a.id()).isEqualTo(mb.memoryBandwidthFraction(a.id()));
      assertThat(mb.defaultAttentionKernel(a)).as(a.id()).isEqualTo(mb.defaultAttentionKernel(a.id()));
      for (String link : new String[] {"scale_up", "scale_out", "pcie"}) {
        assertThat(mb.linkFraction(a, link)).as(a.id() + " " + link).containsExactly(mb.linkFraction(a.id(), link));
      }
    }
  }

  @Test
  void aCopyOfTheH100UnderAnIdOfItsOwnHasTheH100sProfile() {
    EfficiencyProfile h100 = EfficiencyProfiles.forAccelerator(H100);
    for (AcceleratorSpec copy : new AcceleratorSpec[] {MINE, BUILT}) {
      assertThat(Microbenchmarks.bundled().rowsId(copy)).isEqualTo("h100-sxm");
      EfficiencyProfile mine = EfficiencyProfiles.forAccelerator(copy);
      // every figure, the FP8 GEMM asymptote included: h100-sxm's own best FP8 row (1,402.6 TFLOP/s, gemm.csv), not
      // its family's best-shape row (DeepGEMM's 1,520 on H800)
      assertThat(figures(mine)).as(copy.id()).isEqualTo(figures(h100));
      assertThat(mine.source()).as(copy.id()).contains("; rows of h100-sxm (identical specification)")
          .doesNotContain("silicon family").doesNotContain("mean of measured");
    }
    assertThat(h100.source()).doesNotContain("silicon family").doesNotContain("mean").doesNotContain("identical");
  }

  @Test
  void aCopyWithOneChangedPeakReadsItsFamilysRowsAsBefore() {
    assertThat(Microbenchmarks.bundled().rowsId(CHANGED)).isEqualTo("my-h100-fp8");
    EfficiencyProfile h100 = EfficiencyProfiles.forAccelerator(H100);
    EfficiencyProfile changed = EfficiencyProfiles.forAccelerator(CHANGED);
    // every figure but the FP8 GEMM asymptote: without FP8 rows of its own, a part takes its family's best-shape
    // row (the upper envelope, Microbenchmarks.gemmPeakFraction), DeepGEMM's 1,520 TFLOP/s on H800, where
    // h100-sxm's own best FP8 row is 1,402.6 (gemm.csv)
    Map<String, Double> expected = new java.util.HashMap<>(figures(h100));
    expected.put("fp8MatmulPeakFraction", EfficiencyProfiles.forAccelerator(
        AcceleratorCatalog.bundled().get("h800-sxm")).fp8MatmulPeakFraction());
    assertThat(figures(changed)).isEqualTo(expected);
    assertThat(changed.fp8MatmulPeakFraction()).isGreaterThan(h100.fp8MatmulPeakFraction());
    assertThat(changed.source()).doesNotContain("mean of measured").doesNotContain("identical specification")
        .contains("memory-bandwidth rows of its silicon family, not of my-h100-fp8 itself")
        .contains("attention rows of its silicon family, not of my-h100-fp8 itself")
        .contains("NVLink rows of its silicon family, not of my-h100-fp8 itself")
        .contains("network rows of its silicon family, not of my-h100-fp8 itself");
    // every other field changed alone breaks the identity too
    for (AcceleratorSpec other : new AcceleratorSpec[] {
        MINE.toBuilder().tdpWatts(600).build(),
        MINE.toBuilder().computeUnits(114).build(),
        MINE.toBuilder().memoryBandwidth(dev.llmcost.core.Bandwidth.ofGBps(3000)).build(),
        MINE.toBuilder().scaleUpDomain(4).build(),
        MINE.toBuilder().vendor("Other").build()}) {
      assertThat(Microbenchmarks.bundled().rowsId(other)).isEqualTo("my-h100");
    }
  }

  @Test
  void aCopyOfTheH100UnderAnIdOfItsOwnTrainsAsFastAsTheH100() {
    for (PrecisionRecipe precision : new PrecisionRecipe[] {PrecisionRecipe.BF16_MIXED, PrecisionRecipe.FP8_MIXED}) {
      TrainingEstimate h100 = train(H100, precision);
      for (AcceleratorSpec copy : new AcceleratorSpec[] {MINE, BUILT}) {
        TrainingEstimate mine = train(copy, precision);
        String what = copy.id() + " " + precision;
        assertThat(mine.stepSeconds()).as(what).isEqualTo(h100.stepSeconds());
        assertThat(mine.tokensPerSecondPerGpu()).as(what).isEqualTo(h100.tokensPerSecondPerGpu());
        assertThat(mine.time()).as(what).isEqualTo(h100.time());
      }
    }
    // the copy with a changed FP8 peak runs its FP8 GEMMs at the family's best-shape fraction (above): faster
    TrainingEstimate h100Fp8 = train(H100, PrecisionRecipe.FP8_MIXED);
    TrainingEstimate changedFp8 = train(CHANGED, PrecisionRecipe.FP8_MIXED);
    assertThat(changedFp8.stepSeconds()).isLessThan(h100Fp8.stepSeconds());
    assertThat(String.join("\n", changedFp8.assumptions())).doesNotContain("identical specification");
  }

  private static TrainingEstimate train(AcceleratorSpec a, PrecisionRecipe precision) {
    // 64 GPUs, eight nodes: the NVLink and network fractions, the GEMM and attention curves all enter
    return TrainingCostModel.calibrated().estimate(TrainingJob.builder(LLAMA_70B, Cluster.of(a, 64))
        .parallelism(Parallelism.builder().tp(8).pp(2).dp(4).sequenceParallel(true).build())
        .sequenceLength(8192)
        .globalBatchSize(128)
        .precision(precision)
        .build());
  }

  @Test
  void aCopyOfTheH100UnderAnIdOfItsOwnServesAsFastAsTheH100() {
    InferenceCostModel model = InferenceCostModel.calibrated();
    for (InferenceScenario.Builder s : new InferenceScenario.Builder[] {
        InferenceScenario.builder(LLAMA_8B, H100).inputTokens(2048).outputTokens(256).batch(32),
        InferenceScenario.builder(LLAMA_70B, H100).tp(4).inputTokens(4096).outputTokens(512).batch(64)
            .weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3),
        InferenceScenario.builder(MIXTRAL, H100).tp(2).inputTokens(1024).outputTokens(1024).batch(16)}) {
      InferenceEstimate h100 = model.estimate(s.accelerator(H100).build());
      for (AcceleratorSpec copy : new AcceleratorSpec[] {MINE, BUILT}) {
        InferenceEstimate mine = model.estimate(s.accelerator(copy).build());
        String what = h100.scenario().model().id() + " on " + copy.id();
        assertThat(mine.ttftSeconds()).as(what).isEqualTo(h100.ttftSeconds());
        assertThat(mine.tpotSeconds()).as(what).isEqualTo(h100.tpotSeconds());
        assertThat(mine.outputTokensPerSecond()).as(what).isEqualTo(h100.outputTokensPerSecond());
        assertThat(mine.prefill()).as(what).isEqualTo(h100.prefill());
        assertThat(mine.decodeStep()).as(what).isEqualTo(h100.decodeStep());
        assertThat(String.join("\n", mine.assumptions())).as(what).contains("rows of h100-sxm (identical specification)");
      }
    }
  }

  @Test
  void aCopyOfTheH100UnderAnIdOfItsOwnEmbedsWithTheH100Calibration() {
    EfficiencyProfile h100 = EfficiencyProfiles.inferenceBase(H100);
    EfficiencyProfile mine = EfficiencyProfiles.inferenceBase(MINE);
    assertThat(figures(mine)).isEqualTo(figures(h100));
    assertThat(mine.source()).startsWith("calibration of h100-sxm (rows of h100-sxm (identical specification))");
    assertThat(EfficiencyProfiles.inferenceBase(CHANGED).source())
        .startsWith("calibration of h100-sxm (its silicon family, hopper, not my-h100-fp8 itself)");
    ModelArchitecture bert = ModelCatalog.bundled().get("bert-base-uncased");
    assertThat(EmbeddingEstimate.of(bert, MINE, 32, 512).secondsPerBatch())
        .isEqualTo(EmbeddingEstimate.of(bert, H100, 32, 512).secondsPerBatch());
    EfficiencyProfile bare = EfficiencyProfiles.inferenceBase(BARE);
    assertThat(bare.source()).startsWith("no calibration data for bare-h100: default profile");
  }

  @Test
  void anAcceleratorWithoutAnArchitectureGetsTheMeansAndSaysSo() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    EfficiencyProfile bare = EfficiencyProfiles.forAccelerator(BARE);
    assertThat(bare.source())
        .contains("no GEMM rows for bare-h100: mean best-shape fraction of measured accelerators")
        .contains("no memory-bandwidth rows for bare-h100: mean GEMV fraction of measured accelerators (h100-sxm)")
        .contains("no attention rows for bare-h100: the A100's fraction of peak")
        .contains("NVLink fraction: mean of measured systems")
        .contains("network fraction: mean of measured systems")
        .doesNotContain("silicon family");
    assertThat(bare.memoryBandwidthFraction()).isEqualTo(mb.memoryBandwidthFraction("bare-h100").orElseThrow());
    assertThat(bare.scaleUpBandwidthFraction()).isEqualTo(mb.linkFraction("bare-h100", "scale_up")[0]);
    assertThat(mb.linkFraction(BARE, "scale_up")[1]).isZero();
    assertThat(figures(bare)).isNotEqualTo(figures(EfficiencyProfiles.forAccelerator(H100)));
    // the estimates state it
    assertThat(String.join("\n", train(BARE, PrecisionRecipe.BF16_MIXED).assumptions()))
        .contains("no GEMM rows for bare-h100").contains("NVLink fraction: mean of measured systems");
    InferenceEstimate served = InferenceCostModel.calibrated().estimate(
        InferenceScenario.builder(LLAMA_8B, BARE).inputTokens(2048).outputTokens(256).batch(32).build());
    assertThat(String.join("\n", served.assumptions())).contains("no memory-bandwidth rows for bare-h100")
        .contains("no attention rows for bare-h100");
  }
}
