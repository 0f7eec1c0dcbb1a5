package dev.llmcost.costmodel.inference;

import dev.llmcost.core.hardware.AcceleratorSpec;
import java.util.Locale;

/**
 * The CPU that runs a serving engine's host loop: what the per-iteration host work of an engine
 * whose scheduler runs in Python ({@link ServingOverheads#pythonScheduler(HostCpu)}) costs depends on it.
 *
 * <p>The accelerators of an NVIDIA Grace superchip (GH200, GB200, GB300) are driven by its Arm
 * Neoverse V2 cores; the others in the catalog by x86 server CPUs (DGX H100/H200: Xeon Platinum
 * 8480C; DGX B200: Xeon Platinum 8570). The PyTorch host work of one forward pass is measurably
 * slower on Grace: NVIDIA/TransformerEngine issue 2053 (2025-08-11) times the CPU side of one
 * {@code torch.nn.Linear} forward at 37.08 µs on GB200 and 33.17 µs on GH200 against 13.48 µs on a
 * DGX H100; TensorRT-LLM 1.0's performance overview (docs/source/performance/perf-overview.md at
 * commit 00f37686) measures Qwen3-30B-A3B FP4 at 128/128 tokens at 24,107 output tokens/s on one
 * GB200 and 39,827 on one B200, while its GPU-bound settings (2048/128, 20000/2000) run 5–9%
 * faster on GB200.
 */
public enum HostCpu {
  /** An x86 server CPU (the DGX H100, H200 and B200 hosts): the reference. */
  X86,
  /** NVIDIA Grace (72 Arm Neoverse V2 cores), the host of GH200, GB200 and GB300. */
  GRACE;

  /**
   * Returns the host CPU that drives an accelerator: {@link #GRACE} for the Grace superchips
   * (catalog ids starting with {@code gh} or {@code gb}, or a part whose specification is identical to one of
   * them, {@code Microbenchmarks.rowsId}), else {@link #X86}.
   *
   * @param accelerator the accelerator
   * @return its host CPU
   */
  public static HostCpu of(AcceleratorSpec accelerator) {
    // a copy of a Grace part under an id of its own is read as the catalog part whose specification it shares
    String id = dev.llmcost.costmodel.internal.efficiency.Microbenchmarks.bundled().rowsId(accelerator)
        .toLowerCase(Locale.ROOT);
    return id.startsWith("gh") || id.startsWith("gb") ? GRACE : X86;
  }
}
