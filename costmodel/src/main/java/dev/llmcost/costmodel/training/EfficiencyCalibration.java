package dev.llmcost.costmodel.training;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.internal.LevenbergMarquardt;
import dev.llmcost.costmodel.internal.training.CsvTable;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Fits the few values of the training model that no microbenchmark pins down to published
 * end-to-end runs, and re-runs that fit: the procedure behind {@link
 * EfficiencyProfiles#FITTED_OVERLAP_EFFICIENCY}, which a test re-runs, and behind {@code llmcost
 * calibrate}.
 *
 * <p>Every run keeps the profile of its own accelerator ({@link EfficiencyProfiles#forAccelerator}:
 * GEMM, attention, memory and collective efficiencies from published microbenchmarks); a fit frees
 * a few {@link Parameter}s and sets them to one shared value for all runs. The bundled fit frees
 * one: the overhead per layer and pass (launch gaps, framework code); the overlap efficiency, freed until s18g, sat
 * at its lower bound (0) in that fit and in every leave-one-publication-out refit but one, so it is held there
 * ({@link EfficiencyProfiles#FITTED_OVERLAP_EFFICIENCY}). It minimises the squared log error of the predicted measurement
 * (Levenberg-Marquardt, Apache Commons Math) with each publication weighted equally ({@code 1/√n}
 * per row), over runs of models with at least {@value #MIN_FITTED_PARAMETERS_TEXT} parameters
 * (smaller models are dominated by launch and framework overheads the model does not describe; they
 * are still predicted and reported).
 *
 * <p>The bundled data are {@code calibration-runs.csv} (next to {@link EfficiencyProfiles}): every
 * row of Narayanan et al. 2021 Table 1, Korthikanti et al. 2022 Table 4 and the MT-NLG paper, and
 * the llm-foundry benchmark tables for A100 80GB, A100 40GB and H100 80GB, each with the
 * configuration it was measured on. Where a source does not give a configuration field, the
 * documented default is used (column {@code assumed}): Narayanan Table 1 runs use micro-batch 1,
 * fp16 with fp16 gradient all-reduction (Megatron-LM 2021's {@code --fp16}), no overlap of the
 * gradient all-reduce, and the interleaved schedule (which §5.1 says was used) with the fewest
 * chunks (smallest divisor above 1 of the layers per stage); Korthikanti Table 4 runs use the
 * interleaving of Calculon's validation files; MT-NLG runs use DeepSpeed's pipeline, which sends
 * whole activations (no scatter/gather) and reduces gradients after the flush; the Megatron-LM and
 * MT-NLG runs compute the loss with Megatron's unfused vocab-parallel cross entropy ({@code loss_fusion}
 * false, {@link TrainingJob#crossEntropyFusion()}), the llm-foundry runs with its default fused kernel; the
 * Narayanan and MT-NLG runs accumulate each micro-batch's weight gradients by a kernel of their own
 * ({@code grad_accum_fusion} false, {@link TrainingJob#gradientAccumulationFusion()}: Megatron-LM fused the
 * accumulation into the weight-gradient GEMM in February 2022, after both); the H100
 * llm-foundry cluster is assumed to have a 400 Gb/s NIC per GPU (the A100 tables state 1600 Gb/s
 * per node).
 */
public final class EfficiencyCalibration {
  private EfficiencyCalibration() {}

  /** Runs of models smaller than this many parameters are predicted but not fitted. */
  public static final double MIN_FITTED_PARAMETERS = 0.5e9;

  private static final String MIN_FITTED_PARAMETERS_TEXT = "0.5 billion";

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
    OVERLAP_EFFICIENCY(0, 1),
    /** {@link EfficiencyProfile#layerOverheadSeconds()}. */
    LAYER_OVERHEAD_SECONDS(0, 1e-3),
    /** {@link EfficiencyProfile#sustainedComputeFactor()}. */
    SUSTAINED_COMPUTE_FACTOR(0.3, 1),
    /**
     * {@link EfficiencyProfiles#FITTED_PYTORCH_NATIVE_COMPUTE}: the factor on the kernel rates of
     * PyTorch-native jobs only ({@link TrainingFramework#pytorchNative()}; other runs ignore it).
     */
    PYTORCH_NATIVE_COMPUTE(0.3, 1);

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

    /**
     * Finds a parameter by its name in any case, with {@code -} or {@code _} ({@code
     * overlap-efficiency}).
     *
     * @param name the name
     * @return the parameter
     * @throws IllegalArgumentException if no parameter has that name
     */
    public static Parameter parse(String name) {
      String key = name.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
      for (Parameter p : values()) {
        if (p.name().equals(key)) {
          return p;
        }
      }
      throw new IllegalArgumentException("parameter must be one of " + java.util.Arrays.toString(values())
          + " (lower case with - also works), was \"" + name + "\"");
    }

    double get(EfficiencyProfile p) {
      return switch (this) {
        case MATMUL_PEAK_FRACTION -> p.matmulPeakFraction();
        case MATMUL_HALF_SATURATION_DIM -> p.matmulHalfSaturationDim();
        case MEMORY_BANDWIDTH_FRACTION -> p.memoryBandwidthFraction();
        case SCALE_UP_BANDWIDTH_FRACTION -> p.scaleUpBandwidthFraction();
        case SCALE_OUT_BANDWIDTH_FRACTION -> p.scaleOutBandwidthFraction();
        case COLLECTIVE_LATENCY_SECONDS -> p.collectiveLatencySeconds();
        case ATTENTION_KERNEL_FRACTION -> p.attentionKernelFraction();
        case OVERLAP_EFFICIENCY -> p.overlapEfficiency();
        case LAYER_OVERHEAD_SECONDS -> p.layerOverheadSeconds();
        case SUSTAINED_COMPUTE_FACTOR -> p.sustainedComputeFactor();
        case PYTORCH_NATIVE_COMPUTE -> EfficiencyProfiles.FITTED_PYTORCH_NATIVE_COMPUTE;
      };
    }
  }

  /**
   * One run's prediction under a fit, and its relative throughput error ({@link
   * CalibrationRun#throughputError}), derived from the prediction.
   */
  public static final class Residual {
    private final CalibrationRun run;
    private final double predicted;
    private final double error;
    private final boolean fitted;

    private Residual(CalibrationRun run, double predicted, boolean fitted) {
      this.run = run;
      this.predicted = predicted;
      this.error = run.throughputError(predicted);
      this.fitted = fitted;
    }

    /**
     * Returns the residual of a prediction made outside a fit (such as with the bundled profiles).
     *
     * @param run the run
     * @param predicted the predicted measurement, in the unit of {@link CalibrationRun#measured()}
     * @return the residual, not marked as fitted
     */
    public static Residual of(CalibrationRun run, double predicted) {
      return new Residual(run, predicted, false);
    }

    /** Returns the run. */
    public CalibrationRun run() {
      return run;
    }

    /** Returns the predicted measurement, in the unit of {@link CalibrationRun#measured()}. */
    public double predicted() {
      return predicted;
    }

    /** Returns the relative throughput error ({@link CalibrationRun#throughputError}). */
    public double error() {
      return error;
    }

    /** Returns whether the run was part of the fit. */
    public boolean fitted() {
      return fitted;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other == this
          || other instanceof Residual o
            && run.equals(o.run)
            && Double.compare(predicted, o.predicted) == 0
            && Double.compare(error, o.error) == 0
            && fitted == o.fitted;
    }

    @Override
    public int hashCode() {
      int h = run.hashCode();
      h = 31 * h + Double.hashCode(predicted);
      h = 31 * h + Double.hashCode(error);
      h = 31 * h + Boolean.hashCode(fitted);
      return h;
    }

    @Override
    public String toString() {
      return "Residual[run=" + run + ", predicted=" + predicted + ", error=" + error + ", fitted=" + fitted + "]";
    }
  }

  /**
   * The result of a fit.
   */
  public static final class Fit {
    private final Map<Parameter, Double> values;
    private final List<Residual> residuals;
    private final int fittedRuns;

    /** Copies the collections. */
    Fit(Map<Parameter, Double> values, List<Residual> residuals, int fittedRuns) {
      values = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(values));
      residuals = List.copyOf(residuals);
      this.values = values;
      this.residuals = residuals;
      this.fittedRuns = fittedRuns;
    }

    /** Returns the parameters that were fitted. */
    public List<Parameter> free() {
      return List.copyOf(values.keySet());
    }

    /**
     * Returns {@code base} with the fitted values in place of its own.
     *
     * @param base a profile (an accelerator's measured profile)
     * @return the fitted profile
     */
    public EfficiencyProfile apply(EfficiencyProfile base) {
      double[] v = valuesOf(base);
      for (Map.Entry<Parameter, Double> e : values.entrySet()) {
        v[e.getKey().ordinal()] = e.getValue();
      }
      // the values themselves, since the base's source goes on to state the ones they replace
      StringBuilder fitted = new StringBuilder();
      values.forEach((k, x) -> fitted.append(fitted.length() == 0 ? "" : ", ").append(k).append('=')
          .append(String.format(java.util.Locale.ROOT, "%.6g", x)));
      return profile(base, v, "fitted [" + fitted + "] to " + fittedRuns + " measured runs, in place of the values"
          + " the base profile states next; " + base.source());
    }

    /**
     * Returns the runs of one publication.
     *
     * @param group the publication
     * @return its residuals
     */
    public List<Residual> group(String group) {
      return residuals.stream().filter(r -> r.run().group().equals(group)).toList();
    }

    /** Returns the fitted value of each free parameter. */
    public Map<Parameter, Double> values() {
      return values;
    }

    /** Returns every run, fitted or not. */
    public List<Residual> residuals() {
      return residuals;
    }

    /** Returns how many runs the fit used. */
    public int fittedRuns() {
      return fittedRuns;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other == this
          || other instanceof Fit o
            && Objects.equals(values, o.values)
            && Objects.equals(residuals, o.residuals)
            && fittedRuns == o.fittedRuns;
    }

    @Override
    public int hashCode() {
      int h = Objects.hashCode(values);
      h = 31 * h + Objects.hashCode(residuals);
      h = 31 * h + Integer.hashCode(fittedRuns);
      return h;
    }

    @Override
    public String toString() {
      return "Fit[values=" + values + ", residuals=" + residuals + ", fittedRuns=" + fittedRuns + "]";
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
   * Returns the parameters the bundled fit frees: the layer overhead (the overlap efficiency too until s18g; it sat
   * at its lower bound, 0, and is held there).
   */
  public static List<Parameter> bundledFreeParameters() {
    return List.of(Parameter.LAYER_OVERHEAD_SECONDS);
  }

  /**
   * Re-runs the fit that produced {@link EfficiencyProfiles#FITTED_OVERLAP_EFFICIENCY} from the
   * bundled data.
   *
   * @return the fit
   */
  public static Fit refitBundled() {
    return fit(bundledRuns(), bundledFreeParameters(), Set.of());
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
   * Fits shared values of the free parameters to {@code runs}, each run keeping its own profile
   * for everything else.
   *
   * @param runs the runs
   * @param free the parameters to fit
   * @param excludedIds runs to predict but leave out of the fit
   * @return the fit
   * @throws IllegalArgumentException if no run is left to fit or nothing is free
   */
  public static Fit fit(List<CalibrationRun> runs, List<Parameter> free, Set<String> excludedIds) {
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
    int k = free.size();
    double[] u0 = new double[k];
    for (int i = 0; i < k; i++) {
      Parameter q = free.get(i);
      // a fixed start, so that a refit never depends on the values it reproduces
      u0[i] = q == Parameter.LAYER_OVERHEAD_SECONDS ? 0 : 0.5;
    }
    // Levenberg–Marquardt over the unit box (see LevenbergMarquardt for the algorithm and its
    // source); forward differences, stepping back at the upper bound
    LevenbergMarquardt.Residuals r = u -> residuals(fitted, free, u);
    LevenbergMarquardt.Result optimum =
        LevenbergMarquardt.minimize(
            r, LevenbergMarquardt.forwardDifference(r, 1e-6, 1), u0, new double[k], ones(k), 2_000);
    double[] u = clamp(optimum.point());
    Map<Parameter, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      Parameter q = free.get(i);
      values.put(q, q.lower + u[i] * (q.upper - q.lower));
    }
    List<Residual> residuals = new ArrayList<>();
    HardwareConstants hw = new HardwareConstants();
    Evaluation e = new Evaluation();
    for (Prepared p : all) {
      double predicted = p.predict(free, u, hw, e);
      residuals.add(new Residual(p.run, predicted, fitted.contains(p)));
    }
    return new Fit(values, residuals, fitted.size());
  }

  /**
   * Predicts a run's measurement under {@code profile}.
   *
   * @param run the run
   * @param profile the profile to use instead of the run's own
   * @return the predicted value in the unit of {@link CalibrationRun#measured()}
   */
  public static double predict(CalibrationRun run, EfficiencyProfile profile) {
    Prepared p = new Prepared(run);
    HardwareConstants hw = new HardwareConstants();
    return p.evaluate(valuesOf(profile), hw, new Evaluation());
  }

  /**
   * Predicts a run's measurement with some parameters set to given values and the rest at its own profile's (the
   * PyTorch-native factor at its bundled value unless given): what a fit's values give a run, one by one.
   *
   * @param run the run
   * @param values the values of the parameters to set
   * @return the predicted value in the unit of {@link CalibrationRun#measured()}
   */
  static double predict(CalibrationRun run, Map<Parameter, Double> values) {
    Prepared p = new Prepared(run);
    double[] v = p.base.clone();
    values.forEach((q, x) -> v[q.ordinal()] = x);
    return p.evaluate(v, new HardwareConstants(), new Evaluation());
  }

  /**
   * Predicts a run's measurement under its own cluster's profile.
   *
   * @param run the run
   * @return the predicted value in the unit of {@link CalibrationRun#measured()}
   */
  public static double predict(CalibrationRun run) {
    return predict(run, run.job().cluster().profile());
  }

  private static double[] ones(int k) {
    double[] a = new double[k];
    java.util.Arrays.fill(a, 1);
    return a;
  }

  private static double[] clamp(double[] u) {
    double[] c = u.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.max(0, Math.min(1, c[i]));
    }
    return c;
  }

  private static double[] residuals(List<Prepared> runs, List<Parameter> free, double[] u) {
    double[] uc = clamp(u);
    double[] r = new double[runs.size()];
    HardwareConstants hw = new HardwareConstants();
    Evaluation e = new Evaluation();
    for (int i = 0; i < r.length; i++) {
      Prepared p = runs.get(i);
      r[i] = p.weight * Math.log(1 + p.run.throughputError(p.predict(free, uc, hw, e)));
    }
    return r;
  }

  private static double[] valuesOf(EfficiencyProfile p) {
    double[] v = new double[Parameter.values().length];
    for (Parameter q : Parameter.values()) {
      v[q.ordinal()] = q.get(p);
    }
    return v;
  }

  private static EfficiencyProfile profile(EfficiencyProfile like, double[] v, String source) {
    return EfficiencyProfile.builder()
        .acceleratorId(like.acceleratorId())
        .matmulPeakFraction(v[Parameter.MATMUL_PEAK_FRACTION.ordinal()])
        .matmulHalfSaturationDim(v[Parameter.MATMUL_HALF_SATURATION_DIM.ordinal()])
        .memoryBandwidthFraction(v[Parameter.MEMORY_BANDWIDTH_FRACTION.ordinal()])
        .scaleUpBandwidthFraction(v[Parameter.SCALE_UP_BANDWIDTH_FRACTION.ordinal()])
        .scaleOutBandwidthFraction(v[Parameter.SCALE_OUT_BANDWIDTH_FRACTION.ordinal()])
        .collectiveLatencySeconds(v[Parameter.COLLECTIVE_LATENCY_SECONDS.ordinal()])
        .attentionKernelFraction(v[Parameter.ATTENTION_KERNEL_FRACTION.ordinal()])
        .overlapEfficiency(v[Parameter.OVERLAP_EFFICIENCY.ordinal()])
        .attentionHalfSaturationSeq(like.attentionHalfSaturationSeq())
        .networkLatencySeconds(like.networkLatencySeconds())
        .fp8MatmulPeakFraction(like.fp8MatmulPeakFraction())
        .layerOverheadSeconds(v[Parameter.LAYER_OVERHEAD_SECONDS.ordinal()])
        .sustainedComputeFactor(v[Parameter.SUSTAINED_COMPUTE_FACTOR.ordinal()])
        .source(source)
        .build();
  }

  /** A run with its model constants, configuration and own profile values computed once. */
  private static final class Prepared {
    final CalibrationRun run;
    final ModelConstants model;
    final EvalConfig config;
    final double[] base;
    double weight = 1;
    /** The framework's factor on the attention kernel fraction ({@link JobMapping#frameworkAttention}). */
    final double frameworkAttention;

    Prepared(CalibrationRun run) {
      this.run = run;
      this.model = ModelConstants.of(run.job().model());
      this.config = JobMapping.config(run.job(), new EvalConfig());
      this.base = valuesOf(run.job().cluster().profile());
      this.frameworkAttention = JobMapping.frameworkAttention(run.job().cluster().accelerator(), run.job().framework());
    }

    double predict(List<Parameter> free, double[] u, HardwareConstants hw, Evaluation e) {
      double[] v = base.clone();
      for (int i = 0; i < free.size(); i++) {
        Parameter q = free.get(i);
        v[q.ordinal()] = q.lower + u[i] * (q.upper - q.lower);
      }
      return evaluate(v, hw, e);
    }

    double evaluate(double[] v, HardwareConstants hw, Evaluation e) {
      Cluster cl = run.job().cluster();
      JobMapping.hardware(cl, run.job().precision(), hw);
      AcceleratorSpec a = cl.accelerator();
      boolean fp8 = run.job().precision().mathType().bits() < 16;
      if (!fp8) {
        hw.matmulPeakFraction = v[Parameter.MATMUL_PEAK_FRACTION.ordinal()];
      }
      hw.matmulPeakFraction16 = v[Parameter.MATMUL_PEAK_FRACTION.ordinal()];
      hw.matmulHalfSaturationDim = v[Parameter.MATMUL_HALF_SATURATION_DIM.ordinal()];
      hw.memoryBandwidth = a.memoryBandwidth().bytesPerSecond() * v[Parameter.MEMORY_BANDWIDTH_FRACTION.ordinal()];
      hw.scaleUpBandwidth = cl.intraNodeBandwidth().bytesPerSecond() * v[Parameter.SCALE_UP_BANDWIDTH_FRACTION.ordinal()];
      hw.scaleOutBandwidth = cl.interNodeBandwidth().bytesPerSecond() * v[Parameter.SCALE_OUT_BANDWIDTH_FRACTION.ordinal()];
      hw.latency = v[Parameter.COLLECTIVE_LATENCY_SECONDS.ordinal()];
      hw.attentionKernelFraction = v[Parameter.ATTENTION_KERNEL_FRACTION.ordinal()]
          * frameworkAttention;
      hw.overlapEfficiency = v[Parameter.OVERLAP_EFFICIENCY.ordinal()];
      hw.layerOverheadSeconds = v[Parameter.LAYER_OVERHEAD_SECONDS.ordinal()];
      hw.sustainedCompute = v[Parameter.SUSTAINED_COMPUTE_FACTOR.ordinal()]
          * (run.job().framework().pytorchNative() ? v[Parameter.PYTORCH_NATIVE_COMPUTE.ordinal()] : 1);
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
   * Builds a GPT-2-style decoder as Megatron-LM and llm-foundry's MPT benchmarks define it (see
   * {@link TrainingRuns#gptStyle}).
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
