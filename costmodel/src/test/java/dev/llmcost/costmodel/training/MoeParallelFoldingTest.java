package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/**
 * Expert parallelism folded apart from attention tensor parallelism (Liu et al. 2025,
 * arXiv:2504.14960): EP 64 over TP 2 × DP 32 with ETP 1 for DeepSeek-V3 (256 routed experts of
 * 3 × 7168 × 2048 parameters in 58 MoE layers).
 */
class MoeParallelFoldingTest {

  static final AcceleratorSpec H800 = AcceleratorCatalog.bundled().get("h800");
  static final ModelArchitecture DEEPSEEK_V3 = ModelCatalog.bundled().get("deepseek-v3");

  static TrainingJob.Builder job(int ep, int etp) {
    return TrainingJob.builder(DEEPSEEK_V3, Cluster.of(H800, 64))
        .parallelism(Parallelism.builder().dp(32).tp(2).ep(ep).etp(etp).sequenceParallel(true).build())
        .sequenceLength(4096)
        .globalBatchSize(64)
        .recompute(Recompute.FULL);
  }

  @Test
  void megatronsDefaultExpertTensorParallelismIsTheAttentionTp() {
    Parallelism p = Parallelism.builder().dp(32).tp(2).ep(32).sequenceParallel(true).build();
    assertThat(p.etp()).isEqualTo(2);
    assertThat(p.expertDataParallel()).isEqualTo(1);
    Parallelism folded = p.withExpertTensorParallel(1).withExpertParallel(64);
    assertThat(folded.expertDataParallel()).isEqualTo(1);
    assertThat(folded.toString()).isEqualTo("dp=32 tp=2 pp=1 cp=1 ep=64 etp=1 v=1 sp");
  }

  @Test
  void epTimesEtpMustDivideTheStagesRanks() {
    assertThatThrownBy(() -> Parallelism.builder().dp(32).tp(2).ep(64).etp(4).sequenceParallel(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ep × etp must divide tp × cp × dp (64), was 64 × 4");
    assertThatThrownBy(() -> Parallelism.builder().dp(32).tp(2).ep(64).sequenceParallel(true).build())
        .hasMessage("ep must divide dp × cp (32), was 64");
    assertThatThrownBy(() -> Parallelism.builder().dp(32).tp(2).ep(64).etp(0).sequenceParallel(true).build())
        .hasMessage("etp must be > 0, was 0");
    ModelArchitecture gpt2 = ModelCatalog.bundled().get("gpt2");
    assertThatThrownBy(() -> TrainingJob.builder(gpt2, Cluster.of(H800, 8)).sequenceLength(1024)
            .parallelism(Parallelism.builder().dp(4).tp(2).etp(1).sequenceParallel(true).build()).build())
        .hasMessage("etp must equal tp (2) for a dense model (gpt2), was 1");
    assertThatThrownBy(() -> job(64, 1).expertLoadImbalance(0.9).build())
        .hasMessage("expertLoadImbalance must be >= 1, was 0.9");
  }

  @Test
  void expertWeightsPerGpuAreTheExpertsOverEpTimesEtp() {
    long expert = 3L * 7168 * 2048;
    double ep64 = TrainingCostModel.calibrated().estimate(job(64, 1).build()).memory().weights().bytes();
    double ep32 = TrainingCostModel.calibrated().estimate(job(32, 1).build()).memory().weights().bytes();
    double ep32etp2 = TrainingCostModel.calibrated().estimate(job(32, 2).build()).memory().weights().bytes();
    // bf16 weights: 2 bytes × 58 layers × 256 experts × (1/32 − 1/64)
    assertThat(ep32 - ep64).isCloseTo(2.0 * 58 * 256 * expert * (1.0 / 32 - 1.0 / 64), within(2.0));
    assertThat(ep32etp2).isCloseTo(ep64, within(2.0));
  }

  @Test
  void foldingKeepsTheModelFlopsAndSplitsTheSameExpertWork() {
    TrainingEstimate folded = TrainingCostModel.calibrated().estimate(job(64, 1).build());
    TrainingEstimate megatron = TrainingCostModel.calibrated().estimate(job(32, 2).build());
    assertThat(folded.modelFlopsPerToken()).isEqualTo(megatron.modelFlopsPerToken());
    assertThat(folded.assumptions()).anyMatch(a -> a.contains("expert tensor parallelism 1 folded apart from tp 2"));
    assertThat(megatron.assumptions()).anyMatch(a -> a.contains("expert tensor parallelism 2 (Megatron's default, = tp)"));
  }

  @Test
  void routingImbalanceSlowsTheExpertGemmsAndTheAllToAll() {
    TrainingEstimate balanced = TrainingCostModel.calibrated().estimate(job(64, 1).build());
    TrainingEstimate skewed = TrainingCostModel.calibrated().estimate(job(64, 1).expertLoadImbalance(1.5).build());
    // bytes grow 1.5×; the per-step latency does not, so the time grows by less (measured NCCL latency)
    assertThat(skewed.time().expertParallel()).isGreaterThan(1.25 * balanced.time().expertParallel());
    // the slowest stage (which the compute figure describes) may change; the step can only slow down
    assertThat(skewed.stepSeconds()).isGreaterThan(balanced.stepSeconds());
    assertThat(skewed.modelFlopsPerToken()).isEqualTo(balanced.modelFlopsPerToken());
    assertThat(balanced.assumptions()).anyMatch(a -> a.startsWith("balanced expert routing assumed (imbalance 1.0"));
    assertThat(skewed.assumptions()).anyMatch(a -> a.startsWith("routing imbalance 1.50"));
  }
  @Test
  void aRunsTableRowMayFoldExpertParallelismOverTheTensorParallelRanks() {
    // Megatron-Bridge's H100 Qwen3-235B-A22B recipe: TP 2 PP 8 on 256 GPUs (DP 16) with EP 32 and
    // expert_tensor_parallel_size 1 (s12f); the row loads only with its etp, never under the default etp = tp
    String header = "id,model,accelerator,gpus,gpus_per_node,dp,tp,pp,vpp,cp,ep,etp,sp,global_batch,micro_batch,seq,"
        + "recompute,precision,zero,tokens_per_second_per_gpu\n";
    String row = "folded,qwen3-235b-a22b,h100-sxm,256,8,16,2,8,4,1,32,%s,true,2048,1,4096,none,fp8,1,1575\n";
    java.util.function.BiFunction<String, Integer, java.util.Optional<ModelArchitecture>> models =
        (id, seq) -> java.util.Optional.of(ModelCatalog.bundled().get(id));
    Parallelism p = TrainingRuns.parse("test", header + row.formatted("1"), models).get(0).job().parallelism();
    assertThat(p.ep()).isEqualTo(32);
    assertThat(p.etp()).isEqualTo(1);
    assertThat(p.expertDataParallel()).isEqualTo(1);
    assertThatThrownBy(() -> TrainingRuns.parse("test", header + row.formatted(""), models))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ep must divide dp × cp (16), was 32");
  }
}
