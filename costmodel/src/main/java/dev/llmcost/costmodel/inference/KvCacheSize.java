package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.LayerSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.SparseAttentionIndexer;

/**
 * The size of the KV cache: what one token stores, what a sequence stores when some layers attend
 * within a sliding window, and what one GPU holds under tensor and pipeline parallelism.
 *
 * <p>Per token and layer, multi-head attention stores a key and a value of {@code headDim} for
 * every KV head: {@code 2 · kvHeads · headDim} elements, so grouped-query attention (Ainslie et al.
 * 2023) stores {@code heads / kvHeads} times less than multi-head attention and multi-query
 * attention (Shazeer 2019) keeps one head. Multi-head latent attention (DeepSeek-V2,
 * arXiv:2405.04434 §2.1.2) stores the compressed latent and the shared rotary key: {@code
 * kvLoraRank + qkRopeHeadDim} elements, 576 for DeepSeek-V3, so its 61 layers take 61 · 576 · 2 =
 * 70,272 bytes per token in bf16. A sliding-window layer (Mistral 7B v0.1, Gemma 2/3, gpt-oss)
 * keeps at most {@code window} tokens, a chunked-attention layer (Llama 4) at most one chunk; gpt-oss's
 * attention sinks are learned logits and cache nothing. DeepSeek-V3.2's indexer adds one key per
 * token and layer. Linear-attention and state-space layers (Qwen3-Next's gated DeltaNet, Mamba,
 * Jamba) cache no keys: each sequence keeps a recurrent state of constant size instead ({@link
 * ModelArchitecture#recurrentStateElements()}), counted here in the same element type.
 */
public final class KvCacheSize {
  private KvCacheSize() {}

  /**
   * Returns the bytes one token stores across all layers, ignoring sliding windows.
   *
   * @param model the model
   * @param dtype the KV-cache element type
   * @return bytes per token
   */
  public static long bytesPerToken(ModelArchitecture model, DType dtype) {
    return dtype.sizeOf(model.kvCacheElementsPerToken()).bytes();
  }

  /**
   * Returns the bytes a sequence of {@code tokens} tokens stores across all layers, sliding-window
   * layers keeping at most their window.
   *
   * @param model the model
   * @param dtype the KV-cache element type
   * @param tokens tokens in the sequence, at least 0
   * @return bytes
   * @throws IllegalArgumentException if {@code tokens} is negative
   */
  public static long bytesPerSequence(ModelArchitecture model, DType dtype, long tokens) {
    Require.nonNegative("tokens", tokens);
    return dtype.sizeOf(
            Math.addExact(model.kvCacheElementsPerSequence(tokens), model.recurrentStateElements()))
        .bytes();
  }

  /**
   * Returns the bytes of the recurrent state one sequence keeps in the linear-attention and
   * state-space layers, whatever its length (0 for a pure transformer).
   *
   * @param model the model
   * @param dtype the state's element type
   * @return bytes per sequence
   */
  public static long recurrentStateBytes(ModelArchitecture model, DType dtype) {
    return dtype.sizeOf(model.recurrentStateElements()).bytes();
  }

  /**
   * Returns the largest window or chunk of the windowed attention layers, 0 when there are none.
   *
   * @param model the model
   * @return tokens
   */
  public static int window(ModelArchitecture model) {
    int w = 0;
    for (LayerSpec l : model.layerPattern()) {
      w = Math.max(w, l.window());
    }
    return w;
  }

  /**
   * Returns the KV heads one GPU holds under tensor parallelism: {@code kvHeads / tp} when {@code
   * tp} divides them, 1 when {@code tp} is a multiple of them (the head is replicated on {@code tp /
   * kvHeads} GPUs); for latent attention the latent is shared by all heads and every GPU holds it.
   *
   * @param model the model
   * @param tp the tensor-parallel degree
   * @return KV heads (or latents) per GPU
   * @throws IllegalArgumentException if {@code tp} is not positive
   */
  public static int kvHeadsPerGpu(ModelArchitecture model, int tp) {
    Require.positive("tp", tp);
    if (model.attention() instanceof MultiHeadAttention m) {
      return Math.max(1, m.kvHeads() / tp);
    }
    return 1;
  }

  /**
   * Returns the KV-cache elements one token stores in one layer on one GPU.
   *
   * @param model the model
   * @param tp the tensor-parallel degree
   * @return elements per token per layer per GPU
   */
  public static long elementsPerTokenPerLayerPerGpu(ModelArchitecture model, int tp) {
    if (model.attention() instanceof MultiHeadAttention m) {
      return 2L * m.headDim() * kvHeadsPerGpu(model, tp);
    }
    LatentAttention l = (LatentAttention) model.attention();
    return (long) l.kvLoraRank() + l.qkRopeHeadDim() + model.indexer().map(SparseAttentionIndexer::headDim).orElse(0);
  }

  /**
   * Returns the layers the largest pipeline stage holds: {@code ceil(layers / pp)}.
   *
   * @param model the model
   * @param pp pipeline stages
   * @return layers
   */
  public static int layersPerStage(ModelArchitecture model, int pp) {
    Require.positive("pp", pp);
    return (model.layers() + pp - 1) / pp;
  }

  /**
   * Returns the sliding-window layers of the largest pipeline stage, taken in proportion and
   * rounded down.
   *
   * @param model the model
   * @param pp pipeline stages
   * @return sliding-window layers on that stage
   */
  public static int windowLayersPerStage(ModelArchitecture model, int pp) {
    int windowed = 0;
    for (LayerSpec l : model.layerPattern()) {
      windowed += l.mixer().isWindowed() ? 1 : 0;
    }
    return (int) ((long) windowed * layersPerStage(model, pp) / model.layers());
  }

  /**
   * Returns the layers with attention of the largest pipeline stage, taken in proportion and
   * rounded up.
   *
   * @param model the model
   * @param pp pipeline stages
   * @return attention layers on that stage
   */
  public static int attentionLayersPerStage(ModelArchitecture model, int pp) {
    long n = (long) model.attentionLayers() * layersPerStage(model, pp);
    return (int) ((n + model.layers() - 1) / model.layers());
  }

  /**
   * Returns the bytes one token stores on one GPU (the largest pipeline stage), ignoring windows.
   *
   * @param model the model
   * @param dtype the KV-cache element type
   * @param tp the tensor-parallel degree
   * @param pp pipeline stages
   * @return bytes per token per GPU
   */
  public static long bytesPerTokenPerGpu(ModelArchitecture model, DType dtype, int tp, int pp) {
    return dtype.sizeOf(elementsPerTokenPerLayerPerGpu(model, tp) * attentionLayersPerStage(model, pp)).bytes();
  }

  /**
   * Returns the bytes a sequence of {@code tokens} tokens stores on one GPU (the largest pipeline
   * stage), sliding-window layers keeping at most their window.
   *
   * @param model the model
   * @param dtype the KV-cache element type
   * @param tp the tensor-parallel degree
   * @param pp pipeline stages
   * @param tokens tokens in the sequence, at least 0
   * @return bytes
   * @throws IllegalArgumentException if {@code tokens} is negative
   */
  public static long bytesPerSequencePerGpu(
      ModelArchitecture model, DType dtype, int tp, int pp, long tokens) {
    Require.nonNegative("tokens", tokens);
    long perLayer = elementsPerTokenPerLayerPerGpu(model, tp);
    int layers = attentionLayersPerStage(model, pp);
    int windowLayers = Math.min(layers, windowLayersPerStage(model, pp));
    long window = window(model);
    long elements =
        Math.addExact(
            Math.multiplyExact(Math.multiplyExact(perLayer, tokens), (long) layers - windowLayers),
            Math.multiplyExact(Math.multiplyExact(perLayer, Math.min(tokens, window)), (long) windowLayers));
    // the recurrent state of this stage's share of the recurrent layers, split across tp like heads
    long state = model.recurrentStateElements() * layersPerStage(model, pp) / model.layers() / tp;
    return dtype.sizeOf(Math.addExact(elements, state)).bytes();
  }
}
