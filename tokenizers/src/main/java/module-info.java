/** llmcost tokenizers: exact token ids and counts for OpenAI encodings and HuggingFace files. */
// jtokkit ships without a module descriptor: it is required by its automatic module name
@SuppressWarnings({"requires-automatic", "module"})
module dev.llmcost.tokenizers {
  requires transitive dev.llmcost.core;
  requires static transitive org.jspecify;
  requires jtokkit;
  requires com.fasterxml.jackson.databind;

  exports dev.llmcost.tokenizers;
  exports dev.llmcost.tokenizers.openai;
  exports dev.llmcost.tokenizers.huggingface;
  exports dev.llmcost.tokenizers.training;
  exports dev.llmcost.tokenizers.gguf;

  uses dev.llmcost.tokenizers.TokenizerFactory;
}
