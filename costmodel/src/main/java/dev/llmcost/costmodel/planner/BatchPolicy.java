package dev.llmcost.costmodel.planner;

import java.util.Locale;

/**
 * How the planner treats the requested global batch when a configuration's data-parallel degree
 * (times its micro-batch, where the micro-batches searched are given explicitly) does not divide
 * it.
 */
public enum BatchPolicy {
  /** The global batch is fixed: configurations whose dp × micro-batch does not divide it are invalid. */
  EXACT,
  /**
   * The global batch is a ceiling: each configuration takes the largest multiple of its dp (dp ×
   * micro-batch when micro-batches are given) that does not exceed it, as Calculon's search does
   * with its maximum batch size; a dp above the ceiling is invalid.
   */
  AT_MOST,
  /**
   * The global batch is a floor: each configuration takes the smallest multiple of its dp (dp ×
   * micro-batch when micro-batches are given) that reaches it, as {@code TrainingJob.Builder} does
   * when no batch is set.
   */
  AT_LEAST;

  /**
   * Parses {@code exact}, {@code at-most} or {@code at-least} (any case, {@code _} for {@code -}).
   *
   * @param name the name
   * @return the policy
   * @throws IllegalArgumentException if the name is none of these
   */
  public static BatchPolicy parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (BatchPolicy p : values()) {
      if (p.id().equals(key)) {
        return p;
      }
    }
    throw new IllegalArgumentException("batch policy must be exact, at-most or at-least, was \"" + name + "\"");
  }

  /** Returns the lower-case name with hyphens: {@code exact}, {@code at-most}, {@code at-least}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Returns the global batch of a configuration whose batch must be a multiple of {@code unit}, or
   * 0 if it has none under this policy.
   *
   * @param target the requested global batch, sequences
   * @param unit dp, or dp × micro-batch
   * @return the global batch in sequences, or 0
   */
  public long batchFor(long target, long unit) {
    return switch (this) {
      case EXACT -> target % unit == 0 ? target : 0;
      case AT_MOST -> target / unit * unit;
      case AT_LEAST -> (target + unit - 1) / unit * unit;
    };
  }
}
