package dev.llmcost.costmodel.local;

import dev.llmcost.core.internal.Require;

/**
 * The fitted efficiencies of the local model, named so a report can print them: the fraction of
 * peak memory bandwidth token generation reaches on a discrete GPU, on a unified-memory GPU and on
 * a CPU; a fixed time per generated token (kernel launches, synchronisation, sampling); and the
 * fraction of peak matrix throughput prompt processing reaches on each kind of device.
 *
 * <p>{@link #DEFAULT} holds the values {@code LocalBenchValidationTest} fits to the published
 * llama-bench results in {@code local-bench.csv} (least squares on log tokens/s, per device kind:
 * bandwidth fraction and per-token time by grid, ties to the smaller time; compute fraction in
 * closed form); the test re-runs the fit and checks these numbers. Every row of that table was
 * retrieved with its source (llama.cpp discussion 4167 for Apple M1–M4, the CUDA scoreboard
 * 15013, pull requests 4766, 7676, 7860, 7921, 8062, 8215, 15802 and 17505, the project's {@code
 * benches/mac-m2-ultra} file with depths to 32768, and five issue threads). The discrete-GPU pair
 * sits at the grid's edge (all of the bandwidth and 2.9 ms per token) because of the 2024-01 RTX
 * 3090 rows of pull request 4766, whose Q2_K and Q3_K_S kernels ran far below bandwidth; without
 * that source the same procedure gives 0.84 and 1.1 ms. The CPU fractions are not fitted (no CPU
 * rows on a catalogued CPU): 0.6 of DRAM bandwidth and 0.5 of
 * SIMD peak are assumptions a report prints.
 *
 * @param discreteBandwidth fraction of a discrete GPU's memory bandwidth reached by tg
 * @param discreteTokenSeconds fixed seconds per generated token on a discrete GPU
 * @param unifiedBandwidth fraction of a unified-memory SoC's bandwidth reached by tg on its GPU
 * @param unifiedTokenSeconds fixed seconds per generated token on a unified-memory GPU
 * @param cpuBandwidth fraction of DRAM bandwidth reached by tg on CPU cores (assumed)
 * @param discreteCompute fraction of a discrete GPU's matrix peak reached by pp
 * @param unifiedCompute fraction of a unified-memory GPU's peak reached by pp
 * @param cpuCompute fraction of a CPU's SIMD peak reached by pp (assumed)
 */
public record LocalProfile(
    double discreteBandwidth,
    double discreteTokenSeconds,
    double unifiedBandwidth,
    double unifiedTokenSeconds,
    double cpuBandwidth,
    double discreteCompute,
    double unifiedCompute,
    double cpuCompute) {

  /** The fitted profile (see the class comment). */
  public static final LocalProfile DEFAULT =
      new LocalProfile(1.0, 0.0029, 0.92, 0.006, 0.6, 0.23, 0.68, 0.5);

  /**
   * Validates the fractions.
   *
   * @throws IllegalArgumentException if a fraction is not in (0, 1] or the overhead is negative
   */
  public LocalProfile {
    fraction("discreteBandwidth", discreteBandwidth);
    fraction("unifiedBandwidth", unifiedBandwidth);
    fraction("cpuBandwidth", cpuBandwidth);
    Require.nonNegative("discreteTokenSeconds", discreteTokenSeconds);
    Require.nonNegative("unifiedTokenSeconds", unifiedTokenSeconds);
    fraction("discreteCompute", discreteCompute);
    fraction("unifiedCompute", unifiedCompute);
    fraction("cpuCompute", cpuCompute);
  }

  private static void fraction(String name, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + v);
    }
  }
}
