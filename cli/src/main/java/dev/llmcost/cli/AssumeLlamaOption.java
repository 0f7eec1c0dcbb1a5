package dev.llmcost.cli;

import dev.llmcost.core.model.UnknownModelTypePolicy;
import picocli.CommandLine.Option;

/** The {@code --assume-llama} switch of the commands that read a model (a picocli mixin). */
public final class AssumeLlamaOption {
  @Option(
      names = "--assume-llama",
      description =
          "Read a config.json whose model_type llmcost has no rules for as a generic Llama-style decoder"
              + " (every default is listed under assumptions); without it such a config is an error.")
  boolean assumeLlama;

  /** Returns the policy for unknown model types the switch selects. */
  public UnknownModelTypePolicy policy() {
    return policy(assumeLlama);
  }

  /** Returns whether the switch was given. */
  boolean enabled() {
    return assumeLlama;
  }

  /** Returns the policy for unknown model types with the switch given or not. */
  static UnknownModelTypePolicy policy(boolean assumeLlama) {
    return assumeLlama ? UnknownModelTypePolicy.ASSUME_LLAMA : UnknownModelTypePolicy.REJECT;
  }
}
