/**
 * The training cost model: FLOPs, memory per GPU, parallelism, communication, step time, MFU,
 * GPU-hours, dollars and energy of a training job, validated against published runs.
 *
 * <p>Start with {@link dev.llmcost.costmodel.training.TrainingJob#builder}, then {@code
 * TrainingCostModel.calibrated().estimate(job)} ({@link
 * dev.llmcost.costmodel.training.TrainingCostModel#estimate}). {@link
 * dev.llmcost.costmodel.training.TrainingFlops} and {@link
 * dev.llmcost.costmodel.training.ComputeOptimal} answer FLOP questions without a cluster.
 */
@NullMarked
package dev.llmcost.costmodel.training;

import org.jspecify.annotations.NullMarked;
