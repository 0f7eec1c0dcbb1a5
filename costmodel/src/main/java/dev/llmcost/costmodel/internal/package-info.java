/**
 * Numerical helpers shared by the cost models: a Levenberg–Marquardt least-squares fitter for the
 * efficiency calibration, and the expected reach of a token's routed experts over the ranks and nodes of an
 * expert-parallel group ({@link dev.llmcost.costmodel.internal.ExpertReach}). Not exported.
 */
@NullMarked
package dev.llmcost.costmodel.internal;

import org.jspecify.annotations.NullMarked;
