package dev.llmcost.cli;

import java.util.Locale;

/** Number formatting for the human reports. */
public final class Text {
  private Text() {}

  /** Formats an integer with thousands separators: {@code 109,482,240}. */
  public static String grouped(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** Formats a double with {@code decimals} decimals. */
  public static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Formats a double in scientific notation with three significant digits: {@code 3.14e23}. */
  public static String sci(double value) {
    String s = String.format(Locale.ROOT, "%.2e", value);
    return s.replace("e+0", "e").replace("e+", "e");
  }

  /** Pads {@code s} on the right to {@code width}. */
  public static String padRight(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Pads {@code s} on the left to {@code width}. */
  public static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
