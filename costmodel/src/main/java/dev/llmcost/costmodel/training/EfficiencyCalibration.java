package dev.llmcost.costmodel.training;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.Normalization;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.internal.training.CsvTable;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Fits an accelerator's {@link EfficiencyProfile} to published training runs: the procedure that
 * produced the bundled profiles, which a test re-runs.
 *
 * <p>The data are {@code calibration-runs.csv} (next to {@link EfficiencyProfiles}): every row of
 * Narayanan et al. 2021 Table 1, Korthikanti et al. 2022 Table 4 and the MT-NLG paper, and the
 * llm-foundry benchmark tables for A100 80GB, A100 40GB and H100 80GB, each with the configuration
 * it was measured on. The fit minimises the squared log error of the predicted measurement
 * (Levenberg-Marquardt, Apache Commons Math) with each publication group weighted equally ({@code
 * 1/√n} per row), over runs of models with at least {@value #MIN_FITTED_PARAMETERS_TEXT}
 * parameters (smaller models are dominated by launch and framework overheads the model does not
 * describe; they are still predicted and reported). No row has a factor of its own.
 *
 * <p>Where a source does not give a configuration field, the documented default is used (column
 * {@code assumed}): Narayanan Table 1 runs use micro-batch 1, fp16 with fp16 gradient
 * all-reduction (Megatron-LM 2021's {@code --fp16}), no overlap of the gradient all-reduce, and the
 * interleaved schedule (which §5.1 says was used) with the fewest chunks (smallest divisor above 1
 * of the layers per stage); Korthikanti Table 4 runs use the interleaving of Calculon's validation
 * files; MT-NLG runs use DeepSpeed's pipeline, which sends whole activations (no scatter/gather) and
 * reduces gradients after the flush; the H100 llm-foundry cluster is assumed to have a 400 Gb/s NIC
 * per GPU (the A100 tables state 1600 Gb/s per node).
 *
 * <p>Parameters: the A100 fit frees six values (matmul peak fraction and half-saturation dimension,
 * NVLink and network fractions, fused-attention fraction, overlap efficiency); the H100 fit frees
 * four (the network and NVLink fractions are taken from the A100 profile, since no H100 run uses
 * tensor or pipeline parallelism). Memory bandwidth fraction (0.8) and ring-step latency (2 µs) are
 * assumptions, not fitted (freed, the latency runs to its lower bound of 0).
 */
public final class EfficiencyCalibration {
  private EfficiencyCalibration() {}

  /** Runs of models smaller than this many parameters are predicted but not fitted. */
  public static final double MIN_FITTED_PARAMETERS = 0.5e9;

  private static final String MIN_FITTED_PARAMETERS_TEXT = "0.5 billion";

  /** The memory bandwidth fraction every bundled profile assumes. */
  public static final double ASSUMED_MEMORY_BANDWIDTH_FRACTION = 0.8;

  /** The ring-step latency every bundled profile assumes, seconds. */
  public static final double ASSUMED_LATENCY_SECONDS = 2e-6;

  /** A value of an efficiency profile that a fit may free, with its bounds. */
  public enum Parameter {
    /** {@link EfficiencyProfile#matmulPeakFraction()}. */
    MATMUL_PEAK_FRACTION(0.3, 1),
    /** {@link EfficiencyProfile#matmulHalfSaturationDim()}. */
    MATMUL_HALF_SATURATION_DIM(0, 4096),
    /** {@link EfficiencyProfile#memoryBandwidthFraction()}. */
    MEMORY_BANDWIDTH_FRACTION(0.2, 1),
    /** {@link EfficiencyProfile#scaleUpBandwidthFraction()}. */
    SCALE_UP_BANDWIDTH_FRACTION(0.05, 1),
    /** {@link EfficiencyProfile#scaleOutBandwidthFraction()}. */
    SCALE_OUT_BANDWIDTH_FRACTION(0.05, 1),
    /** {@link EfficiencyProfile#collectiveLatencySeconds()}. */
    COLLECTIVE_LATENCY_SECONDS(0, 1e-3),
    /** {@link EfficiencyProfile#attentionKernelFraction()}. */
    ATTENTION_KERNEL_FRACTION(0.05, 1),
    /** {@link EfficiencyProfile#overlapEfficiency()}. */
    OVERLAP_EFFICIENCY(0, 1);

    private final double lower;
    private final double upper;

    Parameter(double lower, double upper) {
      this.lower = lower;
      this.upper = upper;
    }

    /** Returns the lower bound. */
    public double lower() {
      return lower;
    }

    /** Returns the upper bound. */
    public double upper() {
      return upper;
    }
  }

  /**
   * One run's prediction under a fitted profile.
   *
   * @param run the run
   * @param predicted the predicted measurement
   * @param error the relative throughput error ({@link CalibrationRun#throughputError})
   * @param fitted whether the run was part of the fit
   */
  public record Residual(CalibrationRun run, double predicted, double error, boolean fitted) {}

  /**
   * The result of a fit.
   *
   * @param profile the fitted profile
   * @param free the parameters that were fitted
   * @param residuals every run of the family, fitted or not
   * @param fittedRuns how many runs the fit used
   */
  public record Fit(EfficiencyProfile profile, List<Parameter> free, List<Residual> residuals, int fittedRuns) {
    /** Copies the lists. */
    public Fit {
      free = List.copyOf(free);
      residuals = List.copyOf(residuals);
    }

    /**
     * Returns the runs of one group.
     *
     * @param group the group
     * @return its residuals
     */
    public List<Residual> group(String group) {
      return residuals.stream().filter(r -> r.run().group().equals(group)).toList();
    }
  }

  private static final class Data {
    static final List<CalibrationRun> RUNS = load();
  }

  /** Returns every bundled calibration run, with the bundled profiles in their clusters. */
  public static List<CalibrationRun> bundledRuns() {
    return Data.RUNS;
  }

  /**
   * Returns the bundled runs measured on accelerators that {@code profile} applies to.
   *
   * @param profile a bundled profile name ({@code a100}, {@code h100})
   * @return the runs
   * @throws IllegalArgumentException if the profile is unknown
   */
  public static List<CalibrationRun> runsOf(String profile) {
    requireProfile(profile);
    List<CalibrationRun> out = new ArrayList<>();
    for (CalibrationRun r : Data.RUNS) {
      if (EfficiencyProfiles.profileNameOf(r.job().cluster().accelerator().id()).orElse("").equals(profile)) {
        out.add(r);
      }
    }
    return out;
  }

  private static EfficiencyProfile requireProfile(String profile) {
    return EfficiencyProfiles.profile(profile)
        .orElseThrow(
            () -> new IllegalArgumentException(
                "profile must be one of " + EfficiencyProfiles.profileNames() + ", was \"" + profile + "\""));
  }

  /**
   * Returns the parameters the bundled fit of {@code profile} frees.
   *
   * @param profile {@code a100} or {@code h100}
   * @return the free parameters
   */
  public static List<Parameter> bundledFreeParameters(String profile) {
    return profile.equals("a100")
        ? List.of(
            Parameter.MATMUL_PEAK_FRACTION,
            Parameter.MATMUL_HALF_SATURATION_DIM,
            Parameter.SCALE_UP_BANDWIDTH_FRACTION,
            Parameter.SCALE_OUT_BANDWIDTH_FRACTION,
            Parameter.ATTENTION_KERNEL_FRACTION,
            Parameter.OVERLAP_EFFICIENCY)
        : List.of(
            Parameter.MATMUL_PEAK_FRACTION,
            Parameter.MATMUL_HALF_SATURATION_DIM,
            Parameter.ATTENTION_KERNEL_FRACTION,
            Parameter.OVERLAP_EFFICIENCY);
  }

  /**
   * Re-runs the fit that produced the bundled profile {@code profile} from the bundled data.
   *
   * @param profile {@code a100} or {@code h100}
   * @return the fit
   * @throws IllegalArgumentException if the profile is unknown
   */
  public static Fit refitBundled(String profile) {
    return refitBundled(profile, Set.of());
  }

  /**
   * Re-runs the bundled fit of {@code profile} without some runs (a leave-out check).
   *
   * @param profile {@code a100} or {@code h100}
   * @param excludedIds ids of runs to leave out of the fit (they are still predicted)
   * @return the fit
   * @throws IllegalArgumentException if the profile is unknown
   */
  public static Fit refitBundled(String profile, Set<String> excludedIds) {
    EfficiencyProfile bundled = requireProfile(profile);
    EfficiencyProfile a100 = requireProfile("a100");
    boolean isA100 = profile.equals("a100");
    EfficiencyProfile start =
        new EfficiencyProfile(
            bundled.acceleratorId(),
            0.8,
            100,
            ASSUMED_MEMORY_BANDWIDTH_FRACTION,
            isA100 ? 0.8 : a100.scaleUpBandwidthFraction(),
            isA100 ? 0.8 : a100.scaleOutBandwidthFraction(),
            ASSUMED_LATENCY_SECONDS,
            0.5,
            0.5,
            "start");
    List<CalibrationRun> runs = runsOf(profile);
    Fit fit = fit(runs, start, bundledFreeParameters(profile), excludedIds);
    String groups = String.join(", ", new LinkedHashMap<>(countGroups(runs, excludedIds)).keySet());
    EfficiencyProfile p = fit.profile();
    EfficiencyProfile named =
        new EfficiencyProfile(
            bundled.acceleratorId(),
            p.matmulPeakFraction(),
            p.matmulHalfSaturationDim(),
            p.memoryBandwidthFraction(),
            p.scaleUpBandwidthFraction(),
            p.scaleOutBandwidthFraction(),
            p.collectiveLatencySeconds(),
            p.attentionKernelFraction(),
            p.overlapEfficiency(),
            "fitted by EfficiencyCalibration to " + fit.fittedRuns() + " published runs (" + groups + ")"
                + (isA100 ? "" : "; NVLink and network fractions from the a100 fit")
                + "; memory bandwidth fraction and ring latency assumed");
    return new Fit(named, fit.free(), fit.residuals(), fit.fittedRuns());
  }

  private static Map<String, Integer> countGroups(List<CalibrationRun> runs, Set<String> excluded) {
    Map<String, Integer> n = new LinkedHashMap<>();
    for (CalibrationRun r : runs) {
      if (isFitted(r) && !excluded.contains(r.id())) {
        n.merge(r.group(), 1, Integer::sum);
      }
    }
    return n;
  }

  private static boolean isFitted(CalibrationRun r) {
    return r.job().model().parameterCounts().total().value() >= MIN_FITTED_PARAMETERS;
  }

  /**
   * Fits the free parameters of {@code start} to {@code runs}.
   *
   * @param runs the runs (their clusters' profiles are replaced during the fit)
   * @param start the starting profile; its non-free values stay fixed
   * @param free the parameters to fit
   * @param excludedIds runs to predict but leave out of the fit
   * @return the fit
   * @throws IllegalArgumentException if no run is left to fit or nothing is free
   */
  public static Fit fit(List<CalibrationRun> runs, EfficiencyProfile start, List<Parameter> free, Set<String> excludedIds) {
    if (free.isEmpty()) {
      throw new IllegalArgumentException("free must name at least one parameter, was empty");
    }
    Map<String, Integer> groups = countGroups(runs, excludedIds);
    List<Prepared> fitted = new ArrayList<>();
    List<Prepared> all = new ArrayList<>();
    for (CalibrationRun r : runs) {
      Prepared p = new Prepared(r);
      all.add(p);
      if (isFitted(r) && !excludedIds.contains(r.id())) {
        p.weight = 1 / Math.sqrt(groups.get(r.group()));
        fitted.add(p);
      }
    }
    Require.positive("runs to fit", fitted.size());
    double[] base = values(start);
    int k = free.size();
    double[] u0 = new double[k];
    for (int i = 0; i < k; i++) {
      Parameter q = free.get(i);
      u0[i] = (base[q.ordinal()] - q.lower) / (q.upper - q.lower);
    }
    MultivariateJacobianFunction model =
        point -> {
          double[] u = point.toArray();
          double[] r0 = residuals(fitted, free, base, u);
          double[][] jac = new double[r0.length][k];
          for (int j = 0; j < k; j++) {
            double step = 1e-6;
            double[] up = u.clone();
            up[j] = u[j] + step <= 1 ? u[j] + step : u[j] - step;
            double[] r1 = residuals(fitted, free, base, up);
            double h = up[j] - u[j];
            for (int i = 0; i < r0.length; i++) {
              jac[i][j] = (r1[i] - r0[i]) / h;
            }
          }
          return new Pair<>(new ArrayRealVector(r0, false), new Array2DRowRealMatrix(jac, false));
        };
    LeastSquaresProblem problem =
        new LeastSquaresBuilder()
            .start(u0)
            .model(model)
            .target(new double[fitted.size()])
            .parameterValidator(
                v -> {
                  RealVector c = v.copy();
                  for (int i = 0; i < c.getDimension(); i++) {
                    c.setEntry(i, Math.max(0, Math.min(1, c.getEntry(i))));
                  }
                  return c;
                })
            .maxEvaluations(20_000)
            .maxIterations(2_000)
            .build();
    LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
    double[] best = apply(free, base, clamp(optimum.getPoint().toArray()));
    EfficiencyProfile profile = profile(start, best, "fitted");
    List<Residual> residuals = new ArrayList<>();
    HardwareConstants hw = new HardwareConstants();
    Evaluation e = new Evaluation();
    for (Prepared p : all) {
      double predicted = p.predict(best, hw, e);
      residuals.add(new Residual(p.run, predicted, p.run.throughputError(predicted), fitted.contains(p)));
    }
    return new Fit(profile, free, residuals, fitted.size());
  }

  /**
   * Predicts a run's measurement under {@code profile}.
   *
   * @param run the run
   * @param profile the profile to use instead of the run's own
   * @return the predicted value in the unit of {@link CalibrationRun#measured()}
   */
  public static double predict(CalibrationRun run, EfficiencyProfile profile) {
    return new Prepared(run).predict(values(profile), new HardwareConstants(), new Evaluation());
  }

  private static double[] clamp(double[] u) {
    double[] c = u.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.max(0, Math.min(1, c[i]));
    }
    return c;
  }

  private static double[] apply(List<Parameter> free, double[] base, double[] u) {
    double[] v = base.clone();
    for (int i = 0; i < free.size(); i++) {
      Parameter q = free.get(i);
      v[q.ordinal()] = q.lower + u[i] * (q.upper - q.lower);
    }
    return v;
  }

  private static double[] residuals(List<Prepared> runs, List<Parameter> free, double[] base, double[] u) {
    double[] v = apply(free, base, clamp(u));
    double[] r = new double[runs.size()];
    HardwareConstants hw = new HardwareConstants();
    Evaluation e = new Evaluation();
    for (int i = 0; i < r.length; i++) {
      Prepared p = runs.get(i);
      r[i] = p.weight * Math.log(1 + p.run.throughputError(p.predict(v, hw, e)));
    }
    return r;
  }

  private static double[] values(EfficiencyProfile p) {
    double[] v = new double[Parameter.values().length];
    v[Parameter.MATMUL_PEAK_FRACTION.ordinal()] = p.matmulPeakFraction();
    v[Parameter.MATMUL_HALF_SATURATION_DIM.ordinal()] = p.matmulHalfSaturationDim();
    v[Parameter.MEMORY_BANDWIDTH_FRACTION.ordinal()] = p.memoryBandwidthFraction();
    v[Parameter.SCALE_UP_BANDWIDTH_FRACTION.ordinal()] = p.scaleUpBandwidthFraction();
    v[Parameter.SCALE_OUT_BANDWIDTH_FRACTION.ordinal()] = p.scaleOutBandwidthFraction();
    v[Parameter.COLLECTIVE_LATENCY_SECONDS.ordinal()] = p.collectiveLatencySeconds();
    v[Parameter.ATTENTION_KERNEL_FRACTION.ordinal()] = p.attentionKernelFraction();
    v[Parameter.OVERLAP_EFFICIENCY.ordinal()] = p.overlapEfficiency();
    return v;
  }

  private static EfficiencyProfile profile(EfficiencyProfile like, double[] v, String source) {
    return new EfficiencyProfile(
        like.acceleratorId(),
        v[Parameter.MATMUL_PEAK_FRACTION.ordinal()],
        v[Parameter.MATMUL_HALF_SATURATION_DIM.ordinal()],
        v[Parameter.MEMORY_BANDWIDTH_FRACTION.ordinal()],
        v[Parameter.SCALE_UP_BANDWIDTH_FRACTION.ordinal()],
        v[Parameter.SCALE_OUT_BANDWIDTH_FRACTION.ordinal()],
        v[Parameter.COLLECTIVE_LATENCY_SECONDS.ordinal()],
        v[Parameter.ATTENTION_KERNEL_FRACTION.ordinal()],
        v[Parameter.OVERLAP_EFFICIENCY.ordinal()],
        source);
  }

  /** A run with its model constants and configuration computed once. */
  private static final class Prepared {
    final CalibrationRun run;
    final ModelConstants model;
    final EvalConfig config;
    double weight = 1;

    Prepared(CalibrationRun run) {
      this.run = run;
      this.model = ModelConstants.of(run.job().model());
      this.config = JobMapping.config(run.job(), new EvalConfig());
    }

    double predict(double[] v, HardwareConstants hw, Evaluation e) {
      Cluster cl = run.job().cluster();
      JobMapping.hardware(cl, run.job().precision(), hw);
      AcceleratorSpec a = cl.accelerator();
      hw.matmulPeakFraction = v[Parameter.MATMUL_PEAK_FRACTION.ordinal()];
      hw.matmulHalfSaturationDim = v[Parameter.MATMUL_HALF_SATURATION_DIM.ordinal()];
      hw.memoryBandwidth = a.memoryBandwidth().bytesPerSecond() * v[Parameter.MEMORY_BANDWIDTH_FRACTION.ordinal()];
      hw.scaleUpBandwidth = cl.intraNodeBandwidth().bytesPerSecond() * v[Parameter.SCALE_UP_BANDWIDTH_FRACTION.ordinal()];
      hw.scaleOutBandwidth = cl.interNodeBandwidth().bytesPerSecond() * v[Parameter.SCALE_OUT_BANDWIDTH_FRACTION.ordinal()];
      hw.latency = v[Parameter.COLLECTIVE_LATENCY_SECONDS.ordinal()];
      hw.interNodeLatency = hw.latency;
      hw.attentionKernelFraction = v[Parameter.ATTENTION_KERNEL_FRACTION.ordinal()];
      hw.overlapEfficiency = v[Parameter.OVERLAP_EFFICIENCY.ordinal()];
      Evaluator.evaluate(model, hw, config, e);
      return switch (run.measured()) {
        case CalibrationRun.HARDWARE_TFLOPS -> e.hardwareFlopsPerGpu / 1e12;
        case CalibrationRun.ITERATION_SECONDS -> e.stepSeconds;
        default -> e.tokensPerSecondPerGpu;
      };
    }
  }

  private static List<CalibrationRun> load() {
    return TrainingRuns.parse(
        "calibration-runs.csv",
        resource("calibration-runs.csv"),
        TrainingRuns.modelsTable("calibration-models.csv", resource("calibration-models.csv")));
  }

  private static String resource(String name) {
    try (java.io.InputStream in = EfficiencyProfiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Builds a GPT-2-style decoder as Megatron-LM and llm-foundry's MPT benchmarks define it: pre-
   * LayerNorm with biases, a plain GELU MLP of 4 × hidden with biases, attention biases, learned
   * positions, tied embeddings.
   *
   * @param id the name
   * @param layers layers
   * @param hidden width
   * @param heads attention heads
   * @param vocab vocabulary size
   * @param positions rows of the learned position table
   * @return the architecture
   */
  public static ModelArchitecture gptStyle(String id, int layers, int hidden, int heads, int vocab, int positions) {
    return TrainingRuns.gptStyle(id, layers, hidden, heads, vocab, positions);
  }
}
