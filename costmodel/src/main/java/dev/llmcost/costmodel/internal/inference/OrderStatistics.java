package dev.llmcost.costmodel.internal.inference;

/**
 * Expected extremes of independent normal samples, for the busiest of several ranks that share a
 * load: the expected largest of {@code n} standard normal draws by Blom's approximation {@code
 * Φ⁻¹((n − 0.375)/(n + 0.25))} (Blom 1958, "Statistical Estimates and Transformed Beta-Variables":
 * 0.589, 1.049, 1.434 and 2.067 for 2, 4, 8 and 32 draws against the exact 0.5642, 1.0294, 1.4236
 * and 2.0697), with {@code Φ⁻¹} by Acklam's rational approximation without its refinement
 * step (absolute error below 2e-5, checked in the test). No allocation.
 */
public final class OrderStatistics {

  private static final double[] A = {
    -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
    6.680131188771972e+01, -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549671460276356e+00, 4.374664141464968e+00, 2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };
  private static final double LOW = 0.02425;

  private OrderStatistics() {}

  /**
   * Returns the expected largest of {@code n} independent standard normal draws (Blom's
   * approximation); 0 for {@code n ≤ 1}.
   *
   * @param n draws
   * @return the expected maximum, in standard deviations above the mean
   */
  public static double expectedMaxOfNormals(int n) {
    if (n <= 1) {
      return 0;
    }
    return inverseNormal((n - 0.375) / (n + 0.25));
  }

  /**
   * Returns the standard normal quantile of {@code p} (Acklam's algorithm).
   *
   * @param p a probability in (0, 1)
   * @return {@code Φ⁻¹(p)}
   */
  static double inverseNormal(double p) {
    if (p < LOW) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    if (p > 1 - LOW) {
      return -inverseNormal(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
        / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
}
