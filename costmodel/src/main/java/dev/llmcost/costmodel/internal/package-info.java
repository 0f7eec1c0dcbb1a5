/**
 * Numerical helpers shared by the cost models: a Levenberg–Marquardt least-squares fitter for the
 * efficiency calibration. Not exported.
 */
@NullMarked
package dev.llmcost.costmodel.internal;

import org.jspecify.annotations.NullMarked;
