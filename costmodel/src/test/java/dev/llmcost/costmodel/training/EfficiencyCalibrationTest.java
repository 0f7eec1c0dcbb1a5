package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Fit;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Parameter;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Residual;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EfficiencyCalibrationTest {

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void printFit(Fit fit) {
    System.out.printf(Locale.ROOT, "%nfit over %d runs: %s%n", fit.fittedRuns(), fit.values());
    Map<String, List<Residual>> groups = new LinkedHashMap<>();
    for (Residual r : fit.residuals()) {
      groups.computeIfAbsent(r.run().group() + (r.fitted() ? "" : " (not fitted)"), k -> new ArrayList<>()).add(r);
    }
    System.out.printf(Locale.ROOT, "%-30s %5s %10s %10s%n", "publication", "runs", "median|e|", "worst|e|");
    for (var g : groups.entrySet()) {
      List<Double> abs = g.getValue().stream().map(r -> Math.abs(r.error())).toList();
      System.out.printf(Locale.ROOT, "%-30s %5d %9.1f%% %9.1f%%%n", g.getKey(), abs.size(), 100 * median(abs),
          100 * abs.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
  }

  @Test
  void refitReproducesTheBundledFittedValues() {
    Fit fit = EfficiencyCalibration.refitBundled();
    printFit(fit);
    for (Residual r : fit.residuals()) {
      System.out.printf(Locale.ROOT, "  %-40s %-26s measured %10.4g predicted %10.4g error %+6.1f%%%s%n",
          r.run().id(), r.run().measured(), r.run().value(), r.predicted(), 100 * r.error(),
          r.fitted() ? "" : "  (not fitted)");
    }
    assertThat(fit.free()).containsExactly(Parameter.LAYER_OVERHEAD_SECONDS);
    assertThat(fit.values().get(Parameter.LAYER_OVERHEAD_SECONDS))
        .isCloseTo(EfficiencyProfiles.FITTED_LAYER_OVERHEAD_SECONDS, within(2e-6));
  }

  @Test
  void overlapEfficiencyFreedStaysAtTheBoundItIsHeldAt() {
    // s18g: the overlap efficiency is no longer fitted; freed beside the layer overhead, the bundled fit must still
    // put it at its lower bound and the overhead where it is
    Fit fit = EfficiencyCalibration.fit(EfficiencyCalibration.bundledRuns(),
        List.of(Parameter.OVERLAP_EFFICIENCY, Parameter.LAYER_OVERHEAD_SECONDS), java.util.Set.of());
    System.out.printf(Locale.ROOT, "%nbundled fit with the overlap efficiency freed (s18g): overlap %.4f, layer overhead %.1f us%n",
        fit.values().get(Parameter.OVERLAP_EFFICIENCY), 1e6 * fit.values().get(Parameter.LAYER_OVERHEAD_SECONDS));
    assertThat(fit.values().get(Parameter.OVERLAP_EFFICIENCY))
        .isCloseTo(EfficiencyProfiles.FITTED_OVERLAP_EFFICIENCY, within(1e-3));
    assertThat(fit.values().get(Parameter.LAYER_OVERHEAD_SECONDS))
        .isCloseTo(EfficiencyProfiles.FITTED_LAYER_OVERHEAD_SECONDS, within(2e-6));
  }

  @Test
  void parametersParseByName() {
    assertThat(Parameter.parse("overlap-efficiency")).isEqualTo(Parameter.OVERLAP_EFFICIENCY);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Parameter.parse("speed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was \"speed\"");
  }
}
