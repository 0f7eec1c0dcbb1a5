package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * The library that stores a 4-bit base and dequantizes it for QLoRA, which decides memory the
 * itemised model does not explain.
 *
 * <p>{@code BITSANDBYTES}: {@code bnb.nn.Linear4bit} (HuggingFace PEFT, LitGPT, Unsloth); its peaks
 * in LitGPT's and Unsloth's tables exceed the itemised sum by about 0.5 bytes per quantized parameter
 * (see {@link FineTuningCostModel#BITSANDBYTES_OVERHEAD_BYTES_PER_PARAMETER}). {@code TORCHAO}:
 * torchao's {@code NF4Tensor} (torchtune), taken at the itemised sum.
 */
public enum QuantizationLibrary {
  /** bitsandbytes 4-bit linear layers. */
  BITSANDBYTES,
  /** torchao NF4 tensors. */
  TORCHAO;

  /** Returns the lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a name (any case).
   *
   * @param name the name
   * @return the value
   * @throws IllegalArgumentException naming the value if it is unknown
   */
  public static QuantizationLibrary parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (QuantizationLibrary v : values()) {
      if (v.id().equals(key)) {
        return v;
      }
    }
    throw new IllegalArgumentException("quantizationLibrary must be one of bitsandbytes, torchao, was \"" + name + "\"");
  }
}
