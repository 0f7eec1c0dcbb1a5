package dev.llmcost.cli.chart;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

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
      // bars grow from the axis minimum, which a logarithmic axis needs above zero: the power of
      // ten at or below the smallest value
      double min = Double.MAX_VALUE;
      for (Number v : values) {
        if (v.doubleValue() <= 0) {
          throw new IllegalArgumentException(
              "series \"" + series + "\" has a value <= 0 on a logarithmic axis: " + v);
        }
        min = Math.min(min, v.doubleValue());
      }
      double floor = Math.pow(10, Math.floor(Math.log10(min)));
      Double current = chart.getStyler().getYAxisMin();
      chart.getStyler().setYAxisMin(current == null ? floor : Math.min(current, floor));
    }
    chart.addSeries(series, categories, values);
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
