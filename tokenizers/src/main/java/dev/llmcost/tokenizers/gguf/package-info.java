/**
 * Tokenizers embedded in GGUF files ({@code tokenizer.ggml.*}), loaded with the ids llama.cpp
 * gives: {@link dev.llmcost.tokenizers.gguf.GgufTokenizers}.
 */
@NullMarked
package dev.llmcost.tokenizers.gguf;

import org.jspecify.annotations.NullMarked;
