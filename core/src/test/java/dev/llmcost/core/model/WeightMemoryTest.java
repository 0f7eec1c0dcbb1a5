package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import org.junit.jupiter.api.Test;

class WeightMemoryTest {

  private final ParameterCounts llama8b = ModelCatalog.bundled().get("llama-3.1-8b").parameterCounts();

  @Test
  void uniformSchemesAreParametersTimesBytes() {
    for (DType t : DType.values()) {
      WeightMemory w = WeightMemory.of(llama8b, QuantizationScheme.uniform(t));
      assertThat(w.total()).isEqualTo(llama8b.total().memory(t));
      assertThat(w.groupOverhead().isZero()).isTrue();
    }
  }

  @Test
  void int4WithGroupScalesStoresMoreThanFourBitsPerQuantizedWeight() {
    QuantizationScheme g128 = QuantizationScheme.int4(128);
    assertThat(g128.effectiveBitsPerWeight()).isEqualTo(4 + 20.0 / 128);
    WeightMemory w = WeightMemory.of(llama8b, g128);
    long q = llama8b.quantizable().value();
    // Embeddings, lm_head and norms stay in bf16.
    assertThat(w.otherParameters().value()).isEqualTo(llama8b.total().value() - q);
    assertThat(w.other().bytes()).isEqualTo(2 * (llama8b.total().value() - q));
    long groups = (q + 127) / 128;
    assertThat(w.groupOverhead().bytes()).isEqualTo((groups * 20 + 7) / 8);
    assertThat(w.quantized().bytes()).isEqualTo(q / 2 + w.groupOverhead().bytes());
    assertThat(w.total()).isGreaterThan(WeightMemory.of(llama8b, QuantizationScheme.uniform(DType.INT4)).total());
    assertThat(w.total()).isLessThan(WeightMemory.of(llama8b, QuantizationScheme.int8()).total());
  }

  @Test
  void fourBitSchemesOrderByTheirOverhead() {
    assertThat(QuantizationScheme.mxfp4().effectiveBitsPerWeight()).isEqualTo(4.25);
    assertThat(QuantizationScheme.nvfp4().effectiveBitsPerWeight()).isEqualTo(4.5);
    assertThat(QuantizationScheme.nf4().effectiveBitsPerWeight()).isEqualTo(4.5);
    assertThat(WeightMemory.of(llama8b, QuantizationScheme.mxfp4()).total())
        .isLessThan(WeightMemory.of(llama8b, QuantizationScheme.nvfp4()).total());
  }
}
