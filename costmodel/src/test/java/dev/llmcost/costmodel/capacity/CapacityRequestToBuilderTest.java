package dev.llmcost.costmodel.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.ServingOverheads;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityRequestToBuilderTest {
  private static final CapacityRequest REQUEST =
      CapacityRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), AcceleratorCatalog.bundled().get("h100-sxm"))
          .requestsPerSecond(12)
          .inputTokens(2000)
          .outputTokens(300)
          .ttftSloSeconds(0.5)
          .tpotSloSeconds(0.03)
          .kvCache(DType.FP8_E4M3)
          .overheads(ServingOverheads.builder().perLayerSeconds(1e-5).perRequestSeconds(0.01).build())
          .tpCandidates(List.of(1, 2))
          .maxBatch(64)
          .pricePerGpuHour(Money.usd(new BigDecimal("2.50")))
          .build();

  @Test
  void toBuilderKeepsEverySetting() {
    assertThat(REQUEST.toBuilder().build()).isEqualTo(REQUEST);
  }

  @Test
  void toBuilderKeepsTheDecodePool() {
    // s21b
    CapacityRequest pool = REQUEST.toBuilder().decodeTp(2).decodeLimits(32, 2048).build();
    assertThat(pool.toBuilder().build()).isEqualTo(pool);
    assertThat(pool).isNotEqualTo(REQUEST);
    assertThat(pool.decodeTp()).hasValue(2);
    assertThat(pool.decodeMaxNumSeqs()).hasValue(32);
    assertThat(pool.decodeMaxBatchedTokens()).hasValue(2048);
    assertThat(pool.decodePoolGiven()).isTrue();
    assertThat(REQUEST.decodeTp()).isEmpty();
    assertThat(REQUEST.decodeMaxNumSeqs()).isEmpty();
    assertThat(REQUEST.decodePoolGiven()).isFalse();
  }

  @Test
  void toBuilderChangesOnlyWhatIsSet() {
    CapacityRequest other = REQUEST.toBuilder().requestsPerSecond(24).build();
    assertThat(other.requestsPerSecond()).isEqualTo(24);
    assertThat(other.kvCache()).isEqualTo(DType.FP8_E4M3);
    assertThat(other.overheads().perRequestSeconds()).isEqualTo(0.01);
    assertThat(other).isNotEqualTo(REQUEST);
  }

  @Test
  void toBuilderAndScenariosKeepTheFusedOneShotAllReduce() {
    // s24m: the request carries InferenceScenario.Builder.fusedOneShotAllReduce (s24l) to every candidate's scenario
    CapacityRequest fused = REQUEST.toBuilder().fusedOneShotAllReduce(true).build();
    assertThat(fused.fusedOneShotAllReduce()).isTrue();
    assertThat(REQUEST.fusedOneShotAllReduce()).isFalse();
    assertThat(fused.toBuilder().build()).isEqualTo(fused);
    assertThat(fused).isNotEqualTo(REQUEST);
    assertThat(fused.scenario(2, 4).fusedOneShotAllReduce()).isTrue();
    assertThat(REQUEST.scenario(2, 4).fusedOneShotAllReduce()).isFalse();
  }
}
