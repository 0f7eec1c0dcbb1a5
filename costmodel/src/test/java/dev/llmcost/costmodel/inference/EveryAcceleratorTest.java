package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every accelerator of the bundled catalog serves a 7B model with its own datasheet peaks and
 * bandwidth and the shared efficiency profile (calibrated for the A100 and H100 families, the
 * documented default for the rest), and says which in its assumptions; FP8 weights on an
 * accelerator without FP8 math are mapped to weight-only dequantization and stated.
 */
class EveryAcceleratorTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final ModelArchitecture LLAMA_7B = ModelCatalog.bundled().get("llama-2-7b");

  static Stream<String> accelerators() {
    return AcceleratorCatalog.bundled().ids().stream();
  }

  private static InferenceScenario.Builder scenario(AcceleratorSpec a) {
    return InferenceScenario.builder(LLAMA_7B, a).inputTokens(512).outputTokens(128);
  }

  private static void finiteAndPositive(InferenceEstimate e) {
    for (double v : new double[] {e.ttftSeconds(), e.tpotSeconds(), e.endToEndSeconds(), e.outputTokensPerSecond(),
        e.outputTokensPerSecondPerGpu()}) {
      assertThat(v).isFinite().isPositive();
    }
    assertThat(e.memoryPerGpu().total().bytes()).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accelerators")
  void sixteenBitWeightsGiveAFiniteEstimateThatNamesTheProfile(String id) {
    AcceleratorSpec a = AcceleratorCatalog.bundled().get(id);
    InferenceEstimate one = MODEL.estimate(scenario(a).batch(1).build());
    InferenceEstimate sixteen = MODEL.estimate(scenario(a).batch(16).build());
    finiteAndPositive(one);
    finiteAndPositive(sixteen);
    assertThat(one.fits()).as("a 7B model in 16 bits fits every catalog accelerator at batch 1").isTrue();
    assertThat(sixteen.outputTokensPerSecond()).isGreaterThan(one.outputTokensPerSecond());

    // batch-1 decode streams the weights: never faster than the datasheet bandwidth allows
    double weights = one.memoryPerGpu().weights().bytes();
    assertThat(one.tpotSeconds()).isGreaterThan(weights / a.memoryBandwidth().bytesPerSecond());

    EfficiencyProfile p = MODEL.profile(a);
    assertThat(p.matmulPeakFraction()).isEqualTo(EfficiencyProfiles.forAccelerator(a).matmulPeakFraction());
    String stated = String.join("\n", one.assumptions());
    assertThat(stated).contains("efficiency profile of " + id);
    assertThat(stated).contains("microbenchmarks (gemm.csv");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accelerators")
  void fp8WeightsRunInFp8OrAreDequantizedAndSaySo(String id) {
    AcceleratorSpec a = AcceleratorCatalog.bundled().get(id);
    InferenceScenario s =
        scenario(a).batch(16).weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).build();
    InferenceEstimate e = MODEL.estimate(s);
    finiteAndPositive(e);
    String stated = String.join("\n", e.assumptions());
    boolean fp8Peak = a.peak(DType.FP8_E4M3).isPresent();
    boolean fasterInFp8 =
        fp8Peak
            && a.peak(DType.FP8_E4M3).orElseThrow().flopsPerSecond()
                    * MODEL.calibration().fp8MatmulRelativeEfficiency()
                > a.peak(a.peak(DType.BF16).isPresent() ? DType.BF16 : DType.FP16).orElseThrow().flopsPerSecond();
    if (fasterInFp8) {
      assertThat(stated).contains("GEMMs in fp8 (W8A8)");
    } else {
      assertThat(stated).contains("fp8 weights are stored in 8 bits and dequantized to 16-bit math");
      assertThat(stated).contains(fp8Peak ? "no faster than its 16-bit peak" : id + " has no fp8 tensor-core peak");
    }
    if (!fp8Peak) {
      assertThat(stated).contains("fp8 KV cache on " + id);
    }
    // 8-bit weights are half the bytes: batch-1 decode is faster than in 16 bits wherever it runs
    InferenceEstimate sixteenBit = MODEL.estimate(scenario(a).batch(1).build());
    InferenceEstimate eightBit = MODEL.estimate(s.withBatch(1));
    assertThat(eightBit.tpotSeconds()).isLessThan(sixteenBit.tpotSeconds());
  }

  @Test
  void batchOneDecodeIsFasterWithMoreBandwidth() {
    List<AcceleratorSpec> all =
        AcceleratorCatalog.bundled().all().stream()
            .sorted(Comparator.comparingDouble((AcceleratorSpec a) -> a.memoryBandwidth().bytesPerSecond()))
            .toList();
    System.out.printf(Locale.ROOT, "%-16s %-8s %10s %10s %12s %12s  %s%n", "accelerator", "profile", "HBM GB/s",
        "TPOT b=1", "tok/s b=16", "tok/s fp8", "fp8 math");
    double[] tpot = new double[all.size()];
    for (int i = 0; i < all.size(); i++) {
      AcceleratorSpec a = all.get(i);
      InferenceEstimate one = MODEL.estimate(scenario(a).batch(1).build());
      InferenceEstimate sixteen = MODEL.estimate(scenario(a).batch(16).build());
      InferenceEstimate fp8 =
          MODEL.estimate(scenario(a).batch(16).weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).build());
      boolean w8a8 = fp8.assumptions().stream().anyMatch(x -> x.contains("GEMMs in fp8 (W8A8)"));
      System.out.printf(Locale.ROOT, "%-16s %-8s %10.0f %8.2f ms %12.0f %12.0f  %s%n", a.id(),
          EfficiencyProfiles.profileNameOf(a.id()).orElse("default"), a.memoryBandwidth().bytesPerSecond() / 1e9,
          one.tpotSeconds() * 1e3, sixteen.outputTokensPerSecond(), fp8.outputTokensPerSecond(),
          w8a8 ? "W8A8" : "W8A16");
      tpot[i] = one.tpotSeconds();
    }
    for (int i = 0; i < all.size(); i++) {
      for (int j = 0; j < all.size(); j++) {
        // 5% more bandwidth: batch-1 decode also pays the fitted overlap loss (86%) of its padded
        // compute time, so a card with 2% more bandwidth and 40% of the compute (A100 SXM 2,039 GB/s
        // against H100 PCIe 2,000) may be the slower one
        if (1.05 * all.get(i).memoryBandwidth().bytesPerSecond() < all.get(j).memoryBandwidth().bytesPerSecond()) {
          assertThat(tpot[j]).as("%s versus %s", all.get(j).id(), all.get(i).id()).isLessThan(tpot[i]);
        }
      }
    }
  }
}
