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
 * s22e: the memory of the continuous-batching steady state ({@link InferenceCostModel#steadyMaxBatch}), traced for
 * DeepSeek-R1-0528 FP8 on 4 x B200 at InferenceX's 8k/1k lengths (means 7,373 + 922), where the static batch's rule
 * held 7 sequences and SGLang ran 32 (inference-multi-source.md, "## s22e").
 */
class SteadyStateMemoryTest {
  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  /**
   * The block-FP8 checkpoint's bytes without its multi-token-prediction layer 61 (loaded only for speculative
   * decoding; TensorRT-LLM's InferenceX script sets {@code TLLM_OVERRIDE_LAYER_NUM=61}), summed over the tensors of
   * deepseek-ai/DeepSeek-R1 (the same shapes and dtypes as -0528; config.json {@code quantization_config}
   * block 128 x 128): float8_e4m3fn weights with a float32 {@code weight_scale_inv} per 128 x 128 block, bf16
   * embeddings, lm_head, norms and routers, float32 {@code e_score_correction_bias}. The sum over all 163 shards
   * with layer 61 is 688,574,839,360 bytes (641.29 GiB) and 684,531,386,000 elements, the totals a public per-tensor
   * listing of the DeepSeek-R1 checkpoint states (163 safetensors files, 91,991 tensors, 641.30 GiB of files; found
   * as stored reference text, its repository not identified): the shapes and dtypes summed here are its rows.
   */
  static final long CHECKPOINT_BYTES_WITHOUT_MTP = 673_150_611_808L;

  /**
   * What SGLang holds on each of 4 GPUs of that checkpoint: the tensor-parallel layers split four ways, and replicated
   * on every rank the {@code fused_qkv_a_proj_with_mqa} (q_a_proj and kv_a_proj_with_mqa, a {@code ReplicatedLinear},
   * python/sglang/srt/models/deepseek_v2.py), the norms and the routers ({@code gate}, replicated): 1.06 GiB of
   * the checkpoint on every rank, 169,141,628,128 bytes per GPU in all.
   */
  static final long SGLANG_TP4_BYTES_PER_GPU = 169_141_628_128L;

  private static InferenceScenario b200Tp4(double reserve) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"), AcceleratorCatalog.bundled().get("b200"))
        .tp(4)
        .weights(QuantizationScheme.fp8())
        .kvCache(DType.FP8_E4M3)
        .inputTokens(7373)
        .outputTokens(922)
        .batch(1)
        .memoryReserveFraction(reserve)
        .build();
  }

  @Test
  void theWeightsAndTheLatentCacheAreTheCheckpointsAndTheEnginesNotTheCause() {
    InferenceEstimate one = MODEL.estimate(b200Tp4(InferenceScenario.DEFAULT_RESERVE));
    long weights = one.memoryPerGpu().weights().bytes();
    System.out.printf(Locale.ROOT, "s22e: deepseek-v3 fp8 tp 4 weights per GPU %,d B (%.2f GiB); checkpoint without"
        + " layer 61 / 4 = %,d B; SGLang's share with its replicated parts %,d B; KV per token per GPU %,d B%n",
        weights, weights / (double) (1L << 30), CHECKPOINT_BYTES_WITHOUT_MTP / 4, SGLANG_TP4_BYTES_PER_GPU,
        one.kvCachePerTokenPerGpu().bytes());
    assertThat((double) weights).isCloseTo(SGLANG_TP4_BYTES_PER_GPU, within(0.005 * SGLANG_TP4_BYTES_PER_GPU));
    // SGLang's MLA cell per token: (kv_lora_rank 512 + qk_rope_head_dim 64) x 61 layers x 1 byte (fp8_e4m3), on every
    // rank (ModelRunnerKVCacheMixin.get_cell_size_per_token divides no MLA term by the attention TP size)
    assertThat(one.kvCachePerTokenPerGpu().bytes()).isEqualTo(576L * 61);
  }

  @Test
  void theSteadyStateHoldsMoreThanTheStaticBatchWhichPrefillsEveryPromptAtOnce() {
    InferenceScenario s = b200Tp4(InferenceScenario.DEFAULT_RESERVE);
    int sstatic = MODEL.maxBatchSize(s);
    int steady = MODEL.steadyMaxBatch(s);
    System.out.printf(Locale.ROOT, "s22e: reserve 0.10: static batch %d, steady state %d%n", sstatic, steady);
    assertThat(sstatic).isEqualTo(7);
    assertThat(steady).isGreaterThan(sstatic);
    // the steady state is its own memory's: the KV cache alone of what it holds fits after the weights and the
    // reserve, with room for one iteration's activations (a prompt of 7,373 tokens and the decode tokens) and no more
    InferenceMemory one = MODEL.estimate(s).memoryPerGpu();
    double left = one.capacity().bytes() - one.weights().bytes() - one.reserve().bytes();
    double perSeq = 35_136.0 * (7373 + 922);
    assertThat(steady).isLessThanOrEqualTo((int) Math.floor(left / perSeq))
        .isGreaterThanOrEqualTo((int) Math.floor((left - 2 * one.activations().bytes()) / perSeq));
    // a request rate that puts more than the static batch in flight is not saturated
    SteadyLoad load = MODEL.atRequestRate(s, 0.6);
    assertThat(load.concurrency()).isGreaterThan(sstatic);
    assertThat(load.saturated()).isFalse();
    System.out.printf(Locale.ROOT, "s22e: 0.6 req/s: %d in flight%n", load.concurrency());
  }

  @Test
  void atSglangsMemFractionStaticTheSteadyStateHoldsWhatTheEnginesKvCacheHolds() {
    // InferenceX benchmarks/single_node/dsr1_fp8_b200.sh @ d4948f9937, TP 4: --mem-fraction-static 0.95
    InferenceScenario base = b200Tp4(InferenceScenario.DEFAULT_RESERVE);
    InferenceEstimate one = MODEL.estimate(base);
    long tokens = MODEL.sglangKvCacheTokens(base, 0.95);
    double kv = (double) tokens * one.kvCachePerTokenPerGpu().bytes();
    double capacity = one.memoryPerGpu().capacity().bytes();
    double reserve = 1 - (one.memoryPerGpu().weights().bytes() + kv) / capacity;
    int steady = MODEL.steadyMaxBatch(b200Tp4(reserve));
    long engine = tokens / (7373 + 922);
    System.out.printf(Locale.ROOT, "s22e: SGLang 0.95: %,d KV tokens per GPU, %d sequences of 8,295; reserve %.4f;"
        + " steady state %d%n", tokens, engine, reserve, steady);
    assertThat(steady).isGreaterThanOrEqualTo(32).isLessThanOrEqualTo((int) engine);
    // the one iteration's activations, counted in the steady state and kept by SGLang in its 5%, cost at most 2
    assertThat(engine - steady).isLessThanOrEqualTo(2);
  }

  @Test
  void theEnginesKvCacheBytesAreItsSequencesRuleInBytes() {
    InferenceScenario s = b200Tp4(InferenceScenario.DEFAULT_RESERVE);
    double perSeq = 35_136.0 * (7373 + 922);
    assertThat(MODEL.engineKvCacheBytes(s, 8192, InferenceCostModel.ENGINE_KV_SHARE) / perSeq)
        .isEqualTo(MODEL.engineKvCacheSequences(s, 8192));
    assertThat(MODEL.engineKvCacheBytes(s, 8320, 0.75)).isLessThan(MODEL.engineKvCacheBytes(s, 8320, 0.8));
    assertThatThrownBy(() -> MODEL.engineKvCacheBytes(s, 0, 0.8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxNumTokensPerRank");
    assertThatThrownBy(() -> MODEL.engineKvCacheBytes(s, 8192, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("freeGpuMemoryFraction");
    assertThatThrownBy(() -> MODEL.engineKvCacheBytes(s, 8192, 1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("freeGpuMemoryFraction");
  }
}
