package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import java.util.List;

/**
 * A model of the bundled catalog: its architecture, read from the model's {@code config.json}, and
 * where that configuration comes from.
 *
 * @param id the catalog id, such as {@code llama-3.1-8b}
 * @param name a display name
 * @param aliases other ids that find this model
 * @param source where the configuration comes from (a model card, a paper table)
 * @param architecture the architecture
 */
public record CatalogModel(
    String id, String name, List<String> aliases, String source, ModelArchitecture architecture) {

  /** Validates and copies. */
  public CatalogModel {
    Require.nonBlank("id", id);
    aliases = List.copyOf(aliases);
  }
}
