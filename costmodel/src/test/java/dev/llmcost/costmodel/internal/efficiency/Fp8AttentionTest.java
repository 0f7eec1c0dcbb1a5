package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import org.junit.jupiter.api.Test;

/** The FP8/BF16 ratios of cuDNN's fused attention read from attention-fp8.csv (s13n). */
class Fp8AttentionTest {
  private static AcceleratorSpec acc(String id) {
    return AcceleratorCatalog.bundled().get(id);
  }

  @Test
  void aMeasuredLengthGivesTheSameRunRatios() {
    double[] r = Fp8Attention.bundled().speedup(acc("b200"), 8192).orElseThrow();
    assertThat(r[0]).isCloseTo(1502.114 / 1384.231, within(1e-12));
    assertThat(r[1]).isCloseTo(1254.687 / 994.850, within(1e-12));
  }

  @Test
  void betweenLengthsLinearInLog2AndHeldAtTheEnds() {
    Fp8Attention f = Fp8Attention.bundled();
    double[] lo = f.speedup(acc("gb300"), 4096).orElseThrow();
    double[] hi = f.speedup(acc("gb300"), 8192).orElseThrow();
    double[] mid = f.speedup(acc("gb300"), Math.sqrt(4096.0 * 8192)).orElseThrow();
    assertThat(mid[0]).isCloseTo((lo[0] + hi[0]) / 2, within(1e-12));
    assertThat(mid[1]).isCloseTo((lo[1] + hi[1]) / 2, within(1e-12));
    assertThat(f.speedup(acc("gb300"), 64).orElseThrow()).containsExactly(f.speedup(acc("gb300"), 512).orElseThrow());
    assertThat(f.speedup(acc("gb300"), 1 << 20).orElseThrow())
        .containsExactly(f.speedup(acc("gb300"), 131072).orElseThrow());
  }

  @Test
  void severalSourcesOfOnePartAreAveraged() {
    // GB200: cuDNN 9.17.0 (b372d3987) and 9.19.1 (df73764ad) at 8,192 causal keys
    double[] r = Fp8Attention.bundled().speedup(acc("gb200"), 8192).orElseThrow();
    assertThat(r[0]).isCloseTo((1894.0 / 1583.0 + 1987.0 / 1598.0) / 2, within(1e-12));
    assertThat(r[1]).isCloseTo((1263.0 / 1211.0 + 1478.0 / 1311.0) / 2, within(1e-12));
  }

  @Test
  void aPartWithoutRowsTakesItsFamilysAndOthersHaveNone() {
    Fp8Attention f = Fp8Attention.bundled();
    assertThat(f.speedup(acc("h100-sxm"), 8192).orElseThrow())
        .containsExactly(f.speedup(acc("h200-sxm"), 8192).orElseThrow());
    assertThat(f.covers(acc("b300"))).isTrue();
    assertThat(f.covers(acc("a100-sxm-80gb"))).isFalse();
    assertThat(f.speedup(acc("a100-sxm-80gb"), 8192)).isEmpty();
    assertThat(f.curve(acc("a100-sxm-80gb")).isEmpty()).isTrue();
  }

  @Test
  void aLengthMustBePositiveAndFinite() {
    assertThatThrownBy(() -> Fp8Attention.bundled().speedup(acc("b200"), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq must be positive and finite, was 0");
    assertThatThrownBy(() -> Fp8Attention.bundled().speedup(acc("b200"), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was NaN");
  }
}
