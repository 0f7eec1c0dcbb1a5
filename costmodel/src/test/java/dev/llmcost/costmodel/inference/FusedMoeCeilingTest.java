package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import org.junit.jupiter.api.Test;

/**
 * The routed experts' NVFP4 grouped GEMMs on Blackwell run no faster than the measured fused NVFP4 MoE
 * layer of grouped-gemm.csv (1,262 TFLOP/s on B200, {@code Microbenchmarks.fusedMoeFp4Fraction}), and FP8
 * experts on Hopper no faster than DeepGEMM's measured FP8 grouped GEMMs at their tokens per expert ({@code
 * Microbenchmarks.groupedGemmFp8Fraction}), which the estimate says; FP8 experts on Blackwell keep the tile model.
 */
class FusedMoeCeilingTest {

  private static final InferenceCostModel M = InferenceCostModel.calibrated();

  private static InferenceScenario.Builder prefill(String acc) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"), AcceleratorCatalog.bundled().get(acc))
        .batch(8).inputTokens(2048).outputTokens(2);
  }

  private static double[] experts(InferenceEstimate e) {
    double flops = 0;
    double compute = 0;
    for (OperatorCost o : e.prefill().operators()) {
      if (o.group() == OperatorGroup.ROUTED_EXPERTS) {
        flops += o.flops();
        compute += o.computeSeconds();
      }
    }
    return new double[] {flops, compute};
  }

  @Test
  void b200Nvfp4ExpertsRunAtTheMeasuredFusedMoeRateAndSaySo() {
    InferenceEstimate e = M.estimate(prefill("b200").weights(QuantizationScheme.nvfp4()).build());
    double[] x = experts(e);
    // 16,384 prompt tokens, 1,024 per expert: the tile model alone gives about 3.4 PFLOP/s; the group also
    // holds the router's GEMM (0.1% of its FLOPs)
    assertThat(x[0] / x[1]).isCloseTo(1262e12, within(0.005 * 1262e12));
    assertThat(e.assumptions()).anyMatch(a -> a.startsWith("routed experts' NVFP4 grouped GEMMs at most 1262 TFLOP/s"));
  }

  @Test
  void hopperFp8ExpertsRunNoFasterThanTheMeasuredFp8GroupedGemmsAndSaySo() {
    // Mixtral 8x7B, one 2,048-token prompt, top 2 of 8: 512 tokens per expert, where DeepGEMM's H800 grouped
    // GEMMs reach 1,040 TFLOP/s (grouped-gemm.csv) and the tile model alone gives more
    InferenceEstimate mixtral = M.estimate(InferenceScenario.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"),
            AcceleratorCatalog.bundled().get("h100-sxm")).batch(1).inputTokens(2048).outputTokens(2)
        .weights(QuantizationScheme.fp8()).build());
    double[] x = experts(mixtral);
    // the group also holds the router's 16-bit GEMM (0.03% of its FLOPs)
    assertThat(x[0] / x[1]).isCloseTo(1040e12, within(0.005 * 1040e12));
    assertThat(mixtral.assumptions()).anyMatch(a -> a.startsWith("routed experts' FP8 grouped GEMMs at most 0.526-0.680"));
    // Qwen3-30B-A3B at 1,024 per expert: the ceiling there (1,233) is above the tile model's rate
    InferenceEstimate qwen = M.estimate(prefill("h100-sxm").weights(QuantizationScheme.fp8()).build());
    double[] q = experts(qwen);
    assertThat(q[0] / q[1]).isGreaterThan(500e12).isLessThan(1233e12);
    InferenceEstimate bf16 = M.estimate(prefill("h100-sxm").weights(QuantizationScheme.uniform(DType.BF16)).build());
    assertThat(bf16.assumptions()).noneMatch(a -> a.startsWith("routed experts' FP8"));
  }

  @Test
  void fp8ExpertsAndHopperKeepTheTileModel() {
    InferenceEstimate b200Fp8 = M.estimate(prefill("b200").weights(QuantizationScheme.fp8()).build());
    double[] x = experts(b200Fp8);
    assertThat(x[0] / x[1]).isGreaterThan(1262e12);
    assertThat(b200Fp8.assumptions()).noneMatch(a -> a.startsWith("routed experts' NVFP4"));
    InferenceEstimate h100 = M.estimate(prefill("h100-sxm").weights(QuantizationScheme.fp8()).build());
    assertThat(h100.assumptions()).noneMatch(a -> a.startsWith("routed experts' NVFP4"));
  }

  /**
   * s14g: the roofline reproduces the NVFP4 fused MoE layers whose fastest weight-read rate it takes (FlashInfer pull
   * request 5301, DeepSeek-V3 EP8 on B300: 32 of 256 experts, top 8, 128-1,024 tokens in 0.156-0.206 ms,
   * grouped-gemm.csv): with the read rate held at the 128-token row's and the grouped GEMMs' compute added by the
   * roofline, each layer takes 5-17% longer than measured (the rows' own rates, falling to 0.49 at 1,024 tokens,
   * would count that compute twice: +25% there). Printed: model against measured per layer.
   */
  /**
   * s20n: as {@link #theMeasuredNvfp4FusedMoeLayersAreReproducedOnB300()}, for FP8 experts against the MXFP8 column of
   * the same benchmark (TensorRT-LLM's trtllm-gen MXFP8 kernel, 0.227-0.261 ms at 64-512 tokens, grouped-gemm.csv). FP8
   * experts on Blackwell read their weights at the calibrated bandwidth and their GEMMs run at the tile model's rate (no
   * measured FP8 cap there); that already reproduces these layers, so the rows are catalogued and checked, not read.
   * Printed: model against measured.
   */
  @Test
  void theMeasuredMxfp8FusedMoeLayersAreReproducedOnB300() {
    double[] tokens = {64, 128, 256, 512};
    double[] measured = {0.227057e-3, 0.235843e-3, 0.250962e-3, 0.260530e-3};
    var v3 = ModelCatalog.bundled().get("deepseek-v3");
    StringBuilder sb = new StringBuilder("s20n: DeepSeek-V3 EP8 FP8 fused MoE layer on B300, model vs FlashInfer PR 5301"
        + " (TRTLLM MXFP8)\n");
    double[] ratio = new double[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      InferenceScenario s = InferenceScenario.builder(v3, AcceleratorCatalog.bundled().get("b300"))
          .tp(8).ep(8).attentionDataParallel(true).expertCommunication(ExpertCommunication.ALL_TO_ALL)
          .expertImbalance(1.0).weights(QuantizationScheme.fp8()).batch((int) tokens[i]).inputTokens(16)
          .outputTokens(2).build();
      double perLayer = routedExpertSecondsPerLayer(s, v3.moeLayers());
      ratio[i] = perLayer / measured[i];
      sb.append(String.format(java.util.Locale.ROOT, "  %5.0f tokens: model %.1f us, measured %.1f us (%+.1f%%)%n",
          tokens[i], perLayer * 1e6, measured[i] * 1e6, 100 * (ratio[i] - 1)));
    }
    System.out.println(sb);
    // 2026-12-07 (s20n): -0.9% at 64 tokens, +7.0% at 128, +2.9% at 256, +0.5% at 512 with the calibrated bandwidth and
    // the tile model's FP8 compute; capping the reads at the fastest row's rate (0.76 of 8 TB/s, as the NVFP4 rows are
    // read) made them +15..+24% (the held rate is the whole 128-token layer, and the roofline adds the compute again):
    // tried and not kept (inference-multi-source.md, "s20n"). Within 5% fast and 10% slow
    for (int i = 0; i < tokens.length; i++) {
      assertThat(ratio[i]).as("%.0f tokens", tokens[i]).isBetween(0.95, 1.10);
    }
  }

  @Test
  void theMeasuredNvfp4FusedMoeLayersAreReproducedOnB300() {
    double[] tokens = {128, 256, 512, 1024};
    double[] measured = {0.155905e-3, 0.165025e-3, 0.176593e-3, 0.205858e-3};
    double[] model = new double[tokens.length];
    var v3 = ModelCatalog.bundled().get("deepseek-v3");
    StringBuilder sb = new StringBuilder("s14g: DeepSeek-V3 EP8 NVFP4 fused MoE layer on B300, model vs FlashInfer PR 5301\n");
    for (int i = 0; i < tokens.length; i++) {
      InferenceScenario s = InferenceScenario.builder(v3, AcceleratorCatalog.bundled().get("b300"))
          .tp(8).ep(8).attentionDataParallel(true).expertCommunication(ExpertCommunication.ALL_TO_ALL)
          .expertImbalance(1.0).weights(QuantizationScheme.nvfp4()).batch((int) tokens[i]).inputTokens(16)
          .outputTokens(2).build();
      double perLayer = routedExpertSecondsPerLayer(s, v3.moeLayers());
      sb.append(String.format(java.util.Locale.ROOT, "  %5.0f tokens: model %.1f us, measured %.1f us (%+.1f%%)%n",
          tokens[i], perLayer * 1e6, measured[i] * 1e6, 100 * (perLayer / measured[i] - 1)));
      model[i] = perLayer;
    }
    System.out.println(sb);
    // within 5% fast and 20% slow: at 4 tokens per expert the tile model pads each expert's rows to a 64-row tile and
    // the roofline adds 86% of that compute (the fitted overlap loss) to the reads (+17% at 128 tokens, +5% at
    // 1,024); before s14g the calibrated bandwidth made the same layers 16-17% fast
    for (int i = 0; i < tokens.length; i++) {
      assertThat(model[i] / measured[i]).as("%.0f tokens", tokens[i]).isBetween(0.95, 1.20);
    }
    assertThat(M.estimate(InferenceScenario.builder(v3, AcceleratorCatalog.bundled().get("b200")).tp(8).ep(8)
            .attentionDataParallel(true).weights(QuantizationScheme.nvfp4()).batch(64).build()).assumptions())
        .anyMatch(a -> a.startsWith("routed experts' NVFP4 weight reads at most 0.63 of the datasheet HBM bandwidth"));
  }

  /** Returns the routed-expert group's bytes over its memory time in one decode step, as a fraction of the datasheet. */
  private static double decodeExpertBandwidth(InferenceEstimate e, double datasheet) {
    for (OperatorCost o : e.decodeStep().operators()) {
      if (o.group() == OperatorGroup.ROUTED_EXPERTS) {
        return o.bytes() / o.memorySeconds() / datasheet;
      }
    }
    throw new AssertionError("no routed-expert group");
  }

  @Test
  void theHopperFusedMoeBandwidthCapTakesOnlyTheExpertFormatsItsSourcesMeasured() {
    // vLLM's and SGLang's fused_moe tables time bf16 and fp8 experts only (grouped-gemm.csv): at one token per
    // expert fp8 experts read at 0.73 of 3.35 TB/s; int4 (W4A16) and MXFP4 experts keep the dense weight-only
    // path's calibrated bandwidth, and the estimate says which applied
    double datasheet = AcceleratorCatalog.bundled().get("h100-sxm").memoryBandwidth().bytesPerSecond();
    InferenceScenario.Builder decode = InferenceScenario.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"),
        AcceleratorCatalog.bundled().get("h100-sxm")).batch(1).inputTokens(128).outputTokens(128);
    InferenceEstimate fp8 = M.estimate(decode.weights(QuantizationScheme.fp8()).build());
    assertThat(decodeExpertBandwidth(fp8, datasheet)).isLessThan(0.76);
    assertThat(fp8.assumptions()).anyMatch(a -> a.startsWith("routed experts' weight reads at most 0.73"));
    for (QuantizationScheme q : new QuantizationScheme[] {QuantizationScheme.int4(128), QuantizationScheme.mxfp4()}) {
      InferenceEstimate four = M.estimate(decode.weights(QuantizationScheme.uniform(DType.BF16)).expertWeights(q)
          .build());
      assertThat(decodeExpertBandwidth(four, datasheet)).as(q.name()).isGreaterThan(0.8);
      assertThat(four.assumptions()).as(q.name()).noneMatch(a -> a.startsWith("routed experts' weight reads at most"))
          .anyMatch(a -> a.startsWith("routed experts stored in " + q.name() + ": their weight reads at the calibrated"
              + " HBM bandwidth of the dense weight-only path"));
    }
    // Blackwell has no such series: nothing printed either way
    InferenceEstimate b200 = M.estimate(InferenceScenario.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"),
        AcceleratorCatalog.bundled().get("b200")).batch(1).inputTokens(128).outputTokens(128)
        .expertWeights(QuantizationScheme.int4(128)).build());
    assertThat(b200.assumptions()).noneMatch(a -> a.startsWith("routed experts stored in"));
  }

  /** Returns the routed experts' seconds of one decode step of {@code s} (16 tokens of context) per MoE layer. */
  private static double routedExpertSecondsPerLayer(InferenceScenario s, int moeLayers) {
    double experts = 0;
    for (OperatorCost o : M.decodeStep(s, 16).operators()) {
      if (o.group() == OperatorGroup.ROUTED_EXPERTS) {
        experts += o.seconds();
      }
    }
    return experts / moeLayers;
  }
}
