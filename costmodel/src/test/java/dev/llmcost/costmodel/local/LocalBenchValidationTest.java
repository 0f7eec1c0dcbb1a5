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
 * Published llama-bench results against {@link LocalEstimator}: token generation median |error|
 * within 15%, prompt processing within 25%, over the CUDA and Metal rows with the fitted {@link
 * LocalProfile#DEFAULT} and leave one source out (refit without a source, predict it). Vulkan rows
 * are predicted with the same profile (the estimator models CUDA's and Metal's kernels, not
 * Vulkan's) and reported in the table with their own medians, bounded only loosely.
 */
class LocalBenchValidationTest {

  /** One published row with the estimator's unit-efficiency times precomputed. */
  record Row(String sourceId, String source, String device, LocalDeviceKind kind, String model, String quant,
      String backend, int depth, double pp, double tg, double tgUnitSeconds, double ppUnitSeconds) {
    /** Whether the row's backend is one the estimator models (and the profile is fitted to). */
    boolean fitted() {
      return backend.equals("CUDA") || backend.equals("Metal");
    }
  }

  static final List<Row> ROWS = new ArrayList<>();
  static final LocalProfile UNIT = LocalProfile.builder()
      .discreteBandwidth(1)
      .discreteTokenSeconds(0)
      .unifiedBandwidth(1)
      .unifiedTokenSeconds(0)
      .cpuBandwidth(1)
      .discreteCompute(1)
      .unifiedCompute(1)
      .cpuCompute(1)
      .build();

  @BeforeAll
  static void load() {
    CsvTable t = CsvTable.read(LocalBenchValidationTest.class, "local-bench.csv");
    for (int i = 0; i < t.size(); i++) {
      ModelArchitecture a = ModelCatalog.bundled().get(t.get(i, "model"));
      QuantMix mix = QuantMix.ofName(t.get(i, "quant")).orElseThrow();
      GgufLayout l = GgufLayout.of(a, GgufModels.ggufArchitecture(a.modelType())).quantize(mix, false);
      LocalDevice d = LocalDeviceCatalog.bundled().get(t.get(i, "device"));
      int np = Integer.parseInt(t.get(i, "n_prompt"));
      int ng = Integer.parseInt(t.get(i, "n_gen"));
      int depth = Integer.parseInt(t.get(i, "depth"));
      LocalRun run = LocalRun.builder(a, l, d).quantization(mix.name()).gpuLayers(Integer.parseInt(t.get(i, "ngl")))
          .flashAttention(t.get(i, "fa").equals("1")).promptTokens(np).generatedTokens(ng).depth(depth)
          .contextLength(depth + np + ng).profile(UNIT).build();
      LocalEstimate e = LocalEstimator.estimate(run);
      ROWS.add(new Row(t.get(i, "source_id"), t.get(i, "source"), d.id(), d.kind(), a.id(), mix.name(),
          t.get(i, "backend"), depth, number(t.get(i, "pp")), number(t.get(i, "tg")),
          1 / e.generatedTokensPerSecond(), 1 / e.promptTokensPerSecond()));
    }
  }

  private static double number(String s) {
    return s.isBlank() ? Double.NaN : Double.parseDouble(s);
  }

  /** Fits the profile to the fitted-backend rows accepted by {@code use}: least squares on log tokens/s. */
  static LocalProfile fit(Predicate<Row> use) {
    LocalProfile d = LocalProfile.DEFAULT;
    double[][] tg = {{d.discreteBandwidth(), d.discreteTokenSeconds()}, {d.unifiedBandwidth(), d.unifiedTokenSeconds()}};
    double[] eps = {d.discreteCompute(), d.unifiedCompute()};
    for (int k = 0; k < 2; k++) {
      LocalDeviceKind kind = k == 0 ? LocalDeviceKind.DISCRETE_GPU : LocalDeviceKind.UNIFIED_MEMORY;
      List<Row> rows = ROWS.stream().filter(Row::fitted).filter(use).filter(r -> r.kind() == kind).toList();
      List<Row> tgRows = rows.stream().filter(r -> !Double.isNaN(r.tg())).toList();
      List<Row> ppRows = rows.stream().filter(r -> !Double.isNaN(r.pp())).toList();
      double best = Double.MAX_VALUE;
      for (int ti = 0; ti <= 80 && !tgRows.isEmpty(); ti++) {
        double tau = ti * 0.0001;
        for (int ei = 30; ei <= 100; ei++) {
          double e = ei / 100.0;
          double c = 0;
          for (Row r : tgRows) {
            c += Math.pow(Math.log(1 / (r.tgUnitSeconds() / e + tau) / r.tg()), 2);
          }
          if (c < best - 1e-12) {
            best = c;
            tg[k] = new double[] {e, tau};
          }
        }
      }
      // Closed form of least squares on log: the geometric mean of measured / unit-predicted.
      if (ppRows.isEmpty()) {
        continue;
      }
      double s = 0;
      for (Row r : ppRows) {
        s += Math.log(r.pp() * r.ppUnitSeconds());
      }
      eps[k] = Math.min(1, Math.round(Math.exp(s / ppRows.size()) * 100) / 100.0);
    }
    return LocalProfile.builder()
        .discreteBandwidth(tg[0][0])
        .discreteTokenSeconds(Math.round(tg[0][1] * 1e4) / 1e4)
        .unifiedBandwidth(tg[1][0])
        .unifiedTokenSeconds(Math.round(tg[1][1] * 1e4) / 1e4)
        .cpuBandwidth(d.cpuBandwidth())
        .discreteCompute(eps[0])
        .unifiedCompute(eps[1])
        .cpuCompute(d.cpuCompute())
        .build();
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

  /** Absolute relative errors of one group of rows, with and without leaving the row's source out. */
  record Errors(List<Double> tg, List<Double> tgLoso, List<Double> pp, List<Double> ppLoso) {
    Errors() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    String summary(String name) {
      return String.format(Locale.ROOT,
          "%s: tg rows %d median |err| %.1f%% (worst %.1f%%), leave-one-source-out %.1f%% (worst %.1f%%)"
              + " | pp rows %d median |err| %.1f%% (worst %.1f%%), leave-one-source-out %.1f%% (worst %.1f%%)%n",
          name, tg.size(), 100 * median(tg), 100 * max(tg), 100 * median(tgLoso), 100 * max(tgLoso),
          pp.size(), 100 * median(pp), 100 * max(pp), 100 * median(ppLoso), 100 * max(ppLoso));
    }
  }

  static double max(List<Double> xs) {
    return xs.stream().mapToDouble(x -> x).max().orElse(0);
  }

  @Test
  void publishedLlamaBenchResultsWithinTolerance() {
    Set<String> sources = new LinkedHashSet<>();
    ROWS.forEach(r -> sources.add(r.sourceId()));
    Errors fitted = new Errors();
    Errors discrete = new Errors();
    Errors unified = new Errors();
    Errors vulkan = new Errors();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-13s %-7s %-16s %-15s %-9s %6s %8s %8s %7s %7s %8s %8s %7s %7s%n", "source", "backend", "device", "model",
        "quant", "depth", "tg pub", "tg pred", "err", "LOSO", "pp pub", "pp pred", "err", "LOSO"));
    for (String src : sources) {
      LocalProfile without = fit(r -> !r.sourceId().equals(src));
      for (Row r : ROWS) {
        if (!r.sourceId().equals(src)) {
          continue;
        }
        List<Errors> groups = !r.fitted() ? List.of(vulkan)
            : List.of(fitted, r.kind() == LocalDeviceKind.DISCRETE_GPU ? discrete : unified);
        double tg = predictTg(r, LocalProfile.DEFAULT);
        double pp = predictPp(r, LocalProfile.DEFAULT);
        double tgL = predictTg(r, without);
        double ppL = predictPp(r, without);
        double e1 = tg / r.tg() - 1;
        double e2 = tgL / r.tg() - 1;
        double e3 = pp / r.pp() - 1;
        double e4 = ppL / r.pp() - 1;
        for (Errors group : groups) {
          if (!Double.isNaN(r.tg())) {
            group.tg().add(Math.abs(e1));
            group.tgLoso().add(Math.abs(e2));
          }
          if (!Double.isNaN(r.pp())) {
            group.pp().add(Math.abs(e3));
            group.ppLoso().add(Math.abs(e4));
          }
        }
        table.append(String.format(Locale.ROOT,
            "%-13s %-7s %-16s %-15s %-9s %6d %8.2f %8.2f %+6.1f%% %+6.1f%% %8.1f %8.1f %+6.1f%% %+6.1f%%%n",
            r.sourceId(), r.backend(), r.device(), r.model(), r.quant(), r.depth(), r.tg(), tg, 100 * e1, 100 * e2,
            r.pp(), pp, 100 * e3, 100 * e4));
      }
    }
    table.append(fitted.summary("CUDA + Metal (fitted, asserted)"));
    table.append(discrete.summary("  of which CUDA discrete GPUs"));
    table.append(unified.summary("  of which Metal unified memory"));
    table.append(vulkan.summary("Vulkan (same profile, reported)"));
    table.append("sources: ");
    ROWS.stream().map(r -> r.sourceId() + " = " + r.source()).distinct().forEach(s -> table.append(s).append("; "));
    System.out.println(table);
    assertThat(median(fitted.tg())).as(table.toString()).isLessThanOrEqualTo(0.15);
    assertThat(median(fitted.tgLoso())).as(table.toString()).isLessThanOrEqualTo(0.15);
    assertThat(median(fitted.pp())).as(table.toString()).isLessThanOrEqualTo(0.25);
    assertThat(median(fitted.ppLoso())).as(table.toString()).isLessThanOrEqualTo(0.25);
    // Per device kind, bounded at what the retrieved rows give (the 15%/25% targets are met on Metal only):
    // CUDA rows mix builds from 2024-01 (k-quant and FP16 kernels of that time) with the 2025 scoreboard.
    assertThat(median(unified.tg())).as(table.toString()).isLessThanOrEqualTo(0.08);
    assertThat(median(unified.tgLoso())).as(table.toString()).isLessThanOrEqualTo(0.08);
    assertThat(median(unified.pp())).as(table.toString()).isLessThanOrEqualTo(0.08);
    assertThat(median(unified.ppLoso())).as(table.toString()).isLessThanOrEqualTo(0.10);
    assertThat(median(discrete.tg())).as(table.toString()).isLessThanOrEqualTo(0.20);
    assertThat(median(discrete.tgLoso())).as(table.toString()).isLessThanOrEqualTo(0.21);
    assertThat(median(discrete.pp())).as(table.toString()).isLessThanOrEqualTo(0.12);
    assertThat(median(discrete.ppLoso())).as(table.toString()).isLessThanOrEqualTo(0.12);
    assertThat(median(vulkan.tg())).as(table.toString()).isLessThanOrEqualTo(0.22);
    assertThat(median(vulkan.pp())).as(table.toString()).isLessThanOrEqualTo(0.42);
  }
}
