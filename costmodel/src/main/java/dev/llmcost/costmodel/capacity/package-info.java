/**
 * Steady-state capacity planning: the GPUs, tensor-parallel degree, replicas and batch that serve a
 * request rate within TTFT and TPOT objectives at the lowest cost. Start with {@link
 * dev.llmcost.costmodel.capacity.CapacityPlanner#calibrated()}.
 */
@NullMarked
package dev.llmcost.costmodel.capacity;

import org.jspecify.annotations.NullMarked;
