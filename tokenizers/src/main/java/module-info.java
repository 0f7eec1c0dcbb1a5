/** llmcost tokenizers: exact token ids and counts for OpenAI encodings and HuggingFace files. */
module dev.llmcost.tokenizers {
  requires transitive dev.llmcost.core;
  requires static transitive org.jspecify;

  exports dev.llmcost.tokenizers;
}
