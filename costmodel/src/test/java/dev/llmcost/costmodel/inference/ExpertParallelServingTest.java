package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ComponentRole;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Expert parallelism and attention data parallelism in serving: the layout's memory, the
 * all-to-all's cost and where it runs, the routing imbalance, and the DeepEP-derived link figures.
 */
class ExpertParallelServingTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  private static final AcceleratorSpec GB200 = AcceleratorCatalog.bundled().get("gb200");
  private static final ModelArchitecture DSV3 = ModelCatalog.bundled().get("deepseek-v3");

  private static InferenceScenario.Builder deepseek(AcceleratorSpec a, int gpus, int batch) {
    return InferenceScenario.builder(DSV3, a)
        .tp(gpus)
        .ep(gpus)
        .attentionDataParallel(true)
        .weights(QuantizationScheme.fp8())
        .batch(batch)
        .inputTokens(2000)
        .outputTokens(100);
  }

  private static double allToAll(PhaseCost p) {
    return p.operators().stream()
        .filter(o -> o.group() == OperatorGroup.EP_ALL_TO_ALL)
        .mapToDouble(OperatorCost::seconds)
        .sum();
  }

  @Test
  void theDeepEpRowsGiveTheLinkFractionsAndTheFixedTime() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    System.out.printf(Locale.ROOT,
        "all-to-all from DeepEP rows: NVLink %.3f of nominal per direction; NIC %.3f of 50 GB/s after %.1f µs%n",
        mb.allToAllScaleUpFraction(), mb.allToAllScaleOutFraction(), mb.allToAllScaleOutLatencySeconds() * 1e6);
    // intranode: H800 153–158 of 200 GB/s, B200 643–740 of 900 GB/s
    assertThat(mb.allToAllScaleUpFraction()).isBetween(0.71, 0.83);
    // internode low-latency pairs: EP16–256 give 0.78–0.95 of the NIC and 15–41 µs
    assertThat(mb.allToAllScaleOutFraction()).isBetween(0.78, 0.95);
    assertThat(mb.allToAllScaleOutLatencySeconds()).isBetween(15e-6, 41e-6);
  }

  @Test
  void attentionDataParallelismHoldsOnlyEachGpusOwnLatentCache() {
    // MLA's latent cache is whole on every GPU under tensor parallelism; data-parallel attention
    // splits the sequences instead, so a GPU holds a tp-th of the batch's cache
    InferenceScenario tp8 = InferenceScenario.builder(DSV3, H100).tp(8).weights(QuantizationScheme.fp8())
        .batch(64).inputTokens(2000).outputTokens(100).build();
    InferenceScenario dp8 = deepseek(H100, 8, 64).build();
    long kvTp = MODEL.estimate(tp8).memoryPerGpu().kvCache().bytes();
    long kvDp = MODEL.estimate(dp8).memoryPerGpu().kvCache().bytes();
    assertThat((double) kvTp / kvDp).isCloseTo(8.0, within(1e-9));
    // and every GPU then holds the non-expert weights whole
    assertThat(MODEL.estimate(dp8).memoryPerGpu().weights().bytes())
        .isGreaterThan(MODEL.estimate(tp8).memoryPerGpu().weights().bytes());
  }

  @Test
  void redundantExpertSlotsWhenEpDoesNotDivideTheExperts() {
    // EP72 for 256 experts: 4 slots per GPU (288, SGLang's EPLB layout), so 4/256 of the expert weights
    InferenceScenario s = deepseek(H100, 72, 72 * 256).build();
    double experts = DSV3.parameterCounts().of(ComponentRole.ROUTED_EXPERTS).value();
    double wq = QuantizationScheme.fp8().effectiveBitsPerWeight() / 8;
    double all = dev.llmcost.core.model.WeightMemory.of(DSV3.parameterCounts(), QuantizationScheme.fp8()).total().bytes();
    double expected = all - experts * wq + experts * wq * 4 / 256;
    assertThat(MODEL.estimate(s).memoryPerGpu().weights().bytes() / expected).isCloseTo(1.0, within(0.01));
    assertThat(MODEL.estimate(s).assumptions())
        .anyMatch(a -> a.contains("32 slots hold redundant copies"));
  }

  @Test
  void theAllToAllCrossesTheNetworkOnlyWhenEpSpansNodes() {
    // same tokens per GPU: 16 H100s span two 8-GPU nodes, 16 GB200s sit in one NVL72 domain
    double h100 = allToAll(MODEL.decodeStep(deepseek(H100, 16, 16 * 128).build(), 2000));
    double gb200 = allToAll(MODEL.decodeStep(deepseek(GB200, 16, 16 * 128).build(), 2000));
    double h100Node = allToAll(MODEL.decodeStep(deepseek(H100, 8, 8 * 128).build(), 2000));
    System.out.printf(Locale.ROOT, "all-to-all per decode step, 128 sequences per GPU: H100 EP8 %.0f µs,"
        + " H100 EP16 (2 nodes) %.0f µs, GB200 EP16 (NVL72) %.0f µs%n", h100Node * 1e6, h100 * 1e6, gb200 * 1e6);
    assertThat(h100).isGreaterThan(2 * h100Node);
    assertThat(gb200).isLessThan(h100 / 2);
    // without attention data parallelism there is no all-to-all (tokens are everywhere after the all-reduce)
    InferenceScenario tpEp = InferenceScenario.builder(DSV3, H100).tp(8).ep(8).weights(QuantizationScheme.fp8())
        .batch(128).inputTokens(2000).outputTokens(100).build();
    assertThat(allToAll(MODEL.decodeStep(tpEp, 2000))).isZero();
  }

  private static ModelArchitecture uniformRouting() {
    return DSV3.toBuilder().moe(DSV3.moe().toBuilder().routingGroups(1, 1).build()).build();
  }

  private static InferenceScenario.Builder prefill(ModelArchitecture m, int gpus) {
    return InferenceScenario.builder(m, H100).tp(gpus).ep(gpus).attentionDataParallel(true)
        .weights(QuantizationScheme.fp8()).batch(gpus).inputTokens(4000).outputTokens(1);
  }

  @Test
  void prefillAcrossNodesSendsOneCopyPerRemoteNodeUnderTheGroupLimit() {
    // EP32 over four 8-GPU nodes (SGLang's prefill layout): DeepEP's normal kernels send a token once to each other
    // node holding one of its experts; DeepSeek-V3's group limit (4 of 8 groups, 2 groups per node) cuts those nodes
    double limited = allToAll(MODEL.estimate(prefill(DSV3, 32).build()).prefill());
    double uniform = allToAll(MODEL.estimate(prefill(uniformRouting(), 32).build()).prefill());
    double offLimited = dev.llmcost.costmodel.internal.ExpertReach.expectedOtherParts(256, 8, 8, 4, 4);
    double offUniform = dev.llmcost.costmodel.internal.ExpertReach.expectedOtherParts(256, 8, 1, 1, 4);
    System.out.printf(Locale.ROOT, "EP32 prefill all-to-all: %.2f ms group-limited, %.2f ms uniform (remote nodes"
        + " per token %.3f vs %.3f)%n", limited * 1e3, uniform * 1e3, offLimited, offUniform);
    assertThat(limited).isLessThan(uniform);
    // NIC-bound: the times less the fixed latency scale as the remote copies
    double fixed = 2 * Microbenchmarks.bundled().allToAllScaleOutLatencySeconds() * DSV3.moeLayers();
    assertThat((limited - fixed) / (uniform - fixed)).isCloseTo(offLimited / offUniform, within(1e-6));
  }

  @Test
  void singleNodeEpAndLowLatencyDecodeIgnoreTheGroupLimit() {
    // inside one node the copies cross NVLink per routed expert as before: routing groups change nothing
    assertThat(allToAll(MODEL.estimate(prefill(DSV3, 8).build()).prefill()))
        .isEqualTo(allToAll(MODEL.estimate(prefill(uniformRouting(), 8).build()).prefill()));
    assertThat(allToAll(MODEL.decodeStep(deepseek(H100, 8, 8 * 128).build(), 2000)))
        .isEqualTo(allToAll(MODEL.decodeStep(
            InferenceScenario.builder(uniformRouting(), H100).tp(8).ep(8).attentionDataParallel(true)
                .weights(QuantizationScheme.fp8()).batch(8 * 128).inputTokens(2000).outputTokens(100).build(), 2000)));
    // decode across nodes runs the low-latency kernels, one message per routed expert: unchanged by the limit
    InferenceScenario decode72 = deepseek(H100, 72, 72 * 256).build();
    InferenceScenario decode72Uniform = InferenceScenario.builder(uniformRouting(), H100).tp(72).ep(72)
        .attentionDataParallel(true).weights(QuantizationScheme.fp8()).batch(72 * 256).inputTokens(2000)
        .outputTokens(100).build();
    assertThat(allToAll(MODEL.decodeStep(decode72, 2000))).isEqualTo(allToAll(MODEL.decodeStep(decode72Uniform, 2000)));
  }

  @Test
  void routingImbalanceNeverSpeedsAStepAndIsEchoed() {
    Random random = new Random(13);
    for (int i = 0; i < 20; i++) {
      int gpus = new int[] {8, 16, 32, 72}[random.nextInt(4)];
      int perGpu = 1 + random.nextInt(256);
      double a = 1 + random.nextDouble();
      double b = a + random.nextDouble();
      double ta = MODEL.decodeStep(deepseek(H100, gpus, gpus * perGpu).expertImbalance(a).build(), 2000).seconds();
      double tb = MODEL.decodeStep(deepseek(H100, gpus, gpus * perGpu).expertImbalance(b).build(), 2000).seconds();
      assertThat(tb).as("ep %d, %d per GPU, imbalance %.2f -> %.2f", gpus, perGpu, a, b).isGreaterThanOrEqualTo(ta);
    }
    assertThat(MODEL.estimate(deepseek(H100, 8, 64).build()).assumptions())
        .anyMatch(s -> s.contains("1.54 × the mean tokens (routing imbalance, default: routing without a load balancer"));
    assertThat(MODEL.estimate(deepseek(H100, 8, 64).expertImbalance(InferenceScenario.UNIFORM_EXPERT_IMBALANCE).build())
        .assumptions()).anyMatch(s -> s.contains("1.00 × the mean tokens (routing imbalance, given)"));
    assertThat(MODEL.estimate(deepseek(H100, 8, 64).expertImbalance(1.3).build()).assumptions())
        .anyMatch(s -> s.contains("1.30 × the mean tokens (routing imbalance, given)"));
  }

  @Test
  void expertParallelismWithoutDataParallelAttentionKeepsTheExpertFlops() {
    // ep × expert-tp = tp: each GPU does tokens·k/ep copies of a whole expert or tokens·k of a tp-th slice
    InferenceScenario.Builder b = InferenceScenario.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"), H100)
        .tp(8).weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).batch(512).inputTokens(128).outputTokens(128);
    double tp = MODEL.decodeStep(b.ep(1).build(), 128).operators().stream()
        .filter(o -> o.group() == OperatorGroup.ROUTED_EXPERTS).mapToDouble(OperatorCost::flops).sum();
    // (uniform routing: Mixtral's 8 experts are below the fine-grained threshold, so that is also the default)
    assertThat(b.ep(8).build().expertImbalance()).isEqualTo(InferenceScenario.UNIFORM_EXPERT_IMBALANCE);
    double ep = MODEL.decodeStep(b.ep(8).build(), 128).operators().stream()
        .filter(o -> o.group() == OperatorGroup.ROUTED_EXPERTS).mapToDouble(OperatorCost::flops).sum();
    assertThat(ep / tp).isCloseTo(1.0, within(0.01));
  }

  /**
   * The default imbalance of expert parallelism without a load balancer reproduces the one published
   * figure it is calibrated on (DeepSeek-R1 at EP32: the hottest rank 2.564 × the mean, TensorRT-LLM
   * examples/ep_load_balancer/README.md), grows with the EP degree, is 1 without expert parallelism
   * and for coarse MoE, and never exceeds what the busiest rank can receive.
   */
  @Test
  void defaultImbalanceReproducesTheMeasuredEp32FigureAndGrowsWithEp() {
    assertThat(InferenceScenario.unbalancedImbalance(DSV3, 32)).isCloseTo(2.564, within(0.01));
    assertThat(InferenceScenario.unbalancedImbalance(DSV3, 8)).isCloseTo(1.54, within(0.01));
    assertThat(InferenceScenario.unbalancedImbalance(DSV3, 1)).isEqualTo(1.0);
    var mixtral = ModelCatalog.bundled().get("mixtral-8x7b-v0.1");
    assertThat(InferenceScenario.unbalancedImbalance(mixtral, 8)).isEqualTo(1.0);
    double previous = 1;
    for (int ep : new int[] {2, 4, 8, 16, 32, 64, 128, 256}) {
      double v = InferenceScenario.unbalancedImbalance(DSV3, ep);
      System.out.printf(Locale.ROOT, "DeepSeek-V3 EP%d: busiest rank %.2f × the mean (no balancer)%n", ep, v);
      assertThat(v).as("ep %d", ep).isGreaterThanOrEqualTo(previous)
          .isLessThanOrEqualTo(ep * Math.min(8.0, Math.ceil(256.0 / ep)) / 8);
      previous = v;
    }
    // the scenario uses it unless one is given, and a copy keeps deriving it from its own ep
    InferenceScenario s = deepseek(H100, 8, 64).build();
    assertThat(s.expertImbalance()).isEqualTo(InferenceScenario.unbalancedImbalance(DSV3, 8));
    assertThat(s.expertImbalanceGiven()).isFalse();
    InferenceScenario one = s.toBuilder().attentionDataParallel(false).ep(1).build();
    assertThat(one.expertImbalance()).isEqualTo(1.0);
    assertThatThrownBy(() -> s.toBuilder().expertImbalance(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expertImbalance");
  }

  @Test
  void invalidLayoutsNameTheFieldAndValue() {
    InferenceScenario.Builder mixtral =
        InferenceScenario.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"), H100).tp(8);
    assertThatThrownBy(() -> mixtral.ep(16).tp(16).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ep must be at most the routed experts (8), was 16");
    assertThatThrownBy(() -> mixtral.tp(8).ep(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ep must divide tp (8): ep × expert tensor parallelism = tp, was 3");
    assertThatThrownBy(() -> mixtral.ep(4).attentionDataParallel(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attentionDataParallel needs ep = tp (8)");
    assertThatThrownBy(() -> mixtral.ep(8).expertImbalance(0.9).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expertImbalance")
        .hasMessageContaining("0.9");
    assertThatThrownBy(() -> InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"), H100)
            .tp(2).ep(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ep must be 1 for a dense model (llama-3.1-8b), was 2");
  }
}
