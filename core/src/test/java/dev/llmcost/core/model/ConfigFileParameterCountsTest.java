package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Reads real HuggingFace config.json files of every supported family (test resources under {@code
 * configs/}) and checks their exact totals ({@code config-totals.csv}).
 */
class ConfigFileParameterCountsTest {

  @Test
  void realConfigFilesGiveExactTotals() throws IOException {
    List<String> failures = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-24s %-12s %16s %16s %16s %16s%n", "config", "model_type", "expected total", "computed", "expected active", "computed"));
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("config-totals.csv")),
                StandardCharsets.UTF_8))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] c = Csv.split(line);
        ModelArchitecture a;
        try (InputStream in = getClass().getResourceAsStream("configs/" + c[0] + "/config.json")) {
          a = HuggingFaceConfigs.read(Objects.requireNonNull(in, c[0]), c[0], c[0]);
        }
        ParameterCounts p = a.parameterCounts();
        long expectedTotal = Long.parseLong(c[1]);
        long expectedActive = Long.parseLong(c[2]);
        table.append(String.format(Locale.ROOT, "%-24s %-12s %16d %16d %16d %16d%n",
            c[0], a.modelType(), expectedTotal, p.total().value(), expectedActive, p.active().value()));
        if (p.total().value() != expectedTotal || p.active().value() != expectedActive) {
          failures.add(c[0]);
        }
      }
    }
    System.out.println("Parameter counts of real config.json files:\n" + table);
    assertThat(failures).isEmpty();
  }
}
