package dev.llmcost.costmodel.finetuning;

import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.costmodel.internal.training.HostLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fine-tuning run: the model, the method, the numerics, the memory savers, the batch, the GPUs
 * and the data, validated as a whole.
 *
 * <p>Build one with {@link #builder(ModelArchitecture, AcceleratorSpec)}; every option left unset
 * takes a default that {@link #defaultsUsed()} lists with its value, so that a report can print
 * what it assumed next to the numbers it changed.
 */
public final class FineTuningJob {
  /** Default sequence length, tokens. */
  public static final int DEFAULT_SEQUENCE_LENGTH = 2048;
  /** Default LoRA rank. */
  public static final int DEFAULT_RANK = 16;
  /** Default price of one GPU-hour: USD 2.00, an illustrative figure (as the training model's). */
  public static final Money DEFAULT_PRICE_PER_GPU_HOUR = Money.usd("2.00");
  /** Default CUDA context and library handles per GPU, outside PyTorch's allocator: 0.5 GiB, assumed. */
  public static final DataSize DEFAULT_CUDA_CONTEXT = DataSize.ofGiB(0.5);
  /**
   * The host link per GPU this class assumed before the accelerator catalog named one, bytes/s: PCIe 4.0
   * x16 (32 GB/s per direction) at about 80%, 25 GB/s, assumed.
   *
   * @deprecated no longer the default: an unset host link is the accelerator catalog's
   *     ({@code host_link}, {@code host_link_gbps}), the rate the training model's activation
   *     offloading uses; kept for source compatibility
   */
  @Deprecated
  public static final double DEFAULT_HOST_LINK_BYTES_PER_SECOND = 25e9;
  /** Default CPU optimizer rate under ZeRO-Offload, parameters/s: 2·10^9, assumed (not measured here). */
  public static final double DEFAULT_CPU_OPTIMIZER_PARAMETERS_PER_SECOND = 2e9;
  /** Default GaLore rank (Zhao et al. 2024 use 128 to 512 for 1B to 7B models). */
  public static final int DEFAULT_GALORE_RANK = 128;

  private final ModelArchitecture model;
  private final AcceleratorSpec accelerator;
  private final int gpus;
  private final Distribution distribution;
  private final FineTuningMethod method;
  private final @Nullable LoraConfig lora;
  private final int frozenLayers;
  private final DType baseWeights;
  private final boolean doubleQuantization;
  private final QuantizationLibrary quantizationLibrary;
  private final TrainablePrecision precision;
  private final FineTuningOptimizer optimizer;
  private final int galoreRank;
  private final Offload offload;
  private final boolean fusedOptimizerStep;
  private final boolean activationOffloading;
  private final boolean fusedAdamKernel;
  private final boolean gradientClipping;
  private final Checkpointing checkpointing;
  private final LogitsMode logits;
  private final int sequenceLength;
  private final int microBatchSize;
  private final int gradientAccumulation;
  private final boolean packing;
  private final int meanExampleTokens;
  private final long trainingTokens;
  private final Money pricePerGpuHour;
  private final DataSize cudaContext;
  private final double hostLinkBytesPerSecond;
  private final double cpuOptimizerParametersPerSecond;
  private final List<String> defaultsUsed;

  private FineTuningJob(Builder b) {
    model = b.model;
    accelerator = b.accelerator;
    List<String> used = new ArrayList<>();
    gpus = b.gpus;
    if (gpus < 1) {
      throw new IllegalArgumentException("gpus must be >= 1, was " + gpus);
    }
    if (b.distribution == null) {
      distribution = gpus == 1 ? Distribution.SINGLE : Distribution.DDP;
      if (gpus > 1) {
        used.add("distribution ddp");
      }
    } else {
      distribution = b.distribution;
    }
    if (distribution == Distribution.SINGLE && gpus != 1) {
      throw new IllegalArgumentException("distribution single needs gpus = 1, was " + gpus);
    }
    method = b.method;
    if (method.usesAdapters()) {
      if (b.lora == null) {
        lora = LoraConfig.of(DEFAULT_RANK, LoraConfig.ALL_LINEAR);
        used.add("lora rank " + DEFAULT_RANK + " on all-linear");
      } else {
        lora = b.lora;
      }
      checkTargets(model, lora);
    } else {
      lora = null;
    }
    frozenLayers = b.frozenLayers == null ? (method == FineTuningMethod.FREEZE ? model.layers() / 2 : 0) : b.frozenLayers;
    if (method == FineTuningMethod.FREEZE && b.frozenLayers == null) {
      used.add("frozenLayers " + frozenLayers + " (half the layers)");
    }
    if (frozenLayers < 0 || frozenLayers >= model.layers()) {
      throw new IllegalArgumentException("frozenLayers must be in [0, " + (model.layers() - 1) + "], was " + frozenLayers);
    }
    if (frozenLayers > 0 && method != FineTuningMethod.FREEZE) {
      throw new IllegalArgumentException("frozenLayers needs method freeze, was method " + method.id());
    }
    if (b.baseWeights == null) {
      baseWeights = method.quantizedBase() ? DType.NF4 : DType.BF16;
      used.add("baseWeights " + baseWeights.id());
    } else {
      baseWeights = b.baseWeights;
    }
    checkBase(model, method, baseWeights);
    doubleQuantization = b.doubleQuantization;
    quantizationLibrary = b.quantizationLibrary == null ? QuantizationLibrary.BITSANDBYTES : b.quantizationLibrary;
    if (b.quantizationLibrary == null && method.quantizedBase()) {
      used.add("quantizationLibrary bitsandbytes");
    }
    precision = b.precision == null ? TrainablePrecision.BF16 : b.precision;
    if (b.precision == null) {
      // parts without bf16 run the same 2-byte recipe in fp16 (sixteenBitMath): the words follow the math
      used.add(sixteenBitMath(accelerator) == DType.BF16 ? "precision bf16 (pure bf16 weights, gradients and states)"
          : "precision bf16 (pure 16-bit weights, gradients and states: fp16 with loss scaling on " + accelerator.id()
              + ", which has no bf16)");
    }
    if (b.optimizer == null) {
      optimizer = method.quantizedBase() ? FineTuningOptimizer.PAGED_ADAMW_8BIT : FineTuningOptimizer.ADAMW;
      used.add("optimizer " + optimizer.id());
    } else {
      optimizer = b.optimizer;
    }
    galoreRank = b.galoreRank;
    if (galoreRank < 1) {
      throw new IllegalArgumentException("galoreRank must be >= 1, was " + galoreRank);
    }
    offload = b.offload;
    fusedOptimizerStep = b.fusedOptimizerStep;
    activationOffloading = b.activationOffloading;
    fusedAdamKernel = b.fusedAdamKernel != null && b.fusedAdamKernel;
    if (b.fusedAdamKernel == null && optimizer == FineTuningOptimizer.ADAMW) {
      used.add("fusedAdamKernel false (torch.optim.AdamW's default multi-tensor foreach update)");
    }
    gradientClipping = b.gradientClipping;
    if (b.checkpointing == null) {
      checkpointing = Checkpointing.FULL;
      used.add("checkpointing full (per layer)");
    } else {
      checkpointing = b.checkpointing;
    }
    if (b.logits == null) {
      logits = LogitsMode.FP32_UPCAST;
      used.add("logits fp32-upcast (HuggingFace)");
    } else {
      logits = b.logits;
    }
    if (b.sequenceLength == null) {
      sequenceLength = DEFAULT_SEQUENCE_LENGTH;
      used.add("sequenceLength " + DEFAULT_SEQUENCE_LENGTH);
    } else {
      sequenceLength = b.sequenceLength;
    }
    if (sequenceLength < 1) {
      throw new IllegalArgumentException("sequenceLength must be >= 1, was " + sequenceLength);
    }
    if (model.embeddings().positions() == PositionEncoding.LEARNED && sequenceLength > model.embeddings().maxPositions()) {
      throw new IllegalArgumentException("sequenceLength must be <= " + model.id() + "'s learned position table ("
          + model.embeddings().maxPositions() + "), was " + sequenceLength);
    }
    microBatchSize = b.microBatchSize;
    if (microBatchSize < 1) {
      throw new IllegalArgumentException("microBatchSize must be >= 1, was " + microBatchSize);
    }
    gradientAccumulation = b.gradientAccumulation;
    if (gradientAccumulation < 1) {
      throw new IllegalArgumentException("gradientAccumulation must be >= 1, was " + gradientAccumulation);
    }
    packing = b.packing;
    // unset means the sequence length; an explicit 0 is refused below, not read as unset
    meanExampleTokens = b.meanExampleTokens == null ? sequenceLength : b.meanExampleTokens;
    if (meanExampleTokens < 1) {
      throw new IllegalArgumentException("meanExampleTokens must be >= 1, was " + meanExampleTokens);
    }
    if (!packing && meanExampleTokens > sequenceLength) {
      throw new IllegalArgumentException("meanExampleTokens must be <= sequenceLength (" + sequenceLength
          + ") without packing, was " + meanExampleTokens);
    }
    trainingTokens = b.trainingTokens;
    if (trainingTokens < 0) {
      throw new IllegalArgumentException("trainingTokens must be >= 0, was " + trainingTokens);
    }
    if (b.pricePerGpuHour == null) {
      pricePerGpuHour = DEFAULT_PRICE_PER_GPU_HOUR;
      used.add("pricePerGpuHour USD " + DEFAULT_PRICE_PER_GPU_HOUR.toPlainString());
    } else {
      pricePerGpuHour = b.pricePerGpuHour;
    }
    if (pricePerGpuHour.isNegative()) {
      throw new IllegalArgumentException("pricePerGpuHour must be >= 0, was " + pricePerGpuHour.toExactString());
    }
    cudaContext = b.cudaContext;
    if (b.hostLinkBytesPerSecond == null) {
      // the same link and rate as the training model's activation offloading: the catalog's host link, one way
      hostLinkBytesPerSecond = HostLinks.bytesPerSecond(accelerator);
      used.add("hostLinkBytesPerSecond " + HostLinks.name(accelerator));
    } else {
      hostLinkBytesPerSecond = positiveFinite("hostLinkBytesPerSecond", b.hostLinkBytesPerSecond);
    }
    cpuOptimizerParametersPerSecond = positiveFinite("cpuOptimizerParametersPerSecond", b.cpuOptimizerParametersPerSecond);
    accelerator.requirePeak(precision == TrainablePrecision.FP32 ? DType.FP32 : sixteenBitMath(accelerator));
    defaultsUsed = List.copyOf(used);
  }

  /**
   * Returns the type 16-bit fine-tuning math runs in on an accelerator: bf16 where the part has it; parts without
   * bf16 tensor cores (T4, V100: Turing and Volta) run the same 2-byte recipes in fp16 with loss scaling
   * (Micikevicius et al. 2018), at their fp16 peak.
   */
  static DType sixteenBitMath(AcceleratorSpec accelerator) {
    return accelerator.peak(DType.BF16).isPresent() ? DType.BF16 : DType.FP16;
  }

  /**
   * Whether the part predates Ampere (NVIDIA compute capability below 8.0: Volta, Turing), where
   * FlashAttention-2 does not run: its README (Dao-AILab/flash-attention) lists "Ampere, Ada, or
   * Hopper GPUs" and sends Turing to FlashAttention 1.x, and PyTorch's scaled_dot_product_attention
   * admits its flash backend from sm80 only since it carries FlashAttention-2 (PyTorch 2.2;
   * aten/src/ATen/native/transformers/cuda/sdp_utils.cpp, check_flash_attention_hardware_support:
   * "Flash attention only supports gpu architectures in the range [sm80, ...]"; 2.0's
   * FlashAttention-1 backend began at sm75), so it runs the memory-efficient (xformers-style)
   * kernel, admitted from sm50 (check_mem_efficient_hardware_support).
   */
  static boolean beforeAmpere(AcceleratorSpec accelerator) {
    return accelerator.computeCapability().map(c -> c.major() < 8).orElse(false);
  }

  private static double positiveFinite(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, was " + v);
    }
    return v;
  }

  private static void checkTargets(ModelArchitecture m, LoraConfig lora) {
    for (LoraTarget t : lora.targets()) {
      switch (t) {
        case Q, K, V, O -> {
          if (m.attention() instanceof LatentAttention) {
            throw new IllegalArgumentException("targets: " + m.id() + " has latent attention (MLA), whose projections"
                + " are not q/k/v/o matrices; adapters on them are not modelled, was " + t.id());
          }
        }
        case GATE -> {
          boolean gated = m.denseLayers() > 0 ? m.feedForward().gated() : m.isMoe();
          if (!gated && !lora.targets().containsAll(LoraConfig.ALL_LINEAR)) {
            throw new IllegalArgumentException("targets: " + m.id() + " has a plain (non-gated) MLP with no gate"
                + " matrix, was gate");
          }
        }
        case HEAD -> {
          if (m.embeddings().tiedOutput()) {
            throw new IllegalArgumentException("targets: " + m.id() + " ties its output head to the embeddings;"
                + " target embeddings instead, was head");
          }
        }
        default -> { }
      }
    }
    if (lora.experts() && !m.isMoe()) {
      throw new IllegalArgumentException("experts: " + m.id() + " is dense and has no routed experts to adapt");
    }
    checkRank(m, lora);
  }

  /**
   * Refuses a rank above the smaller side of an adapted matrix: the update {@code B·A} of a {@code
   * d × k} matrix has rank at most {@code min(d, k)}, and LoRA's premise is {@code r ≪ min(d, k)}
   * (Hu et al. 2021, §4.1), so a larger r only adds parameters that cannot raise the update's rank.
   */
  private static void checkRank(ModelArchitecture m, LoraConfig lora) {
    long h = m.hidden();
    long bound = Long.MAX_VALUE;
    String matrix = "";
    java.util.Map<String, Long> sides = new java.util.LinkedHashMap<>();
    if (m.attention() instanceof dev.llmcost.core.model.MultiHeadAttention mha) {
      if (lora.targets().contains(LoraTarget.Q) || lora.targets().contains(LoraTarget.O)) {
        sides.put("q/o (" + h + " × " + mha.queryWidth() + ")", Math.min(h, mha.queryWidth()));
      }
      if (lora.targets().contains(LoraTarget.K) || lora.targets().contains(LoraTarget.V)) {
        sides.put("k/v (" + h + " × " + mha.kvWidth() + ")", Math.min(h, mha.kvWidth()));
      }
    }
    boolean mlp = lora.targets().contains(LoraTarget.GATE) || lora.targets().contains(LoraTarget.UP)
        || lora.targets().contains(LoraTarget.DOWN);
    if (mlp) {
      if (m.denseLayers() > 0) {
        long inter = m.feedForward().intermediateSize();
        sides.put("mlp (" + h + " × " + inter + ")", Math.min(h, inter));
      }
      if (m.isMoe() && m.moe().sharedIntermediateSize() > 0) {
        long inter = m.moe().sharedIntermediateSize();
        sides.put("shared expert (" + h + " × " + inter + ")", Math.min(h, inter));
      }
      if (m.isMoe() && lora.experts()) {
        long inter = m.moe().expertIntermediateSize();
        sides.put("routed expert (" + h + " × " + inter + ")", Math.min(h, inter));
      }
    }
    if (lora.targets().contains(LoraTarget.EMBEDDINGS) || lora.targets().contains(LoraTarget.HEAD)) {
      sides.put("embeddings/head (" + m.vocabSize() + " × " + h + ")", Math.min(h, m.vocabSize()));
    }
    for (java.util.Map.Entry<String, Long> e : sides.entrySet()) {
      if (e.getValue() < bound) {
        bound = e.getValue();
        matrix = e.getKey();
      }
    }
    if (lora.rank() > bound) {
      throw new IllegalArgumentException("rank must be <= " + bound + ", the smaller side of " + m.id() + "'s adapted "
          + matrix + " matrices (a rank-r update of a d × k matrix has rank at most min(d, k); LoRA, Hu et al. 2021,"
          + " §4.1: r << min(d, k)), was " + lora.rank());
    }
  }

  private static void checkBase(ModelArchitecture m, FineTuningMethod method, DType base) {
    if (method.quantizedBase()) {
      if (base != DType.NF4 && base != DType.FP4) {
        throw new IllegalArgumentException("baseWeights must be nf4 or fp4 for " + method.id()
            + " (a 4-bit base is what QLoRA is), was " + base.id());
      }
      DType published = m.dtype();
      if (published != DType.BF16 && published != DType.FP16 && published != DType.FP32) {
        throw new IllegalArgumentException("method " + method.id() + " quantizes a 16- or 32-bit float checkpoint"
            + " to 4 bits; " + m.id() + " is published in " + published.id() + ", which bitsandbytes does not quantize");
      }
      return;
    }
    switch (method) {
      case FULL, FREEZE -> {
        if (base != DType.BF16 && base != DType.FP16 && base != DType.FP32) {
          throw new IllegalArgumentException("baseWeights must be bf16, fp16 or fp32 for " + method.id()
              + " (trained weights are not stored quantized), was " + base.id());
        }
      }
      default -> {
        if (base != DType.BF16 && base != DType.FP16 && base != DType.FP32 && base != DType.FP8_E4M3
            && base != DType.INT8 && base != DType.NF4 && base != DType.FP4) {
          throw new IllegalArgumentException("baseWeights must be bf16, fp16, fp32, fp8, int8, nf4 or fp4, was "
              + base.id());
        }
      }
    }
  }

  /**
   * Returns a builder for fine-tuning {@code model} on {@code accelerator}.
   *
   * @param model the architecture
   * @param accelerator the GPU
   * @return a builder
   */
  public static Builder builder(ModelArchitecture model, AcceleratorSpec accelerator) {
    return new Builder(model, accelerator);
  }

  /** Returns a builder with every option of this job set explicitly. */
  public Builder toBuilder() {
    Builder b = new Builder(model, accelerator).gpus(gpus).distribution(distribution).method(method)
        .baseWeights(baseWeights).doubleQuantization(doubleQuantization).quantizationLibrary(quantizationLibrary).precision(precision).optimizer(optimizer)
        .galoreRank(galoreRank).offload(offload).fusedOptimizerStep(fusedOptimizerStep).activationOffloading(activationOffloading)
        .fusedAdamKernel(fusedAdamKernel).gradientClipping(gradientClipping).checkpointing(checkpointing)
        .logits(logits).sequenceLength(sequenceLength).microBatchSize(microBatchSize)
        .gradientAccumulation(gradientAccumulation).packing(packing).meanExampleTokens(meanExampleTokens)
        .trainingTokens(trainingTokens).pricePerGpuHour(pricePerGpuHour).cudaContext(cudaContext)
        .hostLinkBytesPerSecond(hostLinkBytesPerSecond).cpuOptimizerParametersPerSecond(cpuOptimizerParametersPerSecond);
    if (lora != null) {
      b.lora(lora);
    }
    if (method == FineTuningMethod.FREEZE) {
      b.frozenLayers(frozenLayers);
    }
    return b;
  }

  /** Returns the architecture. */
  public ModelArchitecture model() {
    return model;
  }

  /** Returns the GPU. */
  public AcceleratorSpec accelerator() {
    return accelerator;
  }

  /** Returns the GPUs. */
  public int gpus() {
    return gpus;
  }

  /** Returns how the GPUs share the work. */
  public Distribution distribution() {
    return distribution;
  }

  /** Returns the method. */
  public FineTuningMethod method() {
    return method;
  }

  /** Returns the adapters, empty for full and freeze. */
  public java.util.Optional<LoraConfig> lora() {
    return java.util.Optional.ofNullable(lora);
  }

  /** Returns the layers frozen from the bottom (method freeze), 0 otherwise. */
  public int frozenLayers() {
    return frozenLayers;
  }

  /** Returns the storage type of the frozen base's linear layers. */
  public DType baseWeights() {
    return baseWeights;
  }

  /** Returns whether 4-bit block constants are quantized again (QLoRA §3). */
  public boolean doubleQuantization() {
    return doubleQuantization;
  }

  /** Returns the library that stores and dequantizes a 4-bit base. */
  public QuantizationLibrary quantizationLibrary() {
    return quantizationLibrary;
  }

  /** Returns how trainable parameters are stored. */
  public TrainablePrecision precision() {
    return precision;
  }

  /** Returns the optimizer. */
  public FineTuningOptimizer optimizer() {
    return optimizer;
  }

  /** Returns GaLore's rank (used by {@link FineTuningOptimizer#GALORE} only). */
  public int galoreRank() {
    return galoreRank;
  }

  /** Returns what is offloaded to the host. */
  public Offload offload() {
    return offload;
  }

  /**
   * Returns whether the optimizer steps each parameter inside the backward pass and frees its
   * gradient at once (torchtune's {@code optimizer_in_bwd}; Lv et al. 2023, "LOMO"): no gradient
   * accumulation, one gradient alive at a time.
   */
  public boolean fusedOptimizerStep() {
    return fusedOptimizerStep;
  }

  /**
   * Returns whether the activations the forward pass keeps for the backward pass are moved to
   * pinned host memory as they are written and brought back one layer ahead of the backward pass
   * (torchtune's {@code enable_activation_offloading}, {@code torchtune.training.OffloadActivations}
   * with streams): with per-layer checkpointing only the layer inputs travel.
   */
  public boolean activationOffloading() {
    return activationOffloading;
  }

  /**
   * Returns whether AdamW's update runs as one fused kernel ({@code torch.optim.AdamW(fused=True)}:
   * reads parameters, gradients and both moments once and writes parameters and moments once) rather
   * than PyTorch's default multi-tensor path ({@code foreach}, torch/optim/adam.py {@code
   * _multi_tensor_adam}: weight decay, lerp, mul, addcmul, sqrt, div, add and addcdiv, each a pass
   * over its tensors). Only {@link FineTuningOptimizer#ADAMW} has the choice; bitsandbytes'
   * optimizers are one kernel.
   */
  public boolean fusedAdamKernel() {
    return fusedAdamKernel;
  }

  /**
   * Returns whether the gradients are clipped by their global norm before each optimizer step
   * ({@code torch.nn.utils.clip_grad_norm_}: one pass to take the norm, one to scale).
   */
  public boolean gradientClipping() {
    return gradientClipping;
  }

  /** Returns the activation checkpointing. */
  public Checkpointing checkpointing() {
    return checkpointing;
  }

  /** Returns how logits and the loss are computed. */
  public LogitsMode logits() {
    return logits;
  }

  /** Returns tokens per sequence. */
  public int sequenceLength() {
    return sequenceLength;
  }

  /** Returns sequences per micro-batch per GPU. */
  public int microBatchSize() {
    return microBatchSize;
  }

  /** Returns micro-batches per optimizer step. */
  public int gradientAccumulation() {
    return gradientAccumulation;
  }

  /** Returns whether examples are packed into full sequences (no padding). */
  public boolean packing() {
    return packing;
  }

  /** Returns the mean tokens of one example (the sequence length when not given). */
  public int meanExampleTokens() {
    return meanExampleTokens;
  }

  /** Returns the tokens of data to train on (0: none given; time per step and throughput only). */
  public long trainingTokens() {
    return trainingTokens;
  }

  /** Returns the price of one GPU for one hour. */
  public Money pricePerGpuHour() {
    return pricePerGpuHour;
  }

  /** Returns the CUDA context and library memory per GPU outside PyTorch's allocator. */
  public DataSize cudaContext() {
    return cudaContext;
  }

  /**
   * Returns the host link bandwidth per GPU, one direction, bytes/s: offloaded activations, optimizer
   * states and parameters, paged optimizer states, and the collectives of GPUs with no scale-up link,
   * which go through host memory (a catalog part whose scale-up link is PCIe uses its measured PCIe
   * rate within a server; GPUs in several servers use the network).
   */
  public double hostLinkBytesPerSecond() {
    return hostLinkBytesPerSecond;
  }

  /** Returns the host optimizer's rate under offload, parameters/s. */
  public double cpuOptimizerParametersPerSecond() {
    return cpuOptimizerParametersPerSecond;
  }

  /** Returns the defaults this job filled in, each with its value, in words. */
  public List<String> defaultsUsed() {
    return defaultsUsed;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %s on %,d x %s (%s), seq %,d x micro-batch %,d", method.id(), model.id(), gpus,
        accelerator.id(), distribution.id(), sequenceLength, microBatchSize);
  }

  /** Builds a {@link FineTuningJob}; unset options take the defaults {@link #defaultsUsed()} lists. */
  public static final class Builder {
    private final ModelArchitecture model;
    private final AcceleratorSpec accelerator;
    private int gpus = 1;
    private @Nullable Distribution distribution;
    private FineTuningMethod method = FineTuningMethod.LORA;
    private @Nullable LoraConfig lora;
    private @Nullable Integer frozenLayers;
    private @Nullable DType baseWeights;
    private boolean doubleQuantization = true;
    private @Nullable QuantizationLibrary quantizationLibrary;
    private @Nullable TrainablePrecision precision;
    private @Nullable FineTuningOptimizer optimizer;
    private int galoreRank = DEFAULT_GALORE_RANK;
    private Offload offload = Offload.NONE;
    private boolean fusedOptimizerStep;
    private boolean activationOffloading;
    private @Nullable Boolean fusedAdamKernel;
    private boolean gradientClipping;
    private @Nullable Checkpointing checkpointing;
    private @Nullable LogitsMode logits;
    private @Nullable Integer sequenceLength;
    private int microBatchSize = 1;
    private int gradientAccumulation = 1;
    private boolean packing = true;
    private @Nullable Integer meanExampleTokens;
    private long trainingTokens;
    private @Nullable Money pricePerGpuHour;
    private DataSize cudaContext = DEFAULT_CUDA_CONTEXT;
    private @Nullable Double hostLinkBytesPerSecond;
    private double cpuOptimizerParametersPerSecond = DEFAULT_CPU_OPTIMIZER_PARAMETERS_PER_SECOND;

    private Builder(ModelArchitecture model, AcceleratorSpec accelerator) {
      this.model = Objects.requireNonNull(model, "model");
      this.accelerator = Objects.requireNonNull(accelerator, "accelerator");
    }

    /** Sets the GPUs (default 1). */
    public Builder gpus(int n) {
      this.gpus = n;
      return this;
    }

    /** Sets the distribution (default single for one GPU, DDP for more). */
    public Builder distribution(Distribution d) {
      this.distribution = d;
      return this;
    }

    /** Sets the method (default LoRA). */
    public Builder method(FineTuningMethod m) {
      this.method = m;
      return this;
    }

    /** Sets the adapters (default rank 16 on all linear layers). */
    public Builder lora(LoraConfig config) {
      this.lora = config;
      return this;
    }

    /** Sets the layers frozen from the bottom for method freeze (default half the layers). */
    public Builder frozenLayers(int k) {
      this.frozenLayers = k;
      return this;
    }

    /** Sets the base weights' storage type (default bf16; nf4 for QLoRA). */
    public Builder baseWeights(DType t) {
      this.baseWeights = t;
      return this;
    }

    /** Sets whether 4-bit block constants are quantized again (default true). */
    public Builder doubleQuantization(boolean on) {
      this.doubleQuantization = on;
      return this;
    }

    /** Sets the library of a 4-bit base (default bitsandbytes). */
    public Builder quantizationLibrary(QuantizationLibrary library) {
      this.quantizationLibrary = library;
      return this;
    }

    /** Sets how trainable parameters are stored (default pure bf16). */
    public Builder precision(TrainablePrecision p) {
      this.precision = p;
      return this;
    }

    /** Sets the optimizer (default AdamW; paged 8-bit AdamW for QLoRA). */
    public Builder optimizer(FineTuningOptimizer o) {
      this.optimizer = o;
      return this;
    }

    /** Sets GaLore's rank (default 128). */
    public Builder galoreRank(int r) {
      this.galoreRank = r;
      return this;
    }

    /** Sets what is offloaded to the host (default nothing). */
    public Builder offload(Offload o) {
      this.offload = o;
      return this;
    }

    /** Sets whether the optimizer steps inside the backward pass (default false). */
    public Builder fusedOptimizerStep(boolean on) {
      this.fusedOptimizerStep = on;
      return this;
    }

    /**
     * Sets whether kept activations are offloaded to host memory (default false; torchtune's {@code
     * enable_activation_offloading}).
     */
    public Builder activationOffloading(boolean on) {
      this.activationOffloading = on;
      return this;
    }

    /**
     * Sets whether AdamW runs as one fused kernel (default false: PyTorch's default multi-tensor
     * {@code foreach} path of {@code torch.optim.AdamW}).
     */
    public Builder fusedAdamKernel(boolean on) {
      this.fusedAdamKernel = on;
      return this;
    }

    /** Sets whether gradients are clipped by their global norm each step (default false). */
    public Builder gradientClipping(boolean on) {
      this.gradientClipping = on;
      return this;
    }

    /** Sets activation checkpointing (default full, per layer). */
    public Builder checkpointing(Checkpointing c) {
      this.checkpointing = c;
      return this;
    }

    /** Sets how logits and the loss are computed (default fp32 upcast, as HuggingFace). */
    public Builder logits(LogitsMode m) {
      this.logits = m;
      return this;
    }

    /** Sets tokens per sequence (default 2,048). */
    public Builder sequenceLength(int s) {
      this.sequenceLength = s;
      return this;
    }

    /** Sets sequences per micro-batch per GPU (default 1). */
    public Builder microBatchSize(int b) {
      this.microBatchSize = b;
      return this;
    }

    /** Sets micro-batches per optimizer step (default 1). */
    public Builder gradientAccumulation(int k) {
      this.gradientAccumulation = k;
      return this;
    }

    /** Sets whether examples are packed into full sequences (default true). */
    public Builder packing(boolean on) {
      this.packing = on;
      return this;
    }

    /** Sets the mean tokens per example (default: the sequence length). */
    public Builder meanExampleTokens(int t) {
      this.meanExampleTokens = t;
      return this;
    }

    /** Sets the tokens to train on (default 0: per-step figures only). */
    public Builder trainingTokens(long t) {
      this.trainingTokens = t;
      return this;
    }

    /**
     * Sets the tokens to train on from a data set: {@code epochs × examples × meanTokens}, and the
     * mean example length.
     *
     * @param examples examples in the data set, at least 1
     * @param meanTokens mean tokens per example, at least 1
     * @param epochs passes over the data, at least 1
     * @return this builder
     * @throws IllegalArgumentException if a count is below 1
     */
    public Builder dataset(long examples, int meanTokens, int epochs) {
      if (examples < 1 || meanTokens < 1 || epochs < 1) {
        throw new IllegalArgumentException("dataset examples, meanTokens and epochs must be >= 1, were "
            + examples + ", " + meanTokens + ", " + epochs);
      }
      this.meanExampleTokens = meanTokens;
      this.trainingTokens = Math.multiplyExact(Math.multiplyExact(examples, (long) meanTokens), (long) epochs);
      return this;
    }

    /** Sets the price of one GPU-hour (default USD 2.00). */
    public Builder pricePerGpuHour(Money price) {
      this.pricePerGpuHour = price;
      return this;
    }

    /** Sets the CUDA context memory per GPU (default 0.5 GiB). */
    public Builder cudaContext(DataSize size) {
      this.cudaContext = size;
      return this;
    }

    /**
     * Sets the host link bandwidth per GPU, one direction, bytes/s (default the accelerator catalog's
     * host link: half its bidirectional datasheet rate, at the pinned-copy fraction measured over PCIe,
     * PCIe Gen4 x16 where it names none; the rate the training model's activation offloading uses).
     */
    public Builder hostLinkBytesPerSecond(double bytesPerSecond) {
      this.hostLinkBytesPerSecond = bytesPerSecond;
      return this;
    }

    /** Sets the host optimizer's rate under offload, parameters/s (default 2·10^9). */
    public Builder cpuOptimizerParametersPerSecond(double perSecond) {
      this.cpuOptimizerParametersPerSecond = perSecond;
      return this;
    }

    /**
     * Builds and validates the job.
     *
     * @return the job
     * @throws IllegalArgumentException naming the field and value when a number is out of range,
     *     adapters target matrices the model lacks, QLoRA is asked of a base it cannot quantize, or
     *     a trained base is asked to be stored quantized
     */
    public FineTuningJob build() {
      return new FineTuningJob(this);
    }
  }
}
