/**
 * Token counts of whole datasets (plain text, JSONL, Parquet, gzip, zstd; a file, a directory or a glob)
 * under several tokenizers in one pass, on every core, in bounded memory: {@link
 * dev.llmcost.tokenizers.dataset.DatasetCounter} returns {@link
 * dev.llmcost.tokenizers.dataset.DatasetTokenStats}, per file and per language.
 */
@NullMarked
package dev.llmcost.tokenizers.dataset;

import org.jspecify.annotations.NullMarked;
