package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * How the output logits and the cross-entropy loss are computed, which decides the memory the
 * vocabulary takes: at a 128K vocabulary the logits of a long sequence outweigh every other
 * activation.
 *
 * <p>Bytes per token and vocabulary entry at the peak: {@code FP32_UPCAST} (HuggingFace
 * transformers' {@code logits.float()} before the loss): bf16 logits 2, fp32 copy 4, the saved
 * log-softmax 4, its fp32 gradient 4 and the bf16 gradient 2, 16 in all; {@code CHUNKED} (torchtune's
 * {@code CEWithChunkedOutputLoss}, 8 chunks): the saved fp32 log-softmax 4 and the bf16 logits
 * gradient 2 for the whole sequence, plus one chunk's fp32 working set, {@code 6 + 10/8}; {@code FUSED}
 * (a fused linear-cross-entropy kernel such as Liger's or Apple's Cut Cross-Entropy, Wijmans et al. 2024)
 * never materialises the logits: 0.5, one working chunk.
 */
public enum LogitsMode {
  /** Logits upcast to fp32 before the loss (HuggingFace default). */
  FP32_UPCAST,
  /** Logits computed and upcast in chunks (torchtune). */
  CHUNKED,
  /** Fused linear cross-entropy, logits never stored. */
  FUSED;

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
  public static LogitsMode parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (LogitsMode v : values()) {
      if (v.id().equals(key)) {
        return v;
      }
    }
    throw new IllegalArgumentException("logitsMode must be one of fp32-upcast, chunked, fused, was \"" + name + "\"");
  }
}
