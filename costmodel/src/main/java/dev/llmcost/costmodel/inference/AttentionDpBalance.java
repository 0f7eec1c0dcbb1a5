package dev.llmcost.costmodel.inference;

import java.util.Locale;

/**
 * TensorRT-LLM's attention-DP balancing ({@code attention_dp_config: enable_balance, timeout_iters,
 * batching_wait_iters}), an engine setting that matters only under attention data parallelism (s15a).
 *
 * <p>Under attention data parallelism each context (prefill) request is scheduled whole on one rank, and every rank
 * runs each iteration in lock step (the MoE layers' collective joins them), so an iteration that prefills a prompt
 * on one rank takes as long as that rank while the others' decodes wait. With balancing enabled the PyTorch
 * executor holds the iteration's context requests back until every rank has one, and then for up to {@code
 * batchingWaitIters} more iterations while every rank also decodes; it gives up waiting after {@code timeoutIters}
 * iterations, or at once when a rank has nothing to decode. The rule, per iteration, over the counts every rank
 * all-gathers (its scheduled context requests and generation requests): {@code PyExecutor._balance_adp_requests},
 * called from {@code _schedule} when {@code enable_attention_dp and attention_dp_enable_balance}, in
 * tensorrt_llm/_torch/pyexecutor/py_executor.py of NVIDIA/TensorRT-LLM (the stored 1.x version; later moved
 * unchanged into the scheduler, "moved from PyExecutor, logic unchanged"):
 *
 * <ul>
 *   <li>every rank has fewer generation requests than {@code max_batch_size} and a context request: the timeout
 *       counter is reset; if every rank also has a generation request, the contexts wait while the batching counter
 *       is below {@code batchingWaitIters} (it counts up), else they run and it is reset;
 *   <li>otherwise the timeout counter counts up and the contexts wait, unless it reached {@code timeoutIters} or
 *       some rank has no generation request: then they run and it is reset. The counter counts in iterations
 *       without any context request too.
 * </ul>
 *
 * <p>The defaults are TensorRT-LLM's ({@link #tensorRtLlmDefault()}: off; 50 and 10 iterations when turned on
 * without values, {@code PyTorchConfig.attention_dp_enable_balance = False}, {@code attention_dp_time_out_iters =
 * 50}, {@code attention_dp_batching_wait_iters = 10}); the ADP-balance blog
 * (docs/source/blogs/tech_blog/blog10_ADP_Balance_Strategy.md, NVIDIA/TensorRT-LLM @ 011cfc2c) measures 50 and 10.
 *
 * @param enabled whether contexts are held back ({@code enable_balance})
 * @param timeoutIters iterations the contexts wait at most for every rank to have one ({@code timeout_iters})
 * @param batchingWaitIters iterations they wait once every rank has one ({@code batching_wait_iters})
 */
public record AttentionDpBalance(boolean enabled, int timeoutIters, int batchingWaitIters) {

  /** TensorRT-LLM's default timeout, iterations ({@code attention_dp_time_out_iters}). */
  public static final int DEFAULT_TIMEOUT_ITERS = 50;

  /** TensorRT-LLM's default batching wait, iterations ({@code attention_dp_batching_wait_iters}). */
  public static final int DEFAULT_BATCHING_WAIT_ITERS = 10;

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException if {@code timeoutIters} is below 1 or {@code batchingWaitIters} below 0
   */
  public AttentionDpBalance {
    if (timeoutIters < 1) {
      throw new IllegalArgumentException("timeoutIters must be at least 1, was " + timeoutIters);
    }
    if (batchingWaitIters < 0) {
      throw new IllegalArgumentException("batchingWaitIters must be at least 0, was " + batchingWaitIters);
    }
  }

  /**
   * Returns TensorRT-LLM's default: balancing off.
   *
   * @return the setting
   */
  public static AttentionDpBalance tensorRtLlmDefault() {
    return new AttentionDpBalance(false, DEFAULT_TIMEOUT_ITERS, DEFAULT_BATCHING_WAIT_ITERS);
  }

  /**
   * Returns balancing turned on with the given waits.
   *
   * @param timeoutIters {@code timeout_iters}, at least 1
   * @param batchingWaitIters {@code batching_wait_iters}, at least 0
   * @return the setting
   * @throws IllegalArgumentException if a value is out of range
   */
  public static AttentionDpBalance enabled(int timeoutIters, int batchingWaitIters) {
    return new AttentionDpBalance(true, timeoutIters, batchingWaitIters);
  }

  /**
   * Returns the setting as an assumption line.
   *
   * @return text
   */
  public String describe() {
    return enabled
        ? String.format(Locale.ROOT, "attention-DP balancing on (TensorRT-LLM enable_balance): context requests wait"
            + " until every rank has one (at most %d iterations, timeout_iters), then up to %d more while every rank"
            + " decodes (batching_wait_iters)", timeoutIters, batchingWaitIters)
        : "attention-DP balancing off (TensorRT-LLM's default): a rank's context requests run as soon as they are"
            + " scheduled";
  }
}
