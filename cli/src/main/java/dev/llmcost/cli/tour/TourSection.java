package dev.llmcost.cli.tour;

import dev.llmcost.cli.chart.ChartSink;
import java.io.PrintWriter;

/**
 * One section of {@code llmcost tour}: a concept of the article ("parameters", "tokens",
 * "training", "inference", "bills") computed with real numbers.
 */
public interface TourSection {

  /** Returns the section's title. */
  String title();

  /**
   * Prints the section.
   *
   * @param out where to print
   */
  void print(PrintWriter out);

  /**
   * Draws the section's charts, called only with {@code llmcost tour --charts DIR} and after
   * {@link #print}. A section without charts keeps this default, which draws nothing.
   *
   * @param charts where to put each chart (made with {@link dev.llmcost.cli.chart.Charts})
   */
  default void draw(ChartSink charts) {}
}
