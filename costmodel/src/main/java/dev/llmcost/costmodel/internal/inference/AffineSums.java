package dev.llmcost.costmodel.internal.inference;

/** Closed-form sums over integer ranges of the larger of two affine functions. */
public final class AffineSums {
  private AffineSums() {}

  /**
   * Returns {@code Σ_{c=lo}^{hi} max(a0 + a1·c, b0 + b1·c)} without looping: the two lines cross
   * at most once, so the range splits into two arithmetic series.
   *
   * @param a0 intercept of the first line
   * @param a1 slope of the first line
   * @param b0 intercept of the second line
   * @param b1 slope of the second line
   * @param lo first integer of the range
   * @param hi last integer of the range (an empty range when below {@code lo})
   * @return the sum
   */
  public static double sumOfMax(double a0, double a1, double b0, double b1, long lo, long hi) {
    if (hi < lo) {
      return 0;
    }
    // f(c) = a - b = (a0 - b0) + (a1 - b1) c; the first line wins where f >= 0
    double d0 = a0 - b0;
    double d1 = a1 - b1;
    if (d1 == 0) {
      return d0 >= 0 ? series(a0, a1, lo, hi) : series(b0, b1, lo, hi);
    }
    double cross = -d0 / d1;
    // integers c with the first line winning: c >= cross when d1 > 0, c <= cross when d1 < 0
    if (d1 > 0) {
      long first = (long) Math.max(lo, Math.min(hi + 1, Math.ceil(cross)));
      return series(b0, b1, lo, first - 1) + series(a0, a1, first, hi);
    }
    long last = (long) Math.min(hi, Math.max(lo - 1, Math.floor(cross)));
    return series(a0, a1, lo, last) + series(b0, b1, last + 1, hi);
  }

  /** Returns {@code Σ_{c=lo}^{hi} (i0 + i1·c)}, 0 for an empty range. */
  static double series(double i0, double i1, long lo, long hi) {
    if (hi < lo) {
      return 0;
    }
    double n = hi - lo + 1;
    return n * i0 + i1 * n * (lo + hi) / 2.0;
  }
}
