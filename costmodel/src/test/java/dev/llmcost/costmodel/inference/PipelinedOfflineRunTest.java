package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The offline run with pipeline-parallel micro-batches and chunked context (s13s), TensorRT-LLM's in-flight
 * batching: {@link InferenceCostModel#offlineRun(InferenceScenario, OfflineRun, int[], int[])} at {@code pp > 1}
 * or with {@link OfflineRun#withChunkedContext}.
 */
class PipelinedOfflineRunTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static InferenceScenario llama405b(int pp, int in, int out) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-405b"),
            AcceleratorCatalog.bundled().get("b200"))
        .tp(2)
        .pp(pp)
        .weights(QuantizationScheme.nvfp4())
        .kvCache(DType.FP8_E4M3)
        .inputTokens(in)
        .outputTokens(out)
        .batch(1)
        .build();
  }

  /**
   * One request through two stages: nothing overlaps, so each token is the pass of both stages, one after the
   * other, and the scheduler sees the request again two micro-batches later (the one between runs empty). The run
   * is its prefill pass twice plus the decode iterations of {@link InferenceCostModel#decodeStep}, which costs a
   * decode iteration as {@code pp} passes of the slowest stage.
   */
  @Test
  void oneRequestCrossesEveryStageForEachToken() {
    int in = 512;
    int out = 64;
    InferenceScenario s = llama405b(2, in, out);
    OfflineRunEstimate r = MODEL.offlineRun(s, OfflineRun.of(1, 128, 1536));
    assertThat(r.iterations()).isEqualTo(2L * (out - 1) + 1);
    double decode = 0;
    for (int j = 1; j < out; j++) {
      decode += MODEL.decodeStep(s.withBatch(1), in + j).seconds();
    }
    assertThat(r.seconds()).isGreaterThan(decode);
    // the run less a run of the prompt alone (its first token) is the decode iterations, within the attention
    // table's interpolation
    OfflineRunEstimate single = MODEL.offlineRun(llama405b(2, in, 1), OfflineRun.of(1, 128, 1536));
    assertThat(r.seconds() - single.seconds()).isCloseTo(decode, org.assertj.core.data.Percentage.withPercentage(1));
  }

  /** Many requests: the stages overlap, so two stages serve more than one request's pipeline latency allows. */
  @Test
  void microBatchesKeepBothStagesBusy() {
    InferenceScenario s = llama405b(2, 100, 500);
    OfflineRunEstimate one = MODEL.offlineRun(s, OfflineRun.of(1, 128, 1536));
    OfflineRunEstimate many = MODEL.offlineRun(s, OfflineRun.of(256, 128, 1536));
    assertThat(many.outputTokens()).isEqualTo(256L * 500);
    // disjoint micro-batches of up to 128 each: more than one micro-batch's worth in flight
    assertThat(many.maxInFlight()).isGreaterThan(128);
    assertThat(many.outputTokensPerSecond()).isGreaterThan(50 * one.outputTokensPerSecond());
  }

  /** Chunked context: a prompt longer than the budget is served in chunks of the chunk unit. */
  @Test
  void longPromptsArePrefilledInChunks() {
    InferenceScenario s = llama405b(2, 9000, 100);
    assertThatThrownBy(() -> MODEL.offlineRun(s, OfflineRun.of(4, 128, 1536)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prompts are not chunked");
    OfflineRun chunked = OfflineRun.of(4, 128, 1536).withChunkedContext(32);
    OfflineRunEstimate r = MODEL.offlineRun(s, chunked);
    assertThat(r.outputTokens()).isEqualTo(400);
    // 36,000 prompt tokens at most 1,536 per micro-batch
    assertThat(r.prefillIterations()).isGreaterThanOrEqualTo((long) Math.ceil(36000 / 1536.0));
    assertThat(r.assumptions().get(0)).contains("multiples of 32 tokens").contains("pp 2");
    // the same at pp 1 runs too (chunked prefill in one micro-batch)
    OfflineRunEstimate flat = MODEL.offlineRun(llama405b(1, 9000, 100).toBuilder().tp(4).build(), chunked);
    assertThat(flat.outputTokens()).isEqualTo(400);
  }

  /** pp 1 without chunking is the unchanged simulation: the same figure by either entry point. */
  @Test
  void ppOneWithoutChunkingIsUnchanged() {
    InferenceScenario s = llama405b(1, 1000, 100).toBuilder().tp(4).build();
    OfflineRun run = OfflineRun.of(64, 128, 2048);
    OfflineRunEstimate r = MODEL.offlineRun(s, run);
    assertThat(r.assumptions().get(0)).startsWith("offline run (trtllm-bench throughput)");
    int[] in = new int[64];
    int[] out = new int[64];
    Arrays.fill(in, 1000);
    Arrays.fill(out, 100);
    assertThat(MODEL.offlineRun(s, run, in, out).assumptions().get(0)).startsWith("offline run (trtllm-bench");
  }

  @Test
  void refusesWhatThePipelinedRunDoesNotModel() {
    InferenceScenario s = llama405b(2, 1000, 100);
    assertThatThrownBy(() -> MODEL.offlineRun(s, OfflineRun.of(4, 128, 2048)
        .withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pp 2");
    assertThatThrownBy(() -> MODEL.offlineRun(s, OfflineRun.of(4, 128, 2048)
        .withPrefillScheduling(PrefillScheduling.SEPARATE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pp 2");
    assertThatThrownBy(() -> OfflineRun.of(4, 128, 2048).withChunkedContext(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokensPerBlock");
    assertThatThrownBy(() -> OfflineRun.of(4, 128, 2048).withChunkedContext(32)
        .withPrefillScheduling(PrefillScheduling.SEPARATE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunked context");
  }
}
