package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * The library that stores a 4-bit base and dequantizes it for QLoRA, which decides memory the
 * itemised model does not explain.
 *
 * <p>{@code BITSANDBYTES}: {@code bnb.nn.Linear4bit} as LitGPT and Unsloth use it. Its {@code
 * MatMul4Bit} autograd function keeps the input of every 4-bit linear for the backward pass ({@code
 * ctx.tensors = (A, B)} whenever an input needs a gradient, bitsandbytes/autograd/_functions.py),
 * although the frozen weight takes no gradient; what the peaks in LitGPT's and Unsloth's tables hold
 * beyond that is {@link FineTuningCostModel#BITSANDBYTES_OVERHEAD_BYTES_PER_PARAMETER}. {@code PEFT}:
 * the same layers as HuggingFace PEFT prepares them for k-bit training ({@code
 * prepare_model_for_kbit_training}, which TRL's {@code SFTTrainer} calls for a 4-bit model: "cast all
 * non INT8 parameters to fp32"), so the embeddings, the output head and the norms are held in fp32.
 * {@code TORCHAO}: torchao's {@code NF4Tensor} (torchtune), whose linear keeps only the weight for
 * its backward, taken at the itemised sum.
 */
public enum QuantizationLibrary {
  /** bitsandbytes 4-bit linear layers. */
  BITSANDBYTES,
  /** bitsandbytes 4-bit linear layers under HuggingFace PEFT's k-bit preparation (the rest of the model in fp32). */
  PEFT,
  /** torchao NF4 tensors. */
  TORCHAO;

  /** Returns whether the 4-bit layers are bitsandbytes' ({@link #BITSANDBYTES} or {@link #PEFT}). */
  public boolean bitsandbytes() {
    return this != TORCHAO;
  }

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
    throw new IllegalArgumentException("quantizationLibrary must be one of bitsandbytes, peft, torchao, was \"" + name + "\"");
  }
}
