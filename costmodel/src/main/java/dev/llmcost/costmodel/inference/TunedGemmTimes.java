package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Measured times of the FP8 weight GEMMs that one engine deployment tuned and ran, by weight shape and token count
 * (s19k): a per-scenario option ({@link InferenceScenario.Builder#tunedGemms}) for a run known to load these kernels.
 * Where a weight GEMM's shape (output features, inner dimension) and token count are in the table, the roofline takes
 * its time from the table in place of its own compute and memory terms (FP8 peak × large-GEMM fraction × FP8 factor ×
 * tile share, overlap loss); elsewhere it keeps its own. Nothing is fitted: the table holds the kernel times as
 * published.
 *
 * <p>The bundled tables ({@code efficiency/hipblaslt-tuned-fp8-gemm.csv}) are AMD's MLPerf Inference v5.1 Llama 2 70B
 * hipBLASLt tuning files for the MI325X (mlcommons/inference_results_v5.1 @ 965182b0): {@link #amdMlperfV51Server}, the
 * file {@code server_mi325x.yaml} names, and {@link #amdMlperfV51Interactive}, the one {@code interactive_mi325x.yaml}
 * names. They stand for a vLLM run that loads them through {@code HIPBLASLT_TUNING_OVERRIDE_FILE}; a stock vLLM on the
 * MI325X takes hipBLASLt's heuristic kernels, whose times are not published, and the MI300X has no tuning file of its
 * own in that submission. So they are not the MI325X's GEMM rate in general and apply only where a scenario asks.
 *
 * <p>Only one token count in 16 was timed: the files repeat the time of n = 16j for every n from 16j − 15 to 16j (the
 * kernel the engine runs there). A token count m is looked up at the timed n = 16 · ⌈⌈m⌉ / 16⌉; a count without a
 * timed line (below or above the file's range, or in a gap) keeps the roofline's own time.
 */
public final class TunedGemmTimes {
  private static final String RESOURCE = "/dev/llmcost/costmodel/efficiency/hipblaslt-tuned-fp8-gemm.csv";
  private static final int TIMED_STEP = 16;

  private final String name;
  private final String accelerator;
  private final String source;
  /** (out_features, k) -> timed token count -> seconds. */
  private final Map<Long, TreeMap<Integer, Double>> times;

  private TunedGemmTimes(String name, String accelerator, String source, Map<Long, TreeMap<Integer, Double>> times) {
    this.name = name;
    this.accelerator = accelerator;
    this.source = source;
    this.times = times;
  }

  private static final class Holder {
    static final CsvTable TABLE = CsvTable.read(TunedGemmTimes.class, RESOURCE);
    static final TunedGemmTimes SERVER = of(TABLE, "server",
        "AMD MLPerf Inference v5.1 Llama 2 70B Server, MI325X: hipBLASLt tuning file llama2-mi325x-server-tuning.txt"
            + " (server_mi325x.yaml HIPBLASLT_TUNING_OVERRIDE_FILE), mlcommons/inference_results_v5.1 @ 965182b0");
    static final TunedGemmTimes INTERACTIVE = of(TABLE, "interactive",
        "AMD MLPerf Inference v5.1 Llama 2 70B Interactive, MI325X: hipBLASLt tuning file"
            + " gemm_llama2-70b/aa0bda7b/tuning_spx_1700_formatted.txt (interactive_mi325x.yaml"
            + " HIPBLASLT_TUNING_OVERRIDE_FILE), mlcommons/inference_results_v5.1 @ 965182b0");
  }

  /** Returns the MI325X Server run's tuned FP8 GEMM times (file {@code server} of the bundled table). */
  public static TunedGemmTimes amdMlperfV51Server() {
    return Holder.SERVER;
  }

  /** Returns the MI325X Interactive run's tuned FP8 GEMM times (file {@code interactive} of the bundled table). */
  public static TunedGemmTimes amdMlperfV51Interactive() {
    return Holder.INTERACTIVE;
  }

  /**
   * Reads the rows of one file of a table in {@code hipblaslt-tuned-fp8-gemm.csv}'s format.
   *
   * @throws IllegalStateException naming the row and column where a dimension or time is not a positive number, a
   *     timed token count is not a multiple of 16, the rows name several accelerators, or no row has that file
   */
  static TunedGemmTimes of(CsvTable t, String file, String source) {
    Map<Long, TreeMap<Integer, Double>> times = new HashMap<>();
    List<String> accelerators = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      if (!t.get(i, "file").equals(file)) {
        continue;
      }
      for (String column : new String[] {"out_features", "tokens", "k", "time_us"}) {
        double v = t.number(i, column);
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalStateException("hipblaslt-tuned-fp8-gemm.csv row " + (i + 1) + ": " + column
              + " must be a positive number, got '" + t.get(i, column) + "'");
        }
      }
      int tokens = (int) t.number(i, "tokens");
      if (tokens % TIMED_STEP != 0) {
        throw new IllegalStateException("hipblaslt-tuned-fp8-gemm.csv row " + (i + 1) + ": tokens must be a multiple"
            + " of " + TIMED_STEP + ", got " + tokens);
      }
      String acc = t.get(i, "accelerator");
      if (!accelerators.contains(acc)) {
        accelerators.add(acc);
      }
      times.computeIfAbsent(key((int) t.number(i, "out_features"), (int) t.number(i, "k")), x -> new TreeMap<>())
          .put(tokens, t.number(i, "time_us") * 1e-6);
    }
    if (accelerators.size() != 1) {
      throw new IllegalStateException("hipblaslt-tuned-fp8-gemm.csv file '" + file + "' must name one accelerator,"
          + " got " + accelerators);
    }
    return new TunedGemmTimes(file, accelerators.get(0), source, times);
  }

  private static long key(int outFeatures, int k) {
    return ((long) outFeatures << 32) | k;
  }

  /**
   * Returns the measured time of one weight GEMM, or empty where the table does not time it.
   *
   * @param outFeatures the weight's output features (hipBLASLt m)
   * @param k the inner dimension
   * @param tokens the token rows (hipBLASLt n), possibly a mean
   * @return the seconds of the kernel the engine runs for ⌈tokens⌉ rows
   */
  public OptionalDouble seconds(int outFeatures, int k, double tokens) {
    TreeMap<Integer, Double> byTokens = times.get(key(outFeatures, k));
    if (byTokens == null || !(tokens > 0)) {
      return OptionalDouble.empty();
    }
    int rows = (int) Math.ceil(tokens);
    int timed = TIMED_STEP * ((rows + TIMED_STEP - 1) / TIMED_STEP);
    Double s = byTokens.get(timed);
    return s == null ? OptionalDouble.empty() : OptionalDouble.of(s);
  }

  /** Returns the accelerator id the times were measured on. */
  public String accelerator() {
    return accelerator;
  }

  /** Returns the table's name ({@code server} or {@code interactive} for the bundled ones). */
  public String name() {
    return name;
  }

  /** Returns the assumption line an estimate using these times prints. */
  public String assumption() {
    return String.format(Locale.ROOT, "FP8 weight GEMMs whose shape and token count the tuned table times take its"
        + " measured kernel time instead of the roofline's compute and memory terms (s19k): %s; these are the kernels"
        + " that run loaded, not hipBLASLt's default heuristic", source);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TunedGemmTimes o && o.name.equals(name) && o.source.equals(source)
        && o.accelerator.equals(accelerator) && o.times.equals(times);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, accelerator, source);
  }

  @Override
  public String toString() {
    return "TunedGemmTimes[" + name + ", " + accelerator + "]";
  }
}
