/**
 * A read-only Parquet reader for one top-level string column, written from the format
 * specification (no Hadoop): what {@code DatasetCounter} reads Parquet datasets with. Not exported.
 */
@NullMarked
package dev.llmcost.tokenizers.internal.parquet;

import org.jspecify.annotations.NullMarked;
