package dev.llmcost.cli;

import picocli.CommandLine.Option;

/** The {@code --json} switch every command shares (a picocli mixin). */
public final class JsonOption {
  @Option(names = "--json", description = "Print one JSON object instead of a report.")
  boolean json;

  /** Returns whether JSON output was asked for. */
  public boolean enabled() {
    return json;
  }
}
