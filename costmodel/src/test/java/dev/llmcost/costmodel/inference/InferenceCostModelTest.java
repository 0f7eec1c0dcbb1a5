package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InferenceCostModelTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");

  private static InferenceScenario.Builder scenario(String model) {
    return InferenceScenario.builder(ModelCatalog.bundled().get(model), H100);
  }

  @ParameterizedTest(name = "{0} tp {1} pp {2} batch {3} {4}+{5} {6} {7}")
  @CsvSource({
    "llama-2-7b, 1, 1, 16, 512, 256, bf16, FLASH",
    "mistral-7b-v0.1, 1, 1, 8, 3000, 3000, bf16, FLASH",
    "gemma-2-9b, 2, 1, 4, 2000, 6000, bf16, FUSED_PER_QUERY_HEAD",
    "llama-3.1-70b, 4, 2, 32, 1000, 250, fp8, FLASH",
    "mixtral-8x7b-v0.1, 2, 1, 64, 128, 2048, fp8, EAGER",
    "deepseek-v3, 8, 2, 16, 1000, 300, fp8, FLASH",
    "llama-3.1-8b, 1, 1, 1, 100, 1, bf16, FLASH"
  })
  void closedFormTpotEqualsTheSumOverEveryDecodeStep(
      String model, int tp, int pp, int batch, int in, int out, String weights, InferenceAttentionKernel kernel) {
    InferenceScenario s =
        scenario(model).tp(tp).pp(pp).batch(batch).inputTokens(in).outputTokens(out)
            .weights(weights.equals("fp8") ? QuantizationScheme.fp8() : QuantizationScheme.uniform(DType.BF16))
            .attention(kernel).build();
    InferenceEstimate e = MODEL.estimate(s);
    double sum = 0;
    int steps = Math.max(1, out - 1);
    for (int j = 1; j <= steps; j++) {
      sum += MODEL.decodeStep(s, (long) in + j).seconds();
    }
    assertThat(e.tpotSeconds()).isCloseTo(sum / steps, within(1e-9 * sum / steps + 1e-15));
    assertThat(e.decodeSeconds()).isCloseTo((out - 1) * e.tpotSeconds(), within(1e-12));
  }

  @Test
  void memoryPartsSumToTheTotalAndFitMeansAtMostTheLargestBatch() {
    InferenceScenario base = scenario("llama-3.1-8b").inputTokens(2048).outputTokens(512).build();
    int max = MODEL.maxBatchSize(base);
    assertThat(max).isGreaterThan(1);
    for (int b : new int[] {1, 2, max / 2, max - 1, max, max + 1, 2 * max}) {
      InferenceEstimate e = MODEL.estimate(base.withBatch(b));
      InferenceMemory m = e.memoryPerGpu();
      assertThat(m.total().bytes()).isEqualTo(m.weights().bytes() + m.kvCache().bytes() + m.activations().bytes());
      assertThat(m.required().bytes()).isEqualTo(m.total().bytes() + m.reserve().bytes());
      assertThat(e.fits()).as("batch %d of max %d", b, max).isEqualTo(b <= max);
      assertThat(e.maxBatchSize()).isEqualTo(max);
    }
  }

  @Test
  void aBatchThatDoesNotFitIsEstimatedWithTheLargestThatDoes() {
    InferenceEstimate e = MODEL.estimate(scenario("llama-2-7b").batch(4096).inputTokens(4000).outputTokens(96).build());
    assertThat(e.fits()).isFalse();
    assertThat(e.maxBatchSize()).isBetween(1, 4095);
    assertThat(e.memoryPerGpu().required()).isGreaterThan(e.memoryPerGpu().capacity());
    assertThat(e.memoryPerGpu().free().isZero()).isTrue();
    assertThat(e.tpotSeconds()).isPositive();

    InferenceEstimate tooBig =
        MODEL.estimate(InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"), H100).tp(8)
            .weights(QuantizationScheme.fp8()).build());
    assertThat(tooBig.fits()).isFalse();
    assertThat(tooBig.maxBatchSize()).isZero();
    assertThat(tooBig.memoryPerGpu().weights().plus(tooBig.memoryPerGpu().reserve()))
        .isGreaterThan(H100.memory());
  }

  @Test
  void replicatedKeyValueHeadsAreStatedAndCounted() {
    InferenceEstimate e = MODEL.estimate(scenario("llama-3.1-70b").tp(16).build());
    assertThat(e.assumptions()).anyMatch(a -> a.contains("exceeds the 8 KV heads") && a.contains("replicated on 2 GPUs"));
    assertThat(e.kvCachePerTokenPerGpu().bytes()).isEqualTo(e.kvCachePerToken().bytes() / 8);
    assertThat(e.assumptions()).anyMatch(a -> a.contains("over the network"));
  }

  @Test
  void latencyGrowsWithBatchAndThroughputNeverFalls() {
    InferenceScenario base = scenario("llama-3.1-70b").tp(4).inputTokens(1000).outputTokens(250).build();
    List<BatchPoint> curve = MODEL.throughputCurve(base);
    assertThat(curve).hasSizeGreaterThan(5);
    for (int i = 1; i < curve.size(); i++) {
      BatchPoint a = curve.get(i - 1);
      BatchPoint b = curve.get(i);
      assertThat(b.batch()).isGreaterThan(a.batch());
      assertThat(b.tpotSeconds()).isGreaterThanOrEqualTo(a.tpotSeconds());
      assertThat(b.ttftSeconds()).isGreaterThan(a.ttftSeconds());
      assertThat(b.outputTokensPerSecond()).isGreaterThanOrEqualTo(a.outputTokensPerSecond());
      assertThat(b.fits()).isTrue();
    }
    assertThat(curve.get(curve.size() - 1).batch()).isEqualTo(MODEL.maxBatchSize(base));
  }

  @Test
  void moreTensorParallelismNeverSlowsTheSameBatchAndShrinksWeightsPerGpu() {
    double previousTtft = Double.POSITIVE_INFINITY;
    long previousWeights = Long.MAX_VALUE;
    for (int tp : new int[] {2, 4, 8}) {
      InferenceEstimate e = MODEL.estimate(scenario("llama-3.1-70b").tp(tp).batch(8).build());
      assertThat(e.ttftSeconds()).isLessThan(previousTtft);
      assertThat(e.memoryPerGpu().weights().bytes()).isLessThan(previousWeights);
      previousTtft = e.ttftSeconds();
      previousWeights = e.memoryPerGpu().weights().bytes();
    }
  }

  @Test
  void fewerWeightBytesMakeSmallBatchDecodeFaster() {
    double previous = Double.POSITIVE_INFINITY;
    long previousWeights = Long.MAX_VALUE;
    for (QuantizationScheme q :
        List.of(QuantizationScheme.uniform(DType.BF16), QuantizationScheme.int8(), QuantizationScheme.int4(128))) {
      InferenceEstimate e = MODEL.estimate(scenario("llama-3.1-8b").weights(q).build());
      assertThat(e.tpotSeconds()).as(q.name()).isLessThan(previous);
      assertThat(e.memoryPerGpu().weights().bytes()).isLessThan(previousWeights);
      previous = e.tpotSeconds();
      previousWeights = e.memoryPerGpu().weights().bytes();
    }
    InferenceEstimate int4 = MODEL.estimate(scenario("llama-3.1-8b").weights(QuantizationScheme.int4(128)).build());
    assertThat(int4.assumptions()).anyMatch(a -> a.startsWith("weight-only quantization"));
  }

  @Test
  void batch32BeatsBatch1BecauseDecodeReadsTheWeightsOncePerStep() {
    InferenceScenario base = scenario("llama-2-7b").inputTokens(512).outputTokens(256).build();
    InferenceEstimate one = MODEL.estimate(base.withBatch(1));
    InferenceEstimate many = MODEL.estimate(base.withBatch(32));
    double speedup = many.outputTokensPerSecond() / one.outputTokensPerSecond();
    System.out.printf(Locale.ROOT,
        "llama-2-7b on h100, 512 in / 256 out: batch 1 %.1f ms/token %.0f tok/s; batch 32 %.1f ms/token %.0f tok/s; x%.1f%n",
        one.tpotSeconds() * 1e3, one.outputTokensPerSecond(), many.tpotSeconds() * 1e3,
        many.outputTokensPerSecond(), speedup);
    assertThat(speedup).isBetween(10.0, 32.0);
    assertThat(one.decodeStep().bound()).isEqualTo(Bound.MEMORY);
  }

  @Test
  void decodeTurnsComputeBoundAtTheReportedBatch() {
    InferenceScenario s = scenario("llama-3.1-70b").tp(4).inputTokens(512).outputTokens(256).build();
    OptionalInt batch = MODEL.computeBoundBatch(s);
    OptionalInt gemms = MODEL.gemmComputeBoundBatch(s);
    assertThat(batch).isPresent();
    assertThat(gemms).isPresent();
    assertThat(gemms.getAsInt()).isLessThanOrEqualTo(batch.getAsInt());
    long context = 512 + 128;
    assertThat(MODEL.decodeStep(s.withBatch(batch.getAsInt()), context).bound()).isEqualTo(Bound.COMPUTE);
    assertThat(MODEL.decodeStep(s.withBatch(batch.getAsInt() - 1), context).bound()).isEqualTo(Bound.MEMORY);
  }

  @Test
  void longContextsOfFullHeadAttentionNeverTurnComputeBound() {
    // Llama 2 7B keeps every head in the KV cache: each sequence's KV reads grow as fast as its FLOPs
    // (its whole 4,096-token context: a scenario beyond it is refused)
    InferenceScenario s = scenario("llama-2-7b").inputTokens(3072).outputTokens(1024).build();
    assertThat(MODEL.computeBoundBatch(s)).isEmpty();
    assertThat(MODEL.gemmComputeBoundBatch(s)).isPresent();
  }

  @Test
  void eagerAttentionMovesAndHoldsTheScoreMatrix() {
    InferenceScenario flash = scenario("llama-3.1-8b").batch(4).inputTokens(8192).outputTokens(16).build();
    InferenceScenario eager = flash.toBuilder().attention(InferenceAttentionKernel.EAGER).build();
    InferenceEstimate f = MODEL.estimate(flash);
    InferenceEstimate e = MODEL.estimate(eager);
    // (1.41×: the flash attention core runs on the shared GEMM curve in the head dimension)
    assertThat(e.ttftSeconds()).isGreaterThan(1.3 * f.ttftSeconds());
    assertThat(e.memoryPerGpu().activations().bytes()).isGreaterThan(10 * f.memoryPerGpu().activations().bytes());
  }

  @Test
  void mixtureOfExpertsReadsOnlyTheExpertsItsTokensReach() {
    InferenceScenario s = scenario("mixtral-8x7b-v0.1").tp(2).weights(QuantizationScheme.fp8()).build();
    PhaseCost one = MODEL.decodeStep(s.withBatch(1), 1000);
    PhaseCost many = MODEL.decodeStep(s.withBatch(256), 1000);
    long experts = bytes(one, OperatorGroup.ROUTED_EXPERTS);
    long all = bytes(many, OperatorGroup.ROUTED_EXPERTS);
    // one token reaches 2 of 8 experts; 256 tokens reach all 8
    assertThat((double) all / experts).isBetween(3.5, 4.5);
  }

  @Test
  void aDecodeStepReadsTheExpectedNumberOfDistinctExperts() {
    InferenceScenario s = scenario("mixtral-8x7b-v0.1").tp(2).weights(QuantizationScheme.fp8()).build();
    // one token reaches its top-2 of 8; 512 tokens reach all 8 but for (3/4)^512
    assertThat(InferenceCostModel.expertsReadPerDecodeStep(s.withBatch(1))).isCloseTo(2, within(1e-12));
    assertThat(InferenceCostModel.expertsReadPerDecodeStep(s.withBatch(2))).isCloseTo(8 * (1 - 0.75 * 0.75), within(1e-12));
    assertThat(InferenceCostModel.expertsReadPerDecodeStep(s.withBatch(512))).isCloseTo(8, within(1e-9));
    assertThat(InferenceCostModel.expertsReadPerDecodeStep(scenario("llama-2-7b").build())).isZero();
  }

  private static long bytes(PhaseCost p, OperatorGroup g) {
    return p.operators().stream().filter(o -> o.group() == g).mapToLong(OperatorCost::bytes).sum();
  }

  @Test
  void phaseTotalsAreTheSumOfTheirOperators() {
    InferenceEstimate e = MODEL.estimate(scenario("llama-3.1-70b").tp(4).batch(16).build());
    for (PhaseCost p : List.of(e.prefill(), e.decodeStep())) {
      double seconds = p.operators().stream().mapToDouble(OperatorCost::seconds).sum();
      assertThat(seconds).isCloseTo(p.seconds(), within(1e-12));
      assertThat(p.flops()).isPositive();
      assertThat(p.arithmeticIntensity()).isPositive();
    }
    assertThat(e.prefill().bound()).isEqualTo(Bound.COMPUTE);
    assertThat(e.endToEndSeconds()).isCloseTo(e.ttftSeconds() + 255 * e.tpotSeconds(), within(1e-12));
  }

  @Test
  void randomScenariosGiveFiniteNonNegativeResults() {
    Random r = new Random(42);
    String[] models = {"llama-2-7b", "llama-3.1-70b", "mistral-7b-v0.1", "mixtral-8x7b-v0.1", "deepseek-v3", "gpt2", "gemma-2-9b"};
    String[] accelerators = {"h100-sxm", "a100-sxm-80gb", "h200-sxm", "l4", "mi300x", "tpu-v5e"};
    int[] tps = {1, 2, 4, 8};
    for (int i = 0; i < 300; i++) {
      String model = models[r.nextInt(models.length)];
      int tp = tps[r.nextInt(tps.length)];
      if (ModelCatalog.bundled().get(model).heads() % tp != 0) {
        continue;
      }
      // lengths within the model's context (GPT-2: 1,024 positions; a longer scenario is refused)
      int context = Math.min(10_000, ModelCatalog.bundled().get(model).embeddings().maxPositions());
      int input = 1 + r.nextInt(Math.min(8000, context - 1));
      InferenceScenario s =
          InferenceScenario.builder(ModelCatalog.bundled().get(model),
                  AcceleratorCatalog.bundled().get(accelerators[r.nextInt(accelerators.length)]))
              .tp(tp)
              .batch(1 + r.nextInt(512))
              .inputTokens(input)
              .outputTokens(1 + r.nextInt(Math.min(2000, context - input)))
              .attention(InferenceAttentionKernel.values()[r.nextInt(3)])
              .build();
      InferenceEstimate e = MODEL.estimate(s);
      assertThat(e.ttftSeconds()).isPositive().isFinite();
      assertThat(e.tpotSeconds()).isPositive().isFinite();
      assertThat(e.outputTokensPerSecond()).isPositive().isFinite();
      assertThat(e.memoryPerGpu().total().bytes()).isPositive();
      assertThat(e.fits()).isEqualTo(s.batch() <= e.maxBatchSize());
    }
  }

  @Test
  void aPythonSchedulersHostCostBoundsTheDecodeIterationFromBelowAndIsPrinted() {
    ServingOverheads python = ServingOverheads.calibrated().pythonScheduler();
    assertThat(python.hostSecondsPerSequence()).isCloseTo(45.11e-3 / 1536, within(1e-12));
    assertThat(ServingOverheads.calibrated().hostSecondsPerSequence()).isZero();
    InferenceScenario.Builder b =
        scenario("llama-3.1-8b").weights(QuantizationScheme.fp8()).inputTokens(128).outputTokens(128).batch(4096);
    InferenceEstimate gpu = MODEL.estimate(b.build());
    InferenceEstimate host = MODEL.estimate(b.overheads(python).build());
    // 4,096 sequences × 29.4 µs = 120 ms per iteration, longer than the GPU's step: the host sets the pace
    assertThat(gpu.tpotSeconds()).isLessThan(4096 * python.hostSecondsPerSequence());
    assertThat(host.tpotSeconds()).isCloseTo(4096 * python.hostSecondsPerSequence(), within(1e-12));
    assertThat(host.outputTokensPerSecond()).isLessThan(gpu.outputTokensPerSecond());
    assertThat(host.ttftSeconds()).isEqualTo(gpu.ttftSeconds());
    assertThat(host.assumptions()).anyMatch(a -> a.contains("host scheduling 29.4 µs per sequence")
        && a.contains("PR 10273") && a.contains("max(GPU, host)"));
    assertThat(gpu.assumptions()).anyMatch(a -> a.contains("no host scheduling cost per sequence"));
    // at batch 1 the GPU step is longer than 29 µs: nothing changes
    InferenceEstimate one = MODEL.estimate(b.batch(1).build());
    assertThat(one.tpotSeconds()).isEqualTo(MODEL.estimate(b.overheads(ServingOverheads.calibrated()).build()).tpotSeconds());
    // the steady state at a request rate is host-bound too: the iteration is at least the host step
    SteadyLoad load = MODEL.atRequestRate(b.overheads(python).build(), 50);
    assertThat(load.itlSeconds()).isGreaterThanOrEqualTo(load.concurrency() * python.hostSecondsPerSequence());
  }

  @Test
  void multiStepSchedulingDelaysTheFirstTokenByHalfAWindow() {
    // vLLM 0.6's --num-scheduler-steps n: a prompt waits for the n-iteration window in progress to end
    // (vLLM v0.6.0 release post, "Limitation of current optimizations"), half of it on average
    InferenceScenario s = scenario("llama-3.1-8b").inputTokens(202).outputTokens(194).build();
    SteadyLoad one = MODEL.atRequestRate(s, 4);
    SteadyLoad same = MODEL.atRequestRate(s, 4, 1);
    assertThat(same.ttftSeconds()).isEqualTo(one.ttftSeconds());
    assertThat(same.itlSeconds()).isEqualTo(one.itlSeconds());
    assertThat(same.concurrency()).isEqualTo(one.concurrency());
    SteadyLoad ten = MODEL.atRequestRate(s, 4, 10);
    // the window's wait is 4.5 iterations longer; a longer stay can only raise the concurrency and the iteration
    assertThat(ten.ttftSeconds()).isGreaterThanOrEqualTo(one.ttftSeconds() + 4.5 * one.itlSeconds());
    assertThat(ten.concurrency()).isGreaterThanOrEqualTo(one.concurrency());
    assertThat(ten.itlSeconds()).isGreaterThanOrEqualTo(one.itlSeconds());
    assertThat(ten.assumptions().get(0)).contains("half a window of 10 iterations");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MODEL.atRequestRate(s, 4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schedulerSteps");
  }

  @Test
  void separatePrefillIterationsRaiseTheIterationUnderLoad() {
    // s12n: vLLM V0 without chunked prefill / SGLang 0.3 without mixed chunks prefill in iterations of their
    // own, decoding paused (PrefillScheduling.SEPARATE)
    InferenceScenario s = scenario("llama-3.1-8b").inputTokens(202).outputTokens(194).build();
    SteadyLoad mixed = MODEL.atRequestRate(s, 8, 1);
    SteadyLoad same = MODEL.atRequestRate(s, 8, 1, PrefillScheduling.MIXED);
    assertThat(same.itlSeconds()).isEqualTo(mixed.itlSeconds());
    assertThat(same.ttftSeconds()).isEqualTo(mixed.ttftSeconds());
    assertThat(same.concurrency()).isEqualTo(mixed.concurrency());
    SteadyLoad separate = MODEL.atRequestRate(s, 8, 1, PrefillScheduling.SEPARATE);
    // each prefill pass reads the weights once more, with no decode step in it
    assertThat(separate.itlSeconds()).isGreaterThan(mixed.itlSeconds());
    assertThat(separate.concurrency()).isGreaterThanOrEqualTo(mixed.concurrency());
    assertThat(separate.assumptions().get(0)).contains("decoding paused");
    // the pauses grow with the arrival rate
    SteadyLoad faster = MODEL.atRequestRate(s, 16, 1, PrefillScheduling.SEPARATE);
    SteadyLoad fasterMixed = MODEL.atRequestRate(s, 16, 1);
    assertThat(faster.itlSeconds() / fasterMixed.itlSeconds())
        .isGreaterThan(separate.itlSeconds() / mixed.itlSeconds());
  }

  @Test
  void theHostCostPerSequenceIsValidated() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServingOverheads.builder().hostSecondsPerSequence(-1e-6).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hostSecondsPerSequence");
  }
  @Test
  void prefillAttentionRunsAtTheMeasuredFusedForwardRateWhereItWasMeasured() {
    // one 16,384-token prompt of Llama 3.1 8B: its causal attention at cuDNN's measured forward rate on
    // H100 (attention.csv: 539 TFLOP/s at 16k, head dimension 128), not at the GEMM curve's constant rate
    InferenceScenario s = scenario("llama-3.1-8b").batch(1).inputTokens(16384).outputTokens(1).build();
    InferenceEstimate e = MODEL.estimate(s);
    OperatorCost attention = e.prefill().operators().stream()
        .filter(o -> o.group() == OperatorGroup.ATTENTION).findFirst().orElseThrow();
    assertThat(attention.flops() / attention.seconds() / 1e12).isCloseTo(539, within(539 * 0.10));
    assertThat(e.assumptions()).anyMatch(a -> a.startsWith("prefill attention at the measured causal forward rate"));
    // a shorter prompt runs slower per FLOP (the kernel's tiles and the causal triangle)
    InferenceEstimate short2k = MODEL.estimate(s.toBuilder().inputTokens(2048).build());
    OperatorCost a2k = short2k.prefill().operators().stream()
        .filter(o -> o.group() == OperatorGroup.ATTENTION).findFirst().orElseThrow();
    assertThat(a2k.flops() / a2k.seconds()).isLessThan(attention.flops() / attention.seconds());
    // the A100 has fwd+bwd rows only: its prefill attention stays on the GEMM curve and says nothing
    InferenceScenario a100 = InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
        AcceleratorCatalog.bundled().get("a100-sxm-80gb")).batch(1).inputTokens(2048).outputTokens(1).build();
    assertThat(MODEL.estimate(a100).assumptions())
        .noneMatch(a -> a.startsWith("prefill attention at the measured causal forward rate"));
  }

  @Test
  void trtllmXqaDecodesChunkedLayersPerQueryHeadOnlyOffBlackwellAndFromTheChunkOn() {
    // TensorRT-LLM 1.0: XQA rejects chunked attention, so Hopper falls back to MMHA once max_seq_len
    // reaches Llama 4's 8,192-token chunk (pull request 6306 selects XQA below it); SM100 decodes with
    // trtllm-gen, which takes the chunk
    AcceleratorSpec b200 = AcceleratorCatalog.bundled().get("b200");
    for (AcceleratorSpec a : List.of(H100, b200)) {
      for (int[] len : new int[][] {{1000, 1000}, {6000, 2191}, {6000, 2192}, {20000, 2000}}) {
        InferenceScenario.Builder b = InferenceScenario.builder(ModelCatalog.bundled().get("llama-4-scout"), a)
            .tp(4).batch(16).inputTokens(len[0]).outputTokens(len[1]);
        double flash = MODEL.estimate(b.attention(InferenceAttentionKernel.FLASH).build()).tpotSeconds();
        InferenceEstimate xqa = MODEL.estimate(b.attention(InferenceAttentionKernel.TRTLLM_XQA).build());
        boolean mmha = a == H100 && len[0] + len[1] >= 8192;
        if (mmha) {
          assertThat(xqa.tpotSeconds()).as(a.id() + " " + len[0] + "/" + len[1]).isGreaterThan(flash);
        } else {
          assertThat(xqa.tpotSeconds()).as(a.id() + " " + len[0] + "/" + len[1]).isEqualTo(flash);
        }
        assertThat(String.join("\n", xqa.assumptions()))
            .contains(mmha ? "masked multi-head attention kernel" : "decode with the grouped-query kernels");
      }
    }
    // a model without chunked layers: the same as FLASH everywhere
    InferenceScenario.Builder dense = scenario("llama-3.1-8b").batch(16).inputTokens(20000).outputTokens(2000);
    assertThat(MODEL.estimate(dense.attention(InferenceAttentionKernel.TRTLLM_XQA).build()).tpotSeconds())
        .isEqualTo(MODEL.estimate(dense.attention(InferenceAttentionKernel.FLASH).build()).tpotSeconds());
  }

  // s12a: the batch ceiling was the command line's only; the library estimated a batch no GPU could hold
  @Test
  void aBatchBeyondWhatAGpuHoldsAtOneTokenOfKvCachePerSequenceIsRefused() {
    InferenceScenario s = scenario("llama-3.1-8b").inputTokens(1024).outputTokens(256).build();
    assertThatThrownBy(() -> MODEL.estimate(s.withBatch(2_000_000_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch 2,000,000,000: more sequences per GPU than one h100-sxm holds at one token of KV cache"
            + " each (at most 655,360: 80.00 GiB / 128.00 KiB per token per GPU); the largest batch that fits with"
            + " 1,024 + 256 tokens is 260");
    // at the ceiling: estimated, and reported as not fitting
    InferenceEstimate atCeiling = MODEL.estimate(s.withBatch(655_360));
    assertThat(atCeiling.fits()).isFalse();
    assertThat(atCeiling.maxBatchSize()).isEqualTo(260);
    assertThat(atCeiling.ttftSeconds()).isPositive().isFinite();
    assertThatThrownBy(() -> MODEL.estimate(s.withBatch(655_361))).hasMessageStartingWith("batch 655,361: ");
    // speculative decoding estimates the same batch first
    assertThatThrownBy(() -> MODEL.speculative(s.withBatch(655_361),
            SpeculativeDecoding.of(ModelCatalog.bundled().get("llama-3.2-1b"), 4, 0.7)))
        .hasMessageStartingWith("batch 655,361: ");
  }

  @Test
  void underAttentionDataParallelismTheCeilingCountsTheSequencesOfOneGpu() {
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"),
            AcceleratorCatalog.bundled().get("h200-sxm"))
        .tp(8).ep(8).attentionDataParallel(true).weights(QuantizationScheme.fp8())
        .inputTokens(1000).outputTokens(1000).build();
    InferenceEstimate one = MODEL.estimate(s);
    long ceiling = (long) Math.floor(one.memoryPerGpu().capacity().bytes()
        / (one.memoryPerGpu().kvCache().bytes() / 2000.0));
    assertThat(ceiling).isPositive().isLessThan(Integer.MAX_VALUE / 8);
    int atCeiling = (int) (8 * ceiling);
    assertThat(MODEL.estimate(s.withBatch(atCeiling)).fits()).isFalse();
    assertThatThrownBy(() -> MODEL.estimate(s.withBatch(atCeiling + 1)))
        .hasMessageContaining(String.format(Locale.ROOT,
            "more sequences per GPU (%,d: ⌈batch / tp⌉ with attention data parallelism)", ceiling + 1))
        .hasMessageContaining(String.format(Locale.ROOT, "(at most %,d: ", ceiling));
    // the engine's largest batch and what the library derives from it stay below the ceiling
    assertThat(MODEL.engineMaxBatch(s)).isLessThanOrEqualTo(atCeiling);
    assertThat(MODEL.throughputCurve(s)).isNotEmpty();
  }
}
