package dev.llmcost.core.model;

import dev.llmcost.core.internal.CatalogLookup;
import dev.llmcost.core.internal.ModelCatalogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.InvalidPathException;
import java.util.List;
import java.util.Optional;

/**
 * The bundled models: every configuration is the model's HuggingFace {@code config.json} (or, for
 * GPT-3, the paper's Table 2.1) with its source; parameter counts are computed from it.
 */
public final class ModelCatalog {

  private static final class Holder {
    static final ModelCatalog BUNDLED = new ModelCatalog(ModelCatalogReader.readBundled(CatalogModel::new));
  }

  private final CatalogLookup<CatalogModel> lookup;

  private ModelCatalog(CatalogLookup<CatalogModel> lookup) {
    this.lookup = lookup;
  }

  /** Returns the catalog bundled with llmcost. */
  public static ModelCatalog bundled() {
    return Holder.BUNDLED;
  }

  /**
   * Finds a model by id or alias, ignoring case.
   *
   * @param id the id, such as {@code llama-3.1-405b}
   * @return the architecture, or empty if unknown
   */
  public Optional<ModelArchitecture> find(String id) {
    return lookup.find(id).map(CatalogModel::architecture);
  }

  /**
   * Returns a model by id or alias.
   *
   * @param id the id
   * @return the architecture
   * @throws IllegalArgumentException if the id is unknown; the message lists close ids
   */
  public ModelArchitecture get(String id) {
    return lookup.get(id).architecture();
  }

  /**
   * Returns a catalog entry with its source.
   *
   * @param id the id or alias
   * @return the entry, or empty if unknown
   */
  public Optional<CatalogModel> entry(String id) {
    return lookup.find(id);
  }

  /**
   * Resolves what a user typed where a model is asked for: a path to a {@code config.json} (or to
   * a directory holding one) if such a file exists, otherwise a catalog id.
   *
   * @param idOrPath a catalog id or alias, or a path
   * @return the architecture
   * @throws IllegalArgumentException if it is neither a readable config nor a known id; the message
   *     lists close ids
   * @throws ModelConfigException if the path holds a malformed configuration
   */
  public ModelArchitecture resolve(String idOrPath) {
    return resolve(idOrPath, UnknownModelTypePolicy.REJECT);
  }

  /**
   * Resolves what a user typed where a model is asked for, reading a {@code config.json} of an
   * unknown {@code model_type} as {@code policy} says.
   *
   * @param idOrPath a catalog id or alias, or a path
   * @param policy what to do with a {@code model_type} without dedicated rules
   * @return the architecture
   * @throws IllegalArgumentException if it is neither a readable config nor a known id
   * @throws ModelConfigException if the path holds a malformed configuration, or an unknown type
   *     under {@link UnknownModelTypePolicy#REJECT}
   */
  public ModelArchitecture resolve(String idOrPath, UnknownModelTypePolicy policy) {
    Optional<CatalogModel> hit = lookup.find(idOrPath);
    if (hit.isPresent()) {
      return hit.get().architecture();
    }
    if (idOrPath.endsWith(".json") || idOrPath.contains("/") || idOrPath.contains("\\")) {
      try {
        Path p = Path.of(idOrPath);
        if (Files.exists(p)) {
          return HuggingFaceConfigs.read(p, policy);
        }
        if (idOrPath.endsWith(".json")) {
          throw new ModelConfigException("no such file: " + idOrPath);
        }
      } catch (InvalidPathException e) {
        // not a path: fall through to the id error
      }
    }
    return lookup.get(idOrPath).architecture();
  }

  /** Returns every entry in catalog order. */
  public List<CatalogModel> all() {
    return lookup.all();
  }

  /** Returns every id. */
  public List<String> ids() {
    return lookup.ids();
  }
}
