package dev.llmcost.costmodel.inference;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.HuggingFaceConfigs;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads tables of measured inference runs: the bundled {@code inference-runs.csv} of the tests and a
 * user's own benchmark for {@code llmcost calibrate --inference-runs}.
 *
 * <p>One row is one measured configuration. Columns (a header names them; order is free; {@code #}
 * lines are comments):
 *
 * <ul>
 *   <li>required: {@code id}, {@code model} (a catalog id, or a path to a HuggingFace {@code
 *       config.json}, relative to the table's folder), {@code accelerator} (a catalog id), {@code
 *       gpus}, {@code tp}, {@code precision} ({@code fp8}, {@code fp16} or {@code bf16}), {@code
 *       batch}, {@code input_tokens}, {@code output_tokens}, {@code measured} (one of {@link
 *       InferenceMeasure}: {@code output_tokens_per_second_per_gpu}, {@code ttft_ms}, {@code
 *       tpot_ms}) and {@code value};
 *   <li>optional: {@code unit} (when given, the measure's: {@code tok/s} or {@code ms}), {@code
 *       source}, {@code note} (ignored).
 * </ul>
 *
 * <p>A table is read whole or not at all: the first bad row stops the read with an {@link
 * IllegalArgumentException} whose message names the table, the row (1 for the first row after the
 * header, comments not counted), its id, the column and the value.
 */
public final class InferenceRuns {

  /** The largest runs file read, bytes. */
  public static final long MAX_FILE_BYTES = 4L << 20;

  /** The most rows a table may hold. */
  public static final int MAX_ROWS = 10_000;

  private static final List<String> REQUIRED = List.of("id", "model", "accelerator", "gpus", "tp", "precision",
      "batch", "input_tokens", "output_tokens", "measured", "value");

  private InferenceRuns() {}

  /**
   * Reads a runs file; models given as {@code config.json} paths are read relative to its folder.
   *
   * @param csv the file
   * @return the runs, in file order
   * @throws IllegalArgumentException if the file is larger than {@link #MAX_FILE_BYTES}, lacks a
   *     required column, or a row is invalid (see the class comment)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static List<InferenceRun> read(Path csv) {
    String text;
    try {
      long size = Files.size(csv);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            "inference runs file " + csv + " has " + size + " bytes, more than the limit of " + MAX_FILE_BYTES);
      }
      text = Files.readString(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read inference runs file " + csv + ": " + e.getMessage(), e);
    }
    Path dir = csv.toAbsolutePath().getParent();
    return parse(csv.toString(), text, id -> {
      if (!id.endsWith(".json")) {
        return ModelCatalog.bundled().find(id).orElseThrow(() -> new IllegalArgumentException(
            "unknown model \"" + id + "\" (a catalog id, see 'llmcost catalog', or a path to a config.json)"));
      }
      Path p = Path.of(id);
      return HuggingFaceConfigs.read(p.isAbsolute() || dir == null ? p : dir.resolve(p));
    });
  }

  /**
   * Parses a runs table whose models are catalog ids.
   *
   * @param name the table's name, for messages
   * @param text the CSV text
   * @return the runs, in table order
   * @throws IllegalArgumentException if a required column is missing or a row is invalid
   */
  public static List<InferenceRun> parse(String name, String text) {
    return parse(name, text, id -> ModelCatalog.bundled().find(id).orElseThrow(() -> new IllegalArgumentException(
        "unknown model \"" + id + "\" (a catalog id, see 'llmcost catalog')")));
  }

  private static List<InferenceRun> parse(String name, String text, Function<String, ModelArchitecture> models) {
    CsvTable t;
    try {
      t = CsvTable.parse(name, text);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    for (String c : REQUIRED) {
      if (!t.has(c)) {
        throw new IllegalArgumentException(name + " has no column " + c + " (required: " + REQUIRED + ")");
      }
    }
    if (t.size() > MAX_ROWS) {
      throw new IllegalArgumentException(name + " has " + t.size() + " rows, more than the limit of " + MAX_ROWS);
    }
    List<InferenceRun> runs = new ArrayList<>(t.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < t.size(); i++) {
      String id = t.get(i, "id").trim();
      String where = name + " row " + (i + 1) + " (id " + id + ")";
      if (id.isEmpty()) {
        throw new IllegalArgumentException(where + ", column id: must not be blank");
      }
      if (!ids.add(id)) {
        throw new IllegalArgumentException(where + ", column id: \"" + id + "\" appears twice");
      }
      runs.add(row(t, i, id, where, models));
    }
    return List.copyOf(runs);
  }

  private static InferenceRun row(CsvTable t, int i, String id, String where,
      Function<String, ModelArchitecture> models) {
    ModelArchitecture model = column(t, i, where, "model", models);
    AcceleratorSpec acc = column(t, i, where, "accelerator", a -> AcceleratorCatalog.bundled().find(a)
        .orElseThrow(() -> new IllegalArgumentException("unknown accelerator \"" + a
            + "\" (a catalog id, see 'llmcost catalog')")));
    int gpus = column(t, i, where, "gpus", InferenceRuns::integer);
    int tp = column(t, i, where, "tp", InferenceRuns::integer);
    String precision = column(t, i, where, "precision", p -> {
      String v = p.toLowerCase(Locale.ROOT);
      if (!InferenceRun.PRECISIONS.contains(v)) {
        throw new IllegalArgumentException("must be one of " + InferenceRun.PRECISIONS);
      }
      return v;
    });
    int batch = column(t, i, where, "batch", InferenceRuns::integer);
    int input = column(t, i, where, "input_tokens", InferenceRuns::integer);
    int output = column(t, i, where, "output_tokens", InferenceRuns::integer);
    InferenceMeasure measure = column(t, i, where, "measured", InferenceMeasure::parse);
    double value = column(t, i, where, "value", v -> {
      double d = Double.parseDouble(v);
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("must be a finite number above 0");
      }
      return d;
    });
    if (t.has("unit") && !t.get(i, "unit").isBlank()) {
      column(t, i, where, "unit", u -> {
        if (!u.equals(measure.unit())) {
          throw new IllegalArgumentException("must be " + measure.unit() + " for " + measure.id());
        }
        return u;
      });
    }
    String source = t.has("source") ? t.get(i, "source").trim() : "";
    InferenceRun run;
    try {
      run = new InferenceRun(id, model, acc, gpus, tp, precision, batch, input, output, measure, value, source);
      run.scenario(ServingOverheads.calibrated()); // a configuration that cannot be served fails here, not mid-fit
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    return run;
  }

  private static int integer(String v) {
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw new IllegalArgumentException("must be an integer >= 1");
    }
    return n;
  }

  /** Parses one cell; a failure names the row, the column and the value. */
  private static <T> T column(CsvTable t, int i, String where, String column, Function<String, T> parse) {
    String v = t.get(i, column).trim();
    try {
      return parse.apply(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ", column " + column + ": \"" + v + "\" is not a number", e);
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      throw new IllegalArgumentException(where + ", column " + column + ": \"" + v + "\": " + e.getMessage(), e);
    }
  }
}
