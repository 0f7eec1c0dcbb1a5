/**
 * The parallelism planner: an exhaustive search of the training configurations of a model on a
 * cluster (data, tensor, pipeline, context and expert parallelism, micro-batch, pipeline schedule,
 * ZeRO stage, recomputation, sequence parallelism), each evaluated with the training cost model,
 * keeping the best few by time, cost or MFU and the Pareto front of time against GPUs and cost.
 *
 * <p>Start with {@link dev.llmcost.costmodel.planner.PlanRequest#builder}, then {@code
 * TrainingPlanner.calibrated().plan(request)} ({@link
 * dev.llmcost.costmodel.planner.TrainingPlanner#plan(PlanRequest)}).
 */
@NullMarked
package dev.llmcost.costmodel.planner;

import org.jspecify.annotations.NullMarked;
