/**
 * Calibrated efficiency profiles: how much of an accelerator's datasheet peaks real kernels and
 * collectives reach. Shared by the training and inference cost models.
 */
@NullMarked
package dev.llmcost.costmodel.efficiency;

import org.jspecify.annotations.NullMarked;
