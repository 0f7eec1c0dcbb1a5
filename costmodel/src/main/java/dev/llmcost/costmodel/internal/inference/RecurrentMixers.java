package dev.llmcost.costmodel.internal.inference;

import dev.llmcost.core.model.LayerMixer;
import dev.llmcost.core.model.LinearAttention;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.StateSpaceMixer;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import org.jspecify.annotations.Nullable;

/**
 * The token mixing of the linear-attention and state-space layers of one pipeline stage on one GPU:
 * what their projections leave, the recurrence over each sequence's constant-size state.
 *
 * <p>Decode runs one recurrent step per sequence and layer: the state is read and written once
 * (the recurrent kernels keep it in registers for the step: FlashQLA's and flash-linear-attention's
 * {@code fused_recurrent_gated_delta_rule}, mamba-ssm's {@code selective_state_update}), and the
 * arithmetic, a few multiply-adds per state element, runs as GEMVs on the fp32 vector units; so the
 * step costs {@code max(6 or 8 FLOPs per state element / vector rate, 2 × state bytes / bandwidth)}, the
 * bandwidth being the share {@link #STATE_UPDATE_BANDWIDTH_FRACTION} of the datasheet's that vLLM's
 * state-update kernel is measured to reach.
 *
 * <p>Prefill runs the chunked forms: gated DeltaNet as flash-linear-attention's {@code
 * chunk_gated_delta_rule} with chunks of {@link #DELTANET_CHUNK} tokens (Yang, Kautz and
 * Hatamizadeh 2024, arXiv:2412.06464 §3.3: per token and value head {@code 2·C·(d_k + d_v)} FLOPs
 * within the chunk and {@code 8·d_k·d_v} for the state products), the per-chunk states stored and
 * read back once (the {@code h} tensor of shape {@code [chunks, heads, d_v, d_k]}, as vLLM PR
 * #56307 describes the Triton pipeline); Mamba-2 as the SSD algorithm with chunks of {@link
 * #SSD_CHUNK} tokens (Dao and Gu 2024, arXiv:2405.21060 §6: per token {@code 2·Q·N} per group for
 * {@code CBᵀ}, {@code 2·Q·P + 4·N·P} per head for the masked product and the chunk states), on
 * tensor cores at the GEMM curve's efficiency for the chunk's shape; Mamba-1 (Jamba) as the
 * hardware-aware selective scan (Gu and Dao 2023, arXiv:2312.00752 §3.3.2: the state stays in
 * SRAM, inputs and outputs cross HBM once) at the vector rate.
 *
 * <p>Heads, inner width and state split over tensor parallelism as attention heads do.
 */
final class RecurrentMixers {

  /** Tokens per chunk of flash-linear-attention's chunked gated-delta-rule kernels. */
  static final int DELTANET_CHUNK = 64;

  /**
   * The share of the datasheet memory bandwidth the decode state-update kernels reach: vLLM's
   * Triton {@code selective_state_update} moves 8,192 head-states of 64 × 128 fp16 elements (268 MB
   * read and written) in 104.54 µs on H100 SXM (vLLM PR #43083, tuning table for headdim 64,
   * dstate 128, 8 groups), 2.57 TB/s of 3.35 TB/s. The other rows of that table, above the L2
   * cache, are compared in {@code RecurrentMixersTest}.
   */
  static final double STATE_UPDATE_BANDWIDTH_FRACTION = 0.767;

  /** Tokens per chunk of mamba-ssm's SSD kernels ({@code chunk_size} of Mamba-2 configurations). */
  static final int SSD_CHUNK = 256;

  /** One kind of recurrent layer: its per-GPU projections and recurrence. */
  record Kind(
      double layers,
      double[] gemmN,
      double[] gemmK,
      double stateBytes,
      double decodeFlops,
      double ioBytesPerToken,
      double prefillFlopsPerToken,
      double prefillRate,
      double chunk,
      double chunkStateBytes) {}

  private final Kind[] kinds;
  private final double vectorRate;
  private final double bandwidth;
  private final double stateBandwidth;

  RecurrentMixers(
      ModelArchitecture model,
      int tp,
      double stageShare,
      double stateBytesPerElement,
      double act,
      double peak16,
      double vectorRate,
      double bandwidth,
      double datasheetBandwidth,
      EfficiencyProfile profile) {
    this.vectorRate = vectorRate;
    this.bandwidth = bandwidth;
    this.stateBandwidth = datasheetBandwidth * STATE_UPDATE_BANDWIDTH_FRACTION;
    int h = model.hidden();
    double linLayers = model.layersOf(LayerMixer.LINEAR_ATTENTION) * stageShare;
    double ssmLayers =
        (model.layersOf(LayerMixer.STATE_SPACE) + model.layersOf(LayerMixer.ATTENTION_AND_STATE_SPACE)) * stageShare;
    Kind lin = null;
    Kind ssm = null;
    if (linLayers > 0 && model.linearAttention().isPresent()) {
      LinearAttention l = model.linearAttention().get();
      double kw = (double) l.keyWidth() / tp;
      double vw = (double) l.valueWidth() / tp;
      double vh = (double) l.valueHeads() / tp;
      double state = (double) l.stateElements() / tp;
      double conv = (double) l.convChannels() / tp;
      double dk = l.keyHeadDim();
      double dv = l.valueHeadDim();
      int c = DELTANET_CHUNK;
      double eff = profile.matmulEfficiency(c, (long) dv, (long) dk);
      lin = new Kind(
          linLayers,
          new double[] {2 * kw + 2 * vw, 2 * vh, h},
          new double[] {h, h, vw},
          state * stateBytesPerElement,
          // delta rule: decay, S·k, rank-1 update, S·q (four multiply-adds per state element) and the convolution
          8 * vh * dk * dv + 2 * conv * l.convKernel(),
          (conv + 2 * vw) * act,
          vh * (2.0 * c * (dk + dv) + 8 * dk * dv) + 2 * conv * l.convKernel(),
          peak16 * eff,
          c,
          2 * vh * dk * dv * act);
    }
    if (ssmLayers > 0 && model.stateSpace().isPresent()) {
      StateSpaceMixer s = model.stateSpace().get();
      double inner = (double) s.inner() / tp;
      double n = s.state();
      double state = (double) s.stateElements() / tp;
      double conv = (double) s.convChannels() / tp;
      double scanFlops = 6 * inner * n + 2 * conv * s.convKernel();
      if (s.version() == 2) {
        double heads = (double) s.heads() / tp;
        double groups = Math.max(1.0, (double) s.groups() / tp);
        double p = s.inner() / (double) s.heads();
        int q = SSD_CHUNK;
        double eff = profile.matmulEfficiency(q, (long) p, (long) n);
        ssm = new Kind(
            ssmLayers,
            new double[] {2 * inner + 2 * groups * n + heads, h},
            new double[] {h, inner},
            state * stateBytesPerElement,
            scanFlops,
            (conv + 2 * inner) * act,
            groups * 2.0 * q * n + heads * (2.0 * q * p + 4 * n * p) + 2 * conv * s.convKernel(),
            peak16 * eff,
            q,
            2 * inner * n * act);
      } else {
        double r = s.dtRank();
        ssm = new Kind(
            ssmLayers,
            new double[] {2 * inner, r + 2 * n, inner, h},
            new double[] {h, inner, r, inner},
            state * stateBytesPerElement,
            scanFlops,
            (4 * inner + 2 * n) * act,
            scanFlops,
            vectorRate,
            Double.POSITIVE_INFINITY,
            0);
      }
    }
    this.kinds = lin != null && ssm != null ? new Kind[] {lin, ssm}
        : lin != null ? new Kind[] {lin} : ssm != null ? new Kind[] {ssm} : new Kind[0];
  }

  /** Returns whether the stage has recurrent layers. */
  boolean present() {
    return kinds.length > 0;
  }

  /** Returns the kinds of recurrent layers (at most two: linear attention, state space). */
  Kind[] kinds() {
    return kinds;
  }

  /**
   * Returns the seconds of the recurrence in one pass, {@code max(compute, memory)} per kind of
   * layer, and adds its FLOPs, bytes, compute and memory seconds to {@code out}'s recurrent group.
   *
   * @param decodeSeqs sequences decoding one token
   * @param prefillSeqs sequences whose prompt is prefilled
   * @param prompt prompt tokens of a prefilled sequence
   * @param out per-group breakdown {@code [GROUPS × SLOTS]} to add to, or null
   * @return seconds
   */
  double mix(double decodeSeqs, double prefillSeqs, int prompt, double @Nullable [] out) {
    double t = 0;
    for (Kind k : kinds) {
      double flops = 0;
      double bytes = 0;
      double compute = 0;
      double memory = 0;
      if (decodeSeqs > 0) {
        double f = decodeSeqs * k.decodeFlops();
        flops += f;
        compute += f / vectorRate;
        bytes += decodeSeqs * (2 * k.stateBytes() + k.ioBytesPerToken());
        memory += decodeSeqs * (2 * k.stateBytes() / stateBandwidth + k.ioBytesPerToken() / bandwidth);
      }
      if (prefillSeqs > 0 && prompt > 0) {
        double tokens = prefillSeqs * prompt;
        double f = tokens * k.prefillFlopsPerToken();
        flops += f;
        compute += f / Math.max(k.prefillRate(), vectorRate);
        double chunks = Double.isInfinite(k.chunk()) ? 0 : Math.ceil(prompt / k.chunk());
        double b = tokens * k.ioBytesPerToken() + prefillSeqs * (chunks * k.chunkStateBytes() + k.stateBytes());
        bytes += b;
        memory += b / bandwidth;
      }
      t += Math.max(compute, memory) * k.layers();
      if (out != null) {
        int o = Roofline.G_RECURRENT * Roofline.SLOTS;
        out[o + Roofline.S_FLOPS] += flops * k.layers();
        out[o + Roofline.S_BYTES] += bytes * k.layers();
        out[o + Roofline.S_COMPUTE] += compute * k.layers();
        out[o + Roofline.S_MEMORY] += memory * k.layers();
        out[o + Roofline.S_TIME] += Math.max(compute, memory) * k.layers();
      }
    }
    return t;
  }
}
