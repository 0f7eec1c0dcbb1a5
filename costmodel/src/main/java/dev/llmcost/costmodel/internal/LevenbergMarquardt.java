package dev.llmcost.costmodel.internal;

import java.util.Arrays;

/**
 * Minimises {@code ½ Σ rᵢ(x)²} over a few parameters by the Levenberg–Marquardt method, optionally
 * within a box of bounds: the fitter behind {@code
 * EfficiencyCalibration}, small enough that llmcost needs no numerical library at run time.
 *
 * <p>The iteration is Algorithm 3.16 of K. Madsen, H. B. Nielsen and O. Tingleff, <i>Methods for
 * Non-Linear Least Squares Problems</i>, 2nd ed., IMM, Technical University of Denmark, 2004
 * (section 3.2): solve {@code (JᵀJ + μI) h = −Jᵀr}; accept the step if the gain ratio {@code ϱ =
 * (F(x) − F(x+h)) / (L(0) − L(h))} is positive, then {@code μ ← μ·max(1/3, 1 − (2ϱ − 1)³)} and
 * {@code ν ← 2}, else {@code μ ← μ·ν} and {@code ν ← 2ν}; start with {@code μ = τ·max diag(JᵀJ)}
 * and {@code τ = 10⁻³}; stop when {@code ‖Jᵀr‖∞ ≤ ε₁}, when the step is below {@code ε₂(‖x‖ +
 * ε₂)}, or after the iteration limit. The damping update is Nielsen's (H. B. Nielsen, "Damping
 * Parameter in Marquardt's Method", IMM-REP-1999-05, eq. 3.1). Within bounds, a parameter at a
 * bound whose gradient points out of the box is held there (an active set), the others take the
 * step, the trial point is clamped to the box, and {@code L(0) − L(h)} is evaluated for the step
 * actually taken, as in projected Newton methods (J. Nocedal and S. J. Wright, <i>Numerical
 * Optimization</i>, 2nd ed., 2006, section 16.7; D. P. Bertsekas, "Projected Newton methods for
 * optimization problems with simple constraints", SIAM J. Control Optim. 20(2), 1982).
 * The linear system, of the order of the parameter count, is solved by Cholesky factorisation.
 */
public final class LevenbergMarquardt {

  /** The residuals of a least-squares problem at a point. */
  @FunctionalInterface
  public interface Residuals {
    /**
     * Returns the residuals at {@code x}.
     *
     * @param x the point (not modified)
     * @return the residuals, of the same length at every point
     */
    double[] at(double[] x);
  }

  /** The Jacobian {@code ∂rᵢ/∂xⱼ} of the residuals at a point. */
  @FunctionalInterface
  public interface Jacobian {
    /**
     * Returns the Jacobian at {@code x}, one row per residual.
     *
     * @param x the point (not modified)
     * @param r the residuals at {@code x}
     * @return the matrix, {@code r.length} rows of {@code x.length} columns
     */
    double[][] at(double[] x, double[] r);
  }

  /**
   * The outcome of a minimisation.
   *
   * @param point the minimising point
   * @param residuals the residuals there
   * @param iterations the iterations taken
   * @param converged whether a tolerance stopped the search (rather than the iteration limit)
   */
  public record Result(double[] point, double[] residuals, int iterations, boolean converged) {
    /** Returns {@code ½ Σ rᵢ²} at the point. */
    public double cost() {
      return half(residuals);
    }
  }

  private static final double TAU = 1e-3;
  private static final double GRADIENT_TOLERANCE = 1e-15;
  private static final double STEP_TOLERANCE = 1e-12;

  private LevenbergMarquardt() {}

  /**
   * Minimises without constraints.
   *
   * @param f the residuals
   * @param jacobian their Jacobian
   * @param start the starting point
   * @param maxIterations the iteration limit
   * @return the result
   */
  public static Result minimize(Residuals f, Jacobian jacobian, double[] start, int maxIterations) {
    double[] lower = new double[start.length];
    double[] upper = new double[start.length];
    Arrays.fill(lower, Double.NEGATIVE_INFINITY);
    Arrays.fill(upper, Double.POSITIVE_INFINITY);
    return minimize(f, jacobian, start, lower, upper, maxIterations);
  }

  /**
   * Minimises within a box {@code lower ≤ x ≤ upper}.
   *
   * @param f the residuals
   * @param jacobian their Jacobian
   * @param start the starting point (clamped to the box first)
   * @param lower the lower bounds
   * @param upper the upper bounds
   * @param maxIterations the iteration limit
   * @return the result
   * @throws IllegalArgumentException if the start is empty, the bounds do not match it or cross,
   *     or the iteration limit is not positive
   */
  public static Result minimize(
      Residuals f, Jacobian jacobian, double[] start, double[] lower, double[] upper, int maxIterations) {
    if (start.length == 0) {
      throw new IllegalArgumentException("start must hold at least one parameter, was empty");
    }
    if (lower.length != start.length || upper.length != start.length) {
      throw new IllegalArgumentException("lower and upper must have " + start.length + " bounds, had "
          + lower.length + " and " + upper.length);
    }
    for (int i = 0; i < start.length; i++) {
      if (!(lower[i] <= upper[i])) {
        throw new IllegalArgumentException("lower[" + i + "] must not exceed upper[" + i + "], was "
            + lower[i] + " > " + upper[i]);
      }
    }
    if (maxIterations <= 0) {
      throw new IllegalArgumentException("maxIterations must be positive, was " + maxIterations);
    }
    int n = start.length;
    double[] x = clamp(start, lower, upper);
    double[] r = f.at(x);
    double cost = half(r);
    double[][] a = new double[n][n];
    double[] g = new double[n];
    normalEquations(jacobian.at(x, r), r, a, g);
    double mu = TAU * maxDiagonal(a);
    double nu = 2;
    if (mu == 0) {
      mu = TAU;
    }
    int k = 0;
    boolean[] blocked = blocked(x, g, lower, upper);
    boolean found = normInf(g, blocked) <= GRADIENT_TOLERANCE;
    while (!found && k < maxIterations) {
      k++;
      double[] h = solveDamped(a, g, mu, blocked);
      if (h == null) { // not positive definite in floating point: damp harder
        mu *= nu;
        nu *= 2;
        continue;
      }
      double[] trial = new double[n];
      for (int i = 0; i < n; i++) {
        trial[i] = x[i] + h[i];
      }
      trial = clamp(trial, lower, upper);
      double[] step = new double[n];
      for (int i = 0; i < n; i++) {
        step[i] = trial[i] - x[i];
      }
      if (norm2(step) <= STEP_TOLERANCE * (norm2(x) + STEP_TOLERANCE)) {
        found = true;
        break;
      }
      // L(0) - L(step) = -gᵀstep - ½ stepᵀ A step, for the linear model L(h) = ½‖r + J h‖²
      double predicted = 0;
      for (int i = 0; i < n; i++) {
        double as = 0;
        for (int j = 0; j < n; j++) {
          as += a[i][j] * step[j];
        }
        predicted -= g[i] * step[i] + 0.5 * step[i] * as;
      }
      double[] rTrial = f.at(trial);
      double costTrial = half(rTrial);
      double rho = predicted > 0 ? (cost - costTrial) / predicted : -1;
      if (rho > 0) {
        x = trial;
        r = rTrial;
        cost = costTrial;
        normalEquations(jacobian.at(x, r), r, a, g);
        blocked = blocked(x, g, lower, upper);
        found = normInf(g, blocked) <= GRADIENT_TOLERANCE;
        double t = 2 * rho - 1;
        mu *= Math.max(1.0 / 3, 1 - t * t * t);
        nu = 2;
      } else {
        mu *= nu;
        nu *= 2;
        if (!Double.isFinite(mu) || mu > 1e300) {
          found = true; // no step along any direction lowers the cost: a (constrained) minimum
        }
      }
    }
    return new Result(x, r, k, found);
  }

  /**
   * Returns a forward-difference Jacobian of {@code f} with step {@code h}, stepping backwards
   * where {@code x + h} would leave {@code [lower, upper]}.
   *
   * @param f the residuals
   * @param h the step
   * @param upper the largest value a parameter may take
   * @return the Jacobian
   */
  public static Jacobian forwardDifference(Residuals f, double h, double upper) {
    return (x, r0) -> {
      double[][] jac = new double[r0.length][x.length];
      for (int j = 0; j < x.length; j++) {
        double[] up = x.clone();
        up[j] = x[j] + h <= upper ? x[j] + h : x[j] - h;
        double[] r1 = f.at(up);
        double step = up[j] - x[j];
        for (int i = 0; i < r0.length; i++) {
          jac[i][j] = (r1[i] - r0[i]) / step;
        }
      }
      return jac;
    };
  }

  /**
   * Returns a central-difference Jacobian of {@code f} with step {@code h}.
   *
   * @param f the residuals
   * @param h the step
   * @return the Jacobian
   */
  public static Jacobian centralDifference(Residuals f, double h) {
    return (x, r0) -> {
      double[][] jac = new double[r0.length][x.length];
      for (int j = 0; j < x.length; j++) {
        double[] up = x.clone();
        double[] down = x.clone();
        up[j] += h;
        down[j] -= h;
        double[] ru = f.at(up);
        double[] rd = f.at(down);
        for (int i = 0; i < r0.length; i++) {
          jac[i][j] = (ru[i] - rd[i]) / (2 * h);
        }
      }
      return jac;
    };
  }

  /** Fills {@code a = JᵀJ} and {@code g = Jᵀr}. */
  private static void normalEquations(double[][] jac, double[] r, double[][] a, double[] g) {
    int n = g.length;
    for (double[] row : a) {
      Arrays.fill(row, 0);
    }
    Arrays.fill(g, 0);
    for (int i = 0; i < r.length; i++) {
      double[] row = jac[i];
      for (int p = 0; p < n; p++) {
        g[p] += row[p] * r[i];
        for (int q = 0; q <= p; q++) {
          a[p][q] += row[p] * row[q];
        }
      }
    }
    for (int p = 0; p < n; p++) {
      for (int q = p + 1; q < n; q++) {
        a[p][q] = a[q][p];
      }
    }
  }

  /**
   * Marks the parameters held at a bound: at the lower bound with the cost rising inwards ({@code
   * g > 0}), or at the upper bound with {@code g < 0}. They take no step (the active set of a
   * box-constrained method; Nocedal and Wright, section 16.7).
   */
  private static boolean[] blocked(double[] x, double[] g, double[] lower, double[] upper) {
    boolean[] b = new boolean[x.length];
    for (int i = 0; i < x.length; i++) {
      b[i] = (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0);
    }
    return b;
  }

  private static double[] clamp(double[] x, double[] lower, double[] upper) {
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = Math.max(lower[i], Math.min(upper[i], x[i]));
    }
    return c;
  }

  /**
   * Solves {@code (a + μI) h = −g} by Cholesky over the parameters not blocked (the blocked ones
   * take {@code h = 0}); null if the matrix is not positive definite.
   */
  private static double @org.jspecify.annotations.Nullable [] solveDamped(
      double[][] a, double[] g, double mu, boolean[] blocked) {
    int n = g.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = blocked[i] || blocked[j] ? (i == j ? 1 : 0) : a[i][j] + (i == j ? mu : 0);
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            return null;
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = blocked[i] ? 0 : -g[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] h = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * h[k];
      }
      h[i] = s / l[i][i];
    }
    return h;
  }

  private static double half(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return 0.5 * s;
  }

  private static double maxDiagonal(double[][] a) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, a[i][i]);
    }
    return m;
  }

  private static double normInf(double[] v, boolean[] skip) {
    double m = 0;
    for (int i = 0; i < v.length; i++) {
      if (!skip[i]) {
        m = Math.max(m, Math.abs(v[i]));
      }
    }
    return m;
  }

  private static double norm2(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
