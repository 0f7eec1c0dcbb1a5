/** JMH benchmarks of llmcost, each run side by side with the reference it is compared with. */
@NullMarked
package dev.llmcost.benchmarks;

import org.jspecify.annotations.NullMarked;
