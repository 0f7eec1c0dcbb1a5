package dev.llmcost.core.local;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A device a model runs on locally: memory, memory bandwidth, matrix throughput and, for a
 * discrete GPU, the host link that partial offload crosses.
 */
public final class LocalDevice {
  private final String id;
  private final String name;
  private final String vendor;
  private final LocalDeviceKind kind;
  private final DataSize memory;
  private final Bandwidth memoryBandwidth;
  private final FlopRate fp16;
  private final FlopRate int8;
  private final Bandwidth hostLink;
  private final String source;

  /**
   * Validates the figures.
   *
   * @throws IllegalArgumentException if memory, bandwidth or throughput is not positive
   */
  private LocalDevice(
      String id,
      String name,
      String vendor,
      LocalDeviceKind kind,
      DataSize memory,
      Bandwidth memoryBandwidth,
      FlopRate fp16,
      FlopRate int8,
      Bandwidth hostLink,
      String source) {
    Require.nonBlank("id", id);
    Require.nonBlank("name", name);
    Require.nonBlank("source", source);
    if (memory.isZero()) {
      throw new IllegalArgumentException("memory of " + id + " must be > 0, was 0");
    }
    Require.positive("memoryBandwidth of " + id, memoryBandwidth.bytesPerSecond());
    Require.positive("fp16 of " + id, fp16.flopsPerSecond());
    Require.positive("int8 of " + id, int8.flopsPerSecond());
    this.id = id;
    this.name = name;
    this.vendor = vendor;
    this.kind = kind;
    this.memory = memory;
    this.memoryBandwidth = memoryBandwidth;
    this.fp16 = fp16;
    this.int8 = int8;
    this.hostLink = hostLink;
    this.source = source;
  }

  /** Returns a copy with another memory size (a different configuration of the same chip). */
  public LocalDevice withMemory(DataSize value) {
    return value.equals(memory) ? this
        : new LocalDevice(id, name, vendor, kind, value, memoryBandwidth, fp16, int8, hostLink, source);
  }

  /** Returns whether the device is a GPU (discrete or unified). */
  public boolean isGpu() {
    return kind != LocalDeviceKind.CPU;
  }

  /** Returns the catalog id ({@code rtx-4090}, {@code m2-max}, {@code ryzen-9-7950x}). */
  public String id() {
    return id;
  }

  /** Returns the marketing name. */
  public String name() {
    return name;
  }

  /** Returns the maker. */
  public String vendor() {
    return vendor;
  }

  /** Returns discrete GPU, unified-memory SoC or CPU. */
  public LocalDeviceKind kind() {
    return kind;
  }

  /** Returns device memory (VRAM; the largest unified-memory configuration; a typical DRAM build for a CPU). */
  public DataSize memory() {
    return memory;
  }

  /** Returns peak memory bandwidth (SI). */
  public Bandwidth memoryBandwidth() {
    return memoryBandwidth;
  }

  /** Returns dense FP16 matrix throughput (tensor cores with FP32 accumulate; Apple GPU FP32 = FP16 rate; CPU FP32 SIMD). */
  public FlopRate fp16() {
    return fp16;
  }

  /** Returns dense INT8 matrix throughput (llama.cpp's quantized matmul kernels on CUDA use it). */
  public FlopRate int8() {
    return int8;
  }

  /** Returns host link bandwidth per direction (PCIe); zero for unified memory and CPUs. */
  public Bandwidth hostLink() {
    return hostLink;
  }

  /** Returns where the figures come from. */
  public String source() {
    return source;
  }

  /**
   * Returns a builder of {@code LocalDevice}. Every figure but the host link must be
   * set; unset, the host link is zero (unified memory or a CPU).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this value.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link LocalDevice}; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String name;
    private @Nullable String vendor;
    private @Nullable LocalDeviceKind kind;
    private @Nullable DataSize memory;
    private @Nullable Bandwidth memoryBandwidth;
    private @Nullable FlopRate fp16;
    private @Nullable FlopRate int8;
    private Bandwidth hostLink = Bandwidth.ZERO;
    private @Nullable String source;

    private Builder() {}

    private Builder(LocalDevice from) {
      this.id = from.id;
      this.name = from.name;
      this.vendor = from.vendor;
      this.kind = from.kind;
      this.memory = from.memory;
      this.memoryBandwidth = from.memoryBandwidth;
      this.fp16 = from.fp16;
      this.int8 = from.int8;
      this.hostLink = from.hostLink;
      this.source = from.source;
    }

    /**
     * Sets the catalog id ({@code rtx-4090}, {@code m2-max}, {@code ryzen-9-7950x}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /**
     * Sets the marketing name.
     *
     * @param value the value
     * @return this builder
     */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * Sets the maker.
     *
     * @param value the value
     * @return this builder
     */
    public Builder vendor(String value) {
      this.vendor = value;
      return this;
    }

    /**
     * Sets discrete GPU, unified-memory SoC or CPU.
     *
     * @param value the value
     * @return this builder
     */
    public Builder kind(LocalDeviceKind value) {
      this.kind = value;
      return this;
    }

    /**
     * Sets device memory (VRAM; the largest unified-memory configuration; a typical DRAM build for a CPU).
     *
     * @param value the value
     * @return this builder
     */
    public Builder memory(DataSize value) {
      this.memory = value;
      return this;
    }

    /**
     * Sets peak memory bandwidth (SI).
     *
     * @param value the value
     * @return this builder
     */
    public Builder memoryBandwidth(Bandwidth value) {
      this.memoryBandwidth = value;
      return this;
    }

    /**
     * Sets dense FP16 matrix throughput (tensor cores with FP32 accumulate; Apple GPU FP32 = FP16 rate; CPU FP32 SIMD).
     *
     * @param value the value
     * @return this builder
     */
    public Builder fp16(FlopRate value) {
      this.fp16 = value;
      return this;
    }

    /**
     * Sets dense INT8 matrix throughput (llama.cpp's quantized matmul kernels on CUDA use it).
     *
     * @param value the value
     * @return this builder
     */
    public Builder int8(FlopRate value) {
      this.int8 = value;
      return this;
    }

    /**
     * Sets host link bandwidth per direction (PCIe); zero for unified memory and CPUs.
     *
     * @param value the value
     * @return this builder
     */
    public Builder hostLink(Bandwidth value) {
      this.hostLink = value;
      return this;
    }

    /**
     * Sets where the figures come from.
     *
     * @param value the value
     * @return this builder
     */
    public Builder source(String value) {
      this.source = value;
      return this;
    }

    /**
     * Returns the {@code LocalDevice}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public LocalDevice build() {
      return new LocalDevice(
          required("id", id),
          required("name", name),
          required("vendor", vendor),
          required("kind", kind),
          required("memory", memory),
          required("memoryBandwidth", memoryBandwidth),
          required("fp16", fp16),
          required("int8", int8),
          hostLink,
          required("source", source));
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on LocalDevice.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof LocalDevice o
          && Objects.equals(id, o.id)
          && Objects.equals(name, o.name)
          && Objects.equals(vendor, o.vendor)
          && Objects.equals(kind, o.kind)
          && Objects.equals(memory, o.memory)
          && Objects.equals(memoryBandwidth, o.memoryBandwidth)
          && Objects.equals(fp16, o.fp16)
          && Objects.equals(int8, o.int8)
          && Objects.equals(hostLink, o.hostLink)
          && Objects.equals(source, o.source);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(id);
    h = 31 * h + Objects.hashCode(name);
    h = 31 * h + Objects.hashCode(vendor);
    h = 31 * h + Objects.hashCode(kind);
    h = 31 * h + Objects.hashCode(memory);
    h = 31 * h + Objects.hashCode(memoryBandwidth);
    h = 31 * h + Objects.hashCode(fp16);
    h = 31 * h + Objects.hashCode(int8);
    h = 31 * h + Objects.hashCode(hostLink);
    h = 31 * h + Objects.hashCode(source);
    return h;
  }

  @Override
  public String toString() {
    return "LocalDevice[id=" + id + ", name=" + name + ", vendor=" + vendor + ", kind=" + kind
        + ", memory=" + memory + ", memoryBandwidth=" + memoryBandwidth + ", fp16=" + fp16
        + ", int8=" + int8 + ", hostLink=" + hostLink + ", source=" + source + "]";
  }
}
