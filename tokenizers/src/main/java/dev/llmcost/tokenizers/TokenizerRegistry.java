package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Similarity;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import dev.llmcost.tokenizers.openai.OpenAiModels;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds a tokenizer by model id, tokenizer id or path to a tokenizer file.
 *
 * <p>The {@link #standard() standard} registry knows the OpenAI encodings by name ({@code
 * o200k_base}, {@code cl100k_base}, {@code p50k_base}, {@code p50k_edit}, {@code r50k_base},
 * {@code gpt2}), every OpenAI model name tiktoken resolves ({@code gpt-4o}, {@code
 * gpt-4o-2024-08-06}, {@code o3-mini}, {@code gpt-5}, {@code text-davinci-003}, ... see {@link
 * OpenAiModels}), and {@code character}. Other families join through {@link TokenizerFactory}:
 * added with {@link #with}, or provided as a {@link ServiceLoader} service, and asked before the
 * built-in ones. Immutable and thread-safe.
 */
public final class TokenizerRegistry {

  private static final TokenizerFactory BUILT_IN = new BuiltIn();

  private final List<TokenizerFactory> factories;

  private TokenizerRegistry(List<TokenizerFactory> factories) {
    this.factories = List.copyOf(factories);
  }

  /**
   * Returns the built-in tokenizers plus the factories found by {@link ServiceLoader} (looked up
   * once; the tokenizers themselves load on first use).
   *
   * @return the registry
   */
  public static TokenizerRegistry standard() {
    return Standard.INSTANCE;
  }

  /** The standard registry, built on first use. */
  private static final class Standard {
    static final TokenizerRegistry INSTANCE = build();

    private static TokenizerRegistry build() {
      List<TokenizerFactory> all = new ArrayList<>();
      ServiceLoader.load(TokenizerFactory.class, TokenizerRegistry.class.getClassLoader()).forEach(all::add);
      all.add(BUILT_IN);
      return new TokenizerRegistry(all);
    }
  }

  /**
   * Returns a registry that asks {@code factory} first, then this one's factories.
   *
   * @param factory the factory to add
   * @return the new registry
   */
  public TokenizerRegistry with(TokenizerFactory factory) {
    List<TokenizerFactory> all = new ArrayList<>();
    all.add(factory);
    all.addAll(factories);
    return new TokenizerRegistry(all);
  }

  /**
   * Finds a tokenizer.
   *
   * @param idOrPath a model id, tokenizer id or path to a tokenizer file
   * @return the tokenizer, or empty
   * @throws IllegalArgumentException if a factory owns the id or file but cannot load it
   */
  public Optional<Tokenizer> find(String idOrPath) {
    for (TokenizerFactory f : factories) {
      Optional<Tokenizer> t = f.find(idOrPath);
      if (t.isPresent()) {
        return t;
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the tokenizer for a model id, tokenizer id or path.
   *
   * @param idOrPath such as {@code gpt-4o}, {@code cl100k_base}, {@code character} or a path to a
   *     {@code tokenizer.json}
   * @return the tokenizer
   * @throws IllegalArgumentException if nothing knows the id, naming the closest known ids, or if
   *     a file is missing or no factory reads it
   */
  public Tokenizer resolve(String idOrPath) {
    Optional<Tokenizer> found = find(idOrPath);
    if (found.isPresent()) {
      return found.get();
    }
    if (looksLikePath(idOrPath)) {
      Path p;
      try {
        p = Path.of(idOrPath);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("tokenizer path is not valid: " + idOrPath, e);
      }
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("tokenizer file not found: " + idOrPath);
      }
      throw new IllegalArgumentException("no tokenizer factory reads " + idOrPath
          + " (tokenizer.json files need the HuggingFace tokenizer factory)");
    }
    throw new IllegalArgumentException(Similarity.unknownMessage("tokenizer", idOrPath.trim(), knownIds()));
  }

  /** Returns every id the registry knows by name (not the prefix matches such as dated models). */
  public List<String> knownIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (TokenizerFactory f : factories) {
      ids.addAll(f.knownIds());
    }
    return List.copyOf(ids);
  }

  /**
   * Returns the chat format overhead of a chat model, for counting a conversation.
   *
   * @param model a model id
   * @return the overhead, or empty if the model has no known chat format
   */
  public Optional<ChatOverhead> chatOverhead(String model) {
    return OpenAiModels.chatOverhead(model);
  }

  private static boolean looksLikePath(String s) {
    return s.contains("/") || s.contains("\\") || s.endsWith(".json");
  }

  /** The OpenAI encodings and models, and the character tokenizer. */
  private static final class BuiltIn implements TokenizerFactory {
    @Override
    public Optional<Tokenizer> find(String idOrPath) {
      if (idOrPath.trim().equalsIgnoreCase(CharacterTokenizer.ID)) {
        return Optional.of(CharacterTokenizer.instance());
      }
      Optional<OpenAiEncoding> e = OpenAiEncoding.byId(idOrPath);
      if (e.isEmpty()) {
        e = OpenAiModels.encodingFor(idOrPath);
      }
      return e.map(OpenAiEncoding::tokenizer);
    }

    @Override
    public List<String> knownIds() {
      List<String> ids = new ArrayList<>();
      for (OpenAiEncoding e : OpenAiEncoding.values()) {
        ids.add(e.id());
      }
      ids.add(CharacterTokenizer.ID);
      ids.addAll(OpenAiModels.knownModels());
      return ids;
    }
  }
}
