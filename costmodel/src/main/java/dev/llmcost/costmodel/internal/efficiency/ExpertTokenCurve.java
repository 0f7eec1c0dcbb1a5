package dev.llmcost.costmodel.internal.efficiency;

import java.util.List;

/**
 * A fraction measured against token rows per expert for one silicon family, prepared for reading once per
 * routed-expert cost: one or more measured series, each interpolated linearly in the logarithm of the count
 * within its own range, the fastest series covering the count, the nearest series end in a gap between
 * series, and counts outside all series held at the nearest end. The counts are kept as logarithms, so a
 * read takes one logarithm however many series there are. The fused-MoE weight-read fractions ({@link
 * Microbenchmarks#fusedMoeBandwidthFraction(String, double)}) and the FP8 grouped-GEMM compute fractions
 * ({@link Microbenchmarks#groupedGemmFp8Fraction(String, double)}, one series) are read through it.
 */
public final class ExpertTokenCurve {

  /** Per series, the logarithms of its counts, ascending and distinct. */
  private final double[][] logCounts;
  /** Per series, its fractions at those counts. */
  private final double[][] fractions;
  private final double logLow;
  private final double logHigh;

  private ExpertTokenCurve(double[][] logCounts, double[][] fractions, double logLow, double logHigh) {
    this.logCounts = logCounts;
    this.fractions = fractions;
    this.logLow = logLow;
    this.logHigh = logHigh;
  }

  /**
   * Prepares series of {tokens per expert, fraction} points, each by ascending distinct count.
   *
   * @param series the series, non-empty, each non-empty
   * @return the curve
   * @throws IllegalArgumentException if {@code series} or one of its series is empty
   */
  public static ExpertTokenCurve of(List<List<double[]>> series) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("series must not be empty");
    }
    double[][] logs = new double[series.size()][];
    double[][] values = new double[series.size()][];
    double low = Double.MAX_VALUE;
    double high = -Double.MAX_VALUE;
    for (int s = 0; s < series.size(); s++) {
      List<double[]> points = series.get(s);
      if (points.isEmpty()) {
        throw new IllegalArgumentException("series " + s + " must not be empty");
      }
      logs[s] = new double[points.size()];
      values[s] = new double[points.size()];
      for (int i = 0; i < points.size(); i++) {
        logs[s][i] = Math.log(points.get(i)[0]);
        values[s][i] = points.get(i)[1];
      }
      low = Math.min(low, logs[s][0]);
      high = Math.max(high, logs[s][points.size() - 1]);
    }
    return new ExpertTokenCurve(logs, values, low, high);
  }

  /**
   * Returns the fraction of the datasheet bandwidth at {@code tokensPerExpert} token rows per reached expert.
   *
   * @param tokensPerExpert greater than zero
   * @return the fraction
   * @throws IllegalArgumentException if {@code tokensPerExpert} is not greater than zero
   */
  public double at(double tokensPerExpert) {
    if (!(tokensPerExpert > 0)) {
      throw new IllegalArgumentException("tokensPerExpert must be > 0, was " + tokensPerExpert);
    }
    return atLogarithm(Math.log(tokensPerExpert));
  }

  /**
   * Returns the fraction at the token rows per reached expert whose natural logarithm is given: {@link #at}
   * without its logarithm, for a caller that reads several curves at one count.
   *
   * @param logTokensPerExpert the natural logarithm of the token rows per reached expert, not NaN
   * @return the fraction
   * @throws IllegalArgumentException if {@code logTokensPerExpert} is NaN
   */
  public double atLogarithm(double logTokensPerExpert) {
    if (Double.isNaN(logTokensPerExpert)) {
      throw new IllegalArgumentException("logTokensPerExpert must be a number, was NaN");
    }
    double lt = Math.max(logLow, Math.min(logHigh, logTokensPerExpert));
    double best = 0;
    // in a gap between series (none covers the count) the nearest end of a series holds, as outside them all
    double nearestGap = Double.MAX_VALUE;
    double nearestEnd = 0;
    for (int s = 0; s < logCounts.length; s++) {
      double[] x = logCounts[s];
      double[] y = fractions[s];
      int last = x.length - 1;
      if (lt < x[0] || lt > x[last]) {
        int end = lt < x[0] ? 0 : last;
        double gap = Math.abs(lt - x[end]);
        if (gap < nearestGap || (gap == nearestGap && y[end] > nearestEnd)) {
          nearestGap = gap;
          nearestEnd = y[end];
        }
        continue;
      }
      double f = y[last];
      for (int i = 1; i <= last; i++) {
        if (lt <= x[i]) {
          f = y[i - 1] + (lt - x[i - 1]) / (x[i] - x[i - 1]) * (y[i] - y[i - 1]);
          break;
        }
      }
      best = Math.max(best, f);
    }
    return best > 0 ? best : nearestEnd;
  }
}
