package dev.llmcost.core.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Predicted sizes of published GGUF files from the catalog architecture alone, within 1%. */
class PublishedGgufSizeTest {

  /** Splits one CSV line with RFC 4180 quoting. */
  static String[] fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(ch);
      }
    }
    out.add(f.toString());
    return out.toArray(String[]::new);
  }

  @Test
  void predictsPublishedFileAndTensorSizesWithinOnePercent() throws Exception {
    List<double[]> errors = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-16s %-9s %-10s %12s %12s %7s  %s%n", "model", "mix", "kind", "published", "predicted", "error", "source"));
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        getClass().getResourceAsStream("published-gguf-sizes.csv")), StandardCharsets.UTF_8))) {
      String line;
      boolean header = true;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] c = fields(line);
        ModelArchitecture a = ModelCatalog.bundled().get(c[0]);
        GgufLayout q = GgufLayout.of(a, GgufModels.ggufArchitecture(a.modelType()))
            .quantize(QuantMix.ofName(c[1]).orElseThrow(), Boolean.parseBoolean(c[2]));
        double published = Double.parseDouble(c[4]);
        double predicted = switch (c[3]) {
          case "tensor_gib" -> q.tensorBytes() / (double) (1L << 30);
          case "file_bytes" -> q.fileSize(q.estimatedHeaderBytes(a.vocabSize()));
          default -> throw new IllegalStateException("unknown kind " + c[3]);
        };
        double err = (predicted - published) / published;
        errors.add(new double[] {Math.abs(err)});
        table.append(String.format(Locale.ROOT, "%-16s %-9s %-10s %12.2f %12.3f %+6.2f%%  %s%n",
            c[0], c[1], c[3], published, predicted, 100 * err, c[5]));
      }
    }
    double worst = errors.stream().mapToDouble(e -> e[0]).max().orElseThrow();
    table.append(String.format(Locale.ROOT, "rows %d, worst |error| %.2f%%%n", errors.size(), 100 * worst));
    System.out.print(table);
    assertThat(errors).hasSizeGreaterThanOrEqualTo(10);
    assertThat(worst).as(table.toString()).isLessThanOrEqualTo(0.01);
  }
}
