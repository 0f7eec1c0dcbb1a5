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
 * never materialises the logits: 0.5, one working chunk; {@code CHUNKED_COMPILED} (the same loss under
 * {@code torch.compile}, as torchtune's README measures it): the upcast and log-softmax of a chunk
 * fuse into the loss kernel, which keeps only a log-sum-exp per token and recomputes the softmax from
 * the bf16 logits in backward, leaving the bf16 logits of every chunk (2) and one chunk's bf16
 * gradient ({@code 2/8}): 2.25. The fused-kernel reading is the mechanism; that the eager {@code CHUNKED}
 * figure is too high under compile was seen in torchtune's "Optimization flags" table (LoRA and
 * QLoRA of Llama 3.2 3B at 4.6 and 8.5 GiB leave under 2 GiB for logits and activations together).
 */
public enum LogitsMode {
  /** Logits upcast to fp32 before the loss (HuggingFace default). */
  FP32_UPCAST,
  /** Logits computed and upcast in chunks (torchtune). */
  CHUNKED,
  /** Fused linear cross-entropy, logits never stored. */
  FUSED,
  /** Logits in chunks with the loss compiled by {@code torch.compile} (torchtune with {@code compile=True}). */
  CHUNKED_COMPILED;

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
    throw new IllegalArgumentException("logitsMode must be one of fp32-upcast, chunked, fused, chunked-compiled, was \"" + name + "\"");
  }
}
