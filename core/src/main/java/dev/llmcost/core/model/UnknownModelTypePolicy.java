package dev.llmcost.core.model;

/**
 * What {@link HuggingFaceConfigs} does with a {@code model_type} it has no rules for.
 *
 * <p>Reading an unknown type as a Llama-style decoder silently miscounts any model with its own
 * MLP, norms or mixers (Nemotron's squared-ReLU MLP counted as gated gives 471B for a 341B model),
 * so the default is to refuse; the generic reading is available when asked for, and then every
 * default it takes is listed in {@link ModelArchitecture#assumptions()}.
 */
public enum UnknownModelTypePolicy {
  /** Throw a {@link ModelConfigException} that names the type and the supported ones. */
  REJECT,
  /**
   * Read it as a Llama-style decoder (RMSNorm pre-norm, gated MLP, rotary positions) from the
   * generic fields, listing each default in the assumptions (the CLI's {@code --assume-llama}).
   */
  ASSUME_LLAMA
}
