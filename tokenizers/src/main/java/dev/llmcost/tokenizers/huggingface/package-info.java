/**
 * HuggingFace {@code tokenizer.json} files in pure Java: {@link
 * dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer} loads one from a path, a stream or a
 * class-path resource and encodes with the ids of the HuggingFace {@code tokenizers} library.
 */
@NullMarked
package dev.llmcost.tokenizers.huggingface;

import org.jspecify.annotations.NullMarked;
