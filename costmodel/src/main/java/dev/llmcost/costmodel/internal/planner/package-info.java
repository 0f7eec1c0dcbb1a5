/**
 * Implementation of the parallelism planner: the enumeration of valid configurations in
 * partitions, the allocation-free search loop with its memory-bound pruning, the bounded top-k and
 * the work split over threads.
 */
@NullMarked
package dev.llmcost.costmodel.internal.planner;

import org.jspecify.annotations.NullMarked;
