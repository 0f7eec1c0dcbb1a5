package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.capacity.CapacityPlanner;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.capacity.DisaggregatedOption;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.KvCacheSize;
import dev.llmcost.costmodel.internal.serving.KvTransfer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one KV-transfer model of disaggregated serving ({@link KvTransfer}), and that the analytic
 * plan ({@link CapacityPlanner#planDisaggregated}) and the serving simulator both use it.
 */
class KvTransferModelTest {

  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  private static final EfficiencyProfile PROFILE = InferenceCostModel.calibrated().profile(H100);

  @Test
  void aDeploymentInsideOneScaleUpDomainSendsOverItElseOverTheNetwork() {
    KvTransfer inside = KvTransfer.forDeployment(H100, PROFILE, 2, 2, 8, null);
    KvTransfer outside = KvTransfer.forDeployment(H100, PROFILE, 2, 2, 10, null);
    assertThat(inside.scaleUp()).isTrue();
    assertThat(outside.scaleUp()).isFalse();
    assertThat(inside.streams()).isEqualTo(2);
    assertThat(inside.perStream().bytesPerSecond())
        .isCloseTo(H100.scaleUpBandwidthPerDirection().bytesPerSecond() * PROFILE.scaleUpBandwidthFraction(), within(1.0));
    assertThat(outside.perStream().bytesPerSecond())
        .isCloseTo(H100.scaleOutBandwidth().bytesPerSecond() * PROFILE.scaleOutBandwidthFraction(), within(1.0));
    assertThat(inside.latencySeconds()).isEqualTo(PROFILE.collectiveLatencySeconds());
    assertThat(outside.latencySeconds()).isEqualTo(PROFILE.networkLatencySeconds());
    double bytes = 1e9;
    assertThat(inside.seconds(bytes)).isCloseTo(inside.latencySeconds() + bytes / (2 * inside.perStream().bytesPerSecond()),
        within(1e-12));
    assertThat(outside.seconds(bytes)).isGreaterThan(inside.seconds(bytes));
    assertThat(inside.link()).contains("scale-up link", "8 GPUs fit one scale-up domain of 8", "2 GPU-to-GPU streams");
    assertThat(outside.link()).contains("the network", "do not fit one scale-up domain of 8", "scale-out fraction");
    // min(prefill tp, decode tp) streams
    assertThat(KvTransfer.forDeployment(H100, PROFILE, 4, 1, 5, null).streams()).isEqualTo(1);
  }

  @Test
  void aGivenBandwidthReplacesTheStreamBandwidthOnlyAndANetworkWithoutAFigureIsAssumedAt25GBps() {
    KvTransfer given = KvTransfer.forDeployment(H100, PROFILE, 1, 1, 2, Bandwidth.ofGBps(10));
    assertThat(given.given()).isTrue();
    assertThat(given.perStream().bytesPerSecond()).isCloseTo(10e9, within(1.0));
    assertThat(given.latencySeconds()).isEqualTo(PROFILE.collectiveLatencySeconds());
    assertThat(given.link()).contains("(given)");
    AcceleratorSpec noNic = H100.toBuilder().id("h100-without-nic").scaleOutBandwidth(Bandwidth.ZERO).build();
    KvTransfer fallback = KvTransfer.forDeployment(noNic, PROFILE, 1, 1, 16, null);
    assertThat(fallback.scaleUp()).isFalse();
    assertThat(fallback.perStream().bytesPerSecond()).isEqualTo(KvTransfer.FALLBACK_NETWORK_BYTES_PER_SECOND);
    assertThat(fallback.link()).contains("assumed", "no network bandwidth", "25 GB/s");
    // the T4's catalog entry has no scale-up link; an L4 server's GPUs share PCIe Gen4 x16
    AcceleratorSpec t4 = AcceleratorCatalog.bundled().get("t4");
    assertThat(KvTransfer.forDeployment(t4, PROFILE, 1, 1, 2, null).link()).contains("t4 has no scale-up link");
    assertThat(KvTransfer.overScaleUp(t4, PROFILE, 1, 1)).isNull();
    AcceleratorSpec l4 = AcceleratorCatalog.bundled().get("l4");
    assertThat(KvTransfer.overScaleUp(l4, PROFILE, 1, 1)).isNotNull();
    assertThat(KvTransfer.overScaleUp(l4, PROFILE, 4, 8)).isNull();
  }

  @Test
  void theAnalyticPlanCostsItsKvTransferWithTheModelForItsDeployment() {
    CapacityPlanner planner = CapacityPlanner.calibrated();
    Random random = new Random(5);
    int scaleUp = 0;
    int network = 0;
    for (int i = 0; i < 8; i++) {
      // low rates fit one node, high rates need several
      double rps = i < 3 ? 0.2 + random.nextDouble() : 10 + random.nextInt(50);
      CapacityRequest r = CapacityRequest.builder(ModelCatalog.bundled().get("llama-3.1-70b"), H100)
          .requestsPerSecond(rps).inputTokens(2000).outputTokens(200).ttftSloSeconds(1).tpotSloSeconds(0.05)
          .tpCandidates(List.of(2, 4)).build();
      DisaggregatedOption d = planner.planDisaggregated(r).best().orElseThrow();
      KvTransfer t = KvTransfer.forDeployment(H100, InferenceCostModel.calibrated().profile(H100), d.prefillTp(),
          d.decodeTp(), d.gpus(), null);
      long bytes = KvCacheSize.bytesPerSequence(r.model(), r.kvCache(), r.inputTokens());
      assertThat(d.kvTransferSeconds()).as("rps " + rps).isCloseTo(t.seconds(bytes), within(1e-12));
      assertThat(d.kvTransferLink()).startsWith(t.scaleUp() ? "the scale-up link" : "the network");
      if (t.scaleUp()) {
        scaleUp++;
      } else {
        network++;
      }
    }
    assertThat(scaleUp).as("plans inside one node").isPositive();
    assertThat(network).as("plans over several nodes").isPositive();
  }

  @Test
  void theSimulatorChoosesTheSameLinkSaysSoAndAGivenOneIsKept() {
    InferenceScenario engine = ServingSimulatorTest.engine("llama-3.1-8b", 0.10);
    ServingSimulation.Builder load = ServingSimulatorTest.load(5, 120);
    SimulationResult near = ServingSimulator.calibrated().simulate(load.disaggregation(Disaggregation.of(1, 1)).build());
    KvTransfer t = KvTransfer.forDeployment(H100, InferenceCostModel.calibrated().profile(H100), 1, 1, 2, null);
    assertThat(engine.accelerator().id()).isEqualTo("h100-sxm");
    assertThat(near.kvLink().orElseThrow().bytesPerSecond()).isEqualTo(t.perStream().bytesPerSecond());
    assertThat(near.kvLinkDescription().orElseThrow()).isEqualTo(t.link()).contains("scale-up link");
    assertThat(near.defaultsUsed()).anyMatch(s -> s.startsWith("kvLink ") && s.contains("scale-up link"));
    assertThat(near.assumptions()).anyMatch(s -> s.startsWith("KV transfer (one model"));
    // nine prefill and nine decode replicas of one GPU spill over the node: the network
    SimulationResult far = ServingSimulator.calibrated().simulate(load.disaggregation(Disaggregation.of(9, 9)).build());
    assertThat(far.kvLinkDescription().orElseThrow()).contains("the network", "18 GPUs do not fit");
    assertThat(far.kvLink().orElseThrow().bytesPerSecond()).isLessThan(near.kvLink().orElseThrow().bytesPerSecond());
    SimulationResult slow = ServingSimulator.calibrated().simulate(
        load.disaggregation(Disaggregation.of(1, 1, Bandwidth.ofGBps(1))).build());
    assertThat(slow.kvLink().orElseThrow().bytesPerSecond()).isCloseTo(1e9, within(1.0));
    assertThat(slow.defaultsUsed()).noneMatch(s -> s.startsWith("kvLink "));
    // a prompt of ~1,000 tokens of Llama 3.1 8B is ~130 MB: about 0.13 s at 1 GB/s, far less over NVLink;
    // the first token comes from the prefill pool, so the transfer delays the rest of the request
    assertThat(slow.endToEnd().p50()).isGreaterThan(near.endToEnd().p50() + 0.05);
    SimulationResult colocated = ServingSimulator.calibrated().simulate(ServingSimulatorTest.load(5, 120).build());
    assertThat(colocated.kvLink()).isEmpty();
    assertThat(colocated.kvLinkDescription()).isEmpty();
  }
}
