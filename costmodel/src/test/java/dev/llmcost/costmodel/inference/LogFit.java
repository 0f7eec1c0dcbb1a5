package dev.llmcost.costmodel.inference;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * A Levenberg–Marquardt fit of a few factors minimising {@code Σ log²(predicted / measured)} over
 * published rows. Fractions are fitted through a logit, positive values through a log, so the
 * optimiser is unconstrained; the Jacobian is taken by central differences.
 */
final class LogFit {
  private LogFit() {}

  /** How a factor is kept in range. */
  enum Kind {
    /** In (0, 1): fitted through a logit. */
    FRACTION,
    /** Above 0: fitted through a log. */
    POSITIVE
  }

  /** A fitted factor: its name and range. */
  record Factor(String name, Kind kind) {
    double toFree(double v) {
      return kind == Kind.FRACTION ? Math.log(v / (1 - v)) : Math.log(v);
    }

    double fromFree(double x) {
      return kind == Kind.FRACTION ? 1 / (1 + Math.exp(-x)) : Math.exp(x);
    }
  }

  /** The fitted values, the residuals at them and their root mean square. */
  record Result(double[] values, double[] residuals, double rms) {}

  /** Returns {@code log(predicted / measured)} of every row under {@code model}. */
  static double[] residuals(List<MeasuredRun> rows, InferenceCostModel model) {
    return residuals(rows, (ToDoubleFunction<MeasuredRun>) r -> r.predict(model));
  }

  /** Returns {@code log(predicted / measured)} of every row under {@code predictor}. */
  static double[] residuals(List<MeasuredRun> rows, ToDoubleFunction<MeasuredRun> predictor) {
    return residuals(rows, MeasuredRun::value, predictor);
  }

  /** Returns {@code log(predicted / measured)} of every row of any kind under {@code predictor}. */
  static <T> double[] residuals(List<T> rows, ToDoubleFunction<T> measured, ToDoubleFunction<T> predictor) {
    double[] r = new double[rows.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.log(predictor.applyAsDouble(rows.get(i)) / measured.applyAsDouble(rows.get(i)));
    }
    return r;
  }

  /** Adapts a model for given factor values to a predictor of each row. */
  static Function<double[], ToDoubleFunction<MeasuredRun>> predictor(
      Function<double[], InferenceCostModel> model) {
    return v -> {
      InferenceCostModel m = model.apply(v);
      return r -> r.predict(m);
    };
  }

  static double rms(double[] r) {
    double ss = 0;
    for (double v : r) {
      ss += v * v;
    }
    return Math.sqrt(ss / r.length);
  }

  /**
   * Fits the factors.
   *
   * @param rows the measurements
   * @param factors the factors, in the order {@code model} reads them
   * @param start starting values
   * @param model the prediction of a row for given factor values
   * @return the fit
   */
  static Result fit(
      List<MeasuredRun> rows,
      List<Factor> factors,
      double[] start,
      Function<double[], ToDoubleFunction<MeasuredRun>> model) {
    return fit(rows, MeasuredRun::value, factors, start, model);
  }

  /**
   * Fits the factors over rows of any kind.
   *
   * @param rows the measurements
   * @param measured the measured value of a row
   * @param factors the factors, in the order {@code model} reads them
   * @param start starting values
   * @param model the prediction of a row for given factor values
   * @return the fit
   */
  static <T> Result fit(
      List<T> rows,
      ToDoubleFunction<T> measured,
      List<Factor> factors,
      double[] start,
      Function<double[], ToDoubleFunction<T>> model) {
    int k = factors.size();
    Function<double[], double[]> values =
        x -> {
          double[] v = new double[k];
          for (int j = 0; j < k; j++) {
            v[j] = factors.get(j).fromFree(x[j]);
          }
          return v;
        };
    MultivariateJacobianFunction f =
        point -> {
          double[] x = point.toArray();
          double[] value = residuals(rows, measured, model.apply(values.apply(x)));
          double[][] jacobian = new double[value.length][k];
          for (int j = 0; j < k; j++) {
            double h = 1e-5;
            double[] up = x.clone();
            double[] down = x.clone();
            up[j] += h;
            down[j] -= h;
            double[] ru = residuals(rows, measured, model.apply(values.apply(up)));
            double[] rd = residuals(rows, measured, model.apply(values.apply(down)));
            for (int i = 0; i < value.length; i++) {
              jacobian[i][j] = (ru[i] - rd[i]) / (2 * h);
            }
          }
          return new Pair<RealVector, RealMatrix>(
              new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
        };
    double[] x0 = new double[k];
    for (int j = 0; j < k; j++) {
      x0[j] = factors.get(j).toFree(start[j]);
    }
    LeastSquaresOptimizer.Optimum optimum =
        new LevenbergMarquardtOptimizer()
            .optimize(
                new LeastSquaresBuilder()
                    .model(f)
                    .target(new double[rows.size()])
                    .start(x0)
                    .maxEvaluations(2000)
                    .maxIterations(2000)
                    .build());
    double[] v = values.apply(optimum.getPoint().toArray());
    double[] r = residuals(rows, measured, model.apply(v));
    return new Result(v, r, rms(r));
  }
}
