package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.PositionEncoding;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The defaults a command filled in for options that change its numbers, echoed in its output (a
 * {@code defaults used} line, and {@code defaultsUsed} in JSON) rather than only in {@code --help}.
 */
final class Defaults {
  /** Prompt tokens per sequence or request when {@code --input} is not given (infer and capacity). */
  static final int INPUT = 1024;

  /** Generated tokens per sequence or request when {@code --output} is not given (infer and capacity). */
  static final int OUTPUT = 256;

  private final Map<String, String> used = new LinkedHashMap<>();

  /** Records that {@code option} took {@code value}, as printed ({@code "2,048"} or {@code "512 (at least 512)"}). */
  void add(String option, String value) {
    used.put(option, value);
  }

  /**
   * Records a default that no option sets (the catalog's host link of a card, say): printed as
   * {@code label: value} so that it cannot be read as an option, and in JSON under {@code label}.
   */
  void addAssumed(String label, String value) {
    used.put(label + ":", value);
  }

  /** Returns the options filled in, by option name, with their values as printed. */
  Map<String, String> used() {
    return used;
  }

  /**
   * Returns the prompt and output lengths: those given, else 1,024 and 256; a default prompt is
   * shortened to fit a learned position table (GPT-2's 1,024 positions take 768 + 256), and says so.
   */
  int[] lengths(ModelArchitecture m, @Nullable Integer input, @Nullable Integer output) {
    int out = output != null ? output : OUTPUT;
    if (output == null) {
      add("--output", String.format(Locale.ROOT, "%,d", OUTPUT));
    }
    if (input != null) {
      return new int[] {input, out};
    }
    int in = INPUT;
    int table = m.embeddings().maxPositions();
    if (m.embeddings().positions() == PositionEncoding.LEARNED && (long) in + out > table && table - out >= 1) {
      in = table - out;
      add("--input", String.format(Locale.ROOT, "%,d (the default %,d shortened to fit %s's learned position table"
          + " of %,d with %,d output tokens)", in, INPUT, m.id(), table, out));
    } else {
      add("--input", String.format(Locale.ROOT, "%,d", in));
    }
    return new int[] {in, out};
  }

  /** Returns {@code report} with a {@code defaults used} line after its first line, if any default was used. */
  String insertInto(String report) {
    if (used.isEmpty()) {
      return report;
    }
    StringBuilder line = new StringBuilder("  defaults used: ");
    boolean first = true;
    for (Map.Entry<String, String> e : used.entrySet()) {
      line.append(first ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
      first = false;
    }
    line.append('\n');
    int nl = report.indexOf('\n');
    return nl < 0 ? report + "\n" + line : report.substring(0, nl + 1) + line + report.substring(nl + 1);
  }

  /** Adds {@code defaultsUsed}: each option filled in (without its dashes) and its value as printed. */
  void json(ObjectNode n) {
    ObjectNode o = n.putObject("defaultsUsed");
    used.forEach((k, v) -> o.put(jsonKey(k), v));
  }

  /** {@code --seq} as {@code seq}, {@code --rank/--targets} as {@code rank/targets}, {@code host link:} as {@code host link}. */
  private static String jsonKey(String k) {
    return k.endsWith(":") ? k.substring(0, k.length() - 1) : k.replace("--", "");
  }
}
