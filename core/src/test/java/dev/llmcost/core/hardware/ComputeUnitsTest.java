package dev.llmcost.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComputeUnitsTest {

  /** SM and CU counts of the datasheets and whitepapers the catalog cites; 0 for matrix engines. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "a100-sxm-80gb, 108", "h100-sxm, 132", "h100-pcie, 114", "h200-sxm, 132", "b200, 148", "l40s, 142",
    "rtx-4090, 128", "mi300x, 304", "v100-sxm2-32gb, 80", "tpu-v5e, 0", "gaudi3, 0",
  })
  void catalogStatesComputeUnitsWithTheirSource(String id, int units) {
    AcceleratorSpec a = AcceleratorCatalog.bundled().get(id);
    assertThat(a.computeUnits()).isEqualTo(units);
    if (units > 0) {
      assertThat(a.source()).contains("compute units: ");
    }
  }

  @ParameterizedTest
  @CsvSource({"-1", "-132"})
  void negativeComputeUnitsAreRefused(int units) {
    AcceleratorSpec h = AcceleratorCatalog.bundled().get("h100-sxm");
    assertThatThrownBy(() -> h.toBuilder().computeUnits(units).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("computeUnits of h100-sxm must be >= 0, was " + units);
  }
}
