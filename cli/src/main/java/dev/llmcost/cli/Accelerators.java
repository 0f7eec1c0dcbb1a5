package dev.llmcost.cli;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resolves {@code --accelerator}: a catalog id or alias, a JSON file holding one accelerator, or {@code
 * FILE.json#id}, one accelerator of a file holding several.
 */
final class Accelerators {
  private Accelerators() {}

  /**
   * Returns the catalog accelerator named by {@code --accelerator}, the one accelerator of a JSON file in the
   * catalog's format ({@code --accelerator my-h100.json}, {@link AcceleratorCatalog#read}), or the accelerator
   * {@code id} (or alias) of such a file holding several ({@code --accelerator my-parts.json#my-h100}).
   *
   * @param value the option's value
   * @return the accelerator
   * @throws IllegalArgumentException if the id is unknown (in the catalog or in the file), or the file
   *     unreadable, malformed, or holding several accelerators without {@code #id}
   */
  private static boolean isDirectory(String value) {
    try {
      return !value.isBlank() && java.nio.file.Files.isDirectory(Path.of(value));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  static AcceleratorSpec resolve(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    int hash = lower.lastIndexOf(".json#");
    if (hash < 0 && !lower.endsWith(".json")) {
      if (isDirectory(value)) {
        // a directory was answered with "unknown accelerator" and the closest catalog ids
        throw new IllegalArgumentException("--accelerator " + value + " is a directory; it takes a catalog id or a"
            + " JSON file in the catalog's format (FILE.json or FILE.json#ID)");
      }
      return AcceleratorCatalog.bundled().get(value);
    }
    String path = hash < 0 ? value : value.substring(0, hash + ".json".length());
    AcceleratorCatalog file = AcceleratorCatalog.read(Path.of(path));
    if (hash >= 0) {
      String id = value.substring(hash + ".json#".length());
      if (id.isBlank()) {
        throw new IllegalArgumentException("--accelerator " + value + " names no accelerator after '#'; the file"
            + " holds " + file.ids());
      }
      return file.find(id).orElseThrow(() -> new IllegalArgumentException("--accelerator " + value + ": file "
          + path + " has no accelerator '" + id + "'; it holds " + file.ids()));
    }
    if (file.all().size() != 1) {
      throw new IllegalArgumentException("--accelerator file " + value + " must hold one accelerator, has "
          + file.all().size() + ": " + file.ids() + "; name one as " + value + "#ID");
    }
    return file.all().get(0);
  }
}
