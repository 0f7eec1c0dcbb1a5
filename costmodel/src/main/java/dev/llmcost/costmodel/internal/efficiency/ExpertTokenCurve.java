package dev.llmcost.costmodel.internal.efficiency;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

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
  /** The lowest and highest counts of all series, whose logarithms are {@link #logLow} and {@link #logHigh}. */
  private final double lowCount;
  private final double highCount;
  /** The fractions held at and below {@link #lowCount} and at and above {@link #highCount}. */
  private final double atLow;
  private final double atHigh;
  /**
   * The logarithms of the counts of all series, ascending and distinct: between two neighbours (and at each) the
   * series that cover a count and the segment each interpolates on are fixed, so they are prepared per cell.
   */
  private final double[] breaks;
  /**
   * Per break {@code j}, the series covering a count exactly at it ({@code atBreak[j][0]}) and, for each, the index
   * {@code i} of the point its segment ends at ({@code atBreak[j][1]}; 0 for a series of one point, which holds its
   * fraction); empty where no series covers it.
   */
  private final int[][][] atBreak;
  /** The same for the counts strictly between break {@code j} and break {@code j + 1}. */
  private final int[][][] afterBreak;

  private ExpertTokenCurve(double[][] logCounts, double[][] fractions, double logLow, double logHigh, double lowCount,
      double highCount) {
    this.logCounts = logCounts;
    this.fractions = fractions;
    this.logLow = logLow;
    this.logHigh = logHigh;
    this.lowCount = lowCount;
    this.highCount = highCount;
    TreeSet<Double> all = new TreeSet<>();
    for (double[] x : logCounts) {
      for (double v : x) {
        all.add(v);
      }
    }
    this.breaks = all.stream().mapToDouble(Double::doubleValue).toArray();
    this.atBreak = new int[breaks.length][][];
    this.afterBreak = new int[breaks.length][][];
    for (int j = 0; j < breaks.length; j++) {
      atBreak[j] = cell(logCounts, breaks[j], breaks[j], true);
      afterBreak[j] = j + 1 < breaks.length ? cell(logCounts, breaks[j], breaks[j + 1], false) : new int[2][0];
    }
    this.atLow = atLogarithm(logLow);
    this.atHigh = atLogarithm(logHigh);
  }

  /**
   * Returns the series covering the counts of one cell and the point each one's segment ends at: at a break ({@code
   * from == to}, {@code exact}) a series covers it where its first count is at most and its last at least the
   * break, and its segment ends at its first point from index 1 on at or above it (index 0 for a series of one
   * point); strictly between two neighbouring breaks a series covers the counts where its first count is at most
   * the lower and its last at least the upper, and its segment ends at its first point at or above the upper; what
   * {@link #scan} decides for every count of the cell.
   */
  private static int[][] cell(double[][] logCounts, double from, double to, boolean exact) {
    int[] series = new int[logCounts.length];
    int[] ends = new int[logCounts.length];
    int n = 0;
    for (int s = 0; s < logCounts.length; s++) {
      double[] x = logCounts[s];
      int last = x.length - 1;
      if (x[0] > from || x[last] < to) {
        continue;
      }
      int end = 0;
      for (int i = 1; i <= last; i++) {
        if (x[i] >= to) {
          end = i;
          break;
        }
      }
      if (!exact && end == 0) {
        continue; // a series of one point covers no count strictly between breaks
      }
      series[n] = s;
      ends[n] = end;
      n++;
    }
    return new int[][] {Arrays.copyOf(series, n), Arrays.copyOf(ends, n)};
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
    double lowCount = 0;
    double highCount = 0;
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
      if (logs[s][0] < low) {
        low = logs[s][0];
        lowCount = points.get(0)[0];
      }
      int last = points.size() - 1;
      if (logs[s][last] > high) {
        high = logs[s][last];
        highCount = points.get(last)[0];
      }
    }
    return new ExpertTokenCurve(logs, values, low, high, lowCount, highCount);
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
   * Returns whether a read at {@code tokensPerExpert} needs its logarithm ({@link #atCount}): the count lies
   * strictly between the lowest and highest counts of the series. At or beyond them the curve holds the fraction
   * of that end, prepared once: the logarithm is semi-monotonic ({@link Math#log}), so a count at or below the
   * lowest has a logarithm at or below the lowest, and likewise above.
   *
   * @param tokensPerExpert the token rows per reached expert
   * @return whether {@link #atCount} reads the logarithm
   */
  public boolean needsLogarithm(double tokensPerExpert) {
    return tokensPerExpert > lowCount && tokensPerExpert < highCount;
  }

  /**
   * Returns exactly {@link #at}{@code (tokensPerExpert)}, given the count's natural logarithm where {@link
   * #needsLogarithm} says it is read: at or beyond the lowest or highest count the prepared end fraction, without
   * a logarithm (the same value {@link #atLogarithm} gives there, clamped to that end).
   *
   * @param tokensPerExpert the token rows per reached expert, greater than zero
   * @param logTokensPerExpert {@code Math.log(tokensPerExpert)} where {@link #needsLogarithm}; ignored elsewhere
   * @return the fraction
   * @throws IllegalArgumentException if {@code tokensPerExpert} is NaN, or the logarithm is read and is NaN
   */
  public double atCount(double tokensPerExpert, double logTokensPerExpert) {
    if (tokensPerExpert <= lowCount) {
      return atLow;
    }
    if (tokensPerExpert >= highCount) {
      return atHigh;
    }
    if (Double.isNaN(tokensPerExpert)) {
      throw new IllegalArgumentException("tokensPerExpert must be a number, was NaN");
    }
    return atLogarithm(logTokensPerExpert);
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
    // the cell of the count: the series covering it and their segments, prepared (what scan finds series by series)
    int j = 0;
    while (j + 1 < breaks.length && breaks[j + 1] <= lt) {
      j++;
    }
    int[][] cell = breaks[j] == lt ? atBreak[j] : afterBreak[j];
    int[] series = cell[0];
    int[] ends = cell[1];
    double best = 0;
    for (int c = 0; c < series.length; c++) {
      double[] x = logCounts[series[c]];
      double[] y = fractions[series[c]];
      int i = ends[c];
      double f = i == 0 ? y[y.length - 1] : y[i - 1] + (lt - x[i - 1]) / (x[i] - x[i - 1]) * (y[i] - y[i - 1]);
      best = Math.max(best, f);
    }
    // in a gap between series (none covers the count) the nearest end of a series holds: the scan finds it
    return best > 0 ? best : scan(lt);
  }

  /**
   * Returns the fraction at a clamped logarithm {@code lt} series by series: the fastest series covering it,
   * else the nearest end of a series (the higher fraction where two are as near). {@link #atLogarithm} reads the
   * covering series from the count's prepared cell and comes here only where none covers it.
   */
  double scan(double lt) {
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
