package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * How trainable parameters are stored.
 *
 * <p>{@code BF16}: pure bf16 weights, gradients and optimizer states (torchtune, LitGPT {@code
 * bf16-true}): 2 bytes per element. {@code MIXED}: fp32 parameters, gradients and states with bf16
 * math under autocast, which keeps a bf16 copy of each weight it casts for the backward pass
 * (Micikevicius et al. 2018; HuggingFace Trainer {@code bf16=True}): 4 + 2 bytes per weight.
 * {@code FP32}: fp32 everywhere, GEMMs in TF32 where the device has it.
 */
public enum TrainablePrecision {
  /** Pure bf16. */
  BF16,
  /** fp32 parameters, bf16 autocast. */
  MIXED,
  /** fp32 everywhere. */
  FP32;

  /** Returns the lower-case name with dashes. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a name (any case, dashes or underscores).
   *
   * @param name the name
   * @return the value
   * @throws IllegalArgumentException naming the value if it is unknown
   */
  public static TrainablePrecision parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (TrainablePrecision v : values()) {
      if (v.id().equals(key)) {
        return v;
      }
    }
    throw new IllegalArgumentException("trainablePrecision must be one of bf16, mixed, fp32, was \"" + name + "\"");
  }
}
