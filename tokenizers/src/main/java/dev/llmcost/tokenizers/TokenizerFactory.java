package dev.llmcost.tokenizers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A source of tokenizers for {@link TokenizerRegistry}: the extension point through which other
 * tokenizer families (HuggingFace {@code tokenizer.json} files, say) join the registry, either
 * with {@link TokenizerRegistry#with} or as a {@link java.util.ServiceLoader} service.
 */
public interface TokenizerFactory {

  /**
   * Returns the tokenizer for {@code idOrPath}, or empty if this factory does not know it.
   *
   * @param idOrPath a model or tokenizer id, or a path to a tokenizer file
   * @return the tokenizer, or empty
   * @throws IllegalArgumentException if this factory owns the id or file but cannot load it (a
   *     malformed file, say), naming the problem
   */
  Optional<Tokenizer> find(String idOrPath);

  /** Returns the ids this factory knows, for listings and "did you mean" messages. */
  List<String> ids();

  /**
   * Returns a factory for one id, created on first use and then shared.
   *
   * @param id the id (matched ignoring case)
   * @param loader creates the tokenizer
   * @return the factory
   */
  static TokenizerFactory of(String id, Supplier<? extends Tokenizer> loader) {
    return new TokenizerFactory() {
      private volatile @Nullable Tokenizer loaded;

      @Override
      public Optional<Tokenizer> find(String idOrPath) {
        if (!idOrPath.trim().equalsIgnoreCase(id)) {
          return Optional.empty();
        }
        Tokenizer t = loaded;
        if (t == null) {
          synchronized (this) {
            t = loaded;
            if (t == null) {
              t = Objects.requireNonNull(loader.get(), "loader returned null");
              loaded = t;
            }
          }
        }
        return Optional.of(t);
      }

      @Override
      public List<String> ids() {
        return List.of(id);
      }
    };
  }
}
