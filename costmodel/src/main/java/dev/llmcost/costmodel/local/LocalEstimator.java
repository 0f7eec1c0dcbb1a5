package dev.llmcost.costmodel.local;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.gguf.GgmlType;
import dev.llmcost.core.gguf.GgufLayout;
import dev.llmcost.core.gguf.GgufTensorInfo;
import dev.llmcost.core.local.LocalDevice;
import dev.llmcost.core.local.LocalDeviceKind;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.ModelArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Estimates a {@link LocalRun} the way llama.cpp executes it.
 *
 * <p>Placement: {@code -ngl N} puts the last N repeating layers on the GPU and, when N exceeds
 * the layer count, the output head; the token embedding always stays in host RAM; {@code
 * --n-cpu-moe M} keeps the routed experts of the first M layers in host RAM; each layer's KV cache
 * lives with the layer (llama.cpp {@code src/llama-model.cpp}, {@code llama_model::load_tensors};
 * {@code common/arg.cpp} for {@code --n-cpu-moe}).
 *
 * <p>Token generation is memory-bound (Williams et al. 2009 roofline; for batch-1 decoding every
 * weight is read once per token): each device's time is the bytes it reads for one token — its
 * weights, only top-k of E routed experts, and the KV cache up to the current position — over its
 * memory bandwidth times the fitted fraction of {@link LocalProfile}, plus a fixed per-token time
 * on a GPU. Prompt processing is compute-bound: 2 FLOPs per active non-embedding parameter per
 * token plus attention ({@code 2 × tokens × context × (key + value widths)} per layer, the
 * widths of the latent for multi-head latent attention; with flash attention the masked half is
 * skipped) over the device's peak times the fitted fraction; CUDA's
 * quantized matmuls run on INT8 tensor cores (llama.cpp MMQ, PR #7860), unquantized ones on FP16
 * tensor cores. Layers left in host RAM are copied to the GPU over PCIe for each 512-token
 * micro-batch (llama.cpp's default op offload) on a discrete GPU, and computed by the CPU on
 * unified memory or a CPU.
 */
public final class LocalEstimator {
  private LocalEstimator() {}

  /** Fraction of unified memory macOS lets the GPU wire by default (recommendedMaxWorkingSetSize). */
  public static final double UNIFIED_GPU_FRACTION = 0.75;

  /** GPU memory a discrete GPU's driver and CUDA context keep, in bytes (0.5 GiB). */
  public static final long DISCRETE_RESERVE_BYTES = 512L << 20;

  /**
   * Estimates a run.
   *
   * @param run the run
   * @return the estimate
   */
  public static LocalEstimate estimate(LocalRun run) {
    ModelArchitecture a = run.architecture();
    GgufLayout l = run.layout();
    LocalDevice dev = run.device();
    LocalDevice host = run.host();
    LocalProfile p = run.profile();
    List<String> as = new ArrayList<>();
    int n = a.layers();
    int gl = dev.kind() == LocalDeviceKind.CPU ? 0 : Math.min(run.gpuLayers(), n);
    boolean outOnGpu = dev.kind() != LocalDeviceKind.CPU && run.gpuLayers() > n;
    int firstGpu = n - gl;
    double routedShare = a.isMoe() ? (double) a.moe().expertsPerToken() / a.moe().routedExperts() : 0;

    long out = outputBytes(l);
    long total = l.tensorBytes();
    long gpuW = 0;
    double gpuRead = 0;
    double cpuRead = 0;
    long cpuLayerW = 0;
    for (int i = 0; i < n; i++) {
      long lb = l.layerBytes(i);
      long eb = l.expertBytes(i);
      boolean onGpu = i >= firstGpu;
      boolean expertsOnCpu = !onGpu || i < run.cpuMoeLayers();
      double read = lb - eb;
      if (onGpu) {
        gpuW += lb - (expertsOnCpu ? eb : 0);
        gpuRead += read + (expertsOnCpu ? 0 : eb * routedShare);
        cpuRead += expertsOnCpu ? eb * routedShare : 0;
        if (expertsOnCpu) {
          cpuLayerW += eb;
        }
      } else {
        cpuRead += read + eb * routedShare;
        cpuLayerW += lb;
      }
    }
    if (outOnGpu) {
      gpuW += out;
      gpuRead += out;
    } else {
      cpuRead += out;
    }
    boolean tied = l.tensors().stream().noneMatch(t -> t.name().equals("output.weight"));
    long embedBytes = l.tensors().stream().filter(t -> t.name().equals("token_embd.weight"))
        .mapToLong(GgufTensorInfo::bytes).sum();
    // A tied head on the GPU is a copy of the token embedding, which stays in host RAM too.
    long cpuW = total - gpuW + (tied && outOnGpu ? embedBytes : 0);

    // KV cache: elements per token per layer × bytes per element.
    double kvPerTokenLayer = (double) a.kvCacheElementsPerToken() / n * run.kvCache().bytesPerElement();
    DataSize kv = DataSize.ofBytesCeil(kvPerTokenLayer * n * run.contextLength());
    DataSize gpuKv = DataSize.ofBytesCeil(kvPerTokenLayer * gl * run.contextLength());
    double avgPos = run.depth() + run.generatedTokens() / 2.0;
    gpuRead += kvPerTokenLayer * gl * avgPos;
    cpuRead += kvPerTokenLayer * (n - gl) * avgPos;

    // Token generation.
    double gpuBw = dev.memoryBandwidth().bytesPerSecond()
        * (dev.kind() == LocalDeviceKind.DISCRETE_GPU ? p.discreteBandwidth() : p.unifiedBandwidth());
    double cpuBw = host.memoryBandwidth().bytesPerSecond() * p.cpuBandwidth();
    double tokenSeconds = dev.kind() == LocalDeviceKind.DISCRETE_GPU ? p.discreteTokenSeconds() : p.unifiedTokenSeconds();
    // The fixed per-token time (kernel launches, synchronisation) grows with the share of the
    // graph on the GPU: all of it with every layer and the head there (the fitted rows), a
    // fraction under partial offload, so that one more layer on the GPU never slows a token.
    double gpuShare = (gl + (outOnGpu ? 1.0 : 0.0)) / (n + 1.0);
    double gpuT = gpuRead == 0 ? 0 : gpuRead / gpuBw + tokenSeconds * gpuShare;
    double cpuMem = cpuRead / cpuBw;
    double cpuParamsPerToken = cpuRead / (dominantType(l).bitsPerWeight() / 8);
    double cpuCompute = 2 * cpuParamsPerToken / (host.fp16().flopsPerSecond() * p.cpuCompute());
    double cpuT = cpuRead == 0 ? 0 : Math.max(cpuMem, cpuCompute);
    double tg = 1 / (gpuT + cpuT);

    // Prompt processing.
    int np = run.promptTokens();
    long embed = a.vocabSize() * (long) a.hidden();
    double activeNonEmbed = a.parameterCounts().active().value() - embed + (a.embeddings().tiedOutput() ? embed : 0);
    double perLayerDense = (activeNonEmbed - (double) a.vocabSize() * a.hidden()) / n;
    double ctxTerm = run.depth() + (run.flashAttention() ? np / 2.0 : np);
    double attnPerLayer = 2.0 * np * ctxTerm * attentionWidths(a);
    double layerFlops = 2 * perLayerDense * np + attnPerLayer;
    // llama-bench's prompt batch asks for the last token's logits only: one head matmul row per micro-batch.
    double headFlops = 2.0 * a.vocabSize() * a.hidden() * Math.ceil((double) np / LocalRun.UBATCH);
    boolean quantized = dominantType(l).isQuantized();
    double gpuPeak = dev.kind() == LocalDeviceKind.DISCRETE_GPU
        ? (quantized ? dev.int8() : dev.fp16()).flopsPerSecond() * p.discreteCompute()
        : dev.kind() == LocalDeviceKind.CPU
            ? (quantized ? dev.int8() : dev.fp16()).flopsPerSecond() * p.cpuCompute()
            : dev.fp16().flopsPerSecond() * p.unifiedCompute();
    // CPU matmuls of quantized weights use int8 dot products against Q8 activations (ggml-cpu vec_dot).
    double cpuPeak = (quantized ? host.int8() : host.fp16()).flopsPerSecond() * p.cpuCompute();
    double ppTime;
    if (dev.kind() == LocalDeviceKind.CPU) {
      ppTime = (layerFlops * n + headFlops) / cpuPeak;
    } else if (dev.kind() == LocalDeviceKind.DISCRETE_GPU) {
      double ubatches = Math.ceil((double) np / LocalRun.UBATCH);
      double transfer = dev.hostLink().bytesPerSecond() > 0
          ? (cpuW - embedBytes) * ubatches / dev.hostLink().bytesPerSecond() : 0;
      ppTime = (layerFlops * n + headFlops) / gpuPeak + Math.max(0, transfer);
    } else {
      ppTime = (layerFlops * gl + (outOnGpu ? headFlops : 0)) / gpuPeak
          + (layerFlops * (n - gl) + (outOnGpu ? 0 : headFlops)) / cpuPeak;
    }
    double pp = np / ppTime;

    // Memory.
    long buf = 0;
    if (gl > 0 || outOnGpu) {
      buf = (long) a.vocabSize() * LocalRun.UBATCH * 4
          + (run.flashAttention() ? 0 : (long) a.heads() * LocalRun.UBATCH * run.contextLength() * 4)
          + (long) LocalRun.UBATCH * Math.max(a.feedForward().intermediateSize(), a.hidden()) * 4 * 2;
    }
    DataSize usable = switch (dev.kind()) {
      case DISCRETE_GPU -> DataSize.ofBytes(Math.max(0, dev.memory().bytes() - DISCRETE_RESERVE_BYTES));
      case UNIFIED_MEMORY -> DataSize.ofBytes((long) (dev.memory().bytes() * UNIFIED_GPU_FRACTION));
      case CPU -> DataSize.ZERO;
    };
    as.add(String.format(Locale.ROOT,
        "tg: bytes read per token / (bandwidth × %.2f %s, %.2f CPU, assumed) + %.2f ms per token on the GPU (times the share of layers there); pp: FLOPs / (%s peak × %.2f)",
        dev.kind() == LocalDeviceKind.DISCRETE_GPU ? p.discreteBandwidth() : p.unifiedBandwidth(),
        dev.kind() == LocalDeviceKind.DISCRETE_GPU ? "discrete GPU" : "unified memory", p.cpuBandwidth(),
        tokenSeconds * 1e3,
        dev.kind() == LocalDeviceKind.DISCRETE_GPU ? (quantized ? "INT8 tensor" : "FP16 tensor")
            : dev.kind() == LocalDeviceKind.CPU ? (quantized ? "INT8 SIMD" : "FP32 SIMD") : "FP16",
        dev.kind() == LocalDeviceKind.DISCRETE_GPU ? p.discreteCompute()
            : dev.kind() == LocalDeviceKind.CPU ? p.cpuCompute() : p.unifiedCompute()));
    as.add("KV cache " + run.kvCache().name().toLowerCase(Locale.ROOT) + " at "
        + String.format(Locale.ROOT, "%.4f", run.kvCache().bytesPerElement()) + " bytes per element, "
        + String.format(java.util.Locale.ROOT, "%,d", a.kvCacheElementsPerToken()) + " elements per token");
    as.add("compute buffer estimated as logits (vocab × 512 × 4 B)"
        + (run.flashAttention() ? "" : " + attention scores (heads × 512 × ctx × 4 B, no flash attention)")
        + " + activations (512 × max(ffn, hidden) × 8 B)");
    if (dev.kind() == LocalDeviceKind.UNIFIED_MEMORY) {
      as.add("the GPU may use " + (int) (UNIFIED_GPU_FRACTION * 100) + "% of unified memory (macOS default working-set limit)");
    } else if (dev.kind() == LocalDeviceKind.DISCRETE_GPU) {
      as.add("0.5 GiB of GPU memory reserved for the driver and CUDA context");
    }
    if (a.attention() instanceof LatentAttention) {
      as.add("multi-head latent attention computed as llama.cpp does, over the cached latent"
          + " (key and value projections absorbed)");
    }
    if (a.isMoe()) {
      as.add(String.format(Locale.ROOT, "MoE: a generated token reads %d of %d routed experts per layer",
          a.moe().expertsPerToken(), a.moe().routedExperts()));
    }
    return new LocalEstimate(run, DataSize.ofBytes(total), DataSize.ofBytes(gpuW), DataSize.ofBytes(cpuW),
        kv, gpuKv, DataSize.ofBytes(buf), usable, gl, outOnGpu, pp, tg, gpuT, cpuT, as);
  }

  private static int headDim(ModelArchitecture a) {
    return a.attention() instanceof dev.llmcost.core.model.MultiHeadAttention m ? m.headDim() : a.hidden() / a.heads();
  }

  /**
   * Returns the widths of one query's dot products with a cached position, keys plus values, over
   * all heads: {@code 2 × heads × head dim} for multi-head attention; for multi-head latent
   * attention as llama.cpp computes it (the key and value projections absorbed into the query and
   * output, attention over the cached latent: {@code src/models/deepseek2.cpp}) {@code heads ×
   * (kvLoraRank + rope)} for the keys and {@code heads × kvLoraRank} for the values.
   */
  static double attentionWidths(ModelArchitecture a) {
    if (a.attention() instanceof LatentAttention m) {
      return (double) m.heads() * (2L * m.kvLoraRank() + m.qkRopeHeadDim());
    }
    return 2.0 * a.heads() * headDim(a);
  }

  private static long outputBytes(GgufLayout l) {
    long s = 0;
    boolean hasOutput = false;
    for (GgufTensorInfo t : l.tensors()) {
      if (t.name().startsWith("output")) {
        s += t.bytes();
        hasOutput |= t.name().equals("output.weight");
      }
    }
    if (!hasOutput) {
      // Tied head: the GPU keeps a copy of the token embedding as the output matrix.
      for (GgufTensorInfo t : l.tensors()) {
        if (t.name().equals("token_embd.weight")) {
          s += t.bytes();
        }
      }
    }
    return s;
  }

  static GgmlType dominantType(GgufLayout l) {
    GgmlType best = GgmlType.F16;
    long most = -1;
    for (var e : l.bytesByType().entrySet()) {
      if (e.getValue() > most) {
        most = e.getValue();
        best = e.getKey();
      }
    }
    return best;
  }
}
