package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.Architecture;
import dev.llmcost.core.hardware.ComputeCapability;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The silicon family follows the catalog's architecture and compute capability, not the id: every bundled part
 * lands where the former id lists put it, and an accelerator built in code lands by what it declares.
 */
class SiliconFamilyTest {

  @Test
  void everyBundledPartLandsInTheFamilyTheFormerIdListsGaveIt() {
    // the lists Microbenchmarks kept before the catalog declared architectures; every other id was its own family
    Map<String, String> former = new LinkedHashMap<>();
    for (String id : new String[] {"a100-sxm-80gb", "a100-sxm-40gb", "a100-pcie-80gb"}) {
      former.put(id, "a100");
    }
    for (String id : new String[] {"h100-sxm", "h200-sxm", "h800-sxm", "h100-nvl", "h100-pcie", "h100-hbm2e-96gb-500w"}) {
      former.put(id, "hopper");
    }
    former.put("b200", "blackwell");
    former.put("gb200", "blackwell");
    // catalogued since s12f (Blackwell Ultra, compute capability 10.3): B300's rows were already the family's
    former.put("b300", "blackwell");
    former.put("gb300", "blackwell");
    former.put("mi300x", "cdna3");
    former.put("mi325x", "cdna3");
    // catalogued since s13o (CDNA 4, one gfx950 die): they form a family of their own, not CDNA 3's
    former.put("mi355x", "cdna4");
    former.put("mi350x", "cdna4");
    for (String id : new String[] {"tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e"}) {
      former.put(id, "tpu");
    }
    for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
      assertThat(Microbenchmarks.family(a)).as(a.id()).isEqualTo(former.getOrDefault(a.id(), a.id()));
      assertThat(Microbenchmarks.family(a.id())).as(a.id()).isEqualTo(Microbenchmarks.family(a));
    }
    // measured rows of devices outside the catalog: the former lists' three, and the rest stand alone
    assertThat(Microbenchmarks.family("a100-pcie")).isEqualTo("a100");
    assertThat(Microbenchmarks.family("gh200")).isEqualTo("hopper");
    assertThat(Microbenchmarks.family("b300")).isEqualTo("blackwell");
    assertThat(Microbenchmarks.family("h20")).isEqualTo("h20");
    assertThat(Microbenchmarks.family("rtx-5090")).isEqualTo("rtx-5090");
  }

  @Test
  void anAcceleratorBuiltInCodeLandsByTheArchitectureItDeclares() {
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    AcceleratorSpec mine = h100.toBuilder().id("my-hopper").name("My Hopper").build();
    assertThat(Microbenchmarks.family(mine)).isEqualTo("hopper");
    AcceleratorSpec sm120 = mine.toBuilder().id("my-rtx-blackwell").architecture(Architecture.BLACKWELL)
        .computeCapability(new ComputeCapability(12, 0)).build();
    assertThat(Microbenchmarks.family(sm120)).as("12.0 is not the SM100 family").isEqualTo("my-rtx-blackwell");
    AcceleratorSpec sm103 = sm120.toBuilder().computeCapability(new ComputeCapability(10, 3)).build();
    assertThat(Microbenchmarks.family(sm103)).isEqualTo("blackwell");
    AcceleratorSpec ga102 = AcceleratorCatalog.bundled().get("a10").toBuilder().id("my-ampere").build();
    assertThat(Microbenchmarks.family(ga102)).as("GA102 (8.6) is not GA100").isEqualTo("my-ampere");
  }

  @Test
  void theFamilyKeyedMeasurementsReachAnAcceleratorBuiltInCodeThroughItsArchitecture() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    Fp8Gemm fp8 = Fp8Gemm.bundled();
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    AcceleratorSpec mine = h100.toBuilder().id("my-hopper").name("My Hopper").build();
    assertThat(mb.fusedMoeBandwidthFraction(mine, 1)).isEqualTo(mb.fusedMoeBandwidthFraction("h100-sxm", 1)).isPresent();
    assertThat(mb.groupedGemmFp8Fraction(mine, 512)).isEqualTo(mb.groupedGemmFp8Fraction("h100-sxm", 512)).isPresent();
    assertThat(mb.decodeAttentionTensorFraction(mine)).isEqualTo(mb.decodeAttentionTensorFraction("h100-sxm"))
        .isPresent();
    assertThat(fp8.quantizeEfficiency(mine)).isEqualTo(fp8.quantizeEfficiency("h100-sxm"));
    assertThat(fp8.relativeToPerTensor(mine, EvalConfig.FP8_BLOCKWISE))
        .isEqualTo(fp8.relativeToPerTensor("h100-sxm", EvalConfig.FP8_BLOCKWISE));
    // by its id alone, outside the bundled catalog, it is a family of its own
    assertThat(mb.fusedMoeBandwidthFraction("my-hopper", 1)).isEmpty();
    AcceleratorSpec b200 = AcceleratorCatalog.bundled().get("b200").toBuilder().id("my-b200").build();
    assertThat(mb.fusedMoeFp4Fraction(b200)).isEqualTo(mb.fusedMoeFp4Fraction("b200")).isPresent();
    assertThat(fp8.layerShapeFactor(b200, true)).isEqualTo(fp8.layerShapeFactor("b200", true)).isLessThan(1);
  }
}
