package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

class TrainingJobValidationTest {

  static final AcceleratorSpec A100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
  static final ModelArchitecture GPT2 = ModelCatalog.bundled().get("gpt2");

  static TrainingJob.Builder job(ModelArchitecture m, int gpus) {
    return TrainingJob.builder(m, Cluster.of(A100, gpus)).sequenceLength(1024);
  }

  @Test
  void messagesNameTheFieldAndTheValue() {
    assertThatThrownBy(() -> job(GPT2, 8).parallelism(Parallelism.builder().dp(1).tp(8).pp(1).sequenceParallel(true).build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tp must divide heads (12), was 8");
    assertThatThrownBy(() -> TrainingJob.builder(ModelCatalog.bundled().get("llama-3.2-3b"), Cluster.of(A100, 12, 4)).parallelism(Parallelism.builder().dp(1).tp(12).pp(1).sequenceParallel(true).build()).build())
        .hasMessage("tp must divide kv heads (8) or be a multiple of them, was 12");
    assertThatThrownBy(() -> job(GPT2, 16).parallelism(Parallelism.builder().dp(2).tp(2).pp(2).sequenceParallel(true).build()).build())
        .hasMessage("gpus (16) must equal dp × tp × pp × cp = 2 × 2 × 2 × 1 = 8");
    assertThatThrownBy(() -> job(GPT2, 8).globalBatchSize(12).microBatchSize(1).build())
        .hasMessage("globalBatchSize must be a multiple of microBatchSize × dp (1 × 8 = 8), was 12");
    // s11i: micro-batch × dp past the int range was printed (and compared) overflowed, as -1179869184
    assertThatThrownBy(() -> job(GPT2, 8).globalBatchSize(64).microBatchSize(2_000_000_000).build())
        .hasMessage("globalBatchSize must be a multiple of microBatchSize × dp (2000000000 × 8 = 16000000000), was 64");
    assertThatThrownBy(() -> job(GPT2, 16).parallelism(Parallelism.builder().dp(1).tp(1).pp(16).build()).build())
        .hasMessage("pp must be <= layers (12), was 16");
    assertThatThrownBy(() -> job(GPT2, 8).parallelism(Parallelism.builder().dp(2).tp(1).pp(4).build().withVirtualStages(4)).build())
        .hasMessage("virtualStages must be <= 3 for 12 layers on 4 stages (a chunk of one layer or more; only the first"
            + " stage's first and the last stage's last may hold none), was 4");
    assertThatThrownBy(() -> job(GPT2, 8).parallelism(Parallelism.builder().dp(2).pp(4).virtualStages(3).build()).globalBatchSize(6).build())
        .hasMessage("micro-batches per step (3) must be a multiple of pp (4) for the interleaved schedule, was 3");
    assertThatThrownBy(() -> job(GPT2, 8).sequenceLength(1022).parallelism(Parallelism.builder().dp(2).cp(4).build())
            .globalBatchSize(8).build())
        .hasMessage("cp must divide sequenceLength (1022), was 4");
    assertThatThrownBy(() -> job(GPT2, 8).parallelism(Parallelism.builder().dp(8).ep(2).build()).build())
        .hasMessage("ep must be 1 for a dense model (gpt2), was 2");
    assertThatThrownBy(() -> job(GPT2, 8).sequenceLength(2048).build())
        .hasMessage("sequenceLength must be <= the learned position table of gpt2 (1024), was 2048");
    assertThatThrownBy(() -> job(GPT2, 8).precision(PrecisionRecipe.FP8_MIXED).build())
        .hasMessageStartingWith("accelerator a100-sxm-80gb has no dense fp8_e4m3 peak");
    assertThatThrownBy(() -> job(GPT2, 8).pue(0.9).build()).hasMessage("pue must be >= 1, was 0.9");
    assertThatThrownBy(() -> job(GPT2, 8).memoryReserveFraction(1).build())
        .hasMessage("memoryReserveFraction must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> job(GPT2, 8).pricePerGpuHour(Money.usd("-1")).build())
        .hasMessage("pricePerGpuHour must be >= 0, was USD -1");
    assertThatThrownBy(() -> job(GPT2, 8).microBatchSize(0).build()).hasMessage("microBatchSize must be > 0, was 0");
    assertThatThrownBy(() -> job(GPT2, 8).shardGroupSize(4).build())
        .hasMessage("shardGroupSize needs a ZeRO stage >= 1, was 4");
    assertThatThrownBy(() -> job(GPT2, 8).zero(ZeroStage.PARAMETERS).shardGroupSize(3).build())
        .hasMessage("shardGroupSize must divide dp × cp (8), was 3");
    assertThatThrownBy(() -> Parallelism.builder().dp(4).ep(3).build()).hasMessage("ep must divide dp × cp (4), was 3");
    assertThatThrownBy(() -> Parallelism.builder().dp(0).build()).hasMessage("dp must be > 0, was 0");
    assertThatThrownBy(() -> ZeroStage.of(4)).hasMessage("zero must be 0, 1, 2 or 3, was 4");
    assertThatThrownBy(() -> Recompute.parse("some")).hasMessage("recompute must be none, selective, full or op_selective, was \"some\"");
    assertThatThrownBy(() -> PrecisionRecipe.parse("bf8")).hasMessageStartingWith("precision must be one of fp32, tf32, bf16");
    assertThatThrownBy(() -> Optimizer.parse("rmsprop")).hasMessageStartingWith("optimizer must be adamw");
    assertThatThrownBy(() -> Cluster.of(A100, 12)).hasMessage("gpus must be a multiple of the 8 GPUs per node of a100-sxm-80gb, was 12");
  }

  @Test
  void encoderModelsTrainAsMaskedLanguageModelsWithBidirectionalAttention() {
    ModelArchitecture bert = ModelCatalog.bundled().get("bert-base-uncased");
    TrainingEstimate plain = TrainingCostModel.calibrated().estimate(job(bert, 8).sequenceLength(512).build());
    TrainingEstimate askedCausal =
        TrainingCostModel.calibrated().estimate(job(bert, 8).sequenceLength(512).causalAttentionFlops(true).build());
    // an encoder's attention is never halved, whatever the accounting switch says
    assertThat(askedCausal.modelFlopsPerToken()).isEqualTo(plain.modelFlopsPerToken());
    assertThat(plain.assumptions()).anyMatch(a -> a.contains("masked-language-model pre-training"));
  }
}
