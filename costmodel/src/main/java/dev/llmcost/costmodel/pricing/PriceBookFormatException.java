package dev.llmcost.costmodel.pricing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A price file that cannot be loaded: not JSON, or entries with malformed prices. {@link
 * #problems()} names every malformed entry by its key with what is wrong; the message lists the
 * first few. Nothing is half-loaded: a loader either returns the whole book or throws this.
 */
public final class PriceBookFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private static final int SHOWN = 5;

  /** Key → problem; a {@link LinkedHashMap} in file order (serializable). */
  private final LinkedHashMap<String, String> problems;

  /**
   * Creates the exception.
   *
   * @param source the file, for the message
   * @param problems what is wrong, by entry key, in file order
   */
  public PriceBookFormatException(String source, Map<String, String> problems) {
    super(message(source, problems));
    this.problems = new LinkedHashMap<>(problems);
  }

  /**
   * Creates the exception for a file that is not JSON at all.
   *
   * @param source the file
   * @param problem what is wrong
   * @param cause the parser's exception, if any
   */
  public PriceBookFormatException(String source, String problem, @Nullable Throwable cause) {
    super(source + ": " + problem, cause);
    this.problems = new LinkedHashMap<>();
    this.problems.put("", problem);
  }

  /**
   * Returns every problem: the key of each malformed entry and what is wrong with it, in file
   * order; the key is {@code ""} for a problem of the whole document.
   */
  public Map<String, String> problems() {
    return Collections.unmodifiableMap(problems);
  }

  private static String message(String source, Map<String, String> problems) {
    StringBuilder sb = new StringBuilder(source).append(": ");
    sb.append(problems.size()).append(problems.size() == 1 ? " malformed entry: " : " malformed entries: ");
    int i = 0;
    for (Map.Entry<String, String> e : problems.entrySet()) {
      if (i == SHOWN) {
        sb.append("; and ").append(problems.size() - SHOWN).append(" more");
        break;
      }
      if (i > 0) {
        sb.append("; ");
      }
      sb.append('"').append(e.getKey()).append("\": ").append(e.getValue());
      i++;
    }
    return sb.toString();
  }
}
