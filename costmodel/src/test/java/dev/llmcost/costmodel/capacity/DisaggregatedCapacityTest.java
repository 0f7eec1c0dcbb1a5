package dev.llmcost.costmodel.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.KvCacheSize;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DisaggregatedCapacityTest {

  private static final CapacityPlanner PLANNER = CapacityPlanner.calibrated();

  private static CapacityRequest.Builder request(String model, String accelerator, double rps) {
    return CapacityRequest.builder(ModelCatalog.bundled().get(model), AcceleratorCatalog.bundled().get(accelerator))
        .requestsPerSecond(rps).inputTokens(2000).outputTokens(200).ttftSloSeconds(1).tpotSloSeconds(0.05);
  }

  @Test
  void poolsMeetTheObjectivesAndTheRatioIsTheirGpus() {
    CapacityRequest r = request("llama-3.1-70b", "h100-sxm", 20).build();
    DisaggregatedPlan plan = PLANNER.planDisaggregated(r);
    DisaggregatedOption d = plan.best().orElseThrow();
    System.out.println(plan + "\n  " + d.kvTransferLink());
    assertThat(d.ttftSeconds()).isLessThanOrEqualTo(r.ttftSloSeconds());
    assertThat(d.tpotSeconds()).isLessThanOrEqualTo(r.tpotSloSeconds());
    assertThat(d.gpus()).isEqualTo(d.prefillTp() * d.prefillInstances() + d.decodeTp() * d.decodeInstances());
    assertThat(d.prefillToDecodeRatio()).isEqualTo((double) d.prefillGpus() / d.decodeGpus());
    assertThat(d.prefillUtilization()).isBetween(0.0, 1.0);
    assertThat(d.decodeUtilization()).isBetween(0.0, 1.0);
    // the TTFT holds the prefill, the KV transfer and half a decode step
    assertThat(d.ttftSeconds()).isGreaterThan(d.prefillSeconds() + d.kvTransferSeconds() + d.tpotSeconds() / 2);
    assertThat(plan.colocated().feasible()).isTrue();
    assertThat(plan.disaggregationSavesGpus()).isEqualTo(d.gpus() < plan.colocated().best().orElseThrow().gpus());
    assertThat(plan.assumptions()).anyMatch(a -> a.contains("KV transfer"));
  }

  // s21b: the decode pool's tensor parallelism fixed (the prefill's still searched) and its own limits
  @Test
  void aFixedDecodeTpSetsTheDecodePoolAndItsTpot() {
    CapacityRequest r = request("llama-3.1-8b", "h100-sxm", 10).build();
    DisaggregatedPlan searched = PLANNER.planDisaggregated(r);
    DisaggregatedPlan one = PLANNER.planDisaggregated(r.toBuilder().decodeTp(1).build());
    DisaggregatedPlan two = PLANNER.planDisaggregated(r.toBuilder().decodeTp(2).build());
    DisaggregatedOption d1 = one.best().orElseThrow();
    DisaggregatedOption d2 = two.best().orElseThrow();
    System.out.println("searched " + searched.best().orElseThrow() + "\ndecode tp 1 " + d1 + "\ndecode tp 2 " + d2);
    assertThat(d1.decodeTp()).isEqualTo(1);
    assertThat(d2.decodeTp()).isEqualTo(2);
    assertThat(d2.tpotSeconds()).isNotEqualTo(d1.tpotSeconds());
    assertThat(d2.decodeGpus()).isEqualTo(2 * d2.decodeInstances());
    assertThat(d2.gpus()).isEqualTo(d2.prefillGpus() + d2.decodeGpus());
    // each pool's own memory: tp 2 holds half the weights per GPU
    assertThat((double) d2.decodeMemoryPerGpu().weights().bytes())
        .isCloseTo(d1.decodeMemoryPerGpu().weights().bytes() / 2.0, within(0.05 * d1.decodeMemoryPerGpu().weights().bytes()));
    assertThat(d2.tpotSeconds()).isLessThanOrEqualTo(r.tpotSloSeconds());
    // the search over the candidates is never worse than one fixed degree of them
    assertThat(searched.best().orElseThrow().gpus()).isLessThanOrEqualTo(Math.min(d1.gpus(), d2.gpus()));
    assertThat(searched.assumptions()).noneMatch(a -> a.startsWith("decode pool of its own"));
    assertThat(two.assumptions()).anyMatch(a -> a.startsWith("decode pool of its own: tp 2 fixed"));
    // at the same batch the decode step of tp 2 is shorter (half the weights to read per GPU)
    DisaggregatedOption b1 = PLANNER.planDisaggregated(r.toBuilder().decodeTp(1).decodeLimits(8, 8).build())
        .best().orElseThrow();
    DisaggregatedOption b2 = PLANNER.planDisaggregated(r.toBuilder().decodeTp(2).decodeLimits(8, 8).build())
        .best().orElseThrow();
    System.out.println("decode limits 8,8: tp 1 " + b1 + "\n  tp 2 " + b2);
    if (b1.decodeBatch() == b2.decodeBatch()) {
      assertThat(b2.tpotSeconds()).isLessThan(b1.tpotSeconds());
    }
  }

  @Test
  void decodeLimitsCapTheDecodeBatch() {
    CapacityRequest r = request("llama-3.1-8b", "h100-sxm", 20).build();
    DisaggregatedPlan capped = PLANNER.planDisaggregated(r.toBuilder().decodeLimits(16, 4096).build());
    DisaggregatedOption d = capped.best().orElseThrow();
    assertThat(d.decodeBatch()).isLessThanOrEqualTo(16);
    assertThat(PLANNER.planDisaggregated(r).best().orElseThrow().decodeBatch()).isGreaterThan(16);
    assertThat(capped.assumptions()).anyMatch(a -> a.contains("at most 16 sequences and a budget of 4,096 tokens"));
  }

  @Test
  void decodePoolRefusalsNameTheField() {
    CapacityRequest.Builder b = request("llama-3.1-8b", "h100-sxm", 10);
    assertThatThrownBy(() -> b.decodeTp(0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("decodeTp must be >= 1, was 0");
    assertThatThrownBy(() -> request("llama-3.1-8b", "h100-sxm", 10).decodeTp(16).build())
        .hasMessage("decodeTp 16: exceeds the scale-up domain of 8 GPUs");
    assertThatThrownBy(() -> request("llama-3.1-8b", "h100-sxm", 10).decodeTp(3).build())
        .hasMessageStartingWith("decodeTp 3: ");
    assertThatThrownBy(() -> request("llama-3.1-8b", "h100-sxm", 10).decodeLimits(8, 4).build())
        .hasMessage("decodeLimits: maxBatchedTokens (4) must be >= maxNumSeqs (8)");
    assertThatThrownBy(() -> request("llama-3.1-8b", "h100-sxm", 10).decodeLimits(0, 4).build())
        .hasMessage("decodeLimits: maxNumSeqs must be >= 1, was 0");
    // a fixed decode degree whose weights do not fit is a rejected pool, not a refused request
    DisaggregatedPlan p = PLANNER.planDisaggregated(request("llama-3.1-70b", "h100-sxm", 5).decodeTp(1).build());
    assertThat(p.feasible()).isFalse();
    assertThat(p.rejected()).anyMatch(x -> x.startsWith("decode tp 1: weights"));
  }

  @Test
  void kvTransferIsThePromptsCacheOverTheLink() {
    CapacityRequest r = request("llama-3.1-70b", "h100-sxm", 5).tpCandidates(List.of(4)).build();
    DisaggregatedOption d = PLANNER.planDisaggregated(r).best().orElseThrow();
    long bytes = KvCacheSize.bytesPerSequence(r.model(), r.kvCache(), r.inputTokens());
    assertThat(d.kvTransferBytes().bytes()).isEqualTo(bytes);
    // tp 4 + tp 4 fit one HGX node of 8: four NVLink streams at the profile's scale-up fraction
    AcceleratorSpec a = r.accelerator();
    EfficiencyProfile p = InferenceCostModel.calibrated().profile(a);
    double perGpu = a.scaleUpBandwidthPerDirection().bytesPerSecond() * p.scaleUpBandwidthFraction();
    assertThat(d.kvTransferSeconds()).isCloseTo(p.collectiveLatencySeconds() + bytes / (4 * perGpu), within(1e-12));
    assertThat(d.kvTransferLink()).contains("scale-up link", "4 GPU-to-GPU streams");
  }

  @Test
  void instancesThatDoNotShareAScaleUpDomainSendOverTheNetwork() {
    // an RTX 4090 without its server's PCIe (a card alone in its host): the KV cache crosses the network, far slower
    AcceleratorSpec alone = AcceleratorCatalog.bundled().get("rtx-4090").toBuilder().id("rtx-4090-alone")
        .scaleUpBandwidth(Bandwidth.ZERO).scaleUpDomain(1).scaleUpLink("").build();
    CapacityRequest r = CapacityRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"), alone).requestsPerSecond(2)
        .inputTokens(2000).outputTokens(200).ttftSloSeconds(1).tpotSloSeconds(0.05).tpCandidates(List.of(1)).build();
    DisaggregatedOption d = PLANNER.planDisaggregated(r).best().orElseThrow();
    assertThat(d.kvTransferLink()).contains("network");
    double bandwidth = r.accelerator().scaleOutBandwidth().bytesPerSecond();
    assertThat(d.kvTransferSeconds()).isGreaterThan(d.kvTransferBytes().bytes() / bandwidth);
  }

  @Test
  void moreLoadNeverNeedsFewerGpus() {
    Random random = new Random(13);
    for (int i = 0; i < 12; i++) {
      double rps = 1 + random.nextInt(40);
      CapacityRequest r = request("llama-3.1-8b", "h100-sxm", rps).build();
      int low = PLANNER.planDisaggregated(r).best().orElseThrow().gpus();
      int high = PLANNER.planDisaggregated(r.toBuilder().requestsPerSecond(2 * rps).build()).best().orElseThrow().gpus();
      System.out.printf(Locale.ROOT, "rps %.0f: %d GPUs, rps %.0f: %d GPUs%n", rps, low, 2 * rps, high);
      assertThat(high).isGreaterThanOrEqualTo(low);
    }
  }

  @Test
  void anUnreachableObjectiveIsInfeasibleWithReasons() {
    DisaggregatedPlan plan = PLANNER.planDisaggregated(request("llama-3.1-8b", "h100-sxm", 10).ttftSloSeconds(0.001).build());
    assertThat(plan.feasible()).isFalse();
    assertThat(plan.best()).isEmpty();
    assertThat(plan.disaggregationSavesGpus()).isFalse();
    assertThat(plan.rejected()).anyMatch(x -> x.contains("exceed the 1.0 ms TTFT objective"));
  }
}
