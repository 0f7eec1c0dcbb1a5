/**
 * Implementation of the training cost model: per-model constants, the allocation-free evaluator
 * that every public estimate (and the planner) goes through, and the efficiency calibration.
 */
@NullMarked
package dev.llmcost.costmodel.internal.training;

import org.jspecify.annotations.NullMarked;
