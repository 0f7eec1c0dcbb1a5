package dev.llmcost.costmodel.finetuning;

import java.util.Locale;

/**
 * What a fine-tuning run trains.
 *
 * <p>LoRA (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models", §4.1) freezes
 * every base weight and trains {@code B·A} of rank {@code r} beside each targeted matrix; DoRA (Liu
 * et al. 2024, "DoRA: Weight-Decomposed Low-Rank Adaptation", §4.1) adds a magnitude vector per
 * output row and normalises {@code W + B·A} by its column norms each step; QLoRA (Dettmers et al.
 * 2023, "QLoRA: Efficient Finetuning of Quantized LLMs", §3) stores the frozen base in 4-bit
 * NormalFloat with double quantization and computes in bf16.
 */
public enum FineTuningMethod {
  /** Every parameter trains. */
  FULL,
  /** The embeddings and the first {@code k} layers are frozen, the rest trains. */
  FREEZE,
  /** Low-rank adapters on a frozen 16-bit (or 8-bit) base. */
  LORA,
  /** LoRA with DoRA's magnitude vectors and weight normalisation. */
  DORA,
  /** LoRA on a 4-bit NormalFloat base with double quantization. */
  QLORA,
  /** DoRA on a 4-bit NormalFloat base. */
  QDORA;

  /** Returns whether the method trains adapters on a frozen base. */
  public boolean usesAdapters() {
    return this != FULL && this != FREEZE;
  }

  /** Returns whether the method stores the base in 4-bit NormalFloat. */
  public boolean quantizedBase() {
    return this == QLORA || this == QDORA;
  }

  /** Returns whether the method adds DoRA's magnitude vectors. */
  public boolean dora() {
    return this == DORA || this == QDORA;
  }

  /** Returns the lower-case name ({@code qlora}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code full}, {@code freeze}, {@code lora}, {@code dora}, {@code qlora} or {@code qdora}.
   *
   * @param name the name, any case
   * @return the method
   * @throws IllegalArgumentException naming the value if it is unknown
   */
  public static FineTuningMethod parse(String name) {
    for (FineTuningMethod m : values()) {
      if (m.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "method must be one of full, freeze, lora, dora, qlora, qdora, was \"" + name + "\"");
  }
}
