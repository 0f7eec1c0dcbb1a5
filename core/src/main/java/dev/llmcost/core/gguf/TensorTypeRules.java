package dev.llmcost.core.gguf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-tensor type choice of {@code llama-quantize}: which ggml type each tensor of a source
 * model gets in a {@link QuantMix}.
 *
 * <p>The rules restate {@code tensor_allows_quantization}, {@code llama_tensor_get_type_impl} and
 * {@code tensor_type_fallback} of llama.cpp's {@code src/llama-quant.cpp}
 * (https://github.com/ggml-org/llama.cpp/blob/master/src/llama-quant.cpp): only tensors of two or
 * more dimensions whose names end in {@code weight} are quantized, never norms, the MoE router
 * ({@code ffn_gate_inp}) or position tables; the output head (and a tied token embedding) gets
 * Q6_K unless the mix is Q8_0 (Q5_K for the 1- and 2-bit i-quant mixes); {@code attn_v} and
 * {@code ffn_down} get more bits in the first and last eighth of the layers and every third layer
 * between ({@code use_more_bits}); a tensor whose rows are not a multiple of the block falls back
 * to a 32-block type (Q4_K → Q5_0, Q5_K → Q5_1, Q6_K → Q8_0, 2–3-bit K → Q4_0, i-quants → IQ4_NL).
 * Tensors are visited in llama.cpp's order (layer number, then name), which fixes the counters the
 * rules read.
 */
public final class TensorTypeRules {
  private TensorTypeRules() {}

  private enum Category { TOKEN_EMBD, ATTN_Q, ATTN_V, ATTN_K, ATTN_QKV, ATTN_KV_B, ATTN_OUTPUT,
    FFN_UP, FFN_GATE, FFN_DOWN, OUTPUT, OTHER }

  /**
   * Returns whether {@code llama-quantize} quantizes a tensor at all.
   *
   * @param name the tensor name
   * @param rank its number of dimensions
   * @return whether it is quantized
   */
  public static boolean isQuantizable(String name, int rank) {
    if (rank < 2 || !name.endsWith("weight")) {
      return false;
    }
    return !name.contains("_norm.weight") && !name.contains("ffn_gate_inp.weight")
        && !name.equals("position_embd.weight") && !name.equals("token_types.weight")
        && !name.contains("ssm_conv1d") && !name.contains("attn_rel_b.weight")
        && !name.contains("altup") && !name.contains("laurel")
        && !name.contains("per_layer_model_proj") && !name.contains("shortconv.conv.weight");
  }

  /**
   * Assigns a type to every tensor of a source model.
   *
   * @param tensors the source tensors (names, shapes and their unquantized types)
   * @param mix the mix
   * @param ctx the model's hyperparameters
   * @return each tensor's name and new type, in the order given
   */
  public static Map<String, GgmlType> assign(List<GgufTensorInfo> tensors, QuantMix mix, QuantContext ctx) {
    boolean tied = tensors.stream().noneMatch(t -> t.name().equals("output.weight"));
    int nAttnV = 0;
    for (GgufTensorInfo t : tensors) {
      Category c = category(t.name());
      if (c == Category.ATTN_V || c == Category.ATTN_QKV || c == Category.ATTN_KV_B) {
        nAttnV++;
      }
    }
    List<GgufTensorInfo> order = new ArrayList<>(tensors);
    order.sort(Comparator.comparingInt((GgufTensorInfo t) -> layerOf(t.name())).thenComparing(GgufTensorInfo::name));
    State s = new State(ctx, mix, tied, nAttnV);
    Map<String, GgmlType> byName = new LinkedHashMap<>();
    for (GgufTensorInfo t : order) {
      byName.put(t.name(), s.typeOf(t));
    }
    Map<String, GgmlType> out = new LinkedHashMap<>();
    for (GgufTensorInfo t : tensors) {
      out.put(t.name(), byName.get(t.name()));
    }
    return out;
  }

  static int layerOf(String name) {
    if (!name.startsWith("blk.")) {
      return -1;
    }
    int end = name.indexOf('.', 4);
    try {
      return Integer.parseInt(name.substring(4, end < 0 ? name.length() : end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Category category(String n) {
    if (n.equals("output.weight")) {
      return Category.OUTPUT;
    }
    if (n.equals("token_embd.weight") || n.equals("per_layer_token_embd.weight")) {
      return Category.TOKEN_EMBD;
    }
    if (n.contains("attn_qkv.weight")) {
      return Category.ATTN_QKV;
    }
    if (n.contains("attn_kv_b.weight")) {
      return Category.ATTN_KV_B;
    }
    if (n.contains("attn_v.weight")) {
      return Category.ATTN_V;
    }
    if (n.contains("attn_k.weight")) {
      return Category.ATTN_K;
    }
    if (n.contains("attn_q.weight")) {
      return Category.ATTN_Q;
    }
    if (n.contains("attn_output.weight")) {
      return Category.ATTN_OUTPUT;
    }
    if (n.contains("ffn_up")) {
      return Category.FFN_UP;
    }
    if (n.contains("ffn_gate")) {
      return Category.FFN_GATE;
    }
    if (n.contains("ffn_down")) {
      return Category.FFN_DOWN;
    }
    return Category.OTHER;
  }

  private static final class State {
    private final QuantContext ctx;
    private final QuantMix f;
    private final boolean tied;
    private final int nAttnV;
    private int iAttnV;
    private int iFfnDown;
    private int iFfnGate;
    private int iFfnUp;

    State(QuantContext ctx, QuantMix f, boolean tied, int nAttnV) {
      this.ctx = ctx;
      this.f = f;
      this.tied = tied;
      this.nAttnV = nAttnV;
    }

    GgmlType typeOf(GgufTensorInfo t) {
      if (!isQuantizable(t.name(), t.rank())) {
        return t.type();
      }
      GgmlType type = f.defaultType();
      if (!type.isQuantized()) {
        return type;
      }
      type = rules(t, category(t.name()), type);
      return fallback(t, type);
    }

    private static boolean useMoreBits(int i, int n) {
      return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
    }

    private int layer(GgufTensorInfo t, int counter) {
      return ctx.experts() > 1 ? Math.max(0, layerOf(t.name())) : counter;
    }

    private boolean is(QuantMix... ms) {
      for (QuantMix m : ms) {
        if (f == m) {
          return true;
        }
      }
      return false;
    }

    private GgmlType rules(GgufTensorInfo t, Category c, GgmlType type) {
      int nLayer = ctx.layers();
      int experts = ctx.experts();
      boolean falcon = ctx.architecture().equals("falcon");
      boolean attnVLike = c == Category.ATTN_V || c == Category.ATTN_QKV || c == Category.ATTN_KV_B;
      if (c == Category.OUTPUT || (tied && c == Category.TOKEN_EMBD)) {
        if (f == QuantMix.MXFP4_MOE) {
          return GgmlType.Q8_0;
        }
        if (falcon || t.dim(0) % type.blockSize() != 0) {
          return GgmlType.Q8_0;
        }
        if (is(QuantMix.IQ2_XXS, QuantMix.IQ2_XS, QuantMix.IQ3_XXS, QuantMix.IQ1_S, QuantMix.IQ2_S,
            QuantMix.IQ2_M, QuantMix.IQ1_M)) {
          return GgmlType.Q5_K;
        }
        return type != GgmlType.Q8_0 ? GgmlType.Q6_K : type;
      }
      if (f == QuantMix.MXFP4_MOE) {
        return t.dim(2) > 1 ? GgmlType.MXFP4 : GgmlType.Q8_0;
      }
      if (c == Category.TOKEN_EMBD) {
        if (is(QuantMix.IQ2_XXS, QuantMix.IQ2_XS, QuantMix.IQ1_S, QuantMix.IQ1_M)) {
          return GgmlType.Q2_K;
        }
        if (is(QuantMix.IQ2_S, QuantMix.IQ2_M, QuantMix.IQ3_XXS)) {
          return GgmlType.IQ3_S;
        }
        if (is(QuantMix.TQ1_0, QuantMix.TQ2_0)) {
          return GgmlType.Q4_K;
        }
        return type;
      }
      if (is(QuantMix.IQ2_XXS, QuantMix.IQ2_XS, QuantMix.IQ1_S, QuantMix.IQ2_S, QuantMix.IQ2_M, QuantMix.IQ1_M)) {
        boolean s2 = is(QuantMix.IQ2_S, QuantMix.IQ2_M);
        if (attnVLike) {
          iAttnV++;
          return ctx.gqa() >= 4 || experts >= 4 ? GgmlType.Q4_K : s2 ? GgmlType.IQ3_S : GgmlType.Q2_K;
        }
        if (experts == 8 && c == Category.ATTN_K) {
          return GgmlType.Q4_K;
        }
        if (c == Category.FFN_DOWN) {
          GgmlType r = iFfnDown < nLayer / 8 ? (s2 ? GgmlType.IQ3_S : GgmlType.Q2_K) : type;
          iFfnDown++;
          return r;
        }
        if (c == Category.ATTN_OUTPUT) {
          if (experts == 8) {
            return GgmlType.Q5_K;
          }
          if (is(QuantMix.IQ1_S, QuantMix.IQ1_M)) {
            return GgmlType.IQ2_XXS;
          }
          if (s2) {
            return GgmlType.IQ3_S;
          }
        }
        return type;
      }
      if (attnVLike) {
        GgmlType r = type;
        int gqa = ctx.gqa();
        if (f == QuantMix.Q2_K) {
          r = gqa >= 4 ? GgmlType.Q4_K : GgmlType.Q3_K;
        } else if (f == QuantMix.Q2_K_S && gqa >= 4) {
          r = GgmlType.Q4_K;
        } else if (f == QuantMix.IQ3_XXS) {
          r = gqa >= 4 ? GgmlType.Q4_K : !ctx.imatrix() ? GgmlType.IQ3_S : GgmlType.IQ3_XXS;
        } else if (is(QuantMix.IQ3_XS, QuantMix.IQ3_S) && gqa >= 4) {
          r = GgmlType.Q4_K;
        } else if (f == QuantMix.IQ3_M) {
          r = GgmlType.Q4_K;
        } else if (f == QuantMix.Q3_K_M) {
          r = iAttnV < 2 ? GgmlType.Q5_K : GgmlType.Q4_K;
        } else if (f == QuantMix.Q3_K_L) {
          r = GgmlType.Q5_K;
        } else if (is(QuantMix.IQ4_NL, QuantMix.IQ4_XS) && gqa >= 4) {
          r = GgmlType.Q5_K;
        } else if (is(QuantMix.Q4_K_M, QuantMix.Q5_K_M) && useMoreBits(iAttnV, nAttnV)) {
          r = GgmlType.Q6_K;
        } else if (f == QuantMix.Q4_K_S && iAttnV < 4) {
          r = GgmlType.Q5_K;
        }
        if (ctx.is70B() && (r == GgmlType.Q3_K || r == GgmlType.Q4_K)) {
          r = GgmlType.Q5_K;
        }
        if (experts == 8) {
          r = GgmlType.Q8_0;
        }
        iAttnV++;
        return r;
      }
      if (c == Category.ATTN_K) {
        if (experts == 8) {
          return GgmlType.Q8_0;
        }
        if (f == QuantMix.IQ3_XS) {
          return GgmlType.IQ3_XXS;
        }
        if (f == QuantMix.IQ3_XXS) {
          return GgmlType.IQ2_S;
        }
        return type;
      }
      if (c == Category.ATTN_Q) {
        if (f == QuantMix.IQ3_XS) {
          return GgmlType.IQ3_XXS;
        }
        if (f == QuantMix.IQ3_XXS) {
          return GgmlType.IQ2_S;
        }
        return type;
      }
      if (c == Category.FFN_DOWN) {
        int i = layer(t, iFfnDown);
        int n = nLayer;
        GgmlType r = type;
        if (f == QuantMix.Q2_K) {
          r = GgmlType.Q3_K;
        } else if (f == QuantMix.Q2_K_S) {
          if (i < n / 8) {
            r = GgmlType.Q4_K;
          }
        } else if (f == QuantMix.IQ3_XXS && !ctx.imatrix()) {
          r = i < n / 8 ? GgmlType.Q4_K : GgmlType.Q3_K;
        } else if (f == QuantMix.Q3_K_M) {
          r = i < n / 16 ? GgmlType.Q5_K : !falcon || useMoreBits(i, n) ? GgmlType.Q4_K : GgmlType.Q3_K;
        } else if (f == QuantMix.IQ3_M && (i < n / 8 || (experts == 8 && useMoreBits(i, n)))) {
          r = GgmlType.Q4_K;
        } else if (f == QuantMix.Q3_K_L) {
          r = falcon ? GgmlType.Q4_K : GgmlType.Q5_K;
        } else if (f == QuantMix.Q4_K_M) {
          if (falcon) {
            r = i < n / 16 ? GgmlType.Q6_K : useMoreBits(i, n) ? GgmlType.Q5_K : GgmlType.Q4_K;
          } else if (useMoreBits(i, n)) {
            r = GgmlType.Q6_K;
          }
        } else if (i < n / 8 && is(QuantMix.IQ4_NL, QuantMix.IQ4_XS) && !ctx.imatrix()) {
          r = GgmlType.Q5_K;
        } else if (f == QuantMix.Q5_K_M && useMoreBits(i, n)) {
          r = GgmlType.Q6_K;
        } else if (f == QuantMix.Q4_K_S && !falcon && i < n / 8) {
          r = GgmlType.Q5_K;
        } else if (is(QuantMix.Q4_0, QuantMix.Q5_0) && ctx.imatrix() && i < n / 8) {
          r = f == QuantMix.Q4_0 ? GgmlType.Q4_1 : GgmlType.Q5_1;
        }
        iFfnDown++;
        return r;
      }
      if (c == Category.ATTN_OUTPUT) {
        if (!falcon) {
          if (experts == 8) {
            if (is(QuantMix.Q2_K, QuantMix.IQ3_XS, QuantMix.IQ3_XXS, QuantMix.Q3_K_S, QuantMix.Q3_K_M,
                QuantMix.IQ4_NL, QuantMix.Q4_K_S, QuantMix.Q4_K_M, QuantMix.IQ3_S, QuantMix.IQ3_M,
                QuantMix.IQ4_XS)) {
              return GgmlType.Q5_K;
            }
          } else {
            if (f == QuantMix.Q2_K) {
              return GgmlType.Q3_K;
            }
            if (f == QuantMix.IQ3_XXS) {
              return GgmlType.IQ3_S;
            }
            if (f == QuantMix.Q3_K_M || f == QuantMix.IQ3_M) {
              return GgmlType.Q4_K;
            }
            if (f == QuantMix.Q3_K_L) {
              return GgmlType.Q5_K;
            }
          }
        } else if (f == QuantMix.Q3_K_L) {
          return GgmlType.Q4_K;
        }
        return type;
      }
      if (c == Category.ATTN_QKV) {
        return type;
      }
      if (c == Category.FFN_GATE || c == Category.FFN_UP) {
        int i = layer(t, c == Category.FFN_GATE ? iFfnGate : iFfnUp);
        if (c == Category.FFN_GATE) {
          iFfnGate++;
        } else {
          iFfnUp++;
        }
        if (f == QuantMix.IQ3_XS && i >= nLayer / 8 && i < 7 * nLayer / 8) {
          return GgmlType.IQ3_XXS;
        }
        return type;
      }
      return type;
    }

    private static GgmlType fallback(GgufTensorInfo t, GgmlType type) {
      long cols = t.dim(0);
      if (cols % type.blockSize() == 0) {
        return type;
      }
      GgmlType r = switch (type) {
        case IQ1_S, IQ1_M, IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS, IQ3_S, IQ4_XS -> GgmlType.IQ4_NL;
        case Q2_K, Q3_K, TQ1_0, TQ2_0 -> GgmlType.Q4_0;
        case Q4_K -> GgmlType.Q5_0;
        case Q5_K -> GgmlType.Q5_1;
        case Q6_K -> GgmlType.Q8_0;
        default -> GgmlType.F16;
      };
      return cols % r.blockSize() == 0 ? r : GgmlType.F16;
    }
  }
}
