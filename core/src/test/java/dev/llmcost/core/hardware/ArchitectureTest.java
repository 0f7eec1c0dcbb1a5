package dev.llmcost.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.DataUnit;
import dev.llmcost.core.FlopRate;
import org.junit.jupiter.api.Test;

/**
 * Every bundled accelerator declares its architecture (and an NVIDIA part its compute capability), and a spec
 * built in code is checked the same way, naming the field and the value.
 */
class ArchitectureTest {

  @Test
  void everyBundledAcceleratorDeclaresItsArchitectureAndEveryNvidiaPartItsComputeCapability() {
    for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
      Architecture arch = a.architecture().orElseThrow(() -> new AssertionError(a.id() + " declares no architecture"));
      assertThat(a.computeCapability().isPresent()).as(a.id()).isEqualTo(arch.nvidia());
      assertThat(a.vendor().equals("NVIDIA")).as(a.id()).isEqualTo(arch.nvidia());
      assertThat(a.source()).as(a.id()).contains("; architecture: ");
    }
    AcceleratorCatalog c = AcceleratorCatalog.bundled();
    assertThat(c.get("a100-sxm-80gb").computeCapability()).contains(new ComputeCapability(8, 0));
    assertThat(c.get("a10").computeCapability()).contains(new ComputeCapability(8, 6));
    assertThat(c.get("l40s").architecture()).contains(Architecture.ADA);
    assertThat(c.get("h800-sxm").architecture()).contains(Architecture.HOPPER);
    assertThat(c.get("gb200").computeCapability()).contains(new ComputeCapability(10, 0));
    assertThat(c.get("b300").computeCapability()).contains(new ComputeCapability(10, 3));
    assertThat(c.get("gb300").architecture()).contains(Architecture.BLACKWELL);
    assertThat(c.get("mi250x").architecture()).contains(Architecture.CDNA2);
    assertThat(c.get("mi355x").architecture()).contains(Architecture.CDNA4);
    assertThat(c.get("mi350x").architecture()).contains(Architecture.CDNA4);
    assertThat(c.get("tpu-v6e").architecture()).contains(Architecture.TPU_V6E);
  }

  private static AcceleratorSpec.Builder spec() {
    return AcceleratorSpec.builder().id("x1").name("X1").vendor("V").densePeak(DType.BF16, FlopRate.ofTera(100))
        .memory(DataSize.of(80, DataUnit.GIB)).memoryBandwidth(Bandwidth.ofGBps(2000)).source("s");
  }

  @Test
  void aSpecBuiltInCodeMayDeclareNoneButAnNvidiaArchitectureNeedsItsComputeCapability() {
    assertThat(spec().build().architecture()).isEmpty();
    AcceleratorSpec b = spec().architecture(Architecture.BLACKWELL).computeCapability(ComputeCapability.parse("12.0"))
        .build();
    assertThat(b.computeCapability()).contains(new ComputeCapability(12, 0));
    assertThat(b.toBuilder().build()).isEqualTo(b);
    assertThat(b).isNotEqualTo(b.toBuilder().computeCapability(new ComputeCapability(10, 0)).build());
    assertThatThrownBy(() -> spec().architecture(Architecture.HOPPER).build())
        .hasMessage("computeCapability of x1 must be set for NVIDIA architecture hopper, was unset");
    assertThatThrownBy(() -> spec().computeCapability(new ComputeCapability(9, 0)).build())
        .hasMessage("computeCapability of x1 needs an NVIDIA architecture, was 9.0 without one");
    assertThatThrownBy(() -> spec().architecture(Architecture.CDNA3).computeCapability(new ComputeCapability(9, 4))
        .build()).hasMessage("computeCapability of x1 is NVIDIA's, architecture cdna3 has none; was 9.4");
    assertThatThrownBy(() -> spec().architecture(Architecture.AMPERE).computeCapability(new ComputeCapability(9, 0))
        .build()).hasMessage("computeCapability of x1 is not one of architecture ampere's (CUDA's compute capability"
            + " table), was 9.0");
  }

  @Test
  void namesParseIgnoringCaseAndABadOneIsNamed() {
    assertThat(Architecture.parse(" TPU-v5p ")).isEqualTo(Architecture.TPU_V5P);
    assertThat(Architecture.parse("ada")).isEqualTo(Architecture.ADA);
    assertThatThrownBy(() -> Architecture.parse("pascal")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("tpu-v6e, was \"pascal\"");
    assertThatThrownBy(() -> ComputeCapability.parse("9")).hasMessage(
        "compute capability must be major.minor such as \"9.0\", was \"9\"");
    assertThatThrownBy(() -> new ComputeCapability(0, 0)).hasMessage("compute capability major must be >= 1, was 0");
  }
}
