package dev.llmcost.costmodel.internal.training;

/** A synthetic H100-like accelerator for unit tests of the evaluator's mechanisms: round numbers, no catalog. */
final class SyntheticHardware {
  private SyntheticHardware() {}

  /**
   * Returns 1 PFLOP/s matmul and attention peaks, 3 TB/s memory, 400 GB/s scale-up and 50 GB/s scale-out
   * links, 10/20 µs latencies, 8 GPUs per node, 80 GB, a 0.7 GEMM fraction with half-saturation
   * {@code halfSaturationDim}, and a 0.5 attention fraction with half-saturation at 1,000 tokens.
   */
  static HardwareConstants h100Like(double halfSaturationDim) {
    HardwareConstants hw = new HardwareConstants();
    hw.matmulPeak = 1e15;
    hw.attentionPeak = 1e15;
    hw.memoryBandwidth = 3e12;
    hw.scaleUpBandwidth = 4e11;
    hw.scaleOutBandwidth = 5e10;
    hw.latency = 1e-5;
    hw.interNodeLatency = 2e-5;
    hw.gpusPerNode = 8;
    hw.memoryCapacity = 80e9;
    hw.matmulPeakFraction = 0.7;
    hw.matmulPeakFraction16 = 0.7;
    hw.matmulHalfSaturationDim = halfSaturationDim;
    hw.attentionKernelFraction = 0.5;
    hw.attentionHalfSaturationSeq = 1000;
    return hw;
  }
}
