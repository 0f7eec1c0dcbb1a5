package dev.llmcost.costmodel.internal.efficiency;

import dev.llmcost.core.DType;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorSpec;
import java.util.Optional;

/**
 * PyTorch's own fused attention on AMD CDNA3 (MI300X, MI325X) against AITER's assembly FMHA v3 kernels, the CDNA
 * profiles' attention curve ({@link Microbenchmarks#defaultAttentionKernel(AcceleratorSpec)}, s13r).
 *
 * <p>A PyTorch-native job (torchtitan, torchao's float8 benchmarks) calls {@code
 * F.scaled_dot_product_attention}, which on ROCm runs the flash backend's AOTriton kernels ({@code
 * aten::_flash_attention_forward/_backward}; s16c read the dispatch at the torchao MI300X run's versions), not
 * AITER's, which ROCm's Transformer Engine and Primus-Turbo call. AMD measured the two in one TorchTitan job: "Deep
 * Dive into Primus: High-Performance Training for Large Language Models" (V. Goyal, W. Cai, Y. Fu, G. Wang, W. Xie,
 * X. Chen; rocm.blogs.amd.com, 15 Jan 2026; ROCm/rocm-blogs {@code
 * blogs/software-tools-optimization/primus-deep-dive/README.md} at d7e207dc4b, read 2026-12-07): Llama 3.1 70B on Primus'
 * TorchTitan backend "no optimizations" spends 19.47% of its GPU time in {@code aten::_flash_attention_backward} and
 * 7.48% in the forward (Table 2), and switching to AITER's {@code fmha_v3_bwd}/{@code fmha_v3_fwd} "dramatically
 * reduce[s] FlashAttention latency — by 75% for the backward pass and 47% for the forward pass" (Figure 1). The
 * blog's TorchTitan recipe for that model is sequence 8,192, full activation checkpointing
 * (AMD-AGI/Primus {@code examples/torchtitan/configs/MI325X/llama3.1_70B-BF16-pretrain.yaml} at 9b5a51e98e); its GPU is not named
 * beside Figure 1 (the blog's end-to-end figures are MI325X; MI300X shares its CDNA3 gfx942 compute die), nor are the
 * PyTorch/AOTriton versions. The native rate is therefore AITER's times {@code 1 − 0.47} forward and {@code 1 − 0.75}
 * backward, combined here into one fwd+bwd factor at the blog's sequence length from AITER's own forward and
 * fwd+bwd curves on the part (about 0.29 on MI300X).
 */
public final class RocmSdpaAttention {

  /** The forward latency AITER's {@code fmha_v3_fwd} saves against PyTorch's native kernel (Primus deep dive, Fig. 1). */
  public static final double FORWARD_LATENCY_REDUCTION = 0.47;

  /** The backward latency AITER's {@code fmha_v3_bwd} saves against PyTorch's native kernel (Primus deep dive, Fig. 1). */
  public static final double BACKWARD_LATENCY_REDUCTION = 0.75;

  /** The sequence length of the measured job (Primus' TorchTitan Llama 3.1 70B recipe, {@code seq_len: 8192}). */
  public static final int MEASURED_SEQUENCE = 8192;

  /** The kernel whose curve the native rate is read against. */
  static final String AITER_KERNEL = "aiter-fmha-v3";

  private RocmSdpaAttention() {}

  /**
   * Returns PyTorch SDPA's causal fwd+bwd attention rate relative to the profile's AITER curve on an accelerator:
   * below 1 on a CDNA3 part whose default attention kernel is AITER's FMHA v3 and whose forward and fwd+bwd AITER
   * curves are measured, else exactly 1 (every other part runs the kernel its curve measured).
   *
   * @param a the accelerator
   * @return the factor on the attention kernel fraction of a PyTorch-native job
   */
  public static double relativeToAiter(AcceleratorSpec a) {
    if (!"cdna3".equals(Microbenchmarks.family(a))) {
      return 1;
    }
    Microbenchmarks mb = Microbenchmarks.bundled();
    if (!mb.defaultAttentionKernel(a).map(AITER_KERNEL::equals).orElse(false)) {
      return 1;
    }
    Optional<FlopRate> peak = a.peak(DType.BF16).or(() -> a.peak(DType.FP16));
    if (peak.isEmpty()) {
      return 1;
    }
    Optional<double[]> both = mb.attentionCurve(a, AITER_KERNEL, 128, peak.get());
    Optional<double[]> forward = mb.attentionForwardCurve(a, AITER_KERNEL, 128, peak.get());
    if (both.isEmpty() || forward.isEmpty()) {
      return 1;
    }
    return relativeToAiter(rate(both.get()), rate(forward.get()));
  }

  /**
   * Returns the native fwd+bwd rate relative to AITER's from AITER's fwd+bwd and forward rates at one sequence
   * length (FlashAttention FLOP convention: fwd+bwd counts 3.5 forwards, the backward 2.5).
   *
   * @param fwdBwdRate AITER's causal fwd+bwd rate (any unit)
   * @param forwardRate AITER's causal forward rate (the same unit)
   * @return the factor, in (0, 1]
   */
  static double relativeToAiter(double fwdBwdRate, double forwardRate) {
    double both = 3.5 / fwdBwdRate;
    double forward = Math.min(1 / forwardRate, both);
    double backward = both - forward;
    return both / (forward / (1 - FORWARD_LATENCY_REDUCTION) + backward / (1 - BACKWARD_LATENCY_REDUCTION));
  }

  private static double rate(double[] curve) {
    return curve[0] * MEASURED_SEQUENCE / (MEASURED_SEQUENCE + curve[1]);
  }
}
