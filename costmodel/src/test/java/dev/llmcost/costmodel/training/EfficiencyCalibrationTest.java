package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Fit;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Residual;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EfficiencyCalibrationTest {

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void printFit(String name, Fit fit) {
    EfficiencyProfile p = fit.profile();
    System.out.printf(Locale.ROOT,
        "%n%s fit (%d runs fitted): matmul peak %.4f, half-saturation %.1f, NVLink %.4f, network %.4f,"
            + " attention %.4f, overlap %.4f, latency %.2f us%n",
        name, fit.fittedRuns(), p.matmulPeakFraction(), p.matmulHalfSaturationDim(), p.scaleUpBandwidthFraction(),
        p.scaleOutBandwidthFraction(), p.attentionKernelFraction(), p.overlapEfficiency(),
        p.collectiveLatencySeconds() * 1e6);
    System.out.printf(Locale.ROOT, "profiles.csv values: %.6f,%.4f,%s,%.6f,%.6f,%s,%.6f,%.6f%n",
        p.matmulPeakFraction(), p.matmulHalfSaturationDim(), p.memoryBandwidthFraction(), p.scaleUpBandwidthFraction(),
        p.scaleOutBandwidthFraction(), p.collectiveLatencySeconds(), p.attentionKernelFraction(), p.overlapEfficiency());
    Map<String, List<Residual>> groups = new LinkedHashMap<>();
    for (Residual r : fit.residuals()) {
      groups.computeIfAbsent(r.run().group() + (r.fitted() ? "" : " (not fitted)"), k -> new ArrayList<>()).add(r);
    }
    System.out.printf(Locale.ROOT, "%-30s %5s %10s %10s%n", "group", "runs", "median|e|", "worst|e|");
    for (var g : groups.entrySet()) {
      List<Double> abs = g.getValue().stream().map(r -> Math.abs(r.error())).toList();
      System.out.printf(Locale.ROOT, "%-30s %5d %9.1f%% %9.1f%%%n", g.getKey(), abs.size(), 100 * median(abs),
          100 * abs.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"a100", "h100"})
  void refitReproducesTheBundledProfile(String profile) {
    Fit fit = EfficiencyCalibration.refitBundled(profile);
    printFit(profile, fit);
    for (Residual r : fit.residuals()) {
      System.out.printf(Locale.ROOT, "  %-40s %-26s measured %10.4g predicted %10.4g error %+6.1f%%%s%n",
          r.run().id(), r.run().measured(), r.run().value(), r.predicted(), 100 * r.error(), r.fitted() ? "" : "  (not fitted)");
    }
    EfficiencyProfile bundled = EfficiencyProfiles.profile(profile).orElseThrow();
    EfficiencyProfile fitted = fit.profile();
    assertThat(fitted.matmulPeakFraction()).isCloseTo(bundled.matmulPeakFraction(), within(1e-3));
    assertThat(fitted.matmulHalfSaturationDim()).isCloseTo(bundled.matmulHalfSaturationDim(), within(0.5));
    assertThat(fitted.scaleUpBandwidthFraction()).isCloseTo(bundled.scaleUpBandwidthFraction(), within(1e-3));
    assertThat(fitted.scaleOutBandwidthFraction()).isCloseTo(bundled.scaleOutBandwidthFraction(), within(1e-3));
    assertThat(fitted.attentionKernelFraction()).isCloseTo(bundled.attentionKernelFraction(), within(1e-3));
    assertThat(fitted.overlapEfficiency()).isCloseTo(bundled.overlapEfficiency(), within(1e-3));
    assertThat(fitted.memoryBandwidthFraction()).isEqualTo(bundled.memoryBandwidthFraction());
    assertThat(fitted.collectiveLatencySeconds()).isEqualTo(bundled.collectiveLatencySeconds());
  }

  @Test
  void leaveOneOutKeepsTheMegatronRunsWithinBounds() {
    List<Double> errors = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%nleave-one-out (a100 refit without the run, then predict it):%n");
    for (CalibrationRun run : EfficiencyCalibration.runsOf("a100")) {
      if (!run.group().equals("megatron")) {
        continue;
      }
      Fit fit = EfficiencyCalibration.refitBundled("a100", Set.of(run.id()));
      Residual r = fit.residuals().stream().filter(x -> x.run().id().equals(run.id())).findFirst().orElseThrow();
      errors.add(Math.abs(r.error()));
      System.out.printf(Locale.ROOT, "  %-24s held-out error %+6.1f%%%n", run.id(), 100 * r.error());
    }
    double median = median(errors);
    double worst = errors.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    System.out.printf(Locale.ROOT, "  median %.1f%%, worst %.1f%% over %d runs%n", 100 * median, 100 * worst, errors.size());
    assertThat(median).isLessThanOrEqualTo(0.10);
    assertThat(worst).isLessThanOrEqualTo(0.25);
  }

  @Test
  void holdingOutAWholePublicationStillPredictsIt() {
    System.out.printf(Locale.ROOT, "%nleave-one-publication-out (a100 refit without every run of the prefix):%n");
    for (String prefix : List.of("megatron-t1-", "korthikanti-", "mtnlg-", "foundry-a100-40-")) {
      Set<String> held = new java.util.HashSet<>();
      for (CalibrationRun r : EfficiencyCalibration.runsOf("a100")) {
        if (r.id().startsWith(prefix)) {
          held.add(r.id());
        }
      }
      Fit fit = EfficiencyCalibration.refitBundled("a100", held);
      List<Double> abs = fit.residuals().stream()
          .filter(r -> held.contains(r.run().id()) && r.run().job().model().parameterCounts().total().value()
              >= EfficiencyCalibration.MIN_FITTED_PARAMETERS)
          .map(r -> Math.abs(r.error())).toList();
      double worst = abs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      System.out.printf(Locale.ROOT, "  %-18s %3d runs held out: median %.1f%%, worst %.1f%%%n", prefix, abs.size(),
          100 * median(abs), 100 * worst);
      assertThat(median(abs)).isLessThanOrEqualTo(0.20);
    }
  }
}
