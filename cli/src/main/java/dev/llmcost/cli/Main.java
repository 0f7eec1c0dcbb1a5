package dev.llmcost.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code llmcost} command line.
 *
 * <p>Exit codes: 0 on success, 2 for bad input (unknown id, malformed file, impossible
 * configuration, bad option), 1 for an internal error. Bad input prints one line on stderr; with
 * {@code --json} it also prints {@code {"error": "..."}} on stdout.
 */
@Command(
    name = "llmcost",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Parameters, tokens, training and inference cost of large language models.")
public final class Main implements Runnable {

  /**
   * The subcommands, in the order help lists them. They are registered in {@link #commandLine}
   * rather than in the annotation so that a run that names one builds only that one: picocli
   * reflects over every option of every registered command (and loads the types they mention),
   * which was most of the start-up time of a one-line command.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          TourCommand.class,
          ParamsCommand.class,
          TokensCommand.class,
          BillCommand.class,
          CatalogCommand.class,
          TrainCommand.class,
          PlanCommand.class,
          FinetuneCommand.class,
          InferCommand.class,
          LocalCommand.class,
          CapacityCommand.class,
          SimulateCommand.class,
          RegionsCommand.class,
          CalibrateCommand.class,
          CommandLine.HelpCommand.class);

  /** Exit code for bad input. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line with the given streams and returns the exit code (for tests).
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, true);
  }

  /**
   * Runs the command line; {@code quick} lets {@link QuickCommands} answer the plainest forms of
   * the short commands without building picocli's model (false: always through picocli, for the
   * test that compares the two).
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, boolean quick) {
    if (quick) {
      int code = QuickCommands.run(args, out, err);
      if (code != QuickCommands.NOT_HANDLED) {
        out.flush();
        err.flush();
        return code;
      }
    }
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          boolean json = hasJsonFlag(a);
          return badInput(ex.getMessage() + didYouMean(ex.getCommandLine(), a), json, out, err);
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          boolean json = hasJsonFlag(parseResult.originalArgs().toArray(String[]::new));
          return failed(ex, json, out, err);
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Returns the command line for {@code args}: with only the named subcommand when the first
   * argument names one (its options, help and errors are its own), with all of them otherwise (help,
   * version, a misspelled command).
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cl = new CommandLine(new Main());
    String first = args.length == 0 ? "" : args[0];
    Class<?> named = null;
    for (Class<?> c : SUBCOMMANDS) {
      if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first)) {
        named = c;
      }
    }
    for (Class<?> c : named == null ? SUBCOMMANDS : List.of(named)) {
      cl.addSubcommand(c);
    }
    return cl;
  }

  /**
   * Reports an exception a command threw and returns the exit code: bad input (2, one line) for
   * an {@link IllegalArgumentException}, {@link UncheckedIOException} or {@link ArithmeticException},
   * otherwise an internal error (1).
   */
  static int failed(Exception ex, boolean json, PrintWriter out, PrintWriter err) {
    if (ex instanceof UncheckedIOException io) {
      return badInput(ioMessage(io), json, out, err);
    }
    if (ex instanceof IllegalArgumentException || ex instanceof ArithmeticException) {
      return badInput(ex.getMessage(), json, out, err);
    }
    String msg = "internal error: " + ex;
    err.println("llmcost: " + msg);
    if (json) {
      out.println(JsonOutput.error(msg));
    }
    return 1;
  }

  /**
   * The message of a file that could not be read or written, with the reason: a missing file's
   * {@link java.nio.file.NoSuchFileException} carries only the path ("cannot read runs file x.csv:
   * x.csv"), so the reason is said in words ("cannot read runs file x.csv: no such file or
   * directory").
   */
  static @Nullable String ioMessage(UncheckedIOException ex) {
    String message = ex.getMessage();
    java.io.IOException cause = ex.getCause();
    String why = cause instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
        : cause instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : cause instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
        : null;
    if (message == null || why == null) {
      return message;
    }
    String detail = cause.getMessage();
    if (detail != null && message.endsWith(": " + detail)) {
      message = message.substring(0, message.length() - detail.length() - 2);
    }
    return message.endsWith(why) ? message : message + ": " + why;
  }

  private static int badInput(@Nullable String message, boolean json, PrintWriter out,
      PrintWriter err) {
    String oneLine = message == null ? "bad input" : message.replace('\n', ' ').strip();
    err.println("llmcost: " + oneLine);
    if (json) {
      out.println(JsonOutput.error(oneLine));
    }
    return BAD_INPUT;
  }

  /**
   * Returns "; did you mean ...?" for the first argument that names no command (where a command is
   * expected) or no option of the command that failed, or "" when there is none or nothing close.
   */
  static String didYouMean(CommandLine failed, String[] args) {
    CommandLine.Model.CommandSpec spec = failed.getCommandSpec();
    java.util.List<String> commands = new java.util.ArrayList<>(spec.subcommands().keySet());
    if (!commands.isEmpty()) {
      // the first argument after the failed command's own name is where a command is expected
      int at = 0;
      for (CommandLine c = failed; c.getParent() != null; c = c.getParent()) {
        at++;
      }
      if (at < args.length && !args[at].startsWith("-") && !commands.contains(args[at])) {
        java.util.List<String> close = dev.llmcost.core.internal.Similarity.closeMatches(args[at], commands, 3);
        return close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?";
      }
    }
    java.util.List<String> options = new java.util.ArrayList<>();
    spec.options().forEach(o -> options.addAll(java.util.List.of(o.names())));
    for (String a : args) {
      if (!a.startsWith("--") || a.equals("--")) {
        continue;
      }
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (!options.contains(name)) {
        java.util.List<String> close = dev.llmcost.core.internal.Similarity.closeMatches(name, options, 3);
        if (!close.isEmpty()) {
          return "; unknown option " + name + ": did you mean " + String.join(", ", close) + "?";
        }
      }
    }
    return "";
  }

  private static boolean hasJsonFlag(String[] args) {
    for (String a : args) {
      if (a.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"llmcost " + (v == null ? "development build" : v)};
    }
  }
}
