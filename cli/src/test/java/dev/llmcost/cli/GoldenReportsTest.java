package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.cli.tour.BillsSection;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Compares printed reports with golden files in {@code src/test/resources/dev/llmcost/cli/golden}.
 * After an intended change, rerun with {@code -Dllmcost.updateGolden=true} and review the diff.
 */
class GoldenReportsTest {

  static void assertGolden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("llmcost.updateGolden")) {
      Path file = Path.of("src/test/resources/dev/llmcost/cli/golden", name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
      return;
    }
    String expected;
    try (InputStream in = GoldenReportsTest.class.getResourceAsStream("golden/" + name)) {
      assertThat(in).as("golden file " + name + " (create it with -Dllmcost.updateGolden=true)").isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void billReport() throws IOException {
    Cli r =
        Cli.run("bill", "--model", "claude-sonnet-4", "--input", "250000", "--cached", "100000",
            "--cache-write", "20000", "--output", "2000", "--reasoning", "500", "--requests-per-day", "1000",
            "--at", "2026-12-05");
    assertThat(r.exitCode()).isZero();
    assertGolden("bill-claude-sonnet-4-long-context.txt", r.out());
  }

  @Test
  void billsSection() throws IOException {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      new BillsSection().print(out);
    }
    assertGolden("tour-bills-section.txt", text.toString());
  }
}
