package dev.llmcost.costmodel.internal.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CSV table (RFC 4180 quoting, {@code #} comment lines) read from a resource: the bundled
 * efficiency profiles and calibration data.
 */
public final class CsvTable {
  private final String name;
  private final Map<String, Integer> columns;
  private final List<String[]> rows;

  private CsvTable(String name, Map<String, Integer> columns, List<String[]> rows) {
    this.name = name;
    this.columns = columns;
    this.rows = rows;
  }

  /**
   * Reads a resource next to {@code anchor}.
   *
   * @param anchor a class in the resource's package
   * @param resource the resource name
   * @return the table
   * @throws IllegalStateException if the resource is missing or malformed (a packaging error)
   */
  public static CsvTable read(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " next to " + anchor.getName());
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * Parses CSV text whose first non-comment line is the header.
   *
   * @param name a name for messages
   * @param text the text
   * @return the table
   * @throws IllegalStateException if a row has the wrong number of fields
   */
  public static CsvTable parse(String name, String text) {
    List<String[]> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        lines.add(split(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (lines.isEmpty()) {
      throw new IllegalStateException(name + " has no header");
    }
    String[] header = lines.get(0);
    Map<String, Integer> cols = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      cols.put(header[i].trim(), i);
    }
    List<String[]> body = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] row = lines.get(i);
      if (row.length != header.length) {
        throw new IllegalStateException(
            name + " row " + i + " has " + row.length + " fields, the header " + header.length);
      }
      body.add(row);
    }
    return new CsvTable(name, cols, List.copyOf(body));
  }

  /**
   * Splits one CSV line: RFC 4180 quotes (a doubled quote inside quotes is one quote), no embedded
   * line breaks; fields are not trimmed.
   *
   * @param line the line
   * @return its fields
   */
  public static String[] split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out.toArray(String[]::new);
  }

  /** Returns the number of data rows. */
  public int size() {
    return rows.size();
  }

  /**
   * Returns a field.
   *
   * @param row the row index
   * @param column the column name
   * @return the trimmed text
   * @throws IllegalStateException if the column does not exist
   */
  public String get(int row, String column) {
    Integer i = columns.get(column);
    if (i == null) {
      throw new IllegalStateException(name + " has no column " + column);
    }
    return rows.get(row)[i].trim();
  }

  /** Returns whether the table has {@code column}. */
  public boolean has(String column) {
    return columns.containsKey(column);
  }

  /**
   * Returns a numeric field.
   *
   * @param row the row index
   * @param column the column name
   * @return the number
   * @throws IllegalStateException if the field is not a number
   */
  public double number(int row, String column) {
    String v = get(row, column);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " row " + (row + 1) + " column " + column + " is not a number: " + v, e);
    }
  }

  /**
   * Returns an integer field, or {@code fallback} when it is empty.
   *
   * @param row the row index
   * @param column the column name
   * @param fallback value for an empty field
   * @return the integer
   */
  public int integer(int row, String column, int fallback) {
    String v = get(row, column);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " row " + (row + 1) + " column " + column + " is not an integer: " + v, e);
    }
  }
}
