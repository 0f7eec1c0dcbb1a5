package dev.llmcost.core.hardware;

import dev.llmcost.core.internal.CatalogLookup;
import dev.llmcost.core.internal.AcceleratorCatalogReader;
import java.util.List;
import java.util.Optional;

/**
 * The bundled accelerator datasheets, every figure with its source, looked up by id ({@code
 * h100-sxm}) or alias ({@code h100}).
 */
public final class AcceleratorCatalog {

  private static final class Holder {
    static final AcceleratorCatalog BUNDLED =
        new AcceleratorCatalog(AcceleratorCatalogReader.readBundled());
  }

  private final CatalogLookup<AcceleratorSpec> lookup;

  private AcceleratorCatalog(CatalogLookup<AcceleratorSpec> lookup) {
    this.lookup = lookup;
  }

  /** Returns the catalog bundled with llmcost. */
  public static AcceleratorCatalog bundled() {
    return Holder.BUNDLED;
  }

  /**
   * Reads a file of accelerators of the user's own, in the bundled {@code accelerators.json}'s format ({@code
   * {"accelerators": [entries]}}): a bundled entry saved under an id of its own, say. The cost models read such a
   * part through its specification: one identical to a bundled part's (all but id, name and source) gets that part's
   * measurements and estimates.
   *
   * @param file the JSON file
   * @return the catalog of its accelerators
   * @throws IllegalArgumentException if the file cannot be read or an entry is malformed (the message names the file,
   *     the field and the value)
   */
  public static AcceleratorCatalog read(java.nio.file.Path file) {
    return new AcceleratorCatalog(AcceleratorCatalogReader.readFile(file));
  }

  /**
   * Finds an accelerator by id or alias, ignoring case.
   *
   * @param id the id, such as {@code a100-sxm-80gb} or {@code h100}
   * @return the datasheet, or empty if unknown
   */
  public Optional<AcceleratorSpec> find(String id) {
    return lookup.find(id);
  }

  /**
   * Returns an accelerator by id or alias.
   *
   * @param id the id
   * @return the datasheet
   * @throws IllegalArgumentException if the id is unknown; the message lists close ids
   */
  public AcceleratorSpec get(String id) {
    return lookup.get(id);
  }

  /** Returns every accelerator in catalog order. */
  public List<AcceleratorSpec> all() {
    return lookup.all();
  }

  /** Returns every id. */
  public List<String> ids() {
    return lookup.ids();
  }
}
