package dev.llmcost.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.model.CatalogModel;
import dev.llmcost.core.model.ModelArchitecture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads {@code catalog/models.json}: each entry is a HuggingFace config.json with its source. */
public final class ModelCatalogReader {
  private ModelCatalogReader() {}

  private static final String RESOURCE = "/dev/llmcost/core/catalog/models.json";

  /**
   * Makes a catalog entry; {@link CatalogModel}'s constructor is not public, so the model package
   * passes it in.
   */
  @FunctionalInterface
  public interface EntryFactory {
    /**
     * Returns the entry.
     *
     * @param id the catalog id
     * @param name the display name
     * @param aliases other ids
     * @param source where the configuration comes from
     * @param architecture parses the architecture (called once, on first use)
     * @return the entry
     */
    CatalogModel create(
        String id, String name, List<String> aliases, String source, Supplier<ModelArchitecture> architecture);
  }

  /**
   * Reads the bundled catalog; a broken bundled file is a build defect and throws.
   *
   * @param factory makes each entry
   * @return the catalog
   */
  public static CatalogLookup<CatalogModel> readBundled(EntryFactory factory) {
    try (InputStream in = ModelCatalogReader.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource " + RESOURCE + " is missing");
      }
      return read(Json.read(in), factory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CatalogLookup<CatalogModel> read(JsonNode root, EntryFactory factory) {
    List<CatalogModel> models = new ArrayList<>();
    Map<String, String> aliases = new LinkedHashMap<>();
    for (JsonNode n : root.get("models")) {
      JsonFields f = new JsonFields(n, "models.json entry", IllegalStateException::new);
      String id = f.requireString("id");
      JsonNode config = n.get("config");
      // parsed on first use: a command naming one model parses one configuration, not 65
      Supplier<ModelArchitecture> a = () -> HuggingFaceConfigParser.parse(config, id, "models.json entry \"" + id + "\"");
      List<String> al = new ArrayList<>();
      f.array("aliases").ifPresent(arr -> arr.forEach(x -> al.add(x.textValue())));
      for (String alias : al) {
        aliases.put(alias, id);
      }
      models.add(factory.create(id, f.requireString("name"), al, f.requireString("source"), a));
    }
    return new CatalogLookup<>("model", models, CatalogModel::id, aliases);
  }
}
