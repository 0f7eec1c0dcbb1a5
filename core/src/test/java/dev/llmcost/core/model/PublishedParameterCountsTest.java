package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Checks the catalog's computed parameter counts against {@code model-parameters.csv} (copied from
 * the project's validation data with its source column): exact for every row with an exact count,
 * within 0.5% for GPT-3's 174.6B, and prints the difference table.
 */
class PublishedParameterCountsTest {

  record Row(String model, String hfClass, long total, long active, String source) {}

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    PublishedParameterCountsTest.class.getResourceAsStream("model-parameters.csv")),
                StandardCharsets.UTF_8))) {
      String header = r.readLine();
      assertThat(header).startsWith("model,hf_class");
      String line;
      while ((line = r.readLine()) != null) {
        String[] c = Csv.split(line);
        long total = c[14].isEmpty() ? -1 : Long.parseLong(c[14]);
        long active = c[15].isEmpty() ? -1 : Long.parseLong(c[15]);
        rows.add(new Row(c[0], c[1], total, active, c[16]));
      }
    }
    return rows;
  }

  @Test
  void catalogCountsEqualPublishedCounts() throws IOException {
    List<Row> rows = rows();
    assertThat(rows).hasSize(16);
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%-20s %16s %16s %12s %16s %16s %12s%n",
        "model", "published total", "computed total", "diff", "published active", "computed active", "diff"));
    List<String> failures = new ArrayList<>();
    for (Row row : rows) {
      ParameterCounts counts = ModelCatalog.bundled().get(row.model()).parameterCounts();
      long total = counts.total().value();
      long active = counts.active().value();
      table.append(String.format(Locale.ROOT, "%-20s %16s %16d %12s %16d %16d %12s%n",
          row.model(),
          row.total() < 0 ? "-" : Long.toString(row.total()), total,
          row.total() < 0 ? "-" : Long.toString(total - row.total()),
          row.active(), active,
          row.model().startsWith("gpt3")
              ? String.format(Locale.ROOT, "%+.3f%%", 100.0 * (active - row.active()) / row.active())
              : Long.toString(active - row.active())));
      if (row.model().startsWith("gpt3")) {
        // The paper reports 174.6B, rounded; its Table 2.1 shape gives the exact count.
        if (Math.abs(active - row.active()) > 0.005 * row.active()) {
          failures.add(row.model() + " active " + active + " not within 0.5% of " + row.active());
        }
      } else {
        if (total != row.total()) {
          failures.add(row.model() + " total " + total + " != " + row.total());
        }
        if (active != row.active()) {
          failures.add(row.model() + " active " + active + " != " + row.active());
        }
      }
    }
    System.out.println("Parameter counts against model-parameters.csv:\n" + table);
    assertThat(failures).isEmpty();
  }

  @Test
  void gpt3IsWithinHalfAPercentOfThePaper() {
    long total = ModelCatalog.bundled().get("gpt3-175b").parameterCounts().total().value();
    assertThat((double) total).isCloseTo(174.6e9, within(0.005 * 174.6e9));
  }

  @Test
  void csvShapesMatchCatalogShapes() throws IOException {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("model-parameters.csv")),
                StandardCharsets.UTF_8))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] c = Csv.split(line);
        ModelArchitecture a = ModelCatalog.bundled().get(c[0]);
        assertThat(a.hidden()).as(c[0] + " hidden").isEqualTo(Integer.parseInt(c[2]));
        assertThat(a.layers()).as(c[0] + " layers").isEqualTo(Integer.parseInt(c[3]));
        assertThat(a.heads()).as(c[0] + " heads").isEqualTo(Integer.parseInt(c[4]));
        assertThat(a.vocabSize()).as(c[0] + " vocab").isEqualTo(Integer.parseInt(c[8]));
        assertThat(a.embeddings().tiedOutput()).as(c[0] + " tied").isEqualTo(Boolean.parseBoolean(c[9]));
        if (a.attention() instanceof MultiHeadAttention m) {
          assertThat(m.kvHeads()).as(c[0] + " kv heads").isEqualTo(Integer.parseInt(c[5]));
          assertThat(m.headDim()).as(c[0] + " head dim").isEqualTo(Integer.parseInt(c[6]));
        }
        if (!c[12].isEmpty()) {
          assertThat(a.moe().routedExperts()).isEqualTo(Integer.parseInt(c[12]));
          assertThat(a.moe().expertsPerToken()).isEqualTo(Integer.parseInt(c[13]));
        }
      }
    }
  }
}
