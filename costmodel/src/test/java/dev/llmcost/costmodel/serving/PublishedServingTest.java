package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.InferenceScenario;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Simulates published serving benchmarks from the load they state (every request's lengths and its
 * arrival, or fixed lengths and a Poisson rate) and compares TTFT and TPOT with the statistic the
 * source prints (median or mean). The step times come from the inference model, calibrated on
 * TensorRT-LLM v0.9.0 runs that are not among these rows. One parameter is fitted here, because no
 * microbenchmark pins it down: the API front end's CPU time per request ({@link
 * ServingSimulation#frontendSecondsPerRequest()}), which delays every request at low load and, shared
 * among a burst, holds the whole burst back (vLLM's per-request ITLs in the LambdaLabs files show the
 * first prefill of an 80-request burst starting about 0.2 s late, then prefills of about 2,048
 * tokens every 50 ms, as the roofline predicts). The figures that count are the leave-one-source-out
 * ones, where it is fitted without the source predicted.
 */
class PublishedServingTest {

  /** Target of issue 19: median |error| of P50 TTFT and of P50 TPOT over all sources. */
  static final double TARGET = 0.20;
  /** Bounds asserted over all rows: what the simulator meets today (see the printed table). */
  static final double TTFT_BOUND = 0.12;
  static final double TPOT_BOUND = 0.12;
  /** Bound asserted on the leave-one-source-out median |TTFT error|. */
  static final double LOPO_TTFT_BOUND = 0.18;
  /** Bounds asserted per source, on the median |error| of its rows. */
  static final Map<String, double[]> SOURCE_BOUNDS = Map.of(
      "lambda-vllm-benchmark", new double[] {0.15, 0.15},
      "trtllm-serving-0.14", new double[] {0.12, 0.12});

  record Row(String source, String url, String table, String engine, String model, String accelerator, int tp,
      String statistic, int prompts, double rate, int maxSeqs, int maxTokens, double ttftMs, double tpotMs,
      int[] input, int[] output) {

    String load() {
      return (Double.isInfinite(rate) ? "burst" : String.format(Locale.ROOT, "%.0f/s", rate)) + " x" + prompts;
    }

    String lengths() {
      boolean fixed = Arrays.stream(input).distinct().count() == 1 && Arrays.stream(output).distinct().count() == 1;
      return fixed ? input[0] + "/" + output[0] : "trace";
    }
  }

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = PublishedServingTest.class.getResourceAsStream("published-serving.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = null;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (header == null) {
          header = line;
          continue;
        }
        String[] c = line.split(",", -1);
        int n = Integer.parseInt(c[10]);
        rows.add(new Row(c[0], c[1], c[2], c[3], c[6], c[7], Integer.parseInt(c[8]), c[9], n,
            c[11].equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(c[11]),
            c[12].isEmpty() ? -1 : Integer.parseInt(c[12]), c[13].isEmpty() ? -1 : Integer.parseInt(c[13]),
            c[14].isEmpty() ? Double.NaN : Double.parseDouble(c[14]),
            c[15].isEmpty() ? Double.NaN : Double.parseDouble(c[15]), ints(c[16], n), ints(c[17], n)));
      }
    }
    return rows;
  }

  static int[] ints(String s, int n) {
    int[] v = Arrays.stream(s.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    if (v.length == 1 && n > 1) {
      int[] all = new int[n];
      Arrays.fill(all, v[0]);
      return all;
    }
    assertThat(v).as("lengths").hasSize(n);
    return v;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  /** The front-end CPU times per request tried by the fit, seconds: 0 to 5 ms by 0.25 ms. */
  static final double[] FRONTEND_GRID = java.util.stream.IntStream.rangeClosed(0, 20).mapToDouble(i -> i * 0.25e-3)
      .toArray();

  private static final Map<String, double[]> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  /** Simulates a row (cached); returns {TTFT, TPOT} in ms, as the source's statistic and accounting compute them. */
  static double[] simulate(Row row, double frontend) {
    return CACHE.computeIfAbsent(row.url() + row.table() + row.model() + row.accelerator() + row.rate() + row.lengths()
        + row.prompts() + "@" + frontend, k -> simulateUncached(row, frontend));
  }

  static double[] simulateUncached(Row row, double frontend) {
    StringBuilder csv = new StringBuilder("arrival,prompt_tokens,output_tokens\n");
    Random random = new Random(19);
    double t = 0;
    for (int i = 0; i < row.prompts(); i++) {
      if (!Double.isInfinite(row.rate())) {
        t += -Math.log(1 - random.nextDouble()) / row.rate();
      }
      csv.append(t).append(',').append(Math.max(1, row.input()[i])).append(',')
          .append(Math.max(1, row.output()[i])).append('\n');
    }
    Trace trace = Trace.read(new StringReader(csv.toString()), row.url(), Trace.Format.CSV);
    InferenceScenario engine = InferenceScenario.builder(ModelCatalog.bundled().get(row.model()),
        AcceleratorCatalog.bundled().get(row.accelerator())).tp(row.tp()).build();
    ServingSimulation.Builder b = ServingSimulation.builder(engine).arrivals(ArrivalProcess.trace(trace))
        .frontendSecondsPerRequest(frontend);
    if (row.maxSeqs() > 0) {
      b.maxNumSeqs(row.maxSeqs());
    }
    if (row.maxTokens() > 0) {
      b.maxBatchedTokens(row.maxTokens());
    }
    SimulationResult r = ServingSimulator.calibrated().simulate(b.build());
    assertThat(r.completed()).isEqualTo(row.prompts());
    // benchmark_serving.py: a request that returned no token counts with TTFT 0; TPOT over outputs > 1
    double[] ttft = r.ttftByRequest().clone();
    for (int i = 0; i < ttft.length; i++) {
      if (row.output()[i] == 0) {
        ttft[i] = 0;
      }
    }
    // the trace keeps file order for equal arrivals, so index i is request i
    boolean mean = row.statistic().equals("mean");
    return new double[] {1e3 * (mean ? mean(ttft) : median(ttft)), 1e3 * (mean ? r.tpot().mean() : r.tpot().p50())};
  }

  record Errors(List<Row> rows, double[] ttft, double[] tpot) {
    double ttftMedian() {
      return median(Arrays.stream(ttft).filter(Double::isFinite).map(Math::abs).toArray());
    }

    double tpotMedian() {
      return median(Arrays.stream(tpot).filter(Double::isFinite).map(Math::abs).toArray());
    }

    double ttftWorst() {
      return Arrays.stream(ttft).filter(Double::isFinite).map(Math::abs).max().orElse(0);
    }

    double tpotWorst() {
      return Arrays.stream(tpot).filter(Double::isFinite).map(Math::abs).max().orElse(0);
    }
  }

  static Errors errors(List<Row> rows, double frontend, StringBuilder table) {
    double[] ttftErr = new double[rows.size()];
    double[] tpotErr = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      double[] sim = simulate(row, frontend);
      ttftErr[i] = sim[0] / row.ttftMs() - 1;
      tpotErr[i] = sim[1] / row.tpotMs() - 1;
      table.append(String.format(Locale.ROOT,
          "%-21s %-13s %2d %-8s %-6s %-9s %-7s | %8.1f %8.1f %7s | %6.2f %6.2f %7s%n",
          row.source(), row.model(), row.tp(), row.accelerator(), row.statistic(), row.load(), row.lengths(),
          row.ttftMs(), sim[0], pct(ttftErr[i]), row.tpotMs(), sim[1], pct(tpotErr[i])));
    }
    return new Errors(rows, ttftErr, tpotErr);
  }

  /**
   * Fits the one parameter no microbenchmark pins down, the API front end's CPU time per request
   * ({@link ServingSimulation#frontendSecondsPerRequest()}), to the TTFT of the given rows: the
   * grid value with the least root-mean-square log error.
   */
  static double fitFrontend(List<Row> rows) {
    double best = 0;
    double bestError = Double.MAX_VALUE;
    for (double f : FRONTEND_GRID) {
      double sum = 0;
      int n = 0;
      for (Row row : rows) {
        if (Double.isFinite(row.ttftMs())) {
          double e = Math.log(simulate(row, f)[0] / row.ttftMs());
          sum += e * e;
          n++;
        }
      }
      double rms = Math.sqrt(sum / Math.max(1, n));
      if (rms < bestError - 1e-12) {
        bestError = rms;
        best = f;
      }
    }
    return best;
  }

  static String pct(double e) {
    return Double.isFinite(e) ? String.format(Locale.ROOT, "%+6.1f%%", 100 * e) : "   n/a";
  }

  @Test
  void agreesWithPublishedServingBenchmarks() throws IOException {
    List<Row> rows = rows();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-21s %-13s %2s %-8s %-6s %-9s %-7s | %8s %8s %7s | %6s %6s %7s%n", "source", "model", "tp", "gpu", "stat",
        "load", "in/out", "TTFT ms", "sim", "error", "TPOT", "sim", "error"));
    double fitted = fitFrontend(rows);
    Errors bare = errors(rows, 0, new StringBuilder());
    table.insert(0, String.format(Locale.ROOT, "API front end fitted on all rows: %.2f ms of CPU per request (without"
        + " it: median |error| TTFT %.1f%%, TPOT %.1f%%)%n", 1e3 * fitted, 100 * bare.ttftMedian(),
        100 * bare.tpotMedian()));
    Errors all = errors(rows, fitted, table);
    Map<String, List<Integer>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      bySource.computeIfAbsent(rows.get(i).source(), k -> new ArrayList<>()).add(i);
    }
    table.append("per source (median |error|, worst):\n");
    Map<String, double[]> perSource = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : bySource.entrySet()) {
      double[] tt = e.getValue().stream().mapToDouble(i -> all.ttft()[i]).toArray();
      double[] tp = e.getValue().stream().mapToDouble(i -> all.tpot()[i]).toArray();
      Errors s = new Errors(List.of(), tt, tp);
      perSource.put(e.getKey(), new double[] {s.ttftMedian(), s.tpotMedian()});
      table.append(String.format(Locale.ROOT, "  %-22s rows %2d: TTFT %5.1f%% (worst %5.1f%%), TPOT %5.1f%% (worst %5.1f%%)%n",
          e.getKey(), e.getValue().size(), 100 * s.ttftMedian(), 100 * s.ttftWorst(), 100 * s.tpotMedian(),
          100 * s.tpotWorst()));
    }
    table.append(String.format(Locale.ROOT,
        "all rows: median |error| TTFT %.1f%%, TPOT %.1f%% (target %.0f%%); worst TTFT %.1f%%, TPOT %.1f%%%n",
        100 * all.ttftMedian(), 100 * all.tpotMedian(), 100 * TARGET, 100 * all.ttftWorst(), 100 * all.tpotWorst()));
    System.out.print(table);
    assertThat(all.ttftMedian()).as("median |TTFT error|").isLessThanOrEqualTo(TTFT_BOUND);
    assertThat(all.tpotMedian()).as("median |TPOT error|").isLessThanOrEqualTo(TPOT_BOUND);
    for (Map.Entry<String, double[]> e : perSource.entrySet()) {
      double[] bound = SOURCE_BOUNDS.get(e.getKey());
      assertThat(bound).as("bound for source " + e.getKey()).isNotNull();
      assertThat(e.getValue()[0]).as(e.getKey() + " TTFT").isLessThanOrEqualTo(bound[0]);
      assertThat(e.getValue()[1]).as(e.getKey() + " TPOT").isLessThanOrEqualTo(bound[1]);
    }
  }

  /**
   * Leave one source out: the API front end's CPU time per request is fitted on the other sources
   * and the held-out source is predicted with it. These are the figures that count.
   */
  @Test
  void leaveOneSourceOut() throws IOException {
    List<Row> rows = rows();
    StringBuilder table = new StringBuilder("leave-one-source-out (front end fitted without the source):\n");
    List<Double> tt = new ArrayList<>();
    List<Double> tp = new ArrayList<>();
    for (String source : rows.stream().map(Row::source).distinct().toList()) {
      List<Row> held = rows.stream().filter(r -> r.source().equals(source)).toList();
      List<Row> rest = rows.stream().filter(r -> !r.source().equals(source)).toList();
      double fitted = fitFrontend(rest);
      Errors e = errors(held, fitted, new StringBuilder());
      Arrays.stream(e.ttft()).forEach(tt::add);
      Arrays.stream(e.tpot()).forEach(tp::add);
      table.append(String.format(Locale.ROOT, "  %-22s front end %.2f ms: TTFT %5.1f%% (worst %5.1f%%), TPOT %5.1f%%"
          + " (worst %5.1f%%)%n", source, 1e3 * fitted, 100 * e.ttftMedian(), 100 * e.ttftWorst(), 100 * e.tpotMedian(),
          100 * e.tpotWorst()));
    }
    Errors lopo = new Errors(rows, tt.stream().mapToDouble(Double::doubleValue).toArray(),
        tp.stream().mapToDouble(Double::doubleValue).toArray());
    table.append(String.format(Locale.ROOT, "LOPO over all rows: median |error| TTFT %.1f%%, TPOT %.1f%% (target %.0f%%)%n",
        100 * lopo.ttftMedian(), 100 * lopo.tpotMedian(), 100 * TARGET));
    System.out.print(table);
    assertThat(lopo.ttftMedian()).as("LOPO median |TTFT error|").isLessThanOrEqualTo(LOPO_TTFT_BOUND);
    assertThat(lopo.tpotMedian()).as("LOPO median |TPOT error|").isLessThanOrEqualTo(TPOT_BOUND);
  }
}
