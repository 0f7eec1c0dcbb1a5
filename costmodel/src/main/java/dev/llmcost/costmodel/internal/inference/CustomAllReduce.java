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
 *
 * <p>The fused one-shot rule (s24l, 2026-12-07; the kernel found by s24k), opt-in through the scenario ({@code
 * InferenceScenario.Builder#fusedOneShotAllReduce}, default off): SGLang sends DeepSeek-V3-architecture decode
 * all-reduces of up to 2,048 tokens on SM100 through FlashInfer's fused {@code trtllm_allreduce_fusion} (all-reduce +
 * residual add + RMSNorm; {@code enable_flashinfer_allreduce_fusion} on by default for {@code DeepseekV3ForCausalLM}
 * on SM100, sgl-project/sglang PR 12724, 2025-11-06; {@code FUSE_ALLREDUCE_MAX_BATCH_SIZE = 2048} in
 * python/sglang/srt/layers/communicator.py), which at world size 8 picks its one-shot (Lamport) kernel while the
 * one-shot traffic {@code tokens · hidden · 2 B · 2 · world} is at most 42 MiB (flashinfer-ai/flashinfer PR 1972,
 * 2025-10-23, {@code _use_oneshot_heuristics = {2: 512, 4: 64, 8: 42}} in flashinfer/comm/trtllm_ar.py; the earlier
 * rule, one-shot to 128 tokens, covers the same decode sizes): a message of at most {@link
 * #FUSED_ONE_SHOT_LIMIT_BYTES} (2.625 MiB, 192 tokens at hidden 7168). Where the rule is on, a message from {@link
 * #ONE_STAGE_LIMIT_BYTES} up to that limit costs {@link #FUSED_ONE_SHOT_INTERCEPT_SECONDS} + {@link
 * #FUSED_ONE_SHOT_SECONDS_PER_BYTE} × bytes a call, the whole call (the ring's latency steps and its volume term are
 * not added: the measured times include moving the data). The line runs through the two published 8-rank one-shot
 * points at the rows' message width: lightseekorg/tokenspeed PR 860 (nperrin-fr, 2026-07-31, merged;
 * https://github.com/lightseekorg/tokenspeed/pull/860), fused MNNVL one-shot all-reduce + RMSNorm (one-shot to 128
 * tokens), GB200, world 8, hidden 7168, bf16, median of 5 × 50 iterations: 19.1 µs at 64 tokens (0.875 MiB), 29.4 µs
 * at 128 tokens (1.75 MiB); slope 10.3 µs / 0.875 MiB = 11.8 µs a MiB, intercept 8.8 µs. The intercept agrees with
 * sglang PR 7621's in-graph fused-kernel time on B200 TP 8 at decode size (8.7 µs), which is why the line, and not
 * PR 7621's intercept with the measured slope (the same within 0.1 µs), is used: both of its points are one-shot
 * times at 8 ranks and hidden 7168. Limits: tokenspeed's kernel is its own multicast one-shot on GB200 across two
 * trays of one NVLink domain, not FlashInfer's {@code trtllm_allreduce_fusion} on B200/B300 (no per-size time of that
 * kernel at 8 ranks was found readable, s24k); the fused RMSNorm and residual add it includes are still charged by
 * the roofline's elementwise term. Below 256 KiB the one-stage rule above stays; above the limit (two-shot) the ring.
 */
public final class CustomAllReduce {

  /** The one-stage kernel's per-call time, seconds: sglang PR 7621, B200 TP 8 (unfused with add + RMSNorm, nsys). */
  public static final double PER_CALL_SECONDS = 13.5e-6;

  /** Below this message size, bytes, the custom kernel runs one stage at 8 ranks (custom_all_reduce.cuh). */
  public static final long ONE_STAGE_LIMIT_BYTES = 256L * 1024;

  /**
   * The fused one-shot kernel's largest message at 8 ranks, bytes: FlashInfer's 42 MiB one-shot traffic cap over
   * {@code 2 · world · 1} (flashinfer PR 1972), 2.625 MiB (s24l).
   */
  public static final long FUSED_ONE_SHOT_LIMIT_BYTES = 42L * 1024 * 1024 / (2 * 8);

  /** The fused one-shot line's first point: 64 tokens × 7168 × 2 B, bytes (tokenspeed PR 860). */
  private static final double FUSED_POINT_1_BYTES = 64.0 * 7168 * 2;

  /** The fused one-shot line's second point: 128 tokens × 7168 × 2 B, bytes (tokenspeed PR 860). */
  private static final double FUSED_POINT_2_BYTES = 128.0 * 7168 * 2;

  /** The fused one-shot line's slope, seconds a byte: (29.4 − 19.1) µs over 0.875 MiB (tokenspeed PR 860). */
  public static final double FUSED_ONE_SHOT_SECONDS_PER_BYTE =
      (29.4e-6 - 19.1e-6) / (FUSED_POINT_2_BYTES - FUSED_POINT_1_BYTES);

  /** The fused one-shot line's intercept, seconds: 19.1 µs less the slope times 0.875 MiB, 8.8 µs. */
  public static final double FUSED_ONE_SHOT_INTERCEPT_SECONDS =
      19.1e-6 - FUSED_ONE_SHOT_SECONDS_PER_BYTE * FUSED_POINT_1_BYTES;

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
   * Returns the whole time of one all-reduce of {@code messageBytes}: with {@code fused} (and {@code applies}) a
   * message from {@link #ONE_STAGE_LIMIT_BYTES} to {@link #FUSED_ONE_SHOT_LIMIT_BYTES} at the fused one-shot line,
   * else {@link #latencySeconds} plus {@code volumeSeconds}.
   *
   * @param applies {@link #applies(AcceleratorSpec, int)} of the group
   * @param fused whether the engine's fused one-shot all-reduce runs up to its limit (the scenario's flag)
   * @param messageBytes the all-reduced message, bytes
   * @param ringLatency the ring's {@code 2(tp − 1)} latency steps, seconds
   * @param volumeSeconds the ring's volume term, seconds
   * @return seconds
   */
  public static double callSeconds(
      boolean applies, boolean fused, double messageBytes, double ringLatency, double volumeSeconds) {
    if (applies && fused && messageBytes >= ONE_STAGE_LIMIT_BYTES && messageBytes <= FUSED_ONE_SHOT_LIMIT_BYTES) {
      return FUSED_ONE_SHOT_INTERCEPT_SECONDS + FUSED_ONE_SHOT_SECONDS_PER_BYTE * messageBytes;
    }
    return latencySeconds(applies, messageBytes, ringLatency) + volumeSeconds;
  }

  /**
   * Returns the clause the tensor-parallel assumption line prints where the rule applies, or null.
   *
   * @param accelerator the accelerator
   * @param tp the tensor-parallel degree
   * @param fused whether the engine's fused one-shot all-reduce runs up to its limit (the scenario's flag)
   * @return the clause, or null where the ring is charged for every message
   */
  public static @Nullable String describe(AcceleratorSpec accelerator, int tp, boolean fused) {
    if (!applies(accelerator, tp)) {
      return null;
    }
    if (fused) {
      return String.format(Locale.ROOT,
          "on Blackwell at tp %d in one NVLink domain an all-reduce of a message below %d KiB takes %.1f µs instead"
              + " of the ring's steps (sglang PR 7621, B200 TP 8, nsys; the ring volume kept); from %d KiB to %.3f MiB"
              + " the engine's fused one-shot all-reduce + RMSNorm (SGLang's FlashInfer trtllm_allreduce_fusion for"
              + " DeepSeek-V3 on SM100, one-shot to 42 MiB of traffic at 8 ranks, flashinfer PR 1972) takes"
              + " %.1f µs + %.1f µs a MiB a call, ring volume included (the line through tokenspeed PR 860's 8-rank"
              + " one-shot points, GB200, hidden 7168: 19.1 µs at 0.875 MiB, 29.4 µs at 1.75 MiB); above it the ring",
          tp, ONE_STAGE_LIMIT_BYTES / 1024, PER_CALL_SECONDS * 1e6, ONE_STAGE_LIMIT_BYTES / 1024,
          FUSED_ONE_SHOT_LIMIT_BYTES / (1024.0 * 1024), FUSED_ONE_SHOT_INTERCEPT_SECONDS * 1e6,
          FUSED_ONE_SHOT_SECONDS_PER_BYTE * 1024 * 1024 * 1e6);
    }
    return String.format(Locale.ROOT,
        "on Blackwell at tp %d in one NVLink domain an all-reduce of a message below %d KiB (the engines' custom"
            + " one-stage kernel, sgl-kernel/vLLM custom_all_reduce.cuh) takes %.1f µs instead of the ring's steps"
            + " (sglang PR 7621, B200 TP 8, nsys; the ring volume kept); from %d KiB up (the two-stage kernel, no"
            + " published Blackwell time found) the ring",
        tp, ONE_STAGE_LIMIT_BYTES / 1024, PER_CALL_SECONDS * 1e6, ONE_STAGE_LIMIT_BYTES / 1024);
  }
}
