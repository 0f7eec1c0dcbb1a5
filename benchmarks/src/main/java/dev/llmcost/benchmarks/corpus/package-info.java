/** The real-text corpora of the tokenizer benchmarks: how they are built and loaded. */
@NullMarked
package dev.llmcost.benchmarks.corpus;

import org.jspecify.annotations.NullMarked;
