package dev.llmcost.costmodel.internal.efficiency;

/**
 * The compute ceiling of a GEMM from its tiles: the share of the tensor-core work a kernel issues
 * that is useful, once the output is cut into tiles and the tiles are scheduled in waves over the
 * accelerator's streaming multiprocessors (compute units). The bandwidth side is not here: a
 * GEMM's time is {@code max(FLOPs / (peak · peakFraction · utilization), bytes / bandwidth)}, each
 * ceiling counted once.
 *
 * <p>An {@code m × n} output (m token rows, n weight columns, inner dimension k) is cut into tiles
 * of {@code tm × tn}; each tile runs on one SM at the SM's share of the large-GEMM rate, so a kernel
 * of {@code tiles} tiles on {@code S} SMs takes {@code ceil(tiles / S)} waves and its useful share is
 * {@code m·n / (tiles·tm·tn) · tiles / (waves·S)}. For example DeepGEMM's FP8 GEMM of {@code m = 64},
 * {@code n = 2112}, {@code k = 7168} on an H800 (132 SMs) runs {@code ceil(2112/128) = 17} tiles of
 * {@code 64 × 128}: one wave on 17 SMs, 12.5% of the machine, which at DeepGEMM's large-shape 76.8%
 * of the 1,979 TFLOP/s peak is 190 TFLOP/s against 206 measured (DeepGEMM README, "Performance";
 * {@code gemm.csv}). The same tile count at {@code m = 4096} fills 12 of 12 waves.
 *
 * <p>The kernels that serving engines run for the weight GEMMs ({@link #utilization}) choose:
 *
 * <ul>
 *   <li>The token tile: up to 256 rows the tokens fill one tile padded to a multiple of 8, the
 *       narrowest MMA operand (mma.sync {@code m16n8k16} on Ampere and Ada, wgmma {@code n8}–{@code
 *       n256} on Hopper, with the tokens as the MMA's N operand, the "swap AB" small-batch kernels
 *       of TensorRT-LLM and vLLM; PTX ISA, "Matrix shape"); above 256 rows, tiles of 128 rows with
 *       a last tile of 64 where that wastes less (CUTLASS tile heights 64 and 128).
 *   <li>The weight tile: 64, 128 or 256 columns, whichever leaves the fewest SMs idle (CUTLASS and
 *       cuBLAS heuristics pick among such tile shapes).
 *   <li>Split-K: when the tiles are fewer than the SMs the inner dimension is split into as many
 *       slices as fill the SMs, each at least 256 deep (cuBLAS split-K, CUTLASS split-K and
 *       stream-K, Osama et al. 2023), so a decode GEMM of one tile row still uses every SM.
 * </ul>
 *
 * <p>An accelerator without a compute-unit count (Gaudi, TPU: a few large matrix engines) gets the
 * padding only, no waves. No allocation; a few integer operations per call.
 */
public final class GemmTiles {

  /** Token rows are padded to a multiple of this (the narrowest MMA operand). */
  public static final int TOKEN_GRANULE = 8;

  /** Token rows each routed expert's share is padded to a multiple of in a grouped MoE GEMM. */
  public static final int EXPERT_TOKEN_TILE = 64;

  /** The most token rows one tile holds (the widest MMA operand: wgmma {@code n256}). */
  public static final int TOKEN_TILE = 256;

  /** Token tile of larger GEMMs (prefill), in rows. */
  public static final int LARGE_TOKEN_TILE = 128;

  /** Larger GEMMs' token rows are padded to a multiple of this (a last tile of 64 rows). */
  public static final int LARGE_TOKEN_GRANULE = 64;

  /** The weight tile widths {@link #utilization} chooses among, in the order it tries them (read only). */
  static final int[] TILE_WIDTHS = {64, 128, 256};

  /** The shallowest slice of the inner dimension a split-K kernel gives one SM. */
  public static final int MIN_SPLIT_DEPTH = 256;

  private GemmTiles() {}

  /**
   * Returns the useful share of the issued tensor-core work of an engine's GEMM (token tile,
   * weight tile of 64, 128 or 256 columns chosen for the fewest idle SMs, split-K when the tiles
   * do not fill the SMs); see the class description.
   *
   * @param m token rows, greater than zero (a fractional mean is rounded up)
   * @param n weight columns, greater than zero
   * @param k inner dimension, greater than zero
   * @param groups independent GEMMs of this shape in one grouped launch (the routed experts a pass
   *     reaches), at least 1 (a fractional mean is rounded up in the tile count)
   * @param computeUnits the accelerator's SMs or compute units; 0: no wave quantization
   * @return the useful share, in (0, 1]
   */
  public static double utilization(double m, double n, double k, double groups, int computeUnits) {
    return utilization(m, n, k, groups, computeUnits, TOKEN_GRANULE);
  }

  /**
   * Returns the useful share of the issued work of a grouped GEMM whose kernel pads each group's
   * tokens to a multiple of {@code granule} rows (the MoE kernels: vLLM's fused MoE pads each
   * expert's tokens to its block of 16–64 rows, {@code moe_align_block_size}; CUTLASS grouped GEMMs
   * tile each expert's rows in 64 or 128); otherwise as {@link #utilization(double, double, double,
   * double, int)}.
   *
   * @param m token rows per group, greater than zero
   * @param n weight columns, greater than zero
   * @param k inner dimension, greater than zero
   * @param groups GEMMs of this shape in one launch, at least 1
   * @param computeUnits SMs; 0: no wave quantization
   * @param granule the token rows each group is padded to a multiple of, at least 1
   * @return the useful share, in (0, 1]
   */
  public static double utilization(double m, double n, double k, double groups, int computeUnits, int granule) {
    double rows = Math.ceil(m);
    double tm;
    double padded;
    if (rows <= TOKEN_TILE) {
      tm = Math.ceil(rows / granule) * granule;
      padded = tm;
    } else {
      tm = LARGE_TOKEN_TILE;
      padded = Math.ceil(rows / LARGE_TOKEN_GRANULE) * LARGE_TOKEN_GRANULE;
    }
    double rowTiles = Math.ceil(padded / tm);
    double best = 0;
    for (int tn : TILE_WIDTHS) {
      double colTiles = Math.ceil(n / tn);
      double useful = m * n / (padded * colTiles * tn);
      double tiles = Math.ceil(Math.max(1, groups) * rowTiles * colTiles);
      double u = useful * waves(tiles, k, computeUnits, true);
      if (u > best) {
        best = u;
      }
    }
    return Math.min(1, best);
  }

  /**
   * Returns the useful share of a kernel with fixed tiles and no split-K (DeepGEMM's normal GEMM,
   * which the class description checks): {@code m·n / (tiles·tm·tn) · tiles / (waves·S)}.
   *
   * @param m output rows
   * @param n output columns
   * @param tm tile rows
   * @param tn tile columns
   * @param computeUnits SMs; 0: no wave quantization
   * @return the useful share, in (0, 1]
   */
  public static double fixedTileUtilization(long m, long n, int tm, int tn, int computeUnits) {
    double tiles = Math.ceil((double) m / tm) * Math.ceil((double) n / tn);
    return (double) m * n / (tiles * tm * tn) * waves(tiles, 0, computeUnits, false);
  }

  /**
   * The fixed cost of one output tile (pipeline fill, epilogue: scaling and writing the tile), in
   * inner-dimension depth: a tile of depth {@code k} runs at {@code k / (k + 432)} of its
   * mainloop rate. Fitted by least squares in log space, with the large-shape rate free, to
   * DeepGEMM's six normal FP8 GEMMs of 4,096 rows on an H800 (README "Performance", commit
   * 327ec92, rows of {@code gemm.csv}; k from 512 to 16,384: 39% of the peak at k = 512, 77% at
   * 16,384, tiles and waves as {@link #utilization}; RMS log error 0.098); {@code
   * GemmTilesTest} re-runs the fit.
   */
  public static final double DEPTH_OVERHEAD = 432;

  /**
   * The inner dimension of the large GEMMs whose rate an accelerator's large-GEMM fraction
   * measures (the best shapes of the matmul searches in {@code gemm.csv} have k from 8,192 to
   * 14,336): {@link #depthShare} is relative to it.
   */
  public static final double DEPTH_REFERENCE = 8192;

  /**
   * Returns the share of the large-GEMM rate a GEMM of inner dimension {@code k} keeps after its
   * tiles' fixed cost ({@link #DEPTH_OVERHEAD}), relative to a GEMM of {@link #DEPTH_REFERENCE}
   * depth and at most 1: the grouped expert GEMMs of fine-grained MoE models have short inner
   * dimensions (Qwen3-30B-A3B's down projection 768, DeepSeek-V3's 2,048: 0.67 and 0.87).
   *
   * @param k inner dimension, greater than zero
   * @return the share, in (0, 1]
   */
  public static double depthShare(double k) {
    double reference = DEPTH_REFERENCE / (DEPTH_REFERENCE + DEPTH_OVERHEAD);
    return Math.min(1, k / (k + DEPTH_OVERHEAD) / reference);
  }

  /** Returns the busy share of the SMs over the waves, with split-K slices when allowed. */
  static double waves(double tiles, double k, int sms, boolean splitK) {
    if (sms <= 0) {
      return 1;
    }
    double work = tiles;
    if (splitK && tiles < sms) {
      double slices = Math.max(1, Math.min(Math.floor(sms / tiles), Math.floor(k / MIN_SPLIT_DEPTH)));
      work = tiles * slices;
    }
    return work / (Math.ceil(work / sms) * sms);
  }
}
