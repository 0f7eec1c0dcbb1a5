package dev.llmcost.costmodel.training;

/**
 * The training cost model: turns a {@link TrainingJob} into a {@link TrainingEstimate} (FLOPs,
 * memory per GPU, step time, throughput, MFU/HFU, wall clock, GPU-hours, cost and energy).
 *
 * <p>The same pattern as the other estimators: {@code TrainingCostModel.calibrated().estimate(job)},
 * {@code InferenceCostModel.calibrated().estimate(scenario)}, {@code
 * TrainingPlanner.calibrated().plan(request)}, {@code CapacityPlanner.calibrated().plan(request)}.
 * The efficiency profile that says how much of the datasheet the kernels reach is the one of the
 * job's {@link Cluster} (the bundled, calibrated profile of its accelerator unless {@link
 * Cluster#withProfile} gave another, such as a {@link FittedProfile}).
 *
 * <p>Immutable and thread-safe; an estimate is a pure function of the job. The planner uses the
 * same allocation-free evaluator, so an estimate and a planner's figure for the same configuration
 * are the same number.
 */
public final class TrainingCostModel {
  private static final TrainingCostModel CALIBRATED = new TrainingCostModel();

  private TrainingCostModel() {}

  /**
   * Returns the model with the calibrated efficiency profiles (each job's cluster carries its
   * own).
   *
   * @return the model
   */
  public static TrainingCostModel calibrated() {
    return CALIBRATED;
  }

  /**
   * Estimates a training job.
   *
   * @param job the job
   * @return the estimate
   * @throws IllegalArgumentException if the model is not a decoder-only transformer
   */
  public TrainingEstimate estimate(TrainingJob job) {
    return TrainingEstimate.compute(job);
  }

  @Override
  public String toString() {
    return "TrainingCostModel[calibrated]";
  }
}
