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

  /**
   * Wraps every line of {@code text} longer than {@code width} characters at its last space within
   * the width; continuation lines keep the line's indentation plus two spaces. A word longer than
   * the width stays whole on its own line. Line ends are normalised to {@code \n}.
   */
  public static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    for (String line : text.split("\r?\n", -1)) {
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      String rest = line;
      String prefix = " ".repeat(Math.min(indent + 2, width / 2));
      boolean first = true;
      while (rest.length() > width) {
        int cut = rest.lastIndexOf(' ', width);
        if (cut <= (first ? indent : prefix.length())) {
          cut = rest.indexOf(' ', width);
          if (cut < 0) {
            break;
          }
        }
        out.append(rest, 0, cut).append('\n');
        rest = prefix + rest.substring(cut + 1).stripLeading();
        first = false;
      }
      out.append(rest).append('\n');
    }
    // split(-1) leaves one empty piece after a final line end: drop the extra line end it made
    out.setLength(out.length() - 1);
    return out.toString();
  }
}
