package dev.llmcost.tokenizers.internal.huggingface;

/** Rewrites text before pre-tokenization (a {@code tokenizer.json} {@code normalizer}). */
@FunctionalInterface
interface Normalizer {
  String normalize(String text);
}
