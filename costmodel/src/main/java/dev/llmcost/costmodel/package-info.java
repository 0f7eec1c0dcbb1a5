/** Cost models for training and inference, API pricing, the parallelism planner and capacity. */
@NullMarked
package dev.llmcost.costmodel;

import org.jspecify.annotations.NullMarked;
