/**
 * llmcost core: exact quantities (tokens, parameters, bytes, FLOPs, money), data types, model
 * architectures with exact parameter counts, accelerator datasheets, and the bundled catalogs.
 */
// The qualified export names modules compiled after this one; javac warns that it cannot see them.
@SuppressWarnings("module")
module dev.llmcost.core {
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;

  exports dev.llmcost.core;
  exports dev.llmcost.core.model;
  exports dev.llmcost.core.hardware;
  exports dev.llmcost.core.gguf;
  exports dev.llmcost.core.local;
  exports dev.llmcost.core.internal to
      dev.llmcost.tokenizers,
      dev.llmcost.costmodel;
}
