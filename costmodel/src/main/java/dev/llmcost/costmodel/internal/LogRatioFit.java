package dev.llmcost.costmodel.internal;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A least-squares fit of a few factors to measured rows on the ratio scale: it minimises {@code Σ
 * log²(predicted / measured)} (every row weighted equally; a ratio error counts the same above and
 * below) by {@link LevenbergMarquardt} (Madsen, Nielsen and Tingleff 2004, algorithm 3.16), fractions
 * through a logit and positive values through a logarithm so that the optimiser is unconstrained,
 * the Jacobian by central differences. The one implementation behind {@code InferenceCalibrator}
 * and the tests that refit {@code InferenceCalibration.CALIBRATED} or refit it without a source.
 *
 * @param <T> the kind of row
 */
public final class LogRatioFit<T> {

  /** The step of the central differences, in the free (logit or log) coordinate. */
  public static final double DIFFERENCE_STEP = 1e-5;

  /** How a factor is kept in its range. */
  public enum Range {
    /** In (0, 1): fitted through a logit. */
    FRACTION,
    /** Above 0: fitted through a logarithm. */
    POSITIVE;

    /**
     * Returns a value in the optimiser's unbounded coordinate (a fraction clamped to [10⁻⁶, 1 −
     * 10⁻⁶], a positive value to at least 10⁻⁹ first, so a start on a bound stays finite).
     *
     * @param v the value
     * @return the coordinate
     */
    public double toFree(double v) {
      if (this == FRACTION) {
        double c = Math.min(Math.max(v, 1e-6), 1 - 1e-6);
        return Math.log(c / (1 - c));
      }
      return Math.log(Math.max(v, 1e-9));
    }

    /**
     * Returns the value at an unbounded coordinate.
     *
     * @param x the coordinate
     * @return the value, in the range
     */
    public double fromFree(double x) {
      return this == FRACTION ? 1 / (1 + Math.exp(-x)) : Math.exp(x);
    }
  }

  /**
   * The outcome of a fit.
   *
   * @param values the fitted factors, in the order of the ranges
   * @param residuals {@code log(predicted / measured)} of every row at them
   * @param rms the root mean square of the residuals
   * @param converged whether a tolerance stopped the optimiser (rather than its iteration limit)
   */
  public record Result(double[] values, double[] residuals, double rms, boolean converged) {}

  private final List<T> rows;
  private final ToDoubleFunction<T> measured;
  private final List<Range> ranges;
  private final Function<double[], ToDoubleFunction<T>> model;

  private LogRatioFit(
      List<T> rows, ToDoubleFunction<T> measured, List<Range> ranges, Function<double[], ToDoubleFunction<T>> model) {
    this.rows = List.copyOf(rows);
    this.measured = measured;
    this.ranges = List.copyOf(ranges);
    this.model = model;
  }

  /**
   * Returns the problem of fitting factors to rows.
   *
   * @param rows the measured rows
   * @param measured a row's measured value (positive)
   * @param ranges each factor's range, in the order {@code model} reads the factors
   * @param model the prediction of each row for given factor values (built once per evaluation)
   * @param <T> the kind of row
   * @return the problem
   * @throws IllegalArgumentException if no factor is given
   */
  public static <T> LogRatioFit<T> of(
      List<T> rows, ToDoubleFunction<T> measured, List<Range> ranges, Function<double[], ToDoubleFunction<T>> model) {
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("ranges must hold at least one factor, was empty");
    }
    return new LogRatioFit<>(rows, measured, ranges, model);
  }

  /**
   * Returns {@code log(predicted / measured)} of every row at factor values.
   *
   * @param values the factors, in the order of the ranges
   * @return the residuals, in row order
   */
  public double[] residuals(double[] values) {
    ToDoubleFunction<T> predictor = model.apply(values);
    double[] r = new double[rows.size()];
    for (int i = 0; i < r.length; i++) {
      T row = rows.get(i);
      r[i] = Math.log(predictor.applyAsDouble(row) / measured.applyAsDouble(row));
    }
    return r;
  }

  /**
   * Returns, per factor, the largest {@code |∂ log(predicted / measured) / ∂x|} over the rows at
   * factor values, {@code x} being the factor's free coordinate: 0 where no row informs it.
   *
   * @param values the factors, in the order of the ranges
   * @return the sensitivities, in the order of the ranges
   */
  public double[] sensitivities(double[] values) {
    double[] x = toFree(values);
    double[][] j = jacobian().at(x, freeResiduals().at(x));
    double[] most = new double[ranges.size()];
    for (int k = 0; k < most.length; k++) {
      for (double[] row : j) {
        most[k] = Math.max(most[k], Math.abs(row[k]));
      }
    }
    return most;
  }

  /**
   * Fits the factors.
   *
   * @param start the starting values, in the order of the ranges
   * @param maxIterations the optimiser's iteration limit
   * @return the fit
   */
  public Result fit(double[] start, int maxIterations) {
    LevenbergMarquardt.Result optimum =
        LevenbergMarquardt.minimize(freeResiduals(), jacobian(), toFree(start), maxIterations);
    double[] v = fromFree(optimum.point());
    double[] r = residuals(v);
    return new Result(v, r, rms(r), optimum.converged());
  }

  /**
   * Returns the root mean square of residuals.
   *
   * @param r the residuals (at least one)
   * @return {@code √(Σ rᵢ² / n)}
   */
  public static double rms(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return Math.sqrt(s / r.length);
  }

  private LevenbergMarquardt.Residuals freeResiduals() {
    return x -> residuals(fromFree(x));
  }

  private LevenbergMarquardt.Jacobian jacobian() {
    return LevenbergMarquardt.centralDifference(freeResiduals(), DIFFERENCE_STEP);
  }

  private double[] toFree(double[] values) {
    double[] x = new double[ranges.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = ranges.get(k).toFree(values[k]);
    }
    return x;
  }

  private double[] fromFree(double[] x) {
    double[] v = new double[ranges.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = ranges.get(k).fromFree(x[k]);
    }
    return v;
  }
}
