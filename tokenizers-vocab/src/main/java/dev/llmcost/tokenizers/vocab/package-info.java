/**
 * The bundled tokenizer vocabularies: {@link dev.llmcost.tokenizers.vocab.BundledTokenizers}
 * serves them to the tokenizer registry and lists them, each with its source and licence, as
 * {@link dev.llmcost.tokenizers.vocab.BundledVocabulary} values.
 */
@NullMarked
package dev.llmcost.tokenizers.vocab;

import org.jspecify.annotations.NullMarked;
