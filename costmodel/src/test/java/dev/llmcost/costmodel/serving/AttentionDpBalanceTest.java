package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.AttentionDpBalance;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.OfflineRun;
import dev.llmcost.costmodel.inference.OfflineRunEstimate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s15a: attention data parallelism in lock step and TensorRT-LLM's attention-DP balancing in the serving simulator.
 */
class AttentionDpBalanceTest {

  @Test
  void badSettingsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> AttentionDpBalance.enabled(0, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeoutIters").hasMessageContaining("0");
    assertThatThrownBy(() -> AttentionDpBalance.enabled(9, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchingWaitIters")
        .hasMessageContaining("-1");
    assertThat(AttentionDpBalance.tensorRtLlmDefault())
        .isEqualTo(new AttentionDpBalance(false, 50, 10));
  }

  @Test
  void anEngineWithoutAttentionDataParallelismIgnoresTheSetting() {
    ServingSimulation off = ServingSimulatorTest.load(12, 120).build();
    ServingSimulation on = off.toBuilder().attentionDpBalance(AttentionDpBalance.enabled(9, 3)).build();
    SimulationResult a = ServingSimulator.calibrated().simulate(off);
    SimulationResult b = ServingSimulator.calibrated().simulate(on);
    assertThat(b.ttft().mean()).isEqualTo(a.ttft().mean());
    assertThat(b.tpot().mean()).isEqualTo(a.tpot().mean());
    assertThat(b.steps()).isEqualTo(a.steps());
    assertThat(b.assumptions()).isEqualTo(a.assumptions());
  }

  /**
   * The workload of TensorRT-LLM's ADP-balance blog (docs/source/blogs/tech_blog/blog10_ADP_Balance_Strategy.md,
   * NVIDIA/TensorRT-LLM @ 011cfc2c): DeepSeek V3 on 8 × GB200, attention DP 8 + EP 8, 16,000 requests of 803 input
   * and 3,653 output tokens on average, all queued; measured 25,664 tok/s round-robin (balance ratio 54.11%) and
   * 34,140 tok/s with balancing ({@code timeout_iters=50}, {@code batching_wait_iters=10}), 1.33×. A mechanism check,
   * not a validation row: the blog states neither the weights' precision nor the engine's limits nor the lengths'
   * distribution. Taken here: NVFP4 weights with an FP8 KV cache, 512 sequences and 4,608 tokens per rank (the
   * MLPerf v5.1 DeepSeek-R1 Offline configs' gpu_batch_size and max_num_tokens), lengths uniform around the
   * blog's means (its outputs are long-tailed).
   */
  @Test
  void theAdpBalanceBlogsWorkloadRunsFasterWithBalancing() {
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"),
            AcceleratorCatalog.bundled().get("gb200"))
        .tp(8).ep(8).attentionDataParallel(true)
        .weights(QuantizationScheme.nvfp4()).kvCache(DType.FP8_E4M3)
        .build();
    ServingSimulation roundRobin = ServingSimulation.builder(s)
        .requestsPerSecond(16_000)
        .durationSeconds(1)
        .input(LengthDistribution.uniform(2, 1604))
        .output(LengthDistribution.uniform(2, 7304))
        .maxNumSeqs(8 * 512)
        .maxBatchedTokens(8 * 4608)
        .seed(10)
        .build();
    ServingSimulation balanced = roundRobin.toBuilder()
        .attentionDpBalance(AttentionDpBalance.enabled(AttentionDpBalance.DEFAULT_TIMEOUT_ITERS,
            AttentionDpBalance.DEFAULT_BATCHING_WAIT_ITERS))
        .build();
    SimulationResult a = ServingSimulator.calibrated().simulate(roundRobin);
    SimulationResult b = ServingSimulator.calibrated().simulate(balanced);
    System.out.printf(Locale.ROOT, "ADP-balance blog workload (%d requests, DeepSeek-V3 NVFP4, GB200 DP 8 + EP 8):"
        + " balancing off %.0f tok/s (%d steps, mean TTFT %.1f s), on %.0f tok/s (%d steps, mean TTFT %.1f s):"
        + " %.3f× (blog: 25,664 -> 34,140 tok/s, 1.330×)%n", a.completed(), a.outputTokensPerSecond(), a.steps(),
        a.ttft().mean(), b.outputTokensPerSecond(), b.steps(), b.ttft().mean(),
        b.outputTokensPerSecond() / a.outputTokensPerSecond());
    assertThat(a.completed()).isEqualTo(a.requests() - a.rejected());
    assertThat(b.completed()).isEqualTo(b.requests() - b.rejected());
    // the mechanism's direction: holding contexts until every rank has one makes the run faster
    assertThat(b.outputTokensPerSecond()).isGreaterThan(a.outputTokensPerSecond());
    assertThat(b.assumptions()).anyMatch(l -> l.startsWith("attention-DP balancing on"));
    assertThat(a.assumptions()).anyMatch(l -> l.startsWith("attention-DP balancing off"));
  }

  @Test
  void theOfflineRunUnderAttentionDataParallelismRunsInLockStepAndCountsTheBalancing() {
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"),
            AcceleratorCatalog.bundled().get("b200"))
        .tp(8).ep(8).attentionDataParallel(true)
        .weights(QuantizationScheme.nvfp4()).kvCache(DType.FP8_E4M3)
        .inputTokens(800).outputTokens(400)
        .build();
    int n = 2000;
    int[] in = new int[n];
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      in[i] = 200 + (i * 37) % 1200;
      out[i] = 50 + (i * 53) % 700;
    }
    OfflineRun run = OfflineRun.of(n, 64, 4608);
    InferenceCostModel m = InferenceCostModel.calibrated();
    OfflineRunEstimate off = m.offlineRun(s, run, in, out);
    OfflineRunEstimate on = m.offlineRun(s, run.withAttentionDpBalance(AttentionDpBalance.enabled(9, 3)), in, out);
    System.out.printf(Locale.ROOT, "offline run, DeepSeek-V3 DP 8 + EP 8, %d requests of mixed lengths: balancing off"
        + " %.0f tok/s, on (9, 3) %.0f tok/s%n%s%n", n, off.outputTokensPerSecond(), on.outputTokensPerSecond(),
        on.assumptions().get(1));
    assertThat(off.assumptions().get(1)).startsWith("attention data parallelism in lock step (s15a)")
        .contains("attention-DP balancing off");
    assertThat(on.assumptions().get(1)).contains("attention-DP balancing on").contains("iterations held");
    assertThat(on.outputTokensPerSecond()).isNotEqualTo(off.outputTokensPerSecond());
    // an engine without attention data parallelism runs as before: the setting is not used
    InferenceScenario tp = s.toBuilder().attentionDataParallel(false).build();
    assertThat(m.offlineRun(tp, run.withAttentionDpBalance(AttentionDpBalance.enabled(9, 3)), in, out)
        .outputTokensPerSecond()).isEqualTo(m.offlineRun(tp, run, in, out).outputTokensPerSecond());
  }
}
