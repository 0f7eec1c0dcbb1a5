package dev.llmcost.cli;

import dev.llmcost.cli.chart.ChartWriter;
import dev.llmcost.cli.tour.BillsSection;
import dev.llmcost.cli.tour.InferenceSection;
import dev.llmcost.cli.tour.ParametersSection;
import dev.llmcost.cli.tour.TokensSection;
import dev.llmcost.cli.tour.TrainingSection;
import dev.llmcost.cli.tour.TourSection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcost tour}: the article's four concepts — parameters, tokens, training, inference —
 * and the bills they add up to, computed with real numbers.
 */
@Command(
    name = "tour",
    mixinStandardHelpOptions = true,
    description = "Walk through parameters, tokens, training and inference with real numbers.")
public final class TourCommand implements Callable<Integer> {

  /** The sections in the order of the article; each later concept adds its own. */
  static List<TourSection> sections() {
    return List.of(
        new ParametersSection(),
        new TokensSection(),
        new TrainingSection(),
        new InferenceSection(),
        new BillsSection());
  }

  @Option(
      names = "--charts",
      paramLabel = "DIR",
      description = "Also draw the tour's charts, as PNG and SVG files in DIR (created if missing).")
  @Nullable Path charts;

  /** The names {@code --section} accepts, in the order of {@link #sections()}. */
  static final List<String> SECTION_NAMES = List.of("parameters", "tokens", "training", "inference", "bills");

  @Option(
      names = "--section",
      split = ",",
      paramLabel = "NAME",
      description = "Print only these sections: parameters, tokens, training, inference, bills (default: all).")
  @Nullable List<String> only;

  /** The width the tour's prose is wrapped at. */
  static final int WIDTH = 100;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (only != null) {
      for (String name : only) {
        if (!SECTION_NAMES.contains(name)) {
          throw new IllegalArgumentException("--section must be one of " + String.join(", ", SECTION_NAMES)
              + ", was \"" + name + "\"");
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("llmcost tour: what an LLM costs, in four words: parameters, tokens, training, inference.");
    @Nullable ChartWriter writer = charts == null ? null : new ChartWriter(charts);
    List<TourSection> all = sections();
    for (int i = 0; i < all.size(); i++) {
      TourSection s = all.get(i);
      if (only != null && !only.contains(SECTION_NAMES.get(i))) {
        continue;
      }
      out.println();
      out.println(s.title());
      out.println("-".repeat(Math.min(WIDTH, s.title().length())));
      java.io.StringWriter text = new java.io.StringWriter();
      PrintWriter section = new PrintWriter(text);
      s.print(section);
      section.flush();
      out.print(Text.wrap(text.toString(), WIDTH));
      if (writer != null) {
        s.draw(writer);
      }
    }
    if (writer != null) {
      out.println();
      out.println("Charts (" + writer.written().size() + " files) in " + writer.directory() + ":");
      writer.written().forEach(p -> out.println("  " + p.getFileName()));
    }
    out.flush();
    return 0;
  }
}
