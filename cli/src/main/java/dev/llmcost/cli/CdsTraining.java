package dev.llmcost.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Arrays;

/**
 * Runs the short commands once each, output discarded, so that the build can list the classes
 * they load ({@code -XX:DumpLoadedClassList}) and dump them into the class-data-sharing archive
 * the {@code llmcost} launcher maps ({@code cli/pom.xml}, README "Start-up"). Not a command.
 */
public final class CdsTraining {

  private CdsTraining() {}

  static final String[][] RUNS = {
    {"params", "--model", "llama-3.1-8b"},
    {"params", "--model", "llama-3.1-8b", "--json"},
    {"bill", "--model", "gpt-4o", "--input", "500", "--output", "1000"},
    {"bill", "--model", "gpt-4o", "--input", "500", "--output", "1000", "--json"},
    {"infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--batch", "32"},
    {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "100"},
    {"catalog", "models"},
    {"params", "--model", "no-such-model"},
  };

  /**
   * Runs {@link #RUNS}.
   *
   * @param args ignored
   * @throws IllegalStateException if a run exits otherwise than expected (0, or 2 for the last)
   */
  public static void main(String[] args) {
    for (int i = 0; i < RUNS.length; i++) {
      PrintWriter none = new PrintWriter(Writer.nullWriter());
      int code = Main.run(RUNS[i], none, none);
      int expected = i == RUNS.length - 1 ? Main.BAD_INPUT : 0;
      if (code != expected) {
        throw new IllegalStateException("llmcost " + String.join(" ", Arrays.asList(RUNS[i])) + " exited with "
            + code + ", expected " + expected);
      }
    }
  }
}
