package dev.llmcost.tokenizers.training;

import dev.llmcost.core.internal.Require;

/**
 * How far a training run has come.
 *
 * @param phase {@code "count"} while reading the corpus, {@code "merge"} while learning merges
 * @param done units done: bytes read, or merges learned
 * @param total units in all: corpus bytes, or merges wanted
 */
public record TrainingProgress(String phase, long done, long total) {
  /**
   * Validates the progress.
   *
   * @throws IllegalArgumentException if a count is negative or the phase is blank
   */
  public TrainingProgress {
    Require.nonBlank("phase", phase);
    Require.nonNegative("done", done);
    Require.nonNegative("total", total);
  }

  /** Returns the fraction done, in [0, 1]. */
  public double fraction() {
    return total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
  }
}
