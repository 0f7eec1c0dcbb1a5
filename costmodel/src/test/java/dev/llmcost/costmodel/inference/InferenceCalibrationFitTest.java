package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * Re-runs the calibration of {@link InferenceCalibration#CALIBRATED}: a Levenberg–Marquardt fit of
 * the five fitted factors minimising {@code Σ log²(predicted / measured)} over the 14 TensorRT-LLM
 * v0.9.0 rows of {@code inference-runs.csv}. Bounded factors are fitted through a logit or log
 * transform; the Jacobian is taken by central differences. The stored values must match the fit.
 */
class InferenceCalibrationFitTest {

  private static final List<MeasuredRun> ROWS = MeasuredRun.read("inference-runs.csv");
  private static final String[] NAMES = {
    "matmulPeakFraction", "matmulHalfSaturationDim", "memoryBandwidthFraction",
    "perLayerOverheadSeconds", "fp8MatmulRelativeEfficiency"
  };

  /** Maps unconstrained parameters to the five factors. */
  static double[] factors(double[] x) {
    return new double[] {logistic(x[0]), Math.exp(x[1]), logistic(x[2]), Math.exp(x[3]), logistic(x[4])};
  }

  static double[] unconstrained(InferenceCalibration c) {
    return new double[] {
      logit(c.matmulPeakFraction()),
      Math.log(c.matmulHalfSaturationDim()),
      logit(c.memoryBandwidthFraction()),
      Math.log(c.perLayerOverheadSeconds()),
      logit(c.fp8MatmulRelativeEfficiency())
    };
  }

  private static double logistic(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  static InferenceCalibration calibration(double[] f) {
    return InferenceCalibration.CALIBRATED.withFitted(f[0], f[1], f[2], f[3], f[4], "fit");
  }

  static double[] residuals(double[] factors) {
    InferenceCostModel m = InferenceCostModel.of(calibration(factors));
    double[] r = new double[ROWS.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.log(ROWS.get(i).predict(m) / ROWS.get(i).value());
    }
    return r;
  }

  static double[] fit() {
    MultivariateJacobianFunction f =
        point -> {
          double[] x = point.toArray();
          double[] value = residuals(factors(x));
          double[][] jacobian = new double[value.length][x.length];
          for (int j = 0; j < x.length; j++) {
            double h = 1e-5;
            double[] up = x.clone();
            double[] down = x.clone();
            up[j] += h;
            down[j] -= h;
            double[] ru = residuals(factors(up));
            double[] rd = residuals(factors(down));
            for (int i = 0; i < value.length; i++) {
              jacobian[i][j] = (ru[i] - rd[i]) / (2 * h);
            }
          }
          return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(
              new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
        };
    LeastSquaresOptimizer.Optimum optimum =
        new LevenbergMarquardtOptimizer()
            .optimize(
                new LeastSquaresBuilder()
                    .model(f)
                    .target(new double[ROWS.size()])
                    .start(unconstrained(InferenceCalibration.CALIBRATED))
                    .maxEvaluations(2000)
                    .maxIterations(2000)
                    .build());
    return factors(optimum.getPoint().toArray());
  }

  @Test
  void storedFactorsAreTheLeastSquaresFit() {
    double[] fitted = fit();
    InferenceCalibration c = InferenceCalibration.CALIBRATED;
    double[] stored = {
      c.matmulPeakFraction(), c.matmulHalfSaturationDim(), c.memoryBandwidthFraction(),
      c.perLayerOverheadSeconds(), c.fp8MatmulRelativeEfficiency()
    };
    double[] r = residuals(fitted);
    double ss = 0;
    for (double v : r) {
      ss += v * v;
    }
    System.out.printf(Locale.ROOT, "calibration fit over %d rows, RMS log error %.4f%n", r.length,
        Math.sqrt(ss / r.length));
    int[] informing = informingRows(fitted);
    for (int j = 0; j < NAMES.length; j++) {
      System.out.printf(Locale.ROOT, "  %-28s fitted %.6g  stored %.6g  rows informing it %d%n",
          NAMES[j], fitted[j], stored[j], informing[j]);
    }
    for (int j = 0; j < NAMES.length; j++) {
      assertThat(stored[j]).as(NAMES[j]).isCloseTo(fitted[j], within(0.01 * fitted[j]));
    }
  }

  /** Counts, per factor, the rows whose prediction moves by at least 0.05% per 1% of the factor. */
  static int[] informingRows(double[] f) {
    double[] base = residuals(f);
    int[] count = new int[f.length];
    for (int j = 0; j < f.length; j++) {
      double[] g = f.clone();
      g[j] *= 1.01;
      if (j == 0 || j == 2 || j == 4) {
        g[j] = Math.min(1, g[j]);
      }
      double[] moved = residuals(g);
      for (int i = 0; i < base.length; i++) {
        if (Math.abs(moved[i] - base[i]) >= 0.0005) {
          count[j]++;
        }
      }
    }
    return count;
  }

  @Test
  void fp8EfficiencyIsInformedOnlyByFp8Rows() {
    double[] f = factors(unconstrained(InferenceCalibration.CALIBRATED));
    int[] informing = informingRows(f);
    long fp8Rows = ROWS.stream().filter(r -> r.precision().equals("fp8")).count();
    assertThat(informing[4]).isPositive().isLessThanOrEqualTo((int) fp8Rows);
  }
}
