package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import org.junit.jupiter.api.Test;

class OfflineRunTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static InferenceScenario qwen(String accelerator, int in, int out, ServingOverheads o) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"),
            AcceleratorCatalog.bundled().get(accelerator))
        .weights(QuantizationScheme.nvfp4())
        .kvCache(DType.FP8_E4M3)
        .inputTokens(in)
        .outputTokens(out)
        .batch(1)
        .overheads(o)
        .build();
  }

  @Test
  void trtllmBenchLimitsFollowItsHeuristic() {
    // tuning.py finetune_setting: batch rounded up to 256 above 1,024; tokens to 256 below 4,096
    OfflineRun a = OfflineRun.trtllmBench(3000, 1692, 1000, 1000);
    assertThat(a.maxBatchSize()).isEqualTo(1792);
    assertThat(a.maxNumTokens()).isEqualTo(3584);
    // capped at 4,096 sequences; 4,096 x 2 = 8,192 tokens
    OfflineRun b = OfflineRun.trtllmBench(30000, 13000, 128, 128);
    assertThat(b.maxBatchSize()).isEqualTo(4096);
    assertThat(b.maxNumTokens()).isEqualTo(8192);
    // small: at least 64 sequences and 2,048 tokens, then at least one prompt + the batch (no chunking)
    OfflineRun c = OfflineRun.trtllmBench(1000, 50, 20000, 2000);
    assertThat(c.maxBatchSize()).isEqualTo(64);
    assertThat(c.maxNumTokens()).isEqualTo(20064);
  }

  @Test
  void trtllmBenchSizesTheWholeGroupAsTensorRtLlm10Does() {
    // Llama 4 Maverick FP8 on eight H100s with attention DP (tuning.py calc_engine_setting): NVML's
    // 79.65 GiB (85.5 GB) x 8 - 401.6e9 elements x 1 B = 282.6 GB; x 0.95 / (2 x 48 layers x max(8, 8)
    // heads x 128 x 1 B x 2,000 tokens = 196.6 MB) = 1,365 requests for the group; max_batch_size 1,536
    // (rounded up to 256) and max_num_tokens 2,816 (2,730 up to 256); both per rank under attention DP
    // (infer9a computed 1,344, 1,536 and 2,816 by hand from the same code)
    InferenceScenario maverick = InferenceScenario.builder(ModelCatalog.bundled().get("llama-4-maverick"),
            AcceleratorCatalog.bundled().get("h100-sxm"))
        .tp(8).ep(8).attentionDataParallel(true).expertCommunication(ExpertCommunication.ALL_GATHER)
        .weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).inputTokens(1000).outputTokens(1000).batch(1)
        .build();
    double fit = OfflineRun.trtllmBenchRequestsThatFit(maverick);
    OfflineRun run = OfflineRun.trtllmBench(3000, maverick);
    System.out.printf("Maverick H100 TP8: %.0f requests fit by trtllm-bench's estimate; %s%n", fit, run);
    assertThat(fit).isBetween(1300.0, 1400.0);
    assertThat(run.maxBatchSize()).isEqualTo(1536);
    assertThat(run.maxNumTokens()).isEqualTo(2816);
    assertThat(run.maxBatchSize()).isGreaterThan(MODEL.engineMaxBatch(maverick) / 8);
    // the same model on one GPU does not fit: trtllm-bench raises an error, so does this
    InferenceScenario one = maverick.toBuilder().tp(1).ep(1).attentionDataParallel(false).build();
    assertThatThrownBy(() -> OfflineRun.trtllmBench(3000, one)).hasMessageContaining("fits no request");
    // NVFP4 checkpoints count a packed weight matrix as half its parameters (plus one FP8 scale per 16)
    // at 0.5 B each: Qwen3-30B-A3B on one B200 at 2048/128, about 1,630 requests: max_batch_size 1,792,
    // max_num_tokens 1,630 x 17 = 27,700 rounded up to 1,024
    InferenceScenario q = qwen("b200", 2048, 128, ServingOverheads.calibrated());
    OfflineRun r = OfflineRun.trtllmBench(3000, q);
    System.out.printf("Qwen3-30B-A3B B200 2048/128: %.0f requests fit; %s%n", OfflineRun.trtllmBenchRequestsThatFit(q), r);
    assertThat(OfflineRun.trtllmBenchRequestsThatFit(q)).isBetween(1600.0, 1700.0);
    assertThat(r.maxBatchSize()).isEqualTo(1792);
    assertThat(r.maxNumTokens()).isEqualTo(28672);
    assertThatThrownBy(() -> OfflineRun.trtllmBench(1, 0.5, 1, 1, 1)).hasMessageContaining("requestsThatFit");
    assertThatThrownBy(() -> OfflineRun.trtllmBench(1, 10, 0, 1, 1)).hasMessageContaining("pp");
  }

  @Test
  void theKvCacheIsSizedAfterTheProfilingForwardWhoseMoeWorkspaceSpansEveryGatheredToken() {
    // Llama 4 Maverick FP8 on eight H100s, attention data parallel, TensorRT-LLM's all-gather fallback
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("llama-4-maverick"),
            AcceleratorCatalog.bundled().get("h100-sxm"))
        .tp(8).ep(8).attentionDataParallel(true).expertCommunication(ExpertCommunication.ALL_GATHER)
        .weights(QuantizationScheme.fp8()).kvCache(DType.FP8_E4M3).inputTokens(1000).outputTokens(1000).batch(1)
        .build();
    int small = MODEL.engineMaxBatch(s, 2048);
    int large = MODEL.engineMaxBatch(s, 8192);
    assertThat(MODEL.engineMaxBatch(s)).isEqualTo(large);
    // 6,144 more tokens on each rank: per rank token 75,776 B (hidden 5,120 + the dense FFN's 2 x 16,384
    // outputs, 16-bit); per gathered token (8 ranks) 32,768 (gate/up, 16-bit) + 8,192 (activation, fp8)
    // + 10,240 (down, 16-bit) + 5,120 x 3 (gathered input, output) = 66,560 B: 3.74 GB per GPU, x 0.95
    // / 196.6 MB per 2,000-token sequence = 18 sequences per rank
    assertThat((small - large) / 8).isBetween(17, 19);
    assertThatThrownBy(() -> MODEL.engineMaxBatch(s, 0)).hasMessageContaining("maxNumTokensPerRank");
  }

  @Test
  void theAllReduceWorkspaceIsTakenBeforeTheKvCacheOnEveryGpuOfATensorParallelGroup() {
    // CustomAllReduceHelper.allocate_allreduce_fusion_workspace: size x tp + 256 x tp + 3 x size x tp,
    // size 16e6 up to two GPUs, 8e6 above (max_workspace_size_auto)
    assertThat(InferenceCostModel.engineAllReduceWorkspaceBytes(1)).isZero();
    assertThat(InferenceCostModel.engineAllReduceWorkspaceBytes(2)).isEqualTo(128_000_512L);
    assertThat(InferenceCostModel.engineAllReduceWorkspaceBytes(4)).isEqualTo(128_001_024L);
    assertThat(InferenceCostModel.engineAllReduceWorkspaceBytes(8)).isEqualTo(256_002_048L);
    assertThatThrownBy(() -> InferenceCostModel.engineAllReduceWorkspaceBytes(0)).hasMessageContaining("tp");
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> OfflineRun.of(0, 1, 1)).hasMessageContaining("requests");
    assertThatThrownBy(() -> OfflineRun.of(1, 0, 1)).hasMessageContaining("maxBatchSize");
    assertThatThrownBy(() -> OfflineRun.trtllmBench(1, 0, 1, 1)).hasMessageContaining("kvCapacityPerRank");
    InferenceScenario s = qwen("b200", 1000, 100, ServingOverheads.calibrated());
    assertThatThrownBy(() -> MODEL.offlineRun(s, OfflineRun.of(10, 8, 512))).hasMessageContaining("maxNumTokens");
  }

  @Test
  void cudaGraphPaddingCapturesTheSizesTheEngineDoes() {
    // max_batch_size 512, max_num_tokens 2,048: the perf-overview's sizes up to 512
    OfflineRun a = OfflineRun.of(3000, 512, 2048)
        .withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES);
    assertThat(a.capturedCudaGraphBatchSizes()).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256, 384, 512);
    assertThat(a.paddedDecodeBatch(404)).isEqualTo(512);
    assertThat(a.paddedDecodeBatch(257)).isEqualTo(384);
    assertThat(a.paddedDecodeBatch(256)).isEqualTo(256);
    assertThat(a.paddedDecodeBatch(0)).isZero();
    // max_batch_size 1,536 (not a listed size): padded to 1,536 instead of 2,048 (_filter_cuda_graph_batch_sizes)
    OfflineRun b = OfflineRun.of(3000, 1536, 2816)
        .withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES);
    assertThat(b.capturedCudaGraphBatchSizes()).endsWith(512, 1024, 1536);
    assertThat(b.paddedDecodeBatch(1100)).isEqualTo(1536);
    // max_num_tokens below max_batch_size bounds the largest decode-only batch; above it, no graph, no padding
    OfflineRun c = OfflineRun.of(3000, 4096, 1000)
        .withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES);
    assertThat(c.capturedCudaGraphBatchSizes()).endsWith(512, 1000);
    assertThat(c.paddedDecodeBatch(1200)).isEqualTo(1200);
    // without padding every batch runs at its size
    assertThat(OfflineRun.of(3000, 512, 2048).paddedDecodeBatch(300)).isEqualTo(300);
    assertThat(a).isNotEqualTo(OfflineRun.of(3000, 512, 2048));
    assertThat(a.toString()).contains("CUDA-graph");
    assertThatThrownBy(() -> OfflineRun.of(1, 1, 1).withCudaGraphPadding(java.util.List.of(4, 2)))
        .hasMessageContaining("ascending");
    assertThatThrownBy(() -> OfflineRun.of(1, 1, 1).withCudaGraphPadding(java.util.List.of(0, 2)))
        .hasMessageContaining("at least 1");
  }

  @Test
  void beforePullRequest4843TheMaxBatchSizeHasNoGraphAndLargerDecodeIterationsRunEagerly() {
    // v0.20's model engine: the listed sizes up to min(max_batch_size 3,072, max_num_tokens 3,584), no bound added
    OfflineRun old = OfflineRun.of(3000, 3072, 3584)
        .withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES, false);
    assertThat(old.capturedCudaGraphBatchSizes()).endsWith(512, 1024, 2048);
    assertThat(old.paddedDecodeBatch(1500)).isEqualTo(2048);
    assertThat(old.decodesEagerly(2048)).isFalse();
    assertThat(old.paddedDecodeBatch(2175)).isEqualTo(2175);
    assertThat(old.decodesEagerly(2175)).isTrue();
    assertThat(old.toString()).contains("run eagerly");
    // with pull request 4843 the bound is captured and nothing above the listed sizes runs eagerly
    OfflineRun now = OfflineRun.of(3000, 3072, 3584)
        .withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES);
    assertThat(now.capturedCudaGraphBatchSizes()).endsWith(1024, 2048, 3072);
    assertThat(now.decodesEagerly(2175)).isFalse();
    assertThat(now).isNotEqualTo(old).isEqualTo(OfflineRun.of(3000, 3072, 3584)
        .withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES, true));
    assertThat(now.hashCode()).isNotEqualTo(old.hashCode());
    // without padding no iteration counts as eager for its size (no graphs are listed)
    assertThat(OfflineRun.of(3000, 3072, 3584).decodesEagerly(3000)).isFalse();
    // the eager decode iterations pay the eager pass's host time: an MoE model on the PyTorch backend's host loop
    InferenceScenario s = qwen("b200", 128, 2048, ServingOverheads.calibrated().pythonScheduler(HostCpu.X86));
    OfflineRun base = OfflineRun.of(3000, 3072, 3584);
    OfflineRunEstimate eager = MODEL.offlineRun(s, base
        .withCudaGraphPadding(java.util.List.of(1, 2, 4, 8, 16, 32, 64), false));
    OfflineRunEstimate plain = MODEL.offlineRun(s, base);
    // the same schedule and GPU work above 64 sequences; each such decode iteration adds the eager launch
    assertThat(eager.iterations()).isEqualTo(plain.iterations());
    assertThat(eager.seconds()).isGreaterThan(plain.seconds());
    assertThat(eager.hostBoundIterations()).isGreaterThan(plain.hostBoundIterations());
  }

  @Test
  void paddedDecodeIterationsCostTheirPaddedGemms() {
    InferenceScenario s = qwen("b200", 1000, 1000, ServingOverheads.calibrated());
    OfflineRun run = OfflineRun.trtllmBench(3000, s);
    OfflineRunEstimate plain = MODEL.offlineRun(s, run);
    OfflineRunEstimate padded =
        MODEL.offlineRun(s, run.withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES));
    // the same schedule, every decode-only iteration at least as long
    assertThat(padded.iterations()).isEqualTo(plain.iterations());
    assertThat(padded.seconds()).isGreaterThan(plain.seconds());
    assertThat(String.join(" ", padded.assumptions())).contains("CUDA graph padded");
    // padding to the sizes themselves changes nothing where every batch is one of them
    OfflineRun every = OfflineRun.of(300, 64, 4096)
        .withCudaGraphPadding(java.util.stream.IntStream.rangeClosed(1, 64).boxed().toList());
    assertThat(MODEL.offlineRun(s, every).seconds())
        .isCloseTo(MODEL.offlineRun(s, OfflineRun.of(300, 64, 4096)).seconds(), within(1e-9));
  }

  @Test
  void aLongRunWithoutHostCostApproachesTheStaticBatchAtTheSameLimit() {
    InferenceScenario s = qwen("b200", 128, 128, ServingOverheads.calibrated());
    int cap = MODEL.engineMaxBatch(s);
    OfflineRunEstimate run = MODEL.offlineRun(s, OfflineRun.of(200_000, cap, 1 << 20));
    double stat = MODEL.estimate(s.withBatch(cap)).outputTokensPerSecond();
    assertThat(run.outputTokensPerSecond() / stat).isCloseTo(1.0, within(0.10));
    assertThat(run.hostBoundIterations()).isZero();
    assertThat(run.meanBatch()).isLessThanOrEqualTo(cap);
  }

  @Test
  void separatePrefillIterationsPauseDecodingAndLowerTheThroughput() {
    // s12n: vLLM V0 / SGLang 0.3 prefill in iterations of their own (PrefillScheduling.SEPARATE)
    InferenceScenario s = qwen("b200", 200, 200, ServingOverheads.calibrated());
    OfflineRun mixed = OfflineRun.of(3000, 256, 4096);
    OfflineRun separate = mixed.withPrefillScheduling(PrefillScheduling.SEPARATE);
    assertThat(mixed.prefillScheduling()).isEqualTo(PrefillScheduling.MIXED);
    assertThat(separate).isNotEqualTo(mixed);
    assertThat(separate.toString()).contains("decoding paused");
    OfflineRunEstimate m = MODEL.offlineRun(s, mixed);
    OfflineRunEstimate p = MODEL.offlineRun(s, separate);
    // every output token is still produced, in more iterations, each prefill one carrying no decode step
    assertThat(p.outputTokens()).isEqualTo(m.outputTokens());
    assertThat(p.iterations()).isGreaterThan(m.iterations());
    assertThat(p.outputTokensPerSecond()).isLessThan(m.outputTokensPerSecond());
    // MIXED given explicitly is the default run, to the bit
    OfflineRunEstimate again = MODEL.offlineRun(s, mixed.withPrefillScheduling(PrefillScheduling.MIXED));
    assertThat(again.seconds()).isEqualTo(m.seconds());
    assertThat(again.iterations()).isEqualTo(m.iterations());
    // with lengths per request too, and one-token outputs leave right after their prefill
    int[] in = new int[500];
    int[] out = new int[500];
    for (int i = 0; i < in.length; i++) {
      in[i] = 50 + (i * 37) % 400;
      out[i] = 1 + (i * 53) % 300;
    }
    OfflineRun small = OfflineRun.of(500, 128, 4096);
    OfflineRunEstimate dm = MODEL.offlineRun(s, small, in, out);
    OfflineRunEstimate dp = MODEL.offlineRun(s, small.withPrefillScheduling(PrefillScheduling.SEPARATE), in, out);
    assertThat(dp.outputTokens()).isEqualTo(dm.outputTokens());
    assertThat(dp.outputTokensPerSecond()).isLessThan(dm.outputTokensPerSecond());
  }

  @Test
  void sglangsAdmissionOvercommitsItsKvCacheAndRetracts() {
    // s13l: SGLang 0.3.0's scheduler (OfflineAdmission.SGLANG_NEW_TOKEN_RATIO), Llama 3.1 8B BF16 on one A100
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            AcceleratorCatalog.bundled().get("a100-sxm-80gb"))
        .inputTokens(202)
        .outputTokens(194)
        .batch(1)
        .build();
    assertThat(OfflineAdmission.sglang030DefaultMemFractionStatic(1)).isEqualTo(0.88);
    assertThat(OfflineAdmission.sglang030DefaultMemFractionStatic(4)).isEqualTo(0.85);
    assertThat(OfflineAdmission.sglang030DefaultMemFractionStatic(8)).isEqualTo(0.83);
    assertThat(OfflineAdmission.sglang030DefaultMemFractionStatic(16)).isEqualTo(0.79);
    // profile_max_num_token: mem_fraction_static x T - weights, over 32 layers x 8 KV heads x 128 x 2 x 2 bytes
    InferenceMemory mem = MODEL.estimate(s).memoryPerGpu();
    long kv = MODEL.sglangKvCacheTokens(s, 0.88);
    double hand = (0.88 * InferenceCostModel.ENGINE_VISIBLE_MEMORY * mem.capacity().bytes() - mem.weights().bytes())
        / (32.0 * 8 * 128 * 2 * 2);
    assertThat((double) kv).isCloseTo(hand, within(1.0));
    assertThat(MODEL.sglangKvCacheTokens(s, 0.80)).isLessThan(kv);

    OfflineRun separate = OfflineRun.of(5000, Integer.MAX_VALUE, 8192).withPrefillScheduling(PrefillScheduling.SEPARATE);
    OfflineRun sglang = separate.withSglangAdmission(0.88);
    assertThat(sglang.admission()).isEqualTo(OfflineAdmission.SGLANG_NEW_TOKEN_RATIO);
    assertThat(separate.admission()).isEqualTo(OfflineAdmission.RESERVE_WHOLE_SEQUENCE);
    assertThat(sglang).isNotEqualTo(separate).isEqualTo(separate.withSglangAdmission(0.88));
    assertThat(sglang).isNotEqualTo(separate.withSglangAdmission(0.85));
    assertThat(sglang.toString()).contains("SGLang 0.3.0").contains("0.88");
    // and back: the default admission undoes it, keeping the prefill scheduling
    assertThat(sglang.withDefaultAdmission()).isEqualTo(separate);
    assertThat(sglang.withDefaultAdmission().admission()).isEqualTo(OfflineAdmission.RESERVE_WHOLE_SEQUENCE);
    OfflineRunEstimate e = MODEL.offlineRun(s, sglang);
    System.out.println("sglang 0.3.0 admission, 8B A100 202/194 x 5000: " + e.outputTokensPerSecond() + " tok/s; "
        + e.assumptions().get(0));
    assertThat(e.outputTokens()).isEqualTo(5000L * 194);
    // new requests reserve their whole output but running ones only ratio x the rest (0.7 at the start), so more
    // start than the whole-sequence reservation holds (kv / 396), within max_running_requests (2,047: the
    // request pool of max(kv / 131,072 x 512, 2,048) slots), and equal outputs run the cache out: retraction
    assertThat(e.maxInFlight()).isGreaterThan(kv / 396).isLessThanOrEqualTo(2047);
    assertThat(e.assumptions().get(0)).containsPattern("max_running_requests 2047;")
        .containsPattern("decode steps retracted [1-9]\\d* requests");
    // the same lengths given per request run the same loop
    int[] in = new int[5000];
    int[] out = new int[5000];
    java.util.Arrays.fill(in, 202);
    java.util.Arrays.fill(out, 194);
    assertThat(MODEL.offlineRun(s, sglang, in, out).seconds()).isEqualTo(e.seconds());

    assertThatThrownBy(() -> sglang.withPrefillScheduling(PrefillScheduling.MIXED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefillScheduling");
    assertThatThrownBy(() -> separate.withSglangAdmission(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memFractionStatic");
    assertThatThrownBy(() -> separate.withSglangAdmission(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(separate::memFractionStatic).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> OfflineAdmission.sglang030DefaultMemFractionStatic(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tp");
    assertThatThrownBy(() -> MODEL.offlineRun(s, sglang.withSglangAdmission(0.15)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KV cache");
  }

  @Test
  void theHostLoopBindsSmallExpertsOnGraceMoreThanOnX86() {
    ServingOverheads base = ServingOverheads.calibrated();
    InferenceScenario x86 = qwen("b200", 1000, 1000, base.pythonScheduler(HostCpu.X86));
    InferenceScenario grace = qwen("gb200", 1000, 1000, base.pythonScheduler(HostCpu.of(grace())));
    InferenceScenario none = qwen("gb200", 1000, 1000, base);
    OfflineRun run = OfflineRun.trtllmBench(3000, MODEL.engineMaxBatch(none), 1000, 1000);
    OfflineRunEstimate g = MODEL.offlineRun(grace, run);
    OfflineRunEstimate n = MODEL.offlineRun(none, run);
    OfflineRunEstimate x = MODEL.offlineRun(x86, OfflineRun.trtllmBench(3000, MODEL.engineMaxBatch(x86), 1000, 1000));
    assertThat(g.outputTokensPerSecond()).isLessThan(0.6 * n.outputTokensPerSecond());
    assertThat(g.outputTokensPerSecond()).isLessThan(x.outputTokensPerSecond());
    assertThat(g.hostBoundIterations()).isGreaterThan(g.iterations() / 2);
    assertThat(g.prefillIterations()).isPositive().isLessThanOrEqualTo(g.iterations());
    assertThat(g.assumptions().get(0)).startsWith("offline run");
    assertThat(String.join(" ", g.assumptions())).contains("per MoE layer");
  }

  @Test
  void hostCpuOfTheCatalog() {
    assertThat(HostCpu.of(grace())).isEqualTo(HostCpu.GRACE);
    assertThat(HostCpu.of(AcceleratorCatalog.bundled().get("b200"))).isEqualTo(HostCpu.X86);
    assertThat(HostCpu.of(AcceleratorCatalog.bundled().get("h100-sxm"))).isEqualTo(HostCpu.X86);
  }

  @Test
  void pythonSchedulerOnEachHost() {
    ServingOverheads x = ServingOverheads.calibrated().pythonScheduler(HostCpu.X86);
    ServingOverheads g = ServingOverheads.calibrated().pythonScheduler(HostCpu.GRACE);
    assertThat(g.hostSecondsPerSequence()).isEqualTo(ServingOverheads.TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE);
    assertThat(g.hostSecondsPerSequence() / x.hostSecondsPerSequence())
        .isCloseTo(ServingOverheads.GRACE_HOST_SLOWDOWN, within(1e-12));
    assertThat(g.hostSecondsPerEagerMoeLayer() / x.hostSecondsPerEagerMoeLayer())
        .isCloseTo(ServingOverheads.GRACE_HOST_SLOWDOWN, within(1e-12));
    assertThat(x).isNotEqualTo(g);
    assertThat(x.toString()).contains("hostSecondsPerEagerMoeLayer");
    assertThatThrownBy(() -> ServingOverheads.builder().hostSecondsPerEagerMoeLayer(-1).build())
        .hasMessageContaining("hostSecondsPerEagerMoeLayer");
  }

  private static dev.llmcost.core.hardware.AcceleratorSpec grace() {
    return AcceleratorCatalog.bundled().get("gb200");
  }
}
