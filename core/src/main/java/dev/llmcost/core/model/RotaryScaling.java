package dev.llmcost.core.model;

import java.util.Locale;

/**
 * How a rotary model rescales its position frequencies beyond the context it was pretrained at: the type named by a
 * Hugging Face {@code config.json}'s {@code rope_scaling} ({@code rope_type}, or the older {@code type}; the values of
 * transformers' {@code ROPE_INIT_FUNCTIONS}, {@code src/transformers/modeling_rope_utils.py}). It adds no parameters;
 * a training framework may run a scaled rotary embedding outside its fused kernel (Megatron-Core runs YaRN's unfused,
 * see the cost model).
 */
public enum RotaryScaling {
  /** No {@code rope_scaling} (or {@code rope_type "default"}). */
  NONE,
  /** Position interpolation ({@code "linear"}). */
  LINEAR,
  /** Dynamic NTK scaling ({@code "dynamic"}). */
  DYNAMIC,
  /**
   * YaRN (Peng et al. 2023, arXiv:2309.00071): per-frequency interpolation and an attention (concentration) factor
   * that scales cos and sin ({@code "yarn"}; gpt-oss, DeepSeek-V3, Kimi K2).
   */
  YARN,
  /** LongRoPE ({@code "longrope"}, formerly {@code "su"}; Phi-3). */
  LONGROPE,
  /** Llama 3.1's frequency-band scaling ({@code "llama3"}). */
  LLAMA3,
  /** A type this library does not name. */
  OTHER;

  /**
   * Returns the scaling a {@code rope_scaling} type names.
   *
   * @param type the {@code rope_type} (or {@code type}) value, case-insensitive
   * @return the scaling, {@link #OTHER} for a name not listed here
   */
  public static RotaryScaling ofType(String type) {
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "default", "" -> NONE;
      case "linear" -> LINEAR;
      case "dynamic" -> DYNAMIC;
      case "yarn" -> YARN;
      case "longrope", "su" -> LONGROPE;
      case "llama3" -> LLAMA3;
      default -> OTHER;
    };
  }
}
