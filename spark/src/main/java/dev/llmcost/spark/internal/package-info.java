/** Internals of llmcost-spark: the per-JVM tokenizer cache and the partition functions. */
@NullMarked
package dev.llmcost.spark.internal;

import org.jspecify.annotations.NullMarked;
