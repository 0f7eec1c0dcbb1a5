package dev.llmcost.core.gguf;

import dev.llmcost.core.model.Attention;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.NormKind;
import dev.llmcost.core.model.QkNorm;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of a GGUF model, read from a file or laid out from an architecture with llama.cpp's
 * tensor names ({@code token_embd}, {@code blk.N.attn_q}, {@code blk.N.ffn_down_exps} ...), and
 * their exact bytes in any {@link QuantMix}.
 *
 * <p>A layout from an architecture holds the tensors {@code convert_hf_to_gguf.py} writes: 1-D
 * tensors (norms, biases) in F32, matrices in F16, the MoE router in F32, routed experts as one
 * 3-D tensor per projection. Quantizing it applies {@link TensorTypeRules}; the predicted file is
 * the tensor bytes, each padded to the alignment, plus the header.
 */
public final class GgufLayout {
  private final List<GgufTensorInfo> tensors;
  private final QuantContext context;
  private final int alignment;

  private GgufLayout(List<GgufTensorInfo> tensors, QuantContext context, int alignment) {
    this.tensors = List.copyOf(tensors);
    this.context = context;
    this.alignment = alignment;
  }

  /**
   * Returns the layout of a GGUF file's tensors as stored.
   *
   * @param file the header
   * @return the layout
   * @throws GgufFormatException if the file lacks the head or layer counts
   */
  public static GgufLayout of(GgufFile file) {
    return new GgufLayout(file.tensors(), GgufModels.quantContext(file), file.alignment());
  }

  /**
   * Lays out an architecture as {@code convert_hf_to_gguf.py} would, unquantized.
   *
   * @param a the architecture
   * @param architecture the GGUF architecture name ({@code llama}, {@code qwen2} ...)
   * @return the layout
   */
  public static GgufLayout of(ModelArchitecture a, String architecture) {
    List<GgufTensorInfo> t = new ArrayList<>();
    int h = a.hidden();
    boolean ln = a.normalization().kind() == NormKind.LAYER_NORM;
    add(t, "token_embd.weight", GgmlType.F16, h, a.vocabSize());
    for (int i = 0; i < a.layers(); i++) {
      String p = "blk." + i + ".";
      norm(t, p + "attn_norm", h, ln);
      Attention att = a.attention();
      if (att instanceof MultiHeadAttention m) {
        int q = m.queryWidth();
        int kv = m.kvWidth();
        add(t, p + "attn_q.weight", GgmlType.F16, h, q);
        add(t, p + "attn_k.weight", GgmlType.F16, h, kv);
        add(t, p + "attn_v.weight", GgmlType.F16, h, kv);
        add(t, p + "attn_output.weight", GgmlType.F16, q, h);
        if (m.qkvBias()) {
          add(t, p + "attn_q.bias", GgmlType.F32, q);
          add(t, p + "attn_k.bias", GgmlType.F32, kv);
          add(t, p + "attn_v.bias", GgmlType.F32, kv);
        }
        if (m.outputBias()) {
          add(t, p + "attn_output.bias", GgmlType.F32, h);
        }
        if (m.qkNorm() == QkNorm.PER_HEAD) {
          add(t, p + "attn_q_norm.weight", GgmlType.F32, m.headDim());
          add(t, p + "attn_k_norm.weight", GgmlType.F32, m.headDim());
        } else if (m.qkNorm() == QkNorm.FULL_WIDTH) {
          add(t, p + "attn_q_norm.weight", GgmlType.F32, q);
          add(t, p + "attn_k_norm.weight", GgmlType.F32, kv);
        }
      } else if (att instanceof LatentAttention m) {
        latent(t, p, h, m);
      } else {
        long params = att.parameters(h, a.normalization().kind());
        add(t, p + "attn_other.weight", GgmlType.F16, h, Math.max(1, params / h));
      }
      norm(t, p + "ffn_norm", h, ln);
      MixtureOfExperts moe = a.moe();
      if (moe.isPresent() && moe.isMoeLayer(i)) {
        int e = moe.routedExperts();
        int ff = moe.expertIntermediateSize();
        add(t, p + "ffn_gate_inp.weight", GgmlType.F32, h, e);
        if (moe.routerBias()) {
          add(t, p + "exp_probs_b.bias", GgmlType.F32, e);
        }
        if (a.feedForward().gated()) {
          add(t, p + "ffn_gate_exps.weight", GgmlType.F16, h, ff, e);
        }
        add(t, p + "ffn_up_exps.weight", GgmlType.F16, h, ff, e);
        add(t, p + "ffn_down_exps.weight", GgmlType.F16, ff, h, e);
        int sff = moe.sharedIntermediateSize();
        if (sff > 0) {
          if (a.feedForward().gated()) {
            add(t, p + "ffn_gate_shexp.weight", GgmlType.F16, h, sff);
          }
          add(t, p + "ffn_up_shexp.weight", GgmlType.F16, h, sff);
          add(t, p + "ffn_down_shexp.weight", GgmlType.F16, sff, h);
          if (moe.sharedExpertGate()) {
            add(t, p + "ffn_gate_inp_shexp.weight", GgmlType.F32, h);
          }
        }
      } else {
        int ff = a.feedForward().intermediateSize();
        if (a.feedForward().gated()) {
          add(t, p + "ffn_gate.weight", GgmlType.F16, h, ff);
        }
        add(t, p + "ffn_up.weight", GgmlType.F16, h, ff);
        add(t, p + "ffn_down.weight", GgmlType.F16, ff, h);
        if (a.feedForward().bias()) {
          add(t, p + "ffn_up.bias", GgmlType.F32, ff);
          add(t, p + "ffn_down.bias", GgmlType.F32, h);
        }
      }
    }
    norm(t, "output_norm", h, ln);
    if (!a.embeddings().tiedOutput()) {
      add(t, "output.weight", GgmlType.F16, h, a.vocabSize());
    }
    // MLA files store the latent as one shared KV head (head_count_kv = 1).
    int kvHeads = a.attention() instanceof MultiHeadAttention m ? m.kvHeads()
        : a.attention() instanceof LatentAttention ? 1 : a.heads();
    QuantContext ctx = new QuantContext(
        architecture, a.layers(), a.heads(), kvHeads, a.moe().routedExperts(), false);
    return new GgufLayout(t, ctx, GgufFile.DEFAULT_ALIGNMENT);
  }

  /**
   * Multi-head latent attention as llama.cpp's {@code deepseek2} loader reads it ({@code
   * src/models/deepseek2.cpp}, {@code load_arch_tensors}): {@code attn_q_a} (hidden × qLoraRank),
   * its norm and {@code attn_q_b} (qLoraRank × heads·(nope+rope)), or one {@code attn_q};
   * {@code attn_kv_a_mqa} (hidden × (kvLoraRank + rope)) and its norm; the key and value halves of
   * {@code kv_b_proj} split as the converter writes them for MLA, {@code attn_k_b} (nope ×
   * kvLoraRank × heads) and {@code attn_v_b} (kvLoraRank × v × heads); {@code attn_output} (heads·v
   * × hidden).
   */
  private static void latent(List<GgufTensorInfo> t, String p, int h, LatentAttention m) {
    int heads = m.heads();
    int qr = m.qLoraRank();
    int r = m.kvLoraRank();
    int rope = m.qkRopeHeadDim();
    if (qr > 0) {
      add(t, p + "attn_q_a_norm.weight", GgmlType.F32, qr);
      add(t, p + "attn_q_a.weight", GgmlType.F16, h, qr);
      add(t, p + "attn_q_b.weight", GgmlType.F16, qr, m.queryWidth());
      if (m.bias()) {
        add(t, p + "attn_q_a.bias", GgmlType.F32, qr);
      }
    } else {
      add(t, p + "attn_q.weight", GgmlType.F16, h, m.queryWidth());
    }
    add(t, p + "attn_kv_a_norm.weight", GgmlType.F32, r);
    add(t, p + "attn_kv_a_mqa.weight", GgmlType.F16, h, r + rope);
    add(t, p + "attn_k_b.weight", GgmlType.F16, m.qkNopeHeadDim(), r, heads);
    add(t, p + "attn_v_b.weight", GgmlType.F16, r, m.vHeadDim(), heads);
    add(t, p + "attn_output.weight", GgmlType.F16, (long) heads * m.vHeadDim(), h);
    if (m.bias()) {
      add(t, p + "attn_kv_a_mqa.bias", GgmlType.F32, r + rope);
      add(t, p + "attn_output.bias", GgmlType.F32, h);
    }
  }

  private static void norm(List<GgufTensorInfo> t, String name, int h, boolean bias) {
    add(t, name + ".weight", GgmlType.F32, h);
    if (bias) {
      add(t, name + ".bias", GgmlType.F32, h);
    }
  }

  private static void add(List<GgufTensorInfo> t, String name, GgmlType type, long... dims) {
    GgmlType ty = type.isQuantized() || dims[0] % type.blockSize() == 0 ? type : GgmlType.F16;
    t.add(new GgufTensorInfo(name, dims, ty, 0));
  }

  /**
   * Returns this layout quantized with {@code mix} as {@code llama-quantize} would.
   *
   * @param mix the mix
   * @param imatrix whether an importance matrix is used
   * @return the quantized layout
   */
  public GgufLayout quantize(QuantMix mix, boolean imatrix) {
    QuantContext ctx = context.withImatrix(imatrix);
    Map<String, GgmlType> types = TensorTypeRules.assign(tensors, mix, ctx);
    List<GgufTensorInfo> out = new ArrayList<>();
    for (GgufTensorInfo t : tensors) {
      out.add(new GgufTensorInfo(t.name(), t.dims(), types.get(t.name()), 0));
    }
    return new GgufLayout(out, ctx, alignment);
  }

  /** Returns the tensors. */
  public List<GgufTensorInfo> tensors() {
    return tensors;
  }

  /** Returns the hyperparameters the type rules read. */
  public QuantContext context() {
    return context;
  }

  /** Returns the sum of the tensors' elements. */
  public long parameters() {
    long s = 0;
    for (GgufTensorInfo t : tensors) {
      s = Math.addExact(s, t.elements());
    }
    return s;
  }

  /** Returns the sum of the tensors' exact data bytes (what llama-bench prints as the size). */
  public long tensorBytes() {
    long s = 0;
    for (GgufTensorInfo t : tensors) {
      s = Math.addExact(s, t.bytes());
    }
    return s;
  }

  /** Returns the data section's bytes: each tensor padded to the alignment. */
  public long paddedTensorBytes() {
    long s = 0;
    for (GgufTensorInfo t : tensors) {
      s = Math.addExact(s, (t.bytes() + alignment - 1) / alignment * alignment);
    }
    return s;
  }

  /** Returns the bytes of tensors per ggml type, in type order. */
  public Map<GgmlType, Long> bytesByType() {
    Map<GgmlType, Long> m = new EnumMap<>(GgmlType.class);
    for (GgufTensorInfo t : tensors) {
      m.merge(t.type(), t.bytes(), Long::sum);
    }
    return m;
  }

  /** Returns the parameters per tensor group ({@link TensorGroup}), in group order. */
  public Map<TensorGroup, Long> parametersByGroup() {
    Map<TensorGroup, Long> m = new EnumMap<>(TensorGroup.class);
    for (GgufTensorInfo t : tensors) {
      m.merge(TensorGroup.of(t.name()), t.elements(), Long::sum);
    }
    return m;
  }

  /** Returns the bytes per tensor group, in group order. */
  public Map<TensorGroup, Long> bytesByGroup() {
    Map<TensorGroup, Long> m = new EnumMap<>(TensorGroup.class);
    for (GgufTensorInfo t : tensors) {
      m.merge(TensorGroup.of(t.name()), t.bytes(), Long::sum);
    }
    return m;
  }

  /** Returns the data bytes of layer {@code i}'s tensors ({@code blk.i.*}). */
  public long layerBytes(int i) {
    long s = 0;
    for (GgufTensorInfo t : tensors) {
      if (TensorTypeRules.layerOf(t.name()) == i) {
        s += t.bytes();
      }
    }
    return s;
  }

  /** Returns the data bytes of the routed experts of layer {@code i} ({@code blk.i.*_exps}). */
  public long expertBytes(int i) {
    long s = 0;
    for (GgufTensorInfo t : tensors) {
      if (TensorTypeRules.layerOf(t.name()) == i && TensorGroup.of(t.name()) == TensorGroup.ROUTED_EXPERTS) {
        s += t.bytes();
      }
    }
    return s;
  }

  /** Returns the bytes of tensors outside the layers (embeddings, output head, final norm). */
  public long nonLayerBytes() {
    long s = 0;
    for (GgufTensorInfo t : tensors) {
      if (TensorTypeRules.layerOf(t.name()) < 0) {
        s += t.bytes();
      }
    }
    return s;
  }

  /** Returns the bytes of the output head (the token embedding when tied). */
  public long outputHeadBytes() {
    for (GgufTensorInfo t : tensors) {
      if (t.name().equals("output.weight")) {
        return t.bytes();
      }
    }
    for (GgufTensorInfo t : tensors) {
      if (t.name().equals("token_embd.weight")) {
        return t.bytes();
      }
    }
    return 0;
  }

  /** Returns the number of bytes per type as a readable map of ggml names, for reports. */
  public Map<String, Long> bytesByTypeName() {
    Map<String, Long> m = new LinkedHashMap<>();
    bytesByType().forEach((k, v) -> m.put(k.name(), v));
    return m;
  }

  /**
   * Returns a predicted file size: the padded tensor data plus {@code headerBytes}, padded.
   *
   * @param headerBytes bytes of metadata and tensor infos
   * @return bytes
   */
  public long fileSize(long headerBytes) {
    return (headerBytes + alignment - 1) / alignment * alignment + paddedTensorBytes();
  }

  /**
   * Estimates the header of a file with a vocabulary of {@code vocabSize} tokens: tensor infos
   * (name, dimensions, type, offset) plus the tokenizer arrays, counted as 60 bytes per token
   * (a token string of about 7 bytes with its 8-byte length, a float score, an int32 type, and
   * for byte-level BPE about two merges of about 12 bytes each with their lengths).
   *
   * @param vocabSize tokens in the vocabulary
   * @return bytes (an estimate; a real file's header is exact in {@link GgufFile#dataOffset()})
   */
  public long estimatedHeaderBytes(int vocabSize) {
    long infos = 0;
    for (GgufTensorInfo t : tensors) {
      infos += 8 + t.name().length() + 4 + 8L * t.rank() + 4 + 8;
    }
    return 24 + 4096 + infos + 60L * vocabSize;
  }
}
