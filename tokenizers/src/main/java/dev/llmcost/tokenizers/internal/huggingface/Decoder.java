package dev.llmcost.tokenizers.internal.huggingface;

import java.util.List;

/** Turns token strings back into text (a {@code tokenizer.json} {@code decoder}). */
@FunctionalInterface
interface Decoder {
  List<String> decodeChain(List<String> tokens);
}
