/**
 * llmcost's optional bundle of tokenizer vocabularies whose licences allow redistribution (Qwen2.5,
 * Mistral 7B v0.1, BERT uncased, BERT Chinese): on the class or module path, {@link
 * dev.llmcost.tokenizers.TokenizerRegistry#standard()} finds them by id.
 */
module dev.llmcost.tokenizers.vocab {
  requires transitive dev.llmcost.tokenizers;

  exports dev.llmcost.tokenizers.vocab;

  provides dev.llmcost.tokenizers.TokenizerFactory with
      dev.llmcost.tokenizers.vocab.BundledTokenizers;
}
