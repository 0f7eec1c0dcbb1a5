package dev.llmcost.costmodel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.costmodel.internal.LevenbergMarquardt.Residuals;
import dev.llmcost.costmodel.internal.LevenbergMarquardt.Result;
import java.util.Locale;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * The self-written fitter on functions with known minima (Moré, Garbow and Hillstrom, "Testing
 * Unconstrained Optimization Software", ACM TOMS 7(1), 1981: Rosenbrock, problem 1, and Freudenstein
 * and Roth, problem 2), on an exact exponential fit, within bounds, and against commons-math3's
 * Levenberg–Marquardt (the test-scope reference) on a noisy fit.
 */
class LevenbergMarquardtTest {

  private static double[] ones(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, 1);
    return a;
  }

  @Test
  void findsRosenbrocksMinimumFromTheStandardStart() {
    Residuals f = x -> new double[] {10 * (x[1] - x[0] * x[0]), 1 - x[0]};
    Result r = LevenbergMarquardt.minimize(f, LevenbergMarquardt.centralDifference(f, 1e-7), new double[] {-1.2, 1}, 500);
    System.out.printf(Locale.ROOT, "Rosenbrock: %s after %d iterations%n", java.util.Arrays.toString(r.point()), r.iterations());
    assertThat(r.converged()).isTrue();
    assertThat(r.point()[0]).isCloseTo(1, within(1e-6));
    assertThat(r.point()[1]).isCloseTo(1, within(1e-6));
    assertThat(r.cost()).isLessThan(1e-12);
  }

  @Test
  void findsFreudensteinAndRothsLocalMinimum() {
    // MGH problem 2: from (0.5, -2) the known local minimum is F = 48.9842 at (11.41, -0.8968)
    Residuals f = x -> new double[] {
      -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1],
      -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]
    };
    Result r = LevenbergMarquardt.minimize(f, LevenbergMarquardt.centralDifference(f, 1e-7), new double[] {0.5, -2}, 500);
    double sumOfSquares = 2 * r.cost();
    assertThat(sumOfSquares == 0 || Math.abs(sumOfSquares - 48.9842) < 1e-3)
        .as("sum of squares %s is a known minimum (0 at (5, 4) or 48.9842 at (11.41, -0.8968))", sumOfSquares)
        .isTrue();
  }

  @Test
  void recoversAnExactExponential() {
    double[] t = {0, 0.5, 1, 1.5, 2, 2.5, 3};
    Residuals f = x -> {
      double[] r = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        r[i] = x[0] * Math.exp(x[1] * t[i]) - 2.5 * Math.exp(-0.7 * t[i]);
      }
      return r;
    };
    Result r = LevenbergMarquardt.minimize(f, LevenbergMarquardt.forwardDifference(f, 1e-8, Double.POSITIVE_INFINITY), new double[] {1, 0}, 200);
    assertThat(r.point()[0]).isCloseTo(2.5, within(1e-6));
    assertThat(r.point()[1]).isCloseTo(-0.7, within(1e-6));
  }

  @Test
  void stopsOnTheBoundWhenTheMinimumLiesOutsideTheBox() {
    // (x - 2)² + (y + 1)² has its minimum at (2, -1); within 0 <= x, y <= 1 it is at the corner
    // (1, 0), where the gradient points out of the box
    Residuals f = x -> new double[] {x[0] - 2, x[1] + 1};
    Result r = LevenbergMarquardt.minimize(
        f, LevenbergMarquardt.forwardDifference(f, 1e-8, 1), new double[] {0.5, 0.5}, new double[2], ones(2), 200);
    assertThat(r.converged()).isTrue();
    assertThat(r.point()).containsExactly(1.0, 0.0);
    // one coordinate free: the minimum of (x - 0.3)² + (y + 1)² is at x = 0.3, y = 0
    Residuals g = x -> new double[] {x[0] - 0.3, x[1] + 1};
    Result s = LevenbergMarquardt.minimize(
        g, LevenbergMarquardt.forwardDifference(g, 1e-8, 1), new double[] {0.9, 0.9}, new double[2], ones(2), 200);
    assertThat(s.point()[0]).isCloseTo(0.3, within(1e-8));
    assertThat(s.point()[1]).isEqualTo(0.0);
  }

  @Test
  void agreesWithCommonsMath3OnANoisyFit() {
    // a Michaelis–Menten fit to data with a fixed pseudo-random error
    int n = 40;
    double[] s = new double[n];
    double[] v = new double[n];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < n; i++) {
      s[i] = 0.1 + i * 0.25;
      v[i] = 3.2 * s[i] / (1.4 + s[i]) * (1 + 0.05 * random.nextGaussian());
    }
    Residuals f = x -> {
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = x[0] * s[i] / (x[1] + s[i]) - v[i];
      }
      return r;
    };
    LevenbergMarquardt.Jacobian jac = LevenbergMarquardt.centralDifference(f, 1e-7);
    Result ours = LevenbergMarquardt.minimize(f, jac, new double[] {1, 1}, 500);
    RealVector ref = new LevenbergMarquardtOptimizer()
        .optimize(new LeastSquaresBuilder()
            .start(new double[] {1, 1})
            .target(new double[n])
            .model(p -> {
              double[] x = p.toArray();
              double[] r = f.at(x);
              return new Pair<RealVector, RealMatrix>(new ArrayRealVector(r), new Array2DRowRealMatrix(jac.at(x, r)));
            })
            .maxEvaluations(10_000)
            .maxIterations(10_000)
            .build())
        .getPoint();
    System.out.printf(Locale.ROOT, "Michaelis-Menten: ours %s, commons-math3 %s%n",
        java.util.Arrays.toString(ours.point()), ref);
    assertThat(ours.point()[0]).isCloseTo(ref.getEntry(0), within(1e-7));
    assertThat(ours.point()[1]).isCloseTo(ref.getEntry(1), within(1e-7));
  }

  @Test
  void rejectsBadArguments() {
    Residuals f = x -> new double[] {x[0]};
    LevenbergMarquardt.Jacobian j = LevenbergMarquardt.centralDifference(f, 1e-6);
    assertThatThrownBy(() -> LevenbergMarquardt.minimize(f, j, new double[0], 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("start must hold at least one parameter, was empty");
    assertThatThrownBy(() -> LevenbergMarquardt.minimize(f, j, new double[1], 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxIterations must be positive, was 0");
    assertThatThrownBy(() -> LevenbergMarquardt.minimize(f, j, new double[1], new double[] {1}, new double[] {0}, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("lower[0] must not exceed upper[0], was 1.0 > 0.0");
  }
}
