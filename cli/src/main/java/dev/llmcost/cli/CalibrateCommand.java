package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcost calibrate}: fits the training model's free values to a user's own measured runs
 * and writes them as a profile that {@code train --profile} and {@code plan --profile} apply.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Fits the training model to your own measured runs and writes a profile for --profile on train and plan.",
      "The runs file has the columns of the bundled validation data: id, model, accelerator, gpus, seq,"
          + " global_batch, tokens_per_second_per_gpu (or measured and value), and optionally dp, tp, pp, vpp,"
          + " cp, ep, micro_batch, recompute, precision, zero, gpus_per_node, network_gbit_per_gpu, attention."
    })
public final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--runs", required = true, description = "CSV of measured runs (see the description).")
  Path runs;

  @Option(names = "--out", required = true, description = "Where to write the fitted profile (JSON).")
  Path out;

  @Option(
      names = "--free",
      split = ",",
      description = "Parameters to fit (default: overlap-efficiency,layer-overhead-seconds; also matmul-peak-fraction,"
          + " attention-kernel-fraction, scale-out-bandwidth-fraction, scale-up-bandwidth-fraction, ...).")
  List<String> free = List.of("overlap-efficiency", "layer-overhead-seconds");

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<Parameter> parameters = new ArrayList<>();
    for (String f : free) {
      try {
        parameters.add(Parameter.parse(f));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--free: " + e.getMessage(), e);
      }
    }
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out must be a file, was the directory " + out);
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
    profile.write(out);
    PrintWriter w = spec.commandLine().getOut();
    List<String> warnings = atBounds(fit);
    if (json.enabled()) {
      ObjectNode n = JsonOutput.object();
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
      w.println(JsonOutput.write(n));
    } else {
      w.print(report(measured, before, fit));
      warnings.forEach(x -> w.println("warning: " + x));
      w.println("profile written to " + out + " (use it with --profile on train and plan)");
    }
    return 0;
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
