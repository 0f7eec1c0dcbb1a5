/**
 * Charts of the tour, drawn with XChart and written as PNG and SVG files: {@link
 * dev.llmcost.cli.chart.Charts} makes charts in one style, a {@link
 * dev.llmcost.cli.chart.ChartSink} takes them, {@link dev.llmcost.cli.chart.ChartWriter} writes
 * them to a directory.
 */
@NullMarked
package dev.llmcost.cli.chart;

import org.jspecify.annotations.NullMarked;
