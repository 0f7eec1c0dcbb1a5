package dev.llmcost.costmodel.local;

import dev.llmcost.core.gguf.GgufLayout;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.local.LocalDevice;
import dev.llmcost.core.local.LocalDeviceKind;
import dev.llmcost.core.model.ModelArchitecture;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One local inference setup as llama.cpp's flags describe it: a quantized model, a device, the
 * host CPU for layers left off the GPU, {@code -ngl}, {@code -c}, {@code -ctk/-ctv}, {@code -fa},
 * {@code --n-cpu-moe}, and the llama-bench test ({@code -p 512 -n 128 -d 0}). Build one with
 * {@link #builder(ModelArchitecture, GgufLayout, LocalDevice)}; every default taken is listed in
 * {@link #defaultsUsed()}.
 */
public final class LocalRun {
  /** llama-bench's default prompt length for pp. */
  public static final int DEFAULT_PROMPT = 512;
  /** llama-bench's default generation length for tg. */
  public static final int DEFAULT_GENERATE = 128;
  /** The context length assumed when none is given, in tokens. */
  public static final int DEFAULT_CONTEXT = 4096;
  /** The micro-batch llama.cpp processes a prompt in ({@code -ub}, default 512). */
  public static final int UBATCH = 512;

  private final ModelArchitecture architecture;
  private final GgufLayout layout;
  private final String quantization;
  private final LocalDevice device;
  private final LocalDevice host;
  private final int gpuLayers;
  private final int contextLength;
  private final KvCacheType kvCache;
  private final boolean flashAttention;
  private final int cpuMoeLayers;
  private final int promptTokens;
  private final int generatedTokens;
  private final int depth;
  private final LocalProfile profile;
  private final Map<String, String> defaultsUsed;

  private LocalRun(Builder b, LocalDevice host, Map<String, String> defaults) {
    this.architecture = b.architecture;
    this.layout = b.layout;
    this.quantization = b.quantization;
    this.device = b.device;
    this.host = host;
    this.gpuLayers = b.gpuLayers == null ? b.architecture.layers() + 1 : Math.min(b.gpuLayers, b.architecture.layers() + 1);
    this.contextLength = b.contextLength == null ? DEFAULT_CONTEXT : b.contextLength;
    this.kvCache = b.kvCache;
    this.flashAttention = b.flashAttention == null ? false : b.flashAttention;
    this.cpuMoeLayers = b.cpuMoeLayers;
    this.promptTokens = b.promptTokens;
    this.generatedTokens = b.generatedTokens;
    this.depth = b.depth;
    this.profile = b.profile;
    this.defaultsUsed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
  }

  /**
   * Starts a builder.
   *
   * @param architecture the model's shape (KV cache and FLOPs)
   * @param layout the quantized tensors (bytes per layer)
   * @param device the GPU, SoC or CPU that runs the model
   * @return a builder
   */
  public static Builder builder(ModelArchitecture architecture, GgufLayout layout, LocalDevice device) {
    return new Builder(architecture, layout, device);
  }

  /** Returns the model's shape. */
  public ModelArchitecture architecture() {
    return architecture;
  }

  /** Returns the quantized tensors. */
  public GgufLayout layout() {
    return layout;
  }

  /** Returns the quantization's name for reports ({@code Q4_K_M}, or {@code file}). */
  public String quantization() {
    return quantization;
  }

  /** Returns the device. */
  public LocalDevice device() {
    return device;
  }

  /** Returns the host CPU whose DRAM holds what is not offloaded (the device itself for a CPU). */
  public LocalDevice host() {
    return host;
  }

  /** Returns {@code -ngl} clamped to layers + 1 (the output head counts as the last layer). */
  public int gpuLayers() {
    return gpuLayers;
  }

  /** Returns the context length ({@code -c}), in tokens. */
  public int contextLength() {
    return contextLength;
  }

  /** Returns the KV cache type. */
  public KvCacheType kvCache() {
    return kvCache;
  }

  /** Returns whether flash attention is on. */
  public boolean flashAttention() {
    return flashAttention;
  }

  /** Returns the layers whose routed experts stay in host RAM ({@code --n-cpu-moe}). */
  public int cpuMoeLayers() {
    return cpuMoeLayers;
  }

  /** Returns the prompt tokens of the pp test. */
  public int promptTokens() {
    return promptTokens;
  }

  /** Returns the generated tokens of the tg test. */
  public int generatedTokens() {
    return generatedTokens;
  }

  /** Returns the tokens already in the context before the test ({@code -d}). */
  public int depth() {
    return depth;
  }

  /** Returns the efficiency profile. */
  public LocalProfile profile() {
    return profile;
  }

  /**
   * Returns each default taken: the llama.cpp-style option name without dashes ({@code ngl}, {@code
   * ctx}, {@code flash-attn}, {@code host}) and its value in words.
   */
  public Map<String, String> defaultsUsed() {
    return defaultsUsed;
  }

  /** Builds a {@link LocalRun}; every setter returns the builder. */
  public static final class Builder {
    private final ModelArchitecture architecture;
    private final GgufLayout layout;
    private final LocalDevice device;
    private String quantization = "file";
    private @Nullable LocalDevice host;
    private @Nullable Integer gpuLayers;
    private @Nullable Integer contextLength;
    private KvCacheType kvCache = KvCacheType.F16;
    private @Nullable Boolean flashAttention;
    private int cpuMoeLayers;
    private int promptTokens = DEFAULT_PROMPT;
    private int generatedTokens = DEFAULT_GENERATE;
    private int depth;
    private LocalProfile profile = LocalProfile.DEFAULT;

    private Builder(ModelArchitecture architecture, GgufLayout layout, LocalDevice device) {
      this.architecture = architecture;
      this.layout = layout;
      this.device = device;
    }

    /** Sets the quantization's name for reports. */
    public Builder quantization(String value) {
      this.quantization = Require.nonBlank("quantization", value);
      return this;
    }

    /** Sets the host CPU of a discrete GPU. */
    public Builder host(LocalDevice value) {
      this.host = value;
      return this;
    }

    /** Sets {@code -ngl}: layers on the GPU (layers + 1 or more puts the output head there too). */
    public Builder gpuLayers(int value) {
      this.gpuLayers = Require.nonNegative("ngl", value);
      return this;
    }

    /** Sets the context length in tokens. */
    public Builder contextLength(int value) {
      this.contextLength = Require.positive("ctx", value);
      return this;
    }

    /** Sets the KV cache type (K and V). */
    public Builder kvCache(KvCacheType value) {
      this.kvCache = value;
      return this;
    }

    /** Sets flash attention on or off. */
    public Builder flashAttention(boolean value) {
      this.flashAttention = value;
      return this;
    }

    /** Sets {@code --n-cpu-moe}: the first layers whose routed experts stay in host RAM. */
    public Builder cpuMoeLayers(int value) {
      this.cpuMoeLayers = Require.nonNegative("n-cpu-moe", value);
      return this;
    }

    /** Sets the pp test's prompt tokens ({@code -p}). */
    public Builder promptTokens(int value) {
      this.promptTokens = Require.positive("prompt tokens", value);
      return this;
    }

    /** Sets the tg test's generated tokens ({@code -n}). */
    public Builder generatedTokens(int value) {
      this.generatedTokens = Require.positive("generated tokens", value);
      return this;
    }

    /** Sets the tokens already in context ({@code -d}). */
    public Builder depth(int value) {
      this.depth = Require.nonNegative("depth", value);
      return this;
    }

    /** Sets the efficiency profile. */
    public Builder profile(LocalProfile value) {
      this.profile = value;
      return this;
    }

    /**
     * Builds the run.
     *
     * @return the run
     * @throws IllegalArgumentException if a quantized V cache is asked for without flash attention
     *     (llama.cpp refuses it), if {@code --n-cpu-moe} exceeds the layers or is given for a dense
     *     model, or if the context is shorter than depth + tokens
     */
    public LocalRun build() {
      Map<String, String> defaults = new LinkedHashMap<>();
      if (gpuLayers == null) {
        defaults.put("ngl", device.kind() == LocalDeviceKind.CPU ? "0 (a CPU has no GPU layers)"
            : "all (" + architecture.layers() + " layers and the output head on the GPU)");
        if (device.kind() == LocalDeviceKind.CPU) {
          gpuLayers = 0;
        }
      }
      if (device.kind() == LocalDeviceKind.CPU && gpuLayers != null && gpuLayers > 0) {
        throw new IllegalArgumentException("--ngl must be 0 on a CPU (" + device.id() + "), was " + gpuLayers);
      }
      if (contextLength == null) {
        defaults.put("ctx", String.format(java.util.Locale.ROOT, "%,d tokens", DEFAULT_CONTEXT));
      }
      if (flashAttention == null) {
        defaults.put("flash-attn", "off (llama-bench's -fa 0)");
      }
      boolean fa = flashAttention != null && flashAttention;
      if (kvCache != KvCacheType.F16 && !fa) {
        throw new IllegalArgumentException("--kv-cache " + kvCache.name().toLowerCase(java.util.Locale.ROOT)
            + " needs flash attention (llama.cpp refuses a quantized V cache without -fa); add --flash-attn");
      }
      if (cpuMoeLayers > 0 && !architecture.isMoe()) {
        throw new IllegalArgumentException("--n-cpu-moe applies to MoE models; " + architecture.id() + " is dense, was " + cpuMoeLayers);
      }
      if (cpuMoeLayers > architecture.layers()) {
        throw new IllegalArgumentException("--n-cpu-moe must be <= layers (" + architecture.layers() + "), was " + cpuMoeLayers);
      }
      int ctx = contextLength == null ? DEFAULT_CONTEXT : contextLength;
      // in long: depth 2,147,483,647 + 512 test tokens overflowed an int and passed the check (s14j)
      long needed = (long) depth + Math.max(promptTokens, generatedTokens);
      if (ctx < needed) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "--ctx must hold --depth + the test tokens (%,d + %,d = %,d), was %,d", depth,
            Math.max(promptTokens, generatedTokens), needed, ctx));
      }
      LocalDevice h = host;
      if (h == null) {
        if (device.kind() == LocalDeviceKind.DISCRETE_GPU) {
          h = dev.llmcost.core.local.LocalDeviceCatalog.bundled().get("ddr5-dual-5600");
          defaults.put("host", "ddr5-dual-5600 (dual-channel DDR5-5600, 89.6 GB/s)");
        } else {
          h = device;
        }
      }
      return new LocalRun(this, h, defaults);
    }
  }
}
