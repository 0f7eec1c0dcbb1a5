package dev.llmcost.cli.tour;

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
}
