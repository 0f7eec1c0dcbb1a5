package dev.llmcost.core.hardware;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.internal.Require;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The datasheet of an accelerator: dense peak throughput per data type, memory, memory bandwidth,
 * links and power.
 *
 * <p>Peaks are the dense figures; the "with sparsity" figures of NVIDIA datasheets assume 2:4
 * structured sparsity and are never used. FP16 runs at the BF16 rate where the datasheet gives one
 * figure for both; FP8 E4M3 and E5M2 share the FP8 figure. How much of these peaks real kernels
 * reach is not a datasheet fact: the cost models in {@code llmcost-costmodel} apply a calibrated
 * efficiency profile per accelerator.
 */
public final class AcceleratorSpec {
  private final String id;
  private final String name;
  private final String vendor;
  private final Map<DType, FlopRate> densePeaks;
  private final DataSize memory;
  private final Bandwidth memoryBandwidth;
  private final Bandwidth scaleUpBandwidth;
  private final int scaleUpDomain;
  private final Bandwidth scaleOutBandwidth;
  private final double tdpWatts;
  private final String source;
  private final int computeUnits;
  private final String scaleUpLink;
  private final String hostLink;
  private final Bandwidth hostLinkBandwidth;
  private final Bandwidth hostMemoryBandwidth;
  private final @Nullable Architecture architecture;
  private final @Nullable ComputeCapability computeCapability;

  /**
   * Validates the datasheet and copies the peaks.
   *
   * @throws IllegalArgumentException if a required figure is missing or not positive
   */
  private AcceleratorSpec(
      String id,
      String name,
      String vendor,
      Map<DType, FlopRate> densePeaks,
      DataSize memory,
      Bandwidth memoryBandwidth,
      Bandwidth scaleUpBandwidth,
      int scaleUpDomain,
      Bandwidth scaleOutBandwidth,
      double tdpWatts,
      String source,
      int computeUnits,
      String scaleUpLink,
      String hostLink,
      Bandwidth hostLinkBandwidth,
      Bandwidth hostMemoryBandwidth,
      @Nullable Architecture architecture,
      @Nullable ComputeCapability computeCapability) {
    Require.nonBlank("id", id);
    Require.nonBlank("name", name);
    if (densePeaks.isEmpty()) {
      throw new IllegalArgumentException("densePeaks of " + id + " must not be empty");
    }
    EnumMap<DType, FlopRate> copy = new EnumMap<>(DType.class);
    copy.putAll(densePeaks);
    densePeaks = Map.copyOf(copy);
    if (memory.isZero()) {
      throw new IllegalArgumentException("memory of " + id + " must be > 0, was 0");
    }
    Require.positive("memoryBandwidth of " + id, memoryBandwidth.bytesPerSecond());
    Require.positive("scaleUpDomain", scaleUpDomain);
    Require.nonNegative("tdpWatts", tdpWatts);
    if (computeUnits < 0) {
      throw new IllegalArgumentException("computeUnits of " + id + " must be >= 0, was " + computeUnits);
    }
    this.id = id;
    this.name = name;
    this.vendor = vendor;
    this.densePeaks = densePeaks;
    this.memory = memory;
    this.memoryBandwidth = memoryBandwidth;
    this.scaleUpBandwidth = scaleUpBandwidth;
    this.scaleUpDomain = scaleUpDomain;
    this.scaleOutBandwidth = scaleOutBandwidth;
    this.tdpWatts = tdpWatts;
    this.source = source;
    this.computeUnits = computeUnits;
    this.scaleUpLink = scaleUpLink.strip();
    this.hostLink = hostLink.strip();
    if (this.hostLink.isEmpty() != (hostLinkBandwidth.bytesPerSecond() == 0)) {
      throw new IllegalArgumentException("hostLink and hostLinkBandwidth of " + id + " must be set together, were \""
          + this.hostLink + "\" and " + hostLinkBandwidth.toGBps() + " GB/s");
    }
    if (hostMemoryBandwidth.bytesPerSecond() > 0 && this.hostLink.isEmpty()) {
      throw new IllegalArgumentException("hostMemoryBandwidth of " + id + " needs a hostLink, was "
          + hostMemoryBandwidth.toGBps() + " GB/s without one");
    }
    if (hostMemoryBandwidth.bytesPerSecond() > 0
        && hostMemoryBandwidth.bytesPerSecond() >= hostLinkBandwidth.bytesPerSecond() / 2) {
      // given only where it binds: at or above the link's one-way rate the link is the limit, and zero says so
      throw new IllegalArgumentException("hostMemoryBandwidth of " + id + " must be below the one-way rate of its "
          + this.hostLink + " (" + hostLinkBandwidth.toGBps() / 2 + " GB/s), was " + hostMemoryBandwidth.toGBps()
          + " GB/s");
    }
    this.hostLinkBandwidth = hostLinkBandwidth;
    this.hostMemoryBandwidth = hostMemoryBandwidth;
    if (architecture == null && computeCapability != null) {
      throw new IllegalArgumentException("computeCapability of " + id + " needs an NVIDIA architecture, was "
          + computeCapability + " without one");
    }
    if (architecture != null && architecture.nvidia() != (computeCapability != null)) {
      throw new IllegalArgumentException(architecture.nvidia()
          ? "computeCapability of " + id + " must be set for NVIDIA architecture " + architecture + ", was unset"
          : "computeCapability of " + id + " is NVIDIA's, architecture " + architecture + " has none; was "
              + computeCapability);
    }
    if (architecture != null && computeCapability != null && !architecture.admits(computeCapability)) {
      throw new IllegalArgumentException("computeCapability of " + id + " is not one of architecture " + architecture
          + "'s (CUDA's compute capability table), was " + computeCapability);
    }
    this.architecture = architecture;
    this.computeCapability = computeCapability;
  }

  /**
   * Returns the dense peak for math in {@code dtype}.
   *
   * @param dtype the data type the math runs in
   * @return the peak, or empty if the accelerator does not support it
   */
  public Optional<FlopRate> peak(DType dtype) {
    return Optional.ofNullable(densePeaks.get(dtype));
  }

  /**
   * Returns the dense peak for math in {@code dtype}.
   *
   * @param dtype the data type the math runs in
   * @return the peak
   * @throws IllegalArgumentException if the accelerator has no figure for {@code dtype}
   */
  public FlopRate requirePeak(DType dtype) {
    FlopRate p = densePeaks.get(dtype);
    if (p == null) {
      throw new IllegalArgumentException(
          "accelerator " + id + " has no dense " + dtype + " peak; it has " + densePeaks.keySet());
    }
    return p;
  }

  /** Returns the scale-up bandwidth in one direction, half the datasheet's bidirectional figure. */
  public Bandwidth scaleUpBandwidthPerDirection() {
    return scaleUpBandwidth.times(0.5);
  }

  /**
   * Returns the ratio of dense peak FLOP/s to memory bandwidth in {@code dtype}: the arithmetic
   * intensity (FLOP per byte) above which a kernel is compute-bound on the roofline (Williams et
   * al. 2009).
   *
   * @param dtype the math type
   * @return FLOP per byte at the ridge point
   * @throws IllegalArgumentException if the accelerator has no figure for {@code dtype}
   */
  public double ridgePoint(DType dtype) {
    return requirePeak(dtype).flopsPerSecond() / memoryBandwidth.bytesPerSecond();
  }

  /** Returns the catalog id, such as {@code h100-sxm}. */
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

  /** Returns dense peak FLOP/s (or OP/s for integers) per data type. */
  public Map<DType, FlopRate> densePeaks() {
    return densePeaks;
  }

  /** Returns device memory (HBM or GDDR capacity; datasheet "GB" of HBM are binary: 80 GB HBM3 is five 16 GiB stacks). */
  public DataSize memory() {
    return memory;
  }

  /** Returns device memory bandwidth (SI, as datasheets quote it). */
  public Bandwidth memoryBandwidth() {
    return memoryBandwidth;
  }

  /** Returns per-device bandwidth of the scale-up fabric (NVLink, Infinity Fabric, ICI), both directions together as datasheets quote it; zero when there is none. */
  public Bandwidth scaleUpBandwidth() {
    return scaleUpBandwidth;
  }

  /**
   * Returns the name of the link the scale-up bandwidth is, when it is the host bus rather than a
   * GPU-to-GPU fabric ({@code "PCIe Gen4 x16"} for an L40S, whose 8-GPU servers run tensor parallelism
   * over PCIe); empty for NVLink, Infinity Fabric or ICI.
   */
  public String scaleUpLink() {
    return scaleUpLink;
  }

  /** Returns whether the scale-up bandwidth is PCIe between the GPUs of one server (see {@link #scaleUpLink()}). */
  public boolean scaleUpOverPcie() {
    return scaleUpLink.startsWith("PCIe");
  }

  /**
   * Returns the name of the link between the device and its host's memory, over which offloaded
   * activations, optimizer states and paged memory travel ({@code "PCIe Gen5 x16"} for an H100,
   * {@code "NVLink-C2C"} for a GB200); empty when the catalog names none.
   */
  public String hostLink() {
    return hostLink;
  }

  /**
   * Returns the host link's datasheet bandwidth, both directions together as datasheets quote it
   * (PCIe Gen5 x16: 128 GB/s); zero when the catalog names no host link.
   */
  public Bandwidth hostLinkBandwidth() {
    return hostLinkBandwidth;
  }

  /**
   * Returns the host memory bandwidth one device can draw when it is below the host link's one-way
   * rate (a GB200 GPU's share of its Grace's LPDDR5X, 18.4 TB/s over the 72 GPUs of an NVL72 rack);
   * zero when the link is the limit.
   */
  public Bandwidth hostMemoryBandwidth() {
    return hostMemoryBandwidth;
  }

  /**
   * Returns the silicon generation ({@link Architecture}), from the vendor's datasheet or architecture
   * whitepaper (the catalog's {@code architecture} and {@code architecture_source}); empty when a spec
   * built in code declares none. The cost models' kernel rules (TensorRT-LLM's SM100-family kernels,
   * Transformer Engine's FP8 transposes) and the silicon family whose measurements stand in for the
   * accelerator's follow it, with the {@link #computeCapability()}, never the id. Without one, an
   * accelerator borrows no family's measurements (its own rows only, else the means the estimate
   * states), and a rule that depends on it refuses the estimate rather than guess.
   *
   * @return the architecture, or empty
   */
  public Optional<Architecture> architecture() {
    return Optional.ofNullable(architecture);
  }

  /**
   * Returns the compute capability of an NVIDIA part ({@code 9.0} for H100; NVIDIA's CUDA GPUs page), set
   * exactly when the {@link #architecture()} is NVIDIA's; empty otherwise.
   *
   * @return the compute capability, or empty
   */
  public Optional<ComputeCapability> computeCapability() {
    return Optional.ofNullable(computeCapability);
  }

  /** Returns devices one scale-up fabric connects (8 in an HGX node, 72 in a GB200 NVL72 rack, 1 for a PCIe card without a bridge). */
  public int scaleUpDomain() {
    return scaleUpDomain;
  }

  /** Returns per-device network bandwidth to other nodes, one direction (a 400 Gb/s NIC per GPU is 50 GB/s). */
  public Bandwidth scaleOutBandwidth() {
    return scaleOutBandwidth;
  }

  /** Returns board power in watts; 0 when the vendor publishes none. */
  public double tdpWatts() {
    return tdpWatts;
  }

  /** Returns where the figures come from. */
  public String source() {
    return source;
  }

  /**
   * Returns the streaming multiprocessors (NVIDIA) or compute units (AMD) that the tiles of a GEMM
   * are scheduled on, one tile per unit at a time (NVIDIA architecture whitepapers: A100 108, H100
   * SXM5 132); 0 when unknown or when the matrix engines are not tiled that way (Gaudi, TPU).
   *
   * @return the compute units, or 0
   */
  public int computeUnits() {
    return computeUnits;
  }

  /**
   * Returns a builder of {@code AcceleratorSpec}. The id, name, vendor, dense
   * peaks, memory, memory bandwidth and source must be set; unset, there is no scale-up fabric (a
   * domain of 1), no network and no published TDP (0 W).
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

  /** Builds a {@link AcceleratorSpec}; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String name;
    private @Nullable String vendor;
    private final Map<DType, FlopRate> densePeaks = new EnumMap<>(DType.class);
    private @Nullable DataSize memory;
    private @Nullable Bandwidth memoryBandwidth;
    private Bandwidth scaleUpBandwidth = Bandwidth.ZERO;
    private int scaleUpDomain = 1;
    private Bandwidth scaleOutBandwidth = Bandwidth.ZERO;
    private double tdpWatts = 0;
    private @Nullable String source;
    private int computeUnits = 0;
    private String scaleUpLink = "";
    private String hostLink = "";
    private Bandwidth hostLinkBandwidth = Bandwidth.ZERO;
    private Bandwidth hostMemoryBandwidth = Bandwidth.ZERO;
    private @Nullable Architecture architecture;
    private @Nullable ComputeCapability computeCapability;

    private Builder() {}

    private Builder(AcceleratorSpec from) {
      this.id = from.id;
      this.name = from.name;
      this.vendor = from.vendor;
      this.densePeaks.putAll(from.densePeaks);
      this.memory = from.memory;
      this.memoryBandwidth = from.memoryBandwidth;
      this.scaleUpBandwidth = from.scaleUpBandwidth;
      this.scaleUpDomain = from.scaleUpDomain;
      this.scaleOutBandwidth = from.scaleOutBandwidth;
      this.tdpWatts = from.tdpWatts;
      this.source = from.source;
      this.computeUnits = from.computeUnits;
      this.scaleUpLink = from.scaleUpLink;
      this.hostLink = from.hostLink;
      this.hostLinkBandwidth = from.hostLinkBandwidth;
      this.hostMemoryBandwidth = from.hostMemoryBandwidth;
      this.architecture = from.architecture;
      this.computeCapability = from.computeCapability;
    }

    /**
     * Sets the catalog id, such as {@code h100-sxm}.
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
     * Sets dense peak FLOP/s (or OP/s for integers) per data type.
     *
     * @param value the value
     * @return this builder
     */
    public Builder densePeaks(Map<DType, FlopRate> value) {
      this.densePeaks.clear();
      this.densePeaks.putAll(value);
      return this;
    }

    /**
     * Sets the dense peak of one data type, keeping the others.
     *
     * @param dtype the data type the math runs in
     * @param rate dense peak FLOP/s (OP/s for integers)
     * @return this builder
     */
    public Builder densePeak(DType dtype, FlopRate rate) {
      this.densePeaks.put(dtype, rate);
      return this;
    }

    /**
     * Sets device memory (HBM or GDDR capacity; datasheet "GB" of HBM are binary: 80 GB HBM3 is five 16 GiB stacks).
     *
     * @param value the value
     * @return this builder
     */
    public Builder memory(DataSize value) {
      this.memory = value;
      return this;
    }

    /**
     * Sets device memory bandwidth (SI, as datasheets quote it).
     *
     * @param value the value
     * @return this builder
     */
    public Builder memoryBandwidth(Bandwidth value) {
      this.memoryBandwidth = value;
      return this;
    }

    /**
     * Sets per-device bandwidth of the scale-up fabric (NVLink, Infinity Fabric, ICI), both directions together as datasheets quote it; zero when there is none.
     *
     * @param value the value
     * @return this builder
     */
    public Builder scaleUpBandwidth(Bandwidth value) {
      this.scaleUpBandwidth = value;
      return this;
    }

    /**
     * Sets devices one scale-up fabric connects (8 in an HGX node, 72 in a GB200 NVL72 rack, 1 for a PCIe card without a bridge).
     *
     * @param value the value
     * @return this builder
     */
    public Builder scaleUpDomain(int value) {
      this.scaleUpDomain = value;
      return this;
    }

    /**
     * Sets per-device network bandwidth to other nodes, one direction (a 400 Gb/s NIC per GPU is 50 GB/s).
     *
     * @param value the value
     * @return this builder
     */
    public Builder scaleOutBandwidth(Bandwidth value) {
      this.scaleOutBandwidth = value;
      return this;
    }

    /**
     * Sets board power in watts; 0 when the vendor publishes none.
     *
     * @param value the value
     * @return this builder
     */
    public Builder tdpWatts(double value) {
      this.tdpWatts = value;
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
     * Sets the streaming multiprocessors or compute units GEMM tiles are scheduled on; 0 (the
     * default) when unknown, and GEMM tiles are then not wave-quantized.
     *
     * @param value the value, 0 or more
     * @return this builder
     */
    public Builder computeUnits(int value) {
      this.computeUnits = value;
      return this;
    }

    /**
     * Sets the name of the scale-up link when it is PCIe between the GPUs of one server ({@code "PCIe
     * Gen4 x16"}); empty (the default) for a GPU-to-GPU fabric.
     *
     * @param value the value
     * @return this builder
     */
    public Builder scaleUpLink(String value) {
      this.scaleUpLink = value;
      return this;
    }

    /**
     * Sets the link between the device and its host's memory and its datasheet bandwidth, both
     * directions together ({@code "PCIe Gen5 x16"}, 128 GB/s); unset (the default), the catalog names
     * none and cost models assume one.
     *
     * @param name the link's name, non-blank when {@code bandwidth} is not zero
     * @param bandwidth both directions together, zero only with an empty name
     * @return this builder
     */
    public Builder hostLink(String name, Bandwidth bandwidth) {
      this.hostLink = name;
      this.hostLinkBandwidth = bandwidth;
      return this;
    }

    /**
     * Sets the host memory bandwidth one device can draw, when it is below the host link's one-way
     * rate; zero (the default) when the link is the limit.
     *
     * @param value the bandwidth, zero for none, else below half the host link's bidirectional rate
     *     (checked by {@link #build()})
     * @return this builder
     */
    public Builder hostMemoryBandwidth(Bandwidth value) {
      this.hostMemoryBandwidth = value;
      return this;
    }

    /**
     * Sets the silicon generation, from the vendor's datasheet; unset (the default), the accelerator
     * borrows no silicon family's measurements and rules that depend on it refuse (see {@link
     * AcceleratorSpec#architecture()}). An NVIDIA architecture needs a {@link #computeCapability}.
     *
     * @param value the architecture
     * @return this builder
     */
    public Builder architecture(Architecture value) {
      this.architecture = value;
      return this;
    }

    /**
     * Sets the compute capability of an NVIDIA part (NVIDIA's CUDA GPUs page: {@code 9.0} for H100);
     * required with, and allowed only with, an NVIDIA {@link #architecture}, whose major versions it
     * must match.
     *
     * @param value the compute capability
     * @return this builder
     */
    public Builder computeCapability(ComputeCapability value) {
      this.computeCapability = value;
      return this;
    }

    /**
     * Returns the {@code AcceleratorSpec}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range, or a host link is named without
     *     a bandwidth (or the reverse), or a host memory bandwidth is given without a host link or at
     *     or above the host link's one-way rate, or a compute capability is missing beside an NVIDIA
     *     architecture, given beside another or outside the architecture's major versions
     * @throws IllegalStateException if a required value is not set
     */
    public AcceleratorSpec build() {
      return new AcceleratorSpec(
          required("id", id),
          required("name", name),
          required("vendor", vendor),
          densePeaks,
          required("memory", memory),
          required("memoryBandwidth", memoryBandwidth),
          scaleUpBandwidth,
          scaleUpDomain,
          scaleOutBandwidth,
          tdpWatts,
          required("source", source),
          computeUnits,
          scaleUpLink,
          hostLink,
          hostLinkBandwidth,
          hostMemoryBandwidth,
          architecture,
          computeCapability);
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on AcceleratorSpec.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof AcceleratorSpec o
          && Objects.equals(id, o.id)
          && Objects.equals(name, o.name)
          && Objects.equals(vendor, o.vendor)
          && Objects.equals(densePeaks, o.densePeaks)
          && Objects.equals(memory, o.memory)
          && Objects.equals(memoryBandwidth, o.memoryBandwidth)
          && Objects.equals(scaleUpBandwidth, o.scaleUpBandwidth)
          && scaleUpDomain == o.scaleUpDomain
          && Objects.equals(scaleOutBandwidth, o.scaleOutBandwidth)
          && Double.compare(tdpWatts, o.tdpWatts) == 0
          && Objects.equals(source, o.source)
          && computeUnits == o.computeUnits
          && scaleUpLink.equals(o.scaleUpLink)
          && hostLink.equals(o.hostLink)
          && hostLinkBandwidth.equals(o.hostLinkBandwidth)
          && hostMemoryBandwidth.equals(o.hostMemoryBandwidth)
          && architecture == o.architecture
          && Objects.equals(computeCapability, o.computeCapability);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(id);
    h = 31 * h + Objects.hashCode(name);
    h = 31 * h + Objects.hashCode(vendor);
    h = 31 * h + Objects.hashCode(densePeaks);
    h = 31 * h + Objects.hashCode(memory);
    h = 31 * h + Objects.hashCode(memoryBandwidth);
    h = 31 * h + Objects.hashCode(scaleUpBandwidth);
    h = 31 * h + Integer.hashCode(scaleUpDomain);
    h = 31 * h + Objects.hashCode(scaleOutBandwidth);
    h = 31 * h + Double.hashCode(tdpWatts);
    h = 31 * h + Objects.hashCode(source);
    h = 31 * h + Integer.hashCode(computeUnits);
    h = 31 * h + scaleUpLink.hashCode();
    h = 31 * h + hostLink.hashCode();
    h = 31 * h + hostLinkBandwidth.hashCode();
    h = 31 * h + hostMemoryBandwidth.hashCode();
    h = 31 * h + Objects.hashCode(architecture);
    h = 31 * h + Objects.hashCode(computeCapability);
    return h;
  }

  @Override
  public String toString() {
    return "AcceleratorSpec[id=" + id + ", name=" + name + ", vendor=" + vendor + ", densePeaks=" + densePeaks
        + ", memory=" + memory + ", memoryBandwidth=" + memoryBandwidth + ", scaleUpBandwidth=" + scaleUpBandwidth
        + ", scaleUpDomain=" + scaleUpDomain + ", scaleOutBandwidth=" + scaleOutBandwidth + ", tdpWatts=" + tdpWatts
        + ", source=" + source + ", computeUnits=" + computeUnits + ", scaleUpLink=" + scaleUpLink
        + ", hostLink=" + hostLink + ", hostLinkBandwidth=" + hostLinkBandwidth + ", hostMemoryBandwidth="
        + hostMemoryBandwidth + ", architecture=" + architecture + ", computeCapability=" + computeCapability + "]";
  }
}
