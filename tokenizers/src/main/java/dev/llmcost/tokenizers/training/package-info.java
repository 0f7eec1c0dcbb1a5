/**
 * Training of byte-pair-encoding vocabularies from a corpus, saved as HuggingFace {@code
 * tokenizer.json} files.
 */
@NullMarked
package dev.llmcost.tokenizers.training;

import org.jspecify.annotations.NullMarked;
