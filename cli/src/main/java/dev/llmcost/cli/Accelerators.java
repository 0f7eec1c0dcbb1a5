package dev.llmcost.cli;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import java.nio.file.Path;
import java.util.Locale;

/** Resolves {@code --accelerator}: a catalog id or alias, or a JSON file holding one accelerator. */
final class Accelerators {
  private Accelerators() {}

  /**
   * Returns the catalog accelerator named by {@code --accelerator}, or the one accelerator of a JSON file in the
   * catalog's format ({@code --accelerator my-h100.json}, {@link AcceleratorCatalog#read}).
   *
   * @param value the option's value
   * @return the accelerator
   * @throws IllegalArgumentException if the id is unknown, or the file unreadable, malformed or not of one accelerator
   */
  static AcceleratorSpec resolve(String value) {
    if (!value.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return AcceleratorCatalog.bundled().get(value);
    }
    AcceleratorCatalog file = AcceleratorCatalog.read(Path.of(value));
    if (file.all().size() != 1) {
      throw new IllegalArgumentException("--accelerator file " + value + " must hold one accelerator, has "
          + file.all().size() + ": " + file.ids());
    }
    return file.all().get(0);
  }
}
