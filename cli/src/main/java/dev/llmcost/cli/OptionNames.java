package dev.llmcost.cli;

import java.util.function.Supplier;

/**
 * Puts the option a refusal came from in front of a builder's message: the library names its
 * fields ({@code requestsPerSecond must be > 0, was 0.0}), the user typed an option ({@code --rps}),
 * so the one-line error reads {@code --rps: requestsPerSecond must be > 0, was 0.0}.
 */
final class OptionNames {
  private OptionNames() {}

  /**
   * Runs {@code build}; an {@link IllegalArgumentException} whose message starts with one of the
   * fields of {@code fieldsAndOptions} (field, option, field, option, ...) followed by a space or
   * a colon is rethrown with that option in front: the whole field name must match, so a short
   * field ({@code top}) does not claim a message about another ({@code topK must be ...}).
   *
   * @param build what may refuse
   * @param fieldsAndOptions pairs of a library field name and the command-line option that sets it
   * @return what {@code build} returns
   */
  static <T> T prefixed(Supplier<T> build, String... fieldsAndOptions) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage();
      for (int i = 0; i + 1 < fieldsAndOptions.length; i += 2) {
        if (namesField(msg, fieldsAndOptions[i])) {
          throw new IllegalArgumentException(fieldsAndOptions[i + 1] + ": " + msg, e);
        }
      }
      throw e;
    }
  }

  /**
   * Returns the field-and-option pairs of several lists as one, in order.
   *
   * @param lists pairs of a library field name and the option that sets it
   * @return the pairs of every list
   */
  static String[] concat(String[]... lists) {
    return java.util.Arrays.stream(lists).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  /** Whether {@code msg} starts with the whole field name {@code field}, followed by a space or a colon. */
  static boolean namesField(String msg, String field) {
    if (!msg.startsWith(field) || msg.length() == field.length()) {
      return false;
    }
    char next = msg.charAt(field.length());
    return next == ' ' || next == ':';
  }
}
