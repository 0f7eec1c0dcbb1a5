package dev.llmcost.costmodel.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A request trace: for each request its arrival time (seconds from the start), prompt and output
 * tokens and optionally a shared-prefix id with the prefix's tokens, sorted by arrival.
 *
 * <p>Two formats. JSON Lines, one object per line: {@code {"arrival": 0.12, "prompt_tokens": 812,
 * "output_tokens": 190}} with optional {@code "prefix_id"} (an integer or string) and {@code
 * "prefix_tokens"}. CSV with a header naming the same columns in any order ({@code arrival,
 * prompt_tokens, output_tokens[, prefix_id, prefix_tokens]}). Blank lines and lines starting with
 * {@code #} are skipped. Arrivals must be finite and at least 0, prompts and outputs at least 1,
 * prefix tokens between 0 and the prompt. Immutable.
 */
public final class Trace {

  /** The trace file formats. */
  public enum Format {
    /** One JSON object per line. */
    JSONL,
    /** Comma-separated values with a header. */
    CSV
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final double[] arrival;
  private final int[] prompt;
  private final int[] output;
  private final int[] prefixId;
  private final int[] prefixTokens;

  private Trace(double[] arrival, int[] prompt, int[] output, int[] prefixId, int[] prefixTokens) {
    this.arrival = arrival;
    this.prompt = prompt;
    this.output = output;
    this.prefixId = prefixId;
    this.prefixTokens = prefixTokens;
  }

  /**
   * Reads a trace file: CSV when its name ends in {@code .csv}, JSON Lines otherwise.
   *
   * @param file the file
   * @return the trace
   * @throws TraceFormatException naming the line and field of the first malformed entry
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Trace read(Path file) {
    Format f = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? Format.CSV : Format.JSONL;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString(), f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a trace.
   *
   * @param reader the text
   * @param source its name, for messages
   * @param format the format
   * @return the trace
   * @throws TraceFormatException naming the line and field of the first malformed entry, or when
   *     the trace holds no request
   * @throws UncheckedIOException if reading fails
   */
  public static Trace read(Reader reader, String source, Format format) {
    List<double[]> rows = new ArrayList<>();
    List<String> prefixKeys = new ArrayList<>();
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    int lineNo = 0;
    String @Nullable [] header = null;
    int lastLine = 0;
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        lastLine = lineNo;
        if (format == Format.CSV) {
          if (header == null) {
            header = t.split(",", -1);
            for (int i = 0; i < header.length; i++) {
              header[i] = header[i].strip().toLowerCase(Locale.ROOT);
            }
            for (String need : new String[] {"arrival", "prompt_tokens", "output_tokens"}) {
              if (!Arrays.asList(header).contains(need)) {
                throw new TraceFormatException(source, lineNo, need, "missing from the CSV header");
              }
            }
            continue;
          }
          String[] cells = t.split(",", -1);
          if (cells.length != header.length) {
            throw new TraceFormatException(source, lineNo, "", "has " + cells.length + " cells, the header "
                + header.length);
          }
          @Nullable String[] values = new String[5];
          String[] names = {"arrival", "prompt_tokens", "output_tokens", "prefix_id", "prefix_tokens"};
          for (int i = 0; i < header.length; i++) {
            int k = Arrays.asList(names).indexOf(header[i]);
            if (k >= 0) {
              values[k] = cells[i].strip();
            }
          }
          rows.add(row(source, lineNo, values, prefixKeys));
        } else {
          JsonNode n;
          try {
            n = JSON.readTree(t);
          } catch (IOException e) {
            throw new TraceFormatException(source, lineNo, "", "not a JSON object");
          }
          if (n == null || !n.isObject()) {
            throw new TraceFormatException(source, lineNo, "", "not a JSON object");
          }
          @Nullable String[] values = new String[5];
          String[] names = {"arrival", "prompt_tokens", "output_tokens", "prefix_id", "prefix_tokens"};
          for (int k = 0; k < names.length; k++) {
            JsonNode v = n.get(names[k]);
            if (v != null && !v.isNull()) {
              if (k < 3 && !v.isNumber()) {
                throw new TraceFormatException(source, lineNo, names[k], "not a number: " + v);
              }
              values[k] = v.asText();
            }
          }
          rows.add(row(source, lineNo, values, prefixKeys));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (rows.isEmpty()) {
      throw new TraceFormatException(source, Math.max(1, lastLine), "", "the trace holds no request");
    }
    rows.sort(Comparator.comparingDouble(r -> r[0]));
    int n = rows.size();
    double[] a = new double[n];
    int[] p = new int[n];
    int[] o = new int[n];
    int[] id = new int[n];
    int[] pt = new int[n];
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      a[i] = r[0];
      p[i] = (int) r[1];
      o[i] = (int) r[2];
      id[i] = (int) r[3];
      pt[i] = (int) r[4];
    }
    return new Trace(a, p, o, id, pt);
  }

  private static double[] row(String source, int line, @Nullable String[] v, List<String> prefixKeys) {
    double arrival = number(source, line, "arrival", v[0]);
    if (!(arrival >= 0) || Double.isInfinite(arrival)) {
      throw new TraceFormatException(source, line, "arrival", "must be finite and >= 0, was " + v[0]);
    }
    long prompt = integer(source, line, "prompt_tokens", v[1], 1);
    long output = integer(source, line, "output_tokens", v[2], 1);
    int id = -1;
    long prefix = 0;
    if (v[3] != null && !v[3].isEmpty()) {
      int k = prefixKeys.indexOf(v[3]);
      if (k < 0) {
        prefixKeys.add(v[3]);
        k = prefixKeys.size() - 1;
      }
      id = k;
      if (v[4] == null || v[4].isEmpty()) {
        throw new TraceFormatException(source, line, "prefix_tokens", "required with prefix_id");
      }
      prefix = integer(source, line, "prefix_tokens", v[4], 0);
      if (prefix > prompt) {
        throw new TraceFormatException(source, line, "prefix_tokens", "must be <= prompt_tokens (" + prompt
            + "), was " + prefix);
      }
    }
    return new double[] {arrival, prompt, output, id, prefix};
  }

  private static double number(String source, int line, String field, @Nullable String v) {
    if (v == null || v.isEmpty()) {
      throw new TraceFormatException(source, line, field, "missing");
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new TraceFormatException(source, line, field, "not a number: '" + v + "'");
    }
  }

  private static long integer(String source, int line, String field, @Nullable String v, long min) {
    double d = number(source, line, field, v);
    if (d != Math.rint(d) || d < min || d > Integer.MAX_VALUE / 4) {
      throw new TraceFormatException(source, line, field, "must be an integer >= " + min + ", was " + v);
    }
    return (long) d;
  }

  /** Returns the requests in the trace. */
  public int size() {
    return arrival.length;
  }

  /** Returns the arrival of request {@code i}, seconds. */
  public double arrivalSeconds(int i) {
    return arrival[i];
  }

  /** Returns the prompt tokens of request {@code i}. */
  public int promptTokens(int i) {
    return prompt[i];
  }

  /** Returns the output tokens of request {@code i}. */
  public int outputTokens(int i) {
    return output[i];
  }

  /** Returns the shared-prefix id of request {@code i} (dense from 0 in order of first use), −1 for none. */
  public int prefixId(int i) {
    return prefixId[i];
  }

  /** Returns the shared-prefix tokens of request {@code i}, 0 for none. */
  public int prefixTokens(int i) {
    return prefixTokens[i];
  }

  /** Returns the empirical distribution of the prompt lengths. */
  public LengthDistribution promptDistribution() {
    return LengthDistribution.empirical(prompt);
  }

  /** Returns the empirical distribution of the output lengths. */
  public LengthDistribution outputDistribution() {
    return LengthDistribution.empirical(output);
  }

  /** Returns the time of the last arrival, seconds. */
  public double lastArrivalSeconds() {
    return arrival[arrival.length - 1];
  }
}
