/**
 * llmcost tokenizers: exact token ids and counts for OpenAI encodings and HuggingFace files.
 *
 * <p>Main entry points:
 *
 * <ul>
 *   <li>{@link dev.llmcost.tokenizers.TokenizerRegistry#standard()}: {@code resolve("gpt-4o")},
 *       {@code find(id)}, {@code preload(ids...)}, {@code withFile("llama-3", path)} give a
 *       thread-safe {@link dev.llmcost.tokenizers.Tokenizer};
 *   <li>{@link dev.llmcost.tokenizers.openai.OpenAiEncoding} (r50k to o200k_harmony, the rank files
 *       carried in this module) and {@link dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer}
 *       ({@code load(path)}, {@code fromResource(anchor, name)} for a file in a named module);
 *   <li>{@link dev.llmcost.tokenizers.TokenizerComparison}, {@link
 *       dev.llmcost.tokenizers.CorpusReport}, {@link dev.llmcost.tokenizers.ChatOverhead};
 *   <li>{@link dev.llmcost.tokenizers.training.BpeTrainer} learns a vocabulary;
 *   <li>{@link dev.llmcost.tokenizers.TokenizerFactory} adds tokenizer families (a {@link
 *       java.util.ServiceLoader} service, as {@code dev.llmcost.tokenizers.vocab} provides).
 * </ul>
 */
module dev.llmcost.tokenizers {
  requires transitive dev.llmcost.core;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;

  exports dev.llmcost.tokenizers;
  exports dev.llmcost.tokenizers.openai;
  exports dev.llmcost.tokenizers.huggingface;
  exports dev.llmcost.tokenizers.training;
  exports dev.llmcost.tokenizers.dataset;
  exports dev.llmcost.tokenizers.gguf;

  uses dev.llmcost.tokenizers.TokenizerFactory;
}
