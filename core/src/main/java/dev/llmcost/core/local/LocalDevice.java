package dev.llmcost.core.local;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.internal.Require;

/**
 * A device a model runs on locally: memory, memory bandwidth, matrix throughput and, for a
 * discrete GPU, the host link that partial offload crosses.
 *
 * @param id the catalog id ({@code rtx-4090}, {@code m2-max}, {@code ryzen-9-7950x})
 * @param name the marketing name
 * @param vendor the maker
 * @param kind discrete GPU, unified-memory SoC or CPU
 * @param memory device memory (VRAM; the largest unified-memory configuration; a typical DRAM
 *     build for a CPU)
 * @param memoryBandwidth peak memory bandwidth (SI)
 * @param fp16 dense FP16 matrix throughput (tensor cores with FP32 accumulate; Apple GPU FP32 = FP16
 *     rate; CPU FP32 SIMD)
 * @param int8 dense INT8 matrix throughput (llama.cpp's quantized matmul kernels on CUDA use it)
 * @param hostLink host link bandwidth per direction (PCIe); zero for unified memory and CPUs
 * @param source where the figures come from
 */
public record LocalDevice(
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

  /**
   * Validates the figures.
   *
   * @throws IllegalArgumentException if memory, bandwidth or throughput is not positive
   */
  public LocalDevice {
    Require.nonBlank("id", id);
    Require.nonBlank("name", name);
    Require.nonBlank("source", source);
    if (memory.isZero()) {
      throw new IllegalArgumentException("memory of " + id + " must be > 0, was 0");
    }
    Require.positive("memoryBandwidth of " + id, memoryBandwidth.bytesPerSecond());
    Require.positive("fp16 of " + id, fp16.flopsPerSecond());
    Require.positive("int8 of " + id, int8.flopsPerSecond());
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
}
