package dev.llmcost.costmodel.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.gguf.GgufLayout;
import dev.llmcost.core.gguf.GgufModels;
import dev.llmcost.core.gguf.QuantMix;
import dev.llmcost.core.local.LocalDevice;
import dev.llmcost.core.local.LocalDeviceCatalog;
import dev.llmcost.core.local.LocalDeviceKind;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Published llama-bench results against {@link LocalEstimator}: tg128 median |error| within 15%,
 * pp512 within 25%, over all rows with the fitted {@link LocalProfile#DEFAULT} and leave one source
 * out (refit without a source, predict it).
 */
class LocalBenchValidationTest {

  /** One published row with the estimator's unit-efficiency times precomputed. */
  record Row(String sourceId, String source, String device, LocalDeviceKind kind, String model, String quant,
      double pp, double tg, double tgUnitSeconds, double ppUnitSeconds) {}

  static final List<Row> ROWS = new ArrayList<>();
  static final LocalProfile UNIT = new LocalProfile(1, 0, 1, 0, 1, 1, 1, 1);

  @BeforeAll
  static void load() {
    CsvTable t = CsvTable.read(LocalBenchValidationTest.class, "local-bench.csv");
    for (int i = 0; i < t.size(); i++) {
      ModelArchitecture a = ModelCatalog.bundled().get(t.get(i, "model"));
      QuantMix mix = QuantMix.ofName(t.get(i, "quant")).orElseThrow();
      GgufLayout l = GgufLayout.of(a, GgufModels.ggufArchitecture(a.modelType())).quantize(mix, false);
      LocalDevice d = LocalDeviceCatalog.bundled().get(t.get(i, "device"));
      LocalRun run = LocalRun.builder(a, l, d).quantization(mix.name()).contextLength(640).profile(UNIT).build();
      LocalEstimate e = LocalEstimator.estimate(run);
      ROWS.add(new Row(t.get(i, "source_id"), t.get(i, "source"), d.id(), d.kind(), a.id(), mix.name(),
          Double.parseDouble(t.get(i, "pp512")), Double.parseDouble(t.get(i, "tg128")),
          1 / e.generatedTokensPerSecond(), 1 / e.promptTokensPerSecond()));
    }
  }

  /** Fits the profile to the rows accepted by {@code use}: least squares on log tokens/s. */
  static LocalProfile fit(Predicate<Row> use) {
    LocalProfile d = LocalProfile.DEFAULT;
    double[][] tg = {{d.discreteBandwidth(), d.discreteTokenSeconds()}, {d.unifiedBandwidth(), d.unifiedTokenSeconds()}};
    double[] eps = {d.discreteCompute(), d.unifiedCompute()};
    for (int k = 0; k < 2; k++) {
      LocalDeviceKind kind = k == 0 ? LocalDeviceKind.DISCRETE_GPU : LocalDeviceKind.UNIFIED_MEMORY;
      List<Row> rows = ROWS.stream().filter(use).filter(r -> r.kind() == kind).toList();
      if (rows.isEmpty()) {
        continue;
      }
      double best = Double.MAX_VALUE;
      for (int ti = 0; ti <= 80; ti++) {
        double tau = ti * 0.0001;
        for (int ei = 30; ei <= 100; ei++) {
          double e = ei / 100.0;
          double c = 0;
          for (Row r : rows) {
            c += Math.pow(Math.log(1 / (r.tgUnitSeconds() / e + tau) / r.tg()), 2);
          }
          if (c < best - 1e-12) {
            best = c;
            tg[k] = new double[] {e, tau};
          }
        }
      }
      // Closed form of least squares on log: the geometric mean of measured / unit-predicted.
      double s = 0;
      for (Row r : rows) {
        s += Math.log(r.pp() * r.ppUnitSeconds());
      }
      eps[k] = Math.min(1, Math.round(Math.exp(s / rows.size()) * 100) / 100.0);
    }
    return new LocalProfile(tg[0][0], Math.round(tg[0][1] * 1e4) / 1e4, tg[1][0], Math.round(tg[1][1] * 1e4) / 1e4,
        d.cpuBandwidth(), eps[0], eps[1], d.cpuCompute());
  }

  static double predictTg(Row r, LocalProfile p) {
    boolean discrete = r.kind() == LocalDeviceKind.DISCRETE_GPU;
    double eta = discrete ? p.discreteBandwidth() : p.unifiedBandwidth();
    return 1 / (r.tgUnitSeconds() / eta + (discrete ? p.discreteTokenSeconds() : p.unifiedTokenSeconds()));
  }

  static double predictPp(Row r, LocalProfile p) {
    double eps = r.kind() == LocalDeviceKind.DISCRETE_GPU ? p.discreteCompute() : p.unifiedCompute();
    return eps / r.ppUnitSeconds();
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  @Test
  void defaultProfileIsTheFitOverAllRows() {
    LocalProfile f = fit(r -> true);
    System.out.println("fitted over all rows: " + f);
    assertThat(f).isEqualTo(LocalProfile.DEFAULT);
  }

  @Test
  void publishedLlamaBenchResultsWithinTolerance() {
    Set<String> sources = new LinkedHashSet<>();
    ROWS.forEach(r -> sources.add(r.sourceId()));
    List<Double> tgAll = new ArrayList<>();
    List<Double> ppAll = new ArrayList<>();
    List<Double> tgLoso = new ArrayList<>();
    List<Double> ppLoso = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-10s %-9s %-16s %-7s %9s %9s %7s %7s %9s %9s %7s %7s%n", "source", "device", "model", "quant",
        "tg pub", "tg pred", "err", "LOSO", "pp pub", "pp pred", "err", "LOSO"));
    for (String src : sources) {
      LocalProfile without = fit(r -> !r.sourceId().equals(src));
      for (Row r : ROWS) {
        if (!r.sourceId().equals(src)) {
          continue;
        }
        double tg = predictTg(r, LocalProfile.DEFAULT);
        double pp = predictPp(r, LocalProfile.DEFAULT);
        double tgL = predictTg(r, without);
        double ppL = predictPp(r, without);
        double e1 = tg / r.tg() - 1;
        double e2 = tgL / r.tg() - 1;
        double e3 = pp / r.pp() - 1;
        double e4 = ppL / r.pp() - 1;
        tgAll.add(Math.abs(e1));
        tgLoso.add(Math.abs(e2));
        ppAll.add(Math.abs(e3));
        ppLoso.add(Math.abs(e4));
        table.append(String.format(Locale.ROOT,
            "%-10s %-9s %-16s %-7s %9.2f %9.2f %+6.1f%% %+6.1f%% %9.1f %9.1f %+6.1f%% %+6.1f%%%n",
            r.sourceId(), r.device(), r.model(), r.quant(), r.tg(), tg, 100 * e1, 100 * e2, r.pp(), pp, 100 * e3, 100 * e4));
      }
    }
    table.append(String.format(Locale.ROOT,
        "rows %d | tg median |err| %.1f%% (worst %.1f%%), leave-one-source-out %.1f%% (worst %.1f%%)"
            + " | pp median |err| %.1f%% (worst %.1f%%), leave-one-source-out %.1f%% (worst %.1f%%)%n",
        tgAll.size(), 100 * median(tgAll), 100 * tgAll.stream().mapToDouble(x -> x).max().orElse(0),
        100 * median(tgLoso), 100 * tgLoso.stream().mapToDouble(x -> x).max().orElse(0),
        100 * median(ppAll), 100 * ppAll.stream().mapToDouble(x -> x).max().orElse(0),
        100 * median(ppLoso), 100 * ppLoso.stream().mapToDouble(x -> x).max().orElse(0)));
    table.append("sources: ");
    ROWS.stream().map(r -> r.sourceId() + " = " + r.source()).distinct().forEach(s -> table.append(s).append("; "));
    System.out.println(table);
    assertThat(median(tgAll)).as(table.toString()).isLessThanOrEqualTo(0.15);
    assertThat(median(tgLoso)).as(table.toString()).isLessThanOrEqualTo(0.15);
    assertThat(median(ppAll)).as(table.toString()).isLessThanOrEqualTo(0.25);
    assertThat(median(ppLoso)).as(table.toString()).isLessThanOrEqualTo(0.25);
  }
}
