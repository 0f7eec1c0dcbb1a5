package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.model.Attention;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.ParameterCounts;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An offline benchmark run of an in-flight batching engine: a number of requests of equal lengths
 * all queued at once, served under the engine's scheduler limits (the largest number of sequences
 * in flight and the largest number of tokens one iteration may carry, per rank), prompts not
 * chunked unless {@link #withChunkedContext} says so, each admitted request reserving its whole KV cache. This is how {@code trtllm-bench
 * throughput} runs TensorRT-LLM's performance-overview tables. Estimated by {@link
 * InferenceCostModel#offlineRun}.
 */
public final class OfflineRun {
  private final int requests;
  private final int maxBatchSize;
  private final int maxNumTokens;
  private final String settings;
  private final int[] cudaGraphBatchSizes;
  private final PrefillScheduling prefillScheduling;
  private final OfflineAdmission admission;
  private final double memFractionStatic;
  private final int chunkUnit;
  private final AttentionDpBalance attentionDpBalance;
  private final boolean graphAtMaxBatch;
  // the captured sizes, worked out once: the offline run reads them every iteration
  private final int[] captured;

  private OfflineRun(int requests, int maxBatchSize, int maxNumTokens, String settings) {
    this(requests, maxBatchSize, maxNumTokens, settings, new int[0], PrefillScheduling.MIXED);
  }

  private OfflineRun(int requests, int maxBatchSize, int maxNumTokens, String settings, int[] cudaGraphBatchSizes,
      PrefillScheduling prefillScheduling) {
    this(requests, maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes, prefillScheduling,
        OfflineAdmission.RESERVE_WHOLE_SEQUENCE, Double.NaN);
  }

  private OfflineRun(int requests, int maxBatchSize, int maxNumTokens, String settings, int[] cudaGraphBatchSizes,
      PrefillScheduling prefillScheduling, OfflineAdmission admission, double memFractionStatic) {
    this(requests, maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes, prefillScheduling, admission,
        memFractionStatic, 0);
  }

  private OfflineRun(int requests, int maxBatchSize, int maxNumTokens, String settings, int[] cudaGraphBatchSizes,
      PrefillScheduling prefillScheduling, OfflineAdmission admission, double memFractionStatic, int chunkUnit) {
    this(requests, maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes, prefillScheduling, admission,
        memFractionStatic, chunkUnit, AttentionDpBalance.tensorRtLlmDefault(), true);
  }

  private OfflineRun(int requests, int maxBatchSize, int maxNumTokens, String settings, int[] cudaGraphBatchSizes,
      PrefillScheduling prefillScheduling, OfflineAdmission admission, double memFractionStatic, int chunkUnit,
      AttentionDpBalance attentionDpBalance, boolean graphAtMaxBatch) {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1, was " + requests);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
    }
    if (maxNumTokens < 1) {
      throw new IllegalArgumentException("maxNumTokens must be at least 1, was " + maxNumTokens);
    }
    this.requests = requests;
    this.maxBatchSize = maxBatchSize;
    this.maxNumTokens = maxNumTokens;
    this.settings = settings;
    this.cudaGraphBatchSizes = cudaGraphBatchSizes;
    this.prefillScheduling = prefillScheduling;
    this.admission = admission;
    this.memFractionStatic = memFractionStatic;
    this.chunkUnit = chunkUnit;
    this.attentionDpBalance = attentionDpBalance;
    this.graphAtMaxBatch = graphAtMaxBatch;
    this.captured = captured(cudaGraphBatchSizes, Math.min(maxBatchSize, maxNumTokens), graphAtMaxBatch);
  }

  /**
   * The CUDA-graph batch sizes of TensorRT-LLM 1.0's performance overview, padding on: both option
   * files its commands pass ({@code llm_options.yml} for dense and for MoE models,
   * docs/source/performance/perf-overview.md at commit 00f37686) set {@code cuda_graph_config:
   * enable_padding: true} with these {@code batch_sizes}.
   */
  public static final List<Integer> PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES =
      List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 384, 512, 1024, 2048, 4096, 8192);

  /**
   * Returns this run with the PyTorch backend's CUDA graphs padded to the given batch sizes ({@code
   * cuda_graph_config: enable_padding: true, batch_sizes: ...}), as TensorRT-LLM's model engine
   * applies them (tensorrt_llm/_torch/pyexecutor/model_engine.py, {@code
   * _filter_cuda_graph_batch_sizes} and {@code _get_padded_batch}; cuda_graph_runner.py after the
   * runner was split out, the same rules, in versions before and after 1.0):
   *
   * <ul>
   *   <li>The graphs captured are the sizes up to {@code min(max_batch_size, max_num_tokens)} (the
   *       largest decode-only batch), and that bound itself when a given size exceeds it (NVIDIA/
   *       TensorRT-LLM pull request 4843, for the perf team's fixed list with trtllm-bench's tuned
   *       {@code max_batch_size}).
   *   <li>An iteration without a prompt whose batch is at most the largest captured size runs the
   *       graph of the next size up: dummy generation requests fill it, and every GEMM, the output
   *       head and every collective run over the padded batch (their attention reads one token's
   *       KV). Under attention data parallelism all ranks pad to the largest rank's batch, rounded
   *       up so. An iteration that prefills, or a larger batch, runs eagerly at its own size.
   * </ul>
   *
   * @param batchSizes the sizes, ascending, each at least 1; none: no padding
   * @return the run
   * @throws IllegalArgumentException if a size is below 1 or the sizes are not ascending
   */
  public OfflineRun withCudaGraphPadding(List<Integer> batchSizes) {
    return withCudaGraphPadding(batchSizes, true);
  }

  /**
   * Returns this run with the PyTorch backend's CUDA graphs padded to the given batch sizes as {@link
   * #withCudaGraphPadding(List)} says, where {@code capturesMaxBatchSize} tells whether the engine also captures the
   * bound {@code min(max_batch_size, max_num_tokens)} when a given size exceeds it. Versions before NVIDIA/
   * TensorRT-LLM pull request 4843 (opened 2025-06-02, after the 0.20 release branch: TensorRT-LLM 0.20.0) do not:
   * their model engine keeps only the given sizes not above {@code max_num_tokens} and {@code max_batch_size}
   * ({@code bs <= self.max_num_tokens and bs <= self.batch_size}, {@code _max_cuda_graph_batch_size} the largest of
   * them; the lines that pull request removes from tensorrt_llm/_torch/pyexecutor/model_engine.py), so a
   * decode-only iteration above the largest kept size is not padded and finds no graph ({@code
   * _maybe_get_cuda_graph}: "batch_size not in self._cuda_graph_batch_sizes") and runs eagerly ({@link
   * #decodesEagerly}). The pull request's own description: with the perf team's fixed list and trtllm-bench's
   * tuned {@code max_batch_size}, "any requests running at the max batch size will not be able to reap the benefits
   * of CUDA graphs".
   *
   * @param batchSizes the sizes, ascending, each at least 1; none: no padding
   * @param capturesMaxBatchSize whether the bound is captured where a given size exceeds it (pull request 4843)
   * @return the run
   * @throws IllegalArgumentException if a size is below 1 or the sizes are not ascending
   */
  public OfflineRun withCudaGraphPadding(List<Integer> batchSizes, boolean capturesMaxBatchSize) {
    int[] v = new int[batchSizes.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = batchSizes.get(i);
      if (v[i] < 1 || i > 0 && v[i] <= v[i - 1]) {
        throw new IllegalArgumentException(
            "CUDA graph batch sizes must be ascending and at least 1, were " + batchSizes);
      }
    }
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, settings, v, prefillScheduling, admission,
        memFractionStatic, chunkUnit, attentionDpBalance, capturesMaxBatchSize);
  }

  /**
   * Returns this run under another prefill scheduling ({@link PrefillScheduling}): {@link
   * PrefillScheduling#MIXED} (the default) admits prompts into the decode iterations; {@link
   * PrefillScheduling#SEPARATE} runs them in iterations of their own, decoding paused, each within
   * {@link #maxNumTokens()} prompt tokens per rank (vLLM V0's {@code max_num_batched_tokens} without
   * chunked prefill, SGLang's prefill-batch token bound).
   *
   * @param scheduling the policy
   * @return the run
   */
  public OfflineRun withPrefillScheduling(PrefillScheduling scheduling) {
    java.util.Objects.requireNonNull(scheduling, "scheduling");
    if (admission == OfflineAdmission.SGLANG_NEW_TOKEN_RATIO && scheduling != PrefillScheduling.SEPARATE) {
      throw new IllegalArgumentException("prefillScheduling must be SEPARATE under SGLang 0.3.0's admission"
          + " (its prefill batches run instead of a decode step), was " + scheduling);
    }
    if (chunkUnit > 0 && scheduling != PrefillScheduling.MIXED) {
      throw new IllegalArgumentException("prefillScheduling must be MIXED with chunked context (TensorRT-LLM's"
          + " in-flight batching carries prompt chunks with the decode tokens), was " + scheduling);
    }
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes, scheduling, admission,
        memFractionStatic, chunkUnit, attentionDpBalance, graphAtMaxBatch);
  }

  /**
   * Returns this run under SGLang 0.3.0's scheduler ({@link OfflineAdmission#SGLANG_NEW_TOKEN_RATIO}): requests
   * admitted by an estimated share of the outputs still to come, retracted when the KV cache runs out, prefill
   * batches run instead of decode steps ({@link PrefillScheduling#SEPARATE}), within {@link #maxNumTokens()}
   * prompt tokens per batch (SGLang's {@code chunked_prefill_size}, 8,192 by default) and {@link
   * #maxBatchSize()} in flight (besides SGLang's own {@code max_running_requests}), and a KV cache sized as
   * SGLang sizes it from {@code mem_fraction_static} ({@link
   * OfflineAdmission#sglang030DefaultMemFractionStatic} gives the release's default per group size).
   *
   * @param memFractionStatic SGLang's {@code --mem-fraction-static}, above 0 and at most 1
   * @return the run
   * @throws IllegalArgumentException if the fraction is out of range, naming it
   */
  public OfflineRun withSglangAdmission(double memFractionStatic) {
    if (!(memFractionStatic > 0 && memFractionStatic <= 1)) {
      throw new IllegalArgumentException("memFractionStatic must be above 0 and at most 1, was " + memFractionStatic);
    }
    if (chunkUnit > 0) {
      throw new IllegalArgumentException("SGLang 0.3.0's admission is modelled without chunked context");
    }
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes,
        PrefillScheduling.SEPARATE, OfflineAdmission.SGLANG_NEW_TOKEN_RATIO, memFractionStatic, chunkUnit,
        attentionDpBalance, graphAtMaxBatch);
  }

  /**
   * Returns this run admitting as TensorRT-LLM's "Guaranteed No Evict" does ({@link
   * OfflineAdmission#RESERVE_WHOLE_SEQUENCE}, the default: each request reserves its own input + output), undoing
   * {@link #withSglangAdmission}. The prefill scheduling stays as it is ({@code withSglangAdmission} set {@link
   * PrefillScheduling#SEPARATE}; {@link #withPrefillScheduling} changes it).
   *
   * @return the run
   */
  public OfflineRun withDefaultAdmission() {
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes, prefillScheduling,
        OfflineAdmission.RESERVE_WHOLE_SEQUENCE, Double.NaN, chunkUnit, attentionDpBalance, graphAtMaxBatch);
  }

  /**
   * Returns this run with TensorRT-LLM's chunked context ({@code enable_chunked_context: True}, {@code
   * context_chunking_policy: first_come_first_served}): a prompt longer than what is left of an iteration's
   * {@link #maxNumTokens()} is prefilled in chunks over several iterations, with the decode tokens. The
   * micro-batch scheduler (cpp/tensorrt_llm/batch_manager/microBatchScheduler.cpp, NVIDIA/TensorRT-LLM at
   * commit 00825c4ee813bdc5eb2e5cf218b644b8c18ce2ec, {@code setCtxRequestsChunkSize} under {@code
   * kFIRST_COME_FIRST_SERVED}) gives the waiting contexts, in order, what the generation tokens leave of the
   * budget, each chunk a multiple of the chunk unit (the engine's {@code tokens_per_block}) unless it ends the
   * prompt. Simulated by {@link InferenceCostModel#offlineRun} in its pipelined form.
   *
   * @param tokensPerBlock the chunk unit, the KV cache's tokens per block, at least 1
   * @return the run
   * @throws IllegalArgumentException if the unit is below 1, or the run prefills apart or under SGLang's admission
   */
  public OfflineRun withChunkedContext(int tokensPerBlock) {
    if (tokensPerBlock < 1) {
      throw new IllegalArgumentException("tokensPerBlock must be at least 1, was " + tokensPerBlock);
    }
    if (prefillScheduling != PrefillScheduling.MIXED || admission != OfflineAdmission.RESERVE_WHOLE_SEQUENCE) {
      throw new IllegalArgumentException("chunked context is TensorRT-LLM's in-flight batching: prefill scheduling"
          + " must be MIXED and admission RESERVE_WHOLE_SEQUENCE, were " + prefillScheduling + " and " + admission);
    }
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes, prefillScheduling,
        admission, memFractionStatic, tokensPerBlock, attentionDpBalance, graphAtMaxBatch);
  }

  /**
   * Returns this run with TensorRT-LLM's attention-DP balancing set (s15a; default {@link
   * AttentionDpBalance#tensorRtLlmDefault()}, off). Used only when the scenario has attention data parallelism.
   *
   * @param balance the setting
   * @return the run
   */
  public OfflineRun withAttentionDpBalance(AttentionDpBalance balance) {
    java.util.Objects.requireNonNull(balance, "balance");
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes, prefillScheduling,
        admission, memFractionStatic, chunkUnit, balance, graphAtMaxBatch);
  }

  /** Returns TensorRT-LLM's attention-DP balancing of the run's engine (s15a). */
  public AttentionDpBalance attentionDpBalance() {
    return attentionDpBalance;
  }

  /** Returns whether prompts are chunked ({@link #withChunkedContext}). */
  public boolean chunkedContext() {
    return chunkUnit > 0;
  }

  /** Returns the chunk unit in tokens under {@link #withChunkedContext}, 0 without chunking. */
  public int chunkUnit() {
    return chunkUnit;
  }

  /** Returns how a waiting request is admitted ({@link OfflineAdmission}). */
  public OfflineAdmission admission() {
    return admission;
  }

  /**
   * Returns SGLang's {@code mem_fraction_static} of a run under {@link OfflineAdmission#SGLANG_NEW_TOKEN_RATIO}.
   *
   * @return the fraction
   * @throws IllegalStateException if the run is not under SGLang's admission
   */
  public double memFractionStatic() {
    if (admission != OfflineAdmission.SGLANG_NEW_TOKEN_RATIO) {
      throw new IllegalStateException("memFractionStatic is set only under SGLANG_NEW_TOKEN_RATIO, admission is "
          + admission);
    }
    return memFractionStatic;
  }

  /** Returns how prompts are scheduled relative to the decoding sequences. */
  public PrefillScheduling prefillScheduling() {
    return prefillScheduling;
  }

  /**
   * Returns the CUDA-graph batch sizes the engine captures for this run ({@link
   * #withCudaGraphPadding}): the given sizes up to {@code min(maxBatchSize, maxNumTokens)} and that
   * bound where a given size exceeds it (not before pull request 4843: {@link #withCudaGraphPadding(List,
   * boolean)}); empty without padding.
   *
   * @return the sizes, ascending
   */
  public List<Integer> capturedCudaGraphBatchSizes() {
    List<Integer> out = new java.util.ArrayList<>(captured.length);
    for (int b : captured) {
      out.add(b);
    }
    return List.copyOf(out);
  }

  private static int[] captured(int[] sizes, int cap, boolean graphAtMaxBatch) {
    List<Integer> out = new java.util.ArrayList<>();
    for (int b : sizes) {
      if (b <= cap) {
        out.add(b);
      } else {
        if (graphAtMaxBatch && (out.isEmpty() || out.get(out.size() - 1) != cap)) {
          out.add(cap);
        }
        break;
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Returns the batch a rank runs a decode-only iteration at: the smallest captured CUDA-graph size
   * ({@link #capturedCudaGraphBatchSizes}) not below {@code perRank}, or {@code perRank} itself
   * without padding or above the largest captured size (run eagerly).
   *
   * @param perRank the decoding sequences of the busiest rank, at least 0
   * @return the padded batch, at least {@code perRank}
   */
  public int paddedDecodeBatch(int perRank) {
    if (perRank <= 0) {
      return perRank;
    }
    for (int b : captured) {
      if (b >= perRank) {
        return b;
      }
    }
    return perRank;
  }

  /**
   * Returns whether a decode-only iteration whose busiest rank decodes {@code perRank} sequences runs without a CUDA
   * graph although the run pads to captured sizes: padding is on ({@link #withCudaGraphPadding}) and {@code perRank}
   * exceeds the largest captured size ({@link #capturedCudaGraphBatchSizes}; possible only when the bound is not
   * captured, {@link #withCudaGraphPadding(List, boolean)}). The engine then launches the whole pass from Python, as
   * for an iteration that prefills ({@link ServingOverheads#hostSecondsPerEagerMoeLayer}).
   *
   * @param perRank the decoding sequences of the busiest rank, at least 0
   * @return whether the iteration runs eagerly for its size
   */
  public boolean decodesEagerly(int perRank) {
    return captured.length > 0 && perRank > captured[captured.length - 1];
  }

  /**
   * Returns a run with given scheduler limits.
   *
   * @param requests requests queued at the start, at least 1
   * @param maxBatchSize the most sequences in flight per rank, at least 1
   * @param maxNumTokens the most tokens one iteration carries per rank (one per decoding sequence,
   *     every prompt token of a prompt admitted in it), at least 1
   * @return the run
   * @throws IllegalArgumentException if a value is below 1, naming it
   */
  public static OfflineRun of(int requests, int maxBatchSize, int maxNumTokens) {
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, "given");
  }

  /**
   * Returns a run under the limits of {@link InferenceCostModel#engineMaxBatch}'s engine rule (s24e, {@link
   * InferenceCostModel#maxThroughput}), labelled so in {@link #toString()}.
   */
  static OfflineRun engineRule(int requests, int maxBatchSize, int maxNumTokens) {
    return new OfflineRun(requests, maxBatchSize, maxNumTokens, "the engine rule's limits");
  }

  /**
   * The share of an accelerator's nominal memory that NVML reports as its total, which {@code
   * trtllm-bench}'s heuristic starts from ({@code get_device_memory} in tensorrt_llm/bench/build/utils.py:
   * {@code nvmlDeviceGetMemoryInfo(handle).total / 1024**3}). {@code nvidia-smi} prints that total
   * as 81,559 MiB on an H100 80 GB HBM3, 143,771 MiB on an H200 141 GB and 183,359 MiB on a B200
   * 180 GB in public logs (0.9956, 0.9957 and 0.9948 of nominal); the H100's ratio, applied to every
   * accelerator.
   */
  public static final double NVML_VISIBLE_MEMORY = 0.9956;

  /**
   * Returns the run {@code trtllm-bench throughput} sets up for a scenario when neither limit is
   * given, following TensorRT-LLM 1.0's heuristic as its code does ({@code calc_engine_setting} in
   * tensorrt_llm/bench/build/tuning.py, NVIDIA/TensorRT-LLM@04cba882; called by {@code
   * get_benchmark_engine_settings} from {@code get_settings}, bench/benchmark/utils/general.py): the
   * requests that fit are estimated for the whole group, not per rank, as
   * <pre>
   * (NVML total × tp × pp − checkpoint elements × bytes per element) × fraction
   *     / (2 × layers × max(tp, KV heads) × head size × KV bytes × (input + output))
   * </pre>
   * with bytes per element 1 for FP8 checkpoints, 0.5 for NVFP4 and 2 otherwise, KV bytes 1 for an
   * FP8 cache and 2 otherwise, the fraction {@link InferenceCostModel#ENGINE_KV_SHARE} (the
   * perf-overview's {@code kv_cache_free_gpu_mem_fraction} 0.95), every hidden layer counted and the
   * checkpoint's safetensors element count ({@code ModelConfig.get_param_count},
   * tensorrt_llm/bench/build/dataclasses.py), in which an NVFP4 weight matrix counts half its
   * parameters (two values packed per {@code uint8}) plus one FP8 scale per 16. Then {@link
   * #trtllmBench(int, double, int, int, int)} rounds. TensorRT-LLM 1.0 has no attention-DP case here:
   * the group's figures become {@code max_batch_size} and {@code max_num_tokens}, which the PyTorch
   * backend applies per rank under attention data parallelism (TensorRT-LLM's Llama 4 recipe: "the
   * whole system's max_batch_size will be max_batch_size*dp_size"); later versions
   * (tensorrt_llm/bench/tuning/heuristics.py, NVIDIA/TensorRT-LLM@0b42ceaf) size per rank when
   * {@code enable_attention_dp} is set. At run time the KV cache the engine sizes itself ({@link
   * InferenceCostModel#engineMaxBatch(InferenceScenario, int)}) limits the requests in flight.
   *
   * <p>For a model with latent attention (MLA) the heuristic reads the config's KV heads (the query
   * heads) and, with no {@code head_dim} in the config, {@code hidden / heads} as the head size.
   *
   * @param requests requests queued at the start, at least 1
   * @param s the scenario served (model, accelerator, tp, pp, weights, KV cache, lengths)
   * @return the run
   * @throws IllegalArgumentException if {@code requests} is below 1, or no request fits by the
   *     heuristic's estimate (trtllm-bench raises an error there)
   */
  public static OfflineRun trtllmBench(int requests, InferenceScenario s) {
    double requestsThatFit = trtllmBenchRequestsThatFit(s);
    if (!(requestsThatFit >= 1)) {
      throw new IllegalArgumentException("trtllm-bench's heuristic fits no request of " + s.inputTokens() + " + "
          + s.outputTokens() + " tokens of " + s.model().id() + " on " + s.gpus() + " " + s.accelerator().id()
          + " (estimate " + requestsThatFit + ")");
    }
    return trtllmBench(requests, requestsThatFit, s.pp(), s.inputTokens(), s.outputTokens());
  }

  /**
   * Returns the requests TensorRT-LLM 1.0's {@code calc_engine_setting} estimates fit the whole
   * group's KV cache (see {@link #trtllmBench(int, InferenceScenario)}), before rounding.
   *
   * @param s the scenario
   * @return the estimate, possibly below 1
   */
  public static double trtllmBenchRequestsThatFit(InferenceScenario s) {
    ModelArchitecture m = s.model();
    DType w = s.weights().weightType();
    double bytesPerElement = w == DType.FP8_E4M3 || w == DType.FP8_E5M2 ? 1 : w == DType.FP4 ? 0.5 : 2;
    double kvBytes = s.kvCache() == DType.FP8_E4M3 || s.kvCache() == DType.FP8_E5M2 ? 1 : 2;
    ParameterCounts p = m.parameterCounts();
    double elements = p.total().value();
    if (w == DType.FP4) {
      double q = p.quantizable().value();
      elements = elements - q + q * (0.5 + 1.0 / 16);
    }
    Attention a = m.attention();
    int kvHeads;
    int headSize;
    if (a instanceof MultiHeadAttention mha) {
      kvHeads = mha.kvHeads();
      headSize = mha.headDim();
    } else if (a instanceof LatentAttention) {
      kvHeads = a.heads();
      headSize = m.hidden() / a.heads();
    } else {
      throw new IllegalArgumentException("trtllm-bench's heuristic needs KV heads; model " + m.id()
          + " has attention " + a.getClass().getSimpleName());
    }
    int gpus = s.tp() * s.pp();
    double total = NVML_VISIBLE_MEMORY * s.accelerator().memory().bytes() * gpus;
    double available = total - elements * bytesPerElement;
    double perToken = 2.0 * m.layers() * Math.max(s.tp(), kvHeads) * headSize * kvBytes;
    return available * InferenceCostModel.ENGINE_KV_SHARE / (perToken * ((long) s.inputTokens() + s.outputTokens()));
  }

  /**
   * Returns the run {@code trtllm-bench throughput} sets up when neither limit is given, from the
   * heuristic's estimate of the requests that fit ({@code finetune_setting} in
   * tensorrt_llm/bench/build/tuning.py, called through {@code get_benchmark_engine_settings}): it
   * takes that estimate, capped at 4,096, over {@code pp} as the raw batch and {@code min(raw batch × (1
   * + input / output), 32768)} as the raw token budget, rounds the batch up to 32 (at least 64) below
   * 256, to 128 below 1,024 and to 256 above, and the budget up to 256 (at least 2,048) below 4,096,
   * to 512 below 8,192 and to 1,024 above; with chunked prefill off (its default) the budget is
   * raised to at least {@code input + max batch} ({@code get_settings} in
   * tensorrt_llm/bench/benchmark/utils/general.py).
   *
   * @param requests requests queued at the start, at least 1
   * @param requestsThatFit the heuristic's estimate of the requests whose KV cache fits, at least 1
   * @param pp pipeline stages, at least 1
   * @param input prompt tokens, at least 1
   * @param output output tokens, at least 1
   * @return the run
   * @throws IllegalArgumentException if a value is below 1 or not finite, naming it
   */
  public static OfflineRun trtllmBench(int requests, double requestsThatFit, int pp, int input, int output) {
    if (!(requestsThatFit >= 1) || Double.isInfinite(requestsThatFit)) {
      throw new IllegalArgumentException("requestsThatFit must be at least 1 and finite, was " + requestsThatFit);
    }
    if (pp < 1) {
      throw new IllegalArgumentException("pp must be at least 1, was " + pp);
    }
    if (input < 1 || output < 1) {
      throw new IllegalArgumentException("input and output must be at least 1, were " + input + " and " + output);
    }
    double rawBatch = Math.min(requestsThatFit, 4096) / pp;
    double rawTokens = Math.min(rawBatch * (1 + (double) input / output), 32768);
    int batch;
    if (rawBatch < 256) {
      batch = (int) Math.max(64, 32 * Math.ceil(rawBatch / 32));
    } else if (rawBatch < 1024) {
      batch = (int) (128 * Math.ceil(rawBatch / 128));
    } else {
      batch = (int) (256 * Math.ceil(rawBatch / 256));
    }
    int tokens;
    if (rawTokens < 4096) {
      tokens = (int) Math.max(2048, 256 * Math.ceil(rawTokens / 256));
    } else if (rawTokens < 8192) {
      tokens = (int) (512 * Math.ceil(rawTokens / 512));
    } else {
      tokens = (int) (1024 * Math.ceil(rawTokens / 1024));
    }
    tokens = Math.max(tokens, input + batch);
    return new OfflineRun(requests, batch, tokens, "trtllm-bench heuristic");
  }

  /**
   * Returns {@link #trtllmBench(int, double, int, int, int)} without pipeline stages, for an estimate
   * of the requests that fit already in whole requests.
   *
   * @param requests requests queued at the start, at least 1
   * @param kvCapacityPerRank the heuristic's estimate of the requests that fit, at least 1
   * @param input prompt tokens, at least 1
   * @param output output tokens, at least 1
   * @return the run
   * @throws IllegalArgumentException if a value is below 1, naming it
   */
  public static OfflineRun trtllmBench(int requests, long kvCapacityPerRank, int input, int output) {
    if (kvCapacityPerRank < 1) {
      throw new IllegalArgumentException("kvCapacityPerRank must be at least 1, was " + kvCapacityPerRank);
    }
    return trtllmBench(requests, (double) kvCapacityPerRank, 1, input, output);
  }

  /** Returns how the limits were set ("given", "trtllm-bench heuristic", ...), as {@link #toString()} prints it. */
  String settings() {
    return settings;
  }

  /** Returns the requests queued at the start. */
  public int requests() {
    return requests;
  }

  /** Returns the most sequences in flight per rank. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** Returns the most tokens one iteration carries per rank. */
  public int maxNumTokens() {
    return maxNumTokens;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof OfflineRun o
          && requests == o.requests
          && maxBatchSize == o.maxBatchSize
          && maxNumTokens == o.maxNumTokens
          && java.util.Arrays.equals(cudaGraphBatchSizes, o.cudaGraphBatchSizes)
          && prefillScheduling == o.prefillScheduling
          && admission == o.admission
          && Double.compare(memFractionStatic, o.memFractionStatic) == 0
          && chunkUnit == o.chunkUnit
          && attentionDpBalance.equals(o.attentionDpBalance)
          && graphAtMaxBatch == o.graphAtMaxBatch;
  }

  @Override
  public int hashCode() {
    return (((31 * requests + maxBatchSize) * 31 + maxNumTokens) * 31 + java.util.Arrays.hashCode(cudaGraphBatchSizes))
        * 31 + prefillScheduling.ordinal()
        + (admission == OfflineAdmission.SGLANG_NEW_TOKEN_RATIO ? 961 + 29791 * Double.hashCode(memFractionStatic) : 0)
        + 923521 * chunkUnit + 28629151 * attentionDpBalance.hashCode()
        + (graphAtMaxBatch ? 0 : 1_000_003);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d requests, max batch %d and max tokens %d per rank (%s)%s", requests,
        maxBatchSize, maxNumTokens, settings, cudaGraphBatchSizes.length == 0 ? ""
            : "; decode-only iterations padded to the CUDA-graph batch sizes " + capturedCudaGraphBatchSizes()
                + (graphAtMaxBatch ? "" : " (max batch size not captured: larger decode-only iterations run eagerly)"))
        + (prefillScheduling == PrefillScheduling.SEPARATE
            ? "; prompts prefilled in iterations of their own, decoding paused" : "")
        + (admission == OfflineAdmission.SGLANG_NEW_TOKEN_RATIO ? String.format(Locale.ROOT,
            "; SGLang 0.3.0's new-token-ratio admission with retraction, mem_fraction_static %.2f", memFractionStatic)
            : "")
        + (chunkUnit > 0 ? "; prompts chunked first come first served in multiples of " + chunkUnit + " tokens" : "")
        + (attentionDpBalance.enabled() ? "; " + attentionDpBalance.describe() : "");
  }
}
