package dev.llmcost.core.hardware;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.internal.Require;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The datasheet of an accelerator: dense peak throughput per data type, memory, memory bandwidth,
 * links and power.
 *
 * <p>Peaks are the dense figures; the "with sparsity" figures of NVIDIA datasheets assume 2:4
 * structured sparsity and are never used. FP16 runs at the BF16 rate where the datasheet gives one
 * figure for both; FP8 E4M3 and E5M2 share the FP8 figure. How much of these peaks real kernels
 * reach is not a datasheet fact: the cost models in {@code llmcost-costmodel} apply a calibrated
 * efficiency profile per accelerator.
 *
 * @param id the catalog id, such as {@code h100-sxm}
 * @param name the marketing name
 * @param vendor the maker
 * @param densePeaks dense peak FLOP/s (or OP/s for integers) per data type
 * @param memory device memory (HBM or GDDR capacity; datasheet "GB" of HBM are binary: 80 GB HBM3
 *     is five 16 GiB stacks)
 * @param memoryBandwidth device memory bandwidth (SI, as datasheets quote it)
 * @param scaleUpBandwidth per-device bandwidth of the scale-up fabric (NVLink, Infinity Fabric,
 *     ICI), both directions together as datasheets quote it; zero when there is none
 * @param scaleUpDomain devices one scale-up fabric connects (8 in an HGX node, 72 in a GB200 NVL72
 *     rack, 1 for a PCIe card without a bridge)
 * @param scaleOutBandwidth per-device network bandwidth to other nodes, one direction (a 400 Gb/s
 *     NIC per GPU is 50 GB/s)
 * @param tdpWatts board power in watts; 0 when the vendor publishes none
 * @param source where the figures come from
 * @param computeUnits streaming multiprocessors (NVIDIA) or compute units (AMD) that the tiles of
 *     a GEMM are scheduled on, one tile per unit at a time (NVIDIA architecture whitepapers: A100
 *     108, H100 SXM5 132); 0 when unknown or when the matrix engines are not tiled that way (Gaudi,
 *     TPU)
 */
public record AcceleratorSpec(
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
    int computeUnits) {

  /**
   * Validates the datasheet and copies the peaks.
   *
   * @throws IllegalArgumentException if a required figure is missing or not positive
   */
  public AcceleratorSpec {
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
  }

  /**
   * Builds a datasheet without a compute-unit count ({@link #computeUnits()} 0: GEMM tiles are not
   * wave-quantized).
   *
   * @param id the catalog id
   * @param name the marketing name
   * @param vendor the maker
   * @param densePeaks dense peak FLOP/s per data type
   * @param memory device memory
   * @param memoryBandwidth device memory bandwidth
   * @param scaleUpBandwidth per-device scale-up bandwidth, both directions
   * @param scaleUpDomain devices one scale-up fabric connects
   * @param scaleOutBandwidth per-device network bandwidth, one direction
   * @param tdpWatts board power in watts
   * @param source where the figures come from
   * @throws IllegalArgumentException as the canonical constructor
   */
  public AcceleratorSpec(
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
      String source) {
    this(id, name, vendor, densePeaks, memory, memoryBandwidth, scaleUpBandwidth, scaleUpDomain, scaleOutBandwidth,
        tdpWatts, source, 0);
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
}
