package dev.llmcost.costmodel.inference;

/**
 * How an offline run ({@link OfflineRun}) decides whether a waiting request may start: what KV cache it
 * reserves, and what happens when the cache runs out.
 *
 * <ul>
 *   <li>{@link #RESERVE_WHOLE_SEQUENCE} (the default): every request in flight reserves its whole input +
 *       output (TensorRT-LLM's "Guaranteed No Evict"); nothing is ever preempted.
 *   <li>{@link #SGLANG_NEW_TOKEN_RATIO}: SGLang 0.3.0's scheduler, as its code at the {@code v0.3.0} tag
 *       runs it (sgl-project/sglang, tag v0.3.0 = commit 5ab9418f5b4c9ad1a90d72a803331d9a0b26d13e, read
 *       from a fork that carries the tag, wty500/sglang): see the constant.
 * </ul>
 */
public enum OfflineAdmission {
  /** Each request reserves its whole input + output; no preemption. */
  RESERVE_WHOLE_SEQUENCE,

  /**
   * SGLang 0.3.0's admission by an estimated share of the outputs still to come, with retraction.
   *
   * <ul>
   *   <li>A prefill batch is formed before every decode step and, when it admits anything, runs instead of
   *       the step ({@code ModelTpServer.forward_step}, python/sglang/srt/managers/tp_worker.py; the client
   *       streams, so the loop of {@code num_continue_decode_steps} decode steps breaks after each one).
   *   <li>The batch admits waiting requests in order while, with {@code free} the KV tokens not held by the
   *       running requests' prompts and outputs so far, {@code input + min(max_new_tokens, 4096) < free −
   *       Σ_running ratio × min(max_new_tokens − generated, 4096) − Σ_admitted (input + min(max_new_tokens,
   *       4096))}, within {@code max_prefill_tokens} (16,384) prompt tokens, of which a chunk of {@code
   *       chunked_prefill_size} (8,192; the run's {@link OfflineRun#maxNumTokens()}) ends the batch, and while
   *       the requests in flight stay below {@code max_running_requests} ({@code PrefillAdder.add_one_req},
   *       {@code remove_running_tokens}, python/sglang/srt/managers/policy_scheduler.py; {@code
   *       CLIP_MAX_NEW_TOKENS} 4,096; {@code get_new_prefill_batch}). {@code sglang.bench_serving} sends
   *       {@code max_new_tokens} = the completion's length with {@code ignore_eos}, so it is each request's
   *       output.
   *   <li>{@code ratio} ({@code new_token_ratio}) is {@code init_new_token_ratio} 0.7 after the server idles
   *       (no running batch, no new batch), falls by {@code new_token_ratio_decay} 0.001 at every decode step
   *       to {@code base_min_new_token_ratio × schedule_conservativeness} = 0.1 × 1.0 (python/sglang/
   *       global_config.py; {@code ModelTpServer.__init__}, {@code forward_decode_batch}).
   *   <li>A decode step that finds fewer free KV tokens than sequences ({@code check_decode_mem}) retracts the
   *       requests with the fewest outputs (ties: the longest prompt) until {@code retract_decode_steps} (20)
   *       tokens per remaining sequence are free, puts them at the end of the queue (to be prefilled again
   *       over their prompt and the outputs they have), and sets {@code ratio = min(1, (Σ generated + 20 ×
   *       remaining) / Σ max_new_tokens)} over the remaining batch ({@code ScheduleBatch.retract_decode},
   *       python/sglang/srt/managers/schedule_batch.py).
   *   <li>The KV cache holds {@code (mem_fraction_static × T − weights) / bytes per token} tokens, {@code T}
   *       the GPU memory free when the server starts ({@code ModelRunner.profile_max_num_token}: the memory
   *       available after loading minus {@code T × (1 − mem_fraction_static)}; here {@code T} = {@link
   *       InferenceCostModel#ENGINE_VISIBLE_MEMORY} of the accelerator's memory, the CUDA context and NCCL's
   *       buffers not counted); {@code max_running_requests} = {@code min(tokens / 2, max_num_reqs − 1)}
   *       with {@code max_num_reqs = min(max(tokens / context length × 512, 2048), 5120)} ({@code
   *       ModelTpServer.__init__}, {@code ModelRunner.init_memory_pool},
   *       python/sglang/srt/model_executor/model_runner.py).
   * </ul>
   *
   * <p>Prompts are not split: where SGLang chunks the prompt that crosses {@code chunked_prefill_size} and
   * finishes it in the next batch, the run stops the batch before it.
   */
  SGLANG_NEW_TOKEN_RATIO;

  /** SGLang 0.3.0's {@code init_new_token_ratio} (python/sglang/global_config.py at tag v0.3.0). */
  public static final double SGLANG_INIT_NEW_TOKEN_RATIO = 0.7;

  /**
   * SGLang 0.3.0's {@code base_min_new_token_ratio} (0.1) times the default {@code schedule_conservativeness}
   * (1.0, python/sglang/srt/server_args.py at tag v0.3.0).
   */
  public static final double SGLANG_MIN_NEW_TOKEN_RATIO = 0.1;

  /** SGLang 0.3.0's {@code new_token_ratio_decay}, per decode step. */
  public static final double SGLANG_NEW_TOKEN_RATIO_DECAY = 0.001;

  /** SGLang 0.3.0's {@code retract_decode_steps}: free tokens per sequence a retraction leaves. */
  public static final int SGLANG_RETRACT_DECODE_STEPS = 20;

  /** SGLang 0.3.0's {@code CLIP_MAX_NEW_TOKENS} (policy_scheduler.py; environment default 4096). */
  public static final int SGLANG_CLIP_MAX_NEW_TOKENS = 4096;

  /** SGLang 0.3.0's {@code max_prefill_tokens} default: prompt tokens one prefill batch may take. */
  public static final int SGLANG_MAX_PREFILL_TOKENS = 16384;

  /** SGLang 0.3.0's {@code chunked_prefill_size} default. */
  public static final int SGLANG_CHUNKED_PREFILL_SIZE = 8192;

  /**
   * Returns SGLang 0.3.0's default {@code mem_fraction_static} for a tensor-parallel group
   * ({@code ServerArgs.__post_init__}, python/sglang/srt/server_args.py at tag v0.3.0): 0.79 from 16 GPUs,
   * 0.83 from 8, 0.85 from 4, 0.87 from 2, 0.88 for one.
   *
   * @param tp GPUs of the group, at least 1
   * @return the fraction
   * @throws IllegalArgumentException if {@code tp} is below 1
   */
  public static double sglang030DefaultMemFractionStatic(int tp) {
    if (tp < 1) {
      throw new IllegalArgumentException("tp must be at least 1, was " + tp);
    }
    return tp >= 16 ? 0.79 : tp >= 8 ? 0.83 : tp >= 4 ? 0.85 : tp >= 2 ? 0.87 : 0.88;
  }
}
