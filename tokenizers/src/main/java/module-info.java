/** llmcost tokenizers: exact token ids and counts for OpenAI encodings and HuggingFace files. */
module dev.llmcost.tokenizers {
  requires transitive dev.llmcost.core;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;

  exports dev.llmcost.tokenizers;
  exports dev.llmcost.tokenizers.openai;
  exports dev.llmcost.tokenizers.huggingface;
  exports dev.llmcost.tokenizers.training;

  uses dev.llmcost.tokenizers.TokenizerFactory;
}
