package dev.llmcost.costmodel.planner;

import java.util.Locale;

/**
 * What the planner ranks configurations by, among those that fit.
 *
 * <p>At one GPU count the three agree (wall clock, GPU-hours and MFU are all set by the tokens per
 * second per GPU); they differ when the search spans GPU counts: more GPUs finish sooner, fewer
 * usually waste less. At a fixed price per GPU-hour, cost and MFU rank alike.
 */
public enum Objective {
  /** Shortest wall clock for the training tokens (at a fixed global batch: shortest step). */
  TIME,
  /** Fewest GPU-hours for the training tokens, hence the lowest bill at a fixed hourly price. */
  COST,
  /** Highest model FLOPs utilisation. */
  MFU;

  /**
   * Parses {@code time}, {@code cost} or {@code mfu} (any case).
   *
   * @param name the name
   * @return the objective
   * @throws IllegalArgumentException if the name is none of these
   */
  public static Objective parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (Objective o : values()) {
      if (o.id().equals(key)) {
        return o;
      }
    }
    throw new IllegalArgumentException("objective must be time, cost or mfu, was \"" + name + "\"");
  }

  /** Returns the lower-case name: {@code time}, {@code cost} or {@code mfu}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
