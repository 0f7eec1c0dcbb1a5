package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s24e: the maximum-throughput point of {@code infer --batch max} ({@link InferenceCostModel#maxThroughput}), an
 * offline run under the engine rule's limits, against the validation's mapping of a trtllm-bench row and its own
 * bookkeeping.
 */
class MaxThroughputTest {
  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final String ROW = "trt10-h100-sxm-llama-3.1-8b-tp1-fp8-1000-1000";

  private static InferenceScenario mixtral() {
    return InferenceScenario.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"), AcceleratorCatalog.bundled().get("h100-sxm")).tp(2)
        .weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).inputTokens(128).outputTokens(128).build();
  }

  /**
   * The validation's mapping of a TensorRT-LLM 1.0 perf-overview row (trt10-h100-sxm-llama-3.1-8b-tp1-fp8-1000-1000:
   * trtllm-bench's own limits from its heuristic, 3,000 requests, CUDA graphs padded to the overview's sizes, the
   * PyTorch backend's host loop) against {@code maxThroughput} on the same scenario (the host loop included): with
   * the same 3,000 requests the same run, to rounding (1e-12); with the default request count (10 per sequence of the
   * batch limit) within 2%, the run's length being the only difference (a longer run spreads the ramp and the drain
   * over more output).
   */
  @Test
  void agreesWithTheValidationMappingOfATrtllmBenchRow() {
    MultiSourceInferenceValidationTest.Compared c =
        MultiSourceInferenceValidationTest.map(MultiSourceInferenceValidationTest.read("inference-multi-source.csv")
                .stream().filter(x -> x.id().equals(ROW)).toList())
            .compared().get(0);
    OfflineRunEstimate mapped = c.offlineRun(MODEL);
    InferenceScenario s = c.scenario(MODEL, 1);
    MaxThroughputEstimate same = MODEL.maxThroughput(s, PrefillScheduling.MIXED, mapped.run().requests());
    MaxThroughputEstimate byDefault = MODEL.maxThroughput(s);
    System.out.printf(Locale.ROOT, "s24e: %s, published %.0f tok/s%n  validation mapping (%s): %.0f tok/s, in flight <= %d"
            + "%n  maxThroughput, %d requests: %.0f tok/s (%+.2f%%), in flight <= %d, TTFT %.2f s, TPOT %.2f ms%n"
            + "  maxThroughput, default %d requests: %.0f tok/s (%+.2f%%), in flight <= %d, TTFT %.2f s, TPOT %.2f ms%n",
        c.row().id(), c.row().value(), mapped.run(), mapped.outputTokensPerSecond(), mapped.maxInFlight(),
        same.requests(), same.outputTokensPerSecond(), 100 * (same.outputTokensPerSecond()
            / mapped.outputTokensPerSecond() - 1), same.maxInFlight(), same.meanTtftSeconds(),
        1e3 * same.meanTpotSeconds().orElseThrow(), byDefault.requests(), byDefault.outputTokensPerSecond(),
        100 * (byDefault.outputTokensPerSecond() / mapped.outputTokensPerSecond() - 1), byDefault.maxInFlight(),
        byDefault.meanTtftSeconds(), 1e3 * byDefault.meanTpotSeconds().orElseThrow());
    assertThat(same.outputTokensPerSecond()).isCloseTo(mapped.outputTokensPerSecond(),
        within(1e-12 * mapped.outputTokensPerSecond()));
    assertThat(same.maxInFlight()).isEqualTo(mapped.maxInFlight());
    assertThat(byDefault.outputTokensPerSecond()).isCloseTo(mapped.outputTokensPerSecond(),
        within(0.02 * mapped.outputTokensPerSecond()));
    assertThat(byDefault.requests()).isEqualTo(10 * MODEL.maxThroughputBatchLimit(s));
  }

  /** The run's figures are the offline run under the engine rule's limits, whose KV cache bounds the batch. */
  @Test
  void isTheOfflineRunUnderTheEngineRule() {
    InferenceScenario s = mixtral();
    MaxThroughputEstimate r = MODEL.maxThroughput(s);
    OfflineRun bench = OfflineRun.trtllmBench(1, s);
    int limit = Math.min(MODEL.engineMaxBatch(s, bench.maxNumTokens()), bench.maxBatchSize());
    assertThat(r.engineBatchLimit()).isEqualTo(limit).isEqualTo(MODEL.maxThroughputBatchLimit(s));
    assertThat(r.requests()).isEqualTo(InferenceCostModel.MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE * limit);
    assertThat(r.maxInFlight()).isLessThanOrEqualTo(limit);
    assertThat(r.meanBatch()).isLessThanOrEqualTo(limit);
    OfflineRunEstimate direct = MODEL.offlineRun(s, OfflineRun.trtllmBench(r.requests(), s)
        .withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES));
    assertThat(r.outputTokensPerSecond()).isEqualTo(direct.outputTokensPerSecond());
    // every request's input + output over the run's time
    assertThat(r.totalTokensPerSecond()).isCloseTo((double) r.requests() * (128 + 128) / r.seconds(),
        within(1e-9 * r.totalTokensPerSecond()));
    assertThat(r.totalTokensPerSecondPerGpu()).isCloseTo(r.totalTokensPerSecond() / 2, within(1e-9));
    assertThat(r.assumptions().get(0)).startsWith("maximum-throughput point (s24e): an offline run of "
        + String.format(Locale.ROOT, "%,d", r.requests()) + " requests").contains("trtllm-bench throughput sets them up");
  }

  /** One request alone: its first token ends the first iteration, its last the run, so TTFT + (n − 1) TPOT = run. */
  @Test
  void oneRequestsTtftAndTpotMakeTheRun() {
    InferenceScenario s = mixtral();
    for (PrefillScheduling p : PrefillScheduling.values()) {
      MaxThroughputEstimate r = MODEL.maxThroughput(s, p, 1);
      double tpot = r.meanTpotSeconds().orElseThrow();
      assertThat(r.meanTtftSeconds() + 127 * tpot).as(p.name()).isCloseTo(r.seconds(), within(1e-9 * r.seconds()));
      assertThat(r.meanTtftSeconds()).as(p.name()).isPositive().isLessThan(r.seconds());
    }
    // more requests than the batch holds wait in the queue: the mean TTFT grows with the run
    MaxThroughputEstimate full = MODEL.maxThroughput(s);
    assertThat(full.meanTtftSeconds()).isGreaterThan(10 * MODEL.maxThroughput(s, PrefillScheduling.MIXED, 1)
        .meanTtftSeconds());
    // one output token: no TPOT
    assertThat(MODEL.maxThroughput(s.toBuilder().outputTokens(1).build()).meanTpotSeconds()).isEmpty();
  }

  /** Pipeline stages run TensorRT-LLM's in-flight batching: its TTFT and TPOT come from the stages' timeline. */
  @Test
  void pipelinedRunHasTtftAndTpot() {
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-70b"), AcceleratorCatalog.bundled().get("h100-sxm")).tp(2)
        .pp(2).weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).inputTokens(1000).outputTokens(1000).build();
    MaxThroughputEstimate r = MODEL.maxThroughput(s);
    assertThat(r.offlineRun().run().capturedCudaGraphBatchSizes()).isEmpty();
    assertThat(r.meanTtftSeconds()).isPositive().isLessThan(r.seconds());
    assertThat(r.meanTpotSeconds().orElseThrow()).isPositive();
    MaxThroughputEstimate one = MODEL.maxThroughput(s, PrefillScheduling.MIXED, 1);
    assertThat(one.meanTtftSeconds() + 999 * one.meanTpotSeconds().orElseThrow()).isCloseTo(one.seconds(),
        within(1e-9 * one.seconds()));
  }

  @Test
  void refusesWhatItDoesNotModel() {
    InferenceScenario s = mixtral();
    assertThatThrownBy(() -> MODEL.maxThroughput(s, PrefillScheduling.MIXED, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("requests must be at least 1, was 0");
    InferenceScenario pp = s.toBuilder().pp(2).build();
    assertThatThrownBy(() -> MODEL.maxThroughput(pp, PrefillScheduling.SEPARATE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pp 2: the maximum-throughput run");
    InferenceScenario huge = InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-405b"), AcceleratorCatalog.bundled().get("h100-sxm"))
        .inputTokens(128).outputTokens(128).build();
    assertThatThrownBy(() -> MODEL.maxThroughput(huge)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maximum throughput: not one sequence of 128 + 128 tokens of llama-3.1-405b fits");
  }
}
