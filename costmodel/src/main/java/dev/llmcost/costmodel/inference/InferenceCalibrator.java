package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.internal.LogRatioFit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fits the factors of {@link InferenceCalibration} to measured inference runs (a user's own
 * benchmark, {@code llmcost calibrate --inference-runs}), as {@link InferenceCalibration#CALIBRATED}
 * was fitted to TensorRT-LLM v0.9.0's published rows.
 *
 * <p>The fit minimises {@code Σ log²(predicted / measured)} over the runs (every row weighted
 * equally; a ratio error counts the same above and below) by Levenberg–Marquardt (Madsen, Nielsen
 * and Tingleff 2004, algorithm 3.16; {@code LevenbergMarquardt}), fractions through a logit and the
 * overhead through a logarithm, the Jacobian by central differences ({@code LogRatioFit}, shared with
 * the tests that refit {@link InferenceCalibration#CALIBRATED}). It starts from the base
 * calibration's values; the factors not free keep them. Every shared per-accelerator factor (the
 * large-GEMM fraction, the collectives: {@code EfficiencyProfiles.forAccelerator}) stays as the
 * microbenchmarks measured it.
 */
public final class InferenceCalibrator {

  private static final int MAX_ITERATIONS = 2_000;
  /** A factor that moves no run's log residual by this much per unit of its free coordinate is not informed. */
  private static final double MIN_SENSITIVITY = 1e-6;

  private InferenceCalibrator() {}

  /**
   * One run's prediction before and after the fit.
   *
   * @param run the run
   * @param predictedBefore the base calibration's prediction, in the run's unit
   * @param predictedAfter the fitted calibration's prediction, in the run's unit
   */
  public record Residual(InferenceRun run, double predictedBefore, double predictedAfter) {
    /** Returns {@code predictedBefore / measured − 1}. */
    public double errorBefore() {
      return predictedBefore / run.value() - 1;
    }

    /** Returns {@code predictedAfter / measured − 1}. */
    public double errorAfter() {
      return predictedAfter / run.value() - 1;
    }
  }

  /**
   * The outcome of a fit.
   *
   * @param calibration the fitted calibration (the base's values for the factors not free)
   * @param base the calibration the fit started from
   * @param free the fitted factors, in fit order
   * @param residuals every run's predictions before and after, in run order
   * @param converged whether a tolerance stopped the optimiser (rather than its iteration limit)
   */
  public record Fit(
      InferenceCalibration calibration,
      InferenceCalibration base,
      List<InferenceFactor> free,
      List<Residual> residuals,
      boolean converged) {
    /** Copies the lists. */
    public Fit {
      free = List.copyOf(free);
      residuals = List.copyOf(residuals);
    }

    /** Returns the root mean square of {@code log(predicted / measured)} before the fit. */
    public double rmsLogErrorBefore() {
      return rms(residuals.stream().mapToDouble(r -> Math.log(r.predictedBefore() / r.run().value())).toArray());
    }

    /** Returns the root mean square of {@code log(predicted / measured)} after the fit. */
    public double rmsLogErrorAfter() {
      return rms(residuals.stream().mapToDouble(r -> Math.log(r.predictedAfter() / r.run().value())).toArray());
    }

    /** Returns the median of {@code |predicted / measured − 1|} before the fit. */
    public double medianAbsErrorBefore() {
      return median(residuals.stream().mapToDouble(r -> Math.abs(r.errorBefore())).toArray());
    }

    /**
     * Returns the fitted factors that ended within a thousandth of a bound of their range (a
     * fraction at 0 or 1, the overhead at 0): the runs push them past what the model allows, so the
     * value is the bound's, not the runs'.
     */
    public List<InferenceFactor> atBounds() {
      List<InferenceFactor> at = new ArrayList<>();
      for (InferenceFactor f : free) {
        double v = f.of(calibration);
        if (f.fraction() ? v <= 1e-3 || v >= 1 - 1e-3 : v <= 1e-9) {
          at.add(f);
        }
      }
      return at;
    }

    /** Returns the median of {@code |predicted / measured − 1|} after the fit. */
    public double medianAbsErrorAfter() {
      return median(residuals.stream().mapToDouble(r -> Math.abs(r.errorAfter())).toArray());
    }
  }

  /**
   * Returns the factors fitted when none are named: the memory-bandwidth fraction, the per-layer
   * overhead and the GEMM overlap loss, and the FP8 GEMM efficiency when an {@code fp8} run is among
   * {@code runs}.
   *
   * @param runs the runs
   * @return the factors, in declaration order
   */
  public static Set<InferenceFactor> defaultFree(List<InferenceRun> runs) {
    Set<InferenceFactor> free = EnumSet.of(InferenceFactor.GEMM_OVERLAP_LOSS,
        InferenceFactor.MEMORY_BANDWIDTH_FRACTION, InferenceFactor.PER_LAYER_OVERHEAD_SECONDS);
    if (runs.stream().anyMatch(r -> r.precision().equals("fp8"))) {
      free.add(InferenceFactor.FP8_MATMUL_RELATIVE_EFFICIENCY);
    }
    return free;
  }

  /**
   * Fits {@code free} to the runs, starting from {@link InferenceCalibration#CALIBRATED}.
   *
   * @param runs the measured runs
   * @param free the factors to fit
   * @return the fit
   * @throws IllegalArgumentException as {@link #fit(List, Collection, InferenceCalibration)}
   */
  public static Fit fit(List<InferenceRun> runs, Collection<InferenceFactor> free) {
    return fit(runs, free, InferenceCalibration.CALIBRATED);
  }

  /**
   * Fits {@code free} to the runs, starting from {@code base}, whose other factors are kept.
   *
   * @param runs the measured runs
   * @param free the factors to fit
   * @param base the starting values and the values of the factors not free
   * @return the fit, whose calibration's source names the runs and the free factors
   * @throws IllegalArgumentException if no factor is free, there are not more runs than free
   *     factors, no run informs a free factor (the FP8 efficiency without an {@code fp8} run on an
   *     accelerator with an FP8 peak), or the model cannot predict a run (the message names it)
   */
  public static Fit fit(List<InferenceRun> runs, Collection<InferenceFactor> free, InferenceCalibration base) {
    List<InferenceFactor> factors = List.copyOf(new LinkedHashSet<>(free));
    if (factors.isEmpty()) {
      throw new IllegalArgumentException("free must name at least one inference factor, was empty");
    }
    if (runs.size() <= factors.size()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "fitting %d inference factors %s needs at least %d runs, had %d", factors.size(),
          factors.stream().map(InferenceFactor::id).toList(), factors.size() + 1, runs.size()));
    }
    int k = factors.size();
    double[] start = new double[k];
    for (int j = 0; j < k; j++) {
      start[j] = factors.get(j).of(base);
    }
    double[] before = predictions(runs, base);
    LogRatioFit<InferenceRun> problem = LogRatioFit.of(runs, InferenceRun::value,
        factors.stream().map(InferenceFactor::range).toList(), v -> {
          InferenceCostModel m = InferenceCostModel.of(calibration(base, factors, v, "fit"));
          return r -> predicted(r, m);
        });
    double[] sensitivity = problem.sensitivities(start);
    for (int j = 0; j < k; j++) {
      if (!(sensitivity[j] >= MIN_SENSITIVITY)) {
        throw new IllegalArgumentException("no run informs " + factors.get(j).id()
            + (factors.get(j) == InferenceFactor.FP8_MATMUL_RELATIVE_EFFICIENCY
                ? " (it needs fp8 runs on an accelerator with an fp8 peak)" : "")
            + ": leave it out of the free factors");
      }
    }
    LogRatioFit.Result optimum = problem.fit(start, MAX_ITERATIONS);
    InferenceCalibration fitted = calibration(base, factors, optimum.values(), String.format(Locale.ROOT,
        "least-squares fit on log(predicted/measured) over %d measured runs of factors %s; the others as in: %s",
        runs.size(), factors.stream().map(InferenceFactor::property).toList(), base.source()));
    double[] after = predictions(runs, fitted);
    List<Residual> residuals = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      residuals.add(new Residual(runs.get(i), before[i], after[i]));
    }
    return new Fit(fitted, base, factors, residuals, optimum.converged());
  }

  private static InferenceCalibration calibration(
      InferenceCalibration base, List<InferenceFactor> factors, double[] values, String source) {
    InferenceCalibration.Builder b = base.toBuilder().source(source);
    for (int j = 0; j < factors.size(); j++) {
      factors.get(j).set(b, values[j]);
    }
    return b.build();
  }

  /**
   * Returns every run's prediction under {@code c}.
   *
   * @throws IllegalArgumentException if a prediction fails or is not a positive number (names the run)
   */
  private static double[] predictions(List<InferenceRun> runs, InferenceCalibration c) {
    InferenceCostModel m = InferenceCostModel.of(c);
    double[] p = new double[runs.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = predicted(runs.get(i), m);
    }
    return p;
  }

  /**
   * Returns a run's prediction under {@code m}.
   *
   * @throws IllegalArgumentException if the prediction fails or is not a positive number (names the run)
   */
  private static double predicted(InferenceRun r, InferenceCostModel m) {
    double p;
    try {
      p = r.predict(m);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("run " + r.id() + " cannot be predicted: " + e.getMessage(), e);
    }
    if (!(p > 0) || Double.isInfinite(p)) {
      throw new IllegalArgumentException("run " + r.id() + " is predicted as " + p + " " + r.measure().unit()
          + ", not a positive number");
    }
    return p;
  }

  private static double rms(double[] r) {
    return LogRatioFit.rms(r);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
