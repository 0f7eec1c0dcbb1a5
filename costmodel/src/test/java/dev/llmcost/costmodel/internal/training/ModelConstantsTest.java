package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.model.ArchitectureKind;
import dev.llmcost.core.model.CatalogModel;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterCounts;
import org.junit.jupiter.api.Test;

class ModelConstantsTest {

  @Test
  void parameterTotalsEqualTheExactCountsOfEveryCatalogDecoder() {
    int checked = 0;
    for (CatalogModel entry : ModelCatalog.bundled().all()) {
      if (entry.architecture().kind() != ArchitectureKind.DECODER_ONLY) {
        continue;
      }
      ModelConstants m = ModelConstants.of(entry.architecture());
      ParameterCounts counts = entry.architecture().parameterCounts();
      assertThat(m.totalParameters).as(entry.id()).isEqualTo(counts.total().value());
      assertThat(m.activeParameters).as(entry.id()).isEqualTo(counts.active().value());
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }
}
