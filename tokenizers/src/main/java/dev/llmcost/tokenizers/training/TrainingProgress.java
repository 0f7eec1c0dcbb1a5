package dev.llmcost.tokenizers.training;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How far a training run has come.
 */
public final class TrainingProgress {
  private final String phase;
  private final long done;
  private final long total;

  /**
   * Validates the progress.
   *
   * @throws IllegalArgumentException if a count is negative or the phase is blank
   */
  TrainingProgress(String phase, long done, long total) {
    Require.nonBlank("phase", phase);
    Require.nonNegative("done", done);
    Require.nonNegative("total", total);
    this.phase = phase;
    this.done = done;
    this.total = total;
  }

  /** Returns the fraction done, in [0, 1]. */
  public double fraction() {
    return total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
  }

  /** Returns {@code "count"} while reading the corpus, {@code "merge"} while learning merges. */
  public String phase() {
    return phase;
  }

  /** Returns the units done: bytes read, or merges learned. */
  public long done() {
    return done;
  }

  /** Returns the units in all: corpus bytes, or merges wanted. */
  public long total() {
    return total;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof TrainingProgress o
          && Objects.equals(phase, o.phase)
          && done == o.done
          && total == o.total;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(phase);
    h = 31 * h + Long.hashCode(done);
    h = 31 * h + Long.hashCode(total);
    return h;
  }

  @Override
  public String toString() {
    return "TrainingProgress[phase=" + phase + ", done=" + done + ", total=" + total + "]";
  }
}
