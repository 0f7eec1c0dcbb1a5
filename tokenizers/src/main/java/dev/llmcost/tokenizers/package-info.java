/** Tokenizers: the {@code Tokenizer} API, OpenAI encodings, HuggingFace files and comparison. */
@NullMarked
package dev.llmcost.tokenizers;

import org.jspecify.annotations.NullMarked;
