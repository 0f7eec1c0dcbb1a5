package dev.llmcost.costmodel.internal.training;

import dev.llmcost.costmodel.internal.efficiency.Fp8Attention;

/**
 * The numbers of a cluster and its efficiency profile that the training evaluator needs, as
 * primitive fields: achieved bandwidths (datasheet × profile fraction), peaks of the math types,
 * the matmul curve and the overlap efficiency.
 *
 * <p>Mutable so that a planner or the calibration can reuse one instance; the public API builds a
 * fresh one per estimate.
 */
public final class HardwareConstants {
  /** Dense peak of the GEMM math type, FLOP/s. */
  public double matmulPeak;
  /** Dense peak of the attention math type (16-bit even under FP8 recipes), FLOP/s. */
  public double attentionPeak;
  /** Achieved memory bandwidth, bytes/s. */
  public double memoryBandwidth;
  /** Achieved scale-up (NVLink) bandwidth per GPU and direction, bytes/s. */
  public double scaleUpBandwidth;
  /** Achieved network bandwidth per GPU and direction, bytes/s. */
  public double scaleOutBandwidth;
  /** Latency of one ring step within a node, seconds. */
  public double latency;
  /** Latency of one ring step across nodes, seconds. */
  public double interNodeLatency;
  /**
   * Whether the data-parallel collectives run as NCCL (RCCL) rings, so that every FSDP unit's all-gather and
   * reduce-scatter pays its ring's step latencies ({@link Evaluator#fsdpUnitLatency}, {@link
   * Evaluator#fsdpLayerwiseExposed}): true on GPUs; false on TPUs, whose collectives XLA runs over the ICI torus,
   * where the sharded collectives keep the one stage-wide latency charge.
   */
  public boolean ringCollectives = true;
  /**
   * Axes of the ICI torus a chip's links span (2 on TPU v5e and v6e, 3 on TPU v4 and v5p), or 0 on a switched
   * scale-up fabric (NVLink/NVSwitch, Infinity Fabric), where every member of a group reaches the fabric's whole
   * bandwidth. On a torus a collective over a mesh axis moves its bytes only over the links of the torus axes that
   * mesh axis is laid on ({@link #torusShare}).
   */
  public int torusAxes;
  /** GPUs one scale-up domain (node) connects. */
  public int gpusPerNode;
  /** Device memory, bytes. */
  public double memoryCapacity;
  /** Fraction of peak that large GEMMs reach. */
  public double matmulPeakFraction;
  /**
   * Fraction of the 16-bit peak ({@link #attentionPeak}) that large 16-bit GEMMs reach: the output
   * head's GEMMs run in 16 bits under FP8 recipes.
   */
  public double matmulPeakFraction16;
  /** Half-saturation dimension of the matmul curve. */
  public double matmulHalfSaturationDim;
  /**
   * Half-saturation dimension of the FP8 recipe's GEMM curve where measured ({@code Fp8Gemm#halfSaturationDim}),
   * used by {@link #matmulEfficiency} in place of {@link #matmulHalfSaturationDim}; 0 = the 16-bit curve's.
   */
  public double fp8HalfSaturationDim;
  /**
   * Rate of GEMMs at transformer-layer shapes relative to the best-shape curve, for the GEMM math type
   * ({@code Fp8Gemm#layerShapeFactor}); 1 where not measured.
   */
  public double layerShapeFactor = 1;
  /** {@link #layerShapeFactor} of 16-bit GEMMs ({@link #matmulEfficiency16}). */
  public double layerShapeFactor16 = 1;
  /** Fraction of the attention peak that fused attention reaches. */
  public double attentionKernelFraction;
  /** Key length at which fused attention reaches half of its fraction (0: independent of length). */
  public double attentionHalfSaturationSeq;
  /** FlashAttention-1's asymptotic rate relative to FlashAttention-2's (measured). */
  public double flash1Scale = 1;
  /** FlashAttention-1's half-saturation key length (measured). */
  public double flash1HalfSaturationSeq;
  /** Streaming multiprocessors GEMM tiles are scheduled on; 0 when unknown or not tiled that way. */
  public int computeUnits;
  /** Fraction of the microbenchmark GEMM and attention rates sustained in a training step. */
  public double sustainedCompute = 1;
  /** Overhead per layer and pass beyond the kernels' work, seconds. */
  public double layerOverheadSeconds;
  /** Fraction of shared time an overlapped collective hides. */
  public double overlapEfficiency;
  /** Achieved HBM bandwidth of FP8 quantization kernels, bytes/s. */
  public double fp8QuantizeBandwidth = 1;
  /** Whether FP8 GEMMs need a transposed copy of each operand for its columnwise usage (Hopper and earlier). */
  public boolean fp8Transposes = true;
  /**
   * FP8 over BF16 rate of cuDNN's fused attention by sequence length, forward and backward ({@code
   * attention-fp8.csv}); {@link Fp8Attention.Curve#NONE} where not measured on the part or its family.
   */
  public Fp8Attention.Curve fp8Attention = Fp8Attention.Curve.NONE;
  /** Bandwidth of the link to host memory, one direction, bytes/s ({@link HostLinks}). */
  public double hostLinkBandwidth = HostLinks.ASSUMED_BYTES_PER_SECOND;

  /**
   * Returns the achieved fraction of peak of a GEMM whose smallest dimension is {@code minDim}.
   *
   * @param minDim smallest GEMM dimension
   * @return efficiency
   */
  public double matmulEfficiency(double minDim) {
    double dh = fp8HalfSaturationDim > 0 ? fp8HalfSaturationDim : matmulHalfSaturationDim;
    return sustainedCompute * matmulPeakFraction * layerShapeFactor * minDim / (minDim + dh);
  }

  /**
   * Returns the achieved fraction of the 16-bit peak of a 16-bit GEMM whose smallest dimension is
   * {@code minDim}.
   *
   * @param minDim smallest GEMM dimension
   * @return efficiency
   */
  public double matmulEfficiency16(double minDim) {
    return sustainedCompute * matmulPeakFraction16 * layerShapeFactor16 * minDim / (minDim + matmulHalfSaturationDim);
  }

  /**
   * Returns the fraction of the attention peak that fused attention reaches at {@code keys} keys
   * per query (FlashAttention's causal forward+backward rate against sequence length).
   *
   * @param keys keys per query
   * @return efficiency
   */
  public double attentionEfficiency(double keys) {
    return sustainedCompute * attentionKernelFraction * keys / (keys + attentionHalfSaturationSeq);
  }

  /**
   * Returns the fraction of the attention peak that a fused kernel reaches at {@code keys} keys
   * per query.
   *
   * @param keys keys per query
   * @param kernel {@link EvalConfig#ATTENTION_FLASH_2} or {@link EvalConfig#ATTENTION_FLASH_1}
   * @return efficiency
   */
  public double attentionEfficiency(double keys, int kernel) {
    if (kernel == EvalConfig.ATTENTION_FLASH_1) {
      return sustainedCompute * attentionKernelFraction * flash1Scale * keys / (keys + flash1HalfSaturationSeq);
    }
    return attentionEfficiency(keys);
  }

  /**
   * Returns the latency of one ring step of a collective over a group of {@code size} ranks
   * {@code stride} apart: within a node or across nodes.
   *
   * @param size ranks in the group
   * @param stride rank distance between consecutive members
   * @return seconds
   */
  public double groupLatency(int size, int stride) {
    return (long) size * stride <= gpusPerNode ? latency : interNodeLatency;
  }

  /**
   * Returns the bandwidth of a collective over a group of {@code size} ranks whose members are
   * {@code stride} ranks apart (ranks fill nodes in order): the scale-up fabric when the whole
   * group sits in one node, otherwise the network, where the members a node holds share that
   * many network links (and never exceed the scale-up fabric).
   *
   * @param size ranks in the group
   * @param stride rank distance between consecutive members
   * @return achieved bandwidth in bytes/s
   */
  public double groupBandwidth(int size, int stride) {
    return groupBandwidth(size, stride, 1);
  }

  /**
   * Returns the bandwidth of a collective over a group inside a TPU slice that uses {@code share} of the chip's ICI
   * links ({@link #torusShare}), or {@link #groupBandwidth(int, int)} where the group leaves the slice (its rate is
   * the network's) or the fabric is switched.
   *
   * @param size ranks in the group
   * @param stride rank distance between consecutive members
   * @param share fraction of the scale-up bandwidth the group's torus axes carry (1 on a switched fabric)
   * @return achieved bandwidth in bytes/s
   */
  public double groupBandwidth(int size, int stride, double share) {
    if ((long) size * stride <= gpusPerNode) {
      return scaleUpBandwidth * share;
    }
    return networkGroupBandwidth(size, stride);
  }

  /**
   * Returns the fraction of a chip's ICI bandwidth that the tensor-parallel mesh axis of {@code tp} chips reaches,
   * and {@code 1 - } that for the data-parallel axes beside it: on a torus, a collective over a mesh axis moves
   * "bytes / (bidirectional ICI bandwidth * num_axes)" (jax-ml/scaling-book sharding.md, "What happens when we
   * AllGather over multiple axes?" and its summary table, commit 0819a7d), where num_axes counts the torus axes the
   * mesh axis is laid on. A tensor-parallel axis of up to 16 chips lies on one torus axis (a TPU v4 superpod is
   * 16x16x16, a v5e or v6e pod a 16x16 torus, tpus.md), a larger one on two.
   *
   * @param tp chips of the tensor-parallel group
   * @param tensorAxis true for the tensor-parallel axis, false for the data-parallel axes beside it
   * @return the share (1 on a switched fabric or without tensor parallelism)
   */
  public double torusShare(int tp, boolean tensorAxis) {
    if (torusAxes <= 0 || tp <= 1) {
      return 1;
    }
    int tpAxes = Math.min(torusAxes - 1, tp <= 16 ? 1 : 2);
    return tensorAxis ? (double) tpAxes / torusAxes : (double) (torusAxes - tpAxes) / torusAxes;
  }

  private double networkGroupBandwidth(int size, int stride) {
    int perNode = Math.max(1, gpusPerNode / stride);
    perNode = Math.min(perNode, size);
    return Math.min(scaleUpBandwidth, perNode * scaleOutBandwidth);
  }
}
