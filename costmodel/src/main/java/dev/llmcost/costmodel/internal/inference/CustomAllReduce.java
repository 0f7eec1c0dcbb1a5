package dev.llmcost.costmodel.internal.inference;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The serving engines' own one-stage ("one-shot") tensor-parallel all-reduce kernel, where a measured per-call time
 * exists for it (s24i, 2026-12-07; found by s24b): on Blackwell (the SM100 family, {@link
 * Microbenchmarks#family(AcceleratorSpec)} "blackwell": B200, GB200, B300, GB300) at tensor parallelism 8 inside one
 * NVLink domain (not over PCIe), an all-reduce of a message below {@link #ONE_STAGE_LIMIT_BYTES} costs {@link
 * #PER_CALL_SECONDS} plus the ring's volume term, instead of the ring's {@code 2(tp − 1)} latency steps.
 *
 * <p>Sources. The per-call time: sgl-project/sglang PR 7621 "[b200] support trt-llm allreduce fuse rms_norm_add
 * kernel" (BBuf, 2025-06-28, merged; https://github.com/sgl-project/sglang/pull/7621), an nsys profile of a B200 TP 8
 * decode: SGLang's custom all-reduce followed by its separate add + RMSNorm, 13.5 µs a call (the fused kernel that
 * replaced it 8.7 µs); the message size is not stated there. The size region, from the engine's code: SGLang's
 * {@code CustomAllreduce} (python/sglang/srt/distributed/device_communicators/custom_all_reduce.py, {@code
 * _MAX_CAR_SIZE = 8192 * 1024} on CUDA; {@code should_custom_ar}: messages below it on full NVLink) runs sgl-kernel's
 * vLLM-derived kernel (sgl-kernel/csrc/allreduce/custom_all_reduce.cuh, {@code REDUCE_CASE}: at 8 ranks on full NVLink
 * {@code cross_device_reduce_1stage} for {@code bytes < 256 * 1024}, {@code cross_device_reduce_2stage} above), the
 * same thresholds as vLLM's csrc/custom_all_reduce.cuh since vllm-project/vllm PR 2192 (2023-12). So PR 7621's
 * decode-size figure is a one-stage time and is applied only below 256 KiB. From 256 KiB up to the 8 MiB buffer the
 * engines run the two-stage kernel, for which no published B200 TP 8 time was found (vLLM PRs 24111 / 24532 / 42324 /
 * 37756 tabulate {@code ca_2stage} on Hopper, and on B300 at a world size the stored excerpts do not show): the ring
 * is kept there, as it is above 8 MiB (NCCL) and everywhere else (Hopper: s21i, s24f; AMD; TP 2 / 4; training).
 */
public final class CustomAllReduce {

  /** The one-stage kernel's per-call time, seconds: sglang PR 7621, B200 TP 8 (unfused with add + RMSNorm, nsys). */
  public static final double PER_CALL_SECONDS = 13.5e-6;

  /** Below this message size, bytes, the custom kernel runs one stage at 8 ranks (custom_all_reduce.cuh). */
  public static final long ONE_STAGE_LIMIT_BYTES = 256L * 1024;

  /** The tensor-parallel degree the per-call time was measured at. */
  public static final int TP = 8;

  private CustomAllReduce() {}

  /**
   * Returns whether the rule applies to a tensor-parallel group: a Blackwell (SM100-family) accelerator, {@code tp}
   * of {@link #TP}, the group inside one scale-up domain that is not PCIe.
   *
   * @param accelerator the accelerator
   * @param tp the tensor-parallel degree of the attention and dense layers
   * @return true where the one-stage per-call time replaces the ring's latency for small messages
   */
  public static boolean applies(AcceleratorSpec accelerator, int tp) {
    return tp == TP
        && tp <= accelerator.scaleUpDomain()
        && !accelerator.scaleUpOverPcie()
        && "blackwell".equals(Microbenchmarks.family(accelerator));
  }

  /**
   * Returns the latency part of one all-reduce of {@code messageBytes}: {@link #PER_CALL_SECONDS} for a message
   * below {@link #ONE_STAGE_LIMIT_BYTES} where {@code applies}, else {@code ringLatency}.
   *
   * @param applies {@link #applies(AcceleratorSpec, int)} of the group
   * @param messageBytes the all-reduced message, bytes
   * @param ringLatency the ring's {@code 2(tp − 1)} latency steps, seconds
   * @return seconds
   */
  public static double latencySeconds(boolean applies, double messageBytes, double ringLatency) {
    return applies && messageBytes < ONE_STAGE_LIMIT_BYTES ? PER_CALL_SECONDS : ringLatency;
  }

  /**
   * Returns the clause the tensor-parallel assumption line prints where the rule applies, or null.
   *
   * @param accelerator the accelerator
   * @param tp the tensor-parallel degree
   * @return the clause, or null where the ring is charged for every message
   */
  public static @Nullable String describe(AcceleratorSpec accelerator, int tp) {
    if (!applies(accelerator, tp)) {
      return null;
    }
    return String.format(Locale.ROOT,
        "on Blackwell at tp %d in one NVLink domain an all-reduce of a message below %d KiB (the engines' custom"
            + " one-stage kernel, sgl-kernel/vLLM custom_all_reduce.cuh) takes %.1f µs instead of the ring's steps"
            + " (sglang PR 7621, B200 TP 8, nsys; the ring volume kept); from %d KiB up (the two-stage kernel, no"
            + " published Blackwell time found) the ring",
        tp, ONE_STAGE_LIMIT_BYTES / 1024, PER_CALL_SECONDS * 1e6, ONE_STAGE_LIMIT_BYTES / 1024);
  }
}
