package dev.llmcost.cli.chart;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Where a tour section puts the charts it draws ({@code llmcost tour --charts DIR}); see {@link
 * ChartWriter}.
 */
public interface ChartSink {

  /**
   * Takes one chart.
   *
   * @param name the file name without extension, lower-case words joined by dashes, such as
   *     {@code api-price-per-million-tokens}
   * @param chart the chart, made with {@link Charts}
   * @throws IllegalArgumentException if the name is not lower-case words joined by dashes, or was
   *     used before
   * @throws java.io.UncheckedIOException if the chart cannot be written
   */
  void write(String name, Chart<?, ?> chart);
}
