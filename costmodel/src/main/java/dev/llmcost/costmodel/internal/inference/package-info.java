/** Implementation of the inference cost model and capacity planner; not an API. */
@NullMarked
package dev.llmcost.costmodel.internal.inference;

import org.jspecify.annotations.NullMarked;
