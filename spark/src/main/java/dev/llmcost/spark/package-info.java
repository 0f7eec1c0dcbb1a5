/**
 * llmcost on Apache Spark: the SQL functions {@code token_count} and {@code token_ids} ({@link
 * dev.llmcost.spark.LlmcostFunctions}), a dataset's token counts per tokenizer and per language
 * ({@link dev.llmcost.spark.SparkDatasetTokenStats}) and training and inference scenario sweeps
 * ({@link dev.llmcost.spark.ScenarioSweep}).
 */
@NullMarked
package dev.llmcost.spark;

import org.jspecify.annotations.NullMarked;
