package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.cli.chart.ChartSink;
import dev.llmcost.cli.chart.Charts;
import dev.llmcost.cli.tour.TourSection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.internal.chartpart.Chart;
import org.w3c.dom.Document;

class TourCommandTest {

  @Test
  void tourWalksFromParametersToBills() {
    Cli r = Cli.run("tour");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("1. Parameters")
        .contains("109,482,240")
        .contains("5. Bills")
        .contains("Note: $0.002 per 1K tokens is a 2023 price")
        .contains("\"about $0.004\"")
        .contains("$0.0030. $0.004 buys 2,000 tokens")
        .contains("gpt-4o-mini")
        .containsPattern("A +200 +500 +700 +0\\.0014")
        .doesNotContain("Charts (");
  }

  // issue 14 item 8: the tour wrapped at 100 columns and selectable by section
  @Test
  void everyLineFitsOneHundredColumnsAndSectionsCanBeChosen() {
    Cli all = Cli.run("tour");
    for (String line : all.out().split("\n")) {
      // a single word longer than the width (a URL) is the only exception
      assertThat(line.length() <= 100 || !line.strip().contains(" ")).as(line).isTrue();
    }
    Cli two = Cli.run("tour", "--section", "tokens,bills");
    assertThat(two.exitCode()).isZero();
    assertThat(two.out()).contains("2. Tokens", "5. Bills").doesNotContain("1. Parameters", "3. Training",
        "4. Inference");
    Cli bad = Cli.run("tour", "--section", "inferense");
    assertThat(bad.exitCode()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("--section must be one of parameters, tokens, training, inference, bills,"
        + " was \"inferense\"");
  }

  // issue 14 item 8: wrapping must not leave a one-word line where a sentence was broken by hand
  // next to a wrapped line, and tables are laid out to fit instead of being wrapped
  @Test
  void proseIsBrokenOnlyByTheWrapperAndTablesFitTheWidth() {
    List<String> problems = new ArrayList<>();
    for (TourSection s : TourCommand.sections()) {
      java.io.StringWriter text = new java.io.StringWriter();
      java.io.PrintWriter out = new java.io.PrintWriter(text);
      s.print(out);
      out.flush();
      String[] lines = text.toString().split("\r?\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        String body = line.strip();
        boolean table = body.matches(".*\\S {3,}\\S.*");
        if (table && line.length() > TourCommand.WIDTH) {
          problems.add("table row of " + line.length() + " columns: " + line);
        }
        if (!table && line.length() > TourCommand.WIDTH && !line.matches(".*[.:;!?]\\s*") && i + 1 < lines.length
            && lines[i + 1].matches("^[a-z(].*")) {
          problems.add("sentence broken by a line end after a line the wrapper breaks: " + line + " | "
              + lines[i + 1]);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  // issue 14 item 8: thousands separators everywhere (years and the options of quoted commands aside)
  @Test
  void everyNumberOfFourOrMoreDigitsHasThousandsSeparators() {
    java.util.regex.Pattern bare = java.util.regex.Pattern.compile("(?<![\\w.,/:-])\\d{4,}(\\.\\d+)?(?![\\w,:-])");
    List<String> problems = new ArrayList<>();
    for (String line : Cli.run("tour").out().split("\n")) {
      if (line.contains("llmcost ")) {
        continue; // a command line to copy: its options are typed without separators
      }
      java.util.regex.Matcher m = bare.matcher(line);
      while (m.find()) {
        if (!m.group().matches("(19|20)\\d\\d")) {
          problems.add(m.group() + " in: " + line);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void wrappingKeepsShortLinesAndIndentsContinuations() {
    String wrapped = Text.wrap("short\n  " + "word ".repeat(30).strip() + "\n", 40);
    assertThat(wrapped.split("\n")).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
    assertThat(wrapped).startsWith("short\n  word").endsWith("word\n");
    assertThat(wrapped.split("\n")[2]).startsWith("    word");
  }

  @Test
  void chartsAreWrittenAsPngAndSvg(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("charts");
    Cli r = Cli.run("tour", "--charts", out.toString());
    assertThat(r.exitCode()).isZero();
    List<String> names = new ArrayList<>(drawnSeries().keySet());
    assertThat(r.out()).contains("Charts (" + 2 * names.size() + " files) in " + out);
    for (String name : names) {
      BufferedImage png;
      try (InputStream in = Files.newInputStream(out.resolve(name + ".png"))) {
        byte[] signature = in.readNBytes(8);
        assertThat(signature).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
      }
      png = ImageIO.read(out.resolve(name + ".png").toFile());
      assertThat(png).as(name + ".png decodes").isNotNull();
      assertThat(png.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(png.getHeight()).isEqualTo(Charts.HEIGHT);

      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document svg = f.newDocumentBuilder().parse(out.resolve(name + ".svg").toFile());
      assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
      assertThat(svg.getDocumentElement().getAttribute("width")).isEqualTo(Charts.WIDTH + "px");
    }
    // each series is drawn in its own colour, in the bitmap and in the vector file
    assertSeriesColours(out, "api-price-per-million-tokens", 2);
    assertSeriesColours(out, "weight-memory-by-dtype", 4);
    assertSeriesColours(out, "throughput-versus-batch", 4);
    assertSeriesColours(out, "cost-per-million-output-tokens-gpu-versus-api", 3);
    assertSeriesColours(out, "tokens-per-character-by-language", 7);
  }

  /** The first {@code series} colours of the palette appear in both files. */
  private static void assertSeriesColours(Path dir, String name, int series) throws IOException {
    int[] palette = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442};
    BufferedImage png = ImageIO.read(dir.resolve(name + ".png").toFile());
    String svg = Files.readString(dir.resolve(name + ".svg"));
    for (int i = 0; i <= series && i < palette.length; i++) {
      int rgb = palette[i];
      boolean inPng = false;
      for (int y = 0; y < png.getHeight() && !inPng; y += 2) {
        for (int x = 0; x < png.getWidth() && !inPng; x++) {
          inPng = (png.getRGB(x, y) & 0xFFFFFF) == rgb;
        }
      }
      String svgColour = "rgb(" + (rgb >> 16) + "," + ((rgb >> 8) & 0xFF) + "," + (rgb & 0xFF) + ")";
      if (i < series) {
        assertThat(inPng).as(name + ".png has series colour " + svgColour).isTrue();
        assertThat(svg).as(name + ".svg has series colour").contains(svgColour);
      } else {
        assertThat(svg).as(name + ".svg has no extra series").doesNotContain(svgColour);
      }
    }
  }

  /** The series of every chart the tour draws, by chart name, in the order drawn. */
  static Map<String, List<String>> drawnSeries() {
    Map<String, List<String>> drawn = new LinkedHashMap<>();
    ChartSink recorder =
        (String name, Chart<?, ?> chart) -> drawn.put(name, new ArrayList<>(chart.getSeriesMap().keySet()));
    for (TourSection s : TourCommand.sections()) {
      s.draw(recorder);
    }
    return drawn;
  }

  @Test
  void sectionsDrawTheExpectedSeries() {
    assertThat(drawnSeries())
        .containsEntry("api-price-per-million-tokens", List.of("input", "output"))
        .containsEntry("weight-memory-by-dtype", List.of("fp32", "bf16", "int8", "int4"))
        .containsEntry("training-memory-by-zero-stage",
            List.of("weights (bf16)", "gradients (fp32)", "master weights (fp32)", "Adam moments (fp32)",
                "activations", "buffers", "reserve (10%)", "A100 memory (80 GiB = 85.9 GB)"))
        .containsEntry("throughput-versus-batch",
            List.of("Llama 2 7B on H100 80GB", "Llama 2 7B on A100 80GB", "Llama 3.1 8B on H100 80GB",
                "Llama 3.1 8B on A100 80GB"))
        .containsEntry("cost-per-million-output-tokens-gpu-versus-api",
            List.of("self-hosted Llama 3.1 8B", "self-hosted Llama 3.1 70B", "API list price (price book)"))
        .containsEntry(
            "tokens-per-character-by-language",
            List.of("GPT-3 (r50k)", "GPT-4 (cl100k)", "GPT-4o (o200k)", "BERT uncased", "BERT Chinese", "Qwen2.5",
                "Mistral 7B"));
  }

  @Test
  void anUnwritableChartDirectoryExitsWithTwo(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    Cli r = Cli.run("tour", "--charts", file.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("llmcost: cannot create chart directory");
  }

  /** Issue 14 item 4: without --charts the tour does not point to a chart as if it had been drawn. */
  @Test
  void withoutChartsTheTourDoesNotReferToTheChartAsDrawn() {
    Cli r = Cli.run("tour");
    assertThat(r.out().replaceAll("\\s+", " ")).doesNotContain("(the chart throughput-versus-batch")
        .contains("tour --charts DIR draws it as throughput-versus-batch");
  }
}
