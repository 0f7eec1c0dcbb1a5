package dev.llmcost.costmodel.serving;

/**
 * A request trace that cannot be read: a line that is not a JSON object or CSV row, or a field
 * that is missing, not a number or out of range. The message names the source, the line (1-based)
 * and the field.
 */
public final class TraceFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param source the file or stream name
   * @param line the 1-based line
   * @param field the field at fault, {@code ""} for the whole line
   * @param problem what is wrong
   */
  public TraceFormatException(String source, int line, String field, String problem) {
    super(source + ":" + line + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + problem);
    this.source = source;
    this.line = line;
    this.field = field;
  }

  /** Returns the file or stream name. */
  public String source() {
    return source;
  }

  /** Returns the 1-based line at fault. */
  public int line() {
    return line;
  }

  /** Returns the field at fault, {@code ""} when the whole line is. */
  public String field() {
    return field;
  }
}
