/** Component efficiencies derived from published microbenchmarks (not exported). */
@NullMarked
package dev.llmcost.costmodel.internal.efficiency;

import org.jspecify.annotations.NullMarked;
