package dev.llmcost.costmodel.serving;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A rule that decides at each scheduling point whether a vLLM V0 engine without chunked prefill may prefill at all
 * (s19f): AMD's MLPerf scheduler patch, switched on by {@code VLLM_LLAMA2_MLPERF_SCHED=1}. At a scheduling point the
 * engine may prefill only when
 * <ol>
 *   <li>fewer than {@link #maxRunning} sequences run ({@code VLLM_LLAMA2_MLPERF_MAX_TARGET_DECODE_BATCH}),
 *   <li>more than {@link #minFreeBlocks} KV-cache blocks are free ({@code
 *       VLLM_LLAMA2_MLPERF_MIN_REQUIRE_PREFILL_GPU_BLOCK}), and
 *   <li>at least {@link #minWaiting} requests wait ({@code VLLM_LLAMA2_MLPERF_MIN_REQUIRE_PREFILL_QUERY}), or the
 *       previous scheduling point did not pass this rule.
 * </ol>
 * A point that may not prefill runs a decode window; one that may prefills as the engine always does (whole prompts
 * in a step of their own). So after a point that passed, even one that found nothing to prefill, the next point needs
 * {@link #minWaiting} waiting requests, and the one after a refused point needs one: back-to-back prefill-only steps
 * need that many requests waiting. Source: mlcommons/inference_results_v5.1 @ 965182b03376a00fcae415c54e560e1c83937932,
 * {@code closed/AMD/setup/vllm_patches/scheduler-change-to-have-prefill-and-decode-reach-go.patch} (hunk at {@code
 * Scheduler._schedule_default}, its lines 64-75) and {@code add-MIN_REQUIRE_PREFILL_QUERY-condition.patch} (lines
 * 19-31), applied to {@code vllm/core/scheduler.py} blob 0ef0396996b62d2da6fd147d86d1c4abba106ee0 (ROCm/vllm commit
 * 92183b41f3b13c0d8fd0da4361713f7c3cbbbe56) by {@code closed/AMD/setup/ensure_vllm_branch.sh}.
 *
 * <p>The same patch also caps the sequences that decode in one step at a target batch (the running count rounded
 * down to a multiple of {@code VLLM_LLAMA2_MLPERF_STEP_DECODE_BATCH} between {@code ..._MIN_TARGET_DECODE_BATCH} and
 * {@code ..._MAX_TARGET_DECODE_BATCH}); that part is not simulated (the simulator decodes every running sequence in
 * lock step). It holds back at most {@code STEP - 1} sequences' next token and no first token.
 *
 * <p>{@link #minFreeBlocks} counts the simulator's 16-token blocks (vLLM counts its own {@code block_size}); the AMD
 * runs set 0. Immutable.
 */
public final class PrefillGate {

  private final int maxRunning;
  private final long minFreeBlocks;
  private final int minWaiting;

  private PrefillGate(int maxRunning, long minFreeBlocks, int minWaiting) {
    this.maxRunning = maxRunning;
    this.minFreeBlocks = minFreeBlocks;
    this.minWaiting = minWaiting;
  }

  /**
   * Returns a gate.
   *
   * @param maxRunning the running sequences at which prefill stops ({@code VLLM_LLAMA2_MLPERF_MAX_TARGET_DECODE_BATCH}),
   *     in [1, 1000000]
   * @param minFreeBlocks the free KV-cache blocks (16 tokens each) a prefill needs more than ({@code
   *     VLLM_LLAMA2_MLPERF_MIN_REQUIRE_PREFILL_GPU_BLOCK}), at least 0
   * @param minWaiting the waiting requests a prefill needs right after a point that passed ({@code
   *     VLLM_LLAMA2_MLPERF_MIN_REQUIRE_PREFILL_QUERY}), in [0, 1000000]
   * @return the gate
   * @throws IllegalArgumentException if a value is out of range, naming it
   */
  public static PrefillGate of(int maxRunning, long minFreeBlocks, int minWaiting) {
    if (maxRunning < 1 || maxRunning > 1_000_000) {
      throw new IllegalArgumentException("prefillGate maxRunning must be in [1, 1000000], was " + maxRunning);
    }
    if (minFreeBlocks < 0) {
      throw new IllegalArgumentException("prefillGate minFreeBlocks must be >= 0, was " + minFreeBlocks);
    }
    if (minWaiting < 0 || minWaiting > 1_000_000) {
      throw new IllegalArgumentException("prefillGate minWaiting must be in [0, 1000000], was " + minWaiting);
    }
    return new PrefillGate(maxRunning, minFreeBlocks, minWaiting);
  }

  /** Returns the running sequences at which prefill stops. */
  public int maxRunning() {
    return maxRunning;
  }

  /** Returns the free KV-cache blocks (16 tokens each) a prefill needs more than. */
  public long minFreeBlocks() {
    return minFreeBlocks;
  }

  /** Returns the waiting requests a prefill needs right after a scheduling point that passed the gate. */
  public int minWaiting() {
    return minWaiting;
  }

  /** Returns the assumption line a simulation with this gate prints. */
  String describe() {
    return String.format(Locale.ROOT, "prefill gate (AMD MLPerf vLLM patch, VLLM_LLAMA2_MLPERF_SCHED; s19f): a"
        + " scheduling point prefills only while fewer than %,d sequences run, more than %,d KV blocks are free and"
        + " at least %,d requests wait or the previous point did not pass; the patch's decode-batch target is not"
        + " simulated", maxRunning, minFreeBlocks, minWaiting);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PrefillGate g && g.maxRunning == maxRunning && g.minFreeBlocks == minFreeBlocks
        && g.minWaiting == minWaiting;
  }

  @Override
  public int hashCode() {
    return (maxRunning * 31 + Long.hashCode(minFreeBlocks)) * 31 + minWaiting;
  }

  @Override
  public String toString() {
    return "PrefillGate[maxRunning=" + maxRunning + ", minFreeBlocks=" + minFreeBlocks + ", minWaiting=" + minWaiting
        + "]";
  }
}
