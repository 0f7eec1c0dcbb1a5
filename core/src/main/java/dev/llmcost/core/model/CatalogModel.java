package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A model of the bundled catalog: its architecture, read from the model's {@code config.json}, and
 * where that configuration comes from.
 *
 * <p>The architecture is parsed from its configuration on first use (thread-safe, once), so that a
 * command naming one model does not parse the whole catalog (issue 22, start-up).
 */
public final class CatalogModel {
  private final String id;
  private final String name;
  private final List<String> aliases;
  private final String source;
  private final Supplier<ModelArchitecture> parse;
  private volatile @Nullable ModelArchitecture architecture;

  /** Validates and copies; {@code architecture} is called once, on first use. */
  CatalogModel(
      String id,
      String name,
      List<String> aliases,
      String source,
      Supplier<ModelArchitecture> architecture) {
    Require.nonBlank("id", id);
    aliases = List.copyOf(aliases);
    this.id = id;
    this.name = name;
    this.aliases = aliases;
    this.source = source;
    this.parse = architecture;
  }

  /** Returns the catalog id, such as {@code llama-3.1-8b}. */
  public String id() {
    return id;
  }

  /** Returns a display name. */
  public String name() {
    return name;
  }

  /** Returns other ids that find this model. */
  public List<String> aliases() {
    return aliases;
  }

  /** Returns where the configuration comes from (a model card, a paper table). */
  public String source() {
    return source;
  }

  /** Returns the architecture. */
  public ModelArchitecture architecture() {
    ModelArchitecture a = architecture;
    if (a == null) {
      synchronized (this) {
        a = architecture;
        if (a == null) {
          a = Objects.requireNonNull(parse.get(), "architecture");
          architecture = a;
        }
      }
    }
    return a;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof CatalogModel o
          && Objects.equals(id, o.id)
          && Objects.equals(name, o.name)
          && Objects.equals(aliases, o.aliases)
          && Objects.equals(source, o.source)
          && Objects.equals(architecture(), o.architecture());
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(id);
    h = 31 * h + Objects.hashCode(name);
    h = 31 * h + Objects.hashCode(aliases);
    h = 31 * h + Objects.hashCode(source);
    h = 31 * h + Objects.hashCode(architecture());
    return h;
  }

  @Override
  public String toString() {
    return "CatalogModel[id=" + id + ", name=" + name + ", aliases=" + aliases + ", source=" + source
        + ", architecture=" + architecture() + "]";
  }
}
