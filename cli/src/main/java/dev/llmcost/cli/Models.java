package dev.llmcost.cli;

import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.UnknownModelTypePolicy;
import dev.llmcost.costmodel.pricing.PriceBook;

/** Resolves {@code --model} for the commands that need an architecture. */
final class Models {
  private Models() {}

  /**
   * Returns the catalog model or config.json named by {@code --model}; an id the price book lists
   * but the catalog does not (an API model such as gpt-4o) is refused with a pointer to {@code bill}.
   *
   * @throws IllegalArgumentException if the id is unknown, the file unreadable, or the model an API model
   */
  static ModelArchitecture resolve(String model) {
    return resolve(model, UnknownModelTypePolicy.REJECT);
  }

  /** As {@link #resolve(String)}, reading an unknown {@code model_type} as {@code policy} says. */
  static ModelArchitecture resolve(String model, UnknownModelTypePolicy policy) {
    try {
      return ModelCatalog.bundled().resolve(model, policy);
    } catch (IllegalArgumentException unknown) {
      if (ModelCatalog.bundled().find(model).isEmpty() && PriceBook.bundled().find(model).isPresent()) {
        throw new IllegalArgumentException("--model \"" + model + "\" is an API model: its architecture is not"
            + " published, so it has no parameters, memory or GPU time to estimate; 'llmcost bill --model " + model
            + " --input N --output N' prices its tokens", unknown);
      }
      throw unknown;
    }
  }
}
