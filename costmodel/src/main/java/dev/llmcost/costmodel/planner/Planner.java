package dev.llmcost.costmodel.planner;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The former entry point of the training planner, kept so that code written against it compiles
 * until 1.0.
 *
 * @deprecated use {@link TrainingPlanner#calibrated()}, the same object pattern as the other
 *     estimators ({@code TrainingCostModel}, {@code InferenceCostModel}, {@code CapacityPlanner})
 */
@Deprecated(since = "0.9", forRemoval = true)
public final class Planner {
  private Planner() {}

  /**
   * Plans without progress reports or cancellation.
   *
   * @param request the request
   * @return the plan
   * @throws IllegalArgumentException if no configuration of the space is valid
   * @throws CancellationException if the calling thread is interrupted
   * @deprecated use {@code TrainingPlanner.calibrated().plan(request)}
   */
  @Deprecated(since = "0.9", forRemoval = true)
  public static Plan plan(PlanRequest request) {
    return TrainingPlanner.calibrated().plan(request);
  }

  /**
   * Plans, reporting progress and polling for cancellation.
   *
   * @param request the request
   * @param progress receives progress
   * @param cancelled returns true to stop the search
   * @return the plan
   * @throws IllegalArgumentException if no configuration of the space is valid
   * @throws CancellationException if {@code cancelled} returned true or the thread was interrupted
   * @deprecated use {@code TrainingPlanner.calibrated().plan(request, progress, cancelled)}
   */
  @Deprecated(since = "0.9", forRemoval = true)
  public static Plan plan(PlanRequest request, PlanProgress progress, BooleanSupplier cancelled) {
    return TrainingPlanner.calibrated().plan(request, progress, cancelled);
  }
}
