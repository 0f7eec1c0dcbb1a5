package dev.llmcost.costmodel.internal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.DataUnit;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.Architecture;
import dev.llmcost.core.hardware.ComputeCapability;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/**
 * TensorRT-LLM 1.0's masked multi-head attention fallback for chunked attention follows the accelerator's
 * compute capability (the SM100 family decodes with trtllm-gen kernels), not its id.
 */
class ChunkedAttentionFallbackTest {
  private static final ModelArchitecture SCOUT = ModelCatalog.bundled().get("llama-4-scout");
  private static final long LONG = 16_384;

  @Test
  void theSm100FamilyKeepsTheGroupedQueryKernelWhateverItsIdAndOtherPartsFallBack() {
    AcceleratorCatalog c = AcceleratorCatalog.bundled();
    assertThat(ServingConfig.mmhaChunkedFallback(SCOUT, c.get("b200"), LONG)).isFalse();
    assertThat(ServingConfig.mmhaChunkedFallback(SCOUT, c.get("gb200"), LONG)).isFalse();
    assertThat(ServingConfig.mmhaChunkedFallback(SCOUT, c.get("h100-sxm"), LONG)).isTrue();
    assertThat(ServingConfig.mmhaChunkedFallback(SCOUT, c.get("h100-sxm"), 2_000)).as("below the chunk").isFalse();
    AcceleratorSpec b300 = c.get("b200").toBuilder().id("my-b300").computeCapability(new ComputeCapability(10, 3))
        .build();
    assertThat(ServingConfig.mmhaChunkedFallback(SCOUT, b300, LONG)).isFalse();
    AcceleratorSpec rtxBlackwell = b300.toBuilder().id("b200").computeCapability(new ComputeCapability(12, 0)).build();
    assertThat(ServingConfig.mmhaChunkedFallback(SCOUT, rtxBlackwell, LONG)).as("12.0 under a B200's id").isTrue();
  }

  @Test
  void anAcceleratorWithoutAnArchitectureIsRefusedWhereTheKernelDependsOnIt() {
    AcceleratorSpec bare = AcceleratorSpec.builder().id("mystery").name("Mystery").vendor("V")
        .densePeak(DType.BF16, FlopRate.ofTera(1000)).memory(DataSize.of(80, DataUnit.GIB))
        .memoryBandwidth(Bandwidth.ofGBps(3000)).source("s").build();
    assertThat(ServingConfig.mmhaChunkedFallback(SCOUT, bare, 2_000)).isFalse();
    assertThatThrownBy(() -> ServingConfig.mmhaChunkedFallback(SCOUT, bare, LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("accelerator mystery declares no architecture");
    AcceleratorSpec declared = bare.toBuilder().architecture(Architecture.BLACKWELL)
        .computeCapability(new ComputeCapability(10, 0)).build();
    assertThat(ServingConfig.mmhaChunkedFallback(SCOUT, declared, LONG)).isFalse();
  }
}
