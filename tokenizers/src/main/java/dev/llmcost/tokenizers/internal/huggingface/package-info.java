/** Implementation of the HuggingFace {@code tokenizer.json} pipeline (not exported). */
@NullMarked
package dev.llmcost.tokenizers.internal.huggingface;

import org.jspecify.annotations.NullMarked;
