package dev.llmcost.cli.chart;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Makes the tour's charts in one style: white background, legend at the top, readable fonts. */
public final class Charts {
  private Charts() {}

  /** Width of every chart, in pixels. */
  public static final int WIDTH = 960;

  /** Height of every chart, in pixels. */
  public static final int HEIGHT = 540;

  /** Series colours, distinguishable in print and for the common colour-vision deficiencies. */
  private static final Color[] COLORS = {
    new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
    new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000)
  };

  /**
   * Returns a grouped bar chart: one group per category, one bar per series.
   *
   * @param title the chart title
   * @param xTitle what the categories are
   * @param yTitle the quantity and its unit
   * @param logarithmic whether the y axis is logarithmic (for values over several decades)
   * @return the chart, to which series are added with {@link #addBars}
   */
  public static CategoryChart bars(String title, String xTitle, String yTitle, boolean logarithmic) {
    CategoryChart c =
        new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setYAxisLogarithmic(logarithmic);
    c.getStyler().setXAxisLabelRotation(30);
    c.getStyler().setOverlapped(false);
    c.getStyler().setAvailableSpaceFill(0.8);
    return c;
  }

  /**
   * Adds one series of bars.
   *
   * @param chart the chart
   * @param series the series name, shown in the legend
   * @param categories the categories, in order
   * @param values one value per category
   * @throws IllegalArgumentException if the lists differ in length or a value is not finite
   */
  public static void addBars(
      CategoryChart chart, String series, List<String> categories, List<? extends Number> values) {
    check(series, categories.size(), values);
    if (chart.getStyler().isYAxisLogarithmic()) {
      lowerLogFloor(chart, series, values);
    }
    chart.addSeries(series, categories, values);
  }

  /**
   * Lowers the axis minimum to the power of ten at or below the smallest value: bars grow from the
   * axis minimum, which a logarithmic axis needs above zero.
   */
  private static void lowerLogFloor(CategoryChart chart, String series, List<? extends Number> values) {
    double min = Double.MAX_VALUE;
    for (Number v : values) {
      if (v.doubleValue() <= 0) {
        throw new IllegalArgumentException(
            "series \"" + series + "\" has a value <= 0 on a logarithmic axis: " + v);
      }
      min = Math.min(min, v.doubleValue());
    }
    if (values.isEmpty()) {
      return;
    }
    double floor = Math.pow(10, Math.floor(Math.log10(min)));
    Double current = chart.getStyler().getYAxisMin();
    chart.getStyler().setYAxisMin(current == null ? floor : Math.min(current, floor));
  }

  /**
   * Returns a bar chart with one bar per category, coloured by the series that has a value there
   * (add series with {@link #addBars(CategoryChart, String, List, Map)}): for comparing things of
   * different kinds on one axis, such as self-hosted models and APIs.
   *
   * @param title the chart title
   * @param xTitle what the categories are
   * @param yTitle the quantity and its unit
   * @param logarithmic whether the y axis is logarithmic (for values over several decades)
   * @return the chart
   */
  public static CategoryChart groupedBars(String title, String xTitle, String yTitle, boolean logarithmic) {
    CategoryChart c = bars(title, xTitle, yTitle, logarithmic);
    c.getStyler().setOverlapped(true);
    return c;
  }

  /**
   * Adds one series with values for some of the categories only; the others get no bar.
   *
   * @param chart the chart, made with {@link #groupedBars}
   * @param series the series name, shown in the legend
   * @param categories every category of the chart, in order
   * @param values the value of each category this series has a bar in
   * @throws IllegalArgumentException if a value's category is not among the categories, a value is
   *     not finite, or not above zero on a logarithmic axis
   */
  public static void addBars(
      CategoryChart chart, String series, List<String> categories, Map<String, ? extends Number> values) {
    List<@Nullable Number> column = new ArrayList<>();
    for (String category : categories) {
      column.add(values.get(category));
    }
    for (String category : values.keySet()) {
      if (!categories.contains(category)) {
        throw new IllegalArgumentException(
            "series \"" + series + "\" has a value for \"" + category + "\", which is not a category");
      }
    }
    List<Number> present = List.copyOf(values.values());
    check(series, present.size(), present);
    if (chart.getStyler().isYAxisLogarithmic()) {
      lowerLogFloor(chart, series, present);
    }
    chart.addSeries(series, categories, column);
  }

  /**
   * Returns a stacked bar chart: one bar per category, one segment per series, on a linear axis.
   *
   * @param title the chart title
   * @param xTitle what the categories are
   * @param yTitle the quantity and its unit
   * @return the chart, to which segments are added with {@link #addBars(CategoryChart, String, List,
   *     List)} and a limit with {@link #addLevel}
   */
  public static CategoryChart stackedBars(String title, String xTitle, String yTitle) {
    CategoryChart c = bars(title, xTitle, yTitle, false);
    c.getStyler().setXAxisLabelRotation(0);
    c.getStyler().setStacked(true);
    // one legend entry per segment, listed beside the bars
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    return c;
  }

  /**
   * Adds a horizontal line at one level across every category, drawn over the bars and never
   * stacked, such as a device's memory capacity.
   *
   * @param chart the chart
   * @param series the line's name, shown in the legend
   * @param categories every category of the chart, in order
   * @param level the line's value
   * @throws IllegalArgumentException if the level is not finite
   */
  public static void addLevel(CategoryChart chart, String series, List<String> categories, double level) {
    List<Double> values = Collections.nCopies(categories.size(), level);
    check(series, categories.size(), values);
    CategorySeries s = chart.addSeries(series, categories, values);
    s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    s.setOverlapped(true);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineWidth(2.5f);
    if (chart.getStyler().isStacked()) {
      // the axis range counts the line as if stacked: size it from the bars instead
      double[] sums = new double[categories.size()];
      for (CategorySeries other : chart.getSeriesMap().values()) {
        if (other != s && !other.isOverlapped()) {
          int i = 0;
          for (@Nullable Number n : other.getYData()) {
            sums[i++] += n == null ? 0 : n.doubleValue();
          }
        }
      }
      double top = level;
      for (double sum : sums) {
        top = Math.max(top, sum);
      }
      chart.getStyler().setYAxisMax(top * 1.08);
      chart.getStyler().setYAxisMin(0.0);
    }
  }

  /**
   * Returns a line chart.
   *
   * @param title the chart title
   * @param xTitle the x quantity and its unit
   * @param yTitle the y quantity and its unit
   * @return the chart, to which series are added with {@code addSeries}
   */
  public static XYChart lines(String title, String xTitle, String yTitle) {
    XYChart c =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
    style(c.getStyler());
    return c;
  }

  /**
   * Adds one line with a marker at each point.
   *
   * @param chart the chart, made with {@link #lines}
   * @param series the series name, shown in the legend
   * @param x the x values, in order
   * @param y one y value per x value
   * @throws IllegalArgumentException if the lists differ in length or a value is not finite (or not
   *     above zero on a logarithmic axis)
   */
  public static void addLine(XYChart chart, String series, List<? extends Number> x, List<? extends Number> y) {
    check(series, x.size(), y);
    check(series, x.size(), x);
    if (chart.getStyler().isXAxisLogarithmic()) {
      for (Number v : x) {
        if (v.doubleValue() <= 0) {
          throw new IllegalArgumentException(
              "series \"" + series + "\" has an x value <= 0 on a logarithmic axis: " + v);
        }
      }
    }
    chart.addSeries(series, x, y);
  }

  private static void check(String series, int categories, List<? extends Number> values) {
    if (values.size() != categories) {
      throw new IllegalArgumentException(
          "series \"" + series + "\" must have one value per category (" + categories + "), had "
              + values.size());
    }
    for (Number v : values) {
      if (!Double.isFinite(v.doubleValue())) {
        throw new IllegalArgumentException("series \"" + series + "\" has a non-finite value " + v);
      }
    }
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setSeriesColors(COLORS);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setAntiAlias(true);
  }
}
