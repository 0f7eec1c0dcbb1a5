package dev.llmcost.costmodel.internal.efficiency;

/**
 * One weight GEMM ({@code n} weight columns, inner dimension {@code k}) on an accelerator of a given
 * number of SMs, with what {@link GemmTiles#utilization(double, double, double, double, int)} works out
 * independently of the token rows prepared once: the column tiles of each weight tile width, and, for
 * the kernels of one token tile (up to {@link GemmTiles#TOKEN_TILE} rows, every decode pass), the busy
 * share of the SMs and the tile widths that can give the largest useful share. A serving roofline holds
 * one per weight matrix and costs many batches with it; {@link #utilization} returns exactly what
 * {@code GemmTiles.utilization(m, n, k, 1, computeUnits)} returns, in fewer operations. Immutable.
 */
public final class GemmShape {

  /** The weight tile widths {@link GemmTiles#utilization} chooses among, in its order. */
  private static final int[] TILE_WIDTHS = GemmTiles.TILE_WIDTHS;

  /**
   * A tile width whose busy-SM share per issued column is this close to the best (relative) stays a
   * candidate for one token tile: far above the few roundings of a useful share (about 1e-16 each), so
   * the widths left out can never round above the one chosen.
   */
  private static final double CANDIDATE_TOLERANCE = 1e-9;

  private final double n;
  private final double k;
  private final int computeUnits;
  /** {@code 1 / computeUnits}, for a first guess at a number of waves (0 without compute units). */
  private final double perUnit;
  /** The most split-K slices the inner dimension allows: {@code floor(k / MIN_SPLIT_DEPTH)}. */
  private final double depthSlices;
  /** {@code ceil(n / tn)} for each tile width. */
  private final double[] columnTiles = new double[TILE_WIDTHS.length];
  /** {@code ceil(n / tn) · tn}: the issued columns, for each tile width. */
  private final double[] columns = new double[TILE_WIDTHS.length];
  /** The busy share of the SMs when the tiles are one row of tiles (split-K allowed), for each tile width. */
  private final double[] oneRowWaves = new double[TILE_WIDTHS.length];
  /** The tile widths that can give the largest useful share of one row of tiles: bit {@code i} for width {@code i}. */
  private final int oneRowCandidates;

  /**
   * Prepares a weight GEMM.
   *
   * @param n weight columns, greater than zero
   * @param k inner dimension, greater than zero
   * @param computeUnits the accelerator's SMs or compute units; 0: no wave quantization
   * @throws IllegalArgumentException if {@code n} or {@code k} is not a positive finite number or {@code
   *     computeUnits} is negative
   */
  public GemmShape(double n, double k, int computeUnits) {
    if (!(n > 0) || !Double.isFinite(n)) {
      throw new IllegalArgumentException("n must be a positive finite number of weight columns, was " + n);
    }
    if (!(k > 0) || !Double.isFinite(k)) {
      throw new IllegalArgumentException("k must be a positive finite inner dimension, was " + k);
    }
    if (computeUnits < 0) {
      throw new IllegalArgumentException("computeUnits must be at least 0, was " + computeUnits);
    }
    this.n = n;
    this.k = k;
    this.computeUnits = computeUnits;
    this.perUnit = computeUnits > 0 ? 1.0 / computeUnits : 0;
    this.depthSlices = Math.floor(k / GemmTiles.MIN_SPLIT_DEPTH);
    double best = 0;
    for (int i = 0; i < TILE_WIDTHS.length; i++) {
      int tn = TILE_WIDTHS[i];
      columnTiles[i] = Math.ceil(n / tn);
      columns[i] = columnTiles[i] * tn;
      oneRowWaves[i] = GemmTiles.waves(columnTiles[i], k, computeUnits, true);
      best = Math.max(best, oneRowWaves[i] / columns[i]);
    }
    int candidates = 0;
    for (int i = 0; i < TILE_WIDTHS.length; i++) {
      if (oneRowWaves[i] / columns[i] >= best * (1 - CANDIDATE_TOLERANCE)) {
        candidates |= 1 << i;
      }
    }
    this.oneRowCandidates = candidates;
  }

  /** Returns the weight columns. */
  public double n() {
    return n;
  }

  /** Returns the inner dimension. */
  public double k() {
    return k;
  }

  /**
   * Returns the useful share of the issued tensor-core work for {@code m} token rows: exactly {@code
   * GemmTiles.utilization(m, n(), k(), 1, computeUnits)}. With one token tile every tile width has
   * one row of tiles whatever {@code m} is, so the useful share is {@code m·n / (tm · columns)} times
   * that width's prepared busy share, and only the widths whose busy share per issued column is the
   * largest are evaluated; with more rows every width is evaluated as {@link GemmTiles} does
   * ({@link #utilization(double, double, int)}).
   *
   * @param m token rows, greater than zero (a fractional mean is rounded up)
   * @return the useful share, in (0, 1]
   */
  public double utilization(double m) {
    double rows = Math.ceil(m);
    if (rows > GemmTiles.TOKEN_TILE) {
      return utilization(m, 1, GemmTiles.TOKEN_GRANULE);
    }
    double tm = Math.ceil(rows / GemmTiles.TOKEN_GRANULE) * GemmTiles.TOKEN_GRANULE;
    double useful = m * n;
    double best = 0;
    for (int i = 0; i < TILE_WIDTHS.length; i++) {
      if ((oneRowCandidates & 1 << i) != 0) {
        double u = useful / (tm * columns[i]) * oneRowWaves[i];
        if (u > best) {
          best = u;
        }
      }
    }
    return Math.min(1, best);
  }

  /**
   * Returns the useful share of the issued work of a grouped launch of this shape: exactly {@code
   * GemmTiles.utilization(m, n(), k(), groups, computeUnits, granule)}, with the column tiles prepared.
   *
   * @param m token rows per group, greater than zero
   * @param groups GEMMs of this shape in one launch, at least 1
   * @param granule the token rows each group is padded to a multiple of, at least 1
   * @return the useful share, in (0, 1]
   */
  public double utilization(double m, double groups, int granule) {
    double rows = Math.ceil(m);
    double tm;
    double padded;
    if (rows <= GemmTiles.TOKEN_TILE) {
      tm = Math.ceil(rows / granule) * granule;
      padded = tm;
    } else {
      tm = GemmTiles.LARGE_TOKEN_TILE;
      padded = Math.ceil(rows / GemmTiles.LARGE_TOKEN_GRANULE) * GemmTiles.LARGE_TOKEN_GRANULE;
    }
    double rowTiles = Math.ceil(padded / tm);
    double perGroup = Math.max(1, groups) * rowTiles;
    double useful = m * n;
    double best = 0;
    for (int i = 0; i < TILE_WIDTHS.length; i++) {
      double u = useful / (padded * columns[i]) * busyShare(Math.ceil(perGroup * columnTiles[i]));
      if (u > best) {
        best = u;
      }
    }
    return Math.min(1, best);
  }

  /**
   * Returns exactly {@code GemmTiles.waves(tiles, k, computeUnits, true)} for a whole number of tiles, at
   * least 1, with one division: split-K slices never make more work than the SMs, so their work is one
   * wave ({@code ceil(work / S) = 1}); and the waves of at least {@code S} tiles are {@code ceil(tiles /
   * S)}, which a product with {@code 1 / S} finds to within one, corrected with exact products of whole
   * numbers.
   */
  private double busyShare(double tiles) {
    if (computeUnits <= 0) {
      return 1;
    }
    if (tiles < computeUnits) {
      double slices = Math.max(1, Math.min(computeUnits / (int) tiles, depthSlices));
      return tiles * slices / computeUnits;
    }
    double waves = Math.ceil(tiles * perUnit);
    if ((waves - 1) * computeUnits >= tiles) {
      waves -= 1;
    } else if (waves * computeUnits < tiles) {
      waves += 1;
    }
    return tiles / (waves * computeUnits);
  }
}
