/**
 * A consumer of llmcost on the module path, as a backend application would be: it requires the
 * published modules by name, and the build runs it and links it with {@code jlink} (which refuses
 * automatic modules), so that a dependency without a module descriptor fails the build.
 */
module dev.llmcost.jpmstest {
  requires dev.llmcost.costmodel;
  requires dev.llmcost.tokenizers;

  // the tokenizer.json next to Vocab is read by llmcost (HuggingFaceTokenizer.fromResource)
  opens dev.llmcost.jpmstest.vocab to
      dev.llmcost.tokenizers;
}
