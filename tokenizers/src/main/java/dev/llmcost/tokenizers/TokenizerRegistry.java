package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Similarity;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;
import dev.llmcost.tokenizers.internal.FileCache;
import dev.llmcost.tokenizers.internal.ModelTokenizers;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import dev.llmcost.tokenizers.openai.OpenAiModels;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds a tokenizer by model id, tokenizer id or path to a tokenizer file.
 *
 * <p>The {@link #standard() standard} registry knows:
 *
 * <ul>
 *   <li>the OpenAI encodings by name ({@code o200k_base}, {@code o200k_harmony}, {@code
 *       cl100k_base}, {@code p50k_base}, {@code p50k_edit}, {@code r50k_base}, {@code gpt2}) and
 *       every OpenAI model name tiktoken resolves ({@code gpt-4o}, {@code gpt-4o-2024-08-06},
 *       {@code o3-mini}, {@code gpt-5}, {@code gpt-5.1}, {@code gpt-oss-120b}, {@code
 *       text-davinci-003}, ... see {@link OpenAiModels});
 *   <li>{@code character}, one token per code point;
 *   <li>the path of a HuggingFace {@code tokenizer.json} (or {@code .json.gz}, or of a directory
 *       holding a {@code tokenizer.json}), read by {@link HuggingFaceTokenizer}, or of a {@code .gguf}
 *       file whose embedded tokenizer {@link dev.llmcost.tokenizers.gguf.GgufTokenizers} reads;
 *   <li>with the optional artifact {@code dev.llmcost:llmcost-tokenizers-vocab} on the class or
 *       module path, the vocabularies it bundles: {@code qwen2.5}, {@code mistral-7b-v0.1} ({@code
 *       mistral-7b}), {@code bert-base-uncased} and {@code bert-base-chinese}; without it these ids
 *       fail with a message that names the artifact;
 *   <li>{@code llama-3} and {@code gemma}, whose licences do not let llmcost redistribute their
 *       files, from the user's own {@code tokenizer.json}: given with {@link #withFile}, or named by
 *       the system property {@code llmcost.tokenizer.llama-3} (or {@code llmcost.tokenizer.gemma})
 *       or the environment variable {@code LLMCOST_TOKENIZER_LLAMA_3} ({@code
 *       LLMCOST_TOKENIZER_GEMMA}); without one they fail with a message saying how to give it;
 *   <li>the models of core's {@link dev.llmcost.core.model.ModelCatalog} whose tokenizer is one of
 *       the above ({@code qwen2.5-7b}, {@code mistral-7b-v0.1}, {@code bert-large-uncased}, {@code
 *       llama-3.1-8b}, {@code gpt2-xl}, ...).
 * </ul>
 *
 * <p>Other families join through {@link TokenizerFactory}: added with {@link #with}, or provided
 * as a {@link ServiceLoader} service, and asked before the built-in ones. Immutable and
 * thread-safe.
 */
public final class TokenizerRegistry {

  /**
   * The Maven coordinates of the optional artifact that bundles the {@code qwen2.5}, {@code
   * mistral-7b-v0.1}, {@code bert-base-uncased} and {@code bert-base-chinese} vocabularies (use the
   * version of llmcost-tokenizers, or import the BOM {@code dev.llmcost:llmcost-bom}).
   */
  public static final String VOCABULARY_ARTIFACT = "dev.llmcost:llmcost-tokenizers-vocab";

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
   * Returns a registry in which {@code id} is the HuggingFace {@code tokenizer.json} at {@code
   * file} (loaded on first use): how to use a tokenizer llmcost cannot bundle, such as {@code
   * llama-3}, which the catalog's Llama 3 models ({@code llama-3.1-8b}, ...) then resolve to.
   *
   * @param id the id, such as {@code llama-3} or {@code gemma}
   * @param file the {@code tokenizer.json} (or {@code .json.gz})
   * @return the new registry
   * @throws IllegalArgumentException if the id is blank
   */
  public TokenizerRegistry withFile(String id, Path file) {
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank, was \"" + id + "\"");
    }
    String trimmed = id.trim();
    return with(TokenizerFactory.of(trimmed, () -> BuiltIn.FILES.get(file, trimmed)));
  }

  /**
   * Finds a tokenizer that is available now, loading it if this is the first request for it.
   *
   * <p>Never throws for an id or file that cannot be served: an unknown id, a bundled vocabulary
   * whose artifact is not on the class or module path, a Llama 3 or Gemma model without the user's
   * file, a missing or malformed file all give empty; {@link #resolve} says why.
   *
   * @param idOrPath a model id, tokenizer id or path to a tokenizer file
   * @return the tokenizer, or empty
   */
  public Optional<Tokenizer> find(String idOrPath) {
    try {
      return lookup(idOrPath);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /**
   * Finds a tokenizer, throwing where a factory owns the id or file but cannot serve it.
   *
   * @throws IllegalArgumentException naming why the tokenizer cannot be served
   */
  private Optional<Tokenizer> lookup(String idOrPath) {
    Optional<Tokenizer> t = findDirect(idOrPath);
    if (t.isPresent()) {
      return t;
    }
    Optional<ModelTokenizers.Mapping> model = ModelTokenizers.tokenizerFor(idOrPath);
    if (model.isEmpty()) {
      return Optional.empty();
    }
    try {
      return findDirect(model.get().tokenizer());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "model " + model.get().model() + " uses the " + model.get().tokenizer() + " tokenizer: " + e.getMessage(), e);
    }
  }

  private Optional<Tokenizer> findDirect(String idOrPath) {
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
   * <p>Each tokenizer is loaded once and shared (OpenAI encodings take about 0.1 to 0.5 s, a large
   * {@code tokenizer.json} up to a second): loads of different ids run concurrently, and a thread
   * asking for an id that another thread is loading waits for that load. A file is cached by its
   * normalised absolute path and read again only if its size or modification time changed.
   *
   * @param idOrPath such as {@code gpt-4o}, {@code cl100k_base}, {@code character}, {@code
   *     qwen2.5}, a catalog model such as {@code llama-3.1-8b}, or a path to a {@code
   *     tokenizer.json}
   * @return the tokenizer
   * @throws IllegalArgumentException if nothing knows the id, naming the closest known ids; if a
   *     file is missing, malformed or of a kind nothing reads; if the id is one of the vocabularies
   *     bundled in the optional artifact {@value #VOCABULARY_ARTIFACT} and that artifact is not on
   *     the class or module path, naming the id and the artifact's coordinates; or if the id's
   *     tokenizer needs the user's file (Llama 3, Gemma) and none is given, saying how to give it
   */
  public Tokenizer resolve(String idOrPath) {
    Optional<Tokenizer> found = lookup(idOrPath);
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
      throw new IllegalArgumentException("no tokenizer reads " + idOrPath
          + " (expected a HuggingFace tokenizer.json or .json.gz, or a directory holding a tokenizer.json)");
    }
    throw new IllegalArgumentException(Similarity.unknownMessage("tokenizer", idOrPath.trim(), ids()));
  }

  /**
   * Loads tokenizers now rather than on first use: for a server's start-up, so that the first
   * request does not pay for parsing a vocabulary. Each is loaded in the calling thread, in order;
   * to load several at once, call this from several threads (different ids load concurrently).
   *
   * @param idsOrPaths ids or paths, as {@link #resolve} takes them
   * @return the tokenizers, in the order given
   * @throws IllegalArgumentException as {@link #resolve} does, for the first that cannot be loaded
   */
  public List<Tokenizer> preload(String... idsOrPaths) {
    List<Tokenizer> loaded = new ArrayList<>(idsOrPaths.length);
    for (String id : idsOrPaths) {
      loaded.add(resolve(id));
    }
    return List.copyOf(loaded);
  }

  /**
   * Returns every id the registry knows by name (not the prefix matches such as dated models), and
   * the catalog models whose tokenizer is known.
   */
  public List<String> ids() {
    Set<String> ids = new LinkedHashSet<>();
    for (TokenizerFactory f : factories) {
      ids.addAll(f.ids());
    }
    ids.addAll(ModelTokenizers.modelIds());
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

  /**
   * Returns the prompt tokens a chat model's function definitions (the {@code tools} array) add.
   *
   * @param model a model id
   * @return the overhead, or empty if no rule for the model's tool format is known
   */
  public Optional<ToolOverhead> toolOverhead(String model) {
    return OpenAiModels.toolOverhead(model);
  }

  private static boolean looksLikePath(String s) {
    return s.contains("/") || s.contains("\\") || s.endsWith(".json") || s.endsWith(".json.gz") || s.endsWith(".gguf");
  }

  /**
   * The OpenAI encodings and models, the character tokenizer, tokenizer.json files by path, the
   * user's Llama 3 and Gemma files, and a clear error for the bundled vocabularies when their
   * artifact is missing.
   */
  private static final class BuiltIn implements TokenizerFactory {

    /** The ids the optional artifact llmcost-tokenizers-vocab provides. */
    private static final List<String> BUNDLED =
        List.of("qwen2.5", "mistral-7b-v0.1", "mistral-7b", "bert-base-uncased", "bert-base-chinese");

    /** Every tokenizer file read, by path and id, checked against its size and modification time. */
    static final FileCache FILES = new FileCache(BuiltIn::loadFile);

    @Override
    public Optional<Tokenizer> find(String idOrPath) {
      String id = idOrPath.trim();
      if (id.equalsIgnoreCase(CharacterTokenizer.ID)) {
        return Optional.of(CharacterTokenizer.instance());
      }
      Optional<OpenAiEncoding> e = OpenAiEncoding.byId(id);
      if (e.isEmpty()) {
        e = OpenAiModels.encodingFor(id);
      }
      if (e.isPresent()) {
        return e.map(OpenAiEncoding::tokenizer);
      }
      String lower = id.toLowerCase(Locale.ROOT);
      if (lower.equals(ModelTokenizers.LLAMA_3) || lower.equals(ModelTokenizers.GEMMA)) {
        return Optional.of(userFile(lower));
      }
      if (BUNDLED.contains(lower)) {
        throw new IllegalArgumentException(
            "the " + lower + " tokenizer is bundled in the optional artifact " + VOCABULARY_ARTIFACT
                + ", which is not on the class or module path: add the dependency " + VOCABULARY_ARTIFACT
                + " (the version of llmcost-tokenizers), or give the path of the model's tokenizer.json"
                + " instead of its id");
      }
      if (looksLikePath(id)) {
        return file(id);
      }
      return Optional.empty();
    }

    /** Loads a tokenizer.json named by path, or a directory's tokenizer.json; empty if neither exists. */
    private static Optional<Tokenizer> file(String path) {
      Path p;
      try {
        p = Path.of(path);
      } catch (InvalidPathException ex) {
        return Optional.empty();
      }
      if (Files.isDirectory(p)) {
        Path inside = p.resolve("tokenizer.json");
        if (!Files.isRegularFile(inside)) {
          throw new IllegalArgumentException("directory " + path + " holds no tokenizer.json");
        }
        return Optional.of(FILES.get(inside, idOf(p)));
      }
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      if (Files.isRegularFile(p) && (name.endsWith(".json") || name.endsWith(".json.gz"))) {
        return Optional.of(FILES.get(p, FileCache.idOf(p)));
      }
      if (Files.isRegularFile(p) && name.endsWith(".gguf")) {
        try {
          return Optional.of(dev.llmcost.tokenizers.gguf.GgufTokenizers.load(p));
        } catch (TokenizerFormatException ex) {
          throw new IllegalArgumentException("cannot read the tokenizer of " + path + ": " + ex.getMessage(), ex);
        }
      }
      return Optional.empty();
    }

    private static String idOf(Path dir) {
      Path name = dir.toAbsolutePath().normalize().getFileName();
      return name == null ? "tokenizer" : name.toString();
    }

    /** Loads a HuggingFace file, naming the file in the error if it is malformed. */
    static Tokenizer loadFile(Path file, String id) {
      try {
        return HuggingFaceTokenizer.load(file, id);
      } catch (TokenizerFormatException ex) {
        throw new IllegalArgumentException("cannot read tokenizer file " + file + ": " + ex.getMessage(), ex);
      }
    }

    /** The user's file for {@code llama-3} or {@code gemma}, from a system property or environment variable. */
    private static Tokenizer userFile(String id) {
      String property = "llmcost.tokenizer." + id;
      String variable = "LLMCOST_TOKENIZER_" + id.toUpperCase(Locale.ROOT).replace('-', '_');
      String path = System.getProperty(property);
      if (path == null || path.isBlank()) {
        path = System.getenv(variable);
      }
      if (path == null || path.isBlank()) {
        boolean llama = id.equals(ModelTokenizers.LLAMA_3);
        throw new IllegalArgumentException(
            "the " + id + " tokenizer is not bundled: the "
                + (llama ? "Llama 3 Community License" : "Gemma Terms of Use")
                + " do not let llmcost redistribute it. Download tokenizer.json from "
                + (llama ? "meta-llama/Llama-3.1-8B" : "google/gemma-7b")
                + " on Hugging Face (after accepting the licence) and give its path: as the tokenizer"
                + " (llmcost tokens --tokenizer /path/to/tokenizer.json), with -D" + property
                + "=/path/to/tokenizer.json or " + variable + "=/path/to/tokenizer.json, or in code with"
                + " TokenizerRegistry.standard().withFile(\"" + id + "\", path)");
      }
      Path file = Path.of(path.trim());
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "the " + id + " tokenizer file " + path.trim() + " (from " + property + " or " + variable
                + ") does not exist");
      }
      return FILES.get(file, id);
    }

    @Override
    public List<String> ids() {
      List<String> ids = new ArrayList<>();
      for (OpenAiEncoding e : OpenAiEncoding.values()) {
        ids.add(e.id());
      }
      ids.add(CharacterTokenizer.ID);
      ids.add(ModelTokenizers.LLAMA_3);
      ids.add(ModelTokenizers.GEMMA);
      ids.addAll(OpenAiModels.knownModels());
      return ids;
    }
  }
}
