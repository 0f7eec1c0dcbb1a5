package dev.llmcost.costmodel.serving;

import dev.llmcost.costmodel.internal.serving.LogHistogram;
import java.util.Arrays;

/**
 * The mean and percentiles of a latency over the requests (or tokens) of a simulation, in seconds.
 * Percentiles are exact order statistics of the sorted values with linear interpolation between
 * closest ranks (the {@code linear} method of NumPy's {@code percentile}, Hyndman and Fan 1996
 * definition 7); inter-token gaps, weighted by the tokens that share them and too many to sort, come
 * from a histogram of 1% logarithmic bins (each quantile within 0.5% of the exact one; the mean and
 * maximum exact). Immutable.
 */
public final class LatencySummary {

  /** A summary of no values: count 0 and all figures 0. */
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  private final long count;
  private final double mean;
  private final double p50;
  private final double p90;
  private final double p99;
  private final double max;

  private LatencySummary(long count, double mean, double p50, double p90, double p99, double max) {
    this.count = count;
    this.mean = mean;
    this.p50 = p50;
    this.p90 = p90;
    this.p99 = p99;
    this.max = max;
  }

  /**
   * Summarises the first {@code n} values (sorting them in place).
   *
   * @param values seconds
   * @param n how many
   * @return the summary
   */
  static LatencySummary of(double[] values, int n) {
    if (n == 0) {
      return EMPTY;
    }
    Arrays.sort(values, 0, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values[i];
    }
    return new LatencySummary(n, sum / n, at(values, n, 0.50), at(values, n, 0.90), at(values, n, 0.99),
        values[n - 1]);
  }

  private static double at(double[] sorted, int n, double p) {
    double h = (n - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Summarises a histogram of weighted values (quantiles within half a 1% bin).
   *
   * @param h the histogram
   * @return the summary
   */
  static LatencySummary of(LogHistogram h) {
    if (!(h.total() > 0)) {
      return EMPTY;
    }
    return new LatencySummary(Math.round(h.total()), h.mean(), h.quantile(0.50), h.quantile(0.90), h.quantile(0.99),
        h.max());
  }

  /** Returns the number of values (for weighted values, the total weight rounded). */
  public long count() {
    return count;
  }

  /** Returns the mean, seconds. */
  public double mean() {
    return mean;
  }

  /** Returns the median, seconds. */
  public double p50() {
    return p50;
  }

  /** Returns the 90th percentile, seconds. */
  public double p90() {
    return p90;
  }

  /** Returns the 99th percentile, seconds. */
  public double p99() {
    return p99;
  }

  /** Returns the largest value, seconds. */
  public double max() {
    return max;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "mean %.4g s, P50 %.4g s, P90 %.4g s, P99 %.4g s (n=%d)", mean,
        p50, p90, p99, count);
  }
}
