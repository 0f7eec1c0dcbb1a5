package dev.llmcost.core.gguf;

import java.util.Locale;
import java.util.Optional;

/**
 * A named quantization of {@code llama-quantize} ({@code llama_ftype}, stored as {@code
 * general.file_type}): a default ggml type for the quantizable weights and per-tensor exceptions
 * ({@link TensorTypeRules}). {@code Q4_K_M} stores most weights in Q4_K but half of the {@code
 * attn_v} and {@code ffn_down} tensors (the first and last eighth of the layers and every third in
 * between) in Q6_K, and the output head in Q6_K.
 *
 * <p>Ids and default types follow {@code enum llama_ftype} of {@code llama.h} and {@code
 * llama_ftype_get_default_type} of {@code src/llama-quant.cpp} (https://github.com/ggml-org/llama.cpp).
 */
public enum QuantMix {
  /** Every tensor in f32. */
  F32(0, GgmlType.F32),
  /** Quantizable weights in f16. */
  F16(1, GgmlType.F16),
  /** Legacy 4-bit, 4.5 bits. */
  Q4_0(2, GgmlType.Q4_0),
  /** Legacy 4-bit with a min, 5 bits. */
  Q4_1(3, GgmlType.Q4_1),
  /** 8-bit, 8.5 bits. */
  Q8_0(7, GgmlType.Q8_0),
  /** Legacy 5-bit, 5.5 bits. */
  Q5_0(8, GgmlType.Q5_0),
  /** Legacy 5-bit with a min, 6 bits. */
  Q5_1(9, GgmlType.Q5_1),
  /** Q2_K with Q3_K/Q4_K exceptions. */
  Q2_K(10, GgmlType.Q2_K),
  /** Q3_K small. */
  Q3_K_S(11, GgmlType.Q3_K),
  /** Q3_K medium. */
  Q3_K_M(12, GgmlType.Q3_K),
  /** Q3_K large. */
  Q3_K_L(13, GgmlType.Q3_K),
  /** Q4_K small. */
  Q4_K_S(14, GgmlType.Q4_K),
  /** Q4_K medium. */
  Q4_K_M(15, GgmlType.Q4_K),
  /** Q5_K small. */
  Q5_K_S(16, GgmlType.Q5_K),
  /** Q5_K medium. */
  Q5_K_M(17, GgmlType.Q5_K),
  /** Q6_K. */
  Q6_K(18, GgmlType.Q6_K),
  /** IQ2_XXS, 2.06 bits (needs an importance matrix). */
  IQ2_XXS(19, GgmlType.IQ2_XXS),
  /** IQ2_XS, 2.31 bits (needs an importance matrix). */
  IQ2_XS(20, GgmlType.IQ2_XS),
  /** Q2_K small. */
  Q2_K_S(21, GgmlType.Q2_K),
  /** IQ3_XS: IQ3_S with IQ3_XXS in the middle layers. */
  IQ3_XS(22, GgmlType.IQ3_S),
  /** IQ3_XXS, 3.06 bits. */
  IQ3_XXS(23, GgmlType.IQ3_XXS),
  /** IQ1_S, 1.56 bits. */
  IQ1_S(24, GgmlType.IQ1_S),
  /** IQ4_NL, 4.5 bits, non-linear. */
  IQ4_NL(25, GgmlType.IQ4_NL),
  /** IQ3_S, 3.44 bits. */
  IQ3_S(26, GgmlType.IQ3_S),
  /** IQ3_S with Q4_K exceptions. */
  IQ3_M(27, GgmlType.IQ3_S),
  /** IQ2_S: IQ2_XS weights. */
  IQ2_S(28, GgmlType.IQ2_XS),
  /** IQ2_M: IQ2_S weights. */
  IQ2_M(29, GgmlType.IQ2_S),
  /** IQ4_XS, 4.25 bits. */
  IQ4_XS(30, GgmlType.IQ4_XS),
  /** IQ1_M, 1.75 bits. */
  IQ1_M(31, GgmlType.IQ1_M),
  /** Quantizable weights in bf16. */
  BF16(32, GgmlType.BF16),
  /** Ternary TQ1_0, 1.69 bits. */
  TQ1_0(36, GgmlType.TQ1_0),
  /** Ternary TQ2_0, 2.06 bits. */
  TQ2_0(37, GgmlType.TQ2_0),
  /** Routed experts in MXFP4, everything else Q8_0 (gpt-oss). */
  MXFP4_MOE(38, GgmlType.MXFP4);

  private final int fileType;
  private final GgmlType defaultType;

  QuantMix(int fileType, GgmlType defaultType) {
    this.fileType = fileType;
    this.defaultType = defaultType;
  }

  /** Returns the {@code general.file_type} id. */
  public int fileType() {
    return fileType;
  }

  /** Returns the type most quantizable weights get. */
  public GgmlType defaultType() {
    return defaultType;
  }

  /**
   * Returns the mix with a name, case-insensitive ({@code Q4_K_M}, {@code q4_k_m}, {@code f16}).
   *
   * @param name the name
   * @return the mix, or empty
   */
  public static Optional<QuantMix> ofName(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (QuantMix m : values()) {
      if (m.name().equals(n)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the mix with a {@code general.file_type} id.
   *
   * @param id the id
   * @return the mix, or empty
   */
  public static Optional<QuantMix> ofFileType(long id) {
    for (QuantMix m : values()) {
      if (m.fileType == id) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
