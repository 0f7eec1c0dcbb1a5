package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.costmodel.inference.InferenceCalibrator;
import dev.llmcost.costmodel.inference.InferenceFactor;
import dev.llmcost.costmodel.inference.InferenceProfile;
import dev.llmcost.costmodel.inference.InferenceRun;
import dev.llmcost.costmodel.inference.InferenceRuns;
import dev.llmcost.costmodel.training.CalibrationRun;
import dev.llmcost.costmodel.training.EfficiencyCalibration;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Fit;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Parameter;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Residual;
import dev.llmcost.costmodel.training.FittedProfile;
import dev.llmcost.costmodel.training.TrainingRuns;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcost calibrate}: fits the training model's free values to a user's own measured runs
 * ({@code --runs}) and writes them as a profile that {@code train --profile} and {@code plan
 * --profile} apply; fits the inference factors to measured serving runs ({@code --inference-runs},
 * {@link InferenceCalibrator}) into the profile's inference section that {@code infer}, {@code
 * capacity} and {@code simulate} apply with {@code --profile}. Both together write one profile with
 * both sections.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Fits the training model to your own measured runs (--runs) and writes a profile for --profile on train and"
          + " plan; fits the inference factors to measured serving runs (--inference-runs) for --profile on infer,"
          + " capacity and simulate. Both together write one profile with both sections.",
      "The runs file has the columns of the bundled validation data: id, model, accelerator, gpus, seq,"
          + " global_batch, tokens_per_second_per_gpu (or measured and value), and optionally dp, tp, pp, vpp,"
          + " cp, ep, micro_batch, recompute, precision, zero, gpus_per_node, network_gbit_per_gpu, attention.",
      "The inference runs file has the columns id, model, accelerator, gpus, tp, precision (fp8, fp16, bf16), batch,"
          + " input_tokens, output_tokens, measured (output_tokens_per_second_per_gpu, ttft_ms, tpot_ms), value, and"
          + " optionally unit, source, note."
    })
public final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--runs", description = "CSV of measured training runs (see the description).")
  @Nullable Path runs;

  @Option(names = "--inference-runs", description = "CSV of measured inference runs (see the description).")
  @Nullable Path inferenceRuns;

  @Option(names = "--out", required = true, description = "Where to write the fitted profile (JSON).")
  Path out;

  @Option(
      names = "--free",
      split = ",",
      description = "Parameters to fit (default: overlap-efficiency,layer-overhead-seconds; also matmul-peak-fraction,"
          + " attention-kernel-fraction, scale-out-bandwidth-fraction, scale-up-bandwidth-fraction, ...). With"
          + " --inference-runs alone, the inference factors to fit (as --inference-free).")
  @Nullable List<String> free;

  @Option(
      names = "--inference-free",
      split = ",",
      description = "Inference factors to fit (default: memory-bandwidth-fraction,per-layer-overhead-seconds,"
          + "gemm-overlap-loss, and fp8-matmul-relative-efficiency when an fp8 run is given).")
  @Nullable List<String> inferenceFree;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (runs == null && inferenceRuns == null) {
      throw new IllegalArgumentException("calibrate needs --runs (training runs), --inference-runs (inference runs)"
          + " or both");
    }
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out must be a file, was the directory " + out);
    }
    if (inferenceFree != null && inferenceRuns == null) {
      throw new IllegalArgumentException("--inference-free needs --inference-runs");
    }
    if (runs == null) {
      if (free != null && inferenceFree != null) {
        throw new IllegalArgumentException("--free and --inference-free both name inference factors without --runs;"
            + " give one of them");
      }
      return inference(free != null ? free : inferenceFree, null);
    }
    if (inferenceRuns != null) {
      // both: the training fit, then the inference fit; the file is written once both have succeeded
      return inference(inferenceFree, training(false));
    }
    training(true);
    return 0;
  }

  /**
   * Fits the training runs; writes the profile and prints the report when {@code print}, else
   * returns the profile for {@link #inference} to write with its own section (the training report
   * then printed first).
   */
  private FittedProfile training(boolean print) {
    Path runs = java.util.Objects.requireNonNull(this.runs);
    List<Parameter> parameters = new ArrayList<>();
    for (String f : free != null ? free : List.of("overlap-efficiency", "layer-overhead-seconds")) {
      try {
        parameters.add(Parameter.parse(f));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--free: " + e.getMessage(), e);
      }
    }
    List<CalibrationRun> measured = TrainingRuns.read(runs);
    if (measured.isEmpty()) {
      throw new IllegalArgumentException("--runs " + runs + " holds no run");
    }
    List<Residual> before = new ArrayList<>();
    for (CalibrationRun r : measured) {
      double p = EfficiencyCalibration.predict(r);
      before.add(Residual.of(r, p));
    }
    Fit fit;
    try {
      fit = EfficiencyCalibration.fit(measured, parameters, Set.of());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--runs " + runs + ": " + e.getMessage()
          + " (runs of models below 0.5B parameters are predicted but not fitted)", e);
    }
    FittedProfile profile = FittedProfile.of(fit, "llmcost calibrate --runs " + runs.getFileName());
    PrintWriter w = spec.commandLine().getOut();
    List<String> warnings = atBounds(fit);
    trainingJson = JsonOutput.object();
    trainingText = "";
    if (print) {
      profile.write(out);
    }
    if (json.enabled()) {
      ObjectNode n = trainingJson;
      ObjectNode v = n.putObject("values");
      fit.values().forEach((k, x) -> v.put(k.name(), x));
      n.put("runs", measured.size());
      n.put("fittedRuns", fit.fittedRuns());
      n.put("medianAbsErrorBefore", median(before));
      n.put("medianAbsErrorAfter", median(fit.residuals()));
      n.put("profile", out.toString());
      ArrayNode ws = n.putArray("warnings");
      warnings.forEach(ws::add);
      ArrayNode rows = n.putArray("rows");
      for (int i = 0; i < measured.size(); i++) {
        ObjectNode o = rows.addObject();
        o.put("id", measured.get(i).id());
        o.put("measured", measured.get(i).value());
        o.put("predictedBefore", before.get(i).predicted());
        o.put("predictedAfter", fit.residuals().get(i).predicted());
      }
      if (print) {
        w.println(JsonOutput.write(n));
      }
    } else {
      StringBuilder sb = new StringBuilder(report(measured, before, fit));
      warnings.forEach(x -> sb.append("warning: ").append(x).append('\n'));
      trainingText = sb.toString();
      if (print) {
        w.print(trainingText);
        w.println("profile written to " + out + " (use it with --profile on train and plan)");
      }
    }
    return profile;
  }

  private ObjectNode trainingJson = JsonOutput.object();
  private String trainingText = "";

  /**
   * Fits the inference runs and writes the profile: with {@code training}'s values too when given
   * (its report printed first; its JSON keys at the top level, the inference fit under {@code inference}).
   */
  private int inference(@Nullable List<String> names, @Nullable FittedProfile training) {
    Path file = java.util.Objects.requireNonNull(inferenceRuns);
    List<InferenceRun> measured = InferenceRuns.read(file);
    if (measured.isEmpty()) {
      throw new IllegalArgumentException("--inference-runs " + file + " holds no run");
    }
    java.util.Set<InferenceFactor> factors;
    if (names == null) {
      factors = InferenceCalibrator.defaultFree(measured);
    } else {
      factors = java.util.EnumSet.noneOf(InferenceFactor.class);
      for (String f : names) {
        try {
          factors.add(InferenceFactor.parse(f));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException((training == null && inferenceFree == null ? "--free: " : "--inference-free: ")
              + e.getMessage(), e);
        }
      }
    }
    InferenceCalibrator.Fit fit;
    try {
      fit = InferenceCalibrator.fit(measured, factors);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--inference-runs " + file + ": " + e.getMessage(), e);
    }
    InferenceProfile profile = InferenceProfile.of(fit, "llmcost calibrate --inference-runs " + file.getFileName());
    if (training == null) {
      profile.write(out);
    } else {
      profile.write(out, training);
    }
    PrintWriter w = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = training == null ? JsonOutput.object() : trainingJson;
      ObjectNode i = n.putObject("inference");
      ObjectNode v = i.putObject("values");
      for (InferenceFactor f : InferenceFactor.values()) {
        v.put(f.property(), f.of(fit.calibration()));
      }
      ArrayNode fitted = i.putArray("fitted");
      fit.free().forEach(f -> fitted.add(f.property()));
      i.put("runs", measured.size());
      i.put("converged", fit.converged());
      i.put("medianAbsErrorBefore", fit.medianAbsErrorBefore());
      i.put("medianAbsErrorAfter", fit.medianAbsErrorAfter());
      i.put("rmsLogErrorBefore", fit.rmsLogErrorBefore());
      i.put("rmsLogErrorAfter", fit.rmsLogErrorAfter());
      ArrayNode ws = i.putArray("warnings");
      inferenceWarnings(fit).forEach(ws::add);
      ArrayNode rows = i.putArray("rows");
      for (InferenceCalibrator.Residual r : fit.residuals()) {
        ObjectNode o = rows.addObject();
        o.put("id", r.run().id());
        o.put("measured", r.run().measure().id());
        o.put("value", r.run().value());
        o.put("predictedBefore", r.predictedBefore());
        o.put("predictedAfter", r.predictedAfter());
      }
      n.put("profile", out.toString());
      w.println(JsonOutput.write(n));
    } else {
      w.print(trainingText);
      if (training != null) {
        w.println();
      }
      w.print(inferenceReport(fit));
      inferenceWarnings(fit).forEach(x -> w.println("warning: " + x));
      w.println("profile written to " + out + " (use it with --profile on "
          + (training == null ? "infer, capacity and simulate" : "train and plan, and on infer, capacity and simulate")
          + ")");
    }
    return 0;
  }

  /** The factors that ended at a bound, and a fit that did not converge. */
  static List<String> inferenceWarnings(InferenceCalibrator.Fit fit) {
    List<String> warnings = new ArrayList<>();
    for (InferenceFactor f : fit.atBounds()) {
      warnings.add(String.format(Locale.ROOT, "%s ended at a bound of its range, %s: the runs push it past what the"
          + " model allows, so it is the bound's value, not the runs'", f.id(), plain(f.of(fit.calibration()))));
    }
    if (!fit.converged()) {
      warnings.add("the fit stopped at its iteration limit before converging");
    }
    return warnings;
  }

  /** The before/after table of an inference fit. */
  static String inferenceReport(InferenceCalibrator.Fit fit) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "inference calibration over %d runs (least squares on log(predicted/measured))"
        + "%n%n", fit.residuals().size()));
    sb.append("inference factors (fitted ones marked *; the shared per-accelerator GEMM and collective factors stay as"
        + " measured by microbenchmarks)\n");
    for (InferenceFactor f : InferenceFactor.values()) {
      sb.append(String.format(Locale.ROOT, "  %-30s %12.6g %s (bundled %.6g)%n", f.property(), f.of(fit.calibration()),
          fit.free().contains(f) ? "*" : " ", f.of(fit.base())));
    }
    sb.append(String.format(Locale.ROOT, "%n  %-32s %-34s %12s %12s %9s %12s %9s%n", "run", "measured as", "measured",
        "before", "error", "after", "error"));
    for (InferenceCalibrator.Residual r : fit.residuals()) {
      sb.append(String.format(Locale.ROOT, "  %-32s %-34s %12.4g %12.4g %+8.1f%% %12.4g %+8.1f%%%n", r.run().id(),
          r.run().measure().id(), r.run().value(), r.predictedBefore(), 100 * r.errorBefore(), r.predictedAfter(),
          100 * r.errorAfter()));
    }
    sb.append(String.format(Locale.ROOT, "%n  median |error|: %.1f%% before, %.1f%% after; RMS log error %.4f before,"
        + " %.4f after%n", 100 * fit.medianAbsErrorBefore(), 100 * fit.medianAbsErrorAfter(), fit.rmsLogErrorBefore(),
        fit.rmsLogErrorAfter()));
    return sb.toString();
  }

  /**
   * The fitted values that ended at a bound of their range (within a thousandth of it): the runs push
   * them past what the model allows, so the value is the bound's, not the runs' (as curve fitters
   * such as SciPy's least_squares report an active bound).
   */
  static List<String> atBounds(Fit fit) {
    List<String> warnings = new ArrayList<>();
    fit.values().forEach((k, v) -> {
      double tolerance = 1e-3 * (k.upper() - k.lower());
      String side = v <= k.lower() + tolerance ? "lower" : v >= k.upper() - tolerance ? "upper" : null;
      if (side != null) {
        warnings.add(String.format(Locale.ROOT, "%s ended at its %s bound, %s (range [%s, %s]): the runs"
            + " push it past what the model allows, so it is the bound's value, not the runs'", id(k), side, plain(v),
            plain(k.lower()), plain(k.upper())));
      }
    });
    return warnings;
  }

  /** 6 significant digits without trailing zeros: 0, 0.001, 0.734512. */
  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** OVERLAP_EFFICIENCY as --free spells it, overlap-efficiency. */
  private static String id(Parameter p) {
    return p.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static double median(List<Residual> rs) {
    List<Double> v = new ArrayList<>();
    rs.forEach(r -> v.add(Math.abs(r.error())));
    v.sort(Comparator.naturalOrder());
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  static String report(List<CalibrationRun> runs, List<Residual> before, Fit fit) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "calibration over %d runs (%d fitted; runs of models below 0.5B parameters"
        + " are predicted, not fitted)%n%n", runs.size(), fit.fittedRuns()));
    sb.append("fitted values (shared by every accelerator; everything else stays as measured by microbenchmarks)\n");
    fit.values().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-30s %12.6g%n", k.name(), v)));
    sb.append(String.format(Locale.ROOT, "%n  %-32s %-24s %12s %12s %9s %12s %9s%n", "run", "measured as", "measured",
        "before", "error", "after", "error"));
    for (int i = 0; i < runs.size(); i++) {
      CalibrationRun r = runs.get(i);
      Residual a = fit.residuals().get(i);
      sb.append(String.format(Locale.ROOT, "  %-32s %-24s %12.4g %12.4g %+8.1f%% %12.4g %+8.1f%%%n", r.id(), r.measured(),
          r.value(), before.get(i).predicted(), 100 * before.get(i).error(), a.predicted(), 100 * a.error()));
    }
    sb.append(String.format(Locale.ROOT, "%n  median |error|: %.1f%% before, %.1f%% after%n", 100 * median(before),
        100 * median(fit.residuals())));
    return sb.toString();
  }
}
