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

  /**
   * The name under which the user typed an option that has several ({@code --hsdp-shard} or its alias
   * {@code --shard-group}), so that its refusals name what the user wrote; {@code primary} when the
   * command line was not parsed or the option was not given.
   *
   * @param spec the command whose parse result is read, or {@code null} outside a parsed command line
   * @param primary the option's first name
   * @return the name the user typed, or {@code primary}
   */
  static String typed(picocli.CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec, String primary) {
    picocli.CommandLine.@org.jspecify.annotations.Nullable ParseResult parsed =
        spec == null ? null : spec.commandLine().getParseResult();
    if (parsed == null) {
      return primary;
    }
    picocli.CommandLine.Model.@org.jspecify.annotations.Nullable OptionSpec option = spec.findOption(primary);
    if (option == null) {
      return primary;
    }
    String typed = primary;
    for (String arg : parsed.originalArgs()) {
      for (String name : option.names()) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          typed = name;
        }
      }
    }
    return typed;
  }

  /**
   * Returns field-and-option pairs with one option shown under another of its names.
   *
   * @param fieldsAndOptions pairs of a library field name and the option that sets it
   * @param option the option's name in {@code fieldsAndOptions}
   * @param as the name to show instead
   * @return a copy of the pairs with {@code option} replaced by {@code as}
   */
  static String[] renamed(String[] fieldsAndOptions, String option, String as) {
    String[] copy = fieldsAndOptions.clone();
    for (int i = 1; i < copy.length; i += 2) {
      if (copy[i].equals(option)) {
        copy[i] = as;
      }
    }
    return copy;
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
