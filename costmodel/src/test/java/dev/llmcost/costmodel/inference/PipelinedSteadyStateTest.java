package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * The continuous-batching steady state with pipeline parallelism (s14o): TensorRT-LLM keeps {@code pp} micro-batches
 * of disjoint sequences in flight, one per stage ({@code mNumMicroBatches = pipelineParallelism}, {@code
 * mInflightReqIds}: cpp/tensorrt_llm/batch_manager/trtGptModelInflightBatching.cpp, NVIDIA/TensorRT-LLM at commit
 * 00825c4ee813bdc5eb2e5cf218b644b8c18ce2ec), so a sequence's next token comes {@code pp} stage passes of its
 * micro-batch later, not {@code pp} passes of the whole concurrency.
 */
class PipelinedSteadyStateTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static InferenceScenario llama405b(int pp) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-405b"),
            AcceleratorCatalog.bundled().get("b200"))
        .tp(2)
        .pp(pp)
        .weights(QuantizationScheme.nvfp4())
        .kvCache(DType.FP8_E4M3)
        .inputTokens(100)
        .outputTokens(2000)
        .batch(1)
        .build();
  }

  /**
   * With long outputs the steady iteration carries almost no prompt (b / (2 · 2,000) prompts of 100 tokens per
   * micro-batch), so the time between a sequence's tokens is the decode step of {@link InferenceCostModel#decodeStep}
   * at the concurrency, which already runs {@code min(pp, b)} micro-batches, at the mean context {@code 100 + 1,000}.
   */
  @Test
  void tokensComePpPassesOfTheirMicroBatchApart() {
    InferenceScenario s = llama405b(2);
    SteadyLoad load = MODEL.atRequestRate(s, 3.0);
    assertThat(load.saturated()).as(load.toString()).isFalse();
    assertThat(load.concurrency()).isGreaterThan(64);
    double step = MODEL.decodeStep(s.withBatch(load.concurrency()), 1100).seconds();
    assertThat(load.itlSeconds()).isCloseTo(step, Percentage.withPercentage(3));
  }

  /** One sequence in flight is one micro-batch: its tokens cross both stages one after the other. */
  @Test
  void oneSequenceIsOneMicroBatch() {
    InferenceScenario s = llama405b(2);
    SteadyLoad load = MODEL.atRequestRate(s, 1e-4);
    assertThat(load.concurrency()).isEqualTo(1);
    double step = MODEL.decodeStep(s.withBatch(1), 1100).seconds();
    assertThat(load.itlSeconds()).isCloseTo(step, Percentage.withPercentage(3));
  }
}
