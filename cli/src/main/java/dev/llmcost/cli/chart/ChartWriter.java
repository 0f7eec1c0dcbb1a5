package dev.llmcost.cli.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes each chart twice into a directory: {@code NAME.png} and {@code NAME.svg}. */
public final class ChartWriter implements ChartSink {

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final Path directory;
  private final Set<String> names = new LinkedHashSet<>();
  private final List<Path> written = new ArrayList<>();

  /**
   * Creates the writer, and the directory if it does not exist.
   *
   * @param directory where to write
   * @throws UncheckedIOException if the directory cannot be created
   */
  public ChartWriter(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create chart directory " + directory, e);
    }
  }

  @Override
  public void write(String name, Chart<?, ?> chart) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "chart name must be lower-case words joined by dashes, was \"" + name + "\"");
    }
    if (!names.add(name)) {
      throw new IllegalArgumentException("chart name \"" + name + "\" was used before");
    }
    Path png = directory.resolve(name + ".png");
    Path svg = directory.resolve(name + ".svg");
    try {
      // render both before writing either, so a chart that cannot be drawn leaves no file behind
      byte[] pngBytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      ByteArrayOutputStream svgBytes = new ByteArrayOutputStream();
      VectorGraphicsEncoder.saveVectorGraphic(chart, svgBytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      Files.write(png, pngBytes);
      Files.write(svg, svgBytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + name + " to " + directory, e);
    }
    written.add(png);
    written.add(svg);
  }

  /** Returns the directory written to. */
  public Path directory() {
    return directory;
  }

  /** Returns every file written so far, in order. */
  public List<Path> written() {
    return Collections.unmodifiableList(written);
  }
}
