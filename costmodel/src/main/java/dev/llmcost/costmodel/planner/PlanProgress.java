package dev.llmcost.costmodel.planner;

/**
 * Receives the progress of a search, on the thread that called {@link TrainingPlanner#plan}, about every
 * 100 ms and once at the end (so searches shorter than that report once).
 */
@FunctionalInterface
public interface PlanProgress {
  /** Ignores progress. */
  PlanProgress NONE = (searched, total, feasible) -> {};

  /**
   * Reports progress.
   *
   * @param searched configurations searched so far (evaluated or pruned by a memory bound)
   * @param total configurations in the search
   * @param feasible configurations found so far that fit in memory
   */
  void update(long searched, long total, long feasible);
}
