package dev.llmcost.costmodel.internal.serving;

/**
 * A weighted histogram of positive values in logarithmic bins of ratio {@value #RATIO} from
 * {@value #MIN} upward (values below go to the first bin), for quantiles of millions of values in
 * constant time per value: a quantile is the geometric middle of the bin that reaches its rank,
 * within ±0.5% of the exact weighted order statistic (half a bin). The mean and the largest value are
 * exact.
 */
public final class LogHistogram {

  /** Ratio between consecutive bin edges. */
  public static final double RATIO = 1.01;
  /** Lower edge of the first bin, seconds. */
  public static final double MIN = 1e-7;

  private static final double LOG_RATIO = Math.log(RATIO);
  private static final int BINS = (int) Math.ceil(Math.log(1e5 / MIN) / LOG_RATIO) + 1;

  private final double[] weight = new double[BINS];
  private double total;
  private double sum;
  private double max;

  /**
   * Adds a value.
   *
   * @param value the value, at least 0
   * @param w its weight, positive
   */
  public void add(double value, double w) {
    int bin = value <= MIN ? 0 : Math.min(BINS - 1, (int) (Math.log(value / MIN) / LOG_RATIO));
    weight[bin] += w;
    total += w;
    sum += value * w;
    if (value > max) {
      max = value;
    }
  }

  /**
   * Adds another histogram's values.
   *
   * @param o the other histogram
   */
  public void addAll(LogHistogram o) {
    for (int i = 0; i < BINS; i++) {
      weight[i] += o.weight[i];
    }
    total += o.total;
    sum += o.sum;
    max = Math.max(max, o.max);
  }

  /** Returns the total weight. */
  public double total() {
    return total;
  }

  /** Returns the weighted mean, 0 when empty. */
  public double mean() {
    return total > 0 ? sum / total : 0;
  }

  /** Returns the largest value, 0 when empty. */
  public double max() {
    return max;
  }

  /**
   * Returns the {@code p} quantile: the geometric middle of the first bin whose cumulative weight
   * reaches {@code p · total}, capped at the largest value.
   *
   * @param p in [0, 1]
   * @return the value, 0 when empty
   */
  public double quantile(double p) {
    if (!(total > 0)) {
      return 0;
    }
    double target = p * total;
    double acc = 0;
    for (int i = 0; i < BINS; i++) {
      acc += weight[i];
      if (acc >= target && weight[i] > 0) {
        return Math.min(max, MIN * Math.pow(RATIO, i + 0.5));
      }
    }
    return max;
  }
}
