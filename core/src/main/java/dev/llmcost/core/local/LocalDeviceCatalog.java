package dev.llmcost.core.local;

import dev.llmcost.core.internal.CatalogLookup;
import dev.llmcost.core.internal.LocalDeviceCatalogReader;
import java.util.List;
import java.util.Optional;

/**
 * The bundled local devices ({@code catalog/local-devices.json}): consumer NVIDIA and AMD GPUs
 * including laptop variants, Apple M1–M4 (Pro, Max, Ultra), AMD Strix Halo, and desktop,
 * workstation and server CPUs, every figure with its source.
 */
public final class LocalDeviceCatalog {

  private static final class Holder {
    static final LocalDeviceCatalog BUNDLED = new LocalDeviceCatalog(LocalDeviceCatalogReader.readBundled());
  }

  private final CatalogLookup<LocalDevice> lookup;

  private LocalDeviceCatalog(CatalogLookup<LocalDevice> lookup) {
    this.lookup = lookup;
  }

  /** Returns the catalog bundled with llmcost. */
  public static LocalDeviceCatalog bundled() {
    return Holder.BUNDLED;
  }

  /**
   * Finds a device by id or alias, ignoring case.
   *
   * @param id the id, such as {@code rtx-4090} or {@code m2-ultra}
   * @return the device, or empty
   */
  public Optional<LocalDevice> find(String id) {
    return lookup.find(id);
  }

  /**
   * Returns a device by id or alias.
   *
   * @param id the id
   * @return the device
   * @throws IllegalArgumentException if the id is unknown; the message lists close ids
   */
  public LocalDevice get(String id) {
    return lookup.get(id);
  }

  /** Returns every device in catalog order. */
  public List<LocalDevice> all() {
    return lookup.all();
  }

  /** Returns every id. */
  public List<String> ids() {
    return lookup.ids();
  }
}
