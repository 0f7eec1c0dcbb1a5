package dev.llmcost.cli;

import java.io.PrintWriter;

/**
 * Answers the plainest form of {@code llmcost params} without picocli (issue 22, start-up):
 * building picocli's model of a command (annotation proxies, reflection over the options, the
 * built-in converters, the help layout) took about a third of the process's time for a command that
 * answers in milliseconds. Only {@code params --model ID} with {@code --json} and {@code
 * --assume-llama} in any order, each at most once, with the value a separate argument that starts
 * with neither {@code -} nor {@code @}, is answered here; anything else (help, version, an {@code
 * --option=value}, an argument file, a repeated, unknown or missing option) goes through picocli
 * unchanged, so every message about the command line is still picocli's. The output, the exit code
 * and the handling of a failure are those of the picocli path ({@code QuickCommandsTest} compares
 * the two).
 */
final class QuickCommands {
  private QuickCommands() {}

  /** Returned by {@link #run} when the arguments are left to picocli. */
  static final int NOT_HANDLED = -1;

  /**
   * Runs the command if its arguments are of the form handled here.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code, or {@link #NOT_HANDLED}
   */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length < 3 || !args[0].equals("params")) {
      return NOT_HANDLED;
    }
    String model = null;
    boolean json = false;
    boolean assumeLlama = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> {
          if (model != null || i + 1 >= args.length || !plainValue(args[i + 1])) {
            return NOT_HANDLED;
          }
          model = args[++i];
        }
        case "--json" -> {
          if (json) {
            return NOT_HANDLED;
          }
          json = true;
        }
        case "--assume-llama" -> {
          if (assumeLlama) {
            return NOT_HANDLED;
          }
          assumeLlama = true;
        }
        default -> {
          return NOT_HANDLED;
        }
      }
    }
    if (model == null) {
      return NOT_HANDLED;
    }
    try {
      return ParamsCommand.run(model, json, assumeLlama, out);
    } catch (Exception ex) {
      return Main.failed(ex, json, out, err);
    }
  }

  /** A value picocli takes as it is: not empty, not an option-like word, not an argument file. */
  private static boolean plainValue(String v) {
    return !v.isEmpty() && v.charAt(0) != '-' && v.charAt(0) != '@';
  }
}
