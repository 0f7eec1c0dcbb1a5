/**
 * The {@code llmcost} command line: one subcommand per file, each printing a human report or, with
 * {@code --json}, one JSON object whose keys follow the contract in DESIGN.md.
 */
@NullMarked
package dev.llmcost.cli;

import org.jspecify.annotations.NullMarked;
